//! The result cache: a file whose bytes, pyexpert version and resolved settings have not
//! changed since the last run is not parsed or checked again; its report is read back.
//!
//! Entries are content-addressed. An entry's name hashes everything its report depends on:
//! the run's fingerprint (pyexpert's version and the set of the project's modules, which
//! layer contracts and module names read), the fingerprint of the settings governing the
//! file (the enabled rules, the target version, the per-file ignores and rule settings),
//! the file's path and bytes, and the project files the report reads: the build and test
//! configuration (`pyproject.toml`, `setup.cfg`, `setup.py`, `pytest.ini`, `tox.ini`) in
//! the file's directory and every directory above it, which give a build helper its role,
//! a package its pins, a test suite its warning filters and a package its extension
//! modules; and for a package's `__init__.py` with an `__all__`, the modules beside it.
//! Findings that depend on other
//! modules (PX1001) are cached with their condition and each module's facts, and settled
//! afresh on every run, so they stay right when only a dependency changed.
//!
//! An entry repeats its full key inside; one that does not parse or does not match is
//! ignored and rewritten, never trusted. Entries are written to a temporary file and
//! renamed into place, so concurrent runs never see half an entry.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rustpython_parser::text_size::{TextRange, TextSize};
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, DiagnosticFix, Location, Severity, ShownEdit};
use crate::fix::imports::UnusedImport;
use crate::fix::{Applicability, Edit, Fix};
use crate::linter::{FileReport, FileWarning};
use crate::project::{Condition, ModuleFacts, ProjectIndex};
use crate::registry;
use crate::settings::Settings;

/// Where the cache lives unless told otherwise, relative to the project root.
pub const DEFAULT_DIRECTORY: &str = ".pyexpert_cache";

/// The environment variable that names the cache directory.
pub const DIRECTORY_VARIABLE: &str = "PYEXPERT_CACHE_DIR";

/// Bumped when the entry format changes, or what an entry holds for the same bytes does
/// (4: notebook findings keep the fixes their cells can hold).
const FORMAT: u32 = 4;

/// An open cache for one run: what every entry's key shares (the format, pyexpert's
/// version, the project's modules) and the statistics.
pub struct Cache {
    fingerprint: u64,
    hits: AtomicUsize,
    misses: AtomicUsize,
    write_errors: AtomicUsize,
    /// [`Cache::configuration_digest`] of each directory seen so far.
    configuration_digests: Mutex<HashMap<PathBuf, u64>>,
}

/// Files whose contents a report may depend on, wherever they sit above the file: build
/// metadata (roles, pins, python_requires, extension modules) and pytest's configuration.
const CONFIGURATION_FILES: &[&str] = &[
    "pyproject.toml",
    "setup.cfg",
    "setup.py",
    "pytest.ini",
    "tox.ini",
];

/// The part of a cache for the files one set of settings governs, in one directory.
pub struct CacheScope<'c> {
    cache: &'c Cache,
    directory: PathBuf,
    fingerprint: u64,
}

/// What the cache did in a run (`PYEXPERT_CACHE_STATS=1` prints it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub hits: usize,
    pub misses: usize,
    pub write_errors: usize,
}

/// Which build of pyexpert runs: the executable's size and modification time. Rules change
/// between builds of one version (a development tree, a pre-commit hook pinned to a newer
/// commit), and an entry written by another build must not be read back as this one's.
fn build_identity() -> Option<(u64, std::time::SystemTime)> {
    let metadata = std::env::current_exe().ok()?.metadata().ok()?;
    Some((metadata.len(), metadata.modified().ok()?))
}

impl Cache {
    /// A cache for a run over `project`.
    pub fn new(project: &ProjectIndex) -> Cache {
        let mut hasher = StableHasher::new();
        FORMAT.hash(&mut hasher);
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        build_identity().hash(&mut hasher);
        let mut modules: Vec<&str> = project.module_names().collect();
        modules.sort_unstable();
        modules.hash(&mut hasher);
        Cache {
            fingerprint: hasher.finish(),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
            write_errors: AtomicUsize::new(0),
            configuration_digests: Mutex::new(HashMap::new()),
        }
    }

