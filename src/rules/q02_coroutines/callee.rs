//! Which function of the module a call runs: what the coroutine rules need to know about
//! the coroutine a call creates.

use rustpython_parser::ast::{Expr, ExprCall};

use crate::ast_ext::FunctionRef;
use crate::semantic::{ScopeId, SemanticModel};

/// The module's own function a call runs: one called by name, or a method reached through
/// `self`, `cls` or the class name.
pub(super) fn local_callee<'a>(
    model: &SemanticModel<'a>,
    call: &'a ExprCall,
    scope: ScopeId,
) -> Option<FunctionRef<'a>> {
    match &*call.func {
        Expr::Name(_) => model.called_function(call, scope).map(|(f, _)| f),
        Expr::Attribute(attr) => {
            let receiver = &*attr.value;
            model
                .receiver_class(receiver, scope)
                .or_else(|| model.local_class(receiver, scope))
                .and_then(|(class, class_scope)| {
                    model.class_member(class, class_scope, attr.attr.as_str())
                })
                .and_then(|member| member.function())
                .map(|(f, _)| f)
        }
        _ => None,
    }
}
