//! Whether instances of the module's own classes are hashable: an explicit `__hash__`, what
//! a dataclass or attrs decorator generates, `__eq__` without `__hash__`, and the bases.

use rustpython_parser::ast::{Constant, Expr, StmtClassDef};

use super::{Hashability, MAX_DEPTH};
use crate::ast_ext;
use crate::rule::RuleContext;
use crate::semantic::{Base, ScopeId};
use Hashability::{Hashable, Unhashable, Unknown};

/// Whether instances of a class of this module (whose `class` statement runs in `scope`)
/// are hashable, following its bases up to `MAX_DEPTH`.
pub(super) fn class_instances<'a>(
    cx: &RuleContext<'_, 'a>,
    class: &'a StmtClassDef,
    scope: ScopeId,
    depth: u8,
) -> Hashability {
    if depth > MAX_DEPTH {
        return Unknown;
    }
    let model = cx.model;
    let own = model.class_scope(class).map(|body| model.scope(body));
    // An explicit `__hash__` wins, also over what a dataclass would generate;
    // `__hash__ = None` removes the hash.
    if let Some(own) = own.filter(|own| own.binds("__hash__")) {
        let removed = own.bindings_of("__hash__").iter().any(|id| {
            matches!(model.binding(*id).value, Some(Expr::Constant(c)) if matches!(c.value, Constant::None))
        });
        return if removed { Unhashable } else { Hashable };
    }
    if let Some(verdict) = generated_hash(cx, class, scope) {
        return verdict;
    }
    if own.is_some_and(|own| own.binds("__eq__")) {
        return Unhashable;
    }
    Hashability::all(
        model
            .class_bases(class, scope)
            .into_iter()
            .map(|base| match base {
                Base::Local(def, def_scope) => class_instances(cx, def, def_scope, depth + 1),
                Base::Qualified(name) if name.is("builtins.object") => Hashable,
                Base::Qualified(name)
                    if name.is_any(&[
                        "enum.Enum",
                        "enum.IntEnum",
                        "enum.StrEnum",
                        "enum.Flag",
                        "enum.IntFlag",
                        "typing.NamedTuple",
                        "builtins.Exception",
                        "builtins.BaseException",
                        "builtins.str",
                        "builtins.int",
                        "builtins.tuple",
                        "builtins.frozenset",
                    ]) =>
                {
                    Hashable
                }
                _ => Unknown,
            }),
    )
}

/// For a dataclass or attrs class: whether the generated methods leave instances hashable.
/// A dataclass with `eq=True` (the default) sets `__hash__` to `None` unless it is frozen or
/// `unsafe_hash=True`; attrs does the same.
fn generated_hash<'a>(
    cx: &RuleContext<'_, 'a>,
    class: &'a StmtClassDef,
    scope: ScopeId,
) -> Option<Hashability> {
    let spec = cx.model.dataclass_spec(class, scope)?;
    let call = match spec.decorator {
        Expr::Call(call) => Some(call),
        _ => None,
    };
    let flag = |name: &str| {
        call.and_then(|c| ast_ext::keyword_value(c, name))
            .map(bool_literal)
    };
    for explicit in ["unsafe_hash", "hash"] {
        match flag(explicit) {
            Some(Some(true)) => return Some(Hashable),
            Some(None) => return Some(Unknown),
            _ => {}
        }
    }
    let eq = match flag("eq") {
        None => true,
        Some(Some(eq)) => eq,
        Some(None) => return Some(Unknown),
    };
    Some(match (eq, spec.frozen) {
        (false, _) => Hashable,
        (true, Some(true)) => Hashable,
        (true, Some(false)) => Unhashable,
        (true, None) => Unknown,
    })
}

fn bool_literal(expr: &Expr) -> Option<bool> {
    match expr {
        Expr::Constant(c) => match c.value {
            Constant::Bool(b) => Some(b),
            _ => None,
        },
        _ => None,
    }
}
