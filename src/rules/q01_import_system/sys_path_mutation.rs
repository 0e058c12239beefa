//! PX0101 sys-path-mutation: code that edits `sys.path` while the program runs. Where an
//! import finds its module then depends on which code happened to run first, and the same
//! import can resolve differently in tests, scripts and production. Installing the package
//! (or declaring it in `pyproject.toml`) puts it on the path the normal way.
//!
//! An edit that the same top-level function or class undoes (`remove`, `pop`, `del`, or
//! putting back a saved copy, also as a cleanup callback) is a deliberate, scoped change,
//! and the undo itself is not an edit: both are left alone.

use rustpython_parser::ast::{
    CmpOp, Expr, ExprName, Operator, Ranged, Stmt, StmtAsyncWith, StmtWith,
};
use rustpython_parser::text_size::TextRange;

use crate::ast_ext::{self, FunctionRef};
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::rules::entry_point::in_entry_point;
use crate::semantic::{Base, Reference, ScopeId, SemanticModel, Usage};
use crate::visit::{Node, NodeKind};

pub struct SysPathMutation;

static META: RuleMeta = RuleMeta {
    code: "PX0101",
    name: "sys-path-mutation",
    severity: Severity::Warning,
    question: Some(Question::new(1)),
    opt_in: true,
    min_version: None,
    summary: "`sys.path` edited at run time (imports then depend on what ran first)",
    doc: include_str!("../../../rules/PX0101.md"),
    // Library code only: tests and `conftest.py`, scripts, examples, and build
    // configuration (`setup.py`, a Sphinx `conf.py`) set up their own process. A `conf.py`
    // that is no Sphinx configuration is library code like any other module.
    applies_to: Roles::LIBRARY,
};

/// List methods that add search path entries.
const ADDING_METHODS: &[&str] = &["insert", "append", "extend"];
/// List methods that take entries out again.
const REMOVING_METHODS: &[&str] = &["remove", "pop"];

const HELP: &str = "install the package (`pip install -e .`, or declare it in `pyproject.toml`) or run it with `python -m package.module`, so imports resolve the same way wherever the code runs";

/// What a statement does to `sys.path`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PathOp {
    /// Adds or replaces entries: `insert`, `append`, `extend`, `+=`, `sys.path[0] = ...`,
    /// `sys.path = [...]`.
    Edit,
    /// Takes entries out: `remove`.
    Remove,
    /// Puts the path back or drops what was added: `pop`, `del sys.path[0]`, assigning a
    /// saved copy, or `sys.path.remove`/`sys.path.pop` handed over as a cleanup callback.
    Undo,
}

impl Rule for SysPathMutation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Call, NodeKind::AugAssign, NodeKind::Assign]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        if !cx.model.imports_package("sys") || cx.ctx.in_main_guard() || cx.is_stub_file() {
            return;
        }
        let model = cx.model;
        let scope = cx.ctx.scope();
        let (op, edit) = match node {
            Node::Expr(Expr::Call(call)) => {
                let Expr::Attribute(method) = &*call.func else {
                    return;
                };
                let name = method.attr.as_str();
                let op = if ADDING_METHODS.contains(&name) {
                    PathOp::Edit
                } else if name == "remove" {
                    PathOp::Remove
                } else {
                    return;
                };
                if !is_sys_path(model, &method.value, scope) {
                    return;
                }
                (op, format!("`sys.path.{name}(...)`"))
            }
            Node::Stmt(Stmt::AugAssign(aug)) => {
                if aug.op != Operator::Add || !is_sys_path(model, &aug.target, scope) {
                    return;
                }
                (PathOp::Edit, "`sys.path +=`".to_string())
            }
            Node::Stmt(Stmt::Assign(assign)) => {
                let Some((op, what)) = assign
                    .targets
                    .iter()
                    .find_map(|target| assignment(model, target, &assign.value, scope))
                else {
                    return;
                };
                (op, what.to_string())
            }
            _ => return,
        };
        if in_entry_point(cx) {
            return;
        }
        let region = region(cx);
        let undone = match op {
            PathOp::Edit => {
                region_has(model, &region, &[PathOp::Undo, PathOp::Remove])
                    || inside_restoring_context(cx)
                    || test_case_with_fixtures(cx, &region)
                    || loads_user_code(cx, node)
            }
            // Taking out an entry this code added is the undo of that edit, and removing one
            // only if it is there (`if d in sys.path:`) cleans up after other code.
            PathOp::Remove => {
                region_has(model, &region, &[PathOp::Edit]) || guarded_by_membership(cx, CmpOp::In)
            }
            PathOp::Undo => true,
        };
        if undone {
            return;
        }
        let Some(statement) = cx.ctx.statement() else {
            return;
        };
        let anchor = ast_ext::statement_header(statement, cx.source);
        if cx.already_reported(anchor) {
            return;
        }
        cx.report(
            anchor,
            format!("{edit} changes where every later import looks for modules, so imports depend on whether this code ran first"),
            HELP,
        );
    }
}

