//! PX0104 undefined-name-in-all: a string in `__all__` that names nothing the module binds.
//! `from module import *` looks up every listed name on the module and fails with an
//! AttributeError on the first one that does not exist, so one stale entry breaks every
//! star import of the module (and documentation tools trust `__all__` too).

use std::path::Path;

use rustpython_parser::ast::{Expr, Operator, Ranged, Stmt};

use crate::ast_ext;
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::{FileRole, Roles};
use crate::rule::{Rule, RuleContext};
use crate::semantic::{BindingKind, ScopeId};
use crate::visit::{Node, NodeKind};

pub struct UndefinedNameInAll;

static META: RuleMeta = RuleMeta {
    code: "PX0104",
    name: "undefined-name-in-all",
    severity: Severity::Error,
    question: Some(Question::new(1)),
    opt_in: false,
    min_version: None,
    summary: "a name listed in `__all__` that the module never defines",
    doc: include_str!("../../../rules/PX0104.md"),
    applies_to: Roles::RUNNING_CODE,
};

/// Attributes every module has without a statement binding them.
const MODULE_ATTRIBUTES: &[&str] = &[
    "__builtins__",
    "__cached__",
    "__dict__",
    "__doc__",
    "__file__",
    "__loader__",
    "__name__",
    "__package__",
    "__path__",
    "__spec__",
];

/// `list` methods that add entries to `__all__`.
const ADDING_METHODS: &[&str] = &["append", "extend", "insert"];

impl Rule for UndefinedNameInAll {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[
            NodeKind::Assign,
            NodeKind::AugAssign,
            NodeKind::AnnAssign,
            NodeKind::Call,
        ]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        if cx.ctx.scope() != ScopeId::MODULE || is_collected_test_module(cx) {
            return;
        }
        let mut listed = Vec::new();
        match node {
            Node::Stmt(Stmt::Assign(assign)) if assign.targets.iter().any(is_dunder_all) => {
                string_elements(&assign.value, &mut listed);
            }
            Node::Stmt(Stmt::AnnAssign(ann)) if is_dunder_all(&ann.target) => {
                if let Some(value) = &ann.value {
                    string_elements(value, &mut listed);
                }
            }
            Node::Stmt(Stmt::AugAssign(aug))
                if aug.op == Operator::Add && is_dunder_all(&aug.target) =>
            {
                string_elements(&aug.value, &mut listed);
            }
            Node::Expr(Expr::Call(call)) => {
                let Expr::Attribute(method) = &*call.func else {
                    return;
                };
                if !is_dunder_all(&method.value) || !ADDING_METHODS.contains(&method.attr.as_str())
                {
                    return;
                }
                match (method.attr.as_str(), call.args.as_slice()) {
                    ("append", [item]) | ("insert", [_, item]) if is_string(item) => {
                        listed.push(item);
                    }
                    ("extend", [items]) => string_elements(items, &mut listed),
                    _ => {}
                }
            }
            _ => return,
        }
        let undefined: Vec<(&Expr, &str)> = listed
            .into_iter()
            .filter_map(|item| Some((item, ast_ext::string_literal(item)?)))
            .filter(|(_, name)| !is_bound(cx, name) && !may_be_submodule(cx, name))
            .collect();
        if undefined.is_empty() || namespace_is_open(cx) {
            return;
        }
        for (item, name) in undefined {
            cx.report(
                item.range(),
                format!("`__all__` lists `{name}`, but the module never defines it: `from ... import *` fails with AttributeError"),
                format!("define or import `{name}` in this module, or remove it from `__all__`"),
            );
        }
    }
}

fn is_dunder_all(expr: &Expr) -> bool {
    ast_ext::name_id(expr) == Some("__all__")
}

/// The string literals of a list or tuple display, also of displays joined with `+`
/// (`base.__all__ + ["extra"]` contributes `"extra"`).
fn string_elements<'a>(expr: &'a Expr, out: &mut Vec<&'a Expr>) {
    match expr {
        Expr::List(list) => out.extend(list.elts.iter().filter(|e| is_string(e))),
        Expr::Tuple(tuple) => out.extend(tuple.elts.iter().filter(|e| is_string(e))),
        Expr::BinOp(op) if op.op == Operator::Add => {
            string_elements(&op.left, out);
            string_elements(&op.right, out);
        }
        _ => {}
    }
}

fn is_string(expr: &Expr) -> bool {
    ast_ext::string_literal(expr).is_some()
}

