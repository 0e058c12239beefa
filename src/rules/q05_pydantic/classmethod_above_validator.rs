//! PX0503 classmethod-above-validator: pydantic finds validators by the marker object
//! `@field_validator`/`@model_validator` leave in the class body. With `@classmethod` on
//! top, the body holds a classmethod wrapping that marker instead, pydantic does not see
//! it, and the validator silently never runs.

use rustpython_parser::ast::Expr;

use super::{FIELD_VALIDATORS, MODEL_VALIDATORS};
use crate::ast_ext::{self, FunctionRef};
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{Node, NodeKind};

pub struct ClassmethodAboveValidator;

static META: RuleMeta = RuleMeta {
    code: "PX0503",
    name: "classmethod-above-validator",
    severity: Severity::Error,
    question: Some(Question::new(5)),
    opt_in: false,
    min_version: None,
    summary: "`@classmethod` above `@field_validator`/`@model_validator`, which hides the validator from pydantic",
    doc: include_str!("../../../rules/PX0503.md"),
    applies_to: Roles::RUNNING_CODE,
};

impl Rule for ClassmethodAboveValidator {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fixes(&self) -> &'static [Applicability] {
        &[Applicability::Safe]
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::FunctionDef, NodeKind::AsyncFunctionDef]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(stmt) = node else {
            return;
        };
        let Some(function) = FunctionRef::from_stmt(stmt) else {
            return;
        };
        let decorators = function.decorators();
        let scope = cx.ctx.scope();
        let model = cx.model;
        let Some(classmethod) = decorators.iter().position(|d| {
            matches!(d, Expr::Name(_) | Expr::Attribute(_))
                && model
                    .qualified_name(d, scope)
                    .is_some_and(|name| name.is("builtins.classmethod"))
        }) else {
            return;
        };
        let below = &decorators[classmethod + 1..];
        let validator = if model
            .find_decorator(below, scope, FIELD_VALIDATORS)
            .is_some()
        {
            "field_validator"
        } else if model
            .find_decorator(below, scope, MODEL_VALIDATORS)
            .is_some()
        {
            "model_validator"
        } else {
            return;
        };
        let fix = super::classmethod_above_validator_fix::fix(cx, decorators, classmethod);
        cx.report(
            ast_ext::decorator_range(cx.source, &decorators[classmethod]),
            format!("`@classmethod` sits above `@{validator}` on `{}`: pydantic does not see the validator inside the classmethod, so it never runs", function.name()),
            format!("put `@{validator}(...)` first and `@classmethod` directly below it"),
        )
        .set_fix(fix);
    }
}
