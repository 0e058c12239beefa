//! Reporters: one file per output format. Every reporter receives the files in path order,
//! each with its diagnostics already sorted, so output is the same whatever the thread count.

mod azure;
mod concise;
mod full;
mod github;
mod gitlab;
mod json;
mod json_lines;
mod junit;
mod pylint;
mod rdjson;
mod sarif;
mod statistics;
mod terminal;

pub use statistics::write_statistics;
pub use terminal::{terminal_width, use_color};

use std::io::{self, Write};
use std::time::Duration;

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::linter::FileReport;
use crate::registry::RuleMeta;

/// `--output-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Rich text: a snippet per finding with help and the lesson question, then a summary.
    Full,
    /// `path:line:col: CODE message`, one finding per line.
    Concise,
    /// One JSON document with every diagnostic and a summary.
    Json,
    /// One JSON object per diagnostic, one per line.
    JsonLines,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// SARIF 2.1.0 (GitHub code scanning and other dashboards).
    Sarif,
    /// GitLab Code Quality report.
    Gitlab,
    /// Pylint's text format: `path:line: [CODE] message`.
    Pylint,
    /// JUnit XML: one test case per checked file, failing with its findings.
    Junit,
    /// Azure Pipelines logging commands (`##vso[task.logissue ...]`).
    Azure,
    /// Reviewdog's diagnostic format (rdjson).
    Rdjson,
}

impl OutputFormat {
    /// Whether the reporter shows source snippets (so the pipeline must keep the text).
    pub fn needs_source(self) -> bool {
        // rdjson counts columns in UTF-8 bytes, which only the text tells.
        matches!(self, OutputFormat::Full | OutputFormat::Rdjson)
    }

    /// Whether the format is for people: the summary line then goes to stderr (machine
    /// formats keep both streams free of anything but the report).
    pub fn is_human(self) -> bool {
        matches!(
            self,
            OutputFormat::Full | OutputFormat::Concise | OutputFormat::Pylint
        )
    }

    /// The name users write (`json-lines`).
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Full => "full",
            OutputFormat::Concise => "concise",
            OutputFormat::Json => "json",
            OutputFormat::JsonLines => "json-lines",
            OutputFormat::Github => "github",
            OutputFormat::Sarif => "sarif",
            OutputFormat::Gitlab => "gitlab",
            OutputFormat::Pylint => "pylint",
            OutputFormat::Junit => "junit",
            OutputFormat::Azure => "azure",
            OutputFormat::Rdjson => "rdjson",
        }
    }
}

/// Where a diagnostic is, as reports show it. A notebook's diagnostics are kept in lines
/// of the module its code cells make; here they are in their cell, at the line and column
/// within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// The notebook cell (numbered among all cells, from 1).
    pub cell: Option<u32>,
    pub start: Location,
    pub end: Location,
}

impl Place {
    pub fn of(file: &FileReport, diagnostic: &Diagnostic) -> Place {
        Place::at(file, diagnostic.start, diagnostic.end)
    }

    /// The place of a span in `file`.
    pub fn at(file: &FileReport, start: Location, end: Location) -> Place {
        let Some(index) = &file.notebook else {
            return Place {
                cell: None,
                start,
                end,
            };
        };
        match (index.locate(start), index.locate(end)) {
            (Some((cell, start)), Some((end_cell, end))) => Place {
                cell: Some(cell),
                start,
                // A span never leaves its cell; one that reaches the next ends where it began.
                end: if end_cell == cell { end } else { start },
            },
            _ => Place {
                cell: None,
                start,
                end,
            },
        }
    }

    /// `2:5`, or `cell 3:2:5` in a notebook: what follows `path:` in text formats.
    pub fn position(&self) -> String {
        match self.cell {
            Some(cell) => format!("cell {cell}:{}:{}", self.start.line, self.start.column),
            None => format!("{}:{}", self.start.line, self.start.column),
        }
    }

    /// For formats whose locations are lines of the file itself: a notebook cell cannot be
    /// one, so the message begins with it (`cell 3, line 2, column 5: `); empty otherwise.
    pub fn message_prefix(&self) -> String {
        match self.cell {
            Some(cell) => format!(
                "cell {cell}, line {}, column {}: ",
                self.start.line, self.start.column
            ),
            None => String::new(),
        }
    }
}

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// Colour and terminal hyperlinks.
    pub color: bool,
    /// Terminal width for wrapping; `None` uses a fixed width so output is reproducible.
    pub width: Option<usize>,
    /// `--docs-url` template with `{code}`, `{name}` and `{question}` placeholders.
    pub docs_url: Option<String>,
    /// Which fixes the run applies: findings with one are marked `[*]`.
    pub fixes: crate::fix::FixSettings,
}

impl ReportOptions {
    /// Whether `--fix` (with this run's settings) would apply the diagnostic's fix: the
    /// `[*]` of the full and concise reports.
    pub fn fixable(&self, diagnostic: &crate::Diagnostic) -> bool {
        diagnostic
            .fix
            .as_ref()
            .is_some_and(|fix| self.fixes.applies(diagnostic.code(), fix.fix.applicability))
    }

    /// The documentation link of a diagnostic, when a template is configured. `{question}`
    /// is the two-digit question number; tool diagnostics have none, so a template that
    /// needs it gives them no link rather than a wrong one.
    pub fn docs_url(&self, meta: &RuleMeta) -> Option<String> {
        let template = self.docs_url.as_deref()?;
        let question = match meta.question {
            Some(question) => format!("{:02}", question.number()),
            None if template.contains("{question}") => return None,
            None => String::new(),
        };
        Some(
            template
                .replace("{code}", meta.code)
                .replace("{name}", meta.name)
                .replace("{question}", &question),
        )
    }
}

