//! `--output-format azure`: Azure Pipelines logging commands, which the agent turns into
//! issues on the run: `##vso[task.logissue type=warning;sourcepath=app.py;linenumber=3;
//! columnnumber=12;code=PX0701;]message`. Azure knows errors and warnings only, so advice is
//! a warning. A notebook cell has no line in the file: its issues name the file alone and
//! the message starts with the cell.

use std::io::{self, Write};

use super::{Place, ReportOptions};
use crate::diagnostic::Severity;
use crate::linter::FileReport;

pub(super) fn write(
    files: &[FileReport],
    _options: &ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    for file in files {
        for d in &file.diagnostics {
            let kind = match d.severity {
                Severity::Error => "error",
                Severity::Warning | Severity::Advice => "warning",
            };
            let place = Place::of(file, d);
            let position = match place.cell {
                Some(_) => String::new(),
                None => format!(
                    "linenumber={};columnnumber={};",
                    place.start.line, place.start.column
                ),
            };
            let message = format!("{}{} {}", place.message_prefix(), d.name(), d.message);
            writeln!(
                out,
                "##vso[task.logissue type={kind};sourcepath={};{position}code={};]{}",
                escape_property(&file.path),
                d.code(),
                escape_data(&message)
            )?;
        }
    }
    Ok(())
}

/// The message: `%` (first, as `%AZP25`), CR and LF encoded as the agent expects.
fn escape_data(text: &str) -> String {
    text.replace('%', "%AZP25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: as data, plus `]` and `;`, which end the properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(']', "%5D").replace(';', "%3B")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_agent_expects() {
        assert_eq!(escape_data("50%\r\nnext"), "50%AZP25%0D%0Anext");
        assert_eq!(escape_property("a;b].py"), "a%3Bb%5D.py");
    }
}
