//! PX0002 unused-noqa (opt-in): a `# noqa: PXqqnn` whose code suppresses nothing on its
//! line. The work happens where noqa directives are applied (`linter::resolve_findings`,
//! through [`crate::noqa::audit`]): only there is it known which directive silenced which
//! finding, and there its fix is attached (`fix::noqa`). This type carries the rule's
//! metadata and switches the audit on.

use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::Rule;

pub struct UnusedNoqa;

pub static META: RuleMeta = RuleMeta {
    code: "PX0002",
    name: "unused-noqa",
    severity: Severity::Advice,
    question: None,
    opt_in: true,
    min_version: None,
    summary: "a `# noqa: PXqqnn` code that suppresses nothing on its line",
    doc: include_str!("../../../rules/PX0002.md"),
    applies_to: Roles::EVERY_FILE,
};

impl Rule for UnusedNoqa {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fixes(&self) -> &'static [Applicability] {
        &[Applicability::Safe]
    }
}