    /// Entries in `directory` for files governed by `settings`.
    pub fn scope(&self, directory: PathBuf, settings: &Settings) -> CacheScope<'_> {
        let mut hasher = StableHasher::new();
        self.fingerprint.hash(&mut hasher);
        settings.fingerprint.hash(&mut hasher);
        CacheScope {
            cache: self,
            directory,
            fingerprint: hasher.finish(),
        }
    }

    /// A digest of the configuration files in `directory` and every directory above it
    /// (see [`CONFIGURATION_FILES`]), computed once per directory of a run.
    fn configuration_digest(&self, directory: &Path) -> u64 {
        if let Some(digest) = self.lock_digests().get(directory) {
            return *digest;
        }
        let mut hasher = StableHasher::new();
        if let Some(parent) = directory.parent() {
            self.configuration_digest(parent).hash(&mut hasher);
        }
        for name in CONFIGURATION_FILES {
            std::fs::read(directory.join(name)).ok().hash(&mut hasher);
        }
        let digest = hasher.finish();
        self.lock_digests().insert(directory.to_path_buf(), digest);
        digest
    }

    fn lock_digests(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, u64>> {
        self.configuration_digests
            .lock()
            .expect("no panics while holding the lock")
    }

    pub fn stats(&self) -> Stats {
        Stats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            write_errors: self.write_errors.load(Ordering::Relaxed),
        }
    }
}

impl CacheScope<'_> {
    /// The report for `path` (whose contents are `bytes`), from the cache or from `lint`,
    /// which is then stored. `source` rebuilds the text the full report shows on a hit.
    pub fn report(
        &self,
        path: &Path,
        display: &str,
        bytes: &[u8],
        keep_source: bool,
        lint: impl FnOnce() -> FileReport,
    ) -> FileReport {
        let key = self.key(path, display, bytes);
        let entry_path = self.entry_path(&key);
        if let Some(report) = read_entry(&entry_path, &key, display) {
            crate::log::verbose(|| format!("{display}: results from the cache"));
            self.cache.hits.fetch_add(1, Ordering::Relaxed);
            let mut report = report;
            if keep_source && !report.diagnostics.is_empty() {
                report.source = crate::source::decode(bytes).ok();
            }
            return report;
        }
        self.cache.misses.fetch_add(1, Ordering::Relaxed);
        let report = lint();
        // A rule that panicked says nothing about the next run.
        if !report.internal_error && write_entry(&entry_path, &key, &report).is_err() {
            self.cache.write_errors.fetch_add(1, Ordering::Relaxed);
        }
        report
    }

    /// Everything `path`'s report depends on, as the text stored in its entry.
    fn key(&self, path: &Path, display: &str, bytes: &[u8]) -> String {
        let mut hasher = StableHasher::new();
        bytes.hash(&mut hasher);
        if let Some(directory) = path.parent().and_then(crate::project::absolute_directory) {
            self.cache
                .configuration_digest(&directory)
                .hash(&mut hasher);
            // A package's `__all__` may name an extension module that only the modules
            // beside `__init__.py` show, by importing it from the package (PX0104). An
            // `__init__.py` without one depends on nothing beside it.
            let lists_exports = bytes.windows(7).any(|window| window == b"__all__");
            if lists_exports && path.file_name().is_some_and(|name| name == "__init__.py") {
                sibling_modules(&directory).hash(&mut hasher);
            }
        }
        format!(
            "{:016x}:{:016x}:{}",
            self.fingerprint,
            hasher.finish(),
            display
        )
    }

    fn entry_path(&self, key: &str) -> PathBuf {
        let mut hasher = StableHasher::new();
        key.hash(&mut hasher);
        let name = format!("{:016x}", hasher.finish());
        self.directory.join(&name[..2]).join(&name[2..])
    }
}

/// Where the cache of files governed by `settings` goes: `--cache-dir`, else
/// `PYEXPERT_CACHE_DIR`, else `.pyexpert_cache` in the settings' project root (the
/// configuration file's directory, else the nearest `pyproject.toml`'s, else the current
/// directory).
pub fn directory(requested: Option<&Path>, settings: &Settings) -> PathBuf {
    if let Some(requested) = requested {
        return requested.to_path_buf();
    }
    if let Some(from_env) = std::env::var_os(DIRECTORY_VARIABLE).filter(|v| !v.is_empty()) {
        return PathBuf::from(from_env);
    }
    settings.project_root.join(DEFAULT_DIRECTORY)
}

/// `pyexpert clean`: removes the cache directory. Only a directory that looks like a
/// pyexpert cache (its entries and nothing else) is removed.
pub fn clean(directory: &Path) -> Result<bool, String> {
    if !directory.exists() {
        return Ok(false);
    }
    let marker = directory.join("CACHEDIR.TAG");
    if !marker.is_file() {
        return Err(format!(
            "{} does not look like a pyexpert cache (no CACHEDIR.TAG); not removing it",
            directory.display()
        ));
    }
    std::fs::remove_dir_all(directory)
        .map(|_| true)
        .map_err(|e| format!("cannot remove {}: {e}", directory.display()))
}

#[derive(Serialize, Deserialize)]
struct Entry {
    format: u32,
    key: String,
    module: Option<String>,
    diagnostics: Vec<CachedDiagnostic>,
    pending: Vec<(CachedDiagnostic, Condition)>,
    facts: ModuleFacts,
    /// `(line, column, message)` of each warning about the file's comments.
    warnings: Vec<(u32, u32, String)>,
}

