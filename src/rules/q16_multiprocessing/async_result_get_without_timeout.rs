//! PX1604 async-result-get-without-timeout: `AsyncResult.get()` with no timeout waits until
//! the result arrives. When a pool's worker process dies while running the task (killed by
//! the OOM killer or a signal, a crash in C code, `os._exit`), the pool starts a replacement
//! worker but the task is lost: its result never arrives and the caller waits forever.

use rustpython_parser::ast::{Expr, ExprCall, Ranged};

use super::pools::{pool_of, PoolKind, MAX_DEPTH};
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{is_mutating_method, BindingKind, ScopeId, SemanticModel, Usage};
use crate::visit::{Node, NodeKind};

pub struct AsyncResultGetWithoutTimeout;

static META: RuleMeta = RuleMeta {
    code: "PX1604",
    name: "async-result-get-without-timeout",
    severity: Severity::Advice,
    question: Some(Question::new(16)),
    opt_in: true,
    min_version: None,
    summary: "`.get()` without a timeout on a pool's `apply_async`/`map_async` result, which hangs if a worker dies",
    doc: include_str!("../../../rules/PX1604.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// Pool methods that return an `AsyncResult`.
const ASYNC_METHODS: &[&str] = &["apply_async", "map_async", "starmap_async"];

impl Rule for AsyncResultGetWithoutTimeout {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Call]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Expr(Expr::Call(call)) = node else {
            return;
        };
        let Expr::Attribute(get) = &*call.func else {
            return;
        };
        if get.attr.as_str() != "get" || !call.args.is_empty() || !call.keywords.is_empty() {
            return;
        }
        let Some((method, pool)) = async_result(cx.model, &get.value, cx.ctx.scope(), 0) else {
            return;
        };
        if joined_before(cx, pool, call) {
            // `pool.close(); pool.join()` first: every result is in, or `join()` would
            // already have hung; a timeout here changes nothing.
            return;
        }
        cx.report(
            call.range,
            format!("`.get()` without a timeout waits forever for this `{method}` result if the worker process running the task dies (killed, out of memory, a crash in C code): the pool replaces the worker but the task's result never arrives"),
            "pass a timeout (`.get(timeout=...)`) and handle `multiprocessing.TimeoutError`, or use `concurrent.futures.ProcessPoolExecutor`, which raises `BrokenProcessPool` when a worker dies",
        );
    }
}

/// Whether the pool built by `pool` was joined (`pool.join()`) in the calling frame before
/// `get`.
fn joined_before(cx: &RuleContext<'_, '_>, pool: &ExprCall, get: &ExprCall) -> bool {
    let frame = cx.model.frame_of(cx.ctx.scope());
    cx.model.scope(frame).frame.calls.iter().any(|site| {
        let Expr::Attribute(join) = &*site.call.func else {
            return false;
        };
        join.attr.as_str() == "join"
            && site.call.args.is_empty()
            && site.call.end() <= get.start()
            && pool_of(cx.model, &join.value, site.scope)
                .is_some_and(|(_, built)| std::ptr::eq(built, pool))
    })
}

/// The pool method an expression's `AsyncResult` comes from, and the call that built its pool: `pool.apply_async(...)` on a
/// process pool, a name bound to one, or the loop variable of a loop or comprehension over a
/// collection of them.
fn async_result<'a>(
    model: &SemanticModel<'a>,
    expr: &'a Expr,
    scope: ScopeId,
    depth: u8,
) -> Option<(&'a str, &'a ExprCall)> {
    if depth > MAX_DEPTH {
        return None;
    }
    match expr {
        Expr::Call(call) => {
            let Expr::Attribute(method) = &*call.func else {
                return None;
            };
            let name = method.attr.as_str();
            if !ASYNC_METHODS.contains(&name) {
                return None;
            }
            let (kind, pool) = pool_of(model, &method.value, scope)?;
            (kind == PoolKind::Process).then_some((name, pool))
        }
        Expr::Name(name) => {
            let binding = model.unique_binding(name.id.as_str(), expr.start(), scope)?;
            match binding.kind {
                BindingKind::Assignment
                | BindingKind::AnnotatedAssignment
                | BindingKind::NamedExpr => {
                    async_result(model, binding.value?, binding.scope, depth + 1)
                }
                BindingKind::ForTarget { iter, whole: true } => {
                    async_collection(model, iter, binding.scope, depth + 1)
                }
                BindingKind::ComprehensionTarget { iter, whole: true } => {
                    let iter_scope = model.iterable_scope(binding.scope, iter);
                    async_collection(model, iter, iter_scope, depth + 1)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The pool method whose results fill a collection: `[pool.apply_async(...) for ...]`, a
/// list display of them, or a name bound to one of these or to an empty list that only
/// ever gets such results appended.
fn async_collection<'a>(
    model: &SemanticModel<'a>,
    expr: &'a Expr,
    scope: ScopeId,
    depth: u8,
) -> Option<(&'a str, &'a ExprCall)> {
    if depth > MAX_DEPTH {
        return None;
    }
    match expr {
        Expr::ListComp(comp) => {
            let inner = model.comprehension_scope(expr)?;
            async_result(model, &comp.elt, inner, depth + 1)
        }
        Expr::GeneratorExp(comp) => {
            let inner = model.comprehension_scope(expr)?;
            async_result(model, &comp.elt, inner, depth + 1)
        }
        Expr::List(list) => {
            let mut methods = list
                .elts
                .iter()
                .map(|e| async_result(model, e, scope, depth + 1));
            let first = methods.next()??;
            methods.all(|m| m.is_some()).then_some(first)
        }
        Expr::Name(name) => {
            let id = name.id.as_str();
            let binding = model.unique_binding(id, expr.start(), scope)?;
            if !matches!(
                binding.kind,
                BindingKind::Assignment | BindingKind::AnnotatedAssignment
            ) {
                return None;
            }
            match binding.value? {
                Expr::List(list) if list.elts.is_empty() => {
                    appended_results(model, binding.scope, id, depth + 1)
                }
                value => async_collection(model, value, binding.scope, depth + 1),
            }
        }
        _ => None,
    }
}

/// For a list that starts empty: the pool method whose results every `.append(...)` adds,
/// when it is only ever filled that way.
fn appended_results<'a>(
    model: &SemanticModel<'a>,
    owner: ScopeId,
    name: &str,
    depth: u8,
) -> Option<(&'a str, &'a ExprCall)> {
    let mut found = None;
    for reference in model.references_to(owner, name) {
        match reference.usage {
            Usage::MethodCall("append") => {
                let Expr::Call(append) = reference.chain else {
                    return None;
                };
                let [item] = append.args.as_slice() else {
                    return None;
                };
                found = Some(async_result(model, item, reference.scope, depth)?);
            }
            // Passing the list on (`len(results)`) is not counted: it is rarely filled that way.
            Usage::MethodCall(method) if is_mutating_method(method) => return None,
            Usage::SubscriptStore | Usage::AugmentedAssignment => return None,
            _ => {}
        }
    }
    found
}
