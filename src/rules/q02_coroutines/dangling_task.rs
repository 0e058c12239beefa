//! PX0204 dangling-task: the event loop holds only weak references to the tasks it runs.
//! A task created as an expression statement has no other reference, so the garbage
//! collector may destroy it before it finishes, and its exception is never seen.

use rustpython_parser::ast::{Expr, ExprCall, Ranged, Stmt};

use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{BindingKind, ScopeId, ScopeKind, SemanticModel};
use crate::visit::{walk_body, Context, Node, NodeKind, Visitor};

pub struct DanglingTask;

static META: RuleMeta = RuleMeta {
    code: "PX0204",
    name: "dangling-task",
    severity: Severity::Warning,
    question: Some(Question::new(2)),
    opt_in: true,
    min_version: None,
    summary: "a task created and dropped: the event loop keeps only a weak reference to it",
    doc: include_str!("../../../rules/PX0204.md"),
    applies_to: Roles::SHIPPED_CODE,
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
        // Tasks and event loops come from asyncio (a loop parameter, such as a test's
        // `event_loop` fixture, needs no import).
        let imports_asyncio = cx.model.imports_package("asyncio");
        let calls_create_task =
            matches!(&*call.func, Expr::Attribute(attr) if attr.attr.as_str() == "create_task");
        if !imports_asyncio && !calls_create_task {
            return;
        }
        let scope = cx.ctx.scope();
        let is_task_function = imports_asyncio
            && cx
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
        // A coroutine of the module that never suspends (no `await`, `async for` or `async
        // with`) runs to its end in the task's first step, while the loop's ready queue
        // still holds the task: it cannot be collected half-way.
        if call
            .args
            .first()
            .is_some_and(|argument| never_suspends(cx.model, argument, scope))
        {
            return;
        }
        if in_finalizer(cx) {
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

/// Functions that register a callback to run when an object dies or the program exits.
const FINALIZER_REGISTRATIONS: &[&str] = &["weakref.finalize", "atexit.register"];

/// Inside `__del__`, or a function the module registers with `weakref.finalize(...)` or
/// `atexit.register(...)`: cleanup scheduled while its owner is being torn down is
/// best-effort by design (closing a client session), and the owner that could keep the
/// task is the object going away.
fn in_finalizer(cx: &RuleContext<'_, '_>) -> bool {
    let ScopeKind::Function(function) = cx.ctx.frame().kind else {
        return false;
    };
    let name = function.name();
    if name == "__del__" {
        return true;
    }
    cx.model.references().iter().any(|reference| {
        let Expr::Call(registration) = reference.chain else {
            return false;
        };
        let registers = cx
            .model
            .qualified_name(&registration.func, reference.scope)
            .is_some_and(|callee| callee.is_any(FINALIZER_REGISTRATIONS));
        registers
            && registration.args.iter().any(|argument| match argument {
                Expr::Name(callback) => callback.id.as_str() == name,
                Expr::Attribute(callback) => callback.attr.as_str() == name,
                _ => false,
            })
    })
}

/// How many calls deep [`never_suspends`] follows awaited coroutines of the module.
const AWAIT_CHAIN_DEPTH: usize = 3;

/// `argument` calls an `async def` of the module that never suspends: its body has no
/// `async for` or `async with`, and each `await` in it awaits another such coroutine of the
/// module (a handler that awaits a helper with no `await` of its own).
fn never_suspends<'a>(model: &SemanticModel<'a>, argument: &'a Expr, scope: ScopeId) -> bool {
    let Expr::Call(coroutine) = argument else {
        return false;
    };
    coroutine_never_suspends(model, coroutine, scope, AWAIT_CHAIN_DEPTH)
}

fn coroutine_never_suspends<'a>(
    model: &SemanticModel<'a>,
    coroutine: &'a ExprCall,
    scope: ScopeId,
    depth: usize,
) -> bool {
    let Some(function) = super::callee::local_callee(model, coroutine, scope) else {
        return false;
    };
    if !function.is_async() || !function.decorators().is_empty() {
        return false;
    }
    let Some(body) = model.function_scope(function) else {
        return false;
    };
    let frame = &model.scope(body).frame;
    if frame.yields {
        return false;
    }
    if !frame.awaits {
        return true;
    }
    if depth == 0 {
        return false;
    }
    let mut points = SuspensionPoints::default();
    walk_body(function.body(), &mut points);
    !points.other
        && points
            .awaited_calls
            .iter()
            .all(|call| coroutine_never_suspends(model, call, body, depth - 1))
}

