//! Q04 · C extensions and their alternatives.

mod ctypes_missing_restype;

pub use ctypes_missing_restype::CtypesMissingRestype;
