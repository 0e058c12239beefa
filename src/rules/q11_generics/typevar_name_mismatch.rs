//! PX1101 typevar-name-mismatch: `X = TypeVar("Y")`. The string is the object's own name:
//! its repr, error messages and pickling use it, and type checkers reject a declaration whose
//! string differs from the variable it is assigned to. The same holds for `ParamSpec`,
//! `TypeVarTuple` and `NewType`.

use rustpython_parser::ast::{Expr, ExprCall, Stmt};

use crate::ast_ext;
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{Node, NodeKind};

pub struct TypevarNameMismatch;

static META: RuleMeta = RuleMeta {
    code: "PX1101",
    name: "typevar-name-mismatch",
    severity: Severity::Warning,
    question: Some(Question::new(11)),
    opt_in: false,
    min_version: None,
    summary: "`TypeVar`, `ParamSpec`, `TypeVarTuple` or `NewType` named differently from the variable it is assigned to",
    doc: include_str!("../../../rules/PX1101.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// The `typing` callables whose first argument must repeat the variable's name.
const NAMED_CONSTRUCTS: &[&str] = &["TypeVar", "ParamSpec", "TypeVarTuple", "NewType"];

impl Rule for TypevarNameMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Assign, NodeKind::AnnAssign]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let (target, value) = match node {
            Node::Stmt(Stmt::Assign(assign)) => match assign.targets.as_slice() {
                [target] => (target, &*assign.value),
                _ => return,
            },
            Node::Stmt(Stmt::AnnAssign(ann)) => match &ann.value {
                Some(value) => (&*ann.target, &**value),
                None => return,
            },
            _ => return,
        };
        let (Expr::Name(target), Expr::Call(call)) = (target, value) else {
            return;
        };
        let Some(construct) = cx.model.typing_member(&call.func, cx.ctx.scope()) else {
            return;
        };
        if !NAMED_CONSTRUCTS.contains(&construct) {
            return;
        }
        let Some(given) = name_argument(call) else {
            return;
        };
        let variable = target.id.as_str();
        // A dotted name that ends in the variable's name is its qualified name (a
        // `NewType` declared in a class body is pickled by `__qualname__`).
        if given.rsplit('.').next() == Some(variable) {
            return;
        }
        cx.report(
            call.range,
            format!("`{variable}` is assigned a {construct} named \"{given}\": its repr and error messages say `{given}`, pickle looks it up in its module as `{given}`, and type checkers reject the declaration"),
            format!("pass the variable's own name: `{variable} = {construct}(\"{variable}\", ...)`"),
        );
    }
}

/// The name a construct is given: its first argument, or `name=` (as `TypeVar` accepts).
fn name_argument(call: &ExprCall) -> Option<&str> {
    ast_ext::call_argument(call, 0, "name").and_then(ast_ext::string_literal)
}
