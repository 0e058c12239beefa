//! Debug builds only: rules that fail on purpose, so the end-to-end tests can check that a
//! failure is contained. One panics (PX0003 for that file, every other file checked, exit
//! 2); it runs only when `PYEXPERT_DEBUG_PANIC_MARKER` is set, on files containing that
//! marker text. One carries a bad fix, when `PYEXPERT_DEBUG_FIX` is `broken` (its fix
//! replaces the text `BROKEN_FIX_HERE` with an unclosed bracket: the file must be left as it
//! was) or `endless` (its fix adds a comment line on every pass and never settles). Release
//! builds contain neither.

use crate::diagnostic::Severity;
use crate::fix::{Applicability, Edit, Fix};
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

/// The environment variable that chooses the bad fix.
const FIX_VARIABLE: &str = "PYEXPERT_DEBUG_FIX";

/// A fix that breaks the file, or one that never settles.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BadFix {
    Broken,
    Endless,
}

struct BadFixRule(BadFix);

static BAD_FIX_META: RuleMeta = RuleMeta {
    code: "PX9998",
    name: "debug-bad-fix",
    severity: Severity::Warning,
    question: None,
    opt_in: true,
    min_version: None,
    summary: "a fix that breaks the file or never settles (debug builds, tests only)",
    doc: "",
    applies_to: crate::role::Roles::EVERY_FILE,
};

impl Rule for BadFixRule {
    fn meta(&self) -> &'static RuleMeta {
        &BAD_FIX_META
    }

    fn has_module_check(&self) -> bool {
        true
    }

    fn fixes(&self) -> &'static [Applicability] {
        &[Applicability::Safe]
    }

    fn check_module<'a>(&self, cx: &mut RuleContext<'_, 'a>) {
        let edit = match self.0 {
            BadFix::Broken => {
                let Some(at) = cx.source.find("BROKEN_FIX_HERE") else {
                    return;
                };
                let start = rustpython_parser::text_size::TextSize::from(at as u32);
                let range = rustpython_parser::text_size::TextRange::at(start, 15.into());
                Edit::replacement(range, "(")
            }
            BadFix::Endless => Edit::insertion(0.into(), "# again\n"),
        };
        let range = edit.range;
        cx.report(range, "an injected finding", "none")
            .set_fix(Fix::safe("an injected fix", vec![edit]));
    }
}

/// The injected rules, when the environment asks for them.
pub fn from_environment() -> Vec<&'static dyn Rule> {
    let mut rules: Vec<&'static dyn Rule> = Vec::new();
    if let Some(marker) = std::env::var(MARKER_VARIABLE)
        .ok()
        .filter(|m| !m.is_empty())
    {
        rules.push(Box::leak(Box::new(PanicOnMarker {
            marker: Box::leak(marker.into_boxed_str()),
        })));
    }
    let bad_fix = match std::env::var(FIX_VARIABLE).as_deref() {
        Ok("broken") => Some(BadFix::Broken),
        Ok("endless") => Some(BadFix::Endless),
        _ => None,
    };
    if let Some(kind) = bad_fix {
        rules.push(Box::leak(Box::new(BadFixRule(kind))));
    }
    rules
}
