//! File roles end to end (src/role.rs): which rules reach tests, data, examples, scripts and
//! build files of a real tree, how configuration overrides the conventions, and other
//! tools' suppressions of the same check.

mod support;

use std::collections::BTreeSet;

use support::{findings, json, pyexpert, TempTree};

/// A generator that raises StopIteration (PX0205, an error that applies to all code) and a
/// `zip(xs, xs[1:])` (PX1302, modernisation advice for shipped code only; opt-in, so the
/// helpers select it, with PX0201, to show where each applies).
const BOTH: &str = "def numbers(limit: list):\n    yield 1\n    raise StopIteration\n\n\ndef pairs(xs: list):\n    return list(zip(xs, xs[1:]))\n";

fn lint(tree: &TempTree, args: &[&str]) -> BTreeSet<(String, String)> {
    let mut all = vec![
        "lint",
        "--output-format",
        "json",
        "--no-cache",
        "--target-version",
        "py312",
        "--extend-select",
        "PX0201,PX1302",
    ];
    all.extend_from_slice(args);
    findings(&json(&pyexpert(&tree.path, &all, &[])))
        .into_iter()
        .map(|(path, _, code)| (path, code))
        .collect()
}

fn expect(entries: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    entries
        .iter()
        .map(|(path, code)| (path.to_string(), code.to_string()))
        .collect()
}

fn project() -> TempTree {
    let tree = TempTree::new("roles");
    tree.write("src/shop/__init__.py", "");
    tree.write("src/shop/orders.py", BOTH);
    tree.write(
        "tests/test_orders.py",
        format!("import helpers\nimport broken_helper\n\n{BOTH}"),
    );
    tree.write("tests/helpers.py", BOTH);
    tree.write("tests/broken_helper.py", "def oops(:\n");
    tree.write("tests/cases/bad_input.py", format!("import other\n{BOTH}"));
    tree.write("tests/cases/other.py", BOTH);
    tree.write("tests/cases/broken.py", "def oops(:\n");
    tree.write("docs/examples/demo.py", BOTH);
    tree.write("scripts/release.py", BOTH);
    tree.write("testdata/sample.py", BOTH);
    tree.write("testdata/broken.py", "def oops(:\n");
    tree.write("setup.py", BOTH);
    tree.write("src/shop/_vendor/six.py", BOTH);
    // A parser's cases beside a Rust crate, and a copy `import` cannot reach.
    tree.write("crates/parser/resources/valid/case.py", BOTH);
    tree.write("crates/parser/resources/invalid/case.py", "def oops(:\n");
    tree.write("src/shop/orders.backup.py", BOTH);
    tree
}

#[test]
fn each_role_gets_the_rules_that_apply_to_it() {
    let tree = project();
    let found = lint(&tree, &["--isolated", "."]);
    assert_eq!(
        found,
        expect(&[
            ("docs/examples/demo.py", "PX0205"),
            ("docs/examples/demo.py", "PX1302"),
            ("scripts/release.py", "PX0205"),
            ("scripts/release.py", "PX1302"),
            ("setup.py", "PX0205"),
            ("src/shop/orders.py", "PX0205"),
            ("src/shop/orders.py", "PX1302"),
            ("tests/broken_helper.py", "PX0000"),
            ("tests/helpers.py", "PX0205"),
            ("tests/test_orders.py", "PX0205"),
        ]),
        "tests get the error, not the advice; data nobody imports (tests/cases, testdata, resources) gets nothing"
    );
}

#[test]
fn a_modules_own_self_test_gets_only_what_tests_get() {
    let tree = TempTree::new("roles-self-test");
    tree.write("shop/__init__.py", "");
    // The same code as the library's, once more inside `def test():`.
    let indented: String = BOTH
        .lines()
        .map(|line| {
            if line.is_empty() {
                String::from("\n")
            } else {
                format!("    {line}\n")
            }
        })
        .collect();
    tree.write(
        "shop/orders.py",
        format!("{BOTH}\n\ndef test():\n{indented}"),
    );
    let lines: Vec<(u64, String)> = findings(&json(&pyexpert(
        &tree.path,
        &[
            "lint",
            "--output-format",
            "json",
            "--no-cache",
            "--isolated",
            "--target-version",
            "py312",
            "--extend-select",
            "PX0201,PX1302",
            ".",
        ],
        &[],
    )))
    .into_iter()
    .map(|(_, line, code)| (line, code))
    .collect();
    assert_eq!(
        lines,
        [
            (3, "PX0205".to_string()),
            (7, "PX1302".to_string()),
            (13, "PX0205".to_string())
        ],
        "inside `def test():` the error stays and the advice goes"
    );
}

