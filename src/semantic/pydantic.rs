//! Pydantic classes: models (subclasses of `BaseModel` and its relatives) and pydantic
//! dataclasses. Pydantic validates and converts what such a class is given, and decides
//! about `__hash__` itself, so rules written for plain classes and stdlib dataclasses must
//! not judge them.

use rustpython_parser::ast::StmtClassDef;

use super::scope::ScopeId;
use super::SemanticModel;

/// Pydantic's model base classes (pydantic 2 and pydantic-settings): a class deriving from
/// one is a pydantic model.
pub const PYDANTIC_MODEL_BASES: &[&str] = &[
    "pydantic.BaseModel",
    "pydantic.main.BaseModel",
    "pydantic.RootModel",
    "pydantic.root_model.RootModel",
    "pydantic.BaseSettings",
    "pydantic_settings.BaseSettings",
    "pydantic_settings.main.BaseSettings",
];

/// The pydantic 1 model base kept in pydantic 2 as `pydantic.v1`.
const V1_MODEL_BASES: &[&str] = &["pydantic.v1.BaseModel", "pydantic.v1.main.BaseModel"];

/// `pydantic.dataclasses.dataclass`: a stdlib-style dataclass whose `__init__` validates and
/// converts its arguments.
const PYDANTIC_DATACLASS: &[&str] = &["pydantic.dataclasses.dataclass"];

impl<'a> SemanticModel<'a> {
    /// Whether the class (whose `class` statement runs in `scope`) derives from a pydantic
    /// model base, directly or through classes of this module. Such a class is unhashable
    /// unless it is frozen, and then pydantic generates `__hash__` even when the body
    /// defines `__eq__`.
    pub fn is_pydantic_model(&self, class: &'a StmtClassDef, scope: ScopeId) -> bool {
        self.class_inherits_from(class, scope, PYDANTIC_MODEL_BASES)
            || self.class_inherits_from(class, scope, V1_MODEL_BASES)
    }

    /// Whether a decorator of the class is `pydantic.dataclasses.dataclass` (also stacked
    /// over `dataclasses.dataclass`): its generated `__init__` converts what it is given.
    pub fn is_pydantic_dataclass(&self, class: &'a StmtClassDef, scope: ScopeId) -> bool {
        self.find_decorator(&class.decorator_list, scope, PYDANTIC_DATACLASS)
            .is_some()
    }
}
