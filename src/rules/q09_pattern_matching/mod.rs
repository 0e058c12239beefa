//! Q09 · structural pattern matching.

mod capture_pattern_shadows_name;

pub use capture_pattern_shadows_name::CapturePatternShadowsName;
