//! Q20 · architecture of large codebases.

mod layer_violation;

pub use layer_violation::LayerViolation;
