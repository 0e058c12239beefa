//! Q06 · design patterns.

mod shared_mutable_class_attribute;
mod singleton_via_new;

pub use shared_mutable_class_attribute::SharedMutableClassAttribute;
pub use singleton_via_new::SingletonViaNew;
