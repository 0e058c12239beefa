//! PX1901 setup-py-without-pyproject: a `setup.py` with no `pyproject.toml` declaring a
//! `[build-system]` beside it. Build frontends then fall back to running setuptools' legacy
//! path with undeclared build requirements (PEP 517/518), and the metadata stays in code
//! instead of the declarative `[project]` table (PEP 621).

use std::path::Path;

use rustpython_parser::ast::{Expr, Stmt};

use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::{FileRole, Roles};
use crate::rule::{Rule, RuleContext};

pub struct SetupPyWithoutPyproject;

static META: RuleMeta = RuleMeta {
    code: "PX1901",
    name: "setup-py-without-pyproject",
    severity: Severity::Advice,
    question: Some(Question::new(19)),
    opt_in: true,
    min_version: None,
    summary: "a `setup.py` without a `pyproject.toml` that declares the build system",
    doc: include_str!("../../../rules/PX1901.md"),
    applies_to: Roles::LIBRARY.with(FileRole::BuildConfig),
};

impl Rule for SetupPyWithoutPyproject {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn has_module_check(&self) -> bool {
        true
    }

    fn check_module<'a>(&self, cx: &mut RuleContext<'_, 'a>) {
        // Only a build script: a module that happens to be called `setup.py` (a test
        // helper, a docs extension) builds nothing.
        let is_build_script =
            cx.model.imports_package("setuptools") || cx.model.imports_package("distutils");
        if cx.file_name() != "setup.py" || !is_build_script {
            return;
        }
        // A package that still supports Python 2 (its classifiers or `python_requires`
        // say so) cannot move its metadata to `[project]`: setuptools 61 needs 3.7.
        if cx.target_version.major < 3 || cx.source.contains("Programming Language :: Python :: 2")
        {
            return;
        }
        // A script that still builds through 2to3 or a distribute/ez_setup bootstrap needs
        // a setuptools from before 58, which no `[build-system]` table can bring back.
        if BUILD_OF_A_PAST_ERA
            .iter()
            .any(|marker| cx.source.contains(marker))
        {
            return;
        }
        let directory = Path::new(cx.path).parent().unwrap_or(Path::new("."));
        let directory = if directory.as_os_str().is_empty() {
            Path::new(".")
        } else {
            directory
        };
        // `setup()` alone, with the metadata in setup.cfg: the project is declarative
        // already, and the legacy fallback builds it with setuptools, its only build
        // requirement. Whether to add a pyproject.toml too is the maintainers' policy.
        if is_bare_shim(cx.body) && declares_metadata_in_setup_cfg(directory) {
            return;
        }
        // A `setup.py` below another project's root builds a sample or plugin package of
        // that project (a test's distutils example, a test-runner plugin), not the project.
        if cx.project.is_nested_project(directory) {
            return;
        }
        let message = match cx.project.pyproject_in(directory) {
            Some(facts) if facts.has_build_system => return,
            Some(_) => "`setup.py` sits next to a `pyproject.toml` without a `[build-system]` table: build frontends fall back to setuptools' legacy build with undeclared build requirements",
            None => "`setup.py` has no `pyproject.toml` beside it: build frontends fall back to setuptools' legacy build with undeclared build requirements, and the metadata lives in code",
        };
        let first_line_end = cx.source.find(['\n', '\r']).unwrap_or(cx.source.len());
        let range =
            rustpython_parser::text_size::TextRange::new(0.into(), (first_line_end as u32).into());
        cx.report(
            range,
            message,
            "declare the build in pyproject.toml: `[build-system]` with `requires = [\"setuptools>=61\"]` and `build-backend = \"setuptools.build_meta\"`, and move the metadata to `[project]` (PEP 621); setup.py can then shrink to what only code can express, or go",
        );
    }
}

/// Text in a setup.py that says its build belongs to another era: `use_2to3` (removed in
/// setuptools 58) and the imports of the `distribute_setup`/`ez_setup` bootstraps. (An
/// "Inactive" classifier is not enough: reviewers still wanted the fix in one of two such
/// projects.)
const BUILD_OF_A_PAST_ERA: &[&str] = &[
    "use_2to3",
    "import distribute_setup",
    "from distribute_setup",
    "import ez_setup",
    "from ez_setup",
];

/// A module that only imports and calls `setup()` without arguments (a docstring, a
/// `__main__` guard, an `if` that only raises, such as a refusal to run on Python 2, and a
/// `sys.path.insert(...)` that lets setup.cfg's `attr:` version find a `src/` package
/// aside, as flake8's does).
fn is_bare_shim(body: &[Stmt]) -> bool {
    let mut calls = 0;
    for stmt in body {
        match stmt {
            Stmt::Import(_) | Stmt::ImportFrom(_) => {}
            Stmt::Expr(expr) if expr.value.is_constant_expr() || edits_sys_path(&expr.value) => {}
            Stmt::Expr(expr) if is_bare_setup_call(&expr.value) => calls += 1,
            // A guard that refuses to run (`if sys.version_info.major < 3: raise ...`)
            // declares nothing.
            Stmt::If(guard)
                if guard.orelse.is_empty()
                    && guard.body.iter().all(|s| matches!(s, Stmt::Raise(_))) => {}
            Stmt::If(guard)
                if guard.orelse.is_empty() && crate::ast_ext::main_guard(&guard.test).is_some() =>
            {
                if !is_bare_shim(&guard.body) {
                    return false;
                }
                calls += 1;
            }
            _ => return false,
        }
    }
    calls == 1
}

/// `sys.path.insert(...)` or `sys.path.append(...)`.
fn edits_sys_path(expr: &Expr) -> bool {
    let Expr::Call(call) = expr else {
        return false;
    };
    let Expr::Attribute(method) = &*call.func else {
        return false;
    };
    let Expr::Attribute(path) = &*method.value else {
        return false;
    };
    matches!(method.attr.as_str(), "insert" | "append")
        && path.attr.as_str() == "path"
        && matches!(&*path.value, Expr::Name(sys) if sys.id.as_str() == "sys")
}

fn is_bare_setup_call(expr: &Expr) -> bool {
    let Expr::Call(call) = expr else {
        return false;
    };
    let calls_setup = match &*call.func {
        Expr::Name(name) => name.id.as_str() == "setup",
        Expr::Attribute(attribute) => attribute.attr.as_str() == "setup",
        _ => false,
    };
    calls_setup && call.args.is_empty() && call.keywords.is_empty()
}

/// Whether `directory`'s setup.cfg has a `[metadata]` section.
fn declares_metadata_in_setup_cfg(directory: &Path) -> bool {
    std::fs::read_to_string(directory.join("setup.cfg"))
        .is_ok_and(|text| text.lines().any(|line| line.trim() == "[metadata]"))
}
