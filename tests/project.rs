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
