//! Names extended in a loop: where the name lives (a plain local, a cell, a global, a
//! `nonlocal`, module or class level) decides whether CPython can grow it in place.

use rustpython_parser::ast::{Expr, Ranged, Stmt};
use rustpython_parser::text_size::TextRange;

use super::{
    extends, is_self_concatenation, repeating_loop, text_kind, CopyReason, Growth, Shape, Target,
    Text,
};
use crate::ast_ext;
use crate::rule::RuleContext;
use crate::semantic::{Binding, Reference, ScopeId, ScopeKind, Usage};

/// Where a name extended by a concatenation lives, which decides how Python stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A plain local of a function (`STORE_FAST`).
    Local,
    Cell,
    Global,
    Nonlocal,
    ModuleLevel,
    ClassLevel,
}

pub(super) fn name_growth<'a>(
    cx: &RuleContext<'_, 'a>,
    stmt: &'a Stmt,
    name: &str,
    shape: Shape,
) -> Option<Growth> {
    let model = cx.model;
    let scope = cx.ctx.scope();
    let owner = model.lookup(name, scope)?;
    let here = model.scope(scope);
    let place = if here.declares_global(name) {
        Place::Global
    } else if here.declares_nonlocal(name) {
        Place::Nonlocal
    } else if owner != scope {
        return None;
    } else {
        match here.kind {
            ScopeKind::Module => Place::ModuleLevel,
            ScopeKind::Class(_) => Place::ClassLevel,
            ScopeKind::Function(_) | ScopeKind::Lambda(_)
                if used_by_nested_frame(cx, owner, name) =>
            {
                Place::Cell
            }
            ScopeKind::Function(_) | ScopeKind::Lambda(_) => Place::Local,
            ScopeKind::Comprehension(_) => return None,
        }
    };
    // The span that repeats the concatenation: its own loop, or, for a nested function
    // that extends an enclosing variable, the loops that call it.
    let repeated: Vec<TextRange> = match repeating_loop(cx, stmt) {
        Some(innermost) => vec![innermost.range()],
        None if place == Place::Nonlocal => calling_loops(cx, owner)?,
        None => return None,
    };
    let start = repeated.iter().map(|r| r.start()).min()?;
    let is_update = |binding: &Binding<'_>| is_self_concatenation(binding, name);
    let origins = model.origin_bindings(owner, name, start, scope, &is_update);
    let text = text_kind(origins.iter().map(|id| model.value_kind(*id)))?;
    // The span where the partial string must not be read or replaced: the loops, and the
    // nested function's body for a `nonlocal` extended by calls.
    let mut watched = repeated;
    if place == Place::Nonlocal {
        watched.push(cx.ctx.function()?.range());
    }
    for range in &watched {
        let reset = model
            .bindings_within(owner, name, *range)
            .any(|binding| !is_self_concatenation(binding, name));
        let read = model
            .references_within(owner, name, *range)
            .any(|reference| {
                reference.usage != Usage::AugmentedAssignment
                    && !extends(reference.statement, Target::Name(name))
                    && !matches!(reference.statement, Stmt::Return(_))
                    && !is_length_of(cx, reference)
            });
        if reset || read {
            return None;
        }
    }
    Some(match (place, shape) {
        _ if text == Text::Bytes => Growth::Copying(CopyReason::Bytes),
        (Place::Local, Shape::Append) => Growth::InPlace,
        (Place::Local, Shape::SumOfTerms) => Growth::Copying(CopyReason::SumOfTerms),
        (Place::Local, Shape::Prepend) => Growth::Copying(CopyReason::Prepend),
        (Place::Cell, _) => Growth::Copying(CopyReason::Cell),
        (Place::Global, _) => Growth::Copying(CopyReason::Global),
        (Place::Nonlocal, _) => Growth::Copying(CopyReason::Nonlocal),
        (Place::ModuleLevel, _) => Growth::Copying(CopyReason::ModuleLevel),
        (Place::ClassLevel, _) => Growth::Copying(CopyReason::ClassLevel),
    })
}

/// `len(s)`: the loop needs only the length of the partial string, which a rewrite with a
/// list of pieces can keep as a running count.
fn is_length_of(cx: &RuleContext<'_, '_>, reference: &Reference<'_>) -> bool {
    if reference.usage != Usage::Argument {
        return false;
    }
    let Some(path) = crate::visit::expression_path(reference.statement, reference.range) else {
        return false;
    };
    let [.., Expr::Call(call), _] = path.as_slice() else {
        return false;
    };
    call.args.len() == 1
        && cx
            .model
            .qualified_name(&call.func, reference.scope)
            .is_some_and(|callee| callee.is_builtin("len"))
}

/// Whether a function or lambda nested in `owner` uses `owner`'s `name`, which makes it a
/// cell variable. Comprehensions are not frames of their own here.
fn used_by_nested_frame(cx: &RuleContext<'_, '_>, owner: ScopeId, name: &str) -> bool {
    let model = cx.model;
    model
        .references_to(owner, name)
        .any(|reference| model.frame_of(reference.scope) != owner)
}

/// For a nested function extending an enclosing `nonlocal` string: the loops of the
/// enclosing function (`owner`) that call it by name, or `None` if no loop does.
fn calling_loops(cx: &RuleContext<'_, '_>, owner: ScopeId) -> Option<Vec<TextRange>> {
    let model = cx.model;
    let function = cx.ctx.function()?;
    let ScopeKind::Function(outer) = model.scope(owner).kind else {
        return None;
    };
    let mut loops = Vec::new();
    collect_loops(outer.body(), &mut loops);
    let calling: Vec<TextRange> = model
        .references_to(owner, function.name())
        .filter(|reference| {
            reference.usage == Usage::Called && model.frame_of(reference.scope) == owner
        })
        .filter_map(|reference| {
            loops
                .iter()
                .filter(|range| range.contains_range(reference.range))
                .min_by_key(|range| range.len())
                .copied()
        })
        .collect();
    (!calling.is_empty()).then_some(calling)
}

/// The ranges of the `for` and `while` statements in `body`, not inside nested functions
/// or classes.
fn collect_loops(body: &[Stmt], into: &mut Vec<TextRange>) {
    for stmt in body {
        match stmt {
            Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_) | Stmt::ClassDef(_) => continue,
            Stmt::For(_) | Stmt::AsyncFor(_) | Stmt::While(_) => into.push(stmt.range()),
            _ => {}
        }
        for list in ast_ext::child_statement_lists(stmt) {
            collect_loops(list, into);
        }
    }
}
