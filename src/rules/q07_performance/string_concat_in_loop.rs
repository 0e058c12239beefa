//! PX0702 string-concat-in-loop: a str extended in a loop by a shape that copies the whole
//! string at every step on CPython too (an attribute, an item, a global, a `nonlocal`, a
//! cell variable, module-level code, `s = s + a + b`, `s = x + s`): quadratic overall.
//! `"".join(parts)` is linear. The plain-local `s += x`, which CPython resizes in place,
//! is PX0708's (opt-in).

use rustpython_parser::ast::Stmt;

use super::string_accumulation::{accumulation, CopyReason, Growth};
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{Node, NodeKind};

pub struct StringConcatInLoop;

static META: RuleMeta = RuleMeta {
    code: "PX0702",
    name: "string-concat-in-loop",
    severity: Severity::Warning,
    question: Some(Question::new(7)),
    opt_in: true,
    min_version: None,
    summary: "a str or bytes grown in a loop in a way that copies it at every step (quadratic)",
    doc: include_str!("../../../rules/PX0702.md"),
    applies_to: Roles::SHIPPED_CODE,
};

impl Rule for StringConcatInLoop {
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
        let Growth::Copying(reason) = found.growth else {
            return;
        };
        let target = &found.spelled;
        let subject = match reason {
            CopyReason::Attribute => format!("`{target}` is a str attribute grown in a loop"),
            CopyReason::Item => format!("`{target}` is a str item grown in a loop"),
            CopyReason::Global => format!("`{target}` is a global str grown in a loop"),
            CopyReason::Nonlocal => format!("`{target}` is a `nonlocal` str grown in a loop"),
            CopyReason::Cell => format!("`{target}` is a str grown in a loop and used by a nested function or lambda (a cell variable)"),
            CopyReason::ModuleLevel => format!("`{target}` is a module-level str grown in a loop"),
            CopyReason::ClassLevel => format!("`{target}` is a class-level str grown in a loop"),
            CopyReason::SumOfTerms => format!("`{target}` is grown in a loop by `{target} + a + b`, and `{target} + a` is a new string"),
            CopyReason::Prepend => format!("`{target}` is a str grown at the front in a loop (`{target} = x + {target}`)"),
            CopyReason::Bytes => format!("`{target}` is a bytes object grown in a loop"),
        };
        let message = match reason {
            CopyReason::SumOfTerms | CopyReason::Prepend => format!(
                "{subject}: each step copies everything built so far (quadratic)"
            ),
            CopyReason::Attribute | CopyReason::Item | CopyReason::Global => format!(
                "{subject}: CPython cannot extend it in place, so each step copies everything built so far (quadratic)"
            ),
            CopyReason::Bytes => format!(
                "{subject}: CPython never extends bytes in place, so each step copies everything built so far (quadratic)"
            ),
            CopyReason::Nonlocal | CopyReason::Cell | CopyReason::ModuleLevel | CopyReason::ClassLevel => format!(
                "{subject}: since Python 3.11 CPython extends a str in place only in a plain local variable, so each step copies everything built so far (quadratic)"
            ),
        };
        let help = match reason {
            CopyReason::Bytes => "collect the chunks in a list and join them once with `b\"\".join(chunks)`, or grow a `bytearray` (which `+=` extends in place) or an `io.BytesIO`",
            CopyReason::Prepend => "collect the pieces in a list and join them once after the loop (`\"\".join(reversed(parts))` when they arrive back to front)",
            _ => "collect the pieces in a list (`parts.append(...)`) and build the string once after the loop with `\"\".join(parts)`, or write them to an `io.StringIO`",
        };
        // The simple loop shape of a plain local gets the list-of-parts fix; attributes,
        // items, globals and the rest are left to a person.
        let fix = (reason == CopyReason::SumOfTerms || reason == CopyReason::Bytes)
            .then(|| plain_name(&found.spelled))
            .flatten()
            .and_then(|name| {
                super::string_concat_in_loop_fix::fix(cx, name, reason == CopyReason::Bytes)
            });
        cx.report(found.range, message, help).set_fix(fix);
    }
}

/// The target when it is a bare name (not `self.text` or `parts["body"]`).
pub(super) fn plain_name(spelled: &str) -> Option<&str> {
    spelled
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_')
        .then_some(spelled)
}
