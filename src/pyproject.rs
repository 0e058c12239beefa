//! `pyproject.toml` files as lint inputs: the TOML is parsed (a file that is not valid TOML
//! gets PX0000 with the parser's position and message), and rules that check project files
//! look at the document.

use rustpython_parser::text_size::{TextRange, TextSize};

/// A parsed `pyproject.toml`, as rules see it.
pub struct PyProjectFile<'a> {
    /// The path as reports show it.
    pub path: &'a str,
    pub text: &'a str,
    pub document: &'a toml::Table,
}

impl PyProjectFile<'_> {
    /// The `[name]` header line of a table (`[project]`, `[build-system]`), if the file
    /// declares the table with a header.
    pub fn table_header(&self, name: &str) -> Option<TextRange> {
        let mut offset = 0usize;
        for line in self.text.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            let trimmed = content.trim();
            let header = trimmed
                .strip_prefix('[')
                .and_then(|rest| rest.split_once(']'))
                .filter(|(inner, after)| {
                    !inner.starts_with('[')
                        && inner.trim() == name
                        && (after.trim().is_empty() || after.trim_start().starts_with('#'))
                });
            if header.is_some() {
                let start = offset + (content.len() - content.trim_start().len());
                let end = start + trimmed.find(']').map_or(trimmed.len(), |i| i + 1);
                return Some(TextRange::new(
                    TextSize::from(start as u32),
                    TextSize::from(end as u32),
                ));
            }
            offset += line.len();
        }
        None
    }

    /// The first line (for findings about the file as a whole).
    pub fn first_line(&self) -> TextRange {
        let end = self.text.find(['\n', '\r']).unwrap_or(self.text.len());
        TextRange::new(TextSize::default(), TextSize::from(end as u32))
    }
}

/// Why a `pyproject.toml` could not be read as TOML, and where.
pub struct TomlError {
    pub offset: usize,
    pub message: String,
}

/// Parses a `pyproject.toml`'s text.
pub fn parse(text: &str) -> Result<toml::Table, TomlError> {
    toml::from_str(text).map_err(|error| TomlError {
        offset: error.span().map_or(0, |span| span.start),
        message: format!("invalid TOML: {}", error.message().trim()),
    })
}

/// Whether a path names a `pyproject.toml`.
pub fn is_pyproject(path: &std::path::Path) -> bool {
    path.file_name()
        .is_some_and(|name| name == "pyproject.toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_table_headers() {
        let text = "[build-system]\nrequires = []\n\n  [project]  # metadata\nname = 'x'\n[[project.authors]]\n";
        let document = parse(text).unwrap_or_else(|e| panic!("{}", e.message));
        let file = PyProjectFile {
            path: "pyproject.toml",
            text,
            document: &document,
        };
        let range = file.table_header("project").unwrap();
        assert_eq!(&text[range], "[project]");
        assert!(file.table_header("tool").is_none());
        assert_eq!(&text[file.first_line()], "[build-system]");
    }

    #[test]
    fn invalid_toml_says_where() {
        let error = parse("[project]\nname = \n").err().unwrap();
        assert!(
            error.message.starts_with("invalid TOML"),
            "{}",
            error.message
        );
        assert_eq!(error.offset, "[project]\nname = ".len());
    }
}
