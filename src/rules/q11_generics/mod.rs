//! Q11 · TypeVar, Generic and variance.

mod typevar_name_mismatch;
mod variance_misuse;

pub use typevar_name_mismatch::TypevarNameMismatch;
pub use variance_misuse::VarianceMisuse;
