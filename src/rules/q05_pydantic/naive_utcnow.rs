//! PX0504 naive-utcnow: `datetime.utcnow()` and `datetime.utcfromtimestamp()` return naive
//! datetimes that hold UTC but say nothing about it, so any later `.astimezone()` or
//! `.timestamp()` treats them as local time. Both are deprecated since Python 3.12.

use rustpython_parser::ast::{Expr, ExprContext};

use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{Node, NodeKind};

pub struct NaiveUtcnow;

static META: RuleMeta = RuleMeta {
    code: "PX0504",
    name: "naive-utcnow",
    severity: Severity::Warning,
    question: Some(Question::new(5)),
    opt_in: false,
    min_version: None,
    summary:
        "`datetime.utcnow`/`utcfromtimestamp` give naive datetimes (deprecated since Python 3.12)",
    doc: include_str!("../../../rules/PX0504.md"),
    applies_to: Roles::RUNNING_CODE,
};

impl Rule for NaiveUtcnow {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fixes(&self) -> &'static [Applicability] {
        &[Applicability::Unsafe]
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Attribute]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Expr(expr @ Expr::Attribute(attr)) = node else {
            return;
        };
        if attr.ctx != ExprContext::Load {
            return;
        }
        let method = attr.attr.as_str();
        if !matches!(method, "utcnow" | "utcfromtimestamp") {
            return;
        }
        let Some(name) = cx.model.qualified_name(expr, cx.ctx.scope()) else {
            return;
        };
        if !name.is_any(&[
            "datetime.datetime.utcnow",
            "datetime.datetime.utcfromtimestamp",
        ]) {
            return;
        }
        if cx.in_expected_warning() {
            return;
        }
        let called = matches!(cx.ctx.parent_expr(), Some(Expr::Call(call)) if std::ptr::eq(&*call.func, expr));
        let what = if called {
            format!("`datetime.{method}()` returns")
        } else {
            format!("`datetime.{method}` is passed on here; called, it returns")
        };
        let help = if method == "utcnow" {
            "use `datetime.now(timezone.utc)` (or `datetime.now(UTC)` on Python 3.11+), which is aware; as a default, `default_factory=lambda: datetime.now(timezone.utc)`"
        } else {
            "use `datetime.fromtimestamp(ts, tz=timezone.utc)`, which is aware"
        };
        let fix = super::naive_utcnow_fix::fix(cx, attr);
        cx.report(
            attr.range,
            format!("{what} a naive datetime that holds UTC without saying so (deprecated since Python 3.12)"),
            help,
        )
        .set_fix(fix);
    }
}
