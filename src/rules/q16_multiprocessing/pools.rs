//! How the Q16 rules recognise process pools, executors, processes and `multiprocessing`
//! contexts: through the semantic model (imports, aliases, the bindings that reach a name),
//! never by spelling alone.

use rustpython_parser::ast::{Expr, ExprCall, Ranged};

use crate::ast_ext;
use crate::semantic::{BindingKind, ScopeId, SemanticModel};

pub(super) const POOLS: &[&str] = &["multiprocessing.Pool", "multiprocessing.pool.Pool"];
/// Pools of threads that share `multiprocessing.pool.Pool`'s interface and life cycle.
pub(super) const THREAD_POOLS: &[&str] = &[
    "multiprocessing.pool.ThreadPool",
    "multiprocessing.dummy.Pool",
];
pub(super) const MANAGERS: &[&str] = &["multiprocessing.Manager"];
pub(super) const EXECUTORS: &[&str] = &[
    "concurrent.futures.ProcessPoolExecutor",
    "concurrent.futures.process.ProcessPoolExecutor",
];
pub(super) const PROCESSES: &[&str] = &[
    "multiprocessing.Process",
    "multiprocessing.process.BaseProcess",
    "multiprocessing.context.Process",
    "multiprocessing.context.SpawnProcess",
    "multiprocessing.context.ForkProcess",
    "multiprocessing.context.ForkServerProcess",
];
const GET_CONTEXT: &[&str] = &[
    "multiprocessing.get_context",
    "multiprocessing.context.get_context",
];

/// The packages processes, pools and executors come from. A module that imports none of
/// them cannot construct one (local subclasses resolve through this module's imports), so
/// the rules skip it before asking the model anything.
pub(super) const PROCESS_PACKAGES: &[&str] = &["multiprocessing", "concurrent"];

/// Alias following through local classes and names stops here.
pub(super) const MAX_DEPTH: u8 = 6;

/// What a pool-like constructor builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PoolKind {
    /// `multiprocessing.Pool`: worker processes.
    Process,
    /// `multiprocessing.pool.ThreadPool`: the same interface on threads.
    Thread,
    /// `concurrent.futures.ProcessPoolExecutor`.
    Executor,
}

/// The value a name is bound to at `expr`, with the scope that value is evaluated in.
pub(super) fn bound_value<'a>(
    model: &SemanticModel<'a>,
    expr: &'a Expr,
    scope: ScopeId,
) -> Option<(&'a Expr, ScopeId)> {
    let Expr::Name(name) = expr else {
        return None;
    };
    let binding = model.unique_binding(name.id.as_str(), expr.start(), scope)?;
    binding.value.map(|value| (value, binding.scope))
}

/// A `multiprocessing` context: `multiprocessing.get_context(...)` or a name bound to one.
pub(super) fn is_context<'a>(
    model: &SemanticModel<'a>,
    expr: &'a Expr,
    scope: ScopeId,
    depth: u8,
) -> bool {
    context_call(model, expr, scope, depth).is_some()
}

/// The `get_context(...)` call a context expression comes from.
fn context_call<'a>(
    model: &SemanticModel<'a>,
    expr: &'a Expr,
    scope: ScopeId,
    depth: u8,
) -> Option<&'a ExprCall> {
    if depth > MAX_DEPTH {
        return None;
    }
    match expr {
        Expr::Call(call) => model
            .qualified_name(&call.func, scope)
            .is_some_and(|name| name.is_any(GET_CONTEXT))
            .then_some(call),
        Expr::Name(_) => bound_value(model, expr, scope)
            .and_then(|(value, scope)| context_call(model, value, scope, depth + 1)),
        _ => None,
    }
}

/// Whether a context expression is `get_context("fork")` (or a name bound to it): a
/// context whose children inherit the parent's memory instead of unpickling what they run.
pub(super) fn is_fork_context<'a>(
    model: &SemanticModel<'a>,
    expr: &'a Expr,
    scope: ScopeId,
) -> bool {
    let Some(call) = context_call(model, expr, scope, 0) else {
        return false;
    };
    ast_ext::call_argument(call, 0, "method").and_then(ast_ext::string_literal) == Some("fork")
}

/// An expression that evaluates to a process object: `Process(...)`, a subclass of it
/// defined in this module, `ctx.Process(...)`, or a name bound to one (also as the target
/// of a loop over a list of them).
pub(super) fn is_process<'a>(
    model: &SemanticModel<'a>,
    expr: &'a Expr,
    scope: ScopeId,
    depth: u8,
) -> bool {
    if depth > MAX_DEPTH || !model.imports_any_package(PROCESS_PACKAGES) {
        return false;
    }
    match expr {
        Expr::Call(call) => is_process_class(model, &call.func, scope, depth + 1),
        Expr::Name(name) => {
            let Some(binding) = model.unique_binding(name.id.as_str(), expr.start(), scope) else {
                return false;
            };
            match binding.kind {
                BindingKind::ForTarget { iter, whole: true } => {
                    is_process_collection(model, iter, binding.scope, depth + 1)
                }
                BindingKind::ComprehensionTarget { iter, whole: true } => {
                    let iter_scope = model.iterable_scope(binding.scope, iter);
                    is_process_collection(model, iter, iter_scope, depth + 1)
                }
                _ => binding
                    .value
                    .is_some_and(|value| is_process(model, value, binding.scope, depth + 1)),
            }
        }
        _ => false,
    }
}