#[derive(Serialize, Deserialize)]
struct CachedDiagnostic {
    code: String,
    severity: String,
    message: String,
    help: Option<String>,
    range: (u32, u32),
    start: (u32, u32),
    end: (u32, u32),
    fix: Option<CachedFix>,
}

/// A fix, stored so that a warm `--diff` or `--fix` needs no parse of an unchanged file.
#[derive(Serialize, Deserialize)]
struct CachedFix {
    applicability: Applicability,
    message: String,
    edits: Vec<CachedEdit>,
    unused_imports: Vec<CachedUnusedImport>,
    shown: Vec<CachedShownEdit>,
}

/// An edit as reports show it: the edit, and its start and end line and column.
#[derive(Serialize, Deserialize)]
struct CachedShownEdit {
    edit: CachedEdit,
    start: (u32, u32),
    end: (u32, u32),
}

#[derive(Serialize, Deserialize)]
struct CachedEdit {
    range: (u32, u32),
    content: String,
}

#[derive(Serialize, Deserialize)]
struct CachedUnusedImport {
    name: String,
    statement: (u32, u32),
    aliases: Vec<(u32, u32)>,
    alias: usize,
    lines: Option<(u32, u32)>,
    block: Option<((u32, u32), u32)>,
    references: Vec<(u32, u32)>,
}

fn store_range(range: TextRange) -> (u32, u32) {
    (range.start().into(), range.end().into())
}

/// `None` for an inverted range (the entry is then not trusted).
fn load_range((start, end): (u32, u32)) -> Option<TextRange> {
    (start <= end).then(|| TextRange::new(TextSize::from(start), TextSize::from(end)))
}

fn load_location((line, column): (u32, u32)) -> Location {
    Location { line, column }
}

impl CachedEdit {
    fn from(edit: &Edit) -> Self {
        CachedEdit {
            range: store_range(edit.range),
            content: edit.content.clone(),
        }
    }

    fn into_edit(self) -> Option<Edit> {
        Some(Edit::replacement(load_range(self.range)?, self.content))
    }
}

impl CachedFix {
    fn from(fix: &DiagnosticFix) -> Self {
        CachedFix {
            applicability: fix.fix.applicability,
            message: fix.fix.message.clone(),
            edits: fix.fix.edits.iter().map(CachedEdit::from).collect(),
            unused_imports: fix
                .fix
                .unused_imports
                .iter()
                .map(|import| CachedUnusedImport {
                    name: import.name.clone(),
                    statement: store_range(import.statement),
                    aliases: import.aliases.iter().copied().map(store_range).collect(),
                    alias: import.alias,
                    lines: import.lines.map(store_range),
                    block: import.block.map(|(range, size)| (store_range(range), size)),
                    references: import.references.iter().copied().map(store_range).collect(),
                })
                .collect(),
            shown: fix
                .shown
                .iter()
                .map(|shown| CachedShownEdit {
                    edit: CachedEdit::from(&shown.edit),
                    start: (shown.start.line, shown.start.column),
                    end: (shown.end.line, shown.end.column),
                })
                .collect(),
        }
    }

