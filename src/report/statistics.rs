//! `--statistics`: how many findings each rule produced, most frequent first, instead of
//! the findings themselves. A table for people; with `--output-format json` (or
//! `json-lines`) a JSON array, for scripts that track a codebase's debt over time.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::OutputFormat;
use crate::diagnostic::Severity;
use crate::linter::FileReport;
use crate::registry::RuleMeta;

#[derive(Serialize)]
struct Count {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    count: usize,
}

pub fn write_statistics(
    format: OutputFormat,
    files: &[FileReport],
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut by_code: BTreeMap<&'static str, (&'static RuleMeta, usize)> = BTreeMap::new();
    for diagnostic in files.iter().flat_map(|f| &f.diagnostics) {
        by_code
            .entry(diagnostic.code())
            .or_insert((diagnostic.rule, 0))
            .1 += 1;
    }
    let mut counts: Vec<Count> = by_code
        .into_values()
        .map(|(meta, count)| Count {
            code: meta.code,
            name: meta.name,
            severity: meta.severity,
            count,
        })
        .collect();
    // Most frequent first; the code breaks ties, so output never depends on thread timing.
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    if matches!(format, OutputFormat::Json | OutputFormat::JsonLines) {
        serde_json::to_writer_pretty(&mut *out, &counts).map_err(io::Error::from)?;
        return writeln!(out);
    }
    let width = counts.first().map_or(1, |c| c.count.to_string().len());
    let name_width = counts.iter().map(|c| c.name.len()).max().unwrap_or(0);
    for count in &counts {
        writeln!(
            out,
            "{:>width$}  {}  {:<name_width$}  [{}]",
            count.count,
            count.code,
            count.name,
            count.severity.as_str()
        )?;
    }
    Ok(())
}
