//! PX0901 capture-pattern-shadows-name: in `case MAX_SIZE:` a bare name is a capture
//! pattern, not a comparison. It matches any subject and rebinds the name, so the author's
//! constant is silently replaced and every later case is dead.

use rustpython_parser::ast::{Expr, Pattern, Stmt};

use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{BindingKind, ScopeId};
use crate::visit::{self, Context, Node, NodeKind, Visitor};

pub struct CapturePatternShadowsName;

static META: RuleMeta = RuleMeta {
    code: "PX0901",
    name: "capture-pattern-shadows-name",
    severity: Severity::Error,
    question: Some(Question::new(9)),
    opt_in: false,
    min_version: None,
    summary: "`case NAME:` on a constant's name captures (and rebinds) instead of comparing",
    doc: include_str!("../../../rules/PX0901.md"),
    applies_to: Roles::RUNNING_CODE,
};

impl Rule for CapturePatternShadowsName {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Match]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(Stmt::Match(match_)) = node else {
            return;
        };
        for case in &match_.cases {
            let Pattern::MatchAs(capture) = &case.pattern else {
                continue;
            };
            let (None, Some(name)) = (&capture.pattern, &capture.name) else {
                continue;
            };
            let name = name.as_str();
            // `case n if n > LIMIT:` style: a guard that reads the capture shows it is meant.
            if case
                .guard
                .as_deref()
                .is_some_and(|guard| mentions(guard, name))
            {
                continue;
            }
            let reason = if is_constant_name(name) {
                format!("`{name}` is spelled like a constant")
            } else if bound_at_module_level(cx, name) {
                format!("`{name}` is also a module-level name")
            } else {
                continue;
            };
            cx.report(
                capture.range,
                format!("`case {name}:` does not compare the subject with `{name}`: a bare name is a capture pattern, so this case matches anything and rebinds `{name}` ({reason})"),
                format!("compare with a dotted name (`case Constants.{name}:`, `case module.{name}:`), or use a guard (`case x if x == {name}:`); if a catch-all was meant, write `case _:`"),
            );
        }
    }
}

/// Whether `expr` loads `name` anywhere.
fn mentions(expr: &Expr, name: &str) -> bool {
    struct Finder<'n>(&'n str, bool);
    impl<'a> Visitor<'a> for Finder<'_> {
        fn enter_node(&mut self, node: Node<'a>, _ctx: &Context<'a>) {
            if let Node::Expr(Expr::Name(n)) = node {
                self.1 |= n.id.as_str() == self.0;
            }
        }
    }
    let mut finder = Finder(name, false);
    visit::walk_expression(expr, &mut finder);
    finder.1
}

/// `MAX_SIZE`, `DEFAULT`: letters all uppercase (at least one), digits and underscores.
fn is_constant_name(name: &str) -> bool {
    name.chars().any(|c| c.is_uppercase()) && !name.chars().any(|c| c.is_lowercase())
}

/// The module binds `name` other than by a `case` capture (an assignment, import, def,
/// class...).
fn bound_at_module_level(cx: &RuleContext<'_, '_>, name: &str) -> bool {
    let module = cx.model.scope(ScopeId::MODULE);
    module.bindings_of(name).iter().any(|id| {
        !matches!(
            cx.model.binding(*id).kind,
            BindingKind::MatchCapture | BindingKind::Deletion
        )
    })
}
