//! Q04 · C extensions and their alternatives.

mod c_return_types;
mod ctypes_missing_restype;

pub use ctypes_missing_restype::CtypesMissingRestype;
