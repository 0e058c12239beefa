//! Jupyter notebooks (`.ipynb`, nbformat 4): the code cells joined into one module (markdown
//! and raw cells skipped, IPython syntax masked by [`magics`]), so a name defined in one
//! cell is known in the next, as in the kernel. Findings are mapped back to their cell and
//! the line within it; cells are numbered among all cells, from 1, as notebook editors
//! number them. Fix edits, made in the module, are carried back into the cells by
//! [`edits`] (which also says which edits a notebook can hold), and writing back
//! ([`write_cell_sources`]) replaces the `source` of the cells that changed and leaves
//! every other byte of the file alone.

mod edits;
mod json_spans;
mod magics;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostic::Location;

pub use edits::CellLayout;

/// A notebook read for checking.
#[derive(Debug, Clone)]
pub struct Notebook {
    /// The code cells joined into one module, IPython syntax masked; each cell ends with
    /// a line break, and every cell line is one module line.
    pub module: String,
    pub index: NotebookIndex,
}

/// Where each code cell sits in the joined module, with its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotebookIndex {
    pub cells: Vec<CodeCell>,
}

/// One code cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeCell {
    /// Its number among all the notebook's cells, from 1.
    pub number: u32,
    /// Its position in the notebook's `cells` array, from 0.
    pub position: usize,
    /// The module line (from 1) of its first line.
    pub first_line: u32,
    pub line_count: u32,
    /// The source as the notebook stores it.
    pub source: String,
    /// The source with IPython syntax masked: the same lines, as the module holds them.
    pub masked: String,
    /// Which lines were masked.
    pub masked_lines: Vec<bool>,
}

/// Why a file is not a notebook pyexpert can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotebookError {
    /// Not JSON; 1-based line and column of the problem in the file.
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON, but not an nbformat 4 notebook.
    Format(String),
}

impl std::fmt::Display for NotebookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotebookError::Json { message, .. } => {
                write!(f, "the notebook is not valid JSON: {message}")
            }
            NotebookError::Format(message) => f.write_str(message),
        }
    }
}

impl Notebook {
    /// Reads a notebook. `Ok(None)` for a notebook whose kernel is not Python (checked
    /// as clean: its cells are not Python).
    pub fn parse(bytes: &[u8]) -> Result<Option<Notebook>, NotebookError> {
        let document: Value =
            serde_json::from_slice(bytes).map_err(|error| NotebookError::Json {
                line: error.line(),
                column: error.column(),
                message: error.to_string(),
            })?;
        let format = document.get("nbformat").and_then(Value::as_u64);
        if format.is_some_and(|major| major < 4) {
            return Err(NotebookError::Format(format!(
                "an nbformat {} notebook; pyexpert reads nbformat 4 (convert it with `jupyter nbconvert --to notebook --inplace`)",
                format.unwrap_or_default()
            )));
        }
        if !is_python(&document) {
            return Ok(None);
        }
        let cells = document
            .get("cells")
            .and_then(Value::as_array)
            .ok_or_else(|| NotebookError::Format("the notebook has no `cells` list".into()))?;
        let mut module = String::new();
        let mut index = NotebookIndex::default();
        let mut next_line = 1u32;
        for (position, cell) in cells.iter().enumerate() {
            if cell.get("cell_type").and_then(Value::as_str) != Some("code") {
                continue;
            }
            let source = cell_source(cell).ok_or_else(|| {
                NotebookError::Format(format!(
                    "cell {}: `source` is neither a string nor a list of strings",
                    position + 1
                ))
            })?;
            let (masked, masked_lines) = magics::mask(&source);
            let line_count = masked_lines.len() as u32;
            module.push_str(&masked);
            // Decided by the source: a masked last line may be empty (`%%bash\necho hi`
            // masks to "\n" and ""), and it is still a line of the cell.
            if ends_without_newline(&source) {
                module.push('\n');
            }
            index.cells.push(CodeCell {
                number: position as u32 + 1,
                position,
                first_line: next_line,
                line_count,
                source,
                masked,
                masked_lines,
            });
            next_line += line_count;
        }
        Ok(Some(Notebook { module, index }))
    }
}

/// Whether a cell's source has a last line without a line break, which the joined module
/// adds so the next cell starts on a line of its own.
fn ends_without_newline(source: &str) -> bool {
    !source.is_empty() && !source.ends_with('\n')
}

