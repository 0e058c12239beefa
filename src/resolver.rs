//! Which settings govern which file. Configuration follows the file, not the shell: each
//! file is governed by the nearest `pyexpert.toml`, or `pyproject.toml` with a
//! `[tool.pyexpert]` table, at or above it, so a nested project's configuration wins inside
//! it and `cd /tmp && pyexpert lint ~/proj` checks `~/proj` exactly as running inside it
//! would. `--config PATH` makes one file govern everything, `--isolated` none; inline
//! `--config "KEY = VALUE"` overrides and the command-line flags apply on top of whichever
//! file governs.
//!
//! The target version follows the file too: unless a layer sets `target-version`, it is
//! the lowest Python the `requires-python` of the nearest `pyproject.toml` at or above the
//! file allows (with `--config`, the one nearest the named file; with `--isolated`, none),
//! else the `python_requires` of `setup.cfg` or `setup.py` beside it or below it (see
//! [`crate::setup_metadata`]).
//!
//! Work is done once per directory: a directory's configuration file and nearest
//! `pyproject.toml` are looked up once (from its parent's answer and two file checks), each
//! configuration file is read once, and each distinct (configuration, pyproject) pair is
//! combined into [`Settings`] once and shared by every file it governs.
//!
//! # In a long-running process
//!
//! An editor server keeps one `Resolver` for a workspace and asks it per document:
//!
//! ```no_run
//! # use std::path::Path;
//! # fn demo(document: &Path, text: &[u8]) -> Result<(), String> {
//! use pyexpert::resolver::{Discovery, Resolver};
//! use pyexpert::linter::{Linter, LinterOptions};
//!
//! let resolver = Resolver::new(Path::new("/work/space"), Discovery::Hierarchical, Vec::new());
//! let settings = resolver.settings_for_file(document)?; // memoised per directory
//! let linter = Linter::for_settings(&settings, LinterOptions::default());
//! let report = linter.lint_contents(text, document, document.display().to_string());
//! # let _ = report; Ok(()) }
//! ```
//!
//! Linters are cheap to build but a server may keep one per [`Settings::fingerprint`].
//! When a configuration file changes (any name [`crate::config::is_config_name`] accepts,
//! or one of [`Resolver::files_read`], which includes files reached through `extend`),
//! call [`Resolver::refresh`]: everything is read again on the next request.

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use crate::config::{self, ConfigFile};
use crate::log;
use crate::settings::{Context, Layer, Settings};
use crate::setup_metadata;
use crate::version::{self, PythonVersion};

/// What the settings take from a `pyproject.toml`, read once.
#[derive(Debug, Clone)]
struct PyProjectFacts {
    requires_python: Option<PythonVersion>,
    ruff_ignores: Vec<String>,
}

/// Where configuration comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Discovery {
    /// Each file's nearest configuration file (the default).
    Hierarchical,
    /// This file governs every file (`--config PATH`).
    File(PathBuf),
    /// No configuration file at all (`--isolated`).
    Isolated,
}

/// What one directory's lookup found.
#[derive(Debug, Clone, Default)]
struct DirectoryFacts {
    /// The configuration file governing the directory.
    config: Option<PathBuf>,
    /// The nearest `pyproject.toml` at or above it.
    pyproject: Option<PathBuf>,
    /// The nearest directory at or above it with a `setup.cfg` or `setup.py`, whose
    /// `python_requires` stands in for a missing `requires-python`.
    setup_directory: Option<PathBuf>,
}

/// A configuration file and the files it extends, as layers (base first).
struct ReadConfig {
    files: Vec<PathBuf>,
    layers: Vec<Layer>,
}

/// What a directory's settings depend on: its configuration file, its nearest
/// `pyproject.toml` and its nearest setuptools directory.
type SettingsKey = (Option<PathBuf>, Option<PathBuf>, Option<PathBuf>);

/// Resolves settings per file and directory, memoising per directory. Shareable between
/// threads (the parallel directory walk asks it for every directory it enters).
pub struct Resolver {
    cwd: PathBuf,
    discovery: Discovery,
    /// Inline `--config` overrides and the command-line flags, applied over every file's
    /// configuration.
    overrides: Vec<Layer>,
    directories: RwLock<HashMap<PathBuf, DirectoryFacts>>,
    configs: Mutex<HashMap<PathBuf, Arc<ReadConfig>>>,
    settings: Mutex<HashMap<SettingsKey, Arc<Settings>>>,
    /// What each `pyproject.toml` read says: its lowest allowed Python, Ruff's ignores.
    pyprojects: Mutex<HashMap<PathBuf, PyProjectFacts>>,
    files_read: Mutex<BTreeSet<PathBuf>>,
    /// Settings given whole, for every file ([`Resolver::fixed`]).
    fixed: Option<Arc<Settings>>,
}

