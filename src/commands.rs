//! What each subcommand does, and how outcomes map to exit codes:
//! 0 nothing found, 1 findings, 2 usage error, missing path, or an internal error.

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use crate::cli::{Cli, ColorChoice, Command, LintArgs, RulesArgs};
use crate::lesson::Question;
use crate::linter::FileReport;
use crate::log;
use crate::registry;
use crate::report::{self, ReportOptions, Summary};
use crate::resolver::Resolver;
use crate::run;
use crate::settings::Settings;

pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_FAILURE: u8 = 2;

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Lint(args) => lint(&args),
        Command::Config(args) => config(&args),
        Command::Rule(args) => crate::catalog::show_rule(&args),
        Command::Rules(args) => list_rules(&args),
        Command::Explain { question } => explain(&question),
        Command::Clean(args) => clean(&args),
        Command::Server => crate::server::run(),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("pyexpert: error: {message}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

fn lint(args: &LintArgs) -> Result<u8, String> {
    log::set_level(if args.silent {
        log::Level::Silent
    } else if args.quiet {
        log::Level::Quiet
    } else if args.verbose {
        log::Level::Verbose
    } else {
        log::Level::Normal
    });
    let cwd = current_dir()?;
    let resolver = Arc::new(Resolver::from_args(args, &cwd)?);
    if args.show_settings {
        return config(args);
    }
    let paths = args.paths();
    if args.show_files {
        return show_files(&paths, &resolver);
    }
    if args.watch {
        if args.reads_stdin() {
            return Err(
                "--watch checks files as they change; it cannot read standard input".into(),
            );
        }
        return crate::watch::watch(args, &resolver, &paths);
    }
    lint_once(args, &resolver, &paths)
}

/// One run over `paths`: check, report, and the exit code.
pub(crate) fn lint_once(
    args: &LintArgs,
    resolver: &Arc<Resolver>,
    paths: &[std::path::PathBuf],
) -> Result<u8, String> {
    let started = Instant::now();
    // One report for the whole run: its format, links and threshold come from the run's
    // settings.
    let settings = resolver.settings_for_run(paths)?;
    let format = settings.output_format;
    let options = run::RunOptions {
        threads: run::thread_count(args.threads),
        keep_source: format.needs_source() && !args.statistics,
        // `--add-noqa` rewrites files: it works on what they hold now, never on a cache.
        cache: (!args.no_cache && !args.add_noqa).then(|| cache_location(args, &settings)),
        extra_rules: injected_rules(),
        fix: None,
    };
    let reads_stdin = args.reads_stdin();
    let options = run::RunOptions {
        fix: fix_destination(&settings, reads_stdin, args.add_noqa),
        ..options
    };
    let reports = if reads_stdin {
        if args.add_noqa {
            return Err("--add-noqa rewrites files; it cannot work on standard input".into());
        }
        lint_standard_input(args, resolver, options)?
    } else {
        run::lint_workspace(paths, resolver, options)?
    };

    warn_about_comments(&reports);
    if args.add_noqa {
        return Ok(report_added_noqa(&crate::add_noqa::add_noqa(&reports)));
    }

    // A file is no terminal: it gets no colour unless asked, and the fixed width.
    let to_file = args.output_file.is_some();
    let options = ReportOptions {
        color: if to_file {
            args.color == ColorChoice::Always
        } else {
            report::use_color(args.color)
        },
        width: if to_file {
            None
        } else {
            report::terminal_width()
        },
        docs_url: settings.docs_url.clone(),
        fixes: settings.fix.clone(),
    };
    if settings.fix.mode.computes_fixes() {
        return crate::fix::command::finish(
            args,
            &settings,
            &reports,
            &options,
            started,
            reads_stdin,
        );
    }
    let summary = Summary::of(&reports);
    let silent = log::level() == log::Level::Silent;
    let written = if silent && args.output_file.is_none() {
        Ok(())
    } else {
        write_output(args, format, &reports, &options, args.statistics)
    };
    let failing = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .filter(|d| d.severity >= settings.fail_on)
        .count();
    if let Err(error) = written {
        // A reader that stopped early (`pyexpert lint | head`) is not an error to report.
        let closed_pipe = error.kind() == io::ErrorKind::BrokenPipe && args.output_file.is_none();
        if !closed_pipe {
            let target = args.output_file.as_ref().map_or_else(
                || "standard output".to_string(),
                |p| p.display().to_string(),
            );
            return Err(format!("cannot write the report to {target}: {error}"));
        }
    } else if format.is_human() && log::level() >= log::Level::Normal {
        // The summary is status, not findings: stderr keeps stdout identical across runs.
        let mut line = summary.line(started.elapsed());
        let below = summary.total() - failing;
        if below > 0 {
            line.push_str(&format!(
                " {below} below the fail-on threshold ({}) {} not fail the run.",
                settings.fail_on,
                if below == 1 { "does" } else { "do" }
            ));
        }
        let _ = writeln!(io::stderr(), "{line}");
        if let Some(hint) = crate::report::fixable_hint(&reports, &settings.fix) {
            let _ = writeln!(io::stderr(), "{hint}");
        }
    }

    let internal_error = reports.iter().any(|r| r.internal_error);
    Ok(if internal_error {
        EXIT_FAILURE
    } else if failing > 0 && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// Warnings about the files' comments (a `# noqa` that cannot be read suppresses nothing),
/// in path order, like Ruff's "Invalid `# noqa` directive".
fn warn_about_comments(reports: &[crate::linter::FileReport]) {
    for report in reports {
        for warning in &report.warnings {
            let place = crate::report::Place::at(report, warning.start, warning.start);
            log::warn(format!(
                "{}:{}: {}",
                report.path,
                place.position(),
                warning.message
            ));
        }
    }
}

/// Checks standard input as the file `--stdin-filename` names (`-` without one). Paths
/// given beside `--stdin-filename` are ignored with a warning, as Ruff does; beside `-`
/// they are an error.
fn lint_standard_input(
    args: &LintArgs,
    resolver: &Arc<Resolver>,
    options: run::RunOptions,
) -> Result<Vec<crate::linter::FileReport>, String> {
    let others: Vec<String> = args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .map(|p| p.display().to_string())
        .collect();
    if !others.is_empty() {
        if args.stdin_filename.is_none() {
            return Err("`-` (standard input) cannot be combined with other paths".into());
        }
        log::warn(format!(
            "ignoring {} in favour of standard input (--stdin-filename)",
            others.join(", ")
        ));
    }
    let mut bytes = Vec::new();
    io::Read::read_to_end(&mut io::stdin().lock(), &mut bytes)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    let name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| std::path::PathBuf::from("-"));
    let governing = resolver.settings_for_file(&name)?;
    let excluded = governing.force_exclude
        && governing
            .exclusions
            .excludes_path_or_parent(&name, &governing.project_root);
    if excluded {
        log::verbose(|| format!("skipped {} (excluded; --force-exclude)", name.display()));
        return Ok(Vec::new());
    }
    run::lint_stdin(&bytes, &name, &governing, options)
}

/// `--show-files`: what a run would check, each with the configuration that governs it.
fn show_files(paths: &[std::path::PathBuf], resolver: &Arc<Resolver>) -> Result<u8, String> {
    let files = crate::discover::discover_with(paths, run::thread_count(None), resolver)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    for file in files {
        let settings = resolver.settings_for_file(&file.path)?;
        let governing = settings.config_file.as_ref().map_or_else(
            || "no configuration file".to_string(),
            |config| {
                config
                    .strip_prefix(resolver.cwd())
                    .unwrap_or(config)
                    .display()
                    .to_string()
            },
        );
        if writeln!(out, "{}  [{governing}]", file.display).is_err() {
            break;
        }
    }
    let _ = out.flush();
    Ok(EXIT_CLEAN)
}

/// Tells what `--add-noqa` did; files it could not rewrite make the run fail (exit 2).
fn report_added_noqa(outcome: &crate::add_noqa::Outcome) -> u8 {
    let mut err = io::stderr().lock();
    for failure in &outcome.failures {
        let _ = writeln!(err, "pyexpert: cannot add noqa directives to {failure}");
    }
    if log::level() < log::Level::Normal {
        return if outcome.failures.is_empty() {
            EXIT_CLEAN
        } else {
            EXIT_FAILURE
        };
    }
    let _ = writeln!(
        err,
        "Added {} noqa {} to {} {}.",
        outcome.directives_added,
        if outcome.directives_added == 1 {
            "directive"
        } else {
            "directives"
        },
        outcome.files_changed,
        if outcome.files_changed == 1 {
            "file"
        } else {
            "files"
        },
    );
    if outcome.lines_skipped > 0 {
        let _ = writeln!(
            err,
            "{} flagged {} end inside a string or after a line continuation, where no comment can go; they still report.",
            outcome.lines_skipped,
            if outcome.lines_skipped == 1 { "line" } else { "lines" },
        );
    }
    if outcome.failures.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_FAILURE
    }
}

fn current_dir() -> Result<std::path::PathBuf, String> {
    std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))
}

