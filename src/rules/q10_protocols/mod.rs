//! Q10 · Protocol and structural subtyping.

mod isinstance_non_runtime_protocol;

pub use isinstance_non_runtime_protocol::IsinstanceNonRuntimeProtocol;
