//! PX1603 pool-in-loop: creating a process pool starts its worker processes (each a new
//! interpreter under spawn and forkserver) and shutting it down joins them. Doing that once
//! per iteration of a loop pays the start-up cost again and again for work one pool could
//! have shared.

use rustpython_parser::ast::{Expr, ExprCall, Stmt};
use rustpython_parser::text_size::TextRange;

use super::pools::{pool_constructor, PoolKind};
use crate::ast_ext::{self, Exit};
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{Loop, Node, NodeKind};

pub struct PoolInLoop;

static META: RuleMeta = RuleMeta {
    code: "PX1603",
    name: "pool-in-loop",
    severity: Severity::Warning,
    question: Some(Question::new(16)),
    opt_in: true,
    min_version: None,
    summary: "a process pool or `ProcessPoolExecutor` created anew on every iteration of a loop",
    doc: include_str!("../../../rules/PX1603.md"),
    applies_to: Roles::SHIPPED_CODE,
};

impl Rule for PoolInLoop {
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
        let Some(innermost) = cx.ctx.innermost_loop() else {
            return;
        };
        let what = match pool_constructor(cx.model, call, cx.ctx.scope()) {
            Some(PoolKind::Process) => "a process pool",
            Some(PoolKind::Executor) => "a `ProcessPoolExecutor`",
            Some(PoolKind::Thread) | None => return,
        };
        // `[Pool() for _ in shards]`: a collection of pools alive at once.
        if let Loop::Comprehension(comprehension) = innermost {
            if comprehension_element(comprehension)
                .is_some_and(|elt| matches!(elt, Expr::Call(c) if std::ptr::eq(c, call)))
            {
                return;
            }
        }
        // `with Pool() as pool: return pool.map(...)`: the loop ends with the first pool
        // that works (a retry loop), so pools are not made once per item.
        if leaves_loop_after_use(cx.ctx.statement(), call) {
            return;
        }
        // A pool configured by the iteration (`Pool(n)` for each `n` tried, a context per
        // start method) is a different pool each time: there is no one pool to hoist.
        if cx
            .ctx
            .loops()
            .iter()
            .any(|l| configured_by_loop(cx, call, *l))
        {
            return;
        }
        let loop_kind = match innermost {
            Loop::Comprehension(_) => "comprehension",
            Loop::For(_) | Loop::While(_) => "loop",
        };
        cx.report(
            call.range,
            format!("{what} is created on every iteration of this {loop_kind}: each one starts and shuts down its own worker processes"),
            "create the pool once before the loop and reuse it for every batch (`with Pool() as pool:` around the loop)",
        );
    }
}

/// The element expression of a list/set comprehension or generator expression.
fn comprehension_element(expr: &Expr) -> Option<&Expr> {
    match expr {
        Expr::ListComp(comp) => Some(&comp.elt),
        Expr::SetComp(comp) => Some(&comp.elt),
        Expr::GeneratorExp(comp) => Some(&comp.elt),
        _ => None,
    }
}

/// Whether `statement` is a `with` whose item is the pool call and whose body always
/// returns, raises or ends with `break`.
fn leaves_loop_after_use(statement: Option<&Stmt>, call: &ExprCall) -> bool {
    let Some(Stmt::With(with)) = statement else {
        return false;
    };
    let holds_pool = with
        .items
        .iter()
        .any(|item| matches!(&item.context_expr, Expr::Call(c) if std::ptr::eq(c, call)));
    holds_pool
        && (ast_ext::always_exits(&with.body, Exit::ReturnOrRaise)
            || matches!(with.body.last(), Some(Stmt::Break(_))))
}

/// Whether an argument of the constructor reads a name that the loop binds (its target, or
/// an assignment in its body).
fn configured_by_loop<'a>(
    cx: &RuleContext<'_, 'a>,
    call: &'a ExprCall,
    repeating: Loop<'a>,
) -> bool {
    let model = cx.model;
    let loop_range = repeating.range();
    let arguments: Vec<TextRange> = call
        .args
        .iter()
        .map(rustpython_parser::ast::Ranged::range)
        .chain(call.keywords.iter().map(|k| k.range))
        .collect();
    model.references().iter().any(|reference| {
        if !arguments
            .iter()
            .any(|arg| arg.contains_range(reference.range))
        {
            return false;
        }
        let Some(owner) = reference.resolved else {
            return false;
        };
        model
            .reaching_bindings(
                owner,
                reference.name,
                reference.range.start(),
                reference.scope,
            )
            .into_iter()
            .any(|id| loop_range.contains(model.binding(id).position))
    })
}
