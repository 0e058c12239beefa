//! PX1503 contextvar-mutable-default: a `ContextVar`'s default is one object, returned by
//! `.get()` in every context that never set the variable. Mutating it (`var.get().append(x)`)
//! changes it for every task and thread at once, which is the sharing a ContextVar exists
//! to avoid.

use rustpython_parser::ast::{Expr, Ranged};

use super::CONTEXT_VAR;
use crate::ast_ext::keyword_value;
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{Node, NodeKind};

pub struct ContextvarMutableDefault;

static META: RuleMeta = RuleMeta {
    code: "PX1503",
    name: "contextvar-mutable-default",
    severity: Severity::Warning,
    question: Some(Question::new(15)),
    opt_in: false,
    min_version: None,
    summary:
        "`ContextVar(..., default=[])` (or `{}`, `set()`...): one object shared by every context",
    doc: include_str!("../../../rules/PX1503.md"),
    applies_to: Roles::RUNNING_CODE,
};

impl Rule for ContextvarMutableDefault {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Call]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Expr(Expr::Call(call)) = node else {
            return;
        };
        let Some(default) = keyword_value(call, "default") else {
            return;
        };
        let scope = cx.ctx.scope();
        let is_context_var = cx
            .model
            .qualified_name(&call.func, scope)
            .is_some_and(|name| name.is_any(CONTEXT_VAR));
        if !is_context_var {
            return;
        }
        let Some(kind) = cx.model.mutable_container(default, scope) else {
            return;
        };
        cx.report(
            default.range(),
            format!("the default {kind} is one object shared by every context that has not set the variable: changing what `.get()` returns changes it for all tasks and threads"),
            format!("use an immutable default (`()`, `frozenset()`, `None`) or none, and `.set()` a new {kind} in each task that needs one"),
        );
    }
}
