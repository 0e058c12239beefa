//! PX1302's fix: `zip(xs, xs[1:])` (or `zip(xs[:-1], xs[1:])`) → `pairwise(xs)`, reusing
//! the module's `import itertools` or `from itertools import pairwise`.
//!
//! Both yield the same pairs of a sequence, with one difference: `xs[1:]` is a copy taken
//! when `zip` is called, while `pairwise` reads `xs` as it goes. The fix is safe where the
//! pairs are consumed at once and nothing can change `xs` meanwhile: the iterable of a
//! `for` loop or comprehension whose code does not mutate it (no `append`, item assignment,
//! passing it to a call; for `self.items`, no method call on `self`; for a global, no call
//! at all), or the argument of `list`, `tuple`, `set`, `dict`, `sorted`, `all`, `any`,
//! `sum`, `min` or `max`. Elsewhere (a `zip` returned or stored for later) it is unsafe.

use rustpython_parser::ast::{Expr, ExprCall, Ranged, Stmt};
use rustpython_parser::text_size::TextRange;

use crate::fix::imports::import_member;
use crate::fix::{Applicability, Edit, Fix};
use crate::rule::RuleContext;
use crate::semantic::Usage;

/// Builtins that consume an iterable completely before returning.
const CONSUMERS: &[&str] = &[
    "list",
    "tuple",
    "set",
    "frozenset",
    "dict",
    "sorted",
    "all",
    "any",
    "sum",
    "min",
    "max",
];

pub fn fix(cx: &RuleContext<'_, '_>, call: &ExprCall, sequence: &Expr) -> Option<Fix> {
    let source = cx.source;
    if source[call.range].contains('#') {
        return None;
    }
    let imported = import_member(cx, "itertools", "pairwise", cx.ctx.scope(), call.start())?;
    let replacement = format!("{}({})", imported.expression, &source[sequence.range()]);
    let applicability = match consumer(cx, call) {
        Some(range) if unchanged_during(cx, sequence, range) => Applicability::Safe,
        _ => Applicability::Unsafe,
    };
    let mut edits = vec![Edit::replacement(call.range, replacement.clone())];
    edits.extend(imported.edit);
    Fix::new(
        applicability,
        format!("replace with `{replacement}`"),
        edits,
    )
}

/// Where the pairs are consumed at once: the code that runs while they are (a loop's body,
/// a comprehension), or an empty range for a consuming builtin. `None` when the `zip`
/// object may outlive the statement.
fn consumer(cx: &RuleContext<'_, '_>, call: &ExprCall) -> Option<TextRange> {
    let expressions = cx.ctx.expressions();
    let [.., current] = expressions else {
        return None;
    };
    let parent = expressions.len().checked_sub(2).map(|i| expressions[i]);
    match parent {
        None => match cx.ctx.statement()? {
            Stmt::For(for_) if for_.iter.range() == call.range => {
                let body = crate::ast_ext::block_range(&for_.body, for_.iter.end());
                let end = for_.orelse.last().map_or(body.end(), Ranged::end);
                Some(TextRange::new(body.start(), end))
            }
            _ => None,
        },
        Some(comprehension @ (Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_))) => {
            iterates(comprehension, call).then(|| comprehension.range())
        }
        Some(generator @ Expr::GeneratorExp(_)) => {
            let grandparent = expressions.len().checked_sub(3).map(|i| expressions[i])?;
            (iterates(generator, call) && consuming_call(cx, grandparent, generator))
                .then(|| generator.range())
        }
        Some(outer) if consuming_call(cx, outer, current) => {
            Some(TextRange::empty(call.range.start()))
        }
        _ => None,
    }
}

/// Whether `call` is the iterable of one of the comprehension's `for` clauses (rather than
/// an element it collects).
fn iterates(comprehension: &Expr, call: &ExprCall) -> bool {
    let generators = match comprehension {
        Expr::ListComp(c) => &c.generators,
        Expr::SetComp(c) => &c.generators,
        Expr::DictComp(c) => &c.generators,
        Expr::GeneratorExp(c) => &c.generators,
        _ => return false,
    };
    generators.iter().any(|g| g.iter.range() == call.range)
}

/// `builtin(argument)` for one of the [`CONSUMERS`], with no keywords.
fn consuming_call(cx: &RuleContext<'_, '_>, outer: &Expr, argument: &Expr) -> bool {
    let Expr::Call(consumer) = outer else {
        return false;
    };
    let [only] = consumer.args.as_slice() else {
        return false;
    };
    consumer.keywords.is_empty()
        && only.range() == argument.range()
        && cx
            .model
            .qualified_name(&consumer.func, cx.ctx.scope())
            .is_some_and(|q| CONSUMERS.iter().any(|b| q.is_builtin(b)))
}

/// Whether nothing in `range` can change the sequence (a name or attribute chain).
fn unchanged_during(cx: &RuleContext<'_, '_>, sequence: &Expr, range: TextRange) -> bool {
    let mut root = sequence;
    while let Expr::Attribute(attr) = root {
        root = &attr.value;
    }
    let Expr::Name(root_name) = root else {
        return false;
    };
    let scope = cx.ctx.scope();
    let Some(owner) = cx.model.lookup(root_name.id.as_str(), scope) else {
        return false;
    };
    let chained = !matches!(sequence, Expr::Name(_));
    let touched = cx
        .model
        .references_within(owner, root_name.id.as_str(), range)
        .any(|r| {
            r.usage.may_mutate()
                || (chained
                    && matches!(
                        r.usage,
                        Usage::MethodCall(_) | Usage::AttributeStore(_) | Usage::AttributeDelete(_)
                    ))
        });
    if touched {
        return false;
    }
    // A global can be changed by any function the loop calls.
    let local = cx.model.frame_of(owner) == cx.ctx.frame().id;
    local
        || !cx
            .model
            .scope(cx.ctx.frame().id)
            .frame
            .calls
            .iter()
            .any(|site| range.contains_range(site.call.range))
}
