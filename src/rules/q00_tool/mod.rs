//! Rules about pyexpert's own directives rather than about a lesson question.

mod unused_noqa;

pub use unused_noqa::{UnusedNoqa, META as UNUSED_NOQA};
