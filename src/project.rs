//! The project index: what the linted project looks like as a whole.
//!
//! - Module names of the linted files, from their paths: a file's module name climbs
//!   through the directories that are packages (hold an `__init__.py`), so
//!   `src/app/domain/user.py` is `app.domain.user` when `src/app/__init__.py` exists and
//!   `src/__init__.py` does not. Built from the file list before any file is parsed.
//! - Facts each module reports about itself during the one parallel pass (which classes
//!   are Protocols without `@runtime_checkable`, ...), and findings whose truth depends on
//!   another module (a [`Condition`]), settled once every module has reported. No file is
//!   parsed twice, and nothing but these small facts outlives a file's check.
//! - `pyproject.toml` facts per directory, read once on demand.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

/// What a finding that depends on another module needs to be true.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Condition {
    /// `module.class` is a `typing.Protocol` without `@runtime_checkable`.
    NonRuntimeProtocol { module: String, class: String },
    /// Another module of the run imports `module`, or names it in a string: a file in a
    /// test tree that is not written as a test is then a helper, not data
    /// ([`crate::role`]).
    Referenced { module: String },
    /// Both hold.
    Both(Box<Condition>, Box<Condition>),
}

impl Condition {
    /// This condition and `other`.
    pub fn and(self, other: Condition) -> Condition {
        Condition::Both(Box::new(self), Box::new(other))
    }
}

/// Facts one module reports about itself for other modules' checks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleFacts {
    /// Module-level classes that are Protocols without `@runtime_checkable`.
    pub non_runtime_protocols: Vec<String>,
    /// Modules of the project this module imports or names in strings (see
    /// `references::module_references`).
    pub references: Vec<String>,
    /// The module is data unless another module refers to it ([`crate::role`]).
    pub maybe_data: bool,
}

/// The facts a module's model shows about itself.
pub fn module_facts(model: &crate::semantic::SemanticModel<'_>) -> ModuleFacts {
    use crate::semantic::ScopeId;
    let mut non_runtime_protocols: Vec<String> = model
        .module_scope()
        .names()
        .filter_map(|(name, ids)| {
            let [id] = ids else {
                return None;
            };
            let (class, _) = model.binding(*id).class()?;
            model
                .is_non_runtime_protocol(class, ScopeId::MODULE)
                .then(|| name.to_string())
        })
        .collect();
    non_runtime_protocols.sort();
    ModuleFacts {
        non_runtime_protocols,
        references: Vec::new(),
        maybe_data: false,
    }
}

/// Every module's facts, once the whole run has reported: what conditions are judged by.
pub struct ProjectFacts {
    by_module: HashMap<String, ModuleFacts>,
    /// Modules that code of the run refers to. References from a file that is itself data
    /// (nothing refers to it) do not count: a linter's test cases import each other.
    referenced: HashSet<String>,
}

impl ProjectFacts {
    pub fn new(by_module: HashMap<String, ModuleFacts>) -> ProjectFacts {
        let mut referenced: HashSet<String> = HashSet::new();
        let mut sources: Vec<&str> = by_module
            .iter()
            .filter(|(_, facts)| !facts.maybe_data)
            .map(|(name, _)| name.as_str())
            .collect();
        let mut candidates: Vec<&str> = by_module
            .iter()
            .filter(|(_, facts)| facts.maybe_data)
            .map(|(name, _)| name.as_str())
            .collect();
        // A candidate that live code refers to is live too, and its references count.
        let mut named: HashSet<String> = HashSet::new();
        while !sources.is_empty() {
            for source in &sources {
                for reference in &by_module[*source].references {
                    named.extend(segment_runs(reference));
                }
            }
            let (live, rest): (Vec<&str>, Vec<&str>) =
                candidates.into_iter().partition(|m| named.contains(*m));
            candidates = rest;
            for module in &live {
                referenced.insert(module.to_string());
            }
            sources = live;
        }
        ProjectFacts {
            by_module,
            referenced,
        }
    }