impl Resolver {
    /// A resolver for paths relative to `cwd`. `overrides` go over every file's
    /// configuration, lowest first (see [`Resolver::from_args`] for the command line's).
    pub fn new(cwd: &Path, discovery: Discovery, overrides: Vec<Layer>) -> Resolver {
        Resolver {
            cwd: normalize(cwd),
            discovery,
            overrides,
            directories: RwLock::new(HashMap::new()),
            configs: Mutex::new(HashMap::new()),
            settings: Mutex::new(HashMap::new()),
            pyprojects: Mutex::new(HashMap::new()),
            files_read: Mutex::new(BTreeSet::new()),
            fixed: None,
        }
    }

    /// A resolver that gives `settings` to every file (for an embedder that resolved the
    /// settings itself).
    pub fn fixed(cwd: &Path, settings: Settings) -> Resolver {
        let mut resolver = Resolver::new(cwd, Discovery::Isolated, Vec::new());
        resolver.fixed = Some(Arc::new(settings));
        resolver
    }

    /// The resolver a `lint` command line asks for: `--isolated`, `--config PATH` and
    /// inline `--config "KEY = VALUE"` overrides, and the flags, relative to `cwd`.
    pub fn from_args(args: &crate::cli::LintArgs, cwd: &Path) -> Result<Resolver, String> {
        let mut file = None;
        let mut overrides = Vec::new();
        for value in &args.config {
            if Path::new(value).is_file() || !config::looks_inline(value) {
                if !Path::new(value).is_file() {
                    return Err(format!(
                        "--config `{value}` is neither a configuration file nor a `KEY = VALUE` override (the path does not exist)"
                    ));
                }
                if file.replace(PathBuf::from(value)).is_some() {
                    return Err("--config names more than one configuration file".into());
                }
            } else {
                let inline = config::inline(value, cwd).map_err(|e| e.to_string())?;
                overrides.push(Layer::from_config(&inline, cwd)?);
            }
        }
        let discovery = match (args.isolated, file) {
            (true, Some(_)) => return Err(
                "--isolated ignores configuration files; it cannot be combined with --config PATH"
                    .into(),
            ),
            (true, None) => Discovery::Isolated,
            (false, Some(path)) => Discovery::File(path),
            (false, None) => Discovery::Hierarchical,
        };
        overrides.push(Layer::from_args(args, cwd)?);
        let resolver = Resolver::new(cwd, discovery, overrides);
        // A named file that is broken is an error now, whatever the paths.
        if !matches!(resolver.discovery, Discovery::Hierarchical) {
            resolver.settings_for_directory(cwd)?;
        }
        Ok(resolver)
    }

    /// The settings governing the file at `path` (it need not exist: standard input is
    /// checked under a name).
    pub fn settings_for_file(&self, path: &Path) -> Result<Arc<Settings>, String> {
        let absolute = self.absolute(path);
        let directory = absolute.parent().unwrap_or(&absolute).to_path_buf();
        self.settings_for_absolute_directory(&directory)
    }

    /// The settings governing the files directly inside `directory`.
    pub fn settings_for_directory(&self, directory: &Path) -> Result<Arc<Settings>, String> {
        let absolute = self.absolute(directory);
        self.settings_for_absolute_directory(&absolute)
    }

    /// The settings for `path`, a file or a directory.
    pub fn settings_for(&self, path: &Path) -> Result<Arc<Settings>, String> {
        if path.is_dir() {
            self.settings_for_directory(path)
        } else {
            self.settings_for_file(path)
        }
    }

    /// The settings of a run as a whole (the report's format, its links, the failure
    /// threshold), since there is one report: those of the current directory when it has
    /// a configuration file, else those every path on the command line shares, else the
    /// current directory's.
    pub fn settings_for_run(&self, paths: &[PathBuf]) -> Result<Arc<Settings>, String> {
        let here = self.settings_for_absolute_directory(&self.cwd.clone())?;
        if here.config_file.is_some() || !matches!(self.discovery, Discovery::Hierarchical) {
            return Ok(here);
        }
        let mut shared: Option<Arc<Settings>> = None;
        for path in paths.iter().filter(|p| p.as_os_str() != "-") {
            let settings = self.settings_for(path)?;
            match &shared {
                None => shared = Some(settings),
                Some(first) if first.config_file == settings.config_file => {}
                Some(_) => return Ok(here),
            }
        }
        Ok(shared.filter(|s| s.config_file.is_some()).unwrap_or(here))
    }

