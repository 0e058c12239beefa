//! Q20 · architecture of large codebases.

mod layer_violation;
mod missing_annotations;

pub use layer_violation::LayerViolation;
pub use missing_annotations::MissingAnnotations;
