//! PX0708 string-concat-relies-on-cpython (opt-in): `s += x` on a plain local str in a loop.
//! CPython resizes the string in place while nothing else refers to it, so the loop is
//! linear there (measured within about 2x of `"".join`); PyPy and other interpreters copy
//! it at every step, and PEP 8 asks code not to rely on the shortcut. For code meant to
//! run well beyond CPython.

use rustpython_parser::ast::Stmt;

use super::string_accumulation::{accumulation, Growth};
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{Node, NodeKind};

pub struct StringConcatReliesOnCpython;

static META: RuleMeta = RuleMeta {
    code: "PX0708",
    name: "string-concat-relies-on-cpython",
    severity: Severity::Advice,
    question: Some(Question::new(7)),
    opt_in: true,
    min_version: None,
    summary: "a local str grown with `+=` in a loop, linear only through CPython's in-place resize",
    doc: include_str!("../../../rules/PX0708.md"),
    applies_to: Roles::SHIPPED_CODE,
};

impl Rule for StringConcatReliesOnCpython {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fixes(&self) -> &'static [Applicability] {
        &[Applicability::Unsafe]
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::AugAssign, NodeKind::Assign]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(stmt @ (Stmt::AugAssign(_) | Stmt::Assign(_))) = node else {
            return;
        };
        let Some(found) = accumulation(stmt, cx) else {
            return;
        };
        if found.growth != Growth::InPlace {
            return;
        }
        let target = &found.spelled;
        let fix = super::string_concat_in_loop::plain_name(target)
            .and_then(|name| super::string_concat_in_loop_fix::fix(cx, name, false));
        cx.report(
            found.range,
            format!("`{target}` is a str grown inside a loop: this is linear only because CPython resizes a string in place while nothing else refers to it; PyPy and other interpreters copy it at every step"),
            "collect the pieces in a list (`parts.append(...)`) and build the string once after the loop with `\"\".join(parts)`, or write them to an `io.StringIO`",
        )
        .set_fix(fix);
    }
}