    /// Forgets everything read so far: the next request reads the files again. Call it
    /// when a configuration file (or a `pyproject.toml`) is created, changed or deleted.
    pub fn refresh(&self) {
        self.directories
            .write()
            .expect("no panics while holding the lock")
            .clear();
        lock(&self.configs).clear();
        lock(&self.settings).clear();
        lock(&self.pyprojects).clear();
        lock(&self.files_read).clear();
    }

    /// Every configuration and `pyproject.toml` file read since the last refresh.
    pub fn files_read(&self) -> Vec<PathBuf> {
        lock(&self.files_read).iter().cloned().collect()
    }

    /// The current directory relative paths are resolved against.
    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    pub fn discovery(&self) -> &Discovery {
        &self.discovery
    }

    fn absolute(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            normalize(path)
        } else {
            normalize(&self.cwd.join(path))
        }
    }

    fn settings_for_absolute_directory(&self, directory: &Path) -> Result<Arc<Settings>, String> {
        if let Some(fixed) = &self.fixed {
            return Ok(Arc::clone(fixed));
        }
        let key = match &self.discovery {
            Discovery::Hierarchical => {
                let facts = self.facts(directory)?;
                (facts.config, facts.pyproject, facts.setup_directory)
            }
            Discovery::File(path) => (Some(self.absolute(path)), None, None),
            Discovery::Isolated => (None, None, None),
        };
        if let Some(settings) = lock(&self.settings).get(&key) {
            return Ok(Arc::clone(settings));
        }
        let settings = Arc::new(self.build(&key)?);
        Ok(Arc::clone(
            lock(&self.settings).entry(key).or_insert(settings),
        ))
    }

    /// Combines a configuration (and the `pyproject.toml` whose `requires-python` applies)
    /// with the overrides.
    fn build(
        &self,
        (config, pyproject, setup_directory): &SettingsKey,
    ) -> Result<Settings, String> {
        let read = config
            .as_ref()
            .map(|path| self.read_config(path))
            .transpose()?;
        let (pyproject, setup_directory) = match (&self.discovery, config) {
            (Discovery::File(_), Some(path)) => {
                let directory = path.parent().unwrap_or(Path::new("/"));
                (
                    nearest_pyproject(directory),
                    nearest_setup_directory(directory),
                )
            }
            _ => (pyproject.clone(), setup_directory.clone()),
        };
        let facts = match &pyproject {
            Some(path) => Some(self.pyproject(path)?),
            None => None,
        };
        let requires_python = facts
            .as_ref()
            .zip(pyproject.as_ref())
            .and_then(|(facts, path)| facts.requires_python.map(|v| (v, path.clone())))
            .or_else(|| {
                self.setup_requires_python(pyproject.as_deref(), setup_directory.as_deref())
            });
        let ruff_ignores = facts.map(|facts| facts.ruff_ignores).unwrap_or_default();
        let project_root = config
            .as_ref()
            .or(pyproject.as_ref())
            .and_then(|file| file.parent())
            .map_or_else(|| self.cwd.clone(), Path::to_path_buf);
        let mut layers: Vec<Layer> = read.as_ref().map_or_else(Vec::new, |r| r.layers.clone());
        layers.extend(self.overrides.iter().cloned());
        let context = Context {
            config_files: read.map_or_else(Vec::new, |r| r.files.clone()),
            requires_python,
            ruff_ignores,
            project_root,
        };
        Settings::from_layers(&layers, context)
    }

    /// The directory's configuration file and nearest `pyproject.toml`, from its parent's
    /// (looked up first, once) and its own files.
    fn facts(&self, directory: &Path) -> Result<DirectoryFacts, String> {
        if let Some(facts) = self
            .directories
            .read()
            .expect("no panics while holding the lock")
            .get(directory)
        {
            return Ok(facts.clone());
        }
        let inherited = match directory.parent() {
            Some(parent) => self.facts(parent)?,
            None => DirectoryFacts::default(),
        };
        // Two checks per directory: its pyexpert.toml, its pyproject.toml (read only when
        // there is no pyexpert.toml, which wins).
        let pyproject = directory.join(config::PYPROJECT);
        let standalone = directory.join(config::STANDALONE);
        let own_pyproject = pyproject.is_file().then_some(pyproject);
        let found = if standalone.is_file() {
            Some(config::load(&standalone))
        } else {
            own_pyproject
                .as_deref()
                .map(|path| match config::load_pyproject(path) {
                    Err(_) if self.is_someone_elses(path) => Ok(None),
                    loaded => loaded,
                })
                .and_then(Result::transpose)
        };
        let own_config = match found.transpose().map_err(|e| e.to_string())? {
            Some(found) => Some(self.remember_config(found)?),
            None => None,
        };
        let own_setup_directory =
            setup_metadata::has_setup_files(directory).then(|| directory.to_path_buf());
        let facts = DirectoryFacts {
            config: own_config.or(inherited.config),
            pyproject: own_pyproject.or(inherited.pyproject),
            setup_directory: own_setup_directory.or(inherited.setup_directory),
        };
        self.directories
            .write()
            .expect("no panics while holding the lock")
            .insert(directory.to_path_buf(), facts.clone());
        Ok(facts)
    }

    /// Reads a configuration file found in a directory (with what it extends) and keeps
    /// its layers; returns its path.
    fn remember_config(&self, found: ConfigFile) -> Result<PathBuf, String> {
        let path = normalize(&found.path);
        if lock(&self.configs).contains_key(&path) {
            return Ok(path);
        }
        let read = read_chain(found)?;
        log_config(&read);
        lock(&self.files_read).extend(read.files.iter().cloned());
        lock(&self.configs).insert(path.clone(), Arc::new(read));
        Ok(path)
    }

    fn read_config(&self, path: &Path) -> Result<Arc<ReadConfig>, String> {
        if let Some(read) = lock(&self.configs).get(path) {
            return Ok(Arc::clone(read));
        }
        let loaded = config::load(path).map_err(|e| e.to_string())?;
        let read = Arc::new(read_chain(loaded)?);
        log_config(&read);
        lock(&self.files_read).extend(read.files.iter().cloned());
        lock(&self.configs).insert(path.to_path_buf(), Arc::clone(&read));
        Ok(read)
    }

    /// The lowest Python a setuptools `python_requires` allows, for a project whose
    /// `pyproject.toml` does not say (or that has none). The setup files count when they
    /// sit beside that `pyproject.toml` or below it: a `setup.py` above it belongs to an
    /// enclosing project.
    fn setup_requires_python(
        &self,
        pyproject: Option<&Path>,
        setup_directory: Option<&Path>,
    ) -> Option<(PythonVersion, PathBuf)> {
        let setup_directory = setup_directory?;
        if let Some(project_directory) = pyproject.and_then(Path::parent) {
            if !setup_directory.starts_with(project_directory) {
                return None;
            }
        }
        let (specifier, file) = setup_metadata::python_requires(setup_directory)?;
        lock(&self.files_read).insert(file.clone());
        let version = PythonVersion::lowest_allowed(&specifier)?;
        log::verbose(|| {
            format!(
                "python_requires or classifiers in {}: {version}",
                file.display()
            )
        });
        Some((version, file))
    }

    /// Whether a `pyproject.toml` that does not parse may be passed over: it lies below the
    /// current directory (the project's own file is an error to fix) and does not name
    /// pyexpert, so it is another tool's business: a build tool's broken test case.
    fn is_someone_elses(&self, pyproject: &Path) -> bool {
        pyproject
            .parent()
            .is_some_and(|directory| directory != self.cwd && directory.starts_with(&self.cwd))
            && !config::mentions_pyexpert(pyproject)
    }

    fn pyproject(&self, pyproject: &Path) -> Result<PyProjectFacts, String> {
        if let Some(known) = lock(&self.pyprojects).get(pyproject) {
            return Ok(known.clone());
        }
        let document = match version::read_table(pyproject) {
            Ok(document) => document,
            // A broken `pyproject.toml` that is not pyexpert's configuration (a build tool's
            // test case, another project's half-written file) says nothing pyexpert can use:
            // its files get the defaults, and linting the file itself reports the error.
            Err(error) if self.is_someone_elses(pyproject) => {
                log::warn(format!("{error}; its requires-python is not known"));
                toml::Table::new()
            }
            Err(error) => return Err(error),
        };
        let facts = PyProjectFacts {
            requires_python: version::requires_python_in(&document)
                .and_then(|specifier| PythonVersion::lowest_allowed(&specifier)),
            ruff_ignores: version::ruff_ignores_in(&document),
        };
        log::verbose(|| match facts.requires_python {
            Some(version) => format!("requires-python in {}: {version}", pyproject.display()),
            None => format!("no requires-python in {}", pyproject.display()),
        });
        lock(&self.files_read).insert(pyproject.to_path_buf());
        lock(&self.pyprojects).insert(pyproject.to_path_buf(), facts.clone());
        Ok(facts)
    }
}

