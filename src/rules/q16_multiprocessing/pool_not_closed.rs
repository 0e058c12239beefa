//! PX1605 pool-not-closed: a `multiprocessing.Pool` keeps its worker processes (and three
//! handler threads) running until it is closed or terminated. A pool a function creates and
//! never closes lives on until the garbage collector finalises it, which Python reports
//! with a `ResourceWarning` ("unclosed running multiprocessing pool").

use rustpython_parser::ast::{Expr, ExprCall, Stmt};

use super::pools::{pool_constructor, PoolKind};
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::rules::entry_point::in_entry_point;
use crate::semantic::{ScopeKind, Usage};
use crate::visit::{Node, NodeKind};

pub struct PoolNotClosed;

static META: RuleMeta = RuleMeta {
    code: "PX1605",
    name: "pool-not-closed",
    severity: Severity::Warning,
    question: Some(Question::new(16)),
    opt_in: true,
    min_version: None,
    summary:
        "a `multiprocessing.Pool` a function creates outside `with` and never closes or terminates",
    doc: include_str!("../../../rules/PX1605.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// Methods that shut a pool down, or hand it to a context manager protocol.
const CLOSERS: &[&str] = &["close", "terminate", "__enter__", "__exit__"];

const HELP: &str = "use the pool as a context manager (`with Pool() as pool:`), or call `pool.close()` and `pool.join()` in a `finally:` block";

impl Rule for PoolNotClosed {
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
        if !matches!(cx.ctx.frame().kind, ScopeKind::Function(_)) {
            return;
        }
        let what = match pool_constructor(cx.model, call, cx.ctx.scope()) {
            Some(PoolKind::Process) => "process pool",
            Some(PoolKind::Thread) => "thread pool",
            Some(PoolKind::Executor) | None => return,
        };
        // A script's entry point (a `main()` only its `__main__` block calls): the pool
        // lives until the program ends, and the interpreter's exit shuts it down. Not one
        // made in a loop: each pass leaves another pool's workers running.
        if !cx.ctx.in_loop() && in_entry_point(cx) {
            return;
        }
        match cx.ctx.parent_expr() {
            None => {
                let Some(name) = assigned_name(cx.ctx.statement(), call) else {
                    return;
                };
                if !never_closed(cx, name) {
                    return;
                }
                cx.report(
                    call.range,
                    format!("the {what} bound to `{name}` is never closed or terminated in this function: its workers keep running until the garbage collector finalises it (with a ResourceWarning)"),
                    HELP,
                );
            }
            // `Pool(4).map(f, items)`: used once and dropped.
            Some(Expr::Attribute(attr))
                if matches!(&*attr.value, Expr::Call(c) if std::ptr::eq(c, call))
                    && !CLOSERS.contains(&attr.attr.as_str()) =>
            {
                cx.report(
                    call.range,
                    format!("this {what} is used once and never closed: its workers keep running until the garbage collector finalises it (with a ResourceWarning)"),
                    HELP,
                );
            }
            Some(_) => {}
        }
    }
}

/// The name a statement binds the call to: `pool = Pool(...)` or `pool: Pool = Pool(...)`,
/// with a single plain name as target.
fn assigned_name<'a>(statement: Option<&'a Stmt>, call: &ExprCall) -> Option<&'a str> {
    let (target, value) = match statement? {
        Stmt::Assign(assign) => match assign.targets.as_slice() {
            [target] => (target, &*assign.value),
            _ => return None,
        },
        Stmt::AnnAssign(assign) => (&*assign.target, assign.value.as_deref()?),
        _ => return None,
    };
    if !matches!(value, Expr::Call(c) if std::ptr::eq(c, call)) {
        return None;
    }
    match target {
        Expr::Name(name) => Some(name.id.as_str()),
        _ => None,
    }
}

/// Whether the pool bound to `name` in the current function is never shut down there:
/// no `close()`/`terminate()` (called or handed on as `pool.close`), no `with pool:`, and the
/// pool never leaves the function (returned, stored, passed to a call).
fn never_closed(cx: &RuleContext<'_, '_>, name: &str) -> bool {
    let model = cx.model;
    let scope = cx.ctx.scope();
    // `global pool`, `nonlocal pool`: the pool outlives the function.
    if model.lookup(name, scope) != Some(scope) {
        return false;
    }
    model
        .references_to(scope, name)
        .all(|reference| match reference.usage {
            Usage::MethodCall(method) | Usage::Attribute(method) => !CLOSERS.contains(&method),
            Usage::AttributeStore(_) => true,
            // `with pool:`, or the pool returned, stored or passed on: closed here, or by
            // whoever receives it.
            _ => false,
        })
}