#[test]
fn a_module_only_the_build_script_imports_is_build_configuration() {
    let tree = TempTree::new("roles-build-helper");
    tree.write(
        "setup.py",
        "import os, _compile_patch\nfrom _version_reader import version\n\n_compile_patch.apply()\n",
    );
    for helper in ["_compile_patch.py", "_version_reader.py", "speedups.py"] {
        tree.write(helper, BOTH);
    }
    tree.write("tools/_compile_patch.py", BOTH);
    assert_eq!(
        lint(&tree, &["--isolated", "."]),
        expect(&[
            ("_compile_patch.py", "PX0205"),
            ("_version_reader.py", "PX0205"),
            ("speedups.py", "PX0205"),
            ("speedups.py", "PX1302"),
            ("tools/_compile_patch.py", "PX0205"),
            ("tools/_compile_patch.py", "PX1302"),
        ]),
        "the helpers setup.py imports get what build files get; a module it does not import, \
         and a namesake elsewhere, stay shipped code"
    );
}

#[test]
fn a_warm_cache_settles_data_the_same_way() {
    let tree = project();
    let cached = ["--isolated", "."];
    let mut args = vec![
        "lint",
        "--output-format",
        "json",
        "--target-version",
        "py312",
    ];
    args.extend_from_slice(&cached);
    let cold = support::stdout(&pyexpert(&tree.path, &args, &[]));
    let warm = support::stdout(&pyexpert(&tree.path, &args, &[]));
    assert_eq!(cold, warm);
    assert!(cold.contains("tests/helpers.py"), "{cold}");
    assert!(!cold.contains("tests/cases"), "{cold}");
}

#[test]
fn a_file_linted_alone_cannot_be_told_from_a_helper() {
    let tree = project();
    let found = lint(&tree, &["--isolated", "tests/cases/bad_input.py"]);
    assert_eq!(found, expect(&[("tests/cases/bad_input.py", "PX0205")]));
}

#[test]
fn configured_roles_override_the_conventions() {
    let tree = TempTree::new("roles-config");
    tree.write(
        "pyexpert.toml",
        "test-paths = [\"integration/**\"]\n\n[file-roles]\n\"qa/**\" = \"test\"\n\"tests/fixtures_lib/**\" = \"library\"\n",
    );
    tree.write("qa/check.py", BOTH);
    tree.write("integration/run.py", BOTH);
    tree.write("tests/fixtures_lib/model.py", BOTH);
    let found = lint(&tree, &["."]);
    assert_eq!(
        found,
        expect(&[
            ("integration/run.py", "PX0205"),
            ("qa/check.py", "PX0205"),
            ("tests/fixtures_lib/model.py", "PX0205"),
            ("tests/fixtures_lib/model.py", "PX1302"),
        ])
    );
    tree.write("pyexpert.toml", "[file-roles]\n\"qa/**\" = \"tests\"\n");
    let output = pyexpert(&tree.path, &["lint", "."], &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = support::stderr(&output);
    assert!(
        stderr.contains("`tests` is not a file role"),
        "the error names the bad value: {stderr}"
    );
}

#[test]
fn another_tools_suppression_of_the_same_check_is_the_authors_verdict() {
    let tree = TempTree::new("roles-equivalents");
    tree.write(
        "app.py",
        "import asyncio\n\n\nasync def main(job):\n    asyncio.create_task(job())  # noqa: RUF006\n    asyncio.create_task(job())  # noqa: RUF005\n\n\ndef numbers():\n    yield 1\n    raise StopIteration  # pylint: disable=stop-iteration-return\n\n\ndef more():\n    yield 1\n    # pylint: disable-next=R1708\n    raise StopIteration\n",
    );
    let lines = |args: &[&str]| -> Vec<(u64, String)> {
        let mut all = vec!["lint", "--output-format", "json", "--no-cache"];
        all.extend_from_slice(args);
        findings(&json(&pyexpert(&tree.path, &all, &[])))
            .into_iter()
            .map(|(_, line, code)| (line, code))
            .collect()
    };
    assert_eq!(
        lines(&["--isolated", "--extend-select", "PX0204", "."]),
        [(6, "PX0204".to_string())],
        "RUF006 and stop-iteration-return are the same checks; RUF005 is not"
    );
    let everything = [
        (5, "PX0204".to_string()),
        (6, "PX0204".to_string()),
        (11, "PX0205".to_string()),
        (17, "PX0205".to_string()),
    ];
    assert_eq!(
        lines(&[
            "--isolated",
            "--extend-select",
            "PX0204",
            "--no-equivalent-noqa",
            "."
        ]),
        everything
    );
    tree.write(
        "pyexpert.toml",
        "respect-equivalent-noqa = false\nextend-select = [\"PX0204\"]\n",
    );
    assert_eq!(lines(&["."]), everything);
}

#[test]
fn test_suites_exercise_on_purpose_what_library_code_must_not() {
    let tree = TempTree::new("roles-scenarios");
    let scenario = "\
import asyncio
import importlib
import time

import pytest

import settings


@pytest.fixture
def fresh_settings():
    importlib.reload(settings)
    yield settings


async def test_download_writes_the_file(tmp_path):
    with open(tmp_path / 'out.txt', 'w') as handle:
        handle.write('x')
    # the worker must notice the stall: this sleep is the scenario under test
    time.sleep(0.01)


def test_iteration_of_a_half_iterator():
    class NextOnly:
        def __next__(self):
            return 1

    with pytest.raises(TypeError):
        iter(NextOnly())
";
    tree.write("settings.py", "DEBUG = False\n");
    tree.write("tests/test_scenarios.py", scenario);
    tree.write("src/app/__init__.py", "");
    tree.write("src/app/jobs.py", scenario.replace("def test_", "def run_"));
    // PX0102 and PX0304 are opt-in: selected here, so the test shows where they apply.
    let found = lint(
        &tree,
        &["--isolated", "--extend-select", "PX0102,PX0304", "."],
    );
    let codes_in = |path: &str| -> BTreeSet<String> {
        found
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, code)| code.clone())
            .collect()
    };
    assert!(
        codes_in("tests/test_scenarios.py").is_empty(),
        "reload in a fixture, blocking calls in an async test and a local half-iterator are test scaffolding: {found:?}"
    );
    let library = codes_in("src/app/jobs.py");
    for code in ["PX0102", "PX0201", "PX0304"] {
        assert!(library.contains(code), "{code} in library code: {found:?}");
    }
}

