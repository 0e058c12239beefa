//! Q18 · `__new__` and `__init__`.

mod immutable_init_override;
mod new_returns_foreign_object;
mod new_without_return;
mod object_new_extra_args;

pub use immutable_init_override::ImmutableInitOverride;
pub use new_returns_foreign_object::NewReturnsForeignObject;
pub use new_without_return::NewWithoutReturn;
pub use object_new_extra_args::ObjectNewExtraArgs;

use rustpython_parser::ast::{Expr, ExprCall, StmtClassDef};

use crate::ast_ext::FunctionRef;
use crate::semantic::{ScopeId, SemanticModel};

/// For code running in a method's own frame (not a nested def or lambda): the method, its
/// class, and the scope the `class` statement runs in.
fn current_method<'a>(
    model: &SemanticModel<'a>,
    frame: ScopeId,
) -> Option<(FunctionRef<'a>, &'a StmtClassDef, ScopeId)> {
    let crate::semantic::ScopeKind::Function(function) = model.scope(frame).kind else {
        return None;
    };
    let class_scope = model.scope(frame).parent?;
    let crate::semantic::ScopeKind::Class(class) = model.scope(class_scope).kind else {
        return None;
    };
    Some((function, class, model.scope(class_scope).parent?))
}

/// `super()` (zero-argument form) or `super(Class, obj)` naming `class` itself: the
/// receiver of a cooperative call from one of `class`'s methods.
fn is_super_of<'a>(
    model: &SemanticModel<'a>,
    expr: &'a Expr,
    class: &'a StmtClassDef,
    scope: ScopeId,
) -> bool {
    let Expr::Call(ExprCall {
        func,
        args,
        keywords,
        ..
    }) = expr
    else {
        return false;
    };
    if !keywords.is_empty()
        || !model
            .qualified_name(func, scope)
            .is_some_and(|name| name.is_builtin("super"))
    {
        return false;
    }
    match args.as_slice() {
        [] => true,
        [named, _] => model
            .local_class(named, scope)
            .is_some_and(|(named, _)| std::ptr::eq(named, class)),
        _ => false,
    }
}
