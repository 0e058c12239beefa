//! Q19 · packaging.

mod pyproject_missing_requires_python;
mod setup_py_without_pyproject;

pub use pyproject_missing_requires_python::PyprojectMissingRequiresPython;
pub use setup_py_without_pyproject::SetupPyWithoutPyproject;
