//! PX1601 missing-main-guard: module-level code that starts worker processes. Under the
//! spawn and forkserver start methods (the default on Windows and macOS, and forkserver on
//! Linux from Python 3.14) every child imports the main module again; without
//! `if __name__ == "__main__":` the child runs the same code, and multiprocessing stops it
//! with a RuntimeError about the bootstrapping phase. Other modules that do this break every
//! program that imports them.

use rustpython_parser::ast::{Expr, ExprCall, Ranged};

use super::pools::{is_context, is_process, EXECUTORS, MANAGERS, POOLS};
use crate::ast_ext;
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{BindingKind, CallSite, ScopeId, SemanticModel};
use crate::source;
use crate::visit::{Node, NodeKind};

pub struct MissingMainGuard;

static META: RuleMeta = RuleMeta {
    code: "PX1601",
    name: "missing-main-guard",
    severity: Severity::Error,
    question: Some(Question::new(16)),
    opt_in: false,
    min_version: None,
    summary: "worker processes started at import time, outside `if __name__ == \"__main__\":`",
    doc: include_str!("../../../rules/PX1601.md"),
    applies_to: Roles::RUNNING_CODE,
};

/// Executor methods that make it spawn its workers (it starts them lazily).
const EXECUTOR_WORK: &[&str] = &["submit", "map"];

impl Rule for MissingMainGuard {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fixes(&self) -> &'static [Applicability] {
        &[Applicability::Unsafe]
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Call]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Expr(Expr::Call(call)) = node else {
            return;
        };
        if !cx.ctx.is_module_level() || cx.ctx.in_main_guard() {
            return;
        }
        let Some(statement) = cx.ctx.statement() else {
            return;
        };
        let anchor = ast_ext::statement_header(statement, cx.source);
        if cx.already_reported(anchor) {
            return;
        }
        let scope = cx.ctx.scope();
        let site = CallSite {
            call,
            scope,
            statement,
        };
        if let Some(start) = process_start(cx.model, &site) {
            let fix = super::missing_main_guard_fix::fix(cx);
            cx.report(
                anchor,
                format!(
                    "{} {} at import time, {OUTSIDE_GUARD}",
                    start.what(),
                    start.effect()
                ),
                HELP,
            )
            .set_fix(fix);
            return;
        }
        let model = cx.model;
        let Some((function, function_scope)) = model.called_function(call, scope) else {
            return;
        };
        let is_start = |site: &CallSite<'a>| process_start(model, site).is_some();
        let Some(path) = model.find_call_path(function_scope, &is_start) else {
            return;
        };
        let (target, hops) = path.split_last().expect("a found path ends at its target");
        let start = process_start(model, target).expect("the path's target starts processes");
        let line = source::line_number(cx.source, target.call.start());
        let chain: Vec<String> = std::iter::once(function.name())
            .chain(hops.iter().filter_map(|hop| {
                model
                    .called_function(hop.call, hop.scope)
                    .map(|(f, _)| f.name())
            }))
            .map(|name| format!("`{name}()`"))
            .collect();
        let fix = super::missing_main_guard_fix::fix(cx);
        cx.report(
            anchor,
            format!(
                "calling {} at import time {} ({} on line {line}), {OUTSIDE_GUARD}",
                chain.join(" → "),
                start.effect(),
                start.what(),
            ),
            HELP,
        )
        .set_fix(fix);
    }
}

const OUTSIDE_GUARD: &str = "outside `if __name__ == \"__main__\":`";

const HELP: &str = "move this into a function (for example `main()`) and call it under `if __name__ == \"__main__\":`, so child processes that re-import the module do not run it again";

/// How a call starts processes.
#[derive(Debug, Clone, Copy)]
enum Start {
    Pool,
    Manager,
    Executor,
    Process,
}

impl Start {
    fn what(self) -> &'static str {
        match self {
            Start::Pool => "`Pool(...)`",
            Start::Manager => "`Manager()`",
            Start::Executor => "submitting work to a `ProcessPoolExecutor`",
            Start::Process => "`Process.start()`",
        }
    }

    fn effect(self) -> &'static str {
        match self {
            Start::Pool | Start::Executor => "starts worker processes",
            Start::Manager => "starts a server process",
            Start::Process => "starts a worker process",
        }
    }
}

/// How a call starts worker processes, if it does.
fn process_start<'a>(model: &SemanticModel<'a>, site: &CallSite<'a>) -> Option<Start> {
    let call = site.call;
    let scope = site.scope;
    if let Some(name) = model.qualified_name(&call.func, scope) {
        if name.is_any(POOLS) {
            return Some(Start::Pool);
        }
        if name.is_any(MANAGERS) {
            return Some(Start::Manager);
        }
        if name.is_any(EXECUTORS) {
            return executor_used(model, call, scope).then_some(Start::Executor);
        }
    }
    let Expr::Attribute(attr) = &*call.func else {
        return None;
    };
    match attr.attr.as_str() {
        "Pool" if is_context(model, &attr.value, scope, 0) => Some(Start::Pool),
        "Manager" if is_context(model, &attr.value, scope, 0) => Some(Start::Manager),
        "start" if is_process(model, &attr.value, scope, 0) => Some(Start::Process),
        _ => None,
    }
}

/// An executor starts its workers only when given work: `PPE().map(...)`, or `.submit`/
/// `.map` on a name bound to it (by assignment or `with ... as ex`) in the same frame.
fn executor_used<'a>(model: &SemanticModel<'a>, executor: &'a ExprCall, scope: ScopeId) -> bool {
    let frame = model.frame_of(scope);
    model.scope(frame).frame.calls.iter().any(|site| {
        let Expr::Attribute(method) = &*site.call.func else {
            return false;
        };
        if !EXECUTOR_WORK.contains(&method.attr.as_str()) {
            return false;
        }
        match &*method.value {
            Expr::Call(receiver) => std::ptr::eq(receiver, executor),
            Expr::Name(name) => model
                .unique_binding(name.id.as_str(), method.value.start(), site.scope)
                .is_some_and(|binding| {
                    let bound = match binding.kind {
                        BindingKind::WithTarget {
                            context,
                            whole: true,
                        } => Some(context),
                        _ => binding.value,
                    };
                    matches!(bound, Some(Expr::Call(c)) if std::ptr::eq(c, executor))
                }),
            _ => false,
        }
    })
}
