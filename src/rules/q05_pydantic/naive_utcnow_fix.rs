//! PX0504's fix: `datetime.utcnow()` → `datetime.now(timezone.utc)` and
//! `datetime.utcfromtimestamp(ts)` → `datetime.fromtimestamp(ts, tz=timezone.utc)`;
//! passed on uncalled (`default_factory=datetime.utcnow`), the method becomes a lambda
//! that makes the aware call. `timezone` comes from an import the module has (`from
//! datetime import timezone`, `import datetime as dt`), else is imported.
//!
//! Unsafe: the result is aware instead of naive. It holds the same instant, but comparing
//! it with a naive datetime raises `TypeError`, `isoformat()` and `str()` add `+00:00`,
//! and code (or a database column) that expects naive values may reject or shift it.

use rustpython_parser::ast::{Expr, ExprAttribute, Ranged};
use rustpython_parser::text_size::TextRange;

use crate::fix::imports::import_member;
use crate::fix::{Edit, Fix};
use crate::rule::RuleContext;

pub fn fix(cx: &RuleContext<'_, '_>, attr: &ExprAttribute) -> Option<Fix> {
    let source = cx.source;
    let method = attr.attr.as_str();
    let class = &source[attr.value.range()];
    let scope = cx.ctx.scope();
    let timezone = import_member(cx, "datetime", "timezone", scope, attr.range.start())?;
    let utc = format!("{}.utc", timezone.expression);
    let expressions = cx.ctx.expressions();
    let parent = expressions.len().checked_sub(2).map(|i| expressions[i]);
    let call = match parent {
        Some(Expr::Call(call)) if call.func.range() == attr.range => Some(call),
        _ => None,
    };
    let (range, replacement) = match (method, call) {
        ("utcnow", Some(call)) if call.args.is_empty() && call.keywords.is_empty() => {
            (call.range, format!("{class}.now({utc})"))
        }
        ("utcfromtimestamp", Some(call)) if call.keywords.is_empty() => {
            let [timestamp] = call.args.as_slice() else {
                return None;
            };
            if matches!(timestamp, Expr::Starred(_)) {
                return None;
            }
            let text = &source[timestamp.range()];
            (
                call.range,
                format!("{class}.fromtimestamp({text}, tz={utc})"),
            )
        }
        (_, Some(_)) => return None,
        ("utcnow", None) => (
            attr.range,
            lambda(parent, format!("lambda: {class}.now({utc})")),
        ),
        (_, None) => (
            attr.range,
            lambda(
                parent,
                format!("lambda ts: {class}.fromtimestamp(ts, tz={utc})"),
            ),
        ),
    };
    if source[TextRange::new(range.start(), range.end())].contains('#') {
        return None;
    }
    let mut edits = vec![Edit::replacement(range, replacement.clone())];
    edits.extend(timezone.edit);
    Fix::unsafe_edits(
        format!("use `{}`, which is aware", first_line(&replacement)),
        edits,
    )
}

/// A lambda where the method was: bare as an argument or an assignment's value, in
/// parentheses anywhere else.
fn lambda(parent: Option<&Expr>, text: String) -> String {
    match parent {
        None | Some(Expr::Call(_)) => text,
        Some(_) => format!("({text})"),
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}
