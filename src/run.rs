//! A whole run over paths: discovery, the project index, every file checked in parallel,
//! and conditional findings settled at the end. The `lint` command and the tests that need
//! a whole project both come through here.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::cache::Cache;
use crate::discover::{self, SourceFile};
use crate::fix::engine::{self, Destination};
use crate::fix::FixSettings;
use crate::linter::{self, FileReport, Linter};
use crate::project::ProjectIndex;
use crate::rule::Rule;
use crate::settings::Settings;

/// Stack size of checking threads. The walks recurse once per level of expression nesting
/// (up to `visit::MAX_EXPRESSION_DEPTH`, about 1.4 KB a level in a debug build); the memory
/// is only reserved, and touched only by files that need it.
const WORKER_STACK_SIZE: usize = 512 * 1024 * 1024;

/// How to run, beyond the settings.
pub struct RunOptions {
    pub threads: usize,
    /// Keep the text of files with findings (for reports that show snippets).
    pub keep_source: bool,
    /// Rules of an embedder's own (or injected by tests).
    pub extra_rules: Vec<&'static dyn Rule>,
    /// The result cache's directory; `None` checks every file afresh.
    pub cache: Option<PathBuf>,
    /// Fix each file, and where the result goes (`None` only reports).
    pub fix: Option<(FixSettings, Destination)>,
}

/// Checks everything under `paths`; reports come back in path order.
pub fn lint_paths(
    paths: &[PathBuf],
    settings: &Settings,
    options: RunOptions,
) -> Result<Vec<FileReport>, String> {
    let files = discover::discover(paths, options.threads, &settings.exclusions)
        .map_err(|e| e.to_string())?;
    let project = Arc::new(ProjectIndex::from_files(
        files.iter().map(|f| f.path.as_path()),
    ));
    let linter = Linter::with_extra_rules(
        settings.rules.clone(),
        options.extra_rules,
        options.keep_source,
    )
    .with_target_version(settings.target_version)
    .with_settings(
        settings.per_file_ignores.clone(),
        settings.rule_settings.clone(),
    )
    .with_project(Arc::clone(&project));
    let cache = options
        .cache
        .map(|directory| Cache::new(directory, settings, &project));
    let pool = worker_pool(options.threads)?;
    let mut reports =
        check_in_parallel(&pool, &linter, &files, cache.as_ref(), options.keep_source);
    let facts = linter::project_facts(&reports);
    for report in &mut reports {
        linter::settle_report(report, &facts);
    }
    // Fixing comes second: a finding may hold only once every module has reported (see
    // `linter::settle`), and only then is it known whether its fix applies.
    if let Some((fix_settings, destination)) = &options.fix {
        let settle = |report: &mut FileReport| linter::settle_report(report, &facts);
        let fix = FixRun {
            linter: &linter,
            settings: fix_settings,
            destination: *destination,
            cache: cache.as_ref(),
            keep_source: options.keep_source,
            settle: &settle,
        };
        fix_in_parallel(&pool, &fix, &files, &mut reports);
    }
    if let Some(cache) = &cache {
        report_cache_use(cache);
    }
    Ok(reports)
}

/// Cache statistics on request (`PYEXPERT_CACHE_STATS=1`), and a warning when entries
/// could not be written (a full disk, a read-only directory): the run itself is fine.
fn report_cache_use(cache: &Cache) {
    let stats = cache.stats();
    if std::env::var_os("PYEXPERT_CACHE_STATS").is_some() {
        eprintln!(
            "cache: {} hits, {} misses, {} write errors",
            stats.hits, stats.misses, stats.write_errors
        );
    }
    if stats.write_errors > 0 {
        eprintln!(
            "pyexpert: warning: could not write {} result cache {} (disk full or directory not writable); the results are complete, the next run will check those files again",
            stats.write_errors,
            if stats.write_errors == 1 { "entry" } else { "entries" }
        );
    }
}

