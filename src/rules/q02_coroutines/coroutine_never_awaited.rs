//! PX0202 coroutine-never-awaited: calling a coroutine function only creates the coroutine
//! object. As an expression statement its result is dropped, so the body never runs and
//! Python merely warns "coroutine ... was never awaited" when the object is collected.

use rustpython_parser::ast::{Expr, ExprCall, Ranged, Stmt};

use crate::ast_ext::FunctionRef;
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{ScopeId, ScopeKind, SemanticModel};
use crate::visit::{Node, NodeKind};

pub struct CoroutineNeverAwaited;

static META: RuleMeta = RuleMeta {
    code: "PX0202",
    name: "coroutine-never-awaited",
    severity: Severity::Error,
    question: Some(Question::new(2)),
    opt_in: true,
    min_version: None,
    summary: "a coroutine function called as a statement: the coroutine is created, never awaited, and its body never runs",
    doc: include_str!("../../../rules/PX0202.md"),
    applies_to: Roles::RUNNING_CODE,
};

/// Coroutine functions of the standard library (calling them returns a coroutine, not a
/// future or task, so nothing runs unless it is awaited).
const STDLIB_COROUTINES: &[&str] = &[
    "asyncio.sleep",
    "asyncio.wait_for",
    "asyncio.wait",
    "asyncio.open_connection",
    "asyncio.start_server",
    "asyncio.open_unix_connection",
    "asyncio.start_unix_server",
    "asyncio.create_subprocess_exec",
    "asyncio.create_subprocess_shell",
    "asyncio.to_thread",
    "asyncio.tasks.sleep",
    "asyncio.tasks.wait_for",
    "asyncio.tasks.wait",
    "asyncio.streams.open_connection",
    "asyncio.streams.start_server",
    "asyncio.subprocess.create_subprocess_exec",
    "asyncio.subprocess.create_subprocess_shell",
    "asyncio.threads.to_thread",
];

/// Decorators that leave an `async def` a coroutine function.
const TRANSPARENT_DECORATORS: &[&str] = &[
    "builtins.staticmethod",
    "builtins.classmethod",
    "abc.abstractmethod",
    "typing.override",
    "typing_extensions.override",
    "typing.final",
    "typing_extensions.final",
];

impl Rule for CoroutineNeverAwaited {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::StmtExpr]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(Stmt::Expr(stmt)) = node else {
            return;
        };
        let Expr::Call(call) = &*stmt.value else {
            return;
        };
        if !is_coroutine_call(cx.model, call, cx.ctx.scope()) {
            return;
        }
        // A test checking that the misuse raises or warns; the async twin's line in a
        // module generated for sync code (`if not _IS_SYNC: asyncio.sleep(1)`).
        if cx.in_expected_failure() || cx.in_branch_never_taken() {
            return;
        }
        if tested_at_run_time(cx, &call.func) {
            return;
        }
        let callee = &cx.source[call.func.range()];
        let inside_async = matches!(cx.ctx.frame().kind, ScopeKind::Function(f) if f.is_async());
        let help = if inside_async {
            format!("write `await {callee}(...)`, or schedule it with `asyncio.create_task(...)` and keep a reference to the task")
        } else {
            format!("await it from async code (`await {callee}(...)`), or run it from synchronous code with `asyncio.run({callee}(...))`")
        };
        cx.report(
            call.range,
            format!("`{callee}` is a coroutine function: this call only creates a coroutine, which the statement drops unawaited, so its body never runs"),
            help,
        );
    }
}

/// Whether an enclosing `if` asks `inspect.iscoroutinefunction(callee)` (or asyncio's) of
/// the same callee: code shared by a sync and an async build (neo4j's `if not
/// inspect.iscoroutinefunction(self.close): self.close()`) calls it only where it is not
/// a coroutine function.
fn tested_at_run_time(cx: &RuleContext<'_, '_>, callee: &Expr) -> bool {
    let callee = &cx.source[callee.range()];
    cx.ctx.statements().iter().any(|stmt| match stmt {
        Stmt::If(branch) => asks_if_coroutine_function(cx, &branch.test, callee),
        _ => false,
    })
}

/// Whether `test` (through `not`, `and`, `or`) calls `iscoroutinefunction` on `callee`.
fn asks_if_coroutine_function(cx: &RuleContext<'_, '_>, test: &Expr, callee: &str) -> bool {
    match test {
        Expr::UnaryOp(unary) => asks_if_coroutine_function(cx, &unary.operand, callee),
        Expr::BoolOp(both) => both
            .values
            .iter()
            .any(|value| asks_if_coroutine_function(cx, value, callee)),
        Expr::Call(call) => {
            cx.model
                .qualified_name(&call.func, cx.ctx.scope())
                .is_some_and(|name| {
                    name.is_any(&["inspect.iscoroutinefunction", "asyncio.iscoroutinefunction"])
                })
                && call
                    .args
                    .first()
                    .is_some_and(|argument| &cx.source[argument.range()] == callee)
        }
        _ => false,
    }
}

/// Whether the call's callee is a coroutine function: a module `async def`, an `async def`
/// method reached through `self`/`cls`/the class name, or a standard library coroutine
/// function.
fn is_coroutine_call<'a>(model: &SemanticModel<'a>, call: &'a ExprCall, scope: ScopeId) -> bool {
    // Coroutine functions are the module's own `async def`s or asyncio's.
    if !model.has_async_functions() && !model.imports_package("asyncio") {
        return false;
    }
    if model
        .qualified_name(&call.func, scope)
        .is_some_and(|name| name.is_any(STDLIB_COROUTINES))
    {
        return true;
    }
    let function = super::callee::local_callee(model, call, scope);
    function.is_some_and(|f| is_coroutine_function(model, f))
}

/// An `async def` without `yield` (an async generator is not a coroutine) whose decorators,
/// if any, keep it a coroutine function.
fn is_coroutine_function<'a>(model: &SemanticModel<'a>, function: FunctionRef<'a>) -> bool {
    if !function.is_async() {
        return false;
    }
    let Some(body) = model.function_scope(function) else {
        return false;
    };
    if model.scope(body).frame.yields {
        return false;
    }
    let Some(outer) = model.scope(body).parent else {
        return false;
    };
    function.decorators().iter().all(|decorator| {
        model
            .qualified_name(decorator, outer)
            .is_some_and(|name| name.is_any(TRANSPARENT_DECORATORS))
    })
}
