//! A whole run over paths: discovery, the project index, every file checked in parallel
//! with the settings that govern it (one linter per distinct settings), and conditional
//! findings settled at the end. The `lint` command and the tests that need
//! a whole project both come through here.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::cache::{Cache, CacheScope};
use crate::discover::{self, SourceFile};
use crate::fix::engine::{self, Destination};
use crate::fix::FixSettings;
use crate::language::Language;
use crate::linter::{self, FileReport, Linter, LinterOptions};
use crate::project::ProjectIndex;
use crate::resolver::Resolver;
use crate::rule::Rule;
use crate::settings::Settings;

/// Stack size of checking threads. The walks recurse once per level of expression nesting
/// (up to `visit::MAX_EXPRESSION_DEPTH`, about 1.4 KB a level in a debug build); the memory
/// is only reserved, and touched only by files that need it.
pub(crate) const WORKER_STACK_SIZE: usize = 512 * 1024 * 1024;

/// How to run, beyond the settings.
pub struct RunOptions {
    pub threads: usize,
    /// Keep the text of files with findings (for reports that show snippets).
    pub keep_source: bool,
    /// Rules of an embedder's own (or injected by tests).
    pub extra_rules: Vec<&'static dyn Rule>,
    /// Where the result cache lives; `None` checks every file afresh.
    pub cache: Option<CacheLocation>,
    /// Fix each file, and where the result goes (`None` only reports). Which fixes apply
    /// follows each file's settings.
    pub fix: Option<Destination>,
}

/// Where result cache entries go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheLocation {
    /// One directory for every file (`--cache-dir`, `PYEXPERT_CACHE_DIR`).
    Directory(PathBuf),
    /// `.pyexpert_cache` in the project root of each file's settings.
    ProjectRoots,
}

/// Checks everything under `paths` with one set of settings for every file; reports come
/// back in path order.
pub fn lint_paths(
    paths: &[PathBuf],
    settings: &Settings,
    options: RunOptions,
) -> Result<Vec<FileReport>, String> {
    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
    let resolver = Arc::new(Resolver::fixed(&cwd, settings.clone()));
    lint_workspace(paths, &resolver, options)
}