/// Checks source read from standard input, as the file `name` (`--stdin-filename`): its
/// name decides per-file ignores, the module name and what rules about file names see.
pub fn lint_stdin(
    bytes: &[u8],
    name: &std::path::Path,
    settings: &Settings,
    options: RunOptions,
) -> Result<Vec<FileReport>, String> {
    let project = Arc::new(ProjectIndex::from_files([name]));
    let linter = Linter::with_extra_rules(
        settings.rules.clone(),
        options.extra_rules,
        options.keep_source,
    )
    .with_target_version(settings.target_version)
    .with_settings(
        settings.per_file_ignores.clone(),
        settings.rule_settings.clone(),
    )
    .with_project(project);
    let display = name.to_string_lossy().trim_start_matches("./").to_string();
    // The same big stack as the file workers: nesting depth is the input's choice.
    let report = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("pyexpert-stdin".into())
            .stack_size(WORKER_STACK_SIZE)
            .spawn_scoped(scope, || {
                let mut report = linter.lint_contents(bytes, name, display);
                let facts = linter::project_facts(std::slice::from_ref(&report));
                linter::settle_report(&mut report, &facts);
                let settle = |report: &mut FileReport| linter::settle_report(report, &facts);
                match &options.fix {
                    Some((settings, destination)) => engine::fix_file(
                        &linter,
                        settings,
                        name,
                        bytes,
                        report,
                        *destination,
                        &settle,
                    ),
                    None => report,
                }
            })
            .map_err(|e| format!("cannot start a worker thread: {e}"))?
            .join()
            .map_err(|_| "the checking thread failed".to_string())
    })?;
    Ok(vec![report])
}

/// The pool the files are checked (and fixed) on.
fn worker_pool(threads: usize) -> Result<rayon::ThreadPool, String> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(WORKER_STACK_SIZE)
        .thread_name(|i| format!("pyexpert-worker-{i}"))
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))
}

/// Runs `work` with rule panics kept quiet: a panic becomes a PX0003 diagnostic, and the
/// default hook's backtrace would only add noise.
fn quietly<T>(work: impl FnOnce() -> T) -> T {
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = work();
    std::panic::set_hook(previous_hook);
    result
}

/// Checks every file on the pool. Results come back in file order.
fn check_in_parallel(
    pool: &rayon::ThreadPool,
    linter: &Linter,
    files: &[SourceFile],
    cache: Option<&Cache>,
    keep_source: bool,
) -> Vec<FileReport> {
    quietly(|| {
        pool.install(|| {
            files
                .par_iter()
                .map(|file| match (cache, std::fs::read(&file.path)) {
                    (Some(cache), Ok(bytes)) => {
                        cache.report(&file.path, &file.display, &bytes, keep_source, || {
                            linter.lint_contents(&bytes, &file.path, file.display.clone())
                        })
                    }
                    _ => linter.lint_path(&file.path, file.display.clone()),
                })
                .collect()
        })
    })
}

/// What fixing a run's files needs.
struct FixRun<'r> {
    linter: &'r Linter,
    settings: &'r FixSettings,
    destination: Destination,
    cache: Option<&'r Cache>,
    keep_source: bool,
    settle: &'r (dyn Fn(&mut FileReport) + Sync),
}

/// Fixes, on the pool, every file whose settled report has a fix that applies. Each file
/// is read again: the fixes are computed for, applied to, and checked against the bytes
/// it holds now (a cached report is used only for exactly those bytes).
fn fix_in_parallel(
    pool: &rayon::ThreadPool,
    run: &FixRun<'_>,
    files: &[SourceFile],
    reports: &mut [FileReport],
) {
    quietly(|| {
        pool.install(|| {
            files
                .par_iter()
                .zip(reports.par_iter_mut())
                .filter(|(_, report)| engine::has_applicable_fix(report, run.settings))
                .for_each(|(file, report)| {
                    let Ok(bytes) = std::fs::read(&file.path) else {
                        return;
                    };
                    let lint = || {
                        run.linter
                            .lint_contents(&bytes, &file.path, file.display.clone())
                    };
                    let mut first = match run.cache {
                        Some(cache) => {
                            cache.report(&file.path, &file.display, &bytes, run.keep_source, lint)
                        }
                        None => lint(),
                    };
                    (run.settle)(&mut first);
                    *report = engine::fix_file(
                        run.linter,
                        run.settings,
                        &file.path,
                        &bytes,
                        first,
                        run.destination,
                        run.settle,
                    );
                });
        })
    });
}

/// Worker threads: the request, else RAYON_NUM_THREADS, else one per core.
pub fn thread_count(requested: Option<usize>) -> usize {
    requested
        .filter(|n| *n > 0)
        .or_else(|| {
            std::env::var("RAYON_NUM_THREADS")
                .ok()
                .and_then(|n| n.parse().ok())
                .filter(|n| *n > 0)
        })
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
        .unwrap_or(1)
}