/// A module pytest or unittest collects (`test_*.py`, `*_test.py` in a test tree): nothing
/// star-imports it, so a stale `__all__` there breaks nothing. A test suite's support
/// modules (`helpers.py`, `conftest.py`) are still checked.
fn is_collected_test_module(cx: &RuleContext<'_, '_>) -> bool {
    let stem = cx.file_name().trim_end_matches(".py");
    cx.role == FileRole::Test && (stem.starts_with("test_") || stem.ends_with("_test"))
}

/// Names the module may have without the model seeing a binding: a star import, writes
/// through `globals()` or `exec`, a module `__getattr__` (PEP 562) that answers lookups
/// of names it does not bind, or attributes set on the module through an import of itself.
fn namespace_is_open(cx: &RuleContext<'_, '_>) -> bool {
    let module = cx.model.module_scope();
    module.star_import
        || module.binds("__getattr__")
        || cx.model.writes_module_namespace_dynamically()
        || cx
            .module
            .is_some_and(|name| cx.model.writes_itself_through_an_import(name))
}

/// Bound anywhere at module level (under `if TYPE_CHECKING:`, in a `try`/`except` import,
/// through `global` in a function), or an attribute every module has.
fn is_bound(cx: &RuleContext<'_, '_>, name: &str) -> bool {
    MODULE_ATTRIBUTES.contains(&name)
        || cx
            .model
            .module_scope()
            .bindings_of(name)
            .iter()
            .any(|id| !matches!(cx.model.binding(*id).kind, BindingKind::Deletion))
}

/// In a package's `__init__`, `__all__` may name submodules: `from package import *`
/// imports them. Checks the package directory; when it cannot be read, any name may be one.
fn may_be_submodule(cx: &RuleContext<'_, '_>, name: &str) -> bool {
    let path = Path::new(cx.path);
    if path.file_stem().and_then(|s| s.to_str()) != Some("__init__") {
        return false;
    }
    let Some(dir) = path.parent() else {
        return true;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return true;
    };
    let entries: Vec<_> = entries.flatten().collect();
    let found_next_to_it = entries.iter().any(|entry| {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            return false;
        };
        if file_name == name {
            return entry.path().is_dir();
        }
        // `name.py`, `name.pyi`, `name.pyc`, extension modules such as
        // `name.cpython-311-x86_64-linux-gnu.so` or `name.pyd`, and the Cython source
        // `name.pyx` that a build turns into one.
        file_name
            .split_once('.')
            .is_some_and(|(stem, _)| stem == name)
            && [".py", ".pyi", ".pyc", ".so", ".pyd", ".pyx"]
                .iter()
                .any(|ext| file_name.ends_with(ext))
    });
    found_next_to_it
        || imported_as_submodule_by_siblings(dir, &entries, name)
        || cx.project.builds_extension_module(dir, name)
}

/// An extension module is built beside the sources (`setup.py` names it
/// `Extension("pkg.sub.name", ...)`), so an sdist or a checkout does not hold it yet. The
/// package's own modules importing it from the package (`from pkg.sub import name`, `from
/// . import name`, `import pkg.sub.name`) show that it is a submodule.
fn imported_as_submodule_by_siblings(
    dir: &Path,
    entries: &[std::fs::DirEntry],
    name: &str,
) -> bool {
    let Some(package) = dir
        .canonicalize()
        .ok()
        .and_then(|dir| dir.file_name()?.to_str().map(str::to_owned))
    else {
        return false;
    };
    entries
        .iter()
        .filter(|entry| {
            let file_name = entry.file_name();
            let file_name = file_name.to_string_lossy();
            file_name.ends_with(".py") && file_name != "__init__.py"
        })
        .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
        .any(|source| {
            source
                .lines()
                .any(|line| imports_submodule(line.trim(), &package, name))
        })
}

