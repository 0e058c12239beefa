//! PX1301's fix: `Optional[X]` → `X | None`, `Union[A, B]` → `A | B`, nested forms
//! flattened as the rule's help spells them, and the `typing` imports removed once nothing
//! uses them any more.
//!
//! Safe: the rule runs only when the code targets Python 3.10 or later, where `|` builds
//! the same union at run time (`int | None == Optional[int]`), and it leaves alone unions
//! with a string member (`"Node" | None` would raise). No fix when a member is an
//! expression that `|` would bind differently (a conditional, a comparison, a lambda), or
//! when a comment inside the subscript would be lost.

use rustpython_parser::ast::{Constant, Expr, ExprSubscript, Operator, Ranged};

use super::legacy_union_syntax::{legacy_union, Form};
use super::typing_builtin_alias_fix::root_name;
use crate::fix::imports::UnusedImport;
use crate::fix::{Edit, Fix};
use crate::rule::RuleContext;

/// One member of the flattened union.
enum Member<'a> {
    Source(&'a Expr),
    None,
}

impl Member<'_> {
    fn is_none(&self) -> bool {
        match self {
            Member::None => true,
            Member::Source(Expr::Constant(c)) => matches!(c.value, Constant::None),
            Member::Source(_) => false,
        }
    }
}

/// The fix rewriting the legacy union `sub`.
pub fn fix(cx: &RuleContext<'_, '_>, sub: &ExprSubscript) -> Option<Fix> {
    if cx.source[sub.range].contains('#') {
        return None;
    }
    let mut members = Vec::new();
    let mut heads = Vec::new();
    flatten(cx, sub, &mut members, &mut heads)?;
    let mut parts = Vec::with_capacity(members.len());
    for member in &members {
        match member {
            Member::None => parts.push("None"),
            Member::Source(expr) if binds_tighter_than_or(expr) => {
                parts.push(&cx.source[expr.range()]);
            }
            Member::Source(_) => return None,
        }
    }
    let rewrite = parts.join(" | ");
    let scope = cx.ctx.scope();
    let mut unused: Vec<UnusedImport> = heads
        .iter()
        .filter_map(|head| root_name(head))
        .filter_map(|name| UnusedImport::of_name(cx, name, scope))
        .collect();
    unused.dedup();
    Some(
        Fix::safe(
            format!("write `{}`", shorten(&rewrite)),
            vec![Edit::replacement(sub.range, rewrite.clone())],
        )?
        .with_unused_imports(unused),
    )
}

/// The members of the union `sub` with nested `Optional`/`Union` flattened and `None` last
/// for an `Optional` (as the rule's help spells it), and the `Optional`/`Union` names used.
fn flatten<'a>(
    cx: &RuleContext<'_, 'a>,
    sub: &'a ExprSubscript,
    members: &mut Vec<Member<'a>>,
    heads: &mut Vec<&'a Expr>,
) -> Option<()> {
    let scope = cx.ctx.scope();
    let (form, inner) = legacy_union(cx, sub, scope)?;
    heads.push(&sub.value);
    for member in inner {
        match member {
            Expr::Subscript(nested) if legacy_union(cx, nested, scope).is_some() => {
                flatten(cx, nested, members, heads)?;
            }
            other => members.push(Member::Source(other)),
        }
    }
    if form == Form::Optional {
        members.retain(|member| !member.is_none());
        members.push(Member::None);
    }
    Some(())
}

/// Whether `expr` can stand as an operand of `|` without parentheses and mean the same.
fn binds_tighter_than_or(expr: &Expr) -> bool {
    match expr {
        Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_) | Expr::Call(_) => true,
        Expr::Constant(_) => true,
        Expr::BinOp(op) => op.op == Operator::BitOr,
        _ => false,
    }
}

/// A rewrite short enough for a message.
fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX && !text.contains('\n') {
        text.to_string()
    } else {
        "... | ...".to_string()
    }
}
