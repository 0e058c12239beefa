//! PX0204 dangling-task: the event loop holds only weak references to the tasks it runs.
//! A task created as an expression statement has no other reference, so the garbage
//! collector may destroy it before it finishes, and its exception is never seen.

use rustpython_parser::ast::{Expr, Ranged, Stmt};

use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{BindingKind, ScopeId, SemanticModel};
use crate::visit::{Node, NodeKind};

pub struct DanglingTask;

static META: RuleMeta = RuleMeta {
    code: "PX0204",
    name: "dangling-task",
    severity: Severity::Warning,
    question: Some(Question::new(2)),
    opt_in: false,
    min_version: None,
    summary: "a task created and dropped: the event loop keeps only a weak reference to it",
    doc: include_str!("../../../rules/PX0204.md"),
    applies_to: Roles::RUNNING_CODE,
};

/// Module functions that wrap a coroutine in a task scheduled on the running loop.
const TASK_FUNCTIONS: &[&str] = &[
    "asyncio.create_task",
    "asyncio.ensure_future",
    "asyncio.tasks.create_task",
    "asyncio.tasks.ensure_future",
];

/// Functions that return an event loop.
const LOOP_FUNCTIONS: &[&str] = &[
    "asyncio.get_running_loop",
    "asyncio.get_event_loop",
    "asyncio.new_event_loop",
    "asyncio.events.get_running_loop",
    "asyncio.events.get_event_loop",
    "asyncio.events.new_event_loop",
];

impl Rule for DanglingTask {
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
        // Tasks and event loops come from asyncio.
        if !cx.model.imports_package("asyncio") {
            return;
        }
        let scope = cx.ctx.scope();
        let is_task_function = cx
            .model
            .qualified_name(&call.func, scope)
            .is_some_and(|name| name.is_any(TASK_FUNCTIONS));
        let is_loop_method = matches!(
            &*call.func,
            Expr::Attribute(attr)
                if attr.attr.as_str() == "create_task" && is_event_loop(cx.model, &attr.value, scope)
        );
        if !is_task_function && !is_loop_method {
            return;
        }
        // A test checking that the misuse raises or warns.
        if cx.in_expected_failure() {
            return;
        }
        let callee = &cx.source[call.func.range()];
        cx.report(
            call.range,
            format!("the task `{callee}(...)` returns is dropped: the event loop keeps only a weak reference to it, so it can be garbage-collected before it finishes and its exception is lost"),
            "keep a reference until the task is done (`task = ...; background_tasks.add(task); task.add_done_callback(background_tasks.discard)`), await it, or start it in an `asyncio.TaskGroup` (Python 3.11+)",
        );
    }
}

/// An event loop: `asyncio.get_running_loop()` (or `get_event_loop()`, `new_event_loop()`)
/// called in place, or a name whose only reaching binding was assigned such a call.
fn is_event_loop<'a>(model: &SemanticModel<'a>, expr: &'a Expr, scope: ScopeId) -> bool {
    let (value, scope) = match expr {
        Expr::Call(_) => (expr, scope),
        Expr::Name(name) => {
            let Some(binding) = model.unique_binding(name.id.as_str(), expr.start(), scope) else {
                return false;
            };
            if !matches!(
                binding.kind,
                BindingKind::Assignment | BindingKind::AnnotatedAssignment | BindingKind::NamedExpr
            ) {
                return false;
            }
            let Some(value) = binding.value else {
                return false;
            };
            (value, binding.scope)
        }
        _ => return false,
    };
    matches!(value, Expr::Call(call) if model
        .qualified_name(&call.func, scope)
        .is_some_and(|name| name.is_any(LOOP_FUNCTIONS)))
}
