//! Debug builds only: a rule that panics on purpose, so the end-to-end tests can check that a
//! failing rule is contained (PX0003 for that file, every other file checked, exit 2). It runs
//! only when `PYEXPERT_DEBUG_PANIC_MARKER` is set, on files containing that marker text.
//! Release builds do not contain it.

use crate::diagnostic::Severity;
use crate::registry::RuleMeta;
use crate::rule::{Rule, RuleContext};

/// The environment variable that arms the injected failure.
const MARKER_VARIABLE: &str = "PYEXPERT_DEBUG_PANIC_MARKER";

pub struct PanicOnMarker {
    marker: &'static str,
}

static META: RuleMeta = RuleMeta {
    code: "PX9999",
    name: "debug-panic",
    severity: Severity::Error,
    question: None,
    opt_in: true,
    min_version: None,
    summary: "panics on files containing a marker (debug builds, tests only)",
    doc: "",
    applies_to: crate::role::Roles::EVERY_FILE,
};

impl Rule for PanicOnMarker {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn has_module_check(&self) -> bool {
        true
    }

    fn check_module<'a>(&self, cx: &mut RuleContext<'_, 'a>) {
        if cx.source.contains(self.marker) {
            panic!("injected failure for testing");
        }
    }
}

/// The injected rule, when the environment asks for it.
pub fn from_environment() -> Option<&'static dyn Rule> {
    let marker = std::env::var(MARKER_VARIABLE)
        .ok()
        .filter(|m| !m.is_empty())?;
    let rule = Box::leak(Box::new(PanicOnMarker {
        marker: Box::leak(marker.into_boxed_str()),
    }));
    Some(rule)
}
