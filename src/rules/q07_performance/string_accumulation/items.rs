//! `container[key] += x` in a loop, on a container built to hold strings: never extended
//! in place.

use rustpython_parser::ast::{Expr, Operator, Stmt};
use rustpython_parser::text_size::TextRange;

use super::{extends, repeating_loop, Target};
use crate::ast_ext;
use crate::rule::RuleContext;
use crate::semantic::{ScopeId, ValueKind};

/// `container[key] += x` in a loop, where the container is a local built to hold strings (a
/// `defaultdict(str)`, a dict or list display of strings), the key does not change while the
/// loop runs (any key for a `defaultdict(str)`, whose point is to gather pieces per key), and
/// the loop uses the container for nothing else.
pub(super) fn item_accumulator(
    cx: &RuleContext<'_, '_>,
    stmt: &Stmt,
    container: &str,
    key: &Expr,
) -> bool {
    let model = cx.model;
    let scope = cx.ctx.scope();
    let Some(innermost) = repeating_loop(cx, stmt) else {
        return false;
    };
    if model.lookup(container, scope) != Some(scope) {
        return false;
    }
    let bindings = model.reaching_bindings(scope, container, innermost.start(), scope);
    if bindings.is_empty() {
        return false;
    }
    let mut any_key = true;
    for id in &bindings {
        let binding = model.binding(*id);
        match binding
            .value
            .and_then(|value| string_container(cx, value, binding.scope))
        {
            Some(StringContainer::DefaultStr) => {}
            Some(StringContainer::Fixed) => any_key = false,
            None => return false,
        }
    }
    let loop_range = innermost.range();
    if model
        .bindings_within(scope, container, loop_range)
        .next()
        .is_some()
    {
        return false;
    }
    if !any_key && !invariant_key(cx, key, loop_range) {
        return false;
    }
    let target = Target::Item { container, key };
    model
        .references_within(scope, container, loop_range)
        .all(|reference| extends(reference.statement, target))
}

enum StringContainer {
    /// `defaultdict(str)`
    DefaultStr,
    /// A dict or list display (or comprehension) whose values are all strings.
    Fixed,
}

fn string_container(
    cx: &RuleContext<'_, '_>,
    value: &Expr,
    scope: ScopeId,
) -> Option<StringContainer> {
    let model = cx.model;
    let is_str = |expr: &Expr| model.classify_value(expr, scope) == ValueKind::Str;
    match value {
        Expr::Call(call) => {
            let callee = model.qualified_name(&call.func, scope)?;
            let [factory] = call.args.as_slice() else {
                return None;
            };
            let str_factory = model
                .qualified_name(factory, scope)
                .is_some_and(|q| q.is_builtin("str"));
            (callee.is("collections.defaultdict") && str_factory && call.keywords.is_empty())
                .then_some(StringContainer::DefaultStr)
        }
        Expr::Dict(dict) => (!dict.values.is_empty()
            && dict.keys.iter().all(Option::is_some)
            && dict.values.iter().all(is_str))
        .then_some(StringContainer::Fixed),
        Expr::DictComp(comp) => {
            let inner = model.comprehension_scope(value)?;
            (model.classify_value(&comp.value, inner) == ValueKind::Str)
                .then_some(StringContainer::Fixed)
        }
        Expr::List(list) => (!list.elts.is_empty() && list.elts.iter().all(is_str))
            .then_some(StringContainer::Fixed),
        Expr::BinOp(repeat) if repeat.op == Operator::Mult => match &*repeat.left {
            Expr::List(list) if !list.elts.is_empty() && list.elts.iter().all(is_str) => {
                Some(StringContainer::Fixed)
            }
            _ => None,
        },
        _ => None,
    }
}

/// A constant key, or a name the loop does not rebind.
fn invariant_key(cx: &RuleContext<'_, '_>, key: &Expr, loop_range: TextRange) -> bool {
    match key {
        Expr::Name(name) => {
            let scope = cx.ctx.scope();
            let Some(owner) = cx.model.lookup(name.id.as_str(), scope) else {
                return false;
            };
            cx.model
                .bindings_within(owner, name.id.as_str(), loop_range)
                .next()
                .is_none()
        }
        other => ast_ext::is_constant_literal(other),
    }
}
