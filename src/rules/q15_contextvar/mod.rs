//! Q15 · ContextVar.

mod contextvar_mutable_default;
mod contextvar_not_module_level;
mod contextvar_reset_not_in_finally;
mod contextvar_reset_not_in_finally_fix;
mod threading_local_in_async;

pub use contextvar_mutable_default::ContextvarMutableDefault;
pub use contextvar_not_module_level::ContextvarNotModuleLevel;
pub use contextvar_reset_not_in_finally::ContextvarResetNotInFinally;
pub use threading_local_in_async::ThreadingLocalInAsync;

/// `contextvars.ContextVar`.
pub(super) const CONTEXT_VAR: &[&str] = &["contextvars.ContextVar"];

use rustpython_parser::ast::{Expr, Ranged, Stmt};
use rustpython_parser::text_size::TextRange;

use crate::semantic::{ScopeId, ScopeKind, SemanticModel, Usage};

/// How deep to follow a value through local names (`var = ContextVar(); alias = var`).
const MAX_ALIAS_DEPTH: u8 = 4;

/// How a value created in a function leaves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Escape {
    /// It stays in the function (and closures defined in it): no other code can reach it.
    None,
    /// It is returned or yielded to the caller.
    Returned,
    /// It is stored where other code can reach it: an attribute, an item, a global or
    /// nonlocal name.
    Stored,
}

/// How the value of the expression at `range`, which `statement` (run in `scope`)
/// evaluates, leaves the function: directly, or through the local names it is assigned to.
/// Passing it to a call is not counted (the callee may or may not keep it).
pub(super) fn escape<'a>(
    model: &SemanticModel<'a>,
    statement: &'a Stmt,
    range: TextRange,
    scope: ScopeId,
    depth: u8,
) -> Escape {
    let (targets, value): (&[Expr], &Expr) = match statement {
        Stmt::Return(ret) => {
            return match ret.value.as_deref() {
                Some(value) if flows_directly(value, range) => Escape::Returned,
                _ => Escape::None,
            }
        }
        Stmt::Expr(expr) => {
            return match &*expr.value {
                Expr::Yield(y) if y.value.as_deref().is_some_and(|v| flows_directly(v, range)) => {
                    Escape::Returned
                }
                _ => Escape::None,
            }
        }
        Stmt::Assign(assign) => (&assign.targets, &assign.value),
        Stmt::AnnAssign(ann) => match ann.value.as_deref() {
            Some(value) => (std::slice::from_ref(&*ann.target), value),
            None => return Escape::None,
        },
        _ => return Escape::None,
    };
    if !flows_directly(value, range) {
        return Escape::None;
    }
    let mut worst = Escape::None;
    for target in targets {
        let found = match target {
            Expr::Attribute(_) | Expr::Subscript(_) => Escape::Stored,
            Expr::Name(name) => {
                let name = name.id.as_str();
                match model.lookup(name, scope) {
                    Some(owner) if model.frame_of(owner) == model.frame_of(scope) => {
                        if depth >= MAX_ALIAS_DEPTH {
                            Escape::Stored
                        } else {
                            name_escape(model, owner, name, depth + 1)
                        }
                    }
                    _ => Escape::Stored,
                }
            }
            // Unpacking: prefer silence.
            _ => Escape::None,
        };
        worst = worst.max(found);
    }
    worst
}

/// How the value held by the local `name` of `owner` leaves the function, over every use.
pub(super) fn name_escape<'a>(
    model: &SemanticModel<'a>,
    owner: ScopeId,
    name: &str,
    depth: u8,
) -> Escape {
    if matches!(model.scope(owner).kind, ScopeKind::Class(_)) {
        // A class attribute of a class made inside the function: other code reaches it
        // through the class.
        return Escape::Stored;
    }
    model
        .references_to(owner, name)
        .filter(|r| r.usage == Usage::Load)
        .map(|r| escape(model, r.statement, r.range, r.scope, depth))
        .max()
        .unwrap_or(Escape::None)
}

/// Whether the value at `range` is what `value` evaluates to, or one item of a tuple, list,
/// set or dict display it builds.
pub(super) fn flows_directly(value: &Expr, range: TextRange) -> bool {
    if value.range() == range {
        return true;
    }
    match value {
        Expr::Tuple(t) => t.elts.iter().any(|e| flows_directly(e, range)),
        Expr::List(l) => l.elts.iter().any(|e| flows_directly(e, range)),
        Expr::Set(s) => s.elts.iter().any(|e| flows_directly(e, range)),
        Expr::Dict(d) => d.values.iter().any(|e| flows_directly(e, range)),
        Expr::Starred(s) => flows_directly(&s.value, range),
        _ => false,
    }
}