/// Whether the kernel is Python (or does not say).
fn is_python(document: &Value) -> bool {
    let metadata = document.get("metadata");
    let language = metadata
        .and_then(|m| m.get("language_info"))
        .and_then(|info| info.get("name"))
        .or_else(|| {
            metadata
                .and_then(|m| m.get("kernelspec"))
                .and_then(|spec| spec.get("language"))
        })
        .and_then(Value::as_str);
    language.is_none_or(|name| name.eq_ignore_ascii_case("python"))
}

/// A cell's source: a string, or a list of strings to join (how nbformat stores lines).
fn cell_source(cell: &Value) -> Option<String> {
    match cell.get("source")? {
        Value::String(text) => Some(text.clone()),
        Value::Array(parts) => parts
            .iter()
            .map(|part| part.as_str())
            .collect::<Option<Vec<&str>>>()
            .map(|parts| parts.concat()),
        _ => None,
    }
}

impl NotebookIndex {
    /// The code cell holding a module line.
    pub fn cell_at(&self, module_line: u32) -> Option<&CodeCell> {
        let after = self
            .cells
            .partition_point(|cell| cell.first_line <= module_line);
        let cell = self.cells.get(after.checked_sub(1)?)?;
        (module_line < cell.first_line + cell.line_count.max(1)).then_some(cell)
    }

    /// A module location as (cell number, location within the cell). A location past the
    /// last line (the end of the module) belongs to the end of the last non-empty cell.
    pub fn locate(&self, location: Location) -> Option<(u32, Location)> {
        if let Some(cell) = self.cell_at(location.line) {
            let line = location.line - cell.first_line + 1;
            return Some((
                cell.number,
                Location {
                    line,
                    column: location.column,
                },
            ));
        }
        let last = self.cells.iter().rev().find(|cell| cell.line_count > 0)?;
        let last_line = last.source.split_inclusive('\n').next_back().unwrap_or("");
        Some((
            last.number,
            Location {
                line: last.line_count,
                column: last_line.trim_end_matches(['\n', '\r']).chars().count() as u32 + 1,
            },
        ))
    }
}

/// Writes new sources for some cells back into the notebook's JSON text. `changes` maps a
/// cell's position in the `cells` array (from 0) to its new source. Only those cells'
/// `source` values change; every other byte stays as it was, and a changed value keeps its
/// layout (a list of lines stays a list, indented as before; a string stays a string).
/// This is how `--add-noqa` (and any later rewrite of cells) saves a notebook.
pub fn write_cell_sources(
    json: &str,
    changes: &BTreeMap<usize, String>,
) -> Result<String, NotebookError> {
    let spans = json_spans::source_spans(json)
        .ok_or_else(|| NotebookError::Format("no `cells` list to write into".into()))?;
    let mut result = String::with_capacity(json.len() + 256);
    let mut copied = 0;
    for (&position, source) in changes {
        let span = spans.get(position).cloned().flatten().ok_or_else(|| {
            NotebookError::Format(format!("cell {} has no `source`", position + 1))
        })?;
        result.push_str(&json[copied..span.start]);
        result.push_str(&encode_source(json, span.clone(), source));
        copied = span.end;
    }
    result.push_str(&json[copied..]);
    Ok(result)
}

