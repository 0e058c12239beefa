//! Q14 · dataclasses, attrs and Pydantic.

mod attrs_legacy_api;
mod dataclass_mutable_default;
mod dataclass_no_coercion;

pub use attrs_legacy_api::AttrsLegacyApi;
pub use dataclass_mutable_default::DataclassMutableDefault;
pub use dataclass_no_coercion::DataclassNoCoercion;
