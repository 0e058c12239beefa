//! PX0203 invalid-await-dunder: `await obj` calls `obj.__await__()` and requires an
//! iterator back. An `async def __await__` returns a coroutine, and a plain method that
//! neither yields nor returns an iterator returns `None` or some other value: either way
//! every `await` of the object raises TypeError.

use rustpython_parser::ast::Expr;

use crate::ast_ext::{self, Exit, FunctionRef};
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{ScopeId, SemanticModel};
use crate::visit::{Node, NodeKind};

pub struct InvalidAwaitDunder;

static META: RuleMeta = RuleMeta {
    code: "PX0203",
    name: "invalid-await-dunder",
    severity: Severity::Error,
    question: Some(Question::new(2)),
    opt_in: false,
    min_version: None,
    summary: "`__await__` that is `async def`, or that neither yields nor returns an iterator",
    doc: include_str!("../../../rules/PX0203.md"),
    applies_to: Roles::RUNNING_CODE,
};

impl Rule for InvalidAwaitDunder {
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
        if function.name() != "__await__" || cx.ctx.class_body().is_none() {
            return;
        }
        // A decorator may turn the method into what awaiting needs: aiologic's `@generator`
        // rewrites an `async def` into a generator function.
        if function
            .decorators()
            .iter()
            .any(|decorator| !is_transparent(decorator))
        {
            return;
        }
        let header = function.header_range(cx.source);
        if function.is_async() {
            cx.report(
                header,
                "`__await__` is an `async def`: it returns a coroutine, which is not an iterator, so awaiting the object raises TypeError",
                "make `__await__` a plain method that yields (a generator), or that returns an iterator such as `self._future.__await__()` or `some_coroutine().__await__()`",
            );
            return;
        }
        let Some(scope) = cx.model.function_scope(function) else {
            return;
        };
        let body = function.body();
        if ast_ext::is_stub_body(body) || ast_ext::always_exits(body, Exit::Raise) {
            return;
        }
        let frame = &cx.model.scope(scope).frame;
        if frame.yields {
            return;
        }
        let never_iterator = frame.returns.iter().all(|ret| {
            ret.value
                .as_deref()
                .is_none_or(|value| is_never_iterator(cx.model, value, scope))
        });
        if !never_iterator {
            return;
        }
        let returned = if frame.returns.iter().any(|ret| ret.value.is_some()) {
            "it returns a value that is not an iterator, so awaiting the object raises TypeError"
        } else {
            "it never returns a value, and the `None` it gives back makes awaiting the object raise TypeError"
        };
        cx.report(
            header,
            format!("`__await__` neither yields nor returns an iterator: {returned}"),
            "write `__await__` as a generator (`yield` to suspend, `return` the result), or return the iterator of another awaitable (`return self._future.__await__()`)",
        );
    }
}

/// A value that can never be an iterator: `None`, a constant, a display (lists, dicts,
/// sets and tuples are iterable but not iterators), a lambda, or a call of an `async def`
/// of this module (a coroutine).
fn is_never_iterator<'a>(model: &SemanticModel<'a>, value: &'a Expr, scope: ScopeId) -> bool {
    match value {
        Expr::Constant(_)
        | Expr::JoinedStr(_)
        | Expr::List(_)
        | Expr::ListComp(_)
        | Expr::Dict(_)
        | Expr::DictComp(_)
        | Expr::Set(_)
        | Expr::SetComp(_)
        | Expr::Tuple(_)
        | Expr::Lambda(_) => true,
        Expr::Call(call) => model
            .called_function(call, scope)
            .is_some_and(|(function, body)| function.is_async() && !model.scope(body).frame.yields),
        _ => false,
    }
}

/// Decorators that keep a method what it is: `@abstractmethod`, `@override`, `@final`.
fn is_transparent(decorator: &Expr) -> bool {
    let name = match decorator {
        Expr::Name(name) => name.id.as_str(),
        Expr::Attribute(attribute) => attribute.attr.as_str(),
        _ => return false,
    };
    matches!(name, "abstractmethod" | "override" | "final")
}
