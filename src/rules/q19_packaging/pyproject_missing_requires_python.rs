//! PX1902 pyproject-missing-requires-python: a `[project]` table without `requires-python`.
//! Installers then offer the package to every Python version, including ones its code cannot
//! run on, and tools cannot tell which syntax and features the project may use.

use crate::diagnostic::{Finding, Severity};
use crate::lesson::Question;
use crate::pyproject::PyProjectFile;
use crate::registry::RuleMeta;
use crate::role::{FileRole, Roles};
use crate::rule::Rule;

pub struct PyprojectMissingRequiresPython;

static META: RuleMeta = RuleMeta {
    code: "PX1902",
    name: "pyproject-missing-requires-python",
    severity: Severity::Advice,
    question: Some(Question::new(19)),
    opt_in: true,
    min_version: None,
    summary: "a `[project]` table in pyproject.toml without `requires-python`",
    doc: include_str!("../../../rules/PX1902.md"),
    applies_to: Roles::LIBRARY.with(FileRole::BuildConfig),
};

impl Rule for PyprojectMissingRequiresPython {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn checks_pyproject(&self) -> bool {
        true
    }

    fn check_pyproject(&self, file: &PyProjectFile<'_>, findings: &mut Vec<Finding>) {
        let Some(project) = file.document.get("project").and_then(|p| p.as_table()) else {
            return;
        };
        if project.contains_key("requires-python") {
            return;
        }
        // PEP 621 lets the build backend fill it in when it is listed as dynamic.
        let dynamic = project
            .get("dynamic")
            .and_then(|d| d.as_array())
            .is_some_and(|fields| fields.iter().any(|f| f.as_str() == Some("requires-python")));
        // Poetry (before 2.0 reads `[project]`) publishes `Requires-Python` from its
        // `python` dependency.
        let poetry_python = file
            .document
            .get("tool")
            .and_then(|t| t.get("poetry"))
            .and_then(|p| p.get("dependencies"))
            .is_some_and(|d| d.get("python").is_some());
        if dynamic || poetry_python || declares_python_2(project) {
            return;
        }
        let range = file
            .table_header("project")
            .unwrap_or_else(|| file.first_line());
        findings.push(
            Finding::new(
                &META,
                range,
                "`[project]` does not say which Python versions the package supports (`requires-python`): installers will offer it to any version, and tools cannot tell which features the code may use",
            )
            .with_help("add `requires-python = \">=3.x\"` to `[project]` with the oldest version the code runs on (pyexpert also takes its target version from it)"),
        );
    }
}

/// A `Programming Language :: Python :: 2` classifier (or `:: 2.7`...): the package runs on
/// Python 2 and 3 alike, so there is no floor to state, and `requires-python` would only
/// restate "any" (walrus keeps its shims on purpose).
fn declares_python_2(project: &toml::Table) -> bool {
    const PYTHON_2: &str = "Programming Language :: Python :: 2";
    project
        .get("classifiers")
        .and_then(|c| c.as_array())
        .is_some_and(|classifiers| {
            classifiers
                .iter()
                .filter_map(|c| c.as_str())
                .any(|classifier| {
                    classifier.strip_prefix(PYTHON_2).is_some_and(|rest| {
                        rest.is_empty() || rest.starts_with('.') || rest.starts_with(" ::")
                    })
                })
        })
}
