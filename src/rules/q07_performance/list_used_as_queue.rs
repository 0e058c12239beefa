//! PX0703 list-used-as-queue: `items.pop(0)` and `items.insert(0, x)` move every other
//! element of the list one slot, so a list used as a FIFO queue costs O(n) per operation.
//! `collections.deque` adds and removes at both ends in O(1).

use rustpython_parser::ast::{Constant, Expr, ExprCall, Stmt};

use crate::ast_ext;
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{Loop, Node, NodeKind};

pub struct ListUsedAsQueue;

static META: RuleMeta = RuleMeta {
    code: "PX0703",
    name: "list-used-as-queue",
    severity: Severity::Warning,
    question: Some(Question::new(7)),
    opt_in: true,
    min_version: None,
    summary:
        "`.pop(0)` or `.insert(0, x)` on a list shifts every element (use `collections.deque`)",
    doc: include_str!("../../../rules/PX0703.md"),
    applies_to: Roles::SHIPPED_CODE,
};

impl Rule for ListUsedAsQueue {
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
        let Some((name, method)) = front_operation(call) else {
            return;
        };
        // Once is a single O(n) step; it is repeating it on the same list (a queue drained
        // or filled from the front in a loop) that makes the work quadratic.
        let Some(innermost) = cx.ctx.innermost_loop() else {
            return;
        };
        if innermost
            .for_iter()
            .is_some_and(|iter| is_fixed_count(cx, iter))
        {
            return;
        }
        if runs_once_per_loop(cx) {
            return;
        }
        // Building a list back to front is quadratic when every iteration inserts; an insert
        // under a condition (moving one chosen element to the front) usually happens once.
        if matches!(method, Front::Insert) && !on_every_iteration(cx.ctx.statements(), innermost) {
            return;
        }
        let model = cx.model;
        let scope = cx.ctx.scope();
        let Some(owner) = model.lookup(name, scope) else {
            return;
        };
        let bindings = model.reaching_bindings(owner, name, call.range.start(), scope);
        if bindings.is_empty() || !bindings.iter().all(|id| model.value_kind(*id).is_list()) {
            return;
        }
        // A list built afresh in each iteration gets one front operation per list.
        let loop_range = innermost.range();
        if bindings
            .iter()
            .any(|id| loop_range.contains_inclusive(model.binding(*id).position))
        {
            return;
        }
        let (message, help) = match method {
            Front::Pop => (
                format!("`{name}.pop(0)` removes the first element of a list, which moves every remaining element one place: O(n) on each call"),
                format!("make `{name}` a `collections.deque` and take items with `{name}.popleft()`, which is O(1)"),
            ),
            Front::Insert => (
                format!("`{name}.insert(0, ...)` adds at the front of a list, which moves every element one place: O(n) on each call"),
                format!("make `{name}` a `collections.deque` and add items with `{name}.appendleft(...)`, which is O(1)"),
            ),
        };
        let fix = super::list_used_as_queue_fix::fix(cx, name);
        cx.report(call.range, message, help).set_fix(fix);
    }
}

/// Which end-of-queue operation a call performs.
enum Front {
    Pop,
    Insert,
}

/// `name.pop(0)` or `name.insert(0, x)`: the receiver's name and the operation.
fn front_operation(call: &ExprCall) -> Option<(&str, Front)> {
    let Expr::Attribute(method) = &*call.func else {
        return None;
    };
    let Expr::Name(receiver) = &*method.value else {
        return None;
    };
    if !call.keywords.is_empty() {
        return None;
    }
    let front = match (method.attr.as_str(), call.args.as_slice()) {
        ("pop", [index]) if is_zero(index) => Front::Pop,
        ("insert", [index, value]) if is_zero(index) && !matches!(value, Expr::Starred(_)) => {
            Front::Insert
        }
        _ => return None,
    };
    Some((receiver.id.as_str(), front))
}

/// The statement holding the call is followed by `break`, `return` or `raise` in its block:
/// the front operation happens at most once per run of the loop.
fn runs_once_per_loop(cx: &RuleContext<'_, '_>) -> bool {
    let statements = cx.ctx.statements();
    let [.., parent, stmt] = statements else {
        return false;
    };
    // A call in a `while` test repeats with the loop whatever follows the loop.
    if matches!(stmt, Stmt::While(_)) {
        return false;
    }
    ast_ext::following_siblings(parent, stmt)
        .iter()
        .any(ast_ext::is_loop_exit)
}

/// Whether the innermost statement runs on every iteration of `innermost` that goes on: no
/// `if` between the loop and it, except one whose other branch leaves the loop (`else:
/// break`). `try` and `with` blocks do not make a statement conditional.
fn on_every_iteration(statements: &[&Stmt], innermost: Loop<'_>) -> bool {
    let loop_stmt: &Stmt = match innermost {
        Loop::For(stmt) => stmt,
        Loop::While(while_) => {
            let Some(stmt) = statements
                .iter()
                .rev()
                .find(|s| matches!(s, Stmt::While(w) if std::ptr::eq(w, while_)))
            else {
                return false;
            };
            stmt
        }
        Loop::Comprehension(_) => return true,
    };
    let Some(start) = statements.iter().position(|s| std::ptr::eq(*s, loop_stmt)) else {
        return false;
    };
    statements[start + 1..]
        .windows(2)
        .all(|pair| match pair[0] {
            Stmt::If(if_) => {
                let inner: &Stmt = pair[1];
                let in_body = if_.body.iter().any(|s| std::ptr::eq(s, inner));
                let other = if in_body { &if_.orelse } else { &if_.body };
                other.iter().any(ast_ext::is_loop_exit)
            }
            Stmt::Match(_) => false,
            _ => true,
        })
}

/// A loop over a literal collection or `range(<constant>)` runs a handful of times that the
/// author can see: no queue grows there.
fn is_fixed_count<'a>(cx: &RuleContext<'_, 'a>, iter: &'a Expr) -> bool {
    match iter {
        Expr::Tuple(t) => !t.elts.iter().any(|e| matches!(e, Expr::Starred(_))),
        Expr::List(l) => !l.elts.iter().any(|e| matches!(e, Expr::Starred(_))),
        Expr::Set(s) => !s.elts.iter().any(|e| matches!(e, Expr::Starred(_))),
        Expr::Constant(_) => true,
        Expr::Call(call) => {
            !call.args.is_empty()
                && cx
                    .model
                    .qualified_name(&call.func, cx.ctx.scope())
                    .is_some_and(|q| q.is_builtin("range"))
                && call.args.iter().all(ast_ext::is_constant_literal)
        }
        _ => false,
    }
}

fn is_zero(expr: &Expr) -> bool {
    matches!(expr, Expr::Constant(c) if matches!(&c.value, Constant::Int(i) if *i == 0.into()))
}
