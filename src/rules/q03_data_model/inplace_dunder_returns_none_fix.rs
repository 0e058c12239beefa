//! PX0301's fix: every `return` / `return None` of the in-place method becomes
//! `return self` (the method's first parameter), and `return self` is added at the end
//! when the body can fall off it.
//!
//! Safe in the sense the rule argues: `x += y` rebinds `x` to what the method returns, so
//! today it becomes None after the update; afterwards it stays the updated object, which is
//! what the method's in-place update means. Code that calls the method directly and ignores
//! its result sees no change. No fix for a one-line body or when the first parameter is
//! rebound in the method.

use rustpython_parser::ast::{Constant, Expr, Ranged, StmtFunctionDef};

use crate::ast_ext::{self, Exit};
use crate::fix::{indent, Edit, Fix};
use crate::rule::RuleContext;
use crate::semantic::ScopeId;

pub fn fix(
    cx: &RuleContext<'_, '_>,
    def: &StmtFunctionDef,
    target: &str,
    body_scope: ScopeId,
) -> Option<Fix> {
    let source = cx.source;
    if cx.model.scope(body_scope).bindings_of(target).len() != 1 {
        return None;
    }
    let returned = format!("return {target}");
    let mut edits: Vec<Edit> = cx
        .model
        .scope(body_scope)
        .frame
        .returns
        .iter()
        .filter(|ret| ret.value.as_deref().is_none_or(is_none))
        .map(|ret| Edit::replacement(ret.range, returned.clone()))
        .collect();
    if !ast_ext::always_exits(&def.body, Exit::ReturnOrRaise) {
        let first = def.body.first()?;
        let last = def.body.last()?;
        if !indent::starts_its_line(source, first.start())
            || indent::line_start(source, first.start()) == indent::line_start(source, def.start())
        {
            return None;
        }
        let indentation = indent::indentation_at(source, first.start());
        let newline = indent::line_ending(source);
        let at = indent::line_end_with_terminator(source, last.end());
        let at_end_of_file = u32::from(at) as usize == source.len();
        let content = if at_end_of_file && !source.ends_with(['\n', '\r']) {
            format!("{newline}{indentation}{returned}")
        } else {
            format!("{indentation}{returned}{newline}")
        };
        edits.push(Edit::insertion(at, content));
    }
    Fix::safe(format!("return `{target}` from the method"), edits)
}

fn is_none(expr: &Expr) -> bool {
    matches!(expr, Expr::Constant(c) if matches!(c.value, Constant::None))
}
