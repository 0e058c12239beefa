//! PX0902 if-chain-could-be-match: an `if`/`elif` chain that tests one subject against
//! several types (`isinstance(node, ast.Name)`) or literals (`kind == "add"`) is a dispatch
//! table written by hand. From Python 3.10 a `match` statement says it directly, names the
//! subject once, and can destructure what it matched.

use rustpython_parser::ast::{BoolOp, CmpOp, Constant, Expr, Ranged, Stmt, StmtIf};

use crate::ast_ext;
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::ScopeId;
use crate::version::PythonVersion;
use crate::visit::{Node, NodeKind};

pub struct IfChainCouldBeMatch;

static META: RuleMeta = RuleMeta {
    code: "PX0902",
    name: "if-chain-could-be-match",
    severity: Severity::Advice,
    question: Some(Question::new(9)),
    opt_in: false,
    min_version: Some(PythonVersion::new(3, 10)),
    summary: "an `if`/`elif` chain dispatching on one subject by type or literal value, which `match` expresses directly",
    doc: include_str!("../../../rules/PX0902.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// Fewer tested branches than this read fine as `if`/`elif`. With three, the chain and the
/// `match` are the same length and the choice is taste (the `match` adds an indentation
/// level and `case` lines); from four tests on, the subject repeated in every test is the
/// noise `match` removes. An `else` is not a tested branch and does not count.
const MIN_BRANCHES: usize = 4;

impl Rule for IfChainCouldBeMatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::If]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(stmt @ Stmt::If(if_)) = node else {
            return;
        };
        // An `elif` is an `if` nested in the previous branch's `else`: judge the chain once,
        // from its first `if`.
        if is_elif(if_, cx.source) {
            return;
        }
        let tests = chain_tests(if_, cx.source);
        if tests.len() < MIN_BRANCHES {
            return;
        }
        let scope = cx.ctx.scope();
        let mut subject: Option<&Expr> = None;
        for test in &tests {
            if !dispatches_on(cx, test, scope, &mut subject) {
                return;
            }
        }
        let Some(subject) = subject else {
            return;
        };
        let spelled = &cx.source[subject.range()];
        let branches = tests.len();
        cx.report(
            ast_ext::statement_header(stmt, cx.source),
            format!("this `if`/`elif` chain tests `{spelled}` against a type or a literal in each of its {branches} branches: a hand-written dispatch"),
            format!("write it as `match {spelled}:` with one `case` per branch (`case ast.Name():` for an isinstance test, `case \"add\" | \"plus\":` for literals, `case _:` for the `else`)"),
        );
    }
}

fn is_elif(if_: &StmtIf, source: &str) -> bool {
    source[usize::from(if_.range.start())..].starts_with("elif")
}

/// The tests of the chain that starts at `if_`: its own, then each `elif`'s.
fn chain_tests<'a>(if_: &'a StmtIf, source: &str) -> Vec<&'a Expr> {
    let mut tests = vec![&*if_.test];
    let mut current = if_;
    while let [Stmt::If(next)] = current.orelse.as_slice() {
        if !is_elif(next, source) {
            break;
        }
        tests.push(&next.test);
        current = next;
    }
    tests
}

/// Whether `test` is `isinstance(subject, Class)`, `subject == literal` (either side), or an
/// `or` of those, all on the same subject as the tests before it (`subject` is set by the
/// first test).
fn dispatches_on<'a>(
    cx: &RuleContext<'_, 'a>,
    test: &'a Expr,
    scope: ScopeId,
    subject: &mut Option<&'a Expr>,
) -> bool {
    let tested = match test {
        Expr::BoolOp(op) if op.op == BoolOp::Or => {
            return op
                .values
                .iter()
                .all(|value| dispatches_on(cx, value, scope, subject));
        }
        Expr::Call(call) => {
            let is_isinstance = cx
                .model
                .qualified_name(&call.func, scope)
                .is_some_and(|q| q.is_builtin("isinstance"));
            let [tested, classes] = call.args.as_slice() else {
                return false;
            };
            if !is_isinstance || !call.keywords.is_empty() || !is_class_pattern(cx, classes, scope)
            {
                return false;
            }
            tested
        }
        Expr::Compare(compare) => {
            let ([CmpOp::Eq], [right]) = (compare.ops.as_slice(), compare.comparators.as_slice())
            else {
                return false;
            };
            let left = &*compare.left;
            if is_literal(right) {
                left
            } else if is_literal(left) {
                right
            } else {
                return false;
            }
        }
        _ => return false,
    };
    if !is_plain_subject(tested) {
        return false;
    }
    match subject {
        Some(previous) => same_subject(previous, tested),
        None => {
            *subject = Some(tested);
            true
        }
    }
}

/// A literal a `case` can compare against: a string, bytes or number (also negative).
fn is_literal(expr: &Expr) -> bool {
    match expr {
        Expr::Constant(c) => matches!(
            c.value,
            Constant::Str(_) | Constant::Bytes(_) | Constant::Int(_) | Constant::Float(_)
        ),
        Expr::UnaryOp(unary) => {
            unary.op == rustpython_parser::ast::UnaryOp::USub && is_literal(&unary.operand)
        }
        _ => false,
    }
}

/// The second argument of `isinstance` becomes a class pattern only when it names a class:
/// an imported or builtin name, a class of this module, or a tuple of those (an or-pattern).
/// A variable holding a tuple of classes would fail as `case types():`.
fn is_class_pattern<'a>(cx: &RuleContext<'_, 'a>, expr: &'a Expr, scope: ScopeId) -> bool {
    match expr {
        Expr::Tuple(tuple) => {
            !tuple.elts.is_empty() && tuple.elts.iter().all(|e| names_a_class(cx, e, scope))
        }
        other => names_a_class(cx, other, scope),
    }
}

fn names_a_class<'a>(cx: &RuleContext<'_, 'a>, expr: &'a Expr, scope: ScopeId) -> bool {
    if cx.model.qualified_name(expr, scope).is_some() {
        return true;
    }
    let Expr::Name(name) = expr else {
        return false;
    };
    cx.model
        .unique_binding(name.id.as_str(), expr.start(), scope)
        .is_some_and(|binding| binding.class().is_some())
}

/// A name or a dotted attribute chain on a name: evaluating it again in each test has no
/// effect, as `match` evaluates its subject once.
fn is_plain_subject(expr: &Expr) -> bool {
    match expr {
        Expr::Name(_) => true,
        Expr::Attribute(attr) => is_plain_subject(&attr.value),
        _ => false,
    }
}

fn same_subject(a: &Expr, b: &Expr) -> bool {
    match (a, b) {
        (Expr::Name(x), Expr::Name(y)) => x.id == y.id,
        (Expr::Attribute(x), Expr::Attribute(y)) => {
            x.attr == y.attr && same_subject(&x.value, &y.value)
        }
        _ => false,
    }
}
