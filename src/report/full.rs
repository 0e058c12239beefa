//! `--output-format full` (the default): each finding rendered by miette's graphical handler
//! with the code and rule name, a snippet with the span underlined, the help, the lesson
//! question, and the docs link (or how to read the rule's page).

use std::fmt;
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use rustpython_parser::text_size::TextSize;

use super::ReportOptions;
use crate::diagnostic::{Diagnostic, Severity};
use crate::linter::FileReport;
use crate::source::LineIndex;

/// Width used when output is not a terminal (or the width is unknown): fixed, so output
/// is reproducible.
const DEFAULT_WIDTH: usize = 100;

pub(super) fn write(
    files: &[FileReport],
    options: &ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(options.color)
        .with_width(options.width.unwrap_or(DEFAULT_WIDTH))
        .with_context_lines(1);
    let mut rendered = String::new();
    for file in files {
        let text = file.source.as_deref().unwrap_or("");
        let source = NamedText {
            name: &file.path,
            text,
            lines: LineIndex::new(text),
        };
        for diagnostic in &file.diagnostics {
            rendered.clear();
            let report = Report {
                diagnostic,
                source: &source,
                has_snippet: !text.is_empty(),
                url: options.docs_url(diagnostic.rule),
                help: help_text(diagnostic, options),
                fixable: options.fixable(diagnostic),
            };
            handler
                .render_report(&mut rendered, &report)
                .map_err(|_| io::Error::other("failed to render a diagnostic"))?;
            out.write_all(rendered.as_bytes())?;
        }
    }
    Ok(())
}

/// The help line, the fix (when there is one), then the lesson question and where to read
/// more.
fn help_text(diagnostic: &Diagnostic, options: &ReportOptions) -> String {
    let mut help = diagnostic.help.clone().unwrap_or_default();
    if !help.is_empty() {
        help.push('\n');
    }
    if let Some(fix) = &diagnostic.fix {
        let how = match fix.fix.applicability {
            _ if options.fixable(diagnostic) => "",
            crate::fix::Applicability::Safe => " (its rule is not fixable in this run)",
            crate::fix::Applicability::Unsafe => {
                " (unsafe: may change behaviour; apply with --unsafe-fixes)"
            }
            crate::fix::Applicability::DisplayOnly => " (shown only, never applied)",
        };
        help.push_str(&format!("fix: {}{how}\n", fix.fix.message));
    }
    let more = format!("`pyexpert rule {}`", diagnostic.code());
    match diagnostic.question() {
        Some(question) => help.push_str(&format!("lesson: {question} · more: {more}")),
        None => help.push_str(&format!("more: {more}")),
    }
    help
}

/// A file's text under its display name, borrowed rather than copied per diagnostic, with
/// a line index so that each snippet costs only its own lines (miette's own lookup scans
/// from the start of the file for every finding, which is quadratic on large files).
struct NamedText<'r> {
    name: &'r str,
    text: &'r str,
    lines: LineIndex,
}

impl SourceCode for NamedText<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span.offset();
        let end = start + span.len();
        if end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first_line = self.lines.line_of(TextSize::from(start as u32));
        let last_line = self
            .lines
            .line_of(TextSize::from(end.saturating_sub(1).max(start) as u32));
        let (data_start, data_end, line, column) =
            if context_lines_before == 0 && context_lines_after == 0 {
                // Only the position is wanted (the report's `[file:line:column]` header).
                let line_start = self.lines.line_start(first_line);
                let column = self.text[line_start..start].chars().count();
                (start, end, first_line, column)
            } else {
                let top = first_line.saturating_sub(context_lines_before);
                let bottom = (last_line + context_lines_after).min(self.lines.line_count() - 1);
                let from = self.lines.line_start(top);
                let to = self.lines.line_end_with_terminator(bottom, self.text);
                (from, to, top, 0)
            };
        let data = &self.text.as_bytes()[data_start..data_end];
        let covered = self.text[data_start..data_end].lines().count().max(1);
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            data,
            SourceSpan::new(data_start.into(), data_end - data_start),
            line,
            column,
            covered,
        )))
    }
}

struct Report<'r> {
    diagnostic: &'r Diagnostic,
    source: &'r NamedText<'r>,
    has_snippet: bool,
    url: Option<String>,
    help: String,
    /// `--fix` would fix it: the code is followed by `[*]`.
    fixable: bool,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Report")
            .field("code", &self.diagnostic.code())
            .finish()
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.has_snippet {
            f.write_str(&self.diagnostic.message)
        } else {
            // No snippet (an unreadable file): the message itself must name the file.
            write!(f, "{}: {}", self.source.name, self.diagnostic.message)
        }
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let marker = if self.fixable { " [*]" } else { "" };
        Some(Box::new(format!(
            "{}{marker} {}",
            self.diagnostic.code(),
            self.diagnostic.name()
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Advice => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.help))
    }

    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.url
            .as_ref()
            .map(|url| Box::new(url) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.has_snippet.then_some(self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if !self.has_snippet {
            return None;
        }
        let range = self.diagnostic.range;
        let start = u32::from(range.start()) as usize;
        let len = u32::from(range.len()) as usize;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(None, SourceSpan::new(start.into(), len)),
        )))
    }
}
