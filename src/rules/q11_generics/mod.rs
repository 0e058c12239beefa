//! Q11 · TypeVar, Generic and variance.

mod decorator_without_wraps;
mod decorator_without_wraps_fix;
mod legacy_generic_syntax;
mod typevar_name_mismatch;
mod variance_misuse;

pub use decorator_without_wraps::DecoratorWithoutWraps;
pub use legacy_generic_syntax::LegacyGenericSyntax;
pub use typevar_name_mismatch::TypevarNameMismatch;
pub use variance_misuse::VarianceMisuse;
