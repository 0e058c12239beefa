//! PX1701 transformer-visit-returns-none: `ast.NodeTransformer` replaces every node it
//! visits with what the `visit_*` method returns. A method that falls off its end returns
//! `None`, and `None` means "delete this node": it disappears from its parent's list, or the
//! parent's field is removed (and `compile` then fails on the incomplete tree).

use rustpython_parser::ast::{Expr, Stmt};

use super::VisitMethod;

use super::{visit_method, VisitorKind};
use crate::ast_ext::{self, Exit, FunctionRef};
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{Node, NodeKind};

pub struct TransformerVisitReturnsNone;

static META: RuleMeta = RuleMeta {
    code: "PX1701",
    name: "transformer-visit-returns-none",
    severity: Severity::Error,
    question: Some(Question::new(17)),
    opt_in: false,
    min_version: None,
    summary: "a `visit_*` method of an `ast.NodeTransformer` that never returns a node, so the node is deleted",
    doc: include_str!("../../../rules/PX1701.md"),
    applies_to: Roles::RUNNING_CODE,
};

impl Rule for TransformerVisitReturnsNone {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::FunctionDef]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(stmt) = node else {
            return;
        };
        let Some(method) = visit_method(stmt, cx) else {
            return;
        };
        if method.kind != VisitorKind::Transformer {
            return;
        }
        let body = &method.def.body;
        // `pass` alone (or a docstring) removes the node on purpose; a body that always
        // raises rejects the node.
        if ast_ext::is_stub_body(body) || ast_ext::always_exits(body, Exit::Raise) {
            return;
        }
        let function = FunctionRef::Sync(method.def);
        let Some(scope) = cx.model.function_scope(function) else {
            return;
        };
        let ends_in_raising_call = matches!(
            body.last(),
            Some(Stmt::Expr(expr)) if matches!(&*expr.value, Expr::Call(call) if cx.model.call_never_returns(call, scope))
        );
        if ends_in_raising_call {
            return;
        }
        if only_reports_the_node(&method, cx) {
            return;
        }
        let frame = &cx.model.scope(scope).frame;
        // Any `return <value>`, even `return None`, says what the method means to give back.
        if frame.yields || frame.returns.iter().any(|ret| ret.value.is_some()) {
            return;
        }
        let node_type = method.node_type;
        let parameter = function
            .parameters()
            .nth(1)
            .map_or("node", |arg| arg.arg.as_str());
        cx.report(
            function.header_range(cx.source),
            format!("`{}` never returns a node, so the NodeTransformer deletes every `{node_type}` it visits from the tree", method.def.name),
            format!("end the method with `return {parameter}` (or `return self.generic_visit({parameter})` to transform its children too), or `return None` explicitly where removing the node is intended"),
        );
    }
}

/// Whether the method does nothing but hand its node to helpers of its own class that give
/// nothing back, as RestrictedPython's deny handlers do (`self.not_allowed(node)` records an
/// error, and the tree of rejected code is never compiled). The node is dropped on purpose.
/// `self.generic_visit(node)` and `self.visit(node)` do not count: forgetting to return
/// their result is the classic mistake. A helper the model cannot see (inherited from
/// another module) is given the benefit of the doubt; one that returns a value is the
/// forgotten `return self.helper(node)`.
fn only_reports_the_node(method: &VisitMethod<'_>, cx: &RuleContext<'_, '_>) -> bool {
    let mut parameters = FunctionRef::Sync(method.def).parameters();
    let (Some(receiver), Some(node)) = (parameters.next(), parameters.next()) else {
        return false;
    };
    let body = match method.def.body.first() {
        Some(first) if ast_ext::is_docstring(first) => &method.def.body[1..],
        _ => &method.def.body[..],
    };
    !body.is_empty()
        && body.iter().all(|stmt| {
            let Stmt::Expr(expr) = stmt else {
                return false;
            };
            let Expr::Call(call) = &*expr.value else {
                return false;
            };
            let Expr::Attribute(helper) = &*call.func else {
                return false;
            };
            let on_self = ast_ext::name_id(&helper.value) == Some(receiver.arg.as_str());
            let passes_node = call
                .args
                .iter()
                .chain(call.keywords.iter().map(|keyword| &keyword.value))
                .any(|arg| ast_ext::name_id(arg) == Some(node.arg.as_str()));
            on_self
                && passes_node
                && !matches!(helper.attr.as_str(), "generic_visit" | "visit")
                && helper_gives_nothing_back(method, helper.attr.as_str(), cx)
        })
}

/// Whether `self.<name>` (a method of the visitor's class or its local bases) never
/// returns a value; true when the model cannot see the method.
fn helper_gives_nothing_back(
    method: &VisitMethod<'_>,
    name: &str,
    cx: &RuleContext<'_, '_>,
) -> bool {
    let Some(binding) = cx
        .model
        .class_member(method.class, method.class_scope, name)
    else {
        return true;
    };
    let Some((_, helper_scope)) = binding.function() else {
        return false;
    };
    let frame = &cx.model.scope(helper_scope).frame;
    !frame.yields && frame.returns.iter().all(|ret| ret.value.is_none())
}