/// Inside `if p in sys.path:`.
fn guarded_by_membership(cx: &RuleContext<'_, '_>, test: CmpOp) -> bool {
    cx.ctx.statements().iter().any(|stmt| {
        let Stmt::If(if_) = stmt else {
            return false;
        };
        let Expr::Compare(compare) = &*if_.test else {
            return false;
        };
        compare
            .ops
            .iter()
            .zip(&compare.comparators)
            .any(|(op, container)| *op == test && is_sys_path(cx.model, container, cx.ctx.scope()))
    })
}

/// An application loader: a command-line tool or worker that imports the user's code puts
/// the working directory (`os.getcwd()`, `Path.cwd()`, `"."`) on the path, or adds a
/// directory only if it is missing (`if d not in sys.path:`) that is not the module's own
/// location. That is what `python -m` and tools like uvicorn do; editing the path to
/// reach this project's own code (`os.path.dirname(__file__)`) is still reported.
fn loads_user_code(cx: &RuleContext<'_, '_>, node: Node<'_>) -> bool {
    let Node::Expr(Expr::Call(call)) = node else {
        return false;
    };
    let Some(added) = call.args.last() else {
        return false;
    };
    let scope = cx.ctx.scope();
    if names_working_directory(cx, added, scope, 0) {
        return true;
    }
    guarded_by_membership(cx, CmpOp::NotIn) && !mentions_own_location(cx, added, scope, 0)
}

/// How many assignments to follow back from a name.
const MAX_VALUE_DEPTH: u8 = 3;

/// `os.getcwd()`, `Path.cwd()`, `os.curdir`, `"."`, `""`, also wrapped in `str(...)`,
/// `os.path.abspath(...)` or `.resolve()`, or a name bound to one of them.
fn names_working_directory<'a>(
    cx: &RuleContext<'_, 'a>,
    expr: &'a Expr,
    scope: ScopeId,
    depth: u8,
) -> bool {
    match expr {
        Expr::Constant(_) => {
            ast_ext::string_literal(expr).is_some_and(|s| s.is_empty() || s == ".")
        }
        Expr::Call(call) => {
            let qualified = cx.model.qualified_name(&call.func, scope);
            if qualified
                .as_ref()
                .is_some_and(|name| name.is_any(&["os.getcwd", "os.getcwdb", "pathlib.Path.cwd"]))
            {
                return true;
            }
            let wraps = qualified.is_some_and(|name| {
                name.is_any(&[
                    "builtins.str",
                    "os.path.abspath",
                    "os.path.realpath",
                    "os.fspath",
                ])
            }) || matches!(&*call.func, Expr::Attribute(attr) if matches!(attr.attr.as_str(), "resolve" | "absolute"));
            let inner = call.args.first().or(match &*call.func {
                Expr::Attribute(attr) => Some(&*attr.value),
                _ => None,
            });
            wraps && inner.is_some_and(|inner| names_working_directory(cx, inner, scope, depth))
        }
        Expr::Attribute(_) => cx
            .model
            .qualified_name(expr, scope)
            .is_some_and(|name| name.is("os.curdir")),
        Expr::Name(name) if depth < MAX_VALUE_DEPTH => cx
            .model
            .unique_binding(name.id.as_str(), expr.start(), scope)
            .and_then(|binding| binding.value.map(|value| (value, binding.scope)))
            .is_some_and(|(value, owner)| names_working_directory(cx, value, owner, depth + 1)),
        _ => false,
    }
}

/// Whether the path is built from `__file__` (the module's own location), following names
/// back to their values.
fn mentions_own_location<'a>(
    cx: &RuleContext<'_, 'a>,
    expr: &'a Expr,
    scope: ScopeId,
    depth: u8,
) -> bool {
    let mut names = NamesIn::default();
    crate::visit::walk_expression(expr, &mut names);
    names.0.into_iter().any(|name| {
        name.id.as_str() == "__file__"
            || (depth < MAX_VALUE_DEPTH
                && cx
                    .model
                    .unique_binding(name.id.as_str(), name.start(), scope)
                    .and_then(|binding| binding.value.map(|value| (value, binding.scope)))
                    .is_some_and(|(value, owner)| {
                        mentions_own_location(cx, value, owner, depth + 1)
                    }))
    })
}

/// The names an expression loads.
#[derive(Default)]
struct NamesIn<'a>(Vec<&'a ExprName>);

impl<'a> crate::visit::Visitor<'a> for NamesIn<'a> {
    fn enter_node(&mut self, node: Node<'a>, _ctx: &crate::visit::Context<'a>) {
        if let Node::Expr(Expr::Name(name)) = node {
            self.0.push(name);
        }
    }
}