/// `--cache-dir` or `PYEXPERT_CACHE_DIR` put every entry in one directory; otherwise each
/// file's entries go to its project root.
fn cache_location(args: &LintArgs, settings: &Settings) -> run::CacheLocation {
    let from_env =
        std::env::var_os(crate::cache::DIRECTORY_VARIABLE).is_some_and(|v| !v.is_empty());
    if args.cache_dir.is_some() || from_env {
        run::CacheLocation::Directory(crate::cache::directory(args.cache_dir.as_deref(), settings))
    } else {
        run::CacheLocation::ProjectRoots
    }
}

/// `pyexpert clean [PATH]...`: removes the result cache of each path's project.
fn clean(args: &LintArgs) -> Result<u8, String> {
    let cwd = current_dir()?;
    let resolver = Resolver::from_args(args, &cwd)?;
    let mut directories = Vec::new();
    for path in &args.paths() {
        let settings = resolver.settings_for(path)?;
        let directory = crate::cache::directory(args.cache_dir.as_deref(), &settings);
        if !directories.contains(&directory) {
            directories.push(directory);
        }
    }
    let mut err = io::stderr().lock();
    for directory in directories {
        let removed = crate::cache::clean(&directory)?;
        let _ = if removed {
            writeln!(err, "Removed {}.", directory.display())
        } else {
            writeln!(err, "No cache at {}.", directory.display())
        };
    }
    Ok(EXIT_CLEAN)
}

