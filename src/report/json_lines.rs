//! `--output-format json-lines`: one JSON object per diagnostic and per line, with the same
//! fields as a diagnostic of the `json` format. Streams well and greps well; an empty run
//! writes nothing.

use std::io::{self, Write};

use super::json::JsonDiagnostic;
use super::ReportOptions;
use crate::linter::FileReport;

pub(super) fn write(
    files: &[FileReport],
    options: &ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    for file in files {
        for diagnostic in &file.diagnostics {
            let object = JsonDiagnostic::new(file, diagnostic, options);
            serde_json::to_writer(&mut *out, &object).map_err(io::Error::from)?;
            writeln!(out)?;
        }
    }
    Ok(())
}
