//! `--output-format json`: one document, documented in README.md ("JSON output").
//! It carries no timing, so the same input always gives byte-identical output.

use std::io::{self, Write};

use serde::Serialize;

use super::{Place, ReportOptions, Summary};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::linter::FileReport;

/// Bumped whenever a field changes meaning or disappears (adding fields does not bump it).
pub const JSON_FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'r> {
    version: u32,
    tool: Tool,
    diagnostics: Vec<JsonDiagnostic<'r>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

/// One diagnostic as both JSON formats write it.
#[derive(Serialize)]
pub(super) struct JsonDiagnostic<'r> {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    message: &'r str,
    help: Option<&'r str>,
    path: &'r str,
    /// In a notebook, the cell (from 1, among all cells); `start` and `end` are then
    /// within it. `null` in other files.
    cell: Option<u32>,
    start: Location,
    end: Location,
    question: Option<JsonQuestion>,
    url: Option<String>,
    fix: Option<JsonFix<'r>>,
}

/// A diagnostic's fix: what applying it alone does.
#[derive(Serialize)]
struct JsonFix<'r> {
    applicability: crate::fix::Applicability,
    message: &'r str,
    edits: Vec<JsonEdit<'r>>,
}

#[derive(Serialize)]
struct JsonEdit<'r> {
    content: &'r str,
    start: Location,
    end: Location,
}

#[derive(Serialize)]
struct JsonQuestion {
    number: u8,
    title: &'static str,
}

#[derive(Serialize)]
struct JsonSummary {
    files_checked: usize,
    total: usize,
    errors: usize,
    warnings: usize,
    advice: usize,
}

impl<'r> JsonDiagnostic<'r> {
    pub(super) fn new(file: &'r FileReport, d: &'r Diagnostic, options: &ReportOptions) -> Self {
        let place = Place::of(file, d);
        JsonDiagnostic {
            code: d.code(),
            name: d.name(),
            severity: d.severity,
            message: &d.message,
            help: d.help.as_deref(),
            path: &file.path,
            cell: place.cell,
            start: place.start,
            end: place.end,
            question: d.question().map(|q| JsonQuestion {
                number: q.number(),
                title: q.title(),
            }),
            url: options.docs_url(d.rule),
            // A notebook's fix edits are in the module its code cells join into, which is
            // no text a consumer has: `null`, though `--fix` applies it (to the cells).
            fix: d
                .fix
                .as_ref()
                .filter(|_| place.cell.is_none())
                .map(|fix| JsonFix {
                    applicability: fix.fix.applicability,
                    message: &fix.fix.message,
                    edits: fix
                        .shown
                        .iter()
                        .map(|shown| JsonEdit {
                            content: &shown.edit.content,
                            start: shown.start,
                            end: shown.end,
                        })
                        .collect(),
                }),
        }
    }
}

pub(super) fn write(
    files: &[FileReport],
    options: &ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let diagnostics = files
        .iter()
        .flat_map(|file| file.diagnostics.iter().map(move |d| (file, d)))
        .map(|(file, d)| JsonDiagnostic::new(file, d, options))
        .collect();
    let summary = Summary::of(files);
    let document = Document {
        version: JSON_FORMAT_VERSION,
        tool: Tool {
            name: "pyexpert",
            version: env!("CARGO_PKG_VERSION"),
        },
        diagnostics,
        summary: JsonSummary {
            files_checked: summary.files_checked,
            total: summary.total(),
            errors: summary.errors,
            warnings: summary.warnings,
            advice: summary.advice,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &document).map_err(io::Error::from)?;
    writeln!(out)
}
