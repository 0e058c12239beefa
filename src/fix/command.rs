//! The end of a `pyexpert lint` run that fixes (`--fix`, `--fix-only`, `--diff`): what goes
//! to standard output (the remaining findings, the diff, or the fixed source read from
//! standard input), the status lines on standard error, and the exit code.
//!
//! | mode | stdout | exit 1 when |
//! |---|---|---|
//! | `--fix` | the findings left | findings are left (or `--exit-non-zero-on-fix` and a fix applied) |
//! | `--fix-only` | nothing | `--exit-non-zero-on-fix` and a fix applied |
//! | `--diff` | the unified diff | there is a diff |
//!
//! With `-` (standard input) stdout gets the fixed source (or the diff) and the findings
//! left go to stderr. A file that could not be written, or a fix that broke a file
//! (PX0003), makes the run exit 2.

use std::io::{self, Write};
use std::time::Instant;

use super::settings::{FixMode, FixSettings};
use crate::cli::LintArgs;
use crate::commands::{EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS};
use crate::linter::FileReport;
use crate::report::{self, ReportOptions, Summary};

/// Counts over a fixing run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FixCounts {
    /// Fixes applied (or, with `--diff`, that would be).
    pub fixed: usize,
    /// Findings left with an unsafe fix that `--unsafe-fixes` would apply.
    pub more_with_unsafe: usize,
    /// Files with a diff (`--diff`).
    pub files_changed: usize,
}

impl FixCounts {
    pub fn of(reports: &[FileReport], settings: &FixSettings) -> FixCounts {
        let mut counts = FixCounts::default();
        for report in reports {
            if let Some(fixes) = &report.fixes {
                counts.fixed += fixes.total();
                if fixes.diff.as_ref().is_some_and(|d| !d.is_empty()) {
                    counts.files_changed += 1;
                }
            }
            counts.more_with_unsafe += report
                .diagnostics
                .iter()
                .filter(|d| {
                    d.fix.as_ref().is_some_and(|f| {
                        settings.applies_with_unsafe(d.code(), f.fix.applicability)
                    })
                })
                .count();
        }
        counts
    }
}

/// Finishes a fixing run over `reports` (already fixed, or diffed) and returns the exit code.
pub fn finish(
    args: &LintArgs,
    settings: &crate::settings::Settings,
    reports: &[FileReport],
    options: &ReportOptions,
    started: Instant,
    reads_stdin: bool,
) -> Result<u8, String> {
    let fix = &settings.fix;
    let format = settings.output_format;
    let counts = FixCounts::of(reports, fix);
    let summary = Summary::of(reports);
    let mut failed = report_problems(reports);

    if reads_stdin {
        write_stdin_result(reports, fix.mode)?;
    } else if fix.mode == FixMode::Diff {
        let mut out = io::stdout().lock();
        for diff in reports
            .iter()
            .filter_map(|r| r.fixes.as_ref()?.diff.as_deref())
        {
            if out.write_all(diff.as_bytes()).is_err() {
                break;
            }
        }
    }
    if fix.show_fixes {
        show_fixes(reports, fix.mode);
    }
    let elapsed = started.elapsed();
    match fix.mode {
        FixMode::Apply => {
            if reads_stdin {
                let mut err = io::stderr().lock();
                let _ = report::write_report(format, reports, options, &mut err);
            } else {
                let written =
                    crate::commands::write_output(args, format, reports, options, args.statistics);
                crate::commands::report_write_error(args, written)?;
            }
            if format.is_human() || reads_stdin {
                eprintln!("{}", summary.fix_line(&counts, elapsed));
            }
        }
        FixMode::ApplyOnly => {
            eprintln!("{}", only_line("Fixed", &counts, summary.files_checked));
        }
        FixMode::Diff => {
            eprintln!("{}", only_line("Would fix", &counts, summary.files_checked));
        }
        FixMode::Report => unreachable!("a run that does not fix does not finish here"),
    }
    failed |= reports.iter().any(|r| r.internal_error);
    // Findings left below the `fail-on` threshold are reported but do not fail the run.
    let failing = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .filter(|d| d.severity >= settings.fail_on)
        .count();
    let nonzero_on_fix = fix.exit_non_zero_on_fix && counts.fixed > 0;
    Ok(if failed {
        EXIT_FAILURE
    } else {
        match fix.mode {
            FixMode::Apply if (failing > 0 && !args.exit_zero) || nonzero_on_fix => EXIT_FINDINGS,
            FixMode::ApplyOnly if nonzero_on_fix => EXIT_FINDINGS,
            FixMode::Diff if counts.files_changed > 0 && !args.exit_zero => EXIT_FINDINGS,
            _ => EXIT_CLEAN,
        }
    })
}

