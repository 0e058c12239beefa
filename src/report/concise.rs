//! `--output-format concise`: `path:line:col: CODE message`, one finding per line, the
//! form editors' problem matchers and `grep` expect (`nb.ipynb:cell 3:2:5: ...` in a
//! notebook).

use std::io::{self, Write};

use super::{Place, ReportOptions};
use crate::linter::FileReport;

pub(super) fn write(
    files: &[FileReport],
    options: &ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    for file in files {
        for d in &file.diagnostics {
            // One finding, one line: a message never spans lines here.
            let message = d.message.replace(['\r', '\n'], " ");
            let place = Place::of(file, d);
            // `[*]`: `--fix` would fix it, as Ruff marks it.
            let marker = if options.fixable(d) { " [*]" } else { "" };
            writeln!(
                out,
                "{}:{}: {}{marker} {}",
                file.path,
                place.position(),
                d.code(),
                message
            )?;
        }
    }
    Ok(())
}
