//! PX0801 init-subclass-no-super: `__init_subclass__` hooks form a chain along the MRO. A hook
//! that never calls `super().__init_subclass__()` while a base has a hook of its own
//! (`typing.Generic`, a class of the module) skips that hook for every new subclass.
//!
//! A root hook that does not call up (no base with a hook in sight), and one that accepts
//! `**kwargs` and calls up without them, are PX0803's opt-in advice: they only matter to a
//! class keyword or a mixin that nobody has written yet. A hook that takes no
//! `**kwargs` but calls `super().__init_subclass__()` is left alone: a class keyword meant
//! for another base then raises `TypeError` at class creation, loud and immediate.

use super::hook_chain::{self, Break};
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{Node, NodeKind};

pub struct InitSubclassNoSuper;

static META: RuleMeta = RuleMeta {
    code: "PX0801",
    name: "init-subclass-no-super",
    severity: Severity::Warning,
    question: Some(Question::new(8)),
    opt_in: false,
    min_version: None,
    summary: "`__init_subclass__` that skips a base's hook: no `super().__init_subclass__()` call while a base has a hook of its own",
    doc: include_str!("../../../rules/PX0801.md"),
    applies_to: Roles::SHIPPED_CODE,
};

impl Rule for InitSubclassNoSuper {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fixes(&self) -> &'static [Applicability] {
        &[Applicability::Safe]
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::FunctionDef]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Some(verdict) = hook_chain::judge(node, cx) else {
            return;
        };
        let (message, help) = match verdict.broken {
            Break::NoUpCall { .. } if !verdict.skips_known_hook => return,
            Break::NoUpCall { kwargs: None } => (
                "`__init_subclass__` never calls `super().__init_subclass__()`, so the hook of a base (here `Generic`, `Protocol` or a class of this module) never runs for new subclasses".to_string(),
                "accept `**kwargs` and start with `super().__init_subclass__(**kwargs)`".to_string(),
            ),
            Break::NoUpCall {
                kwargs: Some(kwargs),
            } => (
                "`__init_subclass__` never calls `super().__init_subclass__()`, so the hook of a base (here `Generic`, `Protocol` or a class of this module) never runs for new subclasses".to_string(),
                format!("call `super().__init_subclass__(**{kwargs})` in the hook"),
            ),
            // The chain goes on; only keywords nobody passes today are lost (PX0803).
            Break::DropsKeywords { .. } => return,
        };
        let Break::NoUpCall { kwargs } = verdict.broken else {
            return;
        };
        let upward = hook_chain::upward_calls(cx, verdict.scope);
        let fix =
            super::init_subclass_no_super_fix::fix(cx, verdict.def, verdict.scope, kwargs, &upward);
        cx.report(verdict.header, message, help).set_fix(fix);
    }
}
