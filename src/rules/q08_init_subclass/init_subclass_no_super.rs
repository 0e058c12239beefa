//! PX0801 init-subclass-no-super: `__init_subclass__` hooks form a chain along the MRO. A hook
//! that never calls `super().__init_subclass__()` cuts the chain, so hooks of other bases
//! silently never run; one that accepts `**kwargs` and neither uses nor passes them on
//! silently swallows class keywords meant for other bases.
//!
//! A hook that takes no `**kwargs` but calls `super().__init_subclass__()` is left alone: a
//! class keyword meant for another base then raises `TypeError` at class creation, which is
//! loud and immediate, and in a closed hierarchy nobody passes one.

use rustpython_parser::ast::{Expr, Stmt};

use crate::ast_ext::{self, Exit, FunctionRef};
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::CallSite;
use crate::visit::{Node, NodeKind};

pub struct InitSubclassNoSuper;

static META: RuleMeta = RuleMeta {
    code: "PX0801",
    name: "init-subclass-no-super",
    severity: Severity::Warning,
    question: Some(Question::new(8)),
    opt_in: false,
    min_version: None,
    summary: "`__init_subclass__` that never calls `super().__init_subclass__()`, or drops the `**kwargs` it accepts",
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
        let Node::Stmt(Stmt::FunctionDef(def)) = node else {
            return;
        };
        if def.name.as_str() != "__init_subclass__"
            || cx.ctx.class_body().is_none()
            || cx.is_stub_file()
        {
            return;
        }
        // A declaration, or a hook that forbids subclassing: no chain to continue.
        if ast_ext::is_stub_body(&def.body) || ast_ext::always_exits(&def.body, Exit::Raise) {
            return;
        }
        let function = FunctionRef::Sync(def);
        let Some(scope) = cx.model.function_scope(function) else {
            return;
        };
        let kwargs = def.args.kwarg.as_deref().map(|arg| arg.arg.as_str());
        let upward: Vec<&CallSite<'a>> = cx
            .model
            .scope(scope)
            .frame
            .calls
            .iter()
            .filter(|site| is_init_subclass_call(&site.call.func))
            .collect();
        let forwards = upward.iter().any(|site| {
            site.call
                .keywords
                .iter()
                .any(|keyword| keyword.arg.is_none())
        });
        let header = function.header_range(cx.source);
        let (message, help) = match (kwargs, upward.is_empty()) {
            (None, true) => (
                "`__init_subclass__` takes no `**kwargs` and never calls `super().__init_subclass__()`: hooks of other bases do not run, and class keywords meant for them raise TypeError".to_string(),
                "accept `**kwargs` and start with `super().__init_subclass__(**kwargs)`".to_string(),
            ),
            // The chain continues, and a stray class keyword fails loudly at class creation.
            (None, false) => return,
            (Some(kwargs), true) => (
                "`__init_subclass__` never calls `super().__init_subclass__()`: hooks of the other bases in the MRO do not run for new subclasses".to_string(),
                format!("call `super().__init_subclass__(**{kwargs})` in the hook"),
            ),
            // Keywords the hook reads itself are consumed, not dropped: passing them on would
            // make `object.__init_subclass__` raise.
            (Some(kwargs), false)
                if !forwards && cx.model.references_to(scope, kwargs).next().is_none() =>
            (
                format!("`__init_subclass__` calls `super().__init_subclass__()` without `**{kwargs}`: class keywords meant for other bases' hooks are dropped"),
                format!("pass them on: `super().__init_subclass__(**{kwargs})`"),
            ),
            (Some(_), false) => return,
        };
        let fix = super::init_subclass_no_super_fix::fix(cx, def, scope, kwargs, &upward);
        cx.report(header, message, help).set_fix(fix);
    }
}

/// `super().__init_subclass__`, `super(C, cls).__init_subclass__` or an explicit
/// `Base.__init_subclass__`.
fn is_init_subclass_call(func: &Expr) -> bool {
    matches!(func, Expr::Attribute(attr) if attr.attr.as_str() == "__init_subclass__")
}