#[test]
fn tests_get_the_dataclass_defaults_that_break_and_not_the_ones_that_might() {
    let tree = TempTree::new("roles-dataclass-defaults");
    let module = "\
from dataclasses import dataclass


class Counter:
    def __init__(self):
        self.value = 0


@dataclass
class Shared:
    counter: Counter = Counter()


@dataclass
class Rejected:
    names: list = []
";
    tree.write("tests/test_defaults.py", module);
    tree.write("src/app/__init__.py", "");
    tree.write("src/app/defaults.py", module);
    // Both findings of the library file are PX1401: read their lines from the report.
    let report = json(&pyexpert(
        &tree.path,
        &[
            "lint",
            "--isolated",
            "--output-format",
            "json",
            "--no-cache",
            "--target-version",
            "py312",
            ".",
        ],
        &[],
    ));
    let lines_of = |path: &str| -> Vec<u64> {
        findings(&report)
            .into_iter()
            .filter(|(p, _, code)| p == path && code == "PX1401")
            .map(|(_, line, _)| line)
            .collect()
    };
    assert_eq!(
        lines_of("tests/test_defaults.py"),
        [16],
        "only the rejected list"
    );
    assert_eq!(
        lines_of("src/app/defaults.py"),
        [11, 16],
        "both in library code"
    );
}

#[test]
fn models_a_test_defines_exercise_pydantic_on_purpose() {
    // The validator returns nothing (PX0502) and the model uses pydantic 1's `class Config`
    // (PX0501): a slip in shipped code, the case under test in a test suite.
    let model = "import pytest\nfrom pydantic import BaseModel, field_validator\n\n\nclass Account(BaseModel):\n    name: str\n\n    class Config:\n        frozen = True\n\n    @field_validator(\"name\")\n    @classmethod\n    def not_blocked(cls, v):\n        if v == \"root\":\n            raise ValueError(\"reserved\")\n\n\ndef test_blocked():\n    with pytest.raises(ValueError):\n        Account(name=\"root\")\n";
    let tree = TempTree::new("roles-pydantic");
    tree.write("src/shop/__init__.py", "");
    tree.write(
        "src/shop/models.py",
        model.replace("def test_", "def check_"),
    );
    tree.write("tests/test_models.py", model);
    let found = lint(&tree, &["--isolated", "."]);
    assert_eq!(
        found,
        expect(&[
            ("src/shop/models.py", "PX0501"),
            ("src/shop/models.py", "PX0502"),
        ])
    );
}

#[test]
fn tests_are_told_of_utcnow_where_pytest_makes_it_an_error_and_the_clock_is_real() {
    let tree = TempTree::new("roles-utcnow");
    tree.write(
        "tests/test_models.py",
        "import datetime\n\n\ndef test_created():\n    assert datetime.datetime.utcnow().year > 2000\n",
    );
    tree.write(
        "tests/test_frozen.py",
        "import datetime\n\nfrom freezegun import freeze_time\n\n\n@freeze_time(\"2012-01-14\")\ndef test_frozen():\n    assert datetime.datetime.utcnow() == datetime.datetime(2012, 1, 14)\n",
    );
    // Without a pytest configuration that makes warnings errors, the deprecated call costs
    // the suite nothing.
    assert_eq!(lint(&tree, &["--isolated", "."]), expect(&[]));
    tree.write(
        "pyproject.toml",
        "[tool.pytest.ini_options]\nfilterwarnings = [\"error\", \"ignore::ResourceWarning\"]\n",
    );
    let found = lint(&tree, &["--isolated", "."]);
    assert_eq!(found, expect(&[("tests/test_models.py", "PX0504")]));
    // A suite that ignores deprecations after turning warnings into errors has decided.
    tree.write(
        "tests/pytest.ini",
        "[pytest]\nfilterwarnings =\n    error\n    ignore::DeprecationWarning\n",
    );
    assert_eq!(lint(&tree, &["--isolated", "."]), expect(&[]));
}
