//! The rule catalog for people and tools: `pyexpert rule CODE` and `pyexpert rule --all`
//! print pages; `--output-format json` (on `rule` and `rules`) gives every field of each
//! rule with its page, for editors, dashboards and documentation generators.

use std::io::{self, Write};

use serde::Serialize;

use crate::cli::{CatalogFormat, RuleArgs};
use crate::commands::EXIT_CLEAN;
use crate::diagnostic::Severity;
use crate::registry::{self, RuleMeta};

/// One rule as the JSON catalog describes it.
#[derive(Serialize)]
struct CatalogEntry {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    question: Option<CatalogQuestion>,
    /// Runs only when selected by its exact code, its name or `ALL`.
    opt_in: bool,
    /// The oldest target version the rule runs at (`"3.10"`), if it is version-gated.
    min_python: Option<String>,
    /// A diagnostic about the run itself (syntax, reading, internal errors).
    tool: bool,
    /// The kinds of file the rule applies to (`library, script`), as `pyexpert rules`
    /// shows them.
    files: String,
    /// The kinds of fix the rule offers (`["safe"]`, `["safe", "unsafe"]`; empty: none).
    fixes: Vec<&'static str>,
    /// Checks of other tools that match (`same`) or overlap the rule; a suppression of a
    /// matching one silences the rule too.
    other_tools: Vec<OtherTool>,
    summary: &'static str,
    /// The rule's page, in Markdown.
    explanation: &'static str,
}

#[derive(Serialize)]
struct OtherTool {
    tool: &'static str,
    code: &'static str,
    name: Option<&'static str>,
    same: bool,
}

#[derive(Serialize)]
struct CatalogQuestion {
    number: u8,
    title: &'static str,
}

fn entry(meta: &'static RuleMeta) -> CatalogEntry {
    CatalogEntry {
        code: meta.code,
        name: meta.name,
        severity: meta.severity,
        question: meta.question.map(|q| CatalogQuestion {
            number: q.number(),
            title: q.title(),
        }),
        opt_in: meta.opt_in,
        min_python: meta.min_version.map(|v| v.to_string()),
        tool: meta.is_tool(),
        files: meta.applies_to.describe(),
        fixes: crate::registry::fix_kinds(meta)
            .iter()
            .map(|kind| kind.as_str())
            .collect(),
        other_tools: crate::equivalents::of(meta.code)
            .iter()
            .map(|e| OtherTool {
                tool: e.tool.as_str(),
                code: e.code,
                name: e.name,
                same: e.overlap == crate::equivalents::Overlap::Same,
            })
            .collect(),
        summary: meta.summary,
        explanation: meta.doc,
    }
}

/// Prints rules as a JSON array.
pub fn print_json(metas: &[&'static RuleMeta]) -> Result<u8, String> {
    let entries: Vec<CatalogEntry> = metas.iter().map(|meta| entry(meta)).collect();
    write_json(&entries)
}

fn write_json(value: &impl Serialize) -> Result<u8, String> {
    let mut out = io::stdout().lock();
    let written = serde_json::to_writer_pretty(&mut out, value)
        .map_err(io::Error::from)
        .and_then(|_| writeln!(out));
    match written {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write to standard output: {error}"))
        }
        _ => Ok(EXIT_CLEAN),
    }
}

/// `pyexpert rule CODE` and `pyexpert rule --all`.
pub fn show_rule(args: &RuleArgs) -> Result<u8, String> {
    let metas: Vec<&'static RuleMeta> = match &args.code {
        Some(code) => vec![registry::find(code)
            .ok_or_else(|| format!("no rule `{code}` (see `pyexpert rules` for the list)"))?],
        None => registry::all().collect(),
    };
    match (args.output_format, args.all) {
        (CatalogFormat::Json, true) => print_json(&metas),
        (CatalogFormat::Json, false) => write_json(&entry(metas[0])),
        (CatalogFormat::Text, _) => {
            let mut out = io::stdout().lock();
            for (index, meta) in metas.iter().enumerate() {
                let separator = if index == 0 { "" } else { "\n" };
                if write!(out, "{separator}{}", meta.doc).is_err() {
                    break;
                }
            }
            Ok(EXIT_CLEAN)
        }
    }
}