    /// Whether a condition holds.
    pub fn holds(&self, condition: &Condition) -> bool {
        match condition {
            Condition::NonRuntimeProtocol { module, class } => self
                .by_module
                .get(module)
                .is_some_and(|f| f.non_runtime_protocols.iter().any(|c| c == class)),
            Condition::Referenced { module } => self.referenced.contains(module),
            Condition::Both(first, second) => self.holds(first) && self.holds(second),
        }
    }
}

/// Every module name the dotted `reference` can mean: each run of its segments (`a`,
/// `a.b`, `b`, `b.c`... of `a.b.c`). Module names come from the `__init__.py` files the
/// linter can see, while an import spells the name the interpreter resolves
/// (`tests.helpers` for the module `helpers` of a `tests` directory on `sys.path`, and
/// `pkg.mod.name` for a member), so the match is generous: a file wrongly taken as
/// referenced only keeps its findings.
pub(crate) fn segment_runs(reference: &str) -> impl Iterator<Item = String> + '_ {
    let segments: Vec<&str> = reference.split('.').collect();
    let count = segments.len();
    (0..count).flat_map(move |start| {
        let segments = segments.clone();
        (start + 1..=count).map(move |end| segments[start..end].join("."))
    })
}

/// Facts of one `pyproject.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PyProjectFacts {
    /// It has a `[build-system]` table (PEP 517/518).
    pub has_build_system: bool,
}

