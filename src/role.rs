//! What a file is for: library code, tests, data that tests feed to the code under test,
//! examples and docs, scripts, or build configuration. Each rule declares the roles it
//! applies to ([`Roles`] in its metadata), so one decision, made here once per file, keeps
//! performance and modernisation advice out of tests and every rule out of data files.
//!
//! The role comes from the path's conventions (`tests/`, `test_*.py`, `docs/`, `scripts/`,
//! `setup.py`...), refined by the code itself (a module of `def test_*` functions that
//! imports pytest is a test wherever it lives; a `conf.py` that sets Sphinx options is
//! build configuration). A file under a test tree that is neither named nor written as a
//! test may be data (formatter input, a linter's test case) or a helper the tests import:
//! that is settled once the whole run is known ([`FileRole::FixtureData`] when no module
//! of the run imports or names it). `[tool.pyexpert] file-roles` and `test-paths` override
//! every convention.

use std::path::{Path, PathBuf};

use rustpython_parser::ast::{self, Expr, Stmt};

/// What a file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileRole {
    /// Code that ships: the package itself.
    Library,
    /// Tests and their support code (conftest, fixtures, helpers).
    Test,
    /// Files a test suite reads as input (a formatter's cases, a linter's bad examples):
    /// never imported, often wrong on purpose.
    FixtureData,
    /// Examples, tutorials and code in documentation.
    Example,
    /// Stand-alone scripts and tools of the repository (`scripts/`, `tools/`, `bin/`).
    Script,
    /// Build and project configuration written in Python (`setup.py`, `noxfile.py`, a
    /// Sphinx `conf.py`).
    BuildConfig,
    /// Another project's code copied in (`_vendor/`, `third_party/`): changes belong
    /// upstream, so no rule reports on it.
    Vendored,
}

impl FileRole {
    pub const ALL: [FileRole; 7] = [
        FileRole::Library,
        FileRole::Test,
        FileRole::FixtureData,
        FileRole::Example,
        FileRole::Script,
        FileRole::BuildConfig,
        FileRole::Vendored,
    ];

    /// The name used in configuration and output.
    pub fn as_str(self) -> &'static str {
        match self {
            FileRole::Library => "library",
            FileRole::Test => "test",
            FileRole::FixtureData => "data",
            FileRole::Example => "example",
            FileRole::Script => "script",
            FileRole::BuildConfig => "build",
            FileRole::Vendored => "vendored",
        }
    }

    pub fn parse(text: &str) -> Option<FileRole> {
        FileRole::ALL.into_iter().find(|role| role.as_str() == text)
    }

    const fn bit(self) -> u8 {
        1 << self as u8
    }

    /// Position in [`FileRole::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for FileRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of roles: where a rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Roles(u8);

impl Roles {
    /// Every file, data included: the tool's own diagnostics.
    pub const EVERY_FILE: Roles = Roles(0b111_1111);
    /// Every file whose code runs. For bugs that fail at import or call time: they break
    /// a test or a build script as surely as the library.
    pub const RUNNING_CODE: Roles = Roles(
        FileRole::Library.bit()
            | FileRole::Test.bit()
            | FileRole::Example.bit()
            | FileRole::Script.bit()
            | FileRole::BuildConfig.bit(),
    );
    /// Code that ships or that people copy: the library, its examples and its scripts. For
    /// performance, design and modernisation advice, which is not worth a change in a test
    /// or a build script.
    pub const SHIPPED_CODE: Roles =
        Roles(FileRole::Library.bit() | FileRole::Example.bit() | FileRole::Script.bit());
    /// The package itself.
    pub const LIBRARY: Roles = Roles(FileRole::Library.bit());

    pub const fn with(self, role: FileRole) -> Roles {
        Roles(self.0 | role.bit())
    }

    pub const fn without(self, role: FileRole) -> Roles {
        Roles(self.0 & !role.bit())
    }

    pub const fn contains(self, role: FileRole) -> bool {
        self.0 & role.bit() != 0
    }

