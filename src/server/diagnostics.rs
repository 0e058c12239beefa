//! Findings as LSP diagnostics: the code (with a link when a docs URL template is set),
//! the severity (advice is information), the message with its help line, and `data` that
//! the code actions read back (which finding, and whether it has a fix).

use std::str::FromStr;

use lsp_types::{
    CodeDescription, Diagnostic as LspDiagnostic, DiagnosticSeverity, DiagnosticTag,
    NumberOrString, Uri,
};
use rustpython_parser::text_size::{TextRange, TextSize};
use serde::{Deserialize, Serialize};

use super::positions::{Encoding, LineIndex};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::report::ReportOptions;

pub const SOURCE: &str = "pyexpert";

/// What a diagnostic's `data` carries back to the server with a code action request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagnosticData {
    pub code: String,
    /// The finding's byte range in the text it was found in.
    pub start: u32,
    pub end: u32,
    /// The document version the finding belongs to.
    pub version: i32,
}

/// One finding as the client shows it.
pub fn to_lsp(
    diagnostic: &Diagnostic,
    text: &str,
    index: &LineIndex,
    encoding: Encoding,
    version: i32,
    docs: &ReportOptions,
) -> LspDiagnostic {
    let range = byte_range(diagnostic, text, index);
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let code_description = docs
        .docs_url(diagnostic.rule)
        .and_then(|href| Uri::from_str(&href).ok())
        .map(|href| CodeDescription { href });
    // An unused `# noqa` is code that does nothing: editors grey it out.
    let tags = (diagnostic.code() == "PX0002").then(|| vec![DiagnosticTag::UNNECESSARY]);
    LspDiagnostic {
        range: index.range(range, text, encoding),
        severity: Some(severity(diagnostic.severity)),
        code: Some(NumberOrString::String(diagnostic.code().to_string())),
        code_description,
        source: Some(SOURCE.to_string()),
        message,
        related_information: None,
        tags,
        data: serde_json::to_value(DiagnosticData {
            code: diagnostic.code().to_string(),
            start: range.start().into(),
            end: range.end().into(),
            version,
        })
        .ok(),
    }
}

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Advice => DiagnosticSeverity::INFORMATION,
    }
}

/// The finding's byte range. Tool diagnostics about text that could not be decoded carry
/// only a line and column (counted in characters); those are placed by them.
pub fn byte_range(diagnostic: &Diagnostic, text: &str, index: &LineIndex) -> TextRange {
    let origin = Location { line: 1, column: 1 };
    if !diagnostic.range.is_empty()
        || diagnostic.start == origin
        || diagnostic.range.start() > 0.into()
    {
        return diagnostic.range;
    }
    let line = index.line_range(diagnostic.start.line.saturating_sub(1) as usize, text);
    let column = diagnostic.start.column.saturating_sub(1) as usize;
    let offset = text[line.clone()]
        .char_indices()
        .nth(column)
        .map_or(line.end, |(at, _)| line.start + at);
    TextRange::empty(TextSize::from(offset as u32))
}
