//! `--output-format github`: GitHub Actions workflow commands, which the runner turns into
//! annotations on the pull request:
//! `::warning file=app.py,line=3,col=5,endLine=3,endColumn=9,title=PX0701 …::message`.
//! Errors are `error`, warnings `warning`, advice `notice`.

use std::io::{self, Write};

use super::ReportOptions;
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
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            if let Some(question) = d.question() {
                message.push_str(&format!("\nlesson: {question}"));
            }
            writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&file.path),
                d.start.line,
                d.start.column,
                d.end.line,
                d.end.column,
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
