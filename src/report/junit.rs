//! `--output-format junit`: JUnit XML, which CI systems show as test results. Every checked
//! file is one test case (named by its path, in the suite `pyexpert`): it passes when the
//! file has no finding and fails with one `<failure>` listing them all, each as
//! `line:column: CODE message` (`cell 3:2:5: ...` in a notebook). Counts are in the
//! `tests` and `failures` attributes of the suite and of the document.

use std::io::{self, Write};

use super::{Place, ReportOptions};
use crate::linter::FileReport;

pub(super) fn write(
    files: &[FileReport],
    _options: &ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let failures = files.iter().filter(|f| !f.diagnostics.is_empty()).count();
    let tests = files.len();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="pyexpert" tests="{tests}" failures="{failures}" errors="0">"#
    )?;
    writeln!(
        out,
        r#"  <testsuite name="pyexpert" tests="{tests}" failures="{failures}" errors="0" skipped="0">"#
    )?;
    for file in files {
        let name = escape(&file.path);
        if file.diagnostics.is_empty() {
            writeln!(out, r#"    <testcase name="{name}" classname="pyexpert"/>"#)?;
            continue;
        }
        let count = file.diagnostics.len();
        let summary = format!(
            "{count} {} in {}",
            if count == 1 { "finding" } else { "findings" },
            file.path
        );
        writeln!(
            out,
            r#"    <testcase name="{name}" classname="pyexpert" file="{name}">"#
        )?;
        writeln!(
            out,
            r#"      <failure message="{}" type="pyexpert">"#,
            escape(&summary)
        )?;
        for d in &file.diagnostics {
            let place = Place::of(file, d);
            let line = format!("{}: {} {}", place.position(), d.code(), d.message);
            writeln!(out, "{}", escape(&line.replace(['\r', '\n'], " ")))?;
        }
        writeln!(out, "      </failure>")?;
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

/// Text and attribute values: the five predefined entities, and characters XML 1.0 does
/// not allow at all (most control characters, which a file name or a message could hold)
/// replaced by U+FFFD.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {
                escaped.push('\u{FFFD}')
            }
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_forbidden_characters() {
        assert_eq!(escape("a<b & \"c\"'"), "a&lt;b &amp; &quot;c&quot;&apos;");
        assert_eq!(escape("bell\u{7}"), "bell\u{FFFD}");
    }
}
