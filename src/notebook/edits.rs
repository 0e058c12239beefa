//! Fix edits, made in the joined module, carried back into the cells they change.
//!
//! An edit lands in a notebook only when it stays inside one code cell and off the lines
//! IPython syntax was masked on (the module holds `pass` there, not what the cell says):
//!
//! - a replacement or deletion must cover lines of one cell, none of them masked;
//! - an insertion goes into the cell whose line it is placed on. At the start of a cell's
//!   first line, which is also the end of the cell before, it belongs to the cell it
//!   precedes (a decorator stays with its `def`), except for new import lines, which
//!   stay with the cell before (where fixes put them: after the module's leading imports,
//!   so in a notebook whose first cell is its imports, into that cell). In front of a
//!   masked line it may only go at the end of the cell before, so nothing is ever
//!   written in front of a `%%bash` or `%%timeit` line or inside a magic continued with
//!   a backslash; and never after a cell whose last line is masked (a `%%bash` body would
//!   swallow it). An import added at the top of the module thus goes where the module's
//!   imports are, after the docstring and `__future__` imports, as in any file; when the
//!   first code cell starts with a magic, the import has nowhere to go and the fix does
//!   not apply to the notebook;
//! - an insertion at the very end of the module goes at the end of the last code cell.
//!
//! The edits of one fix may land in different cells (an import in the first cell, its use
//! in a later one): the joined module is the cells in order, as a kernel runs them top to
//! bottom.
//!
//! Each edit is moved into its cell's own source by line and column: the lines it touches
//! are unmasked, so they are the same in the module and in the cell, and the masked lines
//! are never touched, so they come back exactly as the cell had them.

use std::collections::BTreeMap;

use super::Notebook;
use crate::fix::Edit;

/// Where each code cell sits in the module, in bytes.
#[derive(Debug, Clone)]
pub struct CellLayout<'n> {
    notebook: &'n Notebook,
    spans: Vec<CellSpan>,
}

#[derive(Debug, Clone)]
struct CellSpan {
    /// The module byte range of the cell, with the line break the module adds after a
    /// cell whose source does not end with one.
    start: usize,
    end: usize,
    /// Module offsets where each line of the cell starts.
    line_starts: Vec<usize>,
    /// Offsets in the cell's source where each line starts.
    source_line_starts: Vec<usize>,
    /// The module added a line break after the cell's source.
    added_newline: bool,
}

/// An edit placed in one cell: a byte range of the cell's source (with the module's added
/// line break, if any) and its replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CellEdit {
    cell: usize,
    start: usize,
    end: usize,
    content: String,
}

impl Notebook {
    /// Where each code cell sits in [`Notebook::module`].
    pub fn layout(&self) -> CellLayout<'_> {
        let mut spans = Vec::with_capacity(self.index.cells.len());
        let mut at = 0;
        for cell in &self.index.cells {
            let start = at;
            let added_newline = super::ends_without_newline(&cell.source);
            let mut in_module = cell.masked.clone();
            if added_newline {
                in_module.push('\n');
            }
            let mut line_starts = Vec::with_capacity(cell.masked_lines.len());
            for line in in_module.split_inclusive('\n') {
                line_starts.push(at);
                at += line.len();
            }
            debug_assert_eq!(line_starts.len(), cell.masked_lines.len());
            let mut source_line_starts = Vec::with_capacity(line_starts.len());
            let mut offset = 0;
            for line in cell.source.split_inclusive('\n') {
                source_line_starts.push(offset);
                offset += line.len();
            }
            spans.push(CellSpan {
                start,
                end: at,
                line_starts,
                source_line_starts,
                added_newline,
            });
        }
        debug_assert_eq!(at, self.module.len());
        CellLayout {
            notebook: self,
            spans,
        }
    }
}

