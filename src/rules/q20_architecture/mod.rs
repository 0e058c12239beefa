//! Q20 · architecture of large codebases.

mod missing_annotations;

pub use missing_annotations::MissingAnnotations;
