//! PX0205's fix: `raise StopIteration` → `return`, and `raise StopIteration(value)` →
//! `return value` in a generator (which sets `StopIteration.value` for `yield from`, as the
//! raise did before Python 3.7).
//!
//! Safe in the sense the rule argues: since PEP 479 the raise crashes the consumer with
//! `RuntimeError`; `return` does what the statement was written to do, and on every other
//! path nothing changes. No fix where a `return` would mean something else or would not be
//! allowed: in a `finally` block (where `return` swallows an exception in flight), with
//! `raise ... from ...`, with several arguments, or with a value in an async generator
//! (where `return value` is a syntax error) unless that value is a constant to drop. No
//! fix either when the function around the generator expects an exception (`with
//! self.assertRaises(RuntimeError):`): a test of PEP 479 itself raises on purpose.

use rustpython_parser::ast::{Expr, Ranged, Stmt, StmtRaise};

use crate::ast_ext;
use crate::fix::{Edit, Fix};
use crate::rule::RuleContext;
use crate::semantic::ScopeKind;

pub fn fix(cx: &RuleContext<'_, '_>, raise: &StmtRaise, is_async: bool) -> Option<Fix> {
    if cx.ctx.in_finally() || raise.cause.is_some() || expected_by_a_test(cx) {
        return None;
    }
    let value = match raise.exc.as_deref()? {
        Expr::Call(call) => match (call.args.as_slice(), call.keywords.as_slice()) {
            ([], []) => None,
            ([Expr::Starred(_)], _) => return None,
            ([value], []) => Some(value),
            _ => return None,
        },
        _ => None,
    };
    let replacement = match value {
        None => "return".to_string(),
        Some(value) if is_async => {
            if !ast_ext::is_constant_literal(value) {
                return None;
            }
            "return".to_string()
        }
        Some(value) => {
            let text = &cx.source[value.range()];
            // A walrus or a bare generator expression needs its own parentheses after `return`.
            if matches!(value, Expr::NamedExpr(_) | Expr::GeneratorExp(_)) && !text.starts_with('(')
            {
                format!("return ({text})")
            } else {
                format!("return {text}")
            }
        }
    };
    Fix::safe(
        format!(
            "replace with `{}`",
            replacement.lines().next().unwrap_or("return")
        ),
        vec![Edit::replacement(raise.range, replacement)],
    )
}

/// Whether the function that defines the generator has a `with` that expects its body to
/// raise (`self.assertRaises(...)`, `pytest.raises(...)`).
fn expected_by_a_test(cx: &RuleContext<'_, '_>) -> bool {
    let scopes = cx.ctx.scopes();
    let Some(generator) = scopes
        .iter()
        .rposition(|s| matches!(s.kind, ScopeKind::Function(_)))
    else {
        return false;
    };
    let Some(outer) = scopes[..generator]
        .iter()
        .rev()
        .find(|s| matches!(s.kind, ScopeKind::Function(_)))
    else {
        return false;
    };
    let ScopeKind::Function(function) = outer.kind else {
        return false;
    };
    let mut pending: Vec<&[Stmt]> = vec![function.body()];
    while let Some(body) = pending.pop() {
        for stmt in body {
            match stmt {
                Stmt::With(with) => {
                    if with
                        .items
                        .iter()
                        .any(|item| cx.model.expects_failure(&item.context_expr, outer.id))
                    {
                        return true;
                    }
                    pending.push(&with.body);
                }
                Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_) | Stmt::ClassDef(_) => {}
                other => pending.extend(crate::ast_ext::child_statement_lists(other)),
            }
        }
    }
    false
}
