//! PX1303 manual-batching: `[xs[i:i + n] for i in range(0, len(xs), n)]` splits a list or
//! tuple into chunks of `n` by index arithmetic. `itertools.batched(xs, n)` (Python 3.12)
//! says so in one call and works for any iterable. It yields tuples, so the rule fires only
//! where `xs` is known to be a list or a tuple: slices of a str, bytes, bytearray, memoryview
//! or array are objects of that type, which `batched` does not give back. It is a matter of
//! clarity, not speed: slicing a list is as fast or faster
//! (`bench/claims/px1303_batching.py`).

use rustpython_parser::ast::{Comprehension, Constant, Expr, Operator, Ranged};

use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{Binding, BindingKind, Resolution, ScopeId, ScopeKind, ValueKind};
use crate::version::PythonVersion;
use crate::visit::{Node, NodeKind};

pub struct ManualBatching;

static META: RuleMeta = RuleMeta {
    code: "PX1303",
    name: "manual-batching",
    severity: Severity::Advice,
    question: Some(Question::new(13)),
    opt_in: false,
    min_version: Some(PythonVersion::new(3, 12)),
    summary: "`[xs[i:i + n] for i in range(0, len(xs), n)]` chunks a list or tuple by hand where `itertools.batched(xs, n)` does it (Python 3.12+)",
    doc: include_str!("../../../rules/PX1303.md"),
    applies_to: Roles::SHIPPED_CODE,
};

impl Rule for ManualBatching {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::ListComp, NodeKind::GeneratorExp]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Expr(expr) = node else {
            return;
        };
        let (element, generators) = match expr {
            Expr::ListComp(comp) => (&*comp.elt, comp.generators.as_slice()),
            Expr::GeneratorExp(comp) => (&*comp.elt, comp.generators.as_slice()),
            _ => return,
        };
        let [generator] = generators else {
            return;
        };
        let scope = cx.ctx.scope();
        let Some((sequence, size)) = chunking(cx, generator, element, scope) else {
            return;
        };
        let spelled = &cx.source[sequence.range()];
        let size = &cx.source[size.range()];
        let what = match expr {
            Expr::ListComp(_) => "list comprehension",
            _ => "generator expression",
        };
        cx.report(
            expr.range(),
            format!("this {what} cuts `{spelled}` into chunks of `{size}` by index arithmetic"),
            format!("`itertools.batched({spelled}, {size})` (Python 3.12+) says the same in one call; it yields tuples, so use `map(list, ...)` where the code needs lists"),
        );
    }
}

/// For `for i in range(0, len(xs), n)` with element `xs[i:i + n]` (or `xs[i:n + i]`): the
/// sequence `xs` and the chunk size `n`.
fn chunking<'a>(
    cx: &RuleContext<'_, 'a>,
    generator: &'a Comprehension,
    element: &'a Expr,
    scope: ScopeId,
) -> Option<(&'a Expr, &'a Expr)> {
    if generator.is_async || !generator.ifs.is_empty() {
        return None;
    }
    let Expr::Name(index) = &generator.target else {
        return None;
    };
    // The comprehension node is seen from the enclosing scope, where its first iterable
    // runs too.
    let outer = scope;
    let Expr::Call(range) = &generator.iter else {
        return None;
    };
    if !is_builtin(cx, &range.func, outer, "range") || !range.keywords.is_empty() {
        return None;
    }
    let [start, stop, step] = range.args.as_slice() else {
        return None;
    };
    if !is_zero(start) || !is_plain(step) {
        return None;
    }
    let Expr::Call(len) = stop else {
        return None;
    };
    let ([sequence], []) = (len.args.as_slice(), len.keywords.as_slice()) else {
        return None;
    };
    if !is_builtin(cx, &len.func, outer, "len") || !is_plain(sequence) {
        return None;
    }
    // `batched` yields tuples: the same chunks as slices only for a list or a tuple. Slices
    // of a str, bytes, bytearray, memoryview or array are objects of that type.
    if !is_list_or_tuple(cx, sequence, outer) {
        return None;
    }
    let Expr::Subscript(sub) = element else {
        return None;
    };
    if !same_expression(&sub.value, sequence) {
        return None;
    }
    let Expr::Slice(slice) = &*sub.slice else {
        return None;
    };
    let (Some(lower), Some(upper), None) = (&slice.lower, &slice.upper, &slice.step) else {
        return None;
    };
    if !is_name(lower, index.id.as_str()) {
        return None;
    }
    let Expr::BinOp(sum) = &**upper else {
        return None;
    };
    let adds_size = sum.op == Operator::Add
        && ((is_name(&sum.left, index.id.as_str()) && same_expression(&sum.right, step))
            || (is_name(&sum.right, index.id.as_str()) && same_expression(&sum.left, step)));
    adds_size.then_some((sequence, step))
}