/// Files left unchanged because they could not be written, and files whose fixes did
/// not settle, on stderr. Returns whether any file could not be written.
fn report_problems(reports: &[FileReport]) -> bool {
    let mut err = io::stderr().lock();
    let mut failed = false;
    for report in reports {
        let Some(fixes) = &report.fixes else {
            continue;
        };
        if let Some(error) = &fixes.error {
            failed = true;
            let _ = writeln!(
                err,
                "pyexpert: error: cannot apply the fixes to {}: {error}",
                report.path
            );
        }
        if !fixes.unsettled.is_empty() {
            let _ = writeln!(
                err,
                "pyexpert: warning: the fixes to {} did not settle after {} passes (still fixing: {}); the last result was kept",
                report.path,
                super::engine::MAX_PASSES,
                fixes.unsettled.join(", ")
            );
        }
    }
    failed
}

/// `lint - --fix`: the fixed source (or, with `--diff`, the diff) on stdout.
fn write_stdin_result(reports: &[FileReport], mode: FixMode) -> Result<(), String> {
    let mut out = io::stdout().lock();
    for report in reports {
        let Some(fixes) = &report.fixes else {
            continue;
        };
        let bytes = match mode {
            FixMode::Diff => fixes.diff.as_deref().unwrap_or_default().as_bytes(),
            _ => fixes.bytes.as_deref().unwrap_or_default(),
        };
        match out.write_all(bytes).and_then(|()| out.flush()) {
            Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
                return Err(format!("cannot write the fixed source: {error}"));
            }
            _ => {}
        }
    }
    Ok(())
}

/// `--show-fixes`: per file, how many fixes of each rule went in.
fn show_fixes(reports: &[FileReport], mode: FixMode) {
    let fixed: Vec<&FileReport> = reports
        .iter()
        .filter(|r| r.fixes.as_ref().is_some_and(|f| f.total() > 0))
        .collect();
    let mut err = io::stderr().lock();
    if fixed.is_empty() {
        return;
    }
    let total: usize = fixed
        .iter()
        .filter_map(|r| r.fixes.as_ref())
        .map(|f| f.total())
        .sum();
    let verb = if mode == FixMode::Diff {
        "Would fix"
    } else {
        "Fixed"
    };
    let _ = writeln!(err, "{verb} {}:", problems(total));
    for report in fixed {
        let _ = writeln!(err, "- {}:", report.path);
        for (code, count) in &report.fixes.as_ref().expect("filtered").applied {
            let name = crate::registry::find(code).map_or("", |m| m.name);
            let _ = writeln!(err, "    {count} × {code} ({name})");
        }
    }
}

/// `Fixed 3 problems in 2 files (1 more fixable with --unsafe-fixes).`
fn only_line(verb: &str, counts: &FixCounts, files: usize) -> String {
    let more = if counts.more_with_unsafe > 0 {
        format!(
            " ({} more fixable with --unsafe-fixes)",
            counts.more_with_unsafe
        )
    } else {
        String::new()
    };
    let files = if files == 1 {
        "1 file".to_string()
    } else {
        format!("{files} files")
    };
    format!("{verb} {} in {files}{more}.", problems(counts.fixed))
}

fn problems(count: usize) -> String {
    format!(
        "{count} {}",
        if count == 1 { "problem" } else { "problems" }
    )
}
