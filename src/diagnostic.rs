//! What a check reports: the finding a rule raises while walking a file, and the diagnostic
//! the reporters print once it has a path, a line and a column.

use rustpython_parser::text_size::TextRange;
use serde::Serialize;

use crate::fix::{Edit, Fix};
use crate::lesson::Question;
use crate::project::Condition;
use crate::registry::RuleMeta;

/// How bad a finding is. Ordered from mildest to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A modernisation or design suggestion.
    Advice,
    /// A likely defect or a real performance problem.
    Warning,
    /// A certain runtime bug or crash.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Advice => "advice",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A finding as a rule raises it: a byte range in the decoded source, nothing resolved yet.
/// The pipeline turns it into a [`Diagnostic`] after `# noqa` filtering, so clean files and
/// suppressed findings never pay for line/column computation.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    pub range: TextRange,
    pub message: String,
    pub help: Option<String>,
    /// Overrides the rule's default severity (a rule may escalate a case it is sure of).
    pub severity: Severity,
    /// The finding holds only if this does (it depends on other modules of the project).
    pub condition: Option<Condition>,
    /// The mechanical rewrite that resolves the finding, when there is one.
    pub fix: Option<Fix>,
}

impl Finding {
    pub fn new(rule: &'static RuleMeta, range: TextRange, message: impl Into<String>) -> Self {
        Finding {
            rule,
            range,
            message: message.into(),
            help: None,
            severity: rule.severity,
            condition: None,
            fix: None,
        }
    }

    /// Attaches a fix (a rule that found no safe rewrite passes `None` and reports without).
    pub fn set_fix(&mut self, fix: Option<Fix>) -> &mut Self {
        self.fix = fix;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// A 1-based line and column. Columns count Unicode scalar values, not bytes, so they match
/// what editors show for non-ASCII source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub line: u32,
    pub column: u32,
}

/// A finding resolved to a place in a file, ready to report.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// Byte range in the decoded source (what the snippet renderer highlights).
    pub range: TextRange,
    pub start: Location,
    pub end: Location,
    /// The fix, with where its edits land, when the finding has one.
    pub fix: Option<Box<DiagnosticFix>>,
}

impl Diagnostic {
    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    pub fn name(&self) -> &'static str {
        self.rule.name
    }

    pub fn question(&self) -> Option<Question> {
        self.rule.question
    }
}

/// A finding's fix as the pipeline keeps it: the fix itself (what `--fix` applies), and the
/// edits applying it alone makes, located for the reports (what JSON and SARIF show).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosticFix {
    pub fix: Fix,
    pub shown: Vec<ShownEdit>,
}

/// One edit of a fix, with its start and end (end exclusive) as lines and columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownEdit {
    pub edit: Edit,
    pub start: Location,
    pub end: Location,
}

impl DiagnosticFix {
    /// Locates the fix's standalone edits in `source`.
    pub fn locate(fix: Fix, source: &str, index: &crate::source::LineIndex) -> Box<DiagnosticFix> {
        let shown = fix
            .standalone_edits(source)
            .into_iter()
            .map(|edit| ShownEdit {
                start: index.location(edit.start(), source),
                end: index.location(edit.end(), source),
                edit,
            })
            .collect();
        Box::new(DiagnosticFix { fix, shown })
    }
}