/// A list of processes: `[Process(...) for ...]`, `[p1, p2]` of process calls, or a name
/// bound to one.
fn is_process_collection<'a>(
    model: &SemanticModel<'a>,
    expr: &'a Expr,
    scope: ScopeId,
    depth: u8,
) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    match expr {
        Expr::ListComp(comp) => model
            .comprehension_scope(expr)
            .is_some_and(|inner| is_process(model, &comp.elt, inner, depth + 1)),
        Expr::List(list) => {
            !list.elts.is_empty()
                && list
                    .elts
                    .iter()
                    .all(|e| is_process(model, e, scope, depth + 1))
        }
        Expr::Name(_) => bound_value(model, expr, scope)
            .is_some_and(|(value, scope)| is_process_collection(model, value, scope, depth + 1)),
        _ => false,
    }
}

/// `multiprocessing.Process`, `ctx.Process`, or a class of this module deriving from one.
pub(super) fn is_process_class<'a>(
    model: &SemanticModel<'a>,
    func: &'a Expr,
    scope: ScopeId,
    depth: u8,
) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    if model
        .qualified_name(func, scope)
        .is_some_and(|name| name.is_any(PROCESSES))
    {
        return true;
    }
    match func {
        Expr::Attribute(attr) => {
            attr.attr.as_str() == "Process" && is_context(model, &attr.value, scope, depth + 1)
        }
        Expr::Name(name) => {
            let Some(binding) = model.unique_binding(name.id.as_str(), func.start(), scope) else {
                return false;
            };
            let Some((class, _)) = binding.class() else {
                return false;
            };
            class
                .bases
                .iter()
                .any(|base| is_process_class(model, base, binding.scope, depth + 1))
        }
        _ => false,
    }
}

/// What a call builds, when it constructs a pool or a process pool executor: the class
/// through imports (`mp.Pool`, `PPE`), `ctx.Pool(...)` of a context, or a class of this
/// module deriving from one of them.
pub(super) fn pool_constructor<'a>(
    model: &SemanticModel<'a>,
    call: &'a ExprCall,
    scope: ScopeId,
) -> Option<PoolKind> {
    if !model.imports_any_package(PROCESS_PACKAGES) {
        return None;
    }
    if let Some(name) = model.qualified_name(&call.func, scope) {
        if name.is_any(POOLS) {
            return Some(PoolKind::Process);
        }
        if name.is_any(THREAD_POOLS) {
            return Some(PoolKind::Thread);
        }
        if name.is_any(EXECUTORS) {
            return Some(PoolKind::Executor);
        }
        return None;
    }
    match &*call.func {
        Expr::Attribute(attr) => (attr.attr.as_str() == "Pool"
            && is_context(model, &attr.value, scope, 0))
        .then_some(PoolKind::Process),
        Expr::Name(_) => {
            let (class, class_scope) = model.local_class(&call.func, scope)?;
            // ThreadPool derives from Pool: ask about it first.
            if model.class_inherits_from(class, class_scope, THREAD_POOLS) {
                Some(PoolKind::Thread)
            } else if model.class_inherits_from(class, class_scope, POOLS) {
                Some(PoolKind::Process)
            } else if model.class_inherits_from(class, class_scope, EXECUTORS) {
                Some(PoolKind::Executor)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The pool an expression evaluates to, with the call that built it: a constructor call,
/// or a name whose only reaching binding is one, directly or as the target of
/// `with Pool() as pool:` (a pool's `__enter__` returns the pool itself).
pub(super) fn pool_of<'a>(
    model: &SemanticModel<'a>,
    expr: &'a Expr,
    scope: ScopeId,
) -> Option<(PoolKind, &'a ExprCall)> {
    pool_at_depth(model, expr, scope, 0)
}

fn pool_at_depth<'a>(
    model: &SemanticModel<'a>,
    expr: &'a Expr,
    scope: ScopeId,
    depth: u8,
) -> Option<(PoolKind, &'a ExprCall)> {
    if !model.imports_any_package(PROCESS_PACKAGES) {
        return None;
    }
    if depth > MAX_DEPTH {
        return None;
    }
    match expr {
        Expr::Call(call) => pool_constructor(model, call, scope).map(|kind| (kind, call)),
        Expr::Name(name) => {
            let binding = model.unique_binding(name.id.as_str(), expr.start(), scope)?;
            let value = match binding.kind {
                BindingKind::Assignment
                | BindingKind::AnnotatedAssignment
                | BindingKind::NamedExpr => binding.value?,
                BindingKind::WithTarget {
                    context,
                    whole: true,
                } => context,
                _ => return None,
            };
            pool_at_depth(model, value, binding.scope, depth + 1)
        }
        _ => None,
    }
}