/// `pyexpert config [PATH]...` (and `lint --show-settings`): the settings that apply to
/// each path and where each comes from. A path that does not exist is an error.
fn config(args: &LintArgs) -> Result<u8, String> {
    let cwd = current_dir()?;
    let resolver = Resolver::from_args(args, &cwd)?;
    for (index, path) in args.paths().iter().enumerate() {
        if std::fs::symlink_metadata(path).is_err() {
            return Err(format!("path does not exist: {}", path.display()));
        }
        let settings = resolver.settings_for(path)?;
        if index > 0 {
            println!();
        }
        println!("settings for: {}", path.display());
        show_settings(&settings)?;
    }
    Ok(EXIT_CLEAN)
}

fn show_settings(settings: &Settings) -> Result<u8, String> {
    let mut out = io::stdout().lock();
    let file = settings
        .config_file
        .as_ref()
        .map_or_else(|| "(none)".to_string(), |p| p.display().to_string());
    let _ = writeln!(out, "configuration file: {file}");
    let width = settings
        .shown
        .iter()
        .map(|s| s.key.len())
        .max()
        .unwrap_or(0);
    for shown in &settings.shown {
        let _ = writeln!(
            out,
            "{:<width$}  {}  [{}]",
            shown.key, shown.value, shown.source
        );
    }
    Ok(EXIT_CLEAN)
}

/// Where a run that fixes puts the fixed text, or `None` for a run that only reports.
fn fix_destination(
    settings: &Settings,
    reads_stdin: bool,
    add_noqa: bool,
) -> Option<crate::fix::engine::Destination> {
    use crate::fix::engine::Destination;
    match settings.fix.mode {
        // `fix = true` in a configuration does not fix a run that writes directives (with
        // `--fix` on the command line the two are a usage error).
        _ if add_noqa => None,
        crate::fix::FixMode::Report => None,
        _ if reads_stdin => Some(Destination::Memory),
        crate::fix::FixMode::Diff => Some(Destination::Diff),
        _ => Some(Destination::File),
    }
}

/// Turns a failure to write the report into the run's error, except a reader that stopped
/// early (`pyexpert lint | head`), which is not an error to report.
pub(crate) fn report_write_error(args: &LintArgs, written: io::Result<()>) -> Result<(), String> {
    let Err(error) = written else {
        return Ok(());
    };
    let closed_pipe = error.kind() == io::ErrorKind::BrokenPipe && args.output_file.is_none();
    if closed_pipe {
        return Ok(());
    }
    let target = args.output_file.as_ref().map_or_else(
        || "standard output".to_string(),
        |p| p.display().to_string(),
    );
    Err(format!("cannot write the report to {target}: {error}"))
}