/// `sys.path` itself, through any import or alias of it (`from sys import path`).
fn is_sys_path<'a>(model: &SemanticModel<'a>, expr: &'a Expr, scope: ScopeId) -> bool {
    // Cheap shape test first: `x.path` or a name (`from sys import path as p`).
    let shaped = match expr {
        Expr::Attribute(attr) => attr.attr.as_str() == "path",
        Expr::Name(_) => true,
        _ => false,
    };
    shaped
        && model
            .qualified_name(expr, scope)
            .is_some_and(|name| name.is("sys.path"))
}

/// What assigning `value` to `target` does to `sys.path`. Rebinding a local name imported
/// from `sys` changes nothing.
fn assignment<'a>(
    model: &SemanticModel<'a>,
    target: &'a Expr,
    value: &'a Expr,
    scope: ScopeId,
) -> Option<(PathOp, &'static str)> {
    match target {
        Expr::Attribute(_) if is_sys_path(model, target, scope) => {
            Some((replacement(model, value, scope), "assigning `sys.path`"))
        }
        Expr::Subscript(sub) if is_sys_path(model, &sub.value, scope) => {
            let op = if is_full_slice(&sub.slice) {
                replacement(model, value, scope)
            } else {
                PathOp::Edit
            };
            Some((op, "assigning items of `sys.path`"))
        }
        // Unpacking into several targets: whatever lands in `sys.path` is new (the element
        // passed as value is only a placeholder; the op is decided here).
        Expr::Tuple(tuple) => tuple
            .elts
            .iter()
            .find_map(|e| assignment(model, e, e, scope))
            .map(|(_, what)| (PathOp::Edit, what)),
        _ => None,
    }
}

/// `[:]`
fn is_full_slice(expr: &Expr) -> bool {
    matches!(expr, Expr::Slice(slice) if slice.lower.is_none() && slice.upper.is_none() && slice.step.is_none())
}

/// Replacing the whole path with a list built on the spot (`[...]`, a comprehension, a
/// concatenation), also through a name bound to one, is an edit; keeping only some of its
/// entries (`[p for p in sys.path if p != d]`) removes them. Anything else (a saved copy, an
/// attribute, a value from elsewhere) puts back a path computed earlier.
fn replacement<'a>(model: &SemanticModel<'a>, value: &'a Expr, scope: ScopeId) -> PathOp {
    if let Expr::ListComp(comp) = value {
        if let [generator] = comp.generators.as_slice() {
            let keeps_entries = matches!(
                (&*comp.elt, &generator.target),
                (Expr::Name(elt), Expr::Name(target)) if elt.id == target.id
            );
            if keeps_entries && is_sys_path(model, &generator.iter, scope) {
                return PathOp::Remove;
            }
        }
    }
    let built = |expr: &Expr| {
        matches!(
            expr,
            Expr::List(_) | Expr::ListComp(_) | Expr::Tuple(_) | Expr::BinOp(_)
        )
    };
    if built(value) {
        return PathOp::Edit;
    }
    if let Expr::Name(name) = value {
        let bound = model.unique_binding(name.id.as_str(), value.start(), scope);
        if bound.and_then(|b| b.value).is_some_and(built) {
            return PathOp::Edit;
        }
    }
    PathOp::Undo
}

/// Inside `with f(...):` where `f` is a function of this module that undoes `sys.path`
/// edits, itself or through the module's functions it calls (a `@contextmanager` that saves
/// and restores the path).
fn inside_restoring_context(cx: &RuleContext<'_, '_>) -> bool {
    let model = cx.model;
    let restores = |function: FunctionRef<'_>| {
        region_has(
            model,
            &Region::Definitions(vec![function.range()]),
            &[PathOp::Undo, PathOp::Remove],
        )
    };
    cx.ctx.statements().iter().any(|stmt| {
        let (Stmt::With(StmtWith { items, .. }) | Stmt::AsyncWith(StmtAsyncWith { items, .. })) =
            stmt
        else {
            return false;
        };
        items.iter().any(|item| {
            let Expr::Call(call) = &item.context_expr else {
                return false;
            };
            let Some((function, scope)) = model.called_function(call, cx.ctx.scope()) else {
                return false;
            };
            restores(function)
                || model
                    .find_call_path(scope, &|site| {
                        model
                            .called_function(site.call, site.scope)
                            .is_some_and(|(callee, _)| restores(callee))
                    })
                    .is_some()
        })
    })
}

