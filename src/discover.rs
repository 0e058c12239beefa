//! Which files a run checks: Python sources (`.py`, `.pyi`), Jupyter notebooks (`.ipynb`),
//! the extensions the settings add, and project files (`pyproject.toml`). Directories are walked in parallel, honouring `.gitignore` and
//! `.ignore` files, skipping hidden entries and the usual virtual environments, caches and
//! build output, and what the settings of each directory exclude. A file named on the
//! command line is always checked, whatever its name.
//! The same file reached twice (`src` and `src/a.py`) is checked once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::{DirEntry, WalkBuilder, WalkState};

use crate::language::ExtensionMap;
use crate::log;
use crate::resolver::Resolver;
use crate::settings::Exclusions;

/// Names never descended into by default (below a path the user named); the `exclude`
/// setting replaces this list.
pub const EXCLUDED_DIRECTORIES: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "build",
    "dist",
    "node_modules",
    "__pycache__",
    "site-packages",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".eggs",
    "__pypackages__",
];

/// A file to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    /// How reports name it: as reached from the user's paths, without a leading `./`.
    pub display: String,
}

/// A path on the command line that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingPath(pub PathBuf);

impl std::fmt::Display for MissingPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "path does not exist: {}", self.0.display())
    }
}

impl std::error::Error for MissingPath {}

/// Finds the files to check under `paths`, sorted by display path, skipping what
/// `exclusions` exclude (one set of settings for every directory).
pub fn discover(
    paths: &[PathBuf],
    threads: usize,
    exclusions: &Exclusions,
) -> Result<Vec<SourceFile>, MissingPath> {
    let (explicit, directories) = split_paths(paths)?;
    let mut found = explicit;
    if !directories.is_empty() {
        let exclusions = exclusions.clone();
        let respect = exclusions.respect_gitignore;
        let filter = WalkFilter {
            skip: Box::new(move |path: &Path| Ok(exclusions.excludes(path))),
            wanted: Box::new(|path: &Path| ExtensionMap::default().language_of(path).is_some()),
        };
        found.extend(walk(&directories, threads, respect, Arc::new(filter)));
    }
    Ok(deduplicate(found))
}

/// Finds the files to check under `paths` with the settings of each directory: an entry is
/// skipped when the settings governing its directory exclude it, so a nested project's
/// exclusions apply inside it, and files are picked by the extensions those settings know.
/// Directories named on the command line honour `.gitignore` as their own settings say;
/// with `force-exclude`, paths named on the command line are excluded like walked ones.
pub fn discover_with(
    paths: &[PathBuf],
    threads: usize,
    resolver: &Arc<Resolver>,
) -> Result<Vec<SourceFile>, String> {
    let (explicit, directories) = split_paths(paths).map_err(|e| e.to_string())?;
    let mut found = Vec::new();
    for path in explicit {
        if !force_excluded(&path, resolver)? {
            found.push(path);
        }
    }
    let mut by_gitignore: BTreeMap<bool, Vec<PathBuf>> = BTreeMap::new();
    for directory in directories {
        if force_excluded(&directory, resolver)? {
            continue;
        }
        let respect = resolver
            .settings_for_directory(&directory)?
            .exclusions
            .respect_gitignore;
        by_gitignore.entry(respect).or_default().push(directory);
    }
    let errors: Arc<Mutex<Vec<String>>> = Arc::default();
    for (respect, roots) in by_gitignore {
        let skip_resolver = Arc::clone(resolver);
        let wanted_resolver = Arc::clone(resolver);
        let skip_errors = Arc::clone(&errors);
        let filter = WalkFilter {
            skip: Box::new(move |path: &Path| {
                let directory = path.parent().unwrap_or(path);
                match skip_resolver.settings_for_directory(directory) {
                    Ok(settings) => {
                        let excluded = settings.exclusions.excludes(path);
                        if excluded {
                            log::verbose(|| format!("skipped {} (excluded)", path.display()));
                        }
                        Ok(excluded)
                    }
                    Err(error) => {
                        skip_errors
                            .lock()
                            .expect("no panics while holding the lock")
                            .push(error);
                        Err(())
                    }
                }
            }),
            // The directory's settings were resolved when the walk entered it.
            wanted: Box::new(move |path: &Path| {
                let directory = path.parent().unwrap_or(path);
                wanted_resolver
                    .settings_for_directory(directory)
                    .is_ok_and(|s| s.extensions.language_of(path).is_some())
            }),
        };
        found.extend(walk(&roots, threads, respect, Arc::new(filter)));
    }
    let mut errors = std::mem::take(&mut *errors.lock().expect("walks finished"));
    if !errors.is_empty() {
        errors.sort();
        errors.dedup();
        return Err(errors.join("\n"));
    }
    Ok(deduplicate(found))
}

