//! PX0701's fixes: a list display of constants tested for membership becomes a set display
//! (`x in [1, 2, 3]` → `x in {1, 2, 3}`), and so does every binding of a name that is bound
//! only to such displays and used only in membership tests.
//!
//! A set answers `in` by hashing the value it is asked about, a list by comparing it with
//! each element. For constant elements the answers are the same, with one exception: a
//! value that cannot be hashed (a list, a dict) is simply not found in a list but makes the
//! set raise `TypeError`. The fix is safe when the source shows the tested value is
//! hashable ([`hashability`](super::hashability): a literal, a string or number however
//! computed, a name bound only to such values...); otherwise it is unsafe. A public
//! module-level name may be imported and used as a list by other modules, so rewriting its
//! bindings is unsafe too.

use rustpython_parser::ast::{CmpOp, Expr, ExprList, Ranged};
use rustpython_parser::text_size::{TextRange, TextSize};

use super::hashability::{self, Hashability};
use crate::ast_ext;
use crate::fix::imports::occurrences_in_scope;
use crate::fix::{Applicability, Edit, Fix};
use crate::rule::RuleContext;
use crate::semantic::{BindingKind, ScopeId};

/// The fix for `needle in [constants]`.
pub fn literal(cx: &RuleContext<'_, '_>, list: &ExprList, needle: &Expr) -> Option<Fix> {
    let applicability = if is_known_hashable(cx, needle, cx.ctx.scope()) {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    };
    Fix::new(
        applicability,
        "replace the list with a set literal",
        bracket_edits(cx.source, list.range)?,
    )
}

/// The fix for `needle in name`, where `name` is bound only to list displays: every binding
/// becomes a set display, when every use of the name is a membership test.
pub fn name(cx: &RuleContext<'_, '_>, name: &str) -> Option<Fix> {
    let model = cx.model;
    let scope = cx.ctx.scope();
    let owner = model.lookup(name, scope)?;
    let owner_scope = model.scope(owner);
    if owner_scope.star_import || owner_scope.kind.is_class() {
        return None;
    }
    let bindings = owner_scope.bindings_of(name);
    let mut edits = Vec::new();
    for id in bindings {
        let binding = model.binding(*id);
        let Some(Expr::List(list)) = binding.value else {
            return None;
        };
        let constant = !list.elts.is_empty() && list.elts.iter().all(ast_ext::is_constant_literal);
        if !matches!(binding.kind, BindingKind::Assignment) || !constant {
            return None;
        }
        edits.extend(bracket_edits(cx.source, list.range)?);
    }
    let references: Vec<_> = model.references_to(owner, name).collect();
    // Nothing else may name it: not a string (`__all__`, `getattr`), not another module's
    // view of it through `global` statements the model sees as bindings.
    if occurrences_in_scope(cx, owner, name) != bindings.len() + references.len() {
        return None;
    }
    let mut hashable = true;
    for reference in &references {
        let needle = membership_needle(reference.statement, reference.range)?;
        hashable &= is_known_hashable(cx, needle, reference.scope);
    }
    let exported = owner == ScopeId::MODULE && !name.starts_with('_');
    let applicability = if hashable && !exported {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    };
    Fix::new(applicability, format!("make `{name}` a set literal"), edits)
}

/// The edits turning the brackets of a list display into braces.
fn bracket_edits(source: &str, range: TextRange) -> Option<Vec<Edit>> {
    let start = u32::from(range.start()) as usize;
    let end = u32::from(range.end()) as usize;
    let bytes = source.as_bytes();
    if bytes.get(start) != Some(&b'[') || end == 0 || bytes.get(end - 1) != Some(&b']') {
        return None;
    }
    let open = TextRange::at(range.start(), TextSize::from(1));
    let close = TextRange::at(range.end() - TextSize::from(1), TextSize::from(1));
    Some(vec![
        Edit::replacement(open, "{"),
        Edit::replacement(close, "}"),
    ])
}

/// The value tested against the name at `range` when that use is `value in name` or
/// `value not in name`; `None` for any other use.
fn membership_needle(statement: &rustpython_parser::ast::Stmt, range: TextRange) -> Option<&Expr> {
    let path = crate::visit::expression_path(statement, range)?;
    let [.., Expr::Compare(compare), _] = path.as_slice() else {
        return None;
    };
    let mut left = &*compare.left;
    for (op, right) in compare.ops.iter().zip(&compare.comparators) {
        if right.range() == range {
            return matches!(op, CmpOp::In | CmpOp::NotIn).then_some(left);
        }
        left = right;
    }
    None
}

/// Whether the source shows that `expr` (evaluated in `scope`) is hashable.
fn is_known_hashable(cx: &RuleContext<'_, '_>, expr: &Expr, scope: ScopeId) -> bool {
    hashability::of_value(cx, expr, scope) == Hashability::Hashable
}
