//! PX1305 gather-over-taskgroup (opt-in): `await asyncio.gather(...)` leaves the other
//! awaitables running when one of them fails; `async with asyncio.TaskGroup()` (Python 3.11)
//! cancels the rest and waits for them, so no task outlives the block that started it.

use rustpython_parser::ast::{Constant, Expr, ExprCall};

use crate::semantic::ScopeId;

use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::ScopeKind;
use crate::version::PythonVersion;
use crate::visit::{Node, NodeKind};

pub struct GatherOverTaskgroup;

static META: RuleMeta = RuleMeta {
    code: "PX1305",
    name: "gather-over-taskgroup",
    severity: Severity::Advice,
    question: Some(Question::new(13)),
    opt_in: true,
    min_version: Some(PythonVersion::new(3, 11)),
    summary: "`await asyncio.gather(...)` where `asyncio.TaskGroup` cancels the remaining tasks when one fails (Python 3.11+)",
    doc: include_str!("../../../rules/PX1305.md"),
    applies_to: Roles::SHIPPED_CODE,
};

impl Rule for GatherOverTaskgroup {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Call]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Expr(expr @ Expr::Call(call)) = node else {
            return;
        };
        // Only where an `async with` block can take its place: awaited directly in the body
        // of an `async def` (not in a lambda or a sync function nested in it).
        let awaited = matches!(cx.ctx.parent_expr(), Some(Expr::Await(await_)) if std::ptr::eq(&*await_.value, expr));
        let in_coroutine = matches!(cx.ctx.frame().kind, ScopeKind::Function(f) if f.is_async());
        if !awaited || !in_coroutine {
            return;
        }
        let is_gather = cx
            .model
            .qualified_name(&call.func, cx.ctx.scope())
            .is_some_and(|name| name.is("asyncio.gather"));
        if !is_gather || collects_exceptions(call) || none_can_fail(cx, call) {
            return;
        }
        cx.report(
            call.range,
            "`asyncio.gather` lets the other awaitables run on unsupervised when one of them raises",
            "start them with `tg.create_task(...)` inside `async with asyncio.TaskGroup() as tg:` (Python 3.11+): a failure cancels the rest and the block waits for every task",
        );
    }
}

/// `return_exceptions=` given anything but a literal false (or keywords unpacked from a
/// dict, which may hold it): the caller collects every outcome, failures included, which is
/// not what a task group does.
fn collects_exceptions(call: &ExprCall) -> bool {
    call.keywords.iter().any(|keyword| match keyword.arg.as_deref() {
        None => true,
        Some(arg) => arg == "return_exceptions"
            && !matches!(&keyword.value, Expr::Constant(c) if matches!(c.value, Constant::Bool(false) | Constant::None)),
    })
}

/// Whether every awaitable passed is a call of this module's wrappers that catch every
/// `Exception` (`gather(*(wrap(r) for r in receivers))`): nothing can fail, so there is
/// nothing for a task group to cancel.
fn none_can_fail<'a>(cx: &RuleContext<'_, 'a>, call: &'a ExprCall) -> bool {
    let scope = cx.ctx.scope();
    !call.args.is_empty() && call.args.iter().all(|arg| {
        let (awaitable, scope) = match arg {
            Expr::Starred(starred) => match &*starred.value {
                Expr::GeneratorExp(comp) => (&*comp.elt, comprehension(cx, &starred.value, scope)),
                Expr::ListComp(comp) => (&*comp.elt, comprehension(cx, &starred.value, scope)),
                _ => return false,
            },
            other => (other, scope),
        };
        matches!(awaitable, Expr::Call(inner) if cx.model.call_catches_all_exceptions(inner, scope))
    })
}

fn comprehension<'a>(cx: &RuleContext<'_, 'a>, expr: &'a Expr, outer: ScopeId) -> ScopeId {
    cx.model.comprehension_scope(expr).unwrap_or(outer)
}
