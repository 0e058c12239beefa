//! PX1302 zip-pairwise: `zip(xs, xs[1:])` pairs each item with the next one by copying the
//! sequence minus its first item. `itertools.pairwise(xs)` (Python 3.10) yields the same
//! pairs without the copy, works on any iterable, and says what it does.

use rustpython_parser::ast::{Constant, Expr, ExprSlice, Ranged, UnaryOp};

use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::Resolution;
use crate::version::PythonVersion;
use crate::visit::{Node, NodeKind};

pub struct ZipPairwise;

static META: RuleMeta = RuleMeta {
    code: "PX1302",
    name: "zip-pairwise",
    severity: Severity::Advice,
    question: Some(Question::new(13)),
    opt_in: true,
    min_version: Some(PythonVersion::new(3, 10)),
    summary: "`zip(xs, xs[1:])` builds the pairs of successive items that `itertools.pairwise(xs)` yields (Python 3.10+)",
    doc: include_str!("../../../rules/PX1302.md"),
    applies_to: Roles::SHIPPED_CODE,
};

impl Rule for ZipPairwise {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fixes(&self) -> &'static [Applicability] {
        &[Applicability::Safe, Applicability::Unsafe]
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Call]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Expr(Expr::Call(call)) = node else {
            return;
        };
        let ([first, second], []) = (call.args.as_slice(), call.keywords.as_slice()) else {
            return;
        };
        let is_zip = cx
            .model
            .qualified_name(&call.func, cx.ctx.scope())
            .is_some_and(|name| name.is_builtin("zip"));
        if !is_zip {
            return;
        }
        // The second argument is `xs[1:]`; the first is `xs` itself or `xs[:-1]`.
        let Expr::Subscript(rest) = second else {
            return;
        };
        if !is_slice(&rest.slice, Some(1), None) || !is_plain_sequence(&rest.value) {
            return;
        }
        let sequence = &*rest.value;
        let first_is_sequence = match first {
            Expr::Subscript(head) => {
                is_slice(&head.slice, None, Some(-1)) && same_expression(&head.value, sequence)
            }
            other => same_expression(other, sequence),
        };
        if !first_is_sequence || frame_calls_pairwise(cx) {
            return;
        }
        let spelled = &cx.source[sequence.range()];
        let fix = super::zip_pairwise_fix::fix(cx, call, sequence);
        cx.report(
            call.range,
            format!("`zip` of `{spelled}` with its own tail pairs each item with the next one, copying the sequence to do it"),
            format!("use `itertools.pairwise({spelled})` (Python 3.10+): the same pairs, no copy, and it works on any iterable"),
        )
        .set_fix(fix);
    }
}

/// Whether the code around the call already calls `itertools.pairwise` (or a `pairwise`
/// that a star import may provide): then the `zip` form is deliberate, typically the
/// reference a test compares `pairwise` against.
fn frame_calls_pairwise(cx: &RuleContext<'_, '_>) -> bool {
    let frame = cx.model.scope(cx.ctx.frame().id);
    frame.frame.calls.iter().any(|site| {
        if let Some(name) = cx.model.qualified_name(&site.call.func, site.scope) {
            return name.is("itertools.pairwise");
        }
        let Expr::Name(name) = &*site.call.func else {
            return false;
        };
        name.id.as_str() == "pairwise"
            && cx.model.module_scope().star_import
            && matches!(
                cx.model
                    .resolve(name.id.as_str(), name.range.start(), site.scope),
                Resolution::Unbound
            )
    })
}

/// `[lower:upper]` with no step, each bound either absent (`None`) or the given integer.
fn is_slice(expr: &Expr, lower: Option<i64>, upper: Option<i64>) -> bool {
    let Expr::Slice(ExprSlice {
        lower: l,
        upper: u,
        step: None,
        ..
    }) = expr
    else {
        return false;
    };
    bound_is(l.as_deref(), lower) && bound_is(u.as_deref(), upper)
}

fn bound_is(bound: Option<&Expr>, expected: Option<i64>) -> bool {
    match (bound, expected) {
        (None, None) => true,
        (Some(expr), Some(value)) => int_value(expr) == Some(value),
        _ => false,
    }
}

fn int_value(expr: &Expr) -> Option<i64> {
    match expr {
        Expr::Constant(c) => match &c.value {
            Constant::Int(i) => i.try_into().ok(),
            _ => None,
        },
        Expr::UnaryOp(unary) if unary.op == UnaryOp::USub => int_value(&unary.operand).map(|v| -v),
        _ => None,
    }
}

/// A name or an attribute chain on a name: evaluating it twice gives the same object.
fn is_plain_sequence(expr: &Expr) -> bool {
    match expr {
        Expr::Name(_) => true,
        Expr::Attribute(attr) => is_plain_sequence(&attr.value),
        _ => false,
    }
}

fn same_expression(a: &Expr, b: &Expr) -> bool {
    match (a, b) {
        (Expr::Name(x), Expr::Name(y)) => x.id == y.id,
        (Expr::Attribute(x), Expr::Attribute(y)) => {
            x.attr == y.attr && same_expression(&x.value, &y.value)
        }
        _ => false,
    }
}