/// `source` as a JSON value laid out like the one it replaces.
fn encode_source(json: &str, span: std::ops::Range<usize>, source: &str) -> String {
    let old = &json[span.clone()];
    let quote = |text: &str| serde_json::to_string(text).expect("a string always serialises");
    if old.starts_with('"') {
        return quote(source);
    }
    let lines: Vec<String> = source.split_inclusive('\n').map(quote).collect();
    if lines.is_empty() {
        return "[]".into();
    }
    let inner = &old[1..old.len() - 1];
    // The file's own line break (a notebook saved on Windows may use CRLF).
    let newline = if json.contains("\r\n") { "\r\n" } else { "\n" };
    let line_start = json[..span.start].rfind('\n').map_or(0, |n| n + 1);
    let key_indent: String = json[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let (element_indent, closing_indent) = if inner.trim().is_empty() {
        // `[]` gives no layout to copy: nbformat's (one more space than the key).
        (format!("{key_indent} "), key_indent)
    } else if let Some(first_break) = inner
        .find(|c: char| !c.is_whitespace())
        .and_then(|first| inner[..first].rfind('\n'))
    {
        let first = inner
            .find(|c: char| !c.is_whitespace())
            .expect("found above");
        let element = inner[first_break + 1..first].to_string();
        let closing = inner
            .rfind('\n')
            .map(|last| inner[last + 1..].to_string())
            .unwrap_or_default();
        (element, closing)
    } else {
        // All on one line.
        return format!("[{}]", lines.join(", "));
    };
    format!(
        "[{newline}{element_indent}{}{newline}{closing_indent}]",
        lines.join(&format!(",{newline}{element_indent}"))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTEBOOK: &str = r##"{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": [
    "# Title"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {},
   "outputs": [],
   "source": [
    "%matplotlib inline\n",
    "import numpy as np"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": []
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": "x = np.zeros(3)\nfor v in x:\n    pass"
  }
 ],
 "metadata": {"language_info": {"name": "python"}},
 "nbformat": 4,
 "nbformat_minor": 5
}
"##;

    #[test]
    fn joins_code_cells_and_maps_lines_back() {
        let notebook = Notebook::parse(NOTEBOOK.as_bytes()).unwrap().unwrap();
        assert_eq!(
            notebook.module,
            "pass\nimport numpy as np\nx = np.zeros(3)\nfor v in x:\n    pass\n"
        );
        let cells: Vec<(u32, u32, u32)> = notebook
            .index
            .cells
            .iter()
            .map(|c| (c.number, c.first_line, c.line_count))
            .collect();
        assert_eq!(cells, [(2, 1, 2), (3, 3, 0), (4, 3, 3)]);
        // A cell magic's body masks to empty lines; the last one is still a line.
        let bash = NOTEBOOK.replace("\"source\": []", "\"source\": [\"%%bash\\n\", \"echo hi\"]");
        let with_bash = Notebook::parse(bash.as_bytes()).unwrap().unwrap();
        let first_lines: Vec<(u32, u32)> = with_bash
            .index
            .cells
            .iter()
            .map(|c| (c.first_line, c.line_count))
            .collect();
        assert_eq!(first_lines, [(1, 2), (3, 2), (5, 3)]);
        assert_eq!(with_bash.module.lines().nth(4), Some("x = np.zeros(3)"));
        let at = |line, column| notebook.index.locate(Location { line, column });
        assert_eq!(at(2, 8), Some((2, Location { line: 2, column: 8 })));
        assert_eq!(at(4, 1), Some((4, Location { line: 2, column: 1 })));
        assert_eq!(
            at(6, 1),
            Some((4, Location { line: 3, column: 9 })),
            "end of the module"
        );
    }

    #[test]
    fn other_kernels_and_formats() {
        let r = NOTEBOOK.replace("\"name\": \"python\"", "\"name\": \"R\"");
        assert!(Notebook::parse(r.as_bytes()).unwrap().is_none());
        let old = "{\"nbformat\": 3, \"worksheets\": []}";
        assert!(matches!(
            Notebook::parse(old.as_bytes()),
            Err(NotebookError::Format(_))
        ));
        match Notebook::parse(b"{\n  \"cells\": [,]\n}") {
            Err(NotebookError::Json { line, .. }) => assert_eq!(line, 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn writes_back_only_the_changed_sources_in_their_layout() {
        let changes = BTreeMap::from([
            (
                1,
                "%matplotlib inline\nimport numpy as np  # noqa: PX0101".to_string(),
            ),
            (3, "x = 1\n".to_string()),
        ]);
        let written = write_cell_sources(NOTEBOOK, &changes).unwrap();
        let expected = NOTEBOOK
            .replace(
                "    \"import numpy as np\"\n",
                "    \"import numpy as np  # noqa: PX0101\"\n",
            )
            .replace(
                "\"source\": \"x = np.zeros(3)\\nfor v in x:\\n    pass\"",
                "\"source\": \"x = 1\\n\"",
            );
        assert_eq!(written, expected);
        let empty = BTreeMap::from([(2, "a = 1\nb = 2".to_string())]);
        let written = write_cell_sources(NOTEBOOK, &empty).unwrap();
        assert!(
            written.contains("   \"source\": [\n    \"a = 1\\n\",\n    \"b = 2\"\n   ]\n"),
            "{written}"
        );
    }
}
