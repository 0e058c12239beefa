//! PX0702 string-concat-in-loop: `s += x` on a str inside a loop copies the whole string so
//! far at every step (quadratic overall; CPython's in-place shortcut is an implementation
//! detail that other references or other interpreters defeat). `"".join(parts)` is linear.

use rustpython_parser::ast::{Constant, Expr, ExprBinOp, Operator, Stmt};

use crate::ast_ext;
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{Binding, BindingKind, Usage, ValueKind};
use crate::visit::{Loop, Node, NodeKind};

pub struct StringConcatInLoop;

static META: RuleMeta = RuleMeta {
    code: "PX0702",
    name: "string-concat-in-loop",
    severity: Severity::Warning,
    question: Some(Question::new(7)),
    opt_in: false,
    min_version: None,
    summary: "a str built with `+=` inside a loop (quadratic copying)",
    doc: include_str!("../../../rules/PX0702.md"),
    applies_to: Roles::SHIPPED_CODE,
};

impl Rule for StringConcatInLoop {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fixes(&self) -> &'static [Applicability] {
        &[Applicability::Unsafe]
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::AugAssign, NodeKind::Assign]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(stmt) = node else {
            return;
        };
        let Some(name) = concatenated_name(stmt) else {
            return;
        };
        let Some(innermost @ Loop::For(_) | innermost @ Loop::While(_)) = cx.ctx.innermost_loop()
        else {
            return;
        };
        if innermost.for_iter().is_some_and(is_short_literal_iterable) {
            return;
        }
        let scope = cx.ctx.scope();
        if cx.model.lookup(name, scope) != Some(scope) {
            return;
        }
        // Earlier concatenations keep a str a str: look through them to what started it.
        let is_update = |binding: &Binding<'_>| is_self_concatenation(binding, name);
        let origins = cx
            .model
            .origin_bindings(scope, name, innermost.start(), scope, &is_update);
        let all_str = !origins.is_empty()
            && origins
                .iter()
                .all(|id| cx.model.value_kind(*id) == ValueKind::Str);
        if all_str
            && !runs_once(cx, stmt)
            && !reset_inside_loop(cx, name, innermost)
            && !read_inside_loop(cx, name, innermost)
        {
            let fix = super::string_concat_in_loop_fix::fix(cx, name);
            cx.report(
                stmt_range(stmt),
                format!("`{name}` is a str built by concatenation inside a loop: each step copies everything built so far"),
                "collect the pieces in a list (`parts.append(...)`) and build the string once after the loop with `\"\".join(parts)`, or write them to an `io.StringIO`",
            )
            .set_fix(fix);
        }
    }
}

/// A concatenation followed by `break`, `return` or `raise` in its block happens at most
/// once per loop, so nothing accumulates.
fn runs_once(cx: &RuleContext<'_, '_>, stmt: &Stmt) -> bool {
    let statements = cx.ctx.statements();
    let Some(parent) = statements.len().checked_sub(2).map(|i| statements[i]) else {
        return false;
    };
    ast_ext::following_siblings(parent, stmt)
        .iter()
        .any(ast_ext::is_loop_exit)
}

/// A string that the loop also replaces outright (`s = other`) is not a plain accumulator.
fn reset_inside_loop(cx: &RuleContext<'_, '_>, name: &str, innermost: Loop<'_>) -> bool {
    cx.model
        .bindings_within(cx.ctx.scope(), name, innermost.range())
        .any(|binding| !is_self_concatenation(binding, name))
}

/// Whether the loop uses the partial string (other than to extend it or return it): then
/// it needs the intermediate values and joining after the loop is not a rewrite of it.
fn read_inside_loop(cx: &RuleContext<'_, '_>, name: &str, innermost: Loop<'_>) -> bool {
    cx.model
        .references_within(cx.ctx.scope(), name, innermost.range())
        .any(|reference| match reference.usage {
            Usage::AugmentedAssignment => false,
            _ => {
                concatenated_name(reference.statement) != Some(name)
                    && !matches!(reference.statement, Stmt::Return(_))
            }
        })
}

/// `s += ...` or `s = s + ...`: a binding that extends the name's previous value.
fn is_self_concatenation(binding: &Binding<'_>, name: &str) -> bool {
    match binding.kind {
        BindingKind::AugmentedAssignment => true,
        BindingKind::Assignment => matches!(
            binding.value,
            Some(Expr::BinOp(sum)) if sum.op == Operator::Add && sum_has_operand(sum, name)
        ),
        _ => false,
    }
}

fn stmt_range(stmt: &Stmt) -> rustpython_parser::text_size::TextRange {
    match stmt {
        Stmt::AugAssign(aug) => aug.range,
        Stmt::Assign(assign) => assign.range,
        _ => unreachable!("only assignments are dispatched here"),
    }
}

/// The name that `s += x` or `s = s + x` (also `s = x + s`) extends.
fn concatenated_name(stmt: &Stmt) -> Option<&str> {
    match stmt {
        Stmt::AugAssign(aug) if aug.op == Operator::Add => match &*aug.target {
            Expr::Name(name) => Some(name.id.as_str()),
            _ => None,
        },
        Stmt::Assign(assign) => {
            let [Expr::Name(target)] = assign.targets.as_slice() else {
                return None;
            };
            let Expr::BinOp(sum) = &*assign.value else {
                return None;
            };
            let name = target.id.as_str();
            (sum.op == Operator::Add && sum_has_operand(sum, name)).then_some(name)
        }
        _ => None,
    }
}

/// Whether `name` is one of the terms of an `a + b + c` chain.
fn sum_has_operand(sum: &ExprBinOp, name: &str) -> bool {
    [&*sum.left, &*sum.right]
        .into_iter()
        .any(|term| match term {
            Expr::Name(n) => n.id.as_str() == name,
            Expr::BinOp(inner) if inner.op == Operator::Add => sum_has_operand(inner, name),
            _ => false,
        })
}

/// A loop over a literal tuple, list, set or string runs a fixed, small number of times
/// that the author can see; concatenating there is not a scaling problem.
fn is_short_literal_iterable(iter: &Expr) -> bool {
    match iter {
        Expr::Tuple(t) => !t.elts.iter().any(|e| matches!(e, Expr::Starred(_))),
        Expr::List(l) => !l.elts.iter().any(|e| matches!(e, Expr::Starred(_))),
        Expr::Set(s) => !s.elts.iter().any(|e| matches!(e, Expr::Starred(_))),
        Expr::Constant(c) => matches!(c.value, Constant::Str(_) | Constant::Tuple(_)),
        _ => false,
    }
}
