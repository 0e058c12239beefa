//! Protocols and runtime checks: which classes `isinstance` and `issubclass` refuse
//! (PX1001, and the module facts other modules' checks are settled against).

use rustpython_parser::ast::{Expr, ExprCall, Ranged, StmtClassDef};

use super::classes::Base;
use super::scope::ScopeId;
use super::SemanticModel;

/// Decorators (or functions called on the class) that allow runtime checks.
const RUNTIME_CHECKABLE: &[&str] = &[
    "typing.runtime_checkable",
    "typing_extensions.runtime_checkable",
    "typing_extensions.runtime",
];

impl<'a> SemanticModel<'a> {
    /// Whether the class is a Protocol that `isinstance` and `issubclass` reject (no
    /// `@runtime_checkable`, on it or on a base it inherits the flag from). `class_scope`
    /// is where its `class` statement runs. Unsure cases (a base the model cannot see into,
    /// a metaclass of its own) answer no.
    pub fn is_non_runtime_protocol(&self, class: &'a StmtClassDef, class_scope: ScopeId) -> bool {
        self.class_is_protocol(class, class_scope)
            && runtime_checkable(self, class, class_scope, 0) == Some(false)
    }
}

/// Bases that leave a protocol's runtime checks as they are.
const NEUTRAL_BASES: &[&str] = &[
    "typing.Protocol",
    "typing_extensions.Protocol",
    "typing.Generic",
    "builtins.object",
];

/// Following the module's own protocols through their bases stops here.
const MAX_CLASS_DEPTH: u8 = 16;

/// Whether instance checks against the class are allowed: it is decorated with
/// `@runtime_checkable` (or passed to it later), or inherits the flag from a base that is
/// (typing looks the flag up through the bases). `None` when a base the model cannot see
/// into, or a metaclass of its own, might decide otherwise.
fn runtime_checkable<'a>(
    model: &SemanticModel<'a>,
    class: &'a StmtClassDef,
    class_scope: ScopeId,
    depth: u8,
) -> Option<bool> {
    if depth > MAX_CLASS_DEPTH {
        return None;
    }
    if model
        .find_decorator(&class.decorator_list, class_scope, RUNTIME_CHECKABLE)
        .is_some()
        || made_runtime_checkable_later(model, class)
    {
        return Some(true);
    }
    // A decorator spelled `runtime_checkable` that the model cannot resolve: imported from
    // `typing` on one Python and from `typing_extensions` on another (optype's
    // `if sys.version_info >= (3, 13): from typing import runtime_checkable`, `else:` the
    // backport). Both are the same decorator; the class is taken to be checkable.
    if class.decorator_list.iter().any(|decorator| {
        let name = match decorator {
            Expr::Name(name) => name.id.as_str(),
            Expr::Attribute(attribute) => attribute.attr.as_str(),
            _ => return false,
        };
        name == "runtime_checkable" && model.qualified_name(decorator, class_scope).is_none()
    }) {
        return Some(true);
    }
    // A metaclass of its own may define `__instancecheck__`.
    if class.keywords.iter().any(|k| k.arg.is_some()) {
        return None;
    }
    for base in model.class_bases(class, class_scope) {
        match base {
            Base::Qualified(name) if name.is_any(NEUTRAL_BASES) => {}
            Base::Local(def, def_scope) => {
                match runtime_checkable(model, def, def_scope, depth + 1) {
                    Some(false) => {}
                    decided => return decided,
                }
            }
            Base::Qualified(_) | Base::Unknown => return None,
        }
    }
    Some(false)
}

/// `runtime_checkable(P)` called on the class after its definition, anywhere in the module: it sets the flag on the
/// class object itself, whatever the call's result is bound to.
fn made_runtime_checkable_later<'a>(model: &SemanticModel<'a>, class: &'a StmtClassDef) -> bool {
    // Anywhere in the module: a test may mark the protocol right before its check
    // (pygeohash's `runtime_checkable(FoliumMapProtocol)` in the test function).
    model.all_call_sites().any(|site| {
        is_runtime_checkable_call(model, site.call, site.scope)
            && site.call.args.first().is_some_and(|arg| {
                let Expr::Name(name) = arg else {
                    return false;
                };
                model
                    .unique_binding(name.id.as_str(), arg.start(), site.scope)
                    .and_then(|binding| binding.class())
                    .is_some_and(|(def, _)| std::ptr::eq(def, class))
            })
    })
}

fn is_runtime_checkable_call<'a>(
    model: &SemanticModel<'a>,
    call: &'a ExprCall,
    scope: ScopeId,
) -> bool {
    model
        .qualified_name(&call.func, scope)
        .is_some_and(|name| name.is_any(RUNTIME_CHECKABLE))
}