/// Annotations of lists and tuples (bare or subscripted).
const LIST_OR_TUPLE_TYPES: &[&str] = &[
    "builtins.list",
    "builtins.tuple",
    "typing.List",
    "typing.Tuple",
];

/// Builtins that return a list or a tuple.
const LIST_OR_TUPLE_CALLS: &[&str] = &["list", "tuple", "sorted"];

/// Whether `sequence`, a name, is known to hold a list or a tuple at this point: every
/// binding that reaches it is a list or tuple display or comprehension, a call of `list`,
/// `tuple` or `sorted`, or an annotated parameter or variable of such a type.
fn is_list_or_tuple<'a>(cx: &RuleContext<'_, 'a>, sequence: &'a Expr, scope: ScopeId) -> bool {
    let Expr::Name(name) = sequence else {
        return false;
    };
    let model = cx.model;
    let Resolution::Bound { ids, .. } = model.resolve(name.id.as_str(), sequence.start(), scope)
    else {
        return false;
    };
    !ids.is_empty()
        && ids.iter().all(|id| {
            let binding = model.binding(*id);
            if let Some(annotation) = declared_type(cx, binding) {
                let head = match annotation {
                    Expr::Subscript(sub) => &*sub.value,
                    other => other,
                };
                let outer = match binding.kind {
                    BindingKind::Parameter => {
                        model.scope(binding.scope).parent.unwrap_or(binding.scope)
                    }
                    _ => binding.scope,
                };
                return model
                    .qualified_name(head, outer)
                    .is_some_and(|q| q.is_any(LIST_OR_TUPLE_TYPES));
            }
            let value_is_sequence = |value: &'a Expr| match value {
                Expr::Call(call) => model
                    .qualified_name(&call.func, binding.scope)
                    .is_some_and(|q| LIST_OR_TUPLE_CALLS.iter().any(|b| q.is_builtin(b))),
                other => matches!(
                    model.classify_value(other, binding.scope),
                    ValueKind::List(_) | ValueKind::Tuple
                ),
            };
            matches!(
                binding.kind,
                BindingKind::Assignment | BindingKind::AnnotatedAssignment | BindingKind::NamedExpr
            ) && binding.value.is_some_and(value_is_sequence)
        })
}

/// The annotation of a parameter.
fn declared_type<'a>(cx: &RuleContext<'_, 'a>, binding: &Binding<'a>) -> Option<&'a Expr> {
    if !matches!(binding.kind, BindingKind::Parameter) {
        return None;
    }
    let ScopeKind::Function(function) = cx.model.scope(binding.scope).kind else {
        return None;
    };
    function
        .parameters()
        .find(|arg| arg.arg.as_str() == binding.name)
        .and_then(|arg| arg.annotation.as_deref())
}

fn is_builtin<'a>(cx: &RuleContext<'_, 'a>, func: &'a Expr, scope: ScopeId, name: &str) -> bool {
    cx.model
        .qualified_name(func, scope)
        .is_some_and(|q| q.is_builtin(name))
}

fn is_zero(expr: &Expr) -> bool {
    matches!(expr, Expr::Constant(c) if matches!(&c.value, Constant::Int(i) if *i == 0.into()))
}

fn is_name(expr: &Expr, id: &str) -> bool {
    matches!(expr, Expr::Name(name) if name.id.as_str() == id)
}

/// A name, an integer literal, or an attribute chain on a name: evaluating it again gives
/// the same value.
fn is_plain(expr: &Expr) -> bool {
    match expr {
        Expr::Name(_) => true,
        Expr::Constant(c) => matches!(c.value, Constant::Int(_)),
        Expr::Attribute(attr) => {
            matches!(&*attr.value, Expr::Name(_) | Expr::Attribute(_)) && is_plain(&attr.value)
        }
        _ => false,
    }
}

fn same_expression(a: &Expr, b: &Expr) -> bool {
    match (a, b) {
        (Expr::Name(x), Expr::Name(y)) => x.id == y.id,
        (Expr::Constant(x), Expr::Constant(y)) => x.value == y.value,
        (Expr::Attribute(x), Expr::Attribute(y)) => {
            x.attr == y.attr && same_expression(&x.value, &y.value)
        }
        _ => false,
    }
}
