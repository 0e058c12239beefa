//! Q05 · Pydantic.

mod classmethod_above_validator;
mod classmethod_above_validator_fix;
mod naive_utcnow;
mod naive_utcnow_fix;
mod pydantic_v1_api;
mod pydantic_v1_api_fix;
mod validator_returns_none;

pub use classmethod_above_validator::ClassmethodAboveValidator;
pub use naive_utcnow::NaiveUtcnow;
pub use pydantic_v1_api::PydanticV1Api;
pub use validator_returns_none::ValidatorReturnsNone;

/// Pydantic's model base classes: a class deriving from one is a pydantic model.
pub(super) const MODEL_BASES: &[&str] = crate::semantic::PYDANTIC_MODEL_BASES;

/// `field_validator` (pydantic 2).
pub(super) const FIELD_VALIDATORS: &[&str] = &[
    "pydantic.field_validator",
    "pydantic.functional_validators.field_validator",
];

/// `model_validator` (pydantic 2).
pub(super) const MODEL_VALIDATORS: &[&str] = &[
    "pydantic.model_validator",
    "pydantic.functional_validators.model_validator",
];

/// `validator` of pydantic 1 (also reachable in pydantic 2, deprecated).
pub(super) const V1_VALIDATORS: &[&str] = &[
    "pydantic.validator",
    "pydantic.class_validators.validator",
    "pydantic.deprecated.class_validators.validator",
];

/// `root_validator` of pydantic 1.
pub(super) const V1_ROOT_VALIDATORS: &[&str] = &[
    "pydantic.root_validator",
    "pydantic.class_validators.root_validator",
    "pydantic.deprecated.class_validators.root_validator",
];