    /// The roles in the set, in [`FileRole::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = FileRole> {
        FileRole::ALL
            .into_iter()
            .filter(move |role| self.contains(*role))
    }

    /// The set's short name (`every file`, `all code`, `shipped code`), or its roles.
    pub fn describe(self) -> String {
        let named = match self {
            Roles::EVERY_FILE => "every file",
            Roles::RUNNING_CODE => "all code",
            Roles::SHIPPED_CODE => "shipped code",
            _ => "",
        };
        if !named.is_empty() {
            return named.to_string();
        }
        self.iter()
            .map(FileRole::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Roles given in the configuration (`file-roles`, `test-paths`): globs relative to the
/// configuration file's directory (a pattern without `/` matches the file name anywhere).
/// The first matching pattern decides, before any convention.
#[derive(Debug, Clone, Default)]
pub struct RoleOverrides {
    base: PathBuf,
    entries: Vec<RoleOverride>,
}

#[derive(Debug, Clone)]
struct RoleOverride {
    /// The directory the pattern is relative to, when not the overrides' own base (a
    /// pattern from a configuration file another one extends).
    base: Option<PathBuf>,
    pattern: String,
    matcher: globset::GlobMatcher,
    on_name: bool,
    role: FileRole,
}

impl RoleOverrides {
    /// Overrides whose patterns are relative to `base`.
    pub fn new(base: PathBuf) -> RoleOverrides {
        RoleOverrides {
            base,
            entries: Vec::new(),
        }
    }

    /// Adds `pattern` for `role`; the error says why the glob is invalid.
    pub fn add(&mut self, pattern: &str, role: FileRole) -> Result<(), String> {
        let matcher = globset::Glob::new(pattern)
            .map_err(|e| e.to_string())?
            .compile_matcher();
        self.entries.push(RoleOverride {
            base: None,
            pattern: pattern.to_string(),
            matcher,
            on_name: !pattern.contains('/'),
            role,
        });
        Ok(())
    }

    /// Adds `pattern` for `role`, relative to `base` rather than the overrides' base.
    pub fn add_relative_to(
        &mut self,
        base: &Path,
        pattern: &str,
        role: FileRole,
    ) -> Result<(), String> {
        self.add(pattern, role)?;
        let entry = self.entries.last_mut().expect("just added");
        entry.base = Some(std::path::absolute(base).unwrap_or_else(|_| base.to_path_buf()));
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `pattern = role` pairs, in order (for `pyexpert config`).
    pub fn describe(&self) -> Vec<String> {
        self.entries
            .iter()
            .map(|entry| format!("{} = {}", entry.pattern, entry.role))
            .collect()
    }

    /// The configured role of the file at `path`, if a pattern matches it.
    pub fn role_of(&self, path: &Path) -> Option<FileRole> {
        if self.entries.is_empty() {
            return None;
        }
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let name = path.file_name().map(Path::new);
        self.entries
            .iter()
            .find(|entry| {
                if entry.on_name {
                    name.is_some_and(|n| entry.matcher.is_match(n))
                } else {
                    let base = entry.base.as_ref().unwrap_or(&self.base);
                    let relative = absolute.strip_prefix(base).unwrap_or(&absolute);
                    entry.matcher.is_match(relative)
                }
            })
            .map(|entry| entry.role)
    }
}

/// What the path alone says about a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathClue {
    pub role: FileRole,
    /// In a test tree without a test's name: data unless the code or an import says
    /// otherwise.
    pub maybe_data: bool,
    /// Named as a test suite's support module is (`fixtures.py`, `helpers.py`, ...).
    pub support_named: bool,
    /// A `conf.py`: build configuration if it reads like Sphinx's.
    pub maybe_sphinx_conf: bool,
}

/// Directories whose contents are tests.
fn is_test_directory(name: &str) -> bool {
    matches!(
        name,
        // `t/`: celery's and Perl's name for the test suite.
        "test" | "tests" | "t" | "unittests" | "unit_tests" | "testsuite" | "test_suite"
    ) || name.starts_with("test_")
        || name.starts_with("tests_")
        || name.ends_with("_test")
        || name.ends_with("_tests")
}

/// A `test` package inside another package (`django.test`) is a test framework that ships
/// with the library, unlike a top-level `test` package or a `tests` directory. Its files
/// that hold tests are still tests, by their names or their code.
fn is_framework_package(directory: &str, packages: &[&str]) -> bool {
    directory == "test" && packages.iter().skip(1).any(|p| *p == "test")
}

/// A file of a behave suite: the step implementations in `features/steps/` and the hooks
/// in `features/environment.py`. (A `features` package of the library is not one.)
fn is_behave_file(file: &str, directories: &[&str]) -> bool {
    match directories.split_last() {
        Some((&"features", _)) => file == "environment.py",
        Some((&"steps", above)) => above.last() == Some(&"features"),
        _ => false,
    }
}

/// Directories of code copied from other projects.
fn is_vendored_directory(name: &str) -> bool {
    matches!(
        name,
        "_vendor"
            | "vendor"
            | "vendored"
            | "_vendored"
            | "third_party"
            | "thirdparty"
            | "_thirdparty"
            // joblib's `externals/loky`, scikit-learn's `externals/`, setuptools' `extern/`.
            | "externals"
            | "_externals"
            | "extern"
            // Meson's dependencies (scipy's `subprojects/highs/`).
            | "subprojects"
    ) || ["vendored-", "vendored_", "vendor-", "vendor_"]
        .iter()
        // numpy's `vendored-meson/`.
        .any(|prefix| name.starts_with(prefix))
}

/// A module whose name holds a dot before `.py` (`client.backup.py`, `views.orig.py`)
/// cannot be imported: `import client.backup` looks for a package. It is a copy left
/// beside the real module, and what it says is not what runs.
fn is_unimportable_copy(file: &str) -> bool {
    file.strip_suffix(".py")
        .is_some_and(|stem| stem.contains('.'))
}

/// Directories of data for tests, wherever they are (`testdata/`, `test-data/`).
/// The names test suites give their shared code.
fn is_support_file_name(file: &str) -> bool {
    let stem = file.strip_suffix(".py").unwrap_or(file);
    matches!(
        stem,
        "fixtures"
            | "helpers"
            | "helper"
            | "utils"
            | "util"
            | "support"
            | "common"
            | "base"
            | "factories"
            | "mocks"
            | "testing"
            | "runner"
    )
}

fn is_test_data_directory(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "testdata" | "test_data" | "test-data" | "tests_data" | "regrtest_data"
    )
}

/// Directories that hold data inside a test or documentation tree.
fn is_data_directory(name: &str) -> bool {
    matches!(
        name,
        "data"
            | "cases"
            | "inputs"
            | "input"
            | "expected"
            | "expected_output"
            | "golden"
            | "snapshots"
            | "__snapshots__"
    ) || name.ends_with("_data")
        || name.ends_with("-data")
        || is_test_data_directory(name)
}

fn is_docs_directory(name: &str) -> bool {
    matches!(
        name,
        "docs"
            | "doc"
            | "documentation"
            | "examples"
            | "example"
            | "demo"
            | "demos"
            | "tutorial"
            | "tutorials"
            | "samples"
            | "sample"
            | "cookbook"
            | "docs_src"
    )
}

fn is_script_directory(name: &str) -> bool {
    matches!(
        name,
        "scripts"
            | "script"
            | "tools"
            | "tool"
            | "bin"
            | "benchmarks"
            | "benchmark"
            | "bench"
            | "asv_bench"
            | "utils_scripts"
    )
}

/// Files that configure a build or a project's tooling.
const BUILD_FILES: &[&str] = &[
    "setup.py",
    "noxfile.py",
    "fabfile.py",
    "dodo.py",
    "pavement.py",
    "hatch_build.py",
];

/// Whether `setup.py` beside the module `path` imports it (`import _spawn_patch`, `from
/// build_helpers import ...`): a module that only the build script loads (grpcio-tools'
/// patch of the compiler, a version reader) is build configuration too, though its name
/// says nothing. Only a top-level module (`module` without a dot) can be one.
pub fn imported_by_build_script(path: &Path, module: &str) -> bool {
    if module.contains('.') || module.is_empty() {
        return false;
    }
    let Some(setup) = path.parent().map(|directory| directory.join("setup.py")) else {
        return false;
    };
    if path.file_name().is_some_and(|name| name == "setup.py") {
        return false;
    }
    let Ok(source) = std::fs::read_to_string(setup) else {
        return false;
    };
    source.lines().any(|line| {
        let line = line.trim();
        let first_word = |rest: &str| {
            rest.split([',', ' ', '.'])
                .next()
                .is_some_and(|name| name == module)
        };
        match (line.strip_prefix("import "), line.strip_prefix("from ")) {
            (Some(rest), _) => rest.split(',').any(|item| first_word(item.trim())),
            (_, Some(rest)) => first_word(rest.trim()),
            _ => false,
        }
    })
}

/// Phrases a code generator writes into the header of what it generates (OpenAPI's
/// "Generated by: https://openapi-generator.tech", protoc's "Generated by the protocol
/// buffer compiler.  DO NOT EDIT!", "This file is autogenerated").
const GENERATED_MARKS: &[&str] = &[
    "do not edit",
    "auto-generated",
    "autogenerated",
    "automatically generated",
    "generated by the protocol buffer compiler",
    "generated by: ",
    "code generated by",
    // Stainless' "File generated from our OpenAPI spec", "This file was generated by ...".
    "file generated ",
    "file was generated",
    "file is generated",
];

/// How far into a file its header is looked for.
const HEADER_LINES: usize = 25;

/// Whether the file says it is generated, in a comment or the module docstring of its
/// first lines: a change belongs in the generator or its input, as a vendored file's
/// belongs upstream.
pub fn is_generated(source: &str, body: &[Stmt]) -> bool {
    let docstring_end = match body.first() {
        Some(Stmt::Expr(expr)) if matches!(&*expr.value, Expr::Constant(c) if c.value.is_str()) => {
            usize::from(expr.range.end())
        }
        _ => 0,
    };
    let mut offset = 0;
    for line in source.split_inclusive('\n').take(HEADER_LINES) {
        let in_docstring = offset < docstring_end;
        offset += line.len();
        let trimmed = line.trim_start();
        if !in_docstring && !trimmed.starts_with('#') {
            if trimmed.is_empty() {
                continue;
            }
            // Code has begun: the header is over.
            return false;
        }
        let lower = line.to_ascii_lowercase();
        if GENERATED_MARKS.iter().any(|mark| lower.contains(mark)) {
            return true;
        }
    }
    false
}

/// Names of the self-test a library module may carry at its top level (`base64.test()`,
/// `requests_pkcs12.test()`): run by hand or under `__main__`, never by users of the module.
const SELF_TEST_NAMES: &[&str] = &[
    "test",
    "_test",
    "selftest",
    "_selftest",
    "self_test",
    "_self_test",
];

/// The ranges of a module's embedded self-test functions. Outside test files they are
/// test code all the same: the rules that do not apply to tests stay out of them (see
/// [`Roles`]).
pub fn embedded_self_tests(body: &[Stmt]) -> Vec<ast::text_size::TextRange> {
    body.iter()
        .filter(|stmt| is_embedded_self_test(stmt))
        .map(|stmt| match stmt {
            Stmt::FunctionDef(def) => def.range,
            Stmt::AsyncFunctionDef(def) => def.range,
            other => ast::Ranged::range(other),
        })
        .collect()
}

/// Whether a top-level statement is a self-test function (`def test():`).
pub fn is_embedded_self_test(stmt: &Stmt) -> bool {
    let name = match stmt {
        Stmt::FunctionDef(def) => def.name.as_str(),
        Stmt::AsyncFunctionDef(def) => def.name.as_str(),
        _ => return false,
    };
    SELF_TEST_NAMES.contains(&name)
}

/// A file named as a test by the conventions of test runners: pytest collects `test_*.py`
/// and `*_test.py`, Django's runner finds `tests.py`, and `conftest.py` holds pytest's
/// fixtures. (unittest's default `test*.py` would also take `testcases.py` or
/// `testing.py`, which are as often a framework's library code.) Outside such names,
/// `def test_*` functions are not collected: a linter's test case written as tests is
/// still data.
pub fn is_test_file_name(file: &str) -> bool {
    let stem = file
        .strip_suffix(".pyi")
        .or_else(|| file.strip_suffix(".py"))
        .unwrap_or(file);
    stem.starts_with("test_")
        || stem.starts_with("tests_")
        || stem.ends_with("_test")
        || stem.ends_with("_tests")
        || matches!(stem, "conftest" | "tests" | "test")
}

/// What `path` (as reports show it) says about the file. `packages` are the package names
/// that the file's module name climbs through (`["app", "tools"]` for `app.tools.x`): a
/// `tools/` or `examples/` directory that is a package of the library is library code.
pub fn classify_path(path: &str, packages: &[&str]) -> PathClue {
    let components: Vec<&str> = path
        .split(['/', '\\'])
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    let Some((file, directories)) = components.split_last() else {
        return PathClue::of(FileRole::Library);
    };
    let test_named = is_test_file_name(file);
    let in_package = |name: &str| packages.contains(&name);

    if directories.iter().any(|d| is_vendored_directory(d)) {
        return PathClue::of(FileRole::Vendored);
    }
    if is_unimportable_copy(file) {
        return PathClue::of(FileRole::FixtureData);
    }
    if is_behave_file(file, directories) && !in_package("features") {
        return PathClue::of(FileRole::Test);
    }
    // A `resources/` directory outside the packages holds inputs (ruff's parser cases in
    // `crates/ruff_python_parser/resources/`): data, unless something imports it.
    if let Some(at) = directories
        .iter()
        .position(|d| *d == "resources" && !in_package(d))
    {
        if !directories[at + 1..].iter().any(|d| in_package(d)) {
            return PathClue {
                role: FileRole::Library,
                maybe_data: true,
                support_named: false,
                maybe_sphinx_conf: false,
            };
        }
    }
    for (depth, directory) in directories.iter().enumerate() {
        let below = &directories[depth + 1..];
        if is_test_data_directory(directory) {
            return if test_named {
                PathClue::of(FileRole::Test)
            } else {
                PathClue::of(FileRole::FixtureData)
            };
        }
        if is_test_directory(directory) && !is_framework_package(directory, packages) {
            if test_named {
                return PathClue::of(FileRole::Test);
            }
            return PathClue {
                role: FileRole::Test,
                maybe_data: true,
                support_named: is_support_file_name(file),
                maybe_sphinx_conf: false,
            };
        }
        if is_docs_directory(directory) && !in_package(directory) {
            if below.iter().any(|d| is_data_directory(d)) {
                return PathClue::of(FileRole::FixtureData);
            }
            if test_named {
                return PathClue::of(FileRole::Test);
            }
            return PathClue {
                role: FileRole::Example,
                maybe_data: false,
                support_named: false,
                maybe_sphinx_conf: *file == "conf.py",
            };
        }
        if is_script_directory(directory) && !in_package(directory) {
            if test_named {
                return PathClue::of(FileRole::Test);
            }
            return PathClue::of(FileRole::Script);
        }
    }
    if test_named {
        return PathClue::of(FileRole::Test);
    }
    if BUILD_FILES.contains(file) {
        return PathClue::of(FileRole::BuildConfig);
    }
    if *file == "manage.py" {
        return PathClue::of(FileRole::Script);
    }
    PathClue {
        role: FileRole::Library,
        maybe_data: false,
        support_named: false,
        maybe_sphinx_conf: *file == "conf.py",
    }
}

impl PathClue {
    const fn of(role: FileRole) -> PathClue {
        PathClue {
            role,
            maybe_data: false,
            support_named: false,
            maybe_sphinx_conf: false,
        }
    }
}

/// The role of a parsed file: the path's clue, refined by what the code shows. The second
/// value says whether the file is data unless another module of the run imports it.
pub fn classify(clue: PathClue, body: &[Stmt]) -> (FileRole, bool) {
    let code = CodeClues::of(body);
    match clue.role {
        _ if clue.maybe_sphinx_conf && code.sphinx_settings => (FileRole::BuildConfig, false),
        // A suite's support module (`fixtures.py`, `helpers.py` that import the framework
        // they serve) is part of it even when a runner, not an import, loads it.
        FileRole::Test => (
            FileRole::Test,
            clue.maybe_data
                && !code.plugin_support
                && !(clue.support_named && code.imports_test_framework),
        ),
        FileRole::FixtureData if code.test_support => (FileRole::Test, false),
        FileRole::Library | FileRole::Example | FileRole::Script
            if code.tests && code.imports_test_framework =>
        {
            (FileRole::Test, false)
        }
        // Under `resources/`: data unless another module of the run refers to it.
        FileRole::Library => (FileRole::Library, clue.maybe_data),
        role => (role, false),
    }
}

/// What the module's top level shows about its purpose.
#[derive(Debug, Default)]
struct CodeClues {
    /// Test functions, or classes with test methods: what a test runner collects.
    tests: bool,
    /// Tests, fixtures, pytest hooks or plugins: the file is part of a test suite, not
    /// data for one. (Fixtures and hooks alone do not make a file a test: pytest plugins
    /// ship them as library code.)
    test_support: bool,
    /// Fixtures, hooks or `pytest_plugins`: support a test runner loads by itself, so the
    /// file is part of the suite even when nothing imports it.
    plugin_support: bool,
    imports_test_framework: bool,
    /// Assigns `extensions`, `html_theme` or another Sphinx option at module level.
    sphinx_settings: bool,
}

impl CodeClues {
    fn of(body: &[Stmt]) -> CodeClues {
        let mut clues = CodeClues::default();
        for stmt in body {
            match stmt {
                Stmt::FunctionDef(ast::StmtFunctionDef {
                    name,
                    decorator_list,
                    ..
                })
                | Stmt::AsyncFunctionDef(ast::StmtAsyncFunctionDef {
                    name,
                    decorator_list,
                    ..
                }) => {
                    if name.starts_with("test_") {
                        clues.tests = true;
                        clues.test_support = true;
                    } else if is_test_support_function(name, decorator_list) {
                        clues.test_support = true;
                        clues.plugin_support = true;
                    }
                }
                Stmt::ClassDef(class) => {
                    let collected = has_test_methods(class);
                    clues.tests |= collected;
                    clues.test_support |= collected;
                }
                Stmt::Import(import) => {
                    clues.imports_test_framework |= import
                        .names
                        .iter()
                        .any(|alias| is_test_framework(&alias.name));
                }
                Stmt::ImportFrom(import) => {
                    clues.imports_test_framework |=
                        import.level.is_none_or(|level| level.to_u32() == 0)
                            && import.module.as_deref().is_some_and(is_test_framework);
                }
                Stmt::Assign(assign) => {
                    for target in &assign.targets {
                        if let Expr::Name(name) = target {
                            match name.id.as_str() {
                                "pytest_plugins" => {
                                    clues.test_support = true;
                                    clues.plugin_support = true;
                                }
                                "extensions"
                                | "html_theme"
                                | "html_static_path"
                                | "master_doc"
                                | "root_doc"
                                | "autodoc_default_options" => clues.sphinx_settings = true,
                                _ => {}
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        clues
    }
}

fn is_test_framework(module: &str) -> bool {
    let top = module.split('.').next().unwrap_or(module);
    matches!(
        top,
        "pytest" | "unittest" | "_pytest" | "hypothesis" | "nose"
    ) || module.starts_with("django.test")
}

/// A pytest fixture or hook (`pytest_configure`, ...).
fn is_test_support_function(name: &str, decorators: &[Expr]) -> bool {
    name.starts_with("pytest_") || decorators.iter().any(is_fixture_decorator)
}

/// `@pytest.fixture`, `@pytest.fixture(...)`, `@fixture`.
fn is_fixture_decorator(decorator: &Expr) -> bool {
    let target = match decorator {
        Expr::Call(call) => &*call.func,
        other => other,
    };
    match target {
        Expr::Attribute(attr) => attr.attr.as_str() == "fixture",
        Expr::Name(name) => name.id.as_str() == "fixture",
        _ => false,
    }
}

/// A class with `test_*` methods: what unittest and pytest collect. (A base class such as
/// `class TransactionTestCase(SimpleTestCase)` of a test framework is library code.)
fn has_test_methods(class: &ast::StmtClassDef) -> bool {
    class.body.iter().any(|stmt| match stmt {
        Stmt::FunctionDef(def) => def.name.starts_with("test_"),
        Stmt::AsyncFunctionDef(def) => def.name.starts_with("test_"),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role_of(path: &str) -> FileRole {
        classify_path(path, &[]).role
    }

    fn classified(path: &str, packages: &[&str], source: &str) -> (FileRole, bool) {
        let body = rustpython_parser::parse(source, rustpython_parser::Mode::Module, path)
            .expect("valid test source");
        let rustpython_parser::ast::Mod::Module(module) = body else {
            unreachable!("parsed as a module")
        };
        classify(classify_path(path, packages), &module.body)
    }

    fn generated(source: &str) -> bool {
        let body = rustpython_parser::parse(source, rustpython_parser::Mode::Module, "<test>")
            .map(|module| match module {
                ast::Mod::Module(module) => module.body,
                _ => Vec::new(),
            })
            .unwrap();
        is_generated(source, &body)
    }

    #[test]
    fn generated_files_say_so_in_their_header() {
        // OpenAPI Generator's models (snowflake.core), protoc's modules, a generator script.
        assert!(generated(
            "\"\"\"\nAccount API.\n\nGenerated by: https://openapi-generator.tech\n\nDo not edit this file manually.\n\"\"\"\n\nimport json\n"
        ));
        assert!(generated(
            "# -*- coding: utf-8 -*-\n# Generated by the protocol buffer compiler.  DO NOT EDIT!\n# source: a.proto\nimport sys\n"
        ));
        assert!(generated(
            "#!/usr/bin/env python\n\n# This file is autogenerated by gen.py\nX = 1\n"
        ));
        assert!(generated(
            "# File generated from our OpenAPI spec by Stainless. See CONTRIBUTING.md for details.\n\nfrom __future__ import annotations\n"
        ));
        // Words after the header, or about something else, do not count.
        assert!(!generated(
            "import json\n# do not edit the list below by hand\nITEMS = []\n"
        ));
        assert!(!generated(
            "\"\"\"Tokens generated by the lexer.\"\"\"\n\nX = 1\n"
        ));
        assert!(!generated("X = 1\n\"\"\"do not edit\"\"\"\n"));
    }

    #[test]
    fn paths_name_tests_docs_scripts_and_build_files() {
        assert_eq!(role_of("src/app/models.py"), FileRole::Library);
        assert_eq!(role_of("tests/test_models.py"), FileRole::Test);
        assert_eq!(role_of("app/tests/helpers.py"), FileRole::Test);
        assert_eq!(role_of("app/models_test.py"), FileRole::Test);
        assert_eq!(role_of("conftest.py"), FileRole::Test);
        assert_eq!(role_of("tests_integration/run.py"), FileRole::Test);
        assert_eq!(role_of("docs/examples/quickstart.py"), FileRole::Example);
        assert_eq!(role_of("examples/server.py"), FileRole::Example);
        assert_eq!(role_of("scripts/release.py"), FileRole::Script);
        assert_eq!(role_of("setup.py"), FileRole::BuildConfig);
        assert_eq!(role_of("noxfile.py"), FileRole::BuildConfig);
        assert_eq!(role_of("manage.py"), FileRole::Script);
        assert_eq!(role_of("testdata/input.py"), FileRole::FixtureData);
        // A copy that `import` cannot reach (firecrawl's `firecrawl.backup.py`).
        assert_eq!(
            role_of("firecrawl/firecrawl.backup.py"),
            FileRole::FixtureData
        );
        assert_eq!(role_of("pkg/client.pyi"), FileRole::Library);
        assert_eq!(
            role_of("vendored-meson/meson/mesonbuild/utils/universal.py"),
            FileRole::Vendored
        );
        assert_eq!(role_of("vendoring/tasks.py"), FileRole::Library);
        assert_eq!(
            role_of("subprojects/highs/highspy/_core/cb.pyi"),
            FileRole::Vendored
        );
        assert_eq!(role_of("doc/data/messages/bad.py"), FileRole::FixtureData);
        assert_eq!(role_of("C:\\proj\\tests\\test_x.py"), FileRole::Test);
        assert_eq!(
            role_of("src/pip/_vendor/rich/console.py"),
            FileRole::Vendored
        );
        assert_eq!(role_of("yapf/third_party/diff/main.py"), FileRole::Vendored);
        assert_eq!(role_of("features/steps/coreprops.py"), FileRole::Test);
        assert_eq!(role_of("features/environment.py"), FileRole::Test);
        assert_eq!(
            role_of("src/datasets/features/features.py"),
            FileRole::Library
        );
        assert_eq!(
            role_of("joblib/externals/loky/backend/resource_tracker.py"),
            FileRole::Vendored
        );
    }

    #[test]
    fn a_package_named_like_a_tool_directory_is_library_code() {
        assert_eq!(
            classify_path("src/app/tools/cli.py", &["app", "tools"]).role,
            FileRole::Library
        );
        assert_eq!(
            classify_path("src/app/examples/gallery.py", &["app", "examples"]).role,
            FileRole::Library
        );
        assert_eq!(
            classify_path("tools/cli.py", &[]).role,
            FileRole::Script,
            "a tools directory that is no package holds scripts"
        );
        assert_eq!(
            classify_path("app/tests/helpers.py", &["app", "tests"]).role,
            FileRole::Test,
            "tests are tests, package or not"
        );
    }

    #[test]
    fn files_in_test_trees_without_tests_may_be_data() {
        let clue = classify_path("tests/cases/formatting.py", &[]);
        assert_eq!(clue.role, FileRole::Test);
        assert!(clue.maybe_data);
        assert!(!classify_path("tests/test_format.py", &[]).maybe_data);
        assert_eq!(
            classified("tests/cases/formatting.py", &[], "x = [1,2]\n"),
            (FileRole::Test, true)
        );
        assert_eq!(
            classified(
                "tests/helpers.py",
                &[],
                "import pytest\n@pytest.fixture\ndef client():\n    pass\n"
            ),
            (FileRole::Test, false),
            "fixtures are test support, not data"
        );
        assert_eq!(
            classified("tests/plugins.py", &[], "pytest_plugins = ['a']\n"),
            (FileRole::Test, false)
        );
        assert_eq!(
            classified(
                "pkg/tests/fixtures.py",
                &[],
                "import unittest\nclass SeparateProcess:\n    pass\n"
            ),
            (FileRole::Test, false),
            "a suite's support module that a runner loads is test code"
        );
        assert_eq!(
            classified("tests/cases/fixtures.py", &[], "x = 1\n"),
            (FileRole::Test, true),
            "named like support but written against no framework: may be data"
        );
        assert_eq!(
            classified(
                "tests/functional/consider_using_with.py",
                &[],
                "def test_pathlib_open():\n    pass\n"
            ),
            (FileRole::Test, true),
            "test functions in a file no runner collects are a linter's test case"
        );
    }

    #[test]
    fn test_code_outside_test_directories_is_a_test() {
        let source = "import unittest\nclass ParserTests(unittest.TestCase):\n    def test_x(self):\n        pass\n";
        assert_eq!(
            classified("src/app/selftest.py", &["app"], source),
            (FileRole::Test, false)
        );
        assert_eq!(
            classified(
                "src/app/cli.py",
                &["app"],
                "def test_connection(host):\n    pass\n"
            ),
            (FileRole::Library, false),
            "a test_ name without a test framework is just a name"
        );
        assert_eq!(
            classified(
                "testdata/case.py",
                &[],
                "import pytest\ndef test_it():\n    pass\n"
            ),
            (FileRole::Test, false)
        );
    }

    #[test]
    fn test_frameworks_and_plugins_are_library_code() {
        let framework = "import unittest\nclass TransactionTestCase(unittest.TestCase):\n    def setUp(self):\n        pass\n";
        assert_eq!(
            classified("django/test/testcases.py", &["django", "test"], framework),
            (FileRole::Library, false),
            "a `test` package inside a package is a framework"
        );
        assert_eq!(
            classified(
                "Lib/test/support/helper.py",
                &["test", "support"],
                framework
            ),
            (FileRole::Test, false),
            "a top-level `test` package is a test suite, and its framework-importing helper is no data"
        );
        assert_eq!(
            classified("src/app/testing.py", &["app"], framework),
            (FileRole::Library, false)
        );
        let plugin = "import pytest\n@pytest.fixture\ndef client():\n    pass\ndef pytest_configure(config):\n    pass\n";
        assert_eq!(
            classified("src/pytest_app/plugin.py", &["pytest_app"], plugin),
            (FileRole::Library, false)
        );
    }

    #[test]
    fn sphinx_configuration_is_build_configuration() {
        assert_eq!(
            classified("docs/conf.py", &[], "extensions = ['sphinx.ext.autodoc']\n"),
            (FileRole::BuildConfig, false)
        );
        assert_eq!(
            classified("conf.py", &[], "html_theme = 'alabaster'\n"),
            (FileRole::BuildConfig, false)
        );
        assert_eq!(
            classified("app/conf.py", &["app"], "DEBUG = True\n"),
            (FileRole::Library, false)
        );
    }

    #[test]
    fn configured_roles_win_in_order() {
        let base = std::env::temp_dir().join("pyexpert-role-overrides");
        let mut overrides = RoleOverrides::new(base.clone());
        overrides.add("qa/**", FileRole::Test).unwrap();
        overrides
            .add("*_fixture.py", FileRole::FixtureData)
            .unwrap();
        overrides.add("qa/**", FileRole::Library).unwrap();
        assert_eq!(
            overrides.role_of(&base.join("qa/check_orders.py")),
            Some(FileRole::Test)
        );
        assert_eq!(
            overrides.role_of(&base.join("src/deep/orders_fixture.py")),
            Some(FileRole::FixtureData)
        );
        assert_eq!(overrides.role_of(&base.join("src/orders.py")), None);
        assert!(overrides.add("[", FileRole::Test).is_err());
    }

    #[test]
    fn role_sets() {
        assert!(Roles::RUNNING_CODE.contains(FileRole::Test));
        assert!(!Roles::RUNNING_CODE.contains(FileRole::FixtureData));
        assert!(!Roles::SHIPPED_CODE.contains(FileRole::Test));
        assert!(Roles::EVERY_FILE.contains(FileRole::FixtureData));
        assert_eq!(Roles::SHIPPED_CODE.describe(), "shipped code");
        assert_eq!(Roles::RUNNING_CODE.describe(), "all code");
        assert_eq!(Roles::LIBRARY.describe(), "library");
        assert_eq!(Roles::EVERY_FILE.describe(), "every file");
        assert_eq!(
            Roles::LIBRARY.with(FileRole::BuildConfig).describe(),
            "library, build"
        );
        for role in FileRole::ALL {
            assert_eq!(FileRole::parse(role.as_str()), Some(role));
        }
    }
}
