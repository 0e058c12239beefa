//! `--output-format full` (the default): each finding rendered by miette's graphical handler
//! with the code and rule name, a snippet with the span underlined, the help, the lesson
//! question, and the docs link (or how to read the rule's page), a blank line between
//! findings. A notebook's snippet is its cell, under `nb.ipynb:cell 3`.

use std::fmt;
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use rustpython_parser::text_size::TextSize;

use super::{Place, ReportOptions};
use crate::diagnostic::{Diagnostic, Severity};
use crate::linter::FileReport;
use crate::source::{ceil_char_boundary, floor_char_boundary, LineIndex};

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
    let mut first = true;
    for file in files {
        let text = file.source.as_deref().unwrap_or("");
        let source = NamedText {
            name: file.path.clone(),
            text,
            lines: LineIndex::new(text),
        };
        // A notebook's snippets come from its cells, each under `path:cell N`.
        let mut cells: Vec<(u32, NamedText<'_>)> = Vec::new();
        for diagnostic in &file.diagnostics {
            rendered.clear();
            let place = Place::of(file, diagnostic);
            let (source, span) = match (&file.notebook, place.cell) {
                (Some(index), Some(number)) => {
                    let cell = index
                        .cells
                        .iter()
                        .find(|cell| cell.number == number)
                        .expect("a place names a cell of its notebook");
                    if !cells.iter().any(|(n, _)| *n == number) {
                        cells.push((
                            number,
                            NamedText {
                                name: format!("{}:cell {number}", file.path),
                                text: &cell.source,
                                lines: LineIndex::new(&cell.source),
                            },
                        ));
                    }
                    let text = &cells
                        .iter()
                        .find(|(n, _)| *n == number)
                        .expect("added above")
                        .1;
                    let start = text.offset(place.start);
                    let end = text.offset(place.end).max(start);
                    (text, start..end)
                }
                _ => {
                    let range = crate::source::whole_characters(text, diagnostic.range);
                    let start = u32::from(range.start()) as usize;
                    (&source, start..start + u32::from(range.len()) as usize)
                }
            };
            let report = Report {
                diagnostic,
                source,
                place,
                span,
                has_snippet: !source.text.is_empty(),
                url: options.docs_url(diagnostic.rule),
                help: help_text(diagnostic, options),
                fixable: options.fixable(diagnostic),
            };
            handler
                .render_report(&mut rendered, &report)
                .map_err(|_| io::Error::other("failed to render a diagnostic"))?;
            // A blank line between findings, so each block stands apart.
            if !first {
                out.write_all(b"\n")?;
            }
            first = false;
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
    name: String,
    text: &'r str,
    lines: LineIndex,
}

impl NamedText<'_> {
    /// The byte offset of a 1-based line and character column (clamped to the text).
    fn offset(&self, location: crate::diagnostic::Location) -> usize {
        let line = (location.line as usize).saturating_sub(1);
        if line >= self.lines.line_count() {
            return self.text.len();
        }
        let start = self.lines.line_start(line);
        let end = self.lines.line_end_with_terminator(line, self.text);
        let content = self.text[start..end].trim_end_matches(['\n', '\r']);
        let column = (location.column as usize).saturating_sub(1);
        start
            + content
                .char_indices()
                .nth(column)
                .map_or(content.len(), |(at, _)| at)
    }
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
        // Diagnostics cover whole characters; a report built by hand may not, and slicing
        // inside a character would panic.
        let start = floor_char_boundary(self.text, start);
        let end = ceil_char_boundary(self.text, end);
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
            self.name.clone(),
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
    place: Place,
    /// The byte range to underline in `source`.
    span: std::ops::Range<usize>,
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
            // No snippet (an unreadable file): the message itself must name the file, and
            // the place when there is one.
            let whole_file = self.place.cell.is_none()
                && self.place.start.line <= 1
                && self.place.start.column <= 1;
            if whole_file {
                write!(f, "{}: {}", self.source.name, self.diagnostic.message)
            } else {
                write!(
                    f,
                    "{}:{}: {}",
                    self.source.name,
                    self.place.position(),
                    self.diagnostic.message
                )
            }
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
        let span = SourceSpan::new(self.span.start.into(), self.span.len());
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(None, span),
        )))
    }
}
