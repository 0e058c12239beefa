//! `--output-format full` (the default): each finding rendered by miette's graphical handler
//! with the code and rule name, a snippet with the span underlined, the help, the lesson
//! question, and the docs link (or how to read the rule's page).

use std::fmt;
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::ReportOptions;
use crate::diagnostic::{Diagnostic, Severity};
use crate::linter::FileReport;

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
        };
        for diagnostic in &file.diagnostics {
            rendered.clear();
            let report = Report {
                diagnostic,
                source: &source,
                has_snippet: !text.is_empty(),
                url: options.docs_url(diagnostic.rule),
                help: help_text(diagnostic),
            };
            handler
                .render_report(&mut rendered, &report)
                .map_err(|_| io::Error::other("failed to render a diagnostic"))?;
            out.write_all(rendered.as_bytes())?;
        }
    }
    Ok(())
}

/// The help line, then the lesson question and where to read more.
fn help_text(diagnostic: &Diagnostic) -> String {
    let mut help = diagnostic.help.clone().unwrap_or_default();
    if !help.is_empty() {
        help.push('\n');
    }
    let more = format!("`pyexpert rule {}`", diagnostic.code());
    match diagnostic.question() {
        Some(question) => help.push_str(&format!("lesson: {question} · more: {more}")),
        None => help.push_str(&format!("more: {more}")),
    }
    help
}

/// A file's text under its display name, borrowed rather than copied per diagnostic.
struct NamedText<'r> {
    name: &'r str,
    text: &'r str,
}

impl SourceCode for NamedText<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            *contents.span(),
            contents.line(),
            contents.column(),
            contents.line_count(),
        )))
    }
}

struct Report<'r> {
    diagnostic: &'r Diagnostic,
    source: &'r NamedText<'r>,
    has_snippet: bool,
    url: Option<String>,
    help: String,
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
        Some(Box::new(format!(
            "{} {}",
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