/// A directory, a dependency and a `major.minor` version it may require at least.
type DependencyFloor = (PathBuf, &'static str, u64, u64);

/// The project as a whole.
#[derive(Debug, Default)]
pub struct ProjectIndex {
    /// Module name of each linted file.
    module_of: HashMap<PathBuf, String>,
    /// Every linted module and every package that contains one.
    modules: HashSet<String>,
    pyprojects: Mutex<HashMap<PathBuf, Option<PyProjectFacts>>>,
    /// Whether the pytest configuration governing a directory makes a deprecation (by a
    /// word of its message) an error; read once per directory and word.
    deprecation_errors: Mutex<HashMap<(PathBuf, &'static str), bool>>,
    /// Whether the project over a directory caps a dependency below a major version.
    capped_dependencies: Mutex<HashMap<(PathBuf, &'static str, u64), bool>>,
    /// Whether the project over a directory requires a dependency at a version or later.
    dependency_floors: Mutex<HashMap<DependencyFloor, bool>>,
    /// The extension modules each project's `setup.py` builds (last components).
    extension_modules: Mutex<HashMap<PathBuf, Vec<String>>>,
    /// The deepest directory that holds every linted file: what the run treats as the
    /// project, so that a build script below another one is known to be nested in it.
    root: Option<PathBuf>,
}

impl ProjectIndex {
    /// Indexes the files of a run by their paths.
    pub fn from_files<'p>(files: impl IntoIterator<Item = &'p Path>) -> Self {
        let mut index = ProjectIndex::default();
        let mut package_cache: HashMap<PathBuf, bool> = HashMap::new();
        for path in files {
            let directory = without_cur_dir(path.parent().unwrap_or(Path::new("")));
            index.root = Some(match index.root.take() {
                None => directory,
                Some(root) => common_ancestor(&root, &directory),
            });
            let Some(name) = module_name_cached(path, &mut package_cache) else {
                continue;
            };
            let mut package = name.as_str();
            index.modules.insert(name.clone());
            while let Some((parent, _)) = package.rsplit_once('.') {
                index.modules.insert(parent.to_string());
                package = parent;
            }
            index.module_of.insert(path.to_path_buf(), name);
        }
        index
    }

    /// The dotted module name of a linted file.
    pub fn module_of(&self, path: &Path) -> Option<&str> {
        self.module_of.get(path).map(String::as_str)
    }

    /// More than one module: enough for one to tell whether another is imported.
    pub fn has_several_modules(&self) -> bool {
        self.module_of.len() > 1
    }

    /// Every module and package of the linted project.
    pub fn module_names(&self) -> impl Iterator<Item = &str> {
        self.modules.iter().map(String::as_str)
    }

    /// Whether `name` is exactly a module or package of the linted project (not a name
    /// defined inside one).
    pub fn is_module(&self, name: &str) -> bool {
        self.modules.contains(name)
    }

    /// Whether `module` (or the package it names) is part of the linted project.
    pub fn is_project_module(&self, module: &str) -> bool {
        let mut candidate = module;
        loop {
            if self.modules.contains(candidate) {
                return true;
            }
            match candidate.rsplit_once('.') {
                Some((parent, _)) => candidate = parent,
                None => return false,
            }
        }
    }

    /// Whether a directory above `dir`, inside the linted tree, is the root of a project
    /// (it has a `pyproject.toml` or a `setup.py`): then `dir` is a project nested in it,
    /// such as a plugin's or a test's sample package.
    pub fn is_nested_project(&self, dir: &Path) -> bool {
        let Some(root) = &self.root else {
            return false;
        };
        // Files of `lint .` may be named `./pkg/x.py` in one place and `pkg/x.py` in another.
        let dir = without_cur_dir(dir);
        dir.ancestors()
            .skip(1)
            .take_while(|ancestor| ancestor.starts_with(root))
            .any(|ancestor| {
                let ancestor = if ancestor.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    ancestor
                };
                ancestor.join("pyproject.toml").is_file() || ancestor.join("setup.py").is_file()
            })
    }

    /// Whether the pytest configuration that governs the tests in `dir` turns a
    /// `DeprecationWarning` about `subject` into an error ([`crate::pytest_config`]).
    pub fn deprecation_fails_tests_in(&self, dir: &Path, subject: &'static str) -> bool {
        let mut cache = self
            .deprecation_errors
            .lock()
            .expect("no panics while holding the lock");
        *cache
            .entry((dir.to_path_buf(), subject))
            .or_insert_with(|| crate::pytest_config::deprecations_fail(dir, subject))
    }

    /// Whether the project that governs `dir` requires `package` below version `major`
    /// (`pydantic<2`; see [`crate::dependency_pins`]).
    pub fn caps_dependency_below(&self, dir: &Path, package: &'static str, major: u64) -> bool {
        let mut cache = self
            .capped_dependencies
            .lock()
            .expect("no panics while holding the lock");
        *cache
            .entry((dir.to_path_buf(), package, major))
            .or_insert_with(|| crate::dependency_pins::caps_below_major(dir, package, major))
    }

    /// Whether the `setup.py` of the project over `dir` (the nearest directory above it that
    /// has a `pyproject.toml`, `setup.cfg` or `setup.py`) builds an extension module whose
    /// last component is `name`. Read once per project.
    pub fn builds_extension_module(&self, dir: &Path, name: &str) -> bool {
        let Some(dir) = absolute_directory(dir) else {
            return false;
        };
        let Some(project) = dir.ancestors().find(|ancestor| {
            ancestor.join("pyproject.toml").is_file()
                || crate::setup_metadata::has_setup_files(ancestor)
        }) else {
            return false;
        };
        let mut cache = self
            .extension_modules
            .lock()
            .expect("no panics while holding the lock");
        cache
            .entry(project.to_path_buf())
            .or_insert_with(|| {
                std::fs::read_to_string(project.join(crate::setup_metadata::SETUP_PY))
                    .map(|text| crate::setup_metadata::extension_module_names(&text))
                    .unwrap_or_default()
            })
            .iter()
            .any(|built| built == name)
    }

    /// Whether the project that governs `dir` requires `package` at `major.minor` or later
    /// (see [`crate::dependency_pins::requires_at_least`]).
    pub fn requires_dependency_at_least(
        &self,
        dir: &Path,
        package: &'static str,
        major: u64,
        minor: u64,
    ) -> bool {
        let mut cache = self
            .dependency_floors
            .lock()
            .expect("no panics while holding the lock");
        *cache
            .entry((dir.to_path_buf(), package, major, minor))
            .or_insert_with(|| {
                crate::dependency_pins::requires_at_least(dir, package, major, minor)
            })
    }

    /// Facts of the `pyproject.toml` in `dir`, if there is a readable one. Read once.
    pub fn pyproject_in(&self, dir: &Path) -> Option<PyProjectFacts> {
        let mut cache = self
            .pyprojects
            .lock()
            .expect("no panics while holding the lock");
        *cache
            .entry(dir.to_path_buf())
            .or_insert_with(|| read_pyproject_facts(&dir.join("pyproject.toml")))
    }
}

/// `directory` made absolute (an empty path is the current directory), so that a walk up its
/// ancestors goes on above the current directory; `None` when it cannot be resolved.
pub fn absolute_directory(directory: &Path) -> Option<PathBuf> {
    let directory = if directory.as_os_str().is_empty() {
        Path::new(".")
    } else {
        directory
    };
    std::path::absolute(directory).ok()
}

/// `path` without `.` components.
fn without_cur_dir(path: &Path) -> PathBuf {
    path.components()
        .filter(|component| !matches!(component, std::path::Component::CurDir))
        .collect()
}

/// The longest leading run of components two paths share.
fn common_ancestor(a: &Path, b: &Path) -> PathBuf {
    a.components()
        .zip(b.components())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x)
        .collect()
}

