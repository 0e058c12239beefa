//! Q11 · TypeVar, Generic and variance.

mod typevar_name_mismatch;

pub use typevar_name_mismatch::TypevarNameMismatch;