impl CellLayout<'_> {
    /// Whether `edit` (in module bytes) can be made in the notebook's cells.
    pub fn holds(&self, edit: &Edit) -> bool {
        self.place(edit).is_some()
    }

    /// The new sources of the cells that `edits` (in module bytes, sorted, none conflicting)
    /// change, by the cells' positions in the notebook's `cells` array. `Err` names the
    /// first edit that has no place in the cells.
    pub fn apply(&self, edits: &[Edit]) -> Result<BTreeMap<usize, String>, String> {
        let mut per_cell: BTreeMap<usize, Vec<CellEdit>> = BTreeMap::new();
        for edit in edits {
            let placed = self.place(edit).ok_or_else(|| {
                format!(
                    "an edit at byte {} of the joined cells crosses a cell boundary or a magic line",
                    u32::from(edit.start())
                )
            })?;
            per_cell.entry(placed.cell).or_default().push(placed);
        }
        let mut changes = BTreeMap::new();
        for (index, mut edits) in per_cell {
            let cell = &self.notebook.index.cells[index];
            let span = &self.spans[index];
            edits.sort_by_key(|edit| (edit.start, edit.end));
            let mut text = cell.source.clone();
            if span.added_newline {
                text.push('\n');
            }
            let mut new = String::with_capacity(text.len() + 64);
            let mut copied = 0;
            for edit in &edits {
                new.push_str(&text[copied..edit.start]);
                new.push_str(&edit.content);
                copied = edit.end;
            }
            new.push_str(&text[copied..]);
            // The cell had no final line break: it still has none.
            if span.added_newline && new.ends_with('\n') {
                new.pop();
            }
            if new != cell.source {
                changes.insert(cell.position, new);
            }
        }
        Ok(changes)
    }

    fn place(&self, edit: &Edit) -> Option<CellEdit> {
        let start = u32::from(edit.start()) as usize;
        let end = u32::from(edit.end()) as usize;
        let (cell, start, end) = if edit.is_insertion() {
            let (cell, at) = self.insertion_point(start, &edit.content)?;
            (cell, at, at)
        } else {
            self.replacement_range(start, end)?
        };
        Some(CellEdit {
            cell,
            start,
            end,
            content: edit.content.clone(),
        })
    }

    /// The cell and source offset an insertion of `content` at module offset `at` goes to.
    fn insertion_point(&self, at: usize, content: &str) -> Option<(usize, usize)> {
        if at == self.notebook.module.len() {
            return self.end_of_cell_before(self.spans.len());
        }
        let index = self.cell_containing(at)?;
        let span = &self.spans[index];
        let line = line_of(&span.line_starts, at);
        let masked = self.is_masked(index, line);
        if at == span.start && (masked || only_imports(content)) {
            if let Some(before) = self.end_of_cell_before(index) {
                return Some(before);
            }
        }
        (!masked).then(|| (index, self.source_offset(index, line, at)))
    }

    /// The cell and source range a replacement of module bytes `start..end` changes.
    fn replacement_range(&self, start: usize, end: usize) -> Option<(usize, usize, usize)> {
        let index = self.cell_containing(start)?;
        let span = &self.spans[index];
        if end > span.end {
            return None;
        }
        let first = line_of(&span.line_starts, start);
        let last = line_of(&span.line_starts, end - 1);
        if (first..=last).any(|line| self.is_masked(index, line)) {
            return None;
        }
        let source_end = if end == span.end {
            self.source_length(index)
        } else {
            self.source_offset(index, line_of(&span.line_starts, end), end)
        };
        Some((index, self.source_offset(index, first, start), source_end))
    }

    /// The non-empty cell whose module bytes hold `at`.
    fn cell_containing(&self, at: usize) -> Option<usize> {
        let after = self.spans.partition_point(|span| span.start <= at);
        // Empty cells share their start with the next cell: take the last non-empty one.
        (0..after)
            .rev()
            .find(|&i| self.spans[i].start < self.spans[i].end)
            .filter(|&i| at < self.spans[i].end)
    }

    /// The end of the last non-empty cell before `index`, as an insertion point. Not after
    /// a masked last line: the body of a `%%bash` cell, or a magic continued with a
    /// backslash, would swallow what comes after it.
    fn end_of_cell_before(&self, index: usize) -> Option<(usize, usize)> {
        let before = (0..index)
            .rev()
            .find(|&i| self.spans[i].start < self.spans[i].end);
        match before {
            Some(cell) => {
                let last_line = self.spans[cell].line_starts.len().saturating_sub(1);
                (!self.is_masked(cell, last_line)).then(|| (cell, self.source_length(cell)))
            }
            // No code anywhere before: only an empty notebook's first code cell can hold it.
            None if self.notebook.module.is_empty() && !self.spans.is_empty() => Some((0, 0)),
            None => None,
        }
    }

    fn is_masked(&self, cell: usize, line: usize) -> bool {
        self.notebook.index.cells[cell]
            .masked_lines
            .get(line)
            .copied()
            .unwrap_or(true)
    }

    /// The source offset of module offset `at` on unmasked (or masked, at its start) `line`.
    fn source_offset(&self, cell: usize, line: usize, at: usize) -> usize {
        let span = &self.spans[cell];
        span.source_line_starts[line] + (at - span.line_starts[line])
    }

    /// The length of the cell's source with the module's added line break.
    fn source_length(&self, cell: usize) -> usize {
        let span = &self.spans[cell];
        self.notebook.index.cells[cell].source.len() + usize::from(span.added_newline)
    }
}