/// The places a function body may suspend, outside its nested scopes: the calls it awaits
/// directly, and whether anything else suspends (`async for`, `async with`, an `await` of
/// something that is not a call).
#[derive(Default)]
struct SuspensionPoints<'a> {
    awaited_calls: Vec<&'a ExprCall>,
    other: bool,
}

impl<'a> Visitor<'a> for SuspensionPoints<'a> {
    fn enter_node(&mut self, node: Node<'a>, ctx: &Context<'a>) {
        match ctx.scope_kind() {
            ScopeKind::Module => {}
            // An `await` in a comprehension suspends the function too; a nested `def` or
            // class suspends only when it runs. (A comprehension inside a nested `def`
            // lands here as well, which only errs towards reporting.)
            ScopeKind::Comprehension(_) => {
                if matches!(node, Node::Expr(Expr::Await(_))) {
                    self.other = true;
                }
                return;
            }
            _ => return,
        }
        match node {
            Node::Expr(Expr::Await(awaited)) => match &*awaited.value {
                Expr::Call(call) => self.awaited_calls.push(call),
                _ => self.other = true,
            },
            Node::Stmt(Stmt::AsyncFor(_) | Stmt::AsyncWith(_)) => self.other = true,
            _ => {}
        }
    }
}

/// Event loop classes, for parameter annotations.
const LOOP_CLASSES: &[&str] = &[
    "asyncio.AbstractEventLoop",
    "asyncio.BaseEventLoop",
    "asyncio.events.AbstractEventLoop",
    "asyncio.base_events.BaseEventLoop",
];

/// Parameter names that mean an event loop: the conventional `loop`, and pytest-asyncio's
/// `event_loop` fixture.
const LOOP_PARAMETERS: &[&str] = &["loop", "event_loop"];

/// An event loop: `asyncio.get_running_loop()` (or `get_event_loop()`, `new_event_loop()`)
/// called in place, a name whose only reaching binding was assigned such a call, or a
/// parameter annotated as an event loop or named `loop` or `event_loop` (without another
/// annotation).
fn is_event_loop<'a>(model: &SemanticModel<'a>, expr: &'a Expr, scope: ScopeId) -> bool {
    let (value, scope) = match expr {
        Expr::Call(_) => (expr, scope),
        Expr::Name(name) => {
            let Some(binding) = model.unique_binding(name.id.as_str(), expr.start(), scope) else {
                return false;
            };
            if matches!(binding.kind, BindingKind::Parameter) {
                return is_loop_parameter(model, name.id.as_str(), binding.scope);
            }
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

/// Whether the parameter `name` of the function whose body is `scope` is an event loop by
/// its annotation, or by its name when it has no annotation.
fn is_loop_parameter(model: &SemanticModel<'_>, name: &str, scope: ScopeId) -> bool {
    let ScopeKind::Function(function) = model.scope(scope).kind else {
        return false;
    };
    let Some(parameter) = function.parameters().find(|p| p.arg.as_str() == name) else {
        return false;
    };
    let parent = model.scope(scope).parent.unwrap_or(ScopeId::MODULE);
    match parameter.annotation.as_deref() {
        Some(annotation) => model
            .qualified_name(annotation, parent)
            .is_some_and(|class| class.is_any(LOOP_CLASSES)),
        None => LOOP_PARAMETERS.contains(&name),
    }
}
