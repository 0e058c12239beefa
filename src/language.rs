//! What kind of file a path is, and so how it is read: Python source (`.py`), a stub
//! (`.pyi`), a Jupyter notebook (`.ipynb`), or a `pyproject.toml`. The `extension` setting
//! (`--extension pyw:python`) maps more extensions to a language, as Ruff's does.

use std::collections::BTreeMap;
use std::path::Path;

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    Python,
    Stub,
    Notebook,
    /// A `pyproject.toml` (by name, never by extension).
    PyProject,
}

impl Language {
    /// The name written in `extension` settings.
    pub fn parse(name: &str) -> Option<Language> {
        match name.trim().to_ascii_lowercase().as_str() {
            "python" | "py" => Some(Language::Python),
            "pyi" | "stub" => Some(Language::Stub),
            "ipynb" | "notebook" | "jupyter" => Some(Language::Notebook),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::Stub => "pyi",
            Language::Notebook => "ipynb",
            Language::PyProject => "pyproject",
        }
    }
}

/// Extensions (without the dot) checked beyond `.py`, `.pyi` and `.ipynb`, or checked as
/// another language than their own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ExtensionMap {
    extra: BTreeMap<String, Language>,
}

impl ExtensionMap {
    /// Parses `EXT:LANGUAGE` (`pyw:python`; a leading dot is allowed).
    pub fn parse_pair(text: &str) -> Result<(String, Language), String> {
        let (extension, language) = text
            .split_once(':')
            .ok_or_else(|| format!("extension: `{text}` is not EXT:LANGUAGE (try `pyw:python`)"))?;
        let language = Language::parse(language).ok_or_else(|| {
            format!("extension: `{language}` is not a language (python, pyi or ipynb)")
        })?;
        Ok((normalize(extension), language))
    }

    pub fn insert(&mut self, extension: &str, language: Language) {
        self.extra.insert(normalize(extension), language);
    }

    pub fn is_empty(&self) -> bool {
        self.extra.is_empty()
    }

    /// The entries, for display.
    pub fn entries(&self) -> impl Iterator<Item = (&str, Language)> {
        self.extra.iter().map(|(e, l)| (e.as_str(), *l))
    }

    /// The language of a file a directory walk reaches, or `None` when the walk skips it.
    pub fn language_of(&self, path: &Path) -> Option<Language> {
        if crate::pyproject::is_pyproject(path) {
            return Some(Language::PyProject);
        }
        let extension = path.extension()?.to_str()?;
        if let Some(language) = self.extra.get(extension) {
            return Some(*language);
        }
        match extension {
            "py" => Some(Language::Python),
            "pyi" => Some(Language::Stub),
            "ipynb" => Some(Language::Notebook),
            _ => None,
        }
    }

    /// The language of a file that is checked whatever its name (named on the command
    /// line, or given on standard input): Python unless its extension says otherwise.
    pub fn language_of_named(&self, path: &Path) -> Language {
        self.language_of(path).unwrap_or(Language::Python)
    }
}

fn normalize(extension: &str) -> String {
    extension.trim().trim_start_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_extensions() {
        let mut map = ExtensionMap::default();
        let (extension, language) = ExtensionMap::parse_pair(".pyw:python").unwrap();
        map.insert(&extension, language);
        map.insert("nb", Language::Notebook);
        assert_eq!(map.language_of(Path::new("a.pyw")), Some(Language::Python));
        assert_eq!(map.language_of(Path::new("a.nb")), Some(Language::Notebook));
        assert_eq!(
            map.language_of(Path::new("a.ipynb")),
            Some(Language::Notebook)
        );
        assert_eq!(map.language_of(Path::new("a.txt")), None);
        assert_eq!(
            map.language_of(Path::new("x/pyproject.toml")),
            Some(Language::PyProject)
        );
        assert_eq!(map.language_of_named(Path::new("script")), Language::Python);
        assert!(ExtensionMap::parse_pair("pyw").is_err());
        assert!(ExtensionMap::parse_pair("pyw:rust").is_err());
    }
}
