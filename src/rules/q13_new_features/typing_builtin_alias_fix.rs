//! PX1306's fix: `List[int]` → `list[int]`, `typing.Dict` → `dict`, `Deque[str]` →
//! `deque[str]` (importing `deque` from `collections`, or reusing an import of it), and the
//! `typing` import removed once nothing uses it any more.
//!
//! Safe: the rule runs only when the code targets Python 3.9 or later, where the builtin
//! and `collections` classes take type arguments at run time, so an annotation that is
//! evaluated (no `from __future__ import annotations`) still evaluates. Libraries that read
//! annotations (dataclasses, pydantic, attrs) treat `list[int]` and `typing.List[int]`
//! alike. No fix where the builtin's name means something else at the annotation (a method
//! called `list` in the class body that evaluates it).

use rustpython_parser::ast::{Expr, Ranged};

use crate::fix::imports::{import_member, UnusedImport};
use crate::fix::{Edit, Fix};
use crate::rule::RuleContext;

/// The fix replacing the alias `expr` (a name or `module.Name`) by `builtin`.
pub fn fix(cx: &RuleContext<'_, '_>, expr: &Expr, builtin: &str) -> Option<Fix> {
    let scope = cx.ctx.scope();
    let mut edits = Vec::new();
    let replacement = match builtin.strip_prefix("collections.") {
        Some(member) => {
            let imported = import_member(cx, "collections", member, scope, expr.start())?;
            edits.extend(imported.edit);
            imported.expression
        }
        None => {
            if builtin_is_shadowed(cx, builtin) {
                return None;
            }
            builtin.to_string()
        }
    };
    edits.push(Edit::replacement(expr.range(), replacement.clone()));
    let unused = root_name(expr).and_then(|name| UnusedImport::of_name(cx, name, scope));
    Some(
        Fix::safe(format!("replace with `{replacement}`"), edits)?
            .with_unused_imports(unused.into_iter().collect()),
    )
}

/// The name an alias is reached through: `List` for `List`, `typing` for `typing.List`.
pub fn root_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(name) => Some(name.id.as_str()),
        Expr::Attribute(attr) => root_name(&attr.value),
        _ => None,
    }
}

/// Whether `builtin` may mean something else where the annotation is evaluated: a binding
/// of that name in any scope around it (a class body's method called `list` included, which
/// Python's lookup from a nested scope skips but an annotation in the class body sees), or
/// a star import.
pub fn builtin_is_shadowed(cx: &RuleContext<'_, '_>, builtin: &str) -> bool {
    cx.model.lookup(builtin, cx.ctx.scope()).is_some()
        || cx.model.module_scope().star_import
        || cx
            .ctx
            .scopes()
            .iter()
            .any(|frame| cx.model.scope(frame.id).binds(builtin))
}
