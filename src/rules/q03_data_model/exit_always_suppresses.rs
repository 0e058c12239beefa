//! PX0303 exit-always-suppresses: a true value returned from `__exit__` tells the `with`
//! statement that the exception was handled. An `__exit__` that returns `True` on every path
//! swallows every exception raised in the block, bugs such as `NameError` and even
//! `KeyboardInterrupt` included, and the code after the `with` runs as if nothing happened.

use rustpython_parser::ast::{Constant, Expr, Stmt};

use crate::ast_ext::{self, Exit, FunctionRef};
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{Node, NodeKind};

pub struct ExitAlwaysSuppresses;

static META: RuleMeta = RuleMeta {
    code: "PX0303",
    name: "exit-always-suppresses",
    severity: Severity::Warning,
    question: Some(Question::new(3)),
    opt_in: true,
    min_version: None,
    summary: "`__exit__`/`__aexit__` returning `True` on every path, which swallows every exception in the `with` block",
    doc: include_str!("../../../rules/PX0303.md"),
    applies_to: Roles::SHIPPED_CODE,
};

impl Rule for ExitAlwaysSuppresses {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::FunctionDef, NodeKind::AsyncFunctionDef]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(stmt) = node else {
            return;
        };
        let Some(function) = FunctionRef::from_stmt(stmt) else {
            return;
        };
        let name = function.name();
        if !matches!(name, "__exit__" | "__aexit__") {
            return;
        }
        if cx.ctx.class_body().is_none() || cx.is_stub_file() {
            return;
        }
        let body = function.body();
        // A path that falls off the end returns None, which lets the exception through. An
        // `assert` or `raise AssertionError` makes it a matcher (`pytest.raises`-style): it
        // swallows only the exception it checked for, and fails on anything else.
        if ast_ext::is_stub_body(body)
            || !ast_ext::always_exits(body, Exit::ReturnOrRaise)
            || body.iter().any(asserts)
        {
            return;
        }
        let Some(scope) = cx.model.function_scope(function) else {
            return;
        };
        let frame = &cx.model.scope(scope).frame;
        if frame.yields {
            return;
        }
        let Some(first) = frame.returns.first() else {
            return;
        };
        if !frame
            .returns
            .iter()
            .all(|ret| ret.value.as_deref().is_some_and(is_true))
        {
            return;
        }
        cx.report(
            first.range,
            format!("`{name}` returns `True` on every path, so the `with` block swallows every exception raised in it"),
            "return `True` only for the exceptions the manager is meant to handle (`return exc_type is not None and issubclass(exc_type, KeyError)`), and `None`/`False` otherwise so the rest propagate; `contextlib.suppress(...)` does this for a fixed list",
        );
    }
}

/// An `assert`, or a `raise` of `AssertionError`, in the statement (not in nested
/// functions or classes).
fn asserts(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Assert(_) => true,
        Stmt::Raise(raise) => raise.exc.as_deref().is_some_and(|exc| {
            let class = match exc {
                Expr::Call(call) => &*call.func,
                other => other,
            };
            ast_ext::name_id(class) == Some("AssertionError")
        }),
        Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_) | Stmt::ClassDef(_) => false,
        other => ast_ext::child_statement_lists(other)
            .into_iter()
            .flatten()
            .any(asserts),
    }
}

fn is_true(expr: &Expr) -> bool {
    matches!(expr, Expr::Constant(c) if matches!(c.value, Constant::Bool(true)))
}