/// Checks everything under `paths`, each file with the settings `resolver` gives it (its
/// nearest configuration file, unless the command line named one); reports come back in
/// path order.
pub fn lint_workspace(
    paths: &[PathBuf],
    resolver: &Arc<Resolver>,
    options: RunOptions,
) -> Result<Vec<FileReport>, String> {
    let files = discover::discover_with(paths, options.threads, resolver)?;
    let groups = Groups::of(&files, resolver)?;
    // Notebooks are not importable: they are no modules of the project.
    let project = Arc::new(ProjectIndex::from_files(
        files
            .iter()
            .zip(&groups.of_file)
            .filter(|(file, &group)| {
                groups.settings[group]
                    .extensions
                    .language_of_named(&file.path)
                    != Language::Notebook
            })
            .map(|(file, _)| file.path.as_path()),
    ));
    crate::log::verbose(|| groups.describe());
    let cache = options.cache.as_ref().map(|_| Cache::new(&project));
    let checks: Vec<Check<'_>> = groups
        .settings
        .iter()
        .map(|settings| Check {
            linter: Linter::for_settings(
                settings,
                LinterOptions {
                    keep_source: options.keep_source,
                    extra_rules: options.extra_rules.clone(),
                    project: Some(Arc::clone(&project)),
                },
            ),
            cache: cache
                .as_ref()
                .zip(options.cache.as_ref())
                .map(|(cache, location)| {
                    let directory = match location {
                        CacheLocation::Directory(directory) => directory.clone(),
                        CacheLocation::ProjectRoots => crate::cache::directory(None, settings),
                    };
                    cache.scope(directory, settings)
                }),
            fix: &settings.fix,
        })
        .collect();
    let pool = worker_pool(options.threads)?;
    let mut reports =
        check_in_parallel(&pool, &checks, &files, &groups.of_file, options.keep_source);
    let facts = linter::project_facts(&reports);
    for report in &mut reports {
        linter::settle_report(report, &facts);
    }
    // Fixing comes second: a finding may hold only once every module has reported (see
    // `linter::settle`), and only then is it known whether its fix applies.
    if let Some(destination) = options.fix {
        let settle = |report: &mut FileReport| linter::settle_report(report, &facts);
        let fix = FixRun {
            checks: &checks,
            of_file: &groups.of_file,
            destination,
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

/// The distinct settings of a run's files, and which each file uses.
struct Groups {
    settings: Vec<Arc<Settings>>,
    of_file: Vec<usize>,
}

impl Groups {
    fn of(files: &[SourceFile], resolver: &Resolver) -> Result<Groups, String> {
        let mut settings: Vec<Arc<Settings>> = Vec::new();
        let mut of_file = Vec::with_capacity(files.len());
        for file in files {
            let governing = resolver.settings_for_file(&file.path)?;
            let index = match settings.iter().position(|s| Arc::ptr_eq(s, &governing)) {
                Some(index) => index,
                None => {
                    settings.push(governing);
                    settings.len() - 1
                }
            };
            of_file.push(index);
        }
        Ok(Groups { settings, of_file })
    }

    /// How many files each configuration governs, for `-v`.
    fn describe(&self) -> String {
        let lines: Vec<String> = self
            .settings
            .iter()
            .enumerate()
            .map(|(index, settings)| {
                let count = self.of_file.iter().filter(|&&i| i == index).count();
                let governing = settings.config_file.as_ref().map_or_else(
                    || "no configuration file".to_string(),
                    |f| f.display().to_string(),
                );
                format!(
                    "{count} {} governed by {governing} (target {})",
                    if count == 1 { "file" } else { "files" },
                    settings.target_version
                )
            })
            .collect();
        lines.join("\npyexpert: ")
    }
}

/// What checks the files one set of settings governs.
struct Check<'c> {
    linter: Linter,
    cache: Option<CacheScope<'c>>,
    /// Which fixes apply to these files (`unsafe-fixes`, `fixable`...).
    fix: &'c FixSettings,
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
        crate::log::warn(format!(
            "could not write {} result cache {} (disk full or directory not writable); the results are complete, the next run will check those files again",
            stats.write_errors,
            if stats.write_errors == 1 { "entry" } else { "entries" }
        ));
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
    let linter = Linter::for_settings(
        settings,
        LinterOptions {
            keep_source: options.keep_source,
            extra_rules: options.extra_rules,
            project: Some(project),
        },
    );
    let display = name.to_string_lossy().trim_start_matches("./").to_string();
    // The same big stack as the file workers: nesting depth is the input's choice.
    let report = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("pyexpert-stdin".into())
            .stack_size(WORKER_STACK_SIZE)
            .spawn_scoped(scope, || {
                let mut report = linter.lint_contents(bytes, name, display);
                settings.fix.strip_unfixable(&mut report);
                let facts = linter::project_facts(std::slice::from_ref(&report));
                linter::settle_report(&mut report, &facts);
                let settle = |report: &mut FileReport| linter::settle_report(report, &facts);
                match options.fix {
                    Some(destination) => engine::fix_file(
                        &linter,
                        &settings.fix,
                        name,
                        bytes,
                        report,
                        destination,
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

/// Checks every file on the pool, each with the check of its settings
/// (`checks[of_file[i]]`). Results come back in file order.
fn check_in_parallel(
    pool: &rayon::ThreadPool,
    checks: &[Check<'_>],
    files: &[SourceFile],
    of_file: &[usize],
    keep_source: bool,
) -> Vec<FileReport> {
    quietly(|| {
        pool.install(|| {
            files
                .par_iter()
                .zip(of_file.par_iter())
                .map(|(file, &check)| {
                    let Check { linter, cache, fix } = &checks[check];
                    let mut report = match (cache, std::fs::read(&file.path)) {
                        (Some(cache), Ok(bytes)) => {
                            let mut report = cache.report(
                                &file.path,
                                &file.display,
                                &bytes,
                                keep_source,
                                || linter.lint_contents(&bytes, &file.path, file.display.clone()),
                            );
                            restore_notebook_index(linter, &file.path, &bytes, &mut report);
                            report
                        }
                        _ => linter.lint_path(&file.path, file.display.clone()),
                    };
                    fix.strip_unfixable(&mut report);
                    report
                })
                .collect()
        })
    })
}

/// What fixing a run's files needs.
struct FixRun<'r> {
    checks: &'r [Check<'r>],
    of_file: &'r [usize],
    destination: Destination,
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
                .zip(run.of_file.par_iter())
                .zip(reports.par_iter_mut())
                .filter(|((_, &check), report)| {
                    engine::has_applicable_fix(report, run.checks[check].fix)
                })
                .for_each(|((file, &check), report)| {
                    let Check { linter, cache, fix } = &run.checks[check];
                    let Ok(bytes) = std::fs::read(&file.path) else {
                        return;
                    };
                    let lint = || linter.lint_contents(&bytes, &file.path, file.display.clone());
                    let mut first = match cache {
                        Some(cache) => {
                            cache.report(&file.path, &file.display, &bytes, run.keep_source, lint)
                        }
                        None => lint(),
                    };
                    (run.settle)(&mut first);
                    *report = engine::fix_file(
                        linter,
                        fix,
                        &file.path,
                        &bytes,
                        first,
                        run.destination,
                        run.settle,
                    );
                    fix.strip_unfixable(report);
                });
        })
    });
}

/// A report read back from the cache does not store a notebook's cell index; it is read
/// again from the file (reports need it only when there is something to show).
fn restore_notebook_index(
    linter: &Linter,
    path: &std::path::Path,
    bytes: &[u8],
    report: &mut FileReport,
) {
    let needed = report.notebook.is_none()
        && !(report.diagnostics.is_empty() && report.warnings.is_empty())
        && linter.language_of(path) == Language::Notebook;
    if needed {
        report.notebook = crate::notebook::Notebook::parse(bytes)
            .ok()
            .flatten()
            .map(|notebook| Arc::new(notebook.index));
    }
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