fn read_pyproject_facts(path: &Path) -> Option<PyProjectFacts> {
    let text = std::fs::read_to_string(path).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    Some(PyProjectFacts {
        has_build_system: table.contains_key("build-system"),
    })
}

/// The module name of a Python file, from the packages (directories with `__init__.py`)
/// above it: `pkg/sub/mod.py` is `pkg.sub.mod`, `pkg/__init__.py` is `pkg`.
pub fn module_name(path: &Path) -> Option<String> {
    module_name_cached(path, &mut HashMap::new())
}

fn module_name_cached(path: &Path, is_package: &mut HashMap<PathBuf, bool>) -> Option<String> {
    let absolute = std::path::absolute(path).ok()?;
    let stem = absolute.file_stem()?.to_str()?;
    let mut parts: Vec<String> = Vec::new();
    if stem != "__init__" {
        parts.push(stem.to_string());
    }
    let mut dir = absolute.parent();
    while let Some(current) = dir {
        let package = *is_package.entry(current.to_path_buf()).or_insert_with(|| {
            current.join("__init__.py").is_file() || current.join("__init__.pyi").is_file()
        });
        if !package {
            break;
        }
        parts.push(current.file_name()?.to_str()?.to_string());
        dir = current.parent();
    }
    if parts.is_empty() {
        return None;
    }
    parts.reverse();
    Some(parts.join("."))
}

