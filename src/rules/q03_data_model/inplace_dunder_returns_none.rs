//! PX0301 inplace-dunder-returns-none: `x += y` calls `x.__iadd__(y)` and binds `x` to
//! whatever it returns. An in-place method that updates `self` but forgets `return self`
//! leaves `x` bound to None.

use rustpython_parser::ast::{Constant, Expr, Stmt};

use crate::ast_ext::{self, Exit, FunctionRef};
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{Node, NodeKind};

pub struct InplaceDunderReturnsNone;

static META: RuleMeta = RuleMeta {
    code: "PX0301",
    name: "inplace-dunder-returns-none",
    severity: Severity::Error,
    question: Some(Question::new(3)),
    opt_in: false,
    min_version: None,
    summary: "in-place operator method (`__iadd__`, ...) that never returns a value, so `x += y` sets `x` to None",
    doc: include_str!("../../../rules/PX0301.md"),
    applies_to: Roles::RUNNING_CODE,
};

/// The in-place operator methods and the statement each one implements.
const INPLACE_DUNDERS: &[(&str, &str)] = &[
    ("__iadd__", "+="),
    ("__isub__", "-="),
    ("__imul__", "*="),
    ("__imatmul__", "@="),
    ("__itruediv__", "/="),
    ("__ifloordiv__", "//="),
    ("__imod__", "%="),
    ("__ipow__", "**="),
    ("__ilshift__", "<<="),
    ("__irshift__", ">>="),
    ("__iand__", "&="),
    ("__ixor__", "^="),
    ("__ior__", "|="),
];

impl Rule for InplaceDunderReturnsNone {
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
        let Node::Stmt(Stmt::FunctionDef(def)) = node else {
            return;
        };
        let Some((_, operator)) = INPLACE_DUNDERS
            .iter()
            .find(|(name, _)| *name == def.name.as_str())
        else {
            return;
        };
        if cx.ctx.class_body().is_none() || cx.is_stub_file() {
            return;
        }
        // Interface declarations (`...`, a docstring, `raise NotImplementedError`) and
        // methods that refuse the operation outright return nothing on purpose.
        if ast_ext::is_stub_body(&def.body) || ast_ext::always_exits(&def.body, Exit::Raise) {
            return;
        }
        let function = FunctionRef::Sync(def);
        let scope = cx.ctx.scope();
        if !super::only_transparent_decorators(cx.model, &def.decorator_list, scope) {
            return;
        }
        // `-> NoReturn`, or a body ending in a call that always raises (`_immutable_error(self)`).
        let declared_no_return = def
            .returns
            .as_deref()
            .is_some_and(|annotation| cx.model.is_no_return_annotation(annotation, scope));
        let Some(body) = cx.model.function_scope(function) else {
            return;
        };
        let ends_in_raising_call = matches!(
            def.body.last(),
            Some(Stmt::Expr(expr)) if matches!(&*expr.value, Expr::Call(call) if cx.model.call_never_returns(call, body))
        );
        if declared_no_return || ends_in_raising_call {
            return;
        }
        let frame = &cx.model.scope(body).frame;
        if frame.yields {
            return;
        }
        let returns_a_value = frame
            .returns
            .iter()
            .any(|ret| ret.value.as_deref().is_some_and(|value| !is_none(value)));
        if returns_a_value {
            return;
        }
        let name = def.name.as_str();
        let target = function.first_parameter().unwrap_or("self");
        let fix = super::inplace_dunder_returns_none_fix::fix(cx, def, target, body);
        cx.report(
            function.header_range(cx.source),
            format!("`{name}` never returns a value, so `x {operator} y` rebinds `x` to None"),
            format!("end the method with `return {target}` after updating it in place, and `return NotImplemented` for operands it does not support"),
        )
        .set_fix(fix);
    }
}

fn is_none(expr: &Expr) -> bool {
    matches!(expr, Expr::Constant(c) if matches!(c.value, Constant::None))
}
