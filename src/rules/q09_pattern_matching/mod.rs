//! Q09 · structural pattern matching.

mod capture_pattern_shadows_name;
mod if_chain_could_be_match;

pub use capture_pattern_shadows_name::CapturePatternShadowsName;
pub use if_chain_could_be_match::IfChainCouldBeMatch;