/// Counts for the summary line and the JSON summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files_checked: usize,
    pub errors: usize,
    pub warnings: usize,
    pub advice: usize,
}

impl Summary {
    pub fn of(files: &[FileReport]) -> Summary {
        let mut summary = Summary {
            files_checked: files.len(),
            ..Summary::default()
        };
        for diagnostic in files.iter().flat_map(|f| &f.diagnostics) {
            match diagnostic.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Advice => summary.advice += 1,
            }
        }
        summary
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.advice
    }

    /// `Found 3 problems (1 error, 2 warnings) in 12 files in 0.04s.`
    pub fn line(&self, elapsed: Duration) -> String {
        let files = plural(self.files_checked, "file", "files");
        let time = format!("{:.2}s", elapsed.as_secs_f64());
        if self.total() == 0 {
            return format!("No problems found in {files} ({time}).");
        }
        format!(
            "Found {} ({}) in {files} ({time}).",
            plural(self.total(), "problem", "problems"),
            self.breakdown()
        )
    }
}

impl Summary {
    /// The summary of a run that fixed: `Found 5 problems in 3 files: 3 fixed, 2 remaining
    /// (1 error, 1 warning), 1 more fixable with --unsafe-fixes (0.04s).`
    pub fn fix_line(&self, counts: &crate::fix::command::FixCounts, elapsed: Duration) -> String {
        let files = plural(self.files_checked, "file", "files");
        let time = format!("{:.2}s", elapsed.as_secs_f64());
        let found = counts.fixed + self.total();
        if found == 0 {
            return format!("No problems found in {files} ({time}).");
        }
        let mut line = format!(
            "Found {} in {files}: {} fixed, {} remaining",
            plural(found, "problem", "problems"),
            counts.fixed,
            self.total()
        );
        let breakdown = self.breakdown();
        if !breakdown.is_empty() {
            line.push_str(&format!(" ({breakdown})"));
        }
        if counts.more_with_unsafe > 0 {
            line.push_str(&format!(
                ", {} more fixable with --unsafe-fixes",
                counts.more_with_unsafe
            ));
        }
        format!("{line} ({time}).")
    }

    /// `1 error, 2 warnings`.
    fn breakdown(&self) -> String {
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(plural(self.errors, "error", "errors"));
        }
        if self.warnings > 0 {
            parts.push(plural(self.warnings, "warning", "warnings"));
        }
        if self.advice > 0 {
            parts.push(format!("{} advice", self.advice));
        }
        parts.join(", ")
    }
}

/// The line under the summary of a run that did not fix, when some findings have fixes:
/// `[*] 3 fixable with --fix (1 more with --unsafe-fixes).`
pub fn fixable_hint(files: &[FileReport], settings: &crate::fix::FixSettings) -> Option<String> {
    let (mut now, mut with_unsafe) = (0, 0);
    for diagnostic in files.iter().flat_map(|f| &f.diagnostics) {
        let Some(fix) = &diagnostic.fix else {
            continue;
        };
        if settings.applies(diagnostic.code(), fix.fix.applicability) {
            now += 1;
        } else if settings.applies_with_unsafe(diagnostic.code(), fix.fix.applicability) {
            with_unsafe += 1;
        }
    }
    let flags = if settings.threshold() == crate::fix::Applicability::Unsafe {
        "--fix --unsafe-fixes"
    } else {
        "--fix"
    };
    match (now, with_unsafe) {
        (0, 0) => None,
        (0, more) => Some(format!("{more} fixable with --fix --unsafe-fixes.")),
        (now, 0) => Some(format!("[*] {now} fixable with {flags}.")),
        (now, more) => Some(format!(
            "[*] {now} fixable with {flags} ({more} more with --unsafe-fixes)."
        )),
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Writes the findings of a run in `format`.
pub fn write_report(
    format: OutputFormat,
    files: &[FileReport],
    options: &ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Full => full::write(files, options, out),
        OutputFormat::Concise => concise::write(files, options, out),
        OutputFormat::Json => json::write(files, options, out),
        OutputFormat::JsonLines => json_lines::write(files, options, out),
        OutputFormat::Github => github::write(files, options, out),
        OutputFormat::Sarif => sarif::write(files, options, out),
        OutputFormat::Gitlab => gitlab::write(files, options, out),
        OutputFormat::Pylint => pylint::write(files, options, out),
        OutputFormat::Junit => junit::write(files, options, out),
        OutputFormat::Azure => azure::write(files, options, out),
        OutputFormat::Rdjson => rdjson::write(files, options, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry;

    #[test]
    fn summary_line_reads_naturally() {
        let summary = Summary {
            files_checked: 12,
            errors: 1,
            warnings: 2,
            advice: 0,
        };
        assert_eq!(
            summary.line(Duration::from_millis(40)),
            "Found 3 problems (1 error, 2 warnings) in 12 files (0.04s)."
        );
        let clean = Summary {
            files_checked: 1,
            ..Summary::default()
        };
        assert_eq!(
            clean.line(Duration::from_millis(5)),
            "No problems found in 1 file (0.01s)."
        );
    }

    #[test]
    fn docs_url_fills_placeholders_and_never_invents_one() {
        let meta = registry::find("PX0701").unwrap();
        let none = ReportOptions::default();
        assert_eq!(none.docs_url(meta), None);
        let options = ReportOptions {
            docs_url: Some("https://docs.example/{question}/{code}-{name}".into()),
            ..ReportOptions::default()
        };
        assert_eq!(
            options.docs_url(meta).as_deref(),
            Some("https://docs.example/07/PX0701-list-membership-in-loop")
        );
        assert_eq!(options.docs_url(&registry::SYNTAX_ERROR), None);
    }
}
