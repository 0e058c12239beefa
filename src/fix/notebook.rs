//! Fixing a Jupyter notebook: the passes of [`super::engine`] over the module its code
//! cells join into, each pass carried back into the cells and the notebook read again.
//!
//! - A pass makes only edits the cells can hold ([`crate::notebook::CellLayout`]): inside
//!   one code cell, never on a line IPython syntax was masked on. The linter offers no other
//!   fix for a notebook; an import removal a pass would add elsewhere is not made.
//! - The new module is split back into cells by moving each edit into its cell's source;
//!   only the changed cells' `source` values of the JSON are rewritten
//!   ([`crate::notebook::write_cell_sources`]): outputs, metadata, other cells, key order,
//!   indentation, line breaks and the final newline stay byte for byte.
//! - The rewritten notebook must read back as a notebook whose changed cells hold exactly
//!   the new sources and whose joined module is the fixed module (and parses); otherwise
//!   the file is left as it was, with an error naming why, and the run goes on.
//! - `--diff` shows the changed cells, each under `nb.ipynb:cell N`, not the JSON.

use std::path::Path;
use std::sync::Arc;

use super::apply::{apply_pass_within, Pass};
use super::engine::{
    applicable_fixes, broken_by, culprits, has_applicable_fix, rules_still_fixing, with_outcome,
    Destination, FileFixes, MAX_PASSES,
};
use super::settings::FixSettings;
use super::Fix;
use crate::linter::{FileReport, Linter};
use crate::notebook::{self, CellLayout, Notebook};
use crate::registry::RuleMeta;

/// [`super::engine::fix_file`] for a notebook whose contents were `bytes`.
pub fn fix_notebook(
    linter: &Linter,
    settings: &FixSettings,
    path: &Path,
    bytes: &[u8],
    mut first: FileReport,
    destination: Destination,
    settle: &dyn Fn(&mut FileReport),
) -> FileReport {
    let wants_bytes = destination == Destination::Memory;
    let unchanged = |report: FileReport, outcome: FileFixes| {
        with_outcome(report, outcome, wants_bytes.then(|| bytes.to_vec()))
    };
    if first.internal_error || !has_applicable_fix(&first, settings) {
        return unchanged(first, FileFixes::default());
    }
    // The linter read these bytes as a Python notebook, or it would have offered no fix.
    let (Ok(json), Ok(Some(original))) = (std::str::from_utf8(bytes), Notebook::parse(bytes))
    else {
        return unchanged(first, FileFixes::default());
    };
    // A report read from the cache lacks the cell index its findings need.
    if first.notebook.is_none() {
        first.notebook = Some(Arc::new(original.index.clone()));
    }
    let display = first.path.clone();
    let mut outcome = FileFixes::default();
    let mut json = json.to_string();
    let mut current = original.clone();
    let mut report: Option<FileReport> = None;
    for pass in 0.. {
        let latest = report.as_ref().unwrap_or(&first);
        let candidates: Vec<(&'static RuleMeta, &Fix)> = applicable_fixes(latest, settings);
        if candidates.is_empty() {
            break;
        }
        if pass == MAX_PASSES {
            outcome.unsettled = rules_still_fixing(&candidates);
            break;
        }
        let fixes: Vec<&Fix> = candidates.iter().map(|(_, fix)| *fix).collect();
        let layout = current.layout();
        let Some(applied) = apply_pass_within(&current.module, &fixes, &|e| layout.holds(e)) else {
            break;
        };
        if crate::parse::parse_module(&applied.text).is_err() {
            let culprits = culprits(&current.module, &candidates, &applied.applied);
            let report = broken_by(first, &culprits, "the fixed cells would not parse");
            return unchanged(report, FileFixes::default());
        }
        let (new_json, new_notebook) = match rewrite(&json, &layout, &applied) {
            Ok(rewritten) => rewritten,
            Err(reason) => {
                return unchanged(
                    first,
                    FileFixes {
                        error: Some(reason),
                        ..FileFixes::default()
                    },
                )
            }
        };
        for &index in &applied.applied {
            *outcome.applied.entry(candidates[index].0.code).or_default() += 1;
        }
        json = new_json;
        current = new_notebook;
        let mut next = linter.lint_contents(json.as_bytes(), path, display.clone());
        settle(&mut next);
        if next.internal_error {
            let rules: Vec<&'static RuleMeta> = applied
                .applied
                .iter()
                .map(|&index| candidates[index].0)
                .collect();
            let report = broken_by(first, &rules, "a rule failed on the fixed cells");
            return unchanged(report, FileFixes::default());
        }
        report = Some(next);
    }
    let Some(fixed_report) = report else {
        return unchanged(first, outcome);
    };
    match destination {
        Destination::Diff => {
            outcome.diff = Some(cell_diff(&display, &original, &current));
            with_outcome(fixed_report, outcome, None)
        }
        Destination::Memory => {
            if settings.mode == super::FixMode::Diff {
                outcome.diff = Some(cell_diff(&display, &original, &current));
            }
            with_outcome(fixed_report, outcome, Some(json.into_bytes()))
        }
        Destination::File => match super::write::replace_file(path, bytes, json.as_bytes()) {
            Ok(()) => with_outcome(fixed_report, outcome, None),
            Err(error) => {
                outcome.error = Some(error.0);
                outcome.applied.clear();
                outcome.unsettled.clear();
                with_outcome(first, outcome, None)
            }
        },
    }
}

/// The notebook's JSON with a pass's edits carried into its cells, and the notebook read
/// back from it. `Err` says why the notebook is left unchanged.
fn rewrite(json: &str, layout: &CellLayout<'_>, pass: &Pass) -> Result<(String, Notebook), String> {
    let changes = layout
        .apply(&pass.edits)
        .map_err(|reason| format!("{reason}; left unchanged"))?;
    let written = notebook::write_cell_sources(json, &changes)
        .map_err(|error| format!("{error}; left unchanged"))?;
    Notebook::parse(written.as_bytes())
        .ok()
        .flatten()
        .filter(|again| {
            again.module == pass.text
                && changes.iter().all(|(position, source)| {
                    again
                        .index
                        .cells
                        .iter()
                        .any(|cell| cell.position == *position && cell.source == *source)
                })
        })
        .map(|again| (written, again))
        .ok_or_else(|| {
            "the fixed notebook would not read back as written; left unchanged".to_string()
        })
}

/// The unified diff of each changed code cell, under `path:cell N`.
fn cell_diff(display: &str, before: &Notebook, after: &Notebook) -> String {
    before
        .index
        .cells
        .iter()
        .zip(&after.index.cells)
        .filter(|(old, new)| old.source != new.source)
        .map(|(old, new)| {
            super::diff::unified(
                &format!("{display}:cell {}", old.number),
                &old.source,
                &new.source,
            )
        })
        .collect()
}