pub(crate) fn write_output(
    args: &LintArgs,
    format: report::OutputFormat,
    reports: &[FileReport],
    options: &ReportOptions,
    statistics: bool,
) -> io::Result<()> {
    let write = |out: &mut dyn Write| {
        if statistics {
            report::write_statistics(format, reports, out)
        } else {
            report::write_report(format, reports, options, out)
        }
    };
    match &args.output_file {
        Some(path) => {
            let file = std::fs::File::create(path)?;
            let mut out = io::BufWriter::new(file);
            write(&mut out)?;
            // Flush and sync explicitly: a full disk must be an error, not a short file.
            out.into_inner().map_err(|e| e.into_error())?.sync_all()
        }
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            write(&mut out)?;
            out.flush()
        }
    }
}

/// Rules injected for testing (debug builds only; see `fault_injection.rs`).
pub(crate) fn injected_rules() -> Vec<&'static dyn crate::rule::Rule> {
    #[cfg(debug_assertions)]
    {
        crate::fault_injection::from_environment()
            .into_iter()
            .collect()
    }
    #[cfg(not(debug_assertions))]
    {
        Vec::new()
    }
}

fn list_rules(args: &RulesArgs) -> Result<u8, String> {
    let question = args
        .question
        .as_deref()
        .map(|q| Question::parse(q).ok_or_else(|| format!("`{q}` is not a lesson question (1-21)")))
        .transpose()?;
    let chosen: Vec<&'static crate::registry::RuleMeta> = registry::all()
        .filter(|meta| question.is_none_or(|q| meta.question == Some(q)))
        .filter(|meta| args.severity.is_none_or(|s| meta.severity == s))
        .collect();
    if args.output_format == crate::cli::CatalogFormat::Json {
        return crate::catalog::print_json(&chosen);
    }
    let rows: Vec<[String; 9]> = chosen
        .into_iter()
        .map(|meta| {
            [
                meta.code.to_string(),
                meta.name.to_string(),
                meta.severity.to_string(),
                meta.question
                    .map_or_else(|| "-".to_string(), |q| q.to_string()),
                meta.min_version
                    .map_or_else(|| "-".to_string(), |v| format!("≥{v}")),
                if meta.opt_in { "opt-in" } else { "on" }.to_string(),
                crate::fix::describe_kinds(registry::fix_kinds(meta)),
                meta.applies_to.describe(),
                crate::equivalents::describe(meta.code),
            ]
        })
        .collect();
    let header = [
        "CODE",
        "NAME",
        "SEVERITY",
        "QUESTION",
        "PYTHON",
        "DEFAULT",
        "FIX",
        "FILES",
        "OTHER TOOLS",
    ]
    .map(String::from);
    print_table(&header, &rows);
    Ok(EXIT_CLEAN)
}

/// Prints rows in aligned columns (widths in characters).
fn print_table<const N: usize>(header: &[String; N], rows: &[[String; N]]) {
    let mut widths = [0usize; N];
    for row in std::iter::once(header).chain(rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = io::stdout().lock();
    for row in std::iter::once(header).chain(rows) {
        let mut line = String::new();
        for (index, (cell, width)) in row.iter().zip(widths).enumerate() {
            if index + 1 == N {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<width$}  "));
            }
        }
        if writeln!(out, "{}", line.trim_end()).is_err() {
            break;
        }
    }
}

fn explain(text: &str) -> Result<u8, String> {
    let question =
        Question::parse(text).ok_or_else(|| format!("`{text}` is not a lesson question (1-21)"))?;
    let mut out = io::stdout().lock();
    let _ = writeln!(out, "{question}\n");
    let _ = writeln!(out, "{}\n", wrap(question.summary(), 88));
    let rules: Vec<[String; 4]> = registry::all()
        .filter(|meta| meta.question == Some(question))
        .map(|meta| {
            [
                meta.code.to_string(),
                meta.name.to_string(),
                meta.severity.to_string(),
                meta.summary.to_string(),
            ]
        })
        .collect();
    if rules.is_empty() {
        let _ = writeln!(out, "No rule checks this question yet.");
        return Ok(EXIT_CLEAN);
    }
    let _ = writeln!(out, "Rules:");
    drop(out);
    let header = ["CODE", "NAME", "SEVERITY", "FLAGS"].map(String::from);
    print_table(&header, &rules);
    Ok(EXIT_CLEAN)
}

/// Wraps text at `width` characters on word boundaries.
fn wrap(text: &str, width: usize) -> String {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.join("\n")
}