/// Whether `content` is whole lines of nothing but import statements.
fn only_imports(content: &str) -> bool {
    use rustpython_parser::ast::Stmt;
    content.ends_with('\n')
        && crate::parse::parse_module(content).is_ok_and(|parsed| {
            !parsed.body.is_empty()
                && parsed
                    .body
                    .iter()
                    .all(|stmt| matches!(stmt, Stmt::Import(_) | Stmt::ImportFrom(_)))
        })
}

/// The line (from 0) holding `at`, given each line's start.
fn line_of(line_starts: &[usize], at: usize) -> usize {
    line_starts
        .partition_point(|&start| start <= at)
        .saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustpython_parser::text_size::{TextRange, TextSize};

    /// A notebook of code cells with these sources (and one markdown cell first).
    fn notebook(sources: &[&str]) -> Notebook {
        let mut cells =
            vec![serde_json::json!({"cell_type": "markdown", "metadata": {}, "source": "# t"})];
        for source in sources {
            cells.push(serde_json::json!({
                "cell_type": "code", "metadata": {}, "outputs": [],
                "execution_count": null, "source": source,
            }));
        }
        let document =
            serde_json::json!({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5});
        Notebook::parse(document.to_string().as_bytes())
            .unwrap()
            .unwrap()
    }

    fn at(module: &str, needle: &str) -> u32 {
        module.find(needle).expect("in the module") as u32
    }

    fn replace(notebook: &Notebook, needle: &str, content: &str) -> Edit {
        let start = at(&notebook.module, needle);
        Edit::replacement(
            TextRange::new(start.into(), (start + needle.len() as u32).into()),
            content,
        )
    }

    fn apply(notebook: &Notebook, edits: &[Edit]) -> Result<BTreeMap<usize, String>, String> {
        notebook.layout().apply(edits)
    }

    #[test]
    fn replacements_land_in_their_cell_around_masked_lines() {
        let nb = notebook(&[
            "%matplotlib inline\nimport numpy as np",
            "",
            "x = [1]\n!ls\ny = [2]\n",
        ]);
        let edits = [
            replace(&nb, "[1]", "{1}"),
            replace(&nb, "[2]", "{2}"),
            replace(&nb, "numpy as np", "numpy"),
        ];
        let mut sorted = edits.to_vec();
        sorted.sort_by_key(|e| e.start());
        let changes = apply(&nb, &sorted).unwrap();
        assert_eq!(
            changes,
            BTreeMap::from([
                (1, "%matplotlib inline\nimport numpy".to_string()),
                (3, "x = {1}\n!ls\ny = {2}\n".to_string()),
            ])
        );
    }

    #[test]
    fn magic_lines_and_cell_boundaries_refuse_edits() {
        let nb = notebook(&["%%timeit\nf()\n", "a = 1\n", "b = 2"]);
        assert_eq!(nb.module, "\nf()\na = 1\nb = 2\n");
        let layout = nb.layout();
        // The masked `%%timeit` line (an empty line in the module).
        let magic_line = TextRange::new(0.into(), 1.into());
        assert!(!layout.holds(&Edit::replacement(magic_line, "x\n")));
        assert!(!layout.holds(&replace(&nb, "\nf()", "f()")));
        assert!(layout.holds(&replace(&nb, "f()", "g()")));
        // Across the boundary between two cells.
        assert!(!layout.holds(&replace(&nb, "a = 1\nb", "b")));
        // Deleting a whole cell's lines is within it.
        assert!(layout.holds(&replace(&nb, "a = 1\n", "")));
        // In front of a masked first line, with no cell before it: nowhere to go.
        assert!(!layout.holds(&Edit::insertion(TextSize::from(0), "import os\n")));
        // Nor after a cell whose last line is masked: `%%bash` would run it.
        let nb = notebook(&["%%bash\nls", "x = 1\n", "!echo \\"]);
        let layout = nb.layout();
        let x = at(&nb.module, "x = 1");
        assert!(!layout.holds(&Edit::insertion(TextSize::from(0), "import os\n")));
        assert!(layout.holds(&Edit::insertion(x.into(), "import os\n")));
        let end = TextSize::from(nb.module.len() as u32);
        assert!(!layout.holds(&Edit::insertion(end, "g()\n")));
    }

    #[test]
    fn insertions_at_cell_boundaries() {
        let nb = notebook(&["import os", "%%time\nf()\n", "def g(): pass"]);
        // In front of the masked `%%time`: at the end of the cell before (which had no
        // final line break and still has none).
        assert_eq!(nb.module, "import os\n\nf()\ndef g(): pass\n");
        let before_magic = Edit::insertion(at(&nb.module, "\nf()").into(), "import sys\n");
        // In front of a cell's first line: in that cell (a decorator stays with its def).
        let decorator = Edit::insertion(at(&nb.module, "def").into(), "@deco\n");
        // At the end of the module: the end of the last cell.
        let at_end = Edit::insertion(TextSize::from(nb.module.len() as u32), "g()\n");
        let changes = apply(&nb, &[before_magic, decorator.clone(), at_end]).unwrap();
        assert_eq!(
            changes,
            BTreeMap::from([
                (1, "import os\nimport sys".to_string()),
                (3, "@deco\ndef g(): pass\ng()".to_string()),
            ])
        );
        // A new import line at a boundary stays with the cell before; other code does not.
        let nb = notebook(&["import os\n", "def g(): pass\n"]);
        let boundary = TextSize::from(at(&nb.module, "def"));
        let import = Edit::insertion(boundary, "from functools import wraps\n");
        let call = Edit::insertion(boundary, "g()\n");
        assert_eq!(
            apply(&nb, &[import]).unwrap(),
            BTreeMap::from([(1, "import os\nfrom functools import wraps\n".to_string())])
        );
        assert_eq!(
            apply(&nb, &[call]).unwrap(),
            BTreeMap::from([(2, "g()\ndef g(): pass\n".to_string())])
        );
    }

    #[test]
    fn crlf_and_unicode_cells_keep_their_bytes() {
        let nb = notebook(&["s = 'é'\r\n%env A=1\r\nx = [1]\r\n"]);
        let changes = apply(&nb, &[replace(&nb, "[1]", "{1}")]).unwrap();
        assert_eq!(changes[&1], "s = 'é'\r\n%env A=1\r\nx = {1}\r\n");
        assert_eq!(nb.module, "s = 'é'\r\npass\r\nx = [1]\r\n");
        let refused = apply(&nb, &[replace(&nb, "pass", "x")]);
        assert!(refused.unwrap_err().contains("magic line"));
    }
}
