//! Checks that need the whole project: findings in one module that depend on another.

mod support;

use support::{findings, json, pyexpert, TempTree};

fn lint(tree: &TempTree, args: &[&str]) -> Vec<(String, u64, String)> {
    let mut all = vec!["lint", "--output-format", "json"];
    all.extend_from_slice(args);
    findings(&json(&pyexpert(&tree.path, &all, &[])))
}

const PROTO: &str = "from typing import Protocol, runtime_checkable\n\n\nclass Reader(Protocol):\n    def read(self) -> bytes: ...\n\n\n@runtime_checkable\nclass Writer(Protocol):\n    def write(self, data: bytes) -> None: ...\n\n\nclass Plain:\n    pass\n";

#[test]
fn a_protocol_from_another_module_is_checked_with_its_definition() {
    let tree = TempTree::new("cross-module");
    tree.write("pkg/__init__.py", "");
    tree.write("pkg/proto.py", PROTO);
    tree.write(
        "pkg/use.py",
        "from pkg.proto import Reader, Writer, Plain\nfrom . import proto\nfrom .proto import Reader as R\nimport pkg.proto as p\n\n\ndef describe(obj):\n    if isinstance(obj, Reader):\n        return 'reader'\n    if isinstance(obj, Writer):\n        return 'writer'\n    if isinstance(obj, Plain):\n        return 'plain'\n    if isinstance(obj, proto.Reader):\n        return 'reader'\n    if isinstance(obj, R):\n        return 'reader'\n    if issubclass(type(obj), (p.Reader, p.Writer)):\n        return 'either'\n    return None\n",
    );
    let found = lint(&tree, &["."]);
    let expect = |line: u64| ("pkg/use.py".to_string(), line, "PX1001".to_string());
    assert_eq!(found, [expect(8), expect(14), expect(16), expect(18)]);
}

#[test]
fn runtime_checkable_in_the_defining_module_settles_it() {
    let tree = TempTree::new("cross-module-ok");
    tree.write("pkg/__init__.py", "");
    tree.write(
        "pkg/proto.py",
        "from typing import Protocol, runtime_checkable\n\n\n@runtime_checkable\nclass Reader(Protocol):\n    def read(self) -> bytes: ...\n",
    );
    tree.write(
        "pkg/use.py",
        "from pkg.proto import Reader\n\n\ndef is_reader(obj):\n    return isinstance(obj, Reader)\n",
    );
    assert_eq!(lint(&tree, &["."]), []);
}

#[test]
fn modules_outside_the_run_and_third_party_classes_stay_silent() {
    let tree = TempTree::new("cross-module-outside");
    tree.write("pkg/__init__.py", "");
    tree.write("pkg/proto.py", PROTO);
    tree.write(
        "pkg/use.py",
        "from pkg.proto import Reader\nfrom collections.abc import Iterable\n\n\ndef f(obj):\n    return isinstance(obj, (Reader, Iterable))\n",
    );
    // Only use.py is checked: proto.py's facts are unknown, so nothing is claimed.
    assert_eq!(lint(&tree, &["pkg/use.py"]), []);
    let expect = ("pkg/use.py".to_string(), 6, "PX1001".to_string());
    assert_eq!(lint(&tree, &["pkg"]), [expect]);
    // noqa still applies to a settled finding.
    tree.write(
        "pkg/use.py",
        "from pkg.proto import Reader\n\n\ndef f(obj):\n    return isinstance(obj, Reader)  # noqa: PX1001\n",
    );
    assert_eq!(lint(&tree, &["pkg"]), []);
}

/// The README's example: contracts of the project's own for a src/ layout.
const LAYERS: &str = r#"[project]
name = "shop"
requires-python = ">=3.11"

[tool.pyexpert.layers]
default-contract = false

[[tool.pyexpert.layers.contract]]
name = "the domain depends on nothing outside itself"
modules = ["domain"]
forbid = ["infrastructure", "api", "sqlalchemy", "fastapi", "httpx"]

[[tool.pyexpert.layers.contract]]
name = "infrastructure implements the domain and never calls the API layer"
modules = ["infrastructure"]
forbid = ["api"]

[[tool.pyexpert.layers.contract]]
name = "handlers go through the domain, not straight to the database"
modules = ["api.**.handlers"]
forbid = ["infrastructure.db"]
"#;

#[test]
fn layer_contracts_from_the_configuration() {
    let tree = TempTree::new("layers");
    tree.write("pyproject.toml", LAYERS);
    for package in ["domain", "infrastructure", "api", "api/v1"] {
        tree.write(&format!("src/{package}/__init__.py"), "");
    }
    tree.write(
        "src/domain/orders.py",
        "from dataclasses import dataclass\n\nfrom infrastructure.db import Session\nfrom ..api import schemas\nimport requests\n",
    );
    tree.write(
        "src/infrastructure/db.py",
        "import sqlalchemy\nfrom domain.orders import dataclass\nfrom api import app\n",
    );
    tree.write("src/api/v1/handlers.py", "from domain import orders\nfrom infrastructure.db import Session\nfrom infrastructure import mail\n");
    tree.write("src/api/app.py", "from infrastructure.db import Session\n");
    let found = lint(&tree, &["src"]);
    let expect = |path: &str, line: u64| (path.to_string(), line, "PX2001".to_string());
    // `requests` is allowed once the built-in contract is off; `api/app.py` is not a handler.
    assert_eq!(
        found,
        [
            expect("src/api/v1/handlers.py", 2),
            expect("src/domain/orders.py", 3),
            expect("src/domain/orders.py", 4),
            expect("src/infrastructure/db.py", 3),
        ]
    );
}

