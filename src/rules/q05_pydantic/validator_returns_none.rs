//! PX0502 validator-returns-none: pydantic stores whatever a validator returns. A field
//! validator (or an "after"/"wrap" model validator) that only checks and never returns the
//! value hands back `None`, so the field (or the whole model) silently becomes `None`.

use rustpython_parser::ast::{Constant, Expr};

use super::{FIELD_VALIDATORS, MODEL_VALIDATORS, V1_VALIDATORS};
use crate::ast_ext::{self, FunctionRef};
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{Node, NodeKind};

pub struct ValidatorReturnsNone;

static META: RuleMeta = RuleMeta {
    code: "PX0502",
    name: "validator-returns-none",
    severity: Severity::Error,
    question: Some(Question::new(5)),
    opt_in: false,
    min_version: None,
    summary:
        "a pydantic validator that never returns a value, so the field (or model) becomes None",
    doc: include_str!("../../../rules/PX0502.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// `validator` of pydantic 1 imported through `pydantic.v1`: it too must return the value.
const V1_COMPAT_VALIDATORS: &[&str] = &[
    "pydantic.v1.validator",
    "pydantic.v1.class_validators.validator",
];

impl Rule for ValidatorReturnsNone {
    fn meta(&self) -> &'static RuleMeta {
        &META
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
        let Some(kind) = validator_kind(function, cx) else {
            return;
        };
        let body = function.body();
        let Some(scope) = cx.model.function_scope(function) else {
            return;
        };
        // A validator that only ever rejects (`raise`, `assert False`, `pytest.fail(...)`)
        // returns nothing on purpose.
        if ast_ext::is_stub_body(body) || cx.model.body_never_returns(body, scope) {
            return;
        }
        let frame = &cx.model.scope(scope).frame;
        if frame.yields {
            return;
        }
        let returns_value = frame
            .returns
            .iter()
            .any(|ret| ret.value.as_deref().is_some_and(|value| !is_none(value)));
        if returns_value {
            return;
        }
        let (message, help) = match kind {
            Kind::Field => (
                format!("the field validator `{}` never returns a value: pydantic stores its `None` as the field's value", function.name()),
                "end the validator with `return v` (the checked, possibly converted value)",
            ),
            Kind::Model => (
                format!("the model validator `{}` never returns a value: pydantic expects the validated model back, and `model_validate` returns `None`", function.name()),
                "end an `after` model validator with `return self`, and a `wrap` one with `return handler(data)` (or the model it built)",
            ),
        };
        cx.report(function.header_range(cx.source), message, help);
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Field,
    Model,
}

/// Which kind of value-returning validator the function's decorators make it.
fn validator_kind<'a>(function: FunctionRef<'a>, cx: &RuleContext<'_, 'a>) -> Option<Kind> {
    let scope = cx.ctx.scope();
    let model = cx.model;
    let decorators = function.decorators();
    if model
        .find_decorator(decorators, scope, FIELD_VALIDATORS)
        .or_else(|| model.find_decorator(decorators, scope, V1_VALIDATORS))
        .or_else(|| model.find_decorator(decorators, scope, V1_COMPAT_VALIDATORS))
        .is_some()
    {
        return Some(Kind::Field);
    }
    let Some(Expr::Call(call)) = model.find_decorator(decorators, scope, MODEL_VALIDATORS) else {
        return None;
    };
    let mode = ast_ext::keyword_value(call, "mode").and_then(ast_ext::string_literal)?;
    matches!(mode, "after" | "wrap").then_some(Kind::Model)
}

fn is_none(expr: &Expr) -> bool {
    matches!(expr, Expr::Constant(c) if matches!(c.value, Constant::None))
}
