//! PX0205 stop-iteration-in-generator: since Python 3.7 (PEP 479) a `StopIteration` that
//! escapes a generator's frame is replaced by `RuntimeError("generator raised
//! StopIteration")`. `raise StopIteration` no longer ends a generator quietly: it crashes
//! the code iterating it.

use rustpython_parser::ast::{Expr, Ranged, Stmt};

use crate::ast_ext;
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{ScopeId, ScopeKind, SemanticModel};
use crate::visit::{Node, NodeKind};

pub struct StopIterationInGenerator;

static META: RuleMeta = RuleMeta {
    code: "PX0205",
    name: "stop-iteration-in-generator",
    severity: Severity::Error,
    question: Some(Question::new(2)),
    opt_in: false,
    min_version: None,
    summary: "`raise StopIteration` in a generator, which Python turns into RuntimeError (PEP 479)",
    doc: include_str!("../../../rules/PX0205.md"),
    applies_to: Roles::RUNNING_CODE,
};

/// Exception classes whose handler catches a `StopIteration`.
const CATCHES_STOP_ITERATION: &[&str] = &[
    "builtins.StopIteration",
    "builtins.Exception",
    "builtins.BaseException",
];

impl Rule for StopIterationInGenerator {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fixes(&self) -> &'static [Applicability] {
        &[Applicability::Safe]
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Raise]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(stmt @ Stmt::Raise(raise)) = node else {
            return;
        };
        let Some(exc) = raise.exc.as_deref() else {
            return;
        };
        let class = match exc {
            Expr::Call(call) => &*call.func,
            other => other,
        };
        let scope = cx.ctx.scope();
        if !cx
            .model
            .qualified_name(class, scope)
            .is_some_and(|name| name.is("builtins.StopIteration"))
        {
            return;
        }
        let frame = cx.ctx.frame();
        let ScopeKind::Function(function) = frame.kind else {
            return;
        };
        if function.name() == "__next__" || !cx.model.scope(frame.id).frame.yields {
            return;
        }
        if caught_in_frame(cx, stmt) {
            return;
        }
        let (kind, rule) = if function.is_async() {
            (
                "async generator",
                "async generators (PEP 525) turn it into RuntimeError",
            )
        } else {
            (
                "generator",
                "since Python 3.7 (PEP 479) it escapes as RuntimeError",
            )
        };
        let fix = super::stop_iteration_in_generator_fix::fix(cx, raise, function.is_async());
        cx.report(
            ast_ext::statement_header(stmt, cx.source),
            format!(
                "`raise StopIteration` in the {kind} `{}`: {rule} instead of ending the iteration",
                function.name()
            ),
            "use `return` to end a generator (`return value` sets `StopIteration.value` for `yield from`)",
        )
        .set_fix(fix);
    }
}

/// Whether a `try` of the current frame around `raise` has a handler that catches
/// `StopIteration` before it leaves the generator.
fn caught_in_frame(cx: &RuleContext<'_, '_>, raise: &Stmt) -> bool {
    let scope = cx.ctx.scope();
    cx.ctx
        .statements()
        .iter()
        .rev()
        .take_while(|s| !matches!(s, Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_)))
        .any(|s| {
            let (body, handlers) = match s {
                Stmt::Try(t) => (&t.body, &t.handlers),
                Stmt::TryStar(t) => (&t.body, &t.handlers),
                Stmt::With(with) => {
                    return with
                        .items
                        .iter()
                        .any(|item| suppresses_stop_iteration(cx.model, &item.context_expr, scope))
                }
                _ => return false,
            };
            let in_body = ast_ext::block_range(body, s.start()).contains_range(raise.range());
            in_body
                && handlers.iter().any(|handler| {
                    cx.model
                        .handler_catches(handler, scope, CATCHES_STOP_ITERATION, true)
                })
        })
}

/// A context manager that deals with `StopIteration` by its own account:
/// `contextlib.suppress(StopIteration)`, or a call whose name says it handles the exception
/// (`self.catch_stop_iteration()`, as Keras's epoch iterators have).
fn suppresses_stop_iteration<'a>(
    model: &SemanticModel<'a>,
    manager: &'a Expr,
    scope: ScopeId,
) -> bool {
    let Expr::Call(call) = manager else {
        return false;
    };
    let names_stop_iteration = |name: &str| {
        let name = name.to_ascii_lowercase().replace('_', "");
        name.contains("stopiteration")
    };
    if model
        .qualified_name(&call.func, scope)
        .is_some_and(|name| name.is_any(&["contextlib.suppress"]))
    {
        return call.args.iter().any(|argument| {
            model
                .qualified_name(argument, scope)
                .is_some_and(|name| name.is_any(CATCHES_STOP_ITERATION))
        });
    }
    ast_ext::callee_last_name(call).is_some_and(names_stop_iteration)
}