#[test]
fn the_built_in_contract_keeps_domain_packages_free_of_frameworks() {
    let tree = TempTree::new("layers-default");
    tree.write("app/__init__.py", "");
    tree.write("app/domain/__init__.py", "");
    tree.write("app/infrastructure/__init__.py", "");
    tree.write(
        "app/domain/model.py",
        "import requests\nfrom app.infrastructure import repo\nimport api\n",
    );
    tree.write(
        "app/infrastructure/repo.py",
        "import sqlalchemy\nfrom app.domain import model\n",
    );
    let found = lint(&tree, &["--isolated", "."]);
    let expect = |line: u64| {
        (
            "app/domain/model.py".to_string(),
            line,
            "PX2001".to_string(),
        )
    };
    assert_eq!(found, [expect(1), expect(2)]);
}

#[test]
fn an_invalid_pyproject_is_a_syntax_error_and_the_run_goes_on() {
    let tree = TempTree::new("bad-pyproject");
    tree.write(
        "lib/pyproject.toml",
        "[project]\nname = \"x\"\nversion = \n",
    );
    tree.write("lib/mod.py", "def f(items, xs):\n    for x in xs:\n        if x in [1, 2, 3, 4, 5]:\n            items.append(x)\n");
    let output = pyexpert(
        &tree.path,
        &[
            "lint",
            "--isolated",
            "--extend-select",
            "PX0701",
            "--output-format",
            "json",
            "lib",
        ],
        &[],
    );
    let found = findings(&json(&output));
    assert_eq!(
        found,
        [
            ("lib/mod.py".to_string(), 3, "PX0701".to_string()),
            ("lib/pyproject.toml".to_string(), 3, "PX0000".to_string()),
        ]
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "syntax errors are findings, not a failed run"
    );
}

#[test]
fn a_setup_py_nested_in_another_project_is_left_to_it_however_the_paths_are_given() {
    let tree = TempTree::new("nested-setup");
    let setup = "from setuptools import setup\n\nsetup(name='x')\n";
    tree.write("setup.py", setup);
    tree.write("pkg/__init__.py", "");
    tree.write("plugins/nose/setup.py", setup);
    for args in [
        &["--isolated", "--extend-select", "PX1901", "."][..],
        &["--isolated", "--extend-select", "PX1901", "./"],
        &[
            "--isolated",
            "--extend-select",
            "PX1901",
            "setup.py",
            "pkg",
            "plugins",
        ],
    ] {
        let found: Vec<String> = lint(&tree, args)
            .into_iter()
            .filter(|(_, _, code)| code == "PX1901")
            .map(|(path, _, _)| path)
            .collect();
        assert_eq!(found.len(), 1, "{args:?}: {found:?}");
        assert!(
            found[0].ends_with("setup.py") && !found[0].contains("plugins"),
            "{args:?}: {found:?}"
        );
    }
    // Linted on its own, the nested directory is a project.
    let alone = pyexpert(
        &tree.path.join("plugins/nose"),
        &[
            "lint",
            "--output-format",
            "json",
            "--isolated",
            "--extend-select",
            "PX1901",
            ".",
        ],
        &[],
    );
    let found = findings(&json(&alone));
    assert!(
        found.iter().any(|(_, _, code)| code == "PX1901"),
        "{found:?}"
    );
}

#[test]
fn a_module_that_sets_its_own_attributes_through_an_import_of_itself_may_list_them() {
    let tree = TempTree::new("self-writing-module");
    let listed = "__all__ = ('create_future', 'use_asyncio')\n\n\ndef use_asyncio():\n    _use(object())\n\n\n";
    // txaio's shape: `import txaio` inside txaio, then `setattr(txaio, name, ...)`.
    tree.write(
        "selfpkg/__init__.py",
        format!("{listed}def _use(module):\n    import selfpkg\n\n    for name in __all__:\n        setattr(selfpkg, name, getattr(module, name))\n"),
    );
    // The same through `from package import module` and an attribute store.
    tree.write(
        "selfpkg/sub.py",
        format!("{listed}def _use(module):\n    from selfpkg import sub\n\n    sub.create_future = module.create_future\n"),
    );
    // Importing itself only to read from it opens nothing.
    tree.write(
        "selfpkg/reader.py",
        format!("{listed}def _use(module):\n    import selfpkg.reader as me\n\n    return me.use_asyncio\n"),
    );
    // A module that puts a proxy into `sys.modules` (passlib's lazy compat module).
    tree.write(
        "selfpkg/lazy.py",
        "import sys\n\n__all__ = ['BytesIO']\n\n\nclass Overlay:\n    @classmethod\n    def replace(cls, name):\n        sys.modules[name] = cls()\n\n\nOverlay.replace(__name__)\n",
    );
    let expect = ("selfpkg/reader.py".to_string(), 1, "PX0104".to_string());
    assert_eq!(lint(&tree, &["."]), [expect]);
}
