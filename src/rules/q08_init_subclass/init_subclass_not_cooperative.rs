//! PX0803 init-subclass-not-cooperative (opt-in): the hook at the root of a hierarchy (no
//! base with a hook of its own in sight) that does not call `super().__init_subclass__()`,
//! and a hook that accepts `**kwargs` but calls up without them. Nothing is skipped today;
//! a mixin with a hook of its own, or a class keyword meant for one, would be. The lesson's
//! pattern makes every hook cooperative; projects that want that everywhere opt in.

use super::hook_chain::{self, Break};
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{Node, NodeKind};

pub struct InitSubclassNotCooperative;

static META: RuleMeta = RuleMeta {
    code: "PX0803",
    name: "init-subclass-not-cooperative",
    severity: Severity::Advice,
    question: Some(Question::new(8)),
    opt_in: true,
    min_version: None,
    summary: "`__init_subclass__` that does not pass `**kwargs` up the chain: a root hook without `super()`, or one that drops the keywords it accepts",
    doc: include_str!("../../../rules/PX0803.md"),
    applies_to: Roles::SHIPPED_CODE,
};

impl Rule for InitSubclassNotCooperative {
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
        let kwargs = match verdict.broken {
            Break::DropsKeywords { kwargs } => {
                // `**_` says the keywords are dropped on purpose.
                if kwargs.starts_with('_') {
                    return;
                }
                let upward = hook_chain::upward_calls(cx, verdict.scope);
                let fix = super::init_subclass_no_super_fix::fix(
                    cx,
                    verdict.def,
                    verdict.scope,
                    Some(kwargs),
                    &upward,
                );
                cx.report(
                    verdict.header,
                    format!("`__init_subclass__` calls `super().__init_subclass__()` without `**{kwargs}`: a class keyword meant for another base's hook (a mixin's, now or later) is silently dropped"),
                    format!("pass them on: `super().__init_subclass__(**{kwargs})`"),
                )
                .set_fix(fix);
                return;
            }
            Break::NoUpCall { kwargs } => kwargs,
        };
        if verdict.skips_known_hook {
            // PX0801's finding: a hook is demonstrably skipped.
            return;
        }
        let help = match kwargs {
            Some(kwargs) => format!("call `super().__init_subclass__(**{kwargs})` in the hook, so a mixin's hook combined with this class later still runs"),
            None => "accept `**kwargs` and start with `super().__init_subclass__(**kwargs)`, so a mixin's hook combined with this class later still runs".to_string(),
        };
        // PX0801's fix: the same up-call completes the chain.
        let upward = hook_chain::upward_calls(cx, verdict.scope);
        let fix =
            super::init_subclass_no_super_fix::fix(cx, verdict.def, verdict.scope, kwargs, &upward);
        cx.report(
            verdict.header,
            "`__init_subclass__` does not call `super().__init_subclass__()`: no base has a hook today, but a mixin's hook combined with this class later would never run",
            help,
        )
        .set_fix(fix);
    }
}
