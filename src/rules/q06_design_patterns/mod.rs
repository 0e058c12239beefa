//! Q06 · design patterns.

mod singleton_via_new;

pub use singleton_via_new::SingletonViaNew;
