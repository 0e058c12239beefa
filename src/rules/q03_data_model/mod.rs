//! Q03 · the data model.

mod binary_dunder_not_implemented;
mod eq_without_hash;
mod exit_always_suppresses;
mod incomplete_iterator_protocol;
mod inplace_dunder_returns_none;
mod inplace_dunder_returns_none_fix;

pub use binary_dunder_not_implemented::BinaryDunderNotImplemented;
pub use eq_without_hash::EqWithoutHash;
pub use exit_always_suppresses::ExitAlwaysSuppresses;
pub use incomplete_iterator_protocol::IncompleteIteratorProtocol;
pub use inplace_dunder_returns_none::InplaceDunderReturnsNone;

use rustpython_parser::ast::Expr;

use crate::semantic::{ScopeId, SemanticModel};

/// Decorators that leave a method's return value alone: marking it abstract or overriding.
const TRANSPARENT_DECORATORS: &[&str] = &[
    "abc.abstractmethod",
    "typing.override",
    "typing_extensions.override",
];

/// Whether every decorator of a method (evaluated in `scope`) leaves what it returns as
/// written. Any other decorator may wrap the method in something that returns differently.
fn only_transparent_decorators<'a>(
    model: &SemanticModel<'a>,
    decorators: &'a [Expr],
    scope: ScopeId,
) -> bool {
    decorators.iter().all(|decorator| {
        model
            .qualified_name(decorator, scope)
            .is_some_and(|name| name.is_any(TRANSPARENT_DECORATORS))
    })
}