/// Whether one line of source imports `name` as a submodule of `package`.
fn imports_submodule(line: &str, package: &str, name: &str) -> bool {
    let from_package = |module: &str| {
        module == "." || module == package || module.ends_with(&format!(".{package}"))
    };
    if let Some(rest) = line.strip_prefix("from ") {
        let Some((module, imported)) = rest.split_once(" import ") else {
            return false;
        };
        return from_package(module.trim())
            && imported
                .trim_matches(|c: char| c == '(' || c == ')' || c.is_whitespace())
                .split(',')
                .any(|item| item.split_whitespace().next() == Some(name));
    }
    line.strip_prefix("import ").is_some_and(|rest| {
        rest.split(',').any(|item| {
            item.split_whitespace()
                .next()
                .and_then(|dotted| dotted.rsplit_once('.'))
                .is_some_and(|(module, last)| last == name && from_package(module))
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::selection::{RuleSet, Selector};
    use crate::Linter;

    fn lines(source: &str, path: &str) -> Vec<u32> {
        let select = [Selector::parse("PX0104").unwrap()];
        Linter::new(RuleSet::resolve(Some(&select), &[]), false)
            .lint_bytes(source.as_bytes(), path.to_string())
            .diagnostics
            .iter()
            .map(|d| d.start.line)
            .collect()
    }

    #[test]
    fn open_namespaces_silence_the_rule() {
        let listed = "__all__ = ['dynamic']\n";
        assert_eq!(lines(listed, "m.py"), [1]);
        for opener in [
            "from helpers import *\n",
            "globals().update(make_names())\n",
            "def __getattr__(name):\n    return load(name)\n",
            "for name in NAMES:\n    globals()[name] = build(name)\n",
            "import enum\n@enum.global_enum\nclass Mode(enum.IntFlag):\n    dynamic = 1\n",
        ] {
            let source = format!("{listed}{opener}");
            assert!(lines(&source, "m.py").is_empty(), "{source}");
        }
    }

    #[test]
    fn package_init_may_list_submodules() {
        let dir = std::env::temp_dir().join(format!("pyexpert-px0104-{}", std::process::id()));
        let package = dir.join("pkg");
        std::fs::create_dir_all(package.join("subpackage")).unwrap();
        std::fs::write(package.join("submodule.py"), "").unwrap();
        std::fs::write(
            package.join("_speedups.cpython-312-x86_64-linux-gnu.so"),
            "",
        )
        .unwrap();
        let init = package.join("__init__.py");
        let source = "__all__ = ['submodule', 'subpackage', '_speedups', 'missing']\n".to_string();
        std::fs::write(&init, &source).unwrap();
        let found = lines(&source, &init.display().to_string());
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found, [1], "only `missing` is reported");
        assert!(
            lines(&source, "/nonexistent/pkg/__init__.py").is_empty(),
            "an unreadable package directory may hold any submodule"
        );
    }

    #[test]
    fn an_extension_module_the_package_imports_from_itself_is_a_submodule() {
        let dir = std::env::temp_dir().join(format!("pyexpert-px0104-ext-{}", std::process::id()));
        let package = dir.join("protocol");
        std::fs::create_dir_all(&package).unwrap();
        // thrift's shape: `fastbinary` is built by setup.py, and a sibling imports it.
        std::fs::write(
            package.join("binary.py"),
            "def fast():\n    from thrift.protocol import fastbinary\n    import thrift.protocol.speedups as speedups\n    from . import (compact, helpers)\n    from other import ghost\n",
        )
        .unwrap();
        let init = package.join("__init__.py");
        let source =
            "__all__ = ['fastbinary', 'speedups', 'compact', 'ghost', 'protocol']\n".to_string();
        std::fs::write(&init, &source).unwrap();
        let found = lines(&source, &init.display().to_string());
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            found,
            [1, 1],
            "`ghost` comes from another module and `protocol` is the package itself"
        );
    }

    #[test]
    fn an_extension_module_the_setup_script_builds_is_a_submodule() {
        let dir =
            std::env::temp_dir().join(format!("pyexpert-px0104-setup-{}", std::process::id()));
        // cvxopt's shape: `package_dir={"cvxopt": "src/python"}`, `ext_package="cvxopt"`,
        // and the C modules named by their last component only.
        let package = dir.join("src").join("python");
        std::fs::create_dir_all(&package).unwrap();
        std::fs::write(
            dir.join("setup.py"),
            "from setuptools import setup, Extension\numfpack = Extension('umfpack', sources=['src/C/umfpack.c'])\nsetup(ext_package='cvxopt', ext_modules=[umfpack])\n",
        )
        .unwrap();
        std::fs::write(package.join("_speedups.pyx"), "").unwrap();
        let init = package.join("__init__.py");
        let source = "__all__ = ['umfpack', '_speedups', 'cholmod']\n".to_string();
        std::fs::write(&init, &source).unwrap();
        let found = lines(&source, &init.display().to_string());
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            found,
            [1],
            "only `cholmod`, which nothing builds, is reported"
        );
    }
}
