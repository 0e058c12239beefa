//! `--output-format github`: GitHub Actions workflow commands, which the runner turns into
//! annotations on the pull request:
//! `::warning file=app.py,line=3,col=5,endLine=3,endColumn=9,title=PX0701 …::message`.
//! Errors are `error`, warnings `warning`, advice `notice`. A notebook cell has no line in
//! the file, so a notebook's annotations are on the file and the message starts with the
//! cell.

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
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Advice => "notice",
            };
            let title = format!("{} {}", d.code(), d.name());
            let place = Place::of(file, d);
            let mut message = format!("{}{}", place.message_prefix(), d.message);
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            if let Some(question) = d.question() {
                message.push_str(&format!("\nlesson: {question}"));
            }
            // A notebook cell has no line in the file: the annotation is on the file.
            let position = match place.cell {
                Some(_) => String::new(),
                None => format!(
                    ",line={},col={},endLine={},endColumn={}",
                    d.start.line, d.start.column, d.end.line, d.end.column
                ),
            };
            writeln!(
                out,
                "::{command} file={}{position},title={}::{}",
                escape_property(&file.path),
                escape_property(&title),
                escape_data(&message)
            )?;
        }
    }
    Ok(())
}

/// The message part: `%`, CR and LF are percent-encoded (`%` first, so the encoding of the
/// others is not encoded again).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: as data, plus `:` and `,`, which separate properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("100% sure\r\nnext"), "100%25 sure%0D%0Anext");
        assert_eq!(escape_property("C:\\a,b.py"), "C%3A\\a%2Cb.py");
        assert_eq!(escape_property("%0A"), "%250A");
    }
}
