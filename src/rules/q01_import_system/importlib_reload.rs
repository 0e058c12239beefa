//! PX0102 importlib-reload: `importlib.reload(module)` runs the module's code again in the
//! same module object. Objects made before the reload keep pointing at the old classes and
//! functions (`isinstance` checks start failing), names imported with `from m import x`
//! keep the old values, and state at module level is reset or duplicated.

use rustpython_parser::ast::Expr;

use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{Node, NodeKind};

pub struct ImportlibReload;

static META: RuleMeta = RuleMeta {
    code: "PX0102",
    name: "importlib-reload",
    severity: Severity::Warning,
    question: Some(Question::new(1)),
    opt_in: true,
    min_version: None,
    summary: "`importlib.reload(...)` re-runs a module while old objects still point at its previous code",
    doc: include_str!("../../../rules/PX0102.md"),
    applies_to: Roles::SHIPPED_CODE,
};

const RELOAD: &[&str] = &["importlib.reload", "imp.reload"];

impl Rule for ImportlibReload {
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
        if cx.is_stub_file()
            || (!cx.model.imports_package("importlib") && !cx.model.imports_package("imp"))
        {
            return;
        }
        let Some(name) = cx.model.qualified_name(&call.func, cx.ctx.scope()) else {
            return;
        };
        if !name.is_any(RELOAD) {
            return;
        }
        cx.report(
            call.range,
            format!("`{name}(...)` runs the module's code again: objects created before keep the old classes and functions, and `from ... import` names elsewhere keep the old values"),
            "restart the process to pick up code changes; for state that must be reset, give the module an explicit function that resets it",
        );
    }
}