    fn into_fix(self) -> Option<Box<DiagnosticFix>> {
        let edits = self
            .edits
            .into_iter()
            .map(CachedEdit::into_edit)
            .collect::<Option<Vec<_>>>()?;
        let unused_imports = self
            .unused_imports
            .into_iter()
            .map(|import| {
                Some(UnusedImport {
                    name: import.name,
                    statement: load_range(import.statement)?,
                    aliases: import
                        .aliases
                        .into_iter()
                        .map(load_range)
                        .collect::<Option<Vec<_>>>()?,
                    alias: import.alias,
                    lines: match import.lines {
                        Some(lines) => Some(load_range(lines)?),
                        None => None,
                    },
                    block: match import.block {
                        Some((range, size)) => Some((load_range(range)?, size)),
                        None => None,
                    },
                    references: import
                        .references
                        .into_iter()
                        .map(load_range)
                        .collect::<Option<Vec<_>>>()?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        if unused_imports.iter().any(|i| i.alias >= i.aliases.len()) {
            return None;
        }
        let fix =
            Fix::new(self.applicability, self.message, edits)?.with_unused_imports(unused_imports);
        let shown = self
            .shown
            .into_iter()
            .map(|shown| {
                Some(ShownEdit {
                    edit: shown.edit.into_edit()?,
                    start: load_location(shown.start),
                    end: load_location(shown.end),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Box::new(DiagnosticFix { fix, shown }))
    }
}

impl CachedDiagnostic {
    fn from(diagnostic: &Diagnostic) -> Self {
        CachedDiagnostic {
            code: diagnostic.code().to_string(),
            severity: diagnostic.severity.as_str().to_string(),
            message: diagnostic.message.clone(),
            help: diagnostic.help.clone(),
            range: (
                diagnostic.range.start().into(),
                diagnostic.range.end().into(),
            ),
            start: (diagnostic.start.line, diagnostic.start.column),
            end: (diagnostic.end.line, diagnostic.end.column),
            fix: diagnostic.fix.as_deref().map(CachedFix::from),
        }
    }

    /// `None` when the code is unknown to this build (the entry is then not trusted).
    fn into_diagnostic(self) -> Option<Diagnostic> {
        let rule = registry::find(&self.code)?;
        let severity = match self.severity.as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "advice" => Severity::Advice,
            _ => return None,
        };
        let (start, end) = self.range;
        if start > end {
            return None;
        }
        let fix = match self.fix {
            Some(fix) => Some(fix.into_fix()?),
            None => None,
        };
        Some(Diagnostic {
            rule,
            severity,
            message: self.message,
            help: self.help,
            range: TextRange::new(TextSize::from(start), TextSize::from(end)),
            start: Location {
                line: self.start.0,
                column: self.start.1,
            },
            end: Location {
                line: self.end.0,
                column: self.end.1,
            },
            fix,
        })
    }
}

fn read_entry(path: &Path, key: &str, display: &str) -> Option<FileReport> {
    let text = std::fs::read(path).ok()?;
    let entry: Entry = serde_json::from_slice(&text).ok()?;
    if entry.format != FORMAT || entry.key != key {
        return None;
    }
    let diagnostics = entry
        .diagnostics
        .into_iter()
        .map(CachedDiagnostic::into_diagnostic)
        .collect::<Option<Vec<_>>>()?;
    let pending = entry
        .pending
        .into_iter()
        .map(|(diagnostic, condition)| diagnostic.into_diagnostic().map(|d| (d, condition)))
        .collect::<Option<Vec<_>>>()?;
    Some(FileReport {
        path: display.to_string(),
        module: entry.module,
        diagnostics,
        pending,
        facts: entry.facts,
        source: None,
        internal_error: false,
        notebook: None,
        warnings: entry
            .warnings
            .into_iter()
            .map(|(line, column, message)| FileWarning {
                start: Location { line, column },
                message,
            })
            .collect(),
        fixes: None,
    })
}

fn write_entry(path: &Path, key: &str, report: &FileReport) -> std::io::Result<()> {
    let entry = Entry {
        format: FORMAT,
        key: key.to_string(),
        module: report.module.clone(),
        diagnostics: report
            .diagnostics
            .iter()
            .map(CachedDiagnostic::from)
            .collect(),
        pending: report
            .pending
            .iter()
            .map(|(diagnostic, condition)| (CachedDiagnostic::from(diagnostic), condition.clone()))
            .collect(),
        facts: report.facts.clone(),
        warnings: report
            .warnings
            .iter()
            .map(|w| (w.start.line, w.start.column, w.message.clone()))
            .collect(),
    };
    let directory = path.parent().expect("entries live in a subdirectory");
    std::fs::create_dir_all(directory)?;
    ensure_tag(directory.parent().expect("the cache directory"))?;
    let temporary = directory.join(format!(
        ".{}.{}.tmp",
        path.file_name().unwrap_or_default().to_string_lossy(),
        unique_suffix()
    ));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        serde_json::to_writer(&mut file, &entry).map_err(std::io::Error::from)?;
        file.flush()?;
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

/// Marks the directory as a cache (backup tools skip it; `pyexpert clean` looks for it)
/// and keeps it out of git.
fn ensure_tag(directory: &Path) -> std::io::Result<()> {
    let tag = directory.join("CACHEDIR.TAG");
    if !tag.exists() {
        std::fs::write(
            &tag,
            "Signature: 8a477f597d28d172789f06886806bc55\n# This directory is pyexpert's result cache; `pyexpert clean` removes it.\n",
        )?;
        std::fs::write(directory.join(".gitignore"), "*\n")?;
    }
    Ok(())
}

/// Distinct for every temporary file of every process and thread.
fn unique_suffix() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    format!(
        "{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The contents of the `.py` files in `directory` other than `__init__.py`, by name.
fn sibling_modules(directory: &Path) -> Vec<(std::ffi::OsString, Option<Vec<u8>>)> {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return Vec::new();
    };
    let mut modules: Vec<_> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension().is_some_and(|extension| extension == "py")
                && path.file_name().is_some_and(|name| name != "__init__.py")
        })
        .map(|path| {
            (
                path.file_name().unwrap_or_default().to_owned(),
                std::fs::read(&path).ok(),
            )
        })
        .collect();
    modules.sort();
    modules
}

/// FNV-1a, 64 bits: stable across platforms, releases and runs, unlike std's hashers.
pub(crate) struct StableHasher(u64);

impl StableHasher {
    pub(crate) fn new() -> Self {
        StableHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for StableHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}
