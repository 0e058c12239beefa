//! `--output-format rdjson`: reviewdog's diagnostic format (one `DiagnosticResult`
//! document), which reviewdog posts as review comments. Severities are `ERROR`, `WARNING`
//! and `INFO` (advice); each diagnostic carries its rule code and, with `--docs-url`, the
//! code's link. Positions are 1-based with columns in UTF-8 bytes, as the format defines
//! them (so the report needs the files' text). A notebook cell has no position in the file:
//! its diagnostics name the file alone and the message starts with the cell.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{Place, ReportOptions};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::linter::FileReport;
use crate::source::LineIndex;

pub(super) fn write(
    files: &[FileReport],
    options: &ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut diagnostics = Vec::new();
    for file in files {
        let text = file.source.as_deref().unwrap_or("");
        let lines = LineIndex::new(text);
        for d in &file.diagnostics {
            let place = Place::of(file, d);
            let mut code = json!({ "value": d.code() });
            if let Some(url) = options.docs_url(d.rule) {
                code["url"] = Value::String(url);
            }
            let mut location = json!({ "path": file.path });
            if place.cell.is_none() {
                location["range"] = json!({
                    "start": position(text, &lines, d, d.start, true),
                    "end": position(text, &lines, d, d.end, false),
                });
            }
            let mut message = format!("{}{}", place.message_prefix(), d.message);
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            diagnostics.push(json!({
                "message": message,
                "location": location,
                "severity": severity(d.severity),
                "code": code,
            }));
        }
    }
    let document = json!({
        "source": { "name": "pyexpert" },
        "diagnostics": diagnostics,
    });
    serde_json::to_writer_pretty(&mut *out, &document).map_err(io::Error::from)?;
    writeln!(out)
}

/// A position with its column in UTF-8 bytes: from the byte range when the text is there,
/// else (a file that does not decode) the character column, the best that is known.
fn position(text: &str, lines: &LineIndex, d: &Diagnostic, at: Location, start: bool) -> Value {
    let offset = if start {
        d.range.start()
    } else {
        d.range.end()
    };
    let offset = u32::from(offset) as usize;
    let column = if text.is_empty() || offset > text.len() {
        at.column as usize
    } else {
        let line = (at.line as usize)
            .saturating_sub(1)
            .min(lines.line_count().saturating_sub(1));
        offset.saturating_sub(lines.line_start(line)) + 1
    };
    json!({ "line": at.line, "column": column })
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Advice => "INFO",
    }
}