/// Resolves a relative import (`from ..infra import db` is level 2, module `infra`) in
/// `importer` (a module name; `is_package` when it is a package's `__init__`) to an
/// absolute module name.
pub fn resolve_relative(
    importer: &str,
    is_package: bool,
    level: u32,
    module: Option<&str>,
) -> Option<String> {
    if level == 0 {
        return module.map(str::to_string);
    }
    let mut parts: Vec<&str> = importer.split('.').collect();
    // From a module, one dot means its package; from a package's `__init__`, the package itself.
    let strip = if is_package { level - 1 } else { level };
    for _ in 0..strip {
        parts.pop()?;
    }
    let mut base = parts.join(".");
    if let Some(module) = module {
        if !base.is_empty() {
            base.push('.');
        }
        base.push_str(module);
    }
    (!base.is_empty()).then_some(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(label: &str, files: &[&str]) -> PathBuf {
        let root =
            std::env::temp_dir().join(format!("pyexpert-project-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for file in files {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        root
    }

    #[test]
    fn module_names_climb_through_packages() {
        let root = tree(
            "names",
            &[
                "src/app/__init__.py",
                "src/app/domain/__init__.py",
                "src/app/domain/user.py",
                "scripts/run.py",
            ],
        );
        assert_eq!(
            module_name(&root.join("src/app/domain/user.py")).as_deref(),
            Some("app.domain.user")
        );
        assert_eq!(
            module_name(&root.join("src/app/domain/__init__.py")).as_deref(),
            Some("app.domain")
        );
        assert_eq!(
            module_name(&root.join("scripts/run.py")).as_deref(),
            Some("run")
        );
        let files = [
            root.join("src/app/domain/user.py"),
            root.join("scripts/run.py"),
        ];
        let index = ProjectIndex::from_files(files.iter().map(PathBuf::as_path));
        assert!(index.is_project_module("app.domain"));
        assert!(index.is_project_module("app.domain.user.User"));
        assert!(!index.is_project_module("fastapi"));
        assert_eq!(index.module_of(&files[0]), Some("app.domain.user"));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn data_is_what_only_data_refers_to() {
        let facts = |references: &[&str], maybe_data: bool| ModuleFacts {
            references: references.iter().map(|r| r.to_string()).collect(),
            maybe_data,
            ..ModuleFacts::default()
        };
        let project = ProjectFacts::new(HashMap::from([
            ("test_orders".to_string(), facts(&["tests.helpers"], false)),
            ("helpers".to_string(), facts(&["factories"], true)),
            ("factories".to_string(), facts(&[], true)),
            ("case_a".to_string(), facts(&["functional.case_b"], true)),
            ("case_b".to_string(), facts(&[], true)),
        ]));
        let referenced = |module: &str| {
            project.holds(&Condition::Referenced {
                module: module.to_string(),
            })
        };
        assert!(referenced("helpers"), "imported by a test");
        assert!(
            referenced("factories"),
            "imported by a helper a test imports"
        );
        assert!(!referenced("case_a"), "nothing imports it");
        assert!(!referenced("case_b"), "only data imports it");
        let runs: Vec<String> = segment_runs("tests.helpers.make").collect();
        assert!(runs.contains(&"helpers".to_string()), "{runs:?}");
        assert!(runs.contains(&"tests.helpers".to_string()), "{runs:?}");
        assert!(!runs.contains(&"tests.make".to_string()), "{runs:?}");
    }

    #[test]
    fn relative_imports_resolve_against_the_importer() {
        assert_eq!(
            resolve_relative("app.domain.user", false, 1, Some("proto")).as_deref(),
            Some("app.domain.proto")
        );
        assert_eq!(
            resolve_relative("app.domain.user", false, 2, Some("infra.db")).as_deref(),
            Some("app.infra.db")
        );
        assert_eq!(
            resolve_relative("app.domain", true, 1, Some("user")).as_deref(),
            Some("app.domain.user")
        );
        assert_eq!(
            resolve_relative("app.domain.user", false, 1, None).as_deref(),
            Some("app.domain")
        );
        assert_eq!(resolve_relative("top", false, 2, Some("x")), None);
    }

    #[test]
    fn pyproject_facts_are_read_once() {
        let root = tree("pyproject", &[]);
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(
            root.join("pyproject.toml"),
            "[build-system]\nrequires = ['hatchling']\n",
        )
        .unwrap();
        let index = ProjectIndex::default();
        assert_eq!(
            index.pyproject_in(&root),
            Some(PyProjectFacts {
                has_build_system: true
            })
        );
        std::fs::remove_file(root.join("pyproject.toml")).unwrap();
        assert_eq!(
            index.pyproject_in(&root),
            Some(PyProjectFacts {
                has_build_system: true
            }),
            "cached"
        );
        assert_eq!(ProjectIndex::default().pyproject_in(&root), None);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
