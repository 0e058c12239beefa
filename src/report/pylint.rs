//! `--output-format pylint`: Pylint's parseable text, `path:line: [CODE] message`, one
//! finding per line, for tools that already read Pylint's output (`nb.ipynb:cell 3:2:`
//! in a notebook, as the text formats write it).

use std::io::{self, Write};

use super::{Place, ReportOptions};
use crate::linter::FileReport;

pub(super) fn write(
    files: &[FileReport],
    _options: &ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    for file in files {
        for d in &file.diagnostics {
            let place = Place::of(file, d);
            let line = match place.cell {
                Some(cell) => format!("cell {cell}:{}", place.start.line),
                None => place.start.line.to_string(),
            };
            let message = d.message.replace(['\r', '\n'], " ");
            writeln!(out, "{}:{line}: [{}] {message}", file.path, d.code())?;
        }
    }
    Ok(())
}