/// Whether a path named on the command line is excluded by its settings (only when they
/// ask for `force-exclude`).
pub fn force_excluded(path: &Path, resolver: &Resolver) -> Result<bool, String> {
    let settings = resolver.settings_for(path)?;
    let excluded = settings.force_exclude
        && settings
            .exclusions
            .excludes_path_or_parent(path, &settings.project_root);
    if excluded {
        log::verbose(|| format!("skipped {} (excluded; --force-exclude)", path.display()));
    }
    Ok(excluded)
}

/// What a walk skips (never a path named on the command line; `Err` skips it too, the
/// error having been recorded) and which files it keeps.
struct WalkFilter {
    skip: Box<SkipEntry>,
    wanted: Box<WantFile>,
}

/// `Ok(true)` skips an entry; `Err` skips it too, the error having been recorded.
type SkipEntry = dyn Fn(&Path) -> Result<bool, ()> + Send + Sync;
type WantFile = dyn Fn(&Path) -> bool + Send + Sync;

/// Files named on the command line, and directories to walk.
fn split_paths(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<PathBuf>), MissingPath> {
    let mut explicit = Vec::new();
    let mut directories = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => directories.push(path.clone()),
            Ok(_) => explicit.push(path.clone()),
            // A broken symlink named explicitly still exists as a path: report it when read.
            Err(_) if std::fs::symlink_metadata(path).is_ok() => explicit.push(path.clone()),
            Err(_) => return Err(MissingPath(path.clone())),
        }
    }
    Ok((explicit, directories))
}

fn walk(roots: &[PathBuf], threads: usize, respect: bool, filter: Arc<WalkFilter>) -> Vec<PathBuf> {
    let mut builder = WalkBuilder::new(&roots[0]);
    for root in &roots[1..] {
        builder.add(root);
    }
    let entry_filter = Arc::clone(&filter);
    builder
        .hidden(true)
        .git_ignore(respect)
        .git_exclude(respect)
        .git_global(respect)
        .ignore(respect)
        .parents(respect)
        // Honour .gitignore even in a directory that is not (yet) a git checkout.
        .require_git(false)
        .follow_links(false)
        .threads(threads)
        // Below the paths the user named, skip what the settings exclude.
        .filter_entry(move |entry| {
            entry.depth() == 0 || (entry_filter.skip)(entry.path()) == Ok(false)
        });
    let found = Mutex::new(Vec::new());
    builder.build_parallel().run(|| {
        Box::new(|entry| {
            if let Ok(entry) = entry {
                if is_file_like(&entry) && (filter.wanted)(entry.path()) && !entry.path().is_dir() {
                    found
                        .lock()
                        .expect("no panics while holding the lock")
                        .push(entry.into_path());
                }
            }
            WalkState::Continue
        })
    });
    found.into_inner().expect("walk finished")
}

/// A file, or a link that may lead to one (the caller rules out a link to a directory, or
/// a directory named `x.py`, once the name is wanted).
fn is_file_like(entry: &DirEntry) -> bool {
    entry
        .file_type()
        .is_some_and(|t| t.is_file() || t.is_symlink())
}

fn display_path(path: &Path) -> String {
    let shown = path.strip_prefix(".").unwrap_or(path);
    let shown = if shown.as_os_str().is_empty() {
        path
    } else {
        shown
    };
    shown.to_string_lossy().into_owned()
}

/// Sorts by display path and keeps one entry per real file.
fn deduplicate(paths: Vec<PathBuf>) -> Vec<SourceFile> {
    let mut by_display: BTreeMap<String, PathBuf> = BTreeMap::new();
    for path in paths {
        by_display.entry(display_path(&path)).or_insert(path);
    }
    let mut seen = std::collections::HashSet::new();
    by_display
        .into_iter()
        .filter(|(_, path)| {
            seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()))
        })
        .map(|(display, path)| SourceFile { path, display })
        .collect()
}
