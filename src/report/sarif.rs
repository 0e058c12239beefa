//! `--output-format sarif`: a SARIF 2.1.0 log, the format GitHub code scanning and most
//! security dashboards import. The run's `rules` array describes the rules its results
//! reference, in code order (name, short description, the rule's page as help, the help URI
//! when `docs-url` is configured; the whole catalog is `pyexpert rules --output-format
//! json`); results point at their rule by id and index. Severities map to levels: error to
//! `error`, warning to `warning`, advice to `note`. A notebook cell has no region in the
//! file: its results are at line 1, with the cell, line and column in the message and in
//! the result's properties.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{Place, ReportOptions};
use crate::diagnostic::Severity;
use crate::linter::FileReport;
use crate::registry::{self, RuleMeta};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub(super) fn write(
    files: &[FileReport],
    options: &ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    // Only the rules results reference: a log of four findings stays a few kilobytes.
    let referenced: std::collections::BTreeSet<&'static str> = files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .map(|d| d.code())
        .collect();
    let metas: Vec<&'static RuleMeta> = registry::all()
        .filter(|meta| referenced.contains(meta.code))
        .collect();
    let rules: Vec<Value> = metas.iter().map(|meta| rule(meta, options)).collect();
    let mut results = Vec::new();
    for file in files {
        for d in &file.diagnostics {
            let index = metas
                .iter()
                .position(|meta| std::ptr::eq(*meta, d.rule))
                .expect("every diagnostic's rule is registered");
            let place = Place::of(file, d);
            let mut text = format!("{}{}", place.message_prefix(), d.message);
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let region = match place.cell {
                Some(_) => json!({ "startLine": 1 }),
                None => json!({
                    "startLine": d.start.line,
                    "startColumn": d.start.column,
                    "endLine": d.end.line,
                    "endColumn": d.end.column,
                }),
            };
            let mut result = json!({
                "ruleId": d.code(),
                "ruleIndex": index,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&file.path) },
                        "region": region,
                    }
                }],
            });
            if let Some(cell) = place.cell {
                result["properties"] = json!({
                    "notebookCell": cell,
                    "cellLine": place.start.line,
                    "cellColumn": place.start.column,
                });
            }
            // A notebook cell has no region in the file to replace: no fix object.
            if let Some(fix) = d.fix.as_ref().filter(|_| place.cell.is_none()) {
                result["fixes"] = json!([fix_object(&file.path, fix)]);
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "pyexpert",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            // Columns count characters (code points), as in every other format.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::from)?;
    writeln!(out)
}

fn rule(meta: &RuleMeta, options: &ReportOptions) -> Value {
    let mut rule = json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": { "text": meta.summary },
        // The page once, as markdown (what code-scanning views render); viewers of plain
        // text get the summary and where the page is.
        "help": {
            "text": format!("{}\n\nThe rule's page: `pyexpert rule {}`.", meta.summary, meta.code),
            "markdown": meta.doc,
        },
        "defaultConfiguration": { "level": level(meta.severity) },
        "properties": {
            "tags": meta.question.map(|q| vec![q.to_string()]).unwrap_or_default(),
            "opt-in": meta.opt_in,
        },
    });
    if let Some(url) = options.docs_url(meta) {
        rule["helpUri"] = Value::String(url);
    }
    rule
}

/// A SARIF `fix`: the edits as replacements in the one file they change. An insertion is
/// a replacement of an empty region.
fn fix_object(path: &str, fix: &crate::diagnostic::DiagnosticFix) -> Value {
    let replacements: Vec<Value> = fix
        .shown
        .iter()
        .map(|shown| {
            json!({
                "deletedRegion": {
                    "startLine": shown.start.line,
                    "startColumn": shown.start.column,
                    "endLine": shown.end.line,
                    "endColumn": shown.end.column,
                },
                "insertedContent": { "text": shown.edit.content },
            })
        })
        .collect();
    json!({
        "description": { "text": fix.fix.message },
        "artifactChanges": [{
            "artifactLocation": { "uri": uri(path) },
            "replacements": replacements,
        }],
        "properties": { "applicability": fix.fix.applicability.as_str() },
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "note",
    }
}

/// A path as a URI reference: forward slashes, `file://` for absolute paths, and the
/// characters that would end or break a URI percent-encoded.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut encoded = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '%' | ' ' | '#' | '?' | '[' | ']' | '"' | '<' | '>' | '`' | '{' | '}' | '|' | '^' => {
                let mut buffer = [0u8; 4];
                for byte in c.encode_utf8(&mut buffer).bytes() {
                    encoded.push_str(&format!("%{byte:02X}"));
                }
            }
            c if c.is_control() => {
                let mut buffer = [0u8; 4];
                for byte in c.encode_utf8(&mut buffer).bytes() {
                    encoded.push_str(&format!("%{byte:02X}"));
                }
            }
            c => encoded.push(c),
        }
    }
    if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("src/app.py"), "src/app.py");
        assert_eq!(uri("my dir/50%.py"), "my%20dir/50%25.py");
        assert_eq!(uri("/abs/x.py"), "file:///abs/x.py");
        assert_eq!(uri("win\\path.py"), "win/path.py");
    }
}