/// Inside a `unittest.TestCase` whose set-up (in the class or a base class of this module)
/// registers fixtures with `self.enterContext(...)` or `self.addCleanup(...)`: unittest
/// unwinds those after each test, and saving and restoring import state is what such
/// fixtures are for, even when the helper doing it lives in another module.
fn test_case_with_fixtures(cx: &RuleContext<'_, '_>, region: &Region) -> bool {
    let Some(Stmt::ClassDef(class)) = cx.ctx.statements().first() else {
        return false;
    };
    if !cx.model.class_inherits_from(
        class,
        ScopeId::MODULE,
        &["unittest.TestCase", "unittest.case.TestCase"],
    ) {
        return false;
    }
    let Region::Definitions(ranges) = region else {
        return false;
    };
    cx.model.references().iter().any(|reference| {
        ranges
            .iter()
            .any(|range| range.contains_range(reference.range))
            && matches!(
                reference.usage,
                Usage::MethodCall("enterContext" | "addCleanup")
            )
            && reference.name == "self"
    })
}

/// Where an undo of an edit may sit.
enum Region {
    /// The top-level function or class holding the edit (setUp/tearDown,
    /// `__enter__`/`__exit__`, a cleanup closure), with the module's classes it derives
    /// from (an inherited tearDown).
    Definitions(Vec<TextRange>),
    /// For an edit at import time: the code that runs at import time.
    ModuleFrame,
}

fn region(cx: &RuleContext<'_, '_>) -> Region {
    match cx.ctx.statements().first() {
        Some(Stmt::ClassDef(class)) => {
            let mut ranges = vec![class.range];
            let mut pending = vec![(class, ScopeId::MODULE)];
            while let Some((class, scope)) = pending.pop() {
                for base in cx.model.class_bases(class, scope) {
                    if let Base::Local(def, def_scope) = base {
                        if !ranges.contains(&def.range) {
                            ranges.push(def.range);
                            pending.push((def, def_scope));
                        }
                    }
                }
            }
            Region::Definitions(ranges)
        }
        Some(stmt @ (Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_))) => {
            Region::Definitions(vec![stmt.range()])
        }
        _ => Region::ModuleFrame,
    }
}

/// Whether some statement in `region` does one of `wanted` to `sys.path`.
fn region_has(model: &SemanticModel<'_>, region: &Region, wanted: &[PathOp]) -> bool {
    model
        .references()
        .iter()
        .filter(|r| match region {
            Region::Definitions(ranges) => ranges.iter().any(|range| range.contains_range(r.range)),
            Region::ModuleFrame => model.frame_of(r.scope) == ScopeId::MODULE,
        })
        .any(|r| operation(model, r).is_some_and(|op| wanted.contains(&op)))
}

/// What the access that starts at `reference` does to `sys.path`, if it touches it.
fn operation<'a>(model: &SemanticModel<'a>, reference: &Reference<'a>) -> Option<PathOp> {
    // Walk down the access chain to the `sys.path` in it, remembering the two accesses
    // above it (`sys.path.remove` and the call of it).
    let mut above: [Option<&'a Expr>; 2] = [None, None];
    let mut current = reference.chain;
    loop {
        if matches!(current, Expr::Attribute(_) | Expr::Name(_))
            && is_sys_path(model, current, reference.scope)
        {
            break;
        }
        let inner = match current {
            Expr::Call(call) => &*call.func,
            Expr::Attribute(attr) => &*attr.value,
            Expr::Subscript(sub) => &*sub.value,
            _ => return None,
        };
        above = [above[1], Some(current)];
        current = inner;
    }
    let path = current;
    match (above[1], above[0]) {
        (Some(Expr::Attribute(method)), called) => {
            let name = method.attr.as_str();
            let is_called =
                matches!(called, Some(Expr::Call(call)) if std::ptr::eq(&*call.func, above[1]?));
            if REMOVING_METHODS.contains(&name) {
                // Called, or handed over as a callback (`addCleanup(sys.path.remove, d)`).
                Some(if is_called && name == "remove" {
                    PathOp::Remove
                } else {
                    PathOp::Undo
                })
            } else if is_called && ADDING_METHODS.contains(&name) {
                Some(PathOp::Edit)
            } else {
                None
            }
        }
        (Some(item @ Expr::Subscript(_)), _) => match reference.statement {
            Stmt::Delete(delete) if delete.targets.iter().any(|t| std::ptr::eq(t, item)) => {
                Some(PathOp::Undo)
            }
            Stmt::Assign(assign) if assign.targets.iter().any(|t| std::ptr::eq(t, item)) => {
                assignment(model, item, &assign.value, reference.scope).map(|(op, _)| op)
            }
            _ => None,
        },
        (None, _) => match reference.statement {
            Stmt::AugAssign(aug) if std::ptr::eq(&*aug.target, path) => Some(PathOp::Edit),
            Stmt::Assign(assign) if assign.targets.iter().any(|t| std::ptr::eq(t, path)) => {
                assignment(model, path, &assign.value, reference.scope).map(|(op, _)| op)
            }
            _ => None,
        },
        _ => None,
    }
}