fn log_config(read: &ReadConfig) {
    log::verbose(|| {
        let (governing, bases) = read.files.split_last().expect("a chain has its file");
        let mut message = format!("configuration file {}", governing.display());
        if !bases.is_empty() {
            let bases: Vec<String> = bases.iter().map(|b| b.display().to_string()).collect();
            message.push_str(&format!(" (extends {})", bases.join(", ")));
        }
        message
    });
}

fn read_chain(config: ConfigFile) -> Result<ReadConfig, String> {
    let chain = config::with_extended(config).map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    let mut layers = Vec::new();
    for file in &chain {
        let path = normalize(&file.path);
        let base = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        layers.push(Layer::from_config(file, &base)?);
        files.push(path);
    }
    Ok(ReadConfig { files, layers })
}

fn nearest_pyproject(start: &Path) -> Option<PathBuf> {
    version::nearest_pyproject(start)
}

fn nearest_setup_directory(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|directory| setup_metadata::has_setup_files(directory))
        .map(Path::to_path_buf)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().expect("no panics while holding the lock")
}

/// `path` with `.` and `..` resolved lexically (symlinks are not followed: configuration
/// applies to paths as the user wrote them).
fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(label: &str) -> PathBuf {
        let root =
            std::env::temp_dir().join(format!("pyexpert-resolver-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("outer/inner/deep")).unwrap();
        std::fs::create_dir_all(root.join("outer/plain")).unwrap();
        std::fs::write(
            root.join("outer/pyproject.toml"),
            "[project]\nrequires-python = '>=3.10'\n[tool.pyexpert]\nignore = ['PX0205']\n",
        )
        .unwrap();
        std::fs::write(
            root.join("outer/inner/pyexpert.toml"),
            "ignore = ['PX1401']\n",
        )
        .unwrap();
        root
    }

    #[test]
    fn nearest_configuration_governs_and_settings_are_shared() {
        let root = tree("nearest");
        let resolver = Resolver::new(&root, Discovery::Hierarchical, Vec::new());
        let outer = resolver
            .settings_for_file(&root.join("outer/plain/a.py"))
            .unwrap();
        let inner = resolver
            .settings_for_file(&root.join("outer/inner/deep/b.py"))
            .unwrap();
        assert_eq!(outer.config_file, Some(root.join("outer/pyproject.toml")));
        assert_eq!(
            inner.config_file,
            Some(root.join("outer/inner/pyexpert.toml"))
        );
        assert!(!outer.rules.is_enabled("PX0205") && outer.rules.is_enabled("PX1401"));
        assert!(inner.rules.is_enabled("PX0205") && !inner.rules.is_enabled("PX1401"));
        // requires-python follows the file: the inner project has no pyproject of its own.
        assert_eq!(inner.target_version, PythonVersion::new(3, 10));
        let again = resolver
            .settings_for_directory(&root.join("outer/inner"))
            .unwrap();
        assert!(
            Arc::ptr_eq(&inner, &again),
            "one Settings per configuration"
        );
        assert_eq!(inner.project_root, root.join("outer/inner"));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn refresh_reads_changed_files_again() {
        let root = tree("refresh");
        let resolver = Resolver::new(&root, Discovery::Hierarchical, Vec::new());
        let file = root.join("outer/inner/x.py");
        assert!(!resolver
            .settings_for_file(&file)
            .unwrap()
            .rules
            .is_enabled("PX1401"));
        assert!(resolver
            .files_read()
            .contains(&root.join("outer/inner/pyexpert.toml")));
        std::fs::write(root.join("outer/inner/pyexpert.toml"), "ignore = []\n").unwrap();
        assert!(!resolver
            .settings_for_file(&file)
            .unwrap()
            .rules
            .is_enabled("PX1401"));
        resolver.refresh();
        assert!(resolver
            .settings_for_file(&file)
            .unwrap()
            .rules
            .is_enabled("PX1401"));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn normalizes_dots() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }
}
