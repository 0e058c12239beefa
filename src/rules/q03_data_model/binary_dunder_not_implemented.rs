//! PX0302 binary-dunder-not-implemented: an operator method that meets an operand type it
//! does not handle should `return NotImplemented`, so Python can try the other operand's
//! reflected method. Raising `TypeError`/`NotImplementedError` there ends the search early,
//! and returning `NotImplementedError` (the exception class) hands back a truthy object.

use rustpython_parser::ast::{self, CmpOp, Expr, Stmt, UnaryOp};

use crate::ast_ext::{self, Exit, FunctionRef};
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::ScopeId;
use crate::visit::{Node, NodeKind};

pub struct BinaryDunderNotImplemented;

static META: RuleMeta = RuleMeta {
    code: "PX0302",
    name: "binary-dunder-not-implemented",
    severity: Severity::Warning,
    question: Some(Question::new(3)),
    opt_in: true,
    min_version: None,
    summary: "operator method raising `TypeError`/`NotImplementedError` for an unsupported operand instead of returning `NotImplemented`",
    doc: include_str!("../../../rules/PX0302.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// Reflected methods run last unless the right operand's type is a subclass of the left's,
/// so raising there only changes the error message: the rule only looks at what they return.
const REFLECTED: &[&str] = &[
    "__radd__",
    "__rsub__",
    "__rmul__",
    "__rmatmul__",
    "__rtruediv__",
    "__rfloordiv__",
    "__rmod__",
    "__rdivmod__",
    "__rpow__",
    "__rlshift__",
    "__rrshift__",
    "__rand__",
    "__rxor__",
    "__ror__",
];

/// Operator methods with the method Python tries next when one returns `NotImplemented`.
const OPERATOR_DUNDERS: &[(&str, &str)] = &[
    ("__add__", "the other operand's `__radd__`"),
    ("__sub__", "the other operand's `__rsub__`"),
    ("__mul__", "the other operand's `__rmul__`"),
    ("__matmul__", "the other operand's `__rmatmul__`"),
    ("__truediv__", "the other operand's `__rtruediv__`"),
    ("__floordiv__", "the other operand's `__rfloordiv__`"),
    ("__mod__", "the other operand's `__rmod__`"),
    ("__divmod__", "the other operand's `__rdivmod__`"),
    ("__pow__", "the other operand's `__rpow__`"),
    ("__lshift__", "the other operand's `__rlshift__`"),
    ("__rshift__", "the other operand's `__rrshift__`"),
    ("__and__", "the other operand's `__rand__`"),
    ("__xor__", "the other operand's `__rxor__`"),
    ("__or__", "the other operand's `__ror__`"),
    (
        "__radd__",
        "the other operand's `__add__` (when it has not run yet)",
    ),
    (
        "__rsub__",
        "the other operand's `__sub__` (when it has not run yet)",
    ),
    (
        "__rmul__",
        "the other operand's `__mul__` (when it has not run yet)",
    ),
    (
        "__rmatmul__",
        "the other operand's `__matmul__` (when it has not run yet)",
    ),
    (
        "__rtruediv__",
        "the other operand's `__truediv__` (when it has not run yet)",
    ),
    (
        "__rfloordiv__",
        "the other operand's `__floordiv__` (when it has not run yet)",
    ),
    (
        "__rmod__",
        "the other operand's `__mod__` (when it has not run yet)",
    ),
    (
        "__rdivmod__",
        "the other operand's `__divmod__` (when it has not run yet)",
    ),
    (
        "__rpow__",
        "the other operand's `__pow__` (when it has not run yet)",
    ),
    (
        "__rlshift__",
        "the other operand's `__lshift__` (when it has not run yet)",
    ),
    (
        "__rrshift__",
        "the other operand's `__rshift__` (when it has not run yet)",
    ),
    (
        "__rand__",
        "the other operand's `__and__` (when it has not run yet)",
    ),
    (
        "__rxor__",
        "the other operand's `__xor__` (when it has not run yet)",
    ),
    (
        "__ror__",
        "the other operand's `__or__` (when it has not run yet)",
    ),
    ("__iadd__", "`__add__` and the other operand's `__radd__`"),
    ("__isub__", "`__sub__` and the other operand's `__rsub__`"),
    ("__imul__", "`__mul__` and the other operand's `__rmul__`"),
    (
        "__imatmul__",
        "`__matmul__` and the other operand's `__rmatmul__`",
    ),
    (
        "__itruediv__",
        "`__truediv__` and the other operand's `__rtruediv__`",
    ),
    (
        "__ifloordiv__",
        "`__floordiv__` and the other operand's `__rfloordiv__`",
    ),
    ("__imod__", "`__mod__` and the other operand's `__rmod__`"),
    ("__ipow__", "`__pow__` and the other operand's `__rpow__`"),
    (
        "__ilshift__",
        "`__lshift__` and the other operand's `__rlshift__`",
    ),
    (
        "__irshift__",
        "`__rshift__` and the other operand's `__rrshift__`",
    ),
    ("__iand__", "`__and__` and the other operand's `__rand__`"),
    ("__ixor__", "`__xor__` and the other operand's `__rxor__`"),
    ("__ior__", "`__or__` and the other operand's `__ror__`"),
    ("__eq__", "the other operand's `__eq__`"),
    ("__ne__", "the other operand's `__ne__`"),
    ("__lt__", "the other operand's `__gt__`"),
    ("__le__", "the other operand's `__ge__`"),
    ("__gt__", "the other operand's `__lt__`"),
    ("__ge__", "the other operand's `__le__`"),
];

impl Rule for BinaryDunderNotImplemented {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Raise, NodeKind::Return]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Some((method, _)) = cx.ctx.method() else {
            return;
        };
        // Only the method's own code: not a function nested in it.
        if cx.ctx.function().map(FunctionRef::address) != Some(method.address()) {
            return;
        }
        let Some((name, fallback)) = OPERATOR_DUNDERS
            .iter()
            .find(|(name, _)| *name == method.name())
        else {
            return;
        };
        let scope = cx.ctx.scope();
        match node {
            Node::Stmt(Stmt::Return(ret)) => {
                let Some(value) = ret.value.as_deref() else {
                    return;
                };
                if exception_class(cx, value, scope) != Some("NotImplementedError") {
                    return;
                }
                // Wrong at run time: the operation evaluates to the exception class (and
                // `a == b` to a true value) instead of falling back.
                cx.report(
                    ret.range,
                    format!("`{name}` returns the exception `NotImplementedError`, which is a true value, not the `NotImplemented` marker"),
                    format!("`return NotImplemented` so Python tries {fallback} and raises `TypeError` if nothing handles the operands"),
                )
                .severity = Severity::Error;
            }
            Node::Stmt(Stmt::Raise(raise)) => {
                if REFLECTED.contains(name) {
                    return;
                }
                let Some(exc) = raise.exc.as_deref() else {
                    return;
                };
                let Some(exception) = exception_class(cx, exc, scope)
                    .filter(|e| matches!(*e, "TypeError" | "NotImplementedError"))
                else {
                    return;
                };
                // An abstract method: the whole body is the interface, not operand checking.
                if ast_ext::is_stub_body(method.body()) {
                    return;
                }
                // A hand-raised `TypeError` from an arithmetic or ordering method is the
                // error Python raises itself once neither operand handles the other: it
                // differs only where another type implements the reflected method, which
                // the code does not show (blind reviews: 4 of 13 worth a change). From
                // `__eq__`/`__ne__` it breaks `==` and `in`, which fall back to identity.
                if exception == "TypeError" && !matches!(*name, "__eq__" | "__ne__") {
                    return;
                }
                let Some(operand) = operand_parameter(method) else {
                    return;
                };
                if !reached_for_unsupported_operand(cx, method, operand, scope) {
                    // An in-place method that declines for any other reason (a read-only
                    // state, an unsupported mode) still means "not here": `NotImplemented`
                    // makes `a += b` fall back to `a = a + b`, while the exception meant
                    // for abstract methods ends the statement.
                    if exception == "NotImplementedError" && is_in_place(name) {
                        cx.report(
                            raise.range,
                            format!("`{name}` raises `NotImplementedError` when it cannot update in place, so the augmented assignment fails instead of falling back to {fallback}"),
                            format!("`return NotImplemented` here: Python then tries {fallback} and rebinds the name to the result (as it does for tuples), and raises `TypeError` itself if nothing handles the operands"),
                        );
                    }
                    return;
                }
                cx.report(
                    raise.range,
                    format!("`{name}` raises `{exception}` for an operand type it does not support, so Python never tries {fallback}"),
                    format!("`return NotImplemented` for unsupported `{operand}`: Python then tries {fallback}, and raises `TypeError` itself if nothing handles the operands"),
                );
            }
            _ => {}
        }
    }
}

/// `__iadd__`, `__ior__` and the other in-place forms.
fn is_in_place(name: &str) -> bool {
    name.starts_with("__i")
        && OPERATOR_DUNDERS
            .iter()
            .any(|(binary, _)| name.strip_prefix("__i") == binary.strip_prefix("__"))
}

/// The builtin exception an expression raises or returns: `TypeError` for `TypeError` or
/// `TypeError("...")`.
fn exception_class<'a>(
    cx: &RuleContext<'_, 'a>,
    expr: &'a Expr,
    scope: ScopeId,
) -> Option<&'static str> {
    let class = match expr {
        Expr::Call(call) => &*call.func,
        other => other,
    };
    let name = cx.model.qualified_name(class, scope)?;
    ["TypeError", "NotImplementedError"]
        .into_iter()
        .find(|exception| name.is_builtin(exception))
}

/// The other operand: the parameter after `self`.
fn operand_parameter(method: FunctionRef<'_>) -> Option<&str> {
    let args = method.args();
    args.posonlyargs
        .iter()
        .chain(&args.args)
        .nth(1)
        .map(|arg| arg.def.arg.as_str())
}

/// Whether the statement being visited only runs after a type test on `operand` failed:
/// inside the failing branch of such an `if`, or after an `if` whose passing branch always
/// leaves the method.
fn reached_for_unsupported_operand<'a>(
    cx: &RuleContext<'_, 'a>,
    method: FunctionRef<'a>,
    operand: &str,
    scope: ScopeId,
) -> bool {
    let statements = cx.ctx.statements();
    let Some(start) = statements.iter().position(|stmt| {
        FunctionRef::from_stmt(stmt).map(FunctionRef::address) == Some(method.address())
    }) else {
        return false;
    };
    let tests = TypeTests { cx, operand, scope };
    statements[start..].windows(2).any(|pair| {
        let (parent, child) = (pair[0], pair[1]);
        if let Stmt::If(if_) = parent {
            let in_body = if_.body.iter().any(|s| std::ptr::eq(s, child));
            let unsupported = if in_body {
                tests.fails_when_true(&if_.test)
            } else {
                tests.fails_when_false(&if_.test)
            };
            if unsupported {
                return true;
            }
        }
        ast_ext::child_statement_lists(parent)
            .into_iter()
            .find_map(|list| {
                let index = list.iter().position(|s| std::ptr::eq(s, child))?;
                Some(&list[..index])
            })
            .unwrap_or_default()
            .iter()
            .any(|earlier| match earlier {
                Stmt::If(if_) => tests.exits_unless_all_fail(if_),
                _ => false,
            })
    })
}

/// Reads `if` tests for type checks of one operand.
struct TypeTests<'c, 'r, 'a> {
    cx: &'c RuleContext<'r, 'a>,
    operand: &'c str,
    scope: ScopeId,
}

impl<'a> TypeTests<'_, '_, 'a> {
    /// Whether code after this `if` (and its `elif`s) runs only when all their tests failed
    /// and one of those tests checks the operand's type: every branch leaves the method and
    /// there is no `else`.
    fn exits_unless_all_fail(&self, if_: &'a ast::StmtIf) -> bool {
        let mut rejects = false;
        let mut current = if_;
        loop {
            if !ast_ext::always_exits(&current.body, Exit::ReturnOrRaise) {
                return false;
            }
            // A branch that raises for the types its test names turns those away itself
            // (`if isinstance(other, Sparse): raise ...`): the code after it serves the
            // other operands, so a later `raise` is about their values (a shape), not a
            // rejected type.
            rejects |= self.fails_when_false(&current.test)
                && !ast_ext::always_exits(&current.body, Exit::Raise);
            match current.orelse.as_slice() {
                [] => return rejects,
                [Stmt::If(elif)] => current = elif,
                _ => return false,
            }
        }
    }

    /// When `test` is true, the operand's type was rejected.
    fn fails_when_true(&self, test: &'a Expr) -> bool {
        match test {
            Expr::UnaryOp(unary) if unary.op == UnaryOp::Not => {
                self.fails_when_false(&unary.operand)
            }
            Expr::BoolOp(bool_op) => match bool_op.op {
                ast::BoolOp::And => bool_op.values.iter().any(|v| self.fails_when_true(v)),
                ast::BoolOp::Or => bool_op.values.iter().all(|v| self.fails_when_true(v)),
            },
            _ => self.type_test(test) == Some(false),
        }
    }

    /// When `test` is false, the operand's type was rejected.
    fn fails_when_false(&self, test: &'a Expr) -> bool {
        match test {
            Expr::UnaryOp(unary) if unary.op == UnaryOp::Not => {
                self.fails_when_true(&unary.operand)
            }
            Expr::BoolOp(bool_op) => match bool_op.op {
                ast::BoolOp::And => bool_op.values.iter().all(|v| self.fails_when_false(v)),
                ast::BoolOp::Or => bool_op.values.iter().any(|v| self.fails_when_false(v)),
            },
            _ => self.type_test(test) == Some(true),
        }
    }

    /// A test of the operand's type: `Some(true)` when the test passes for accepted types
    /// (`isinstance(other, T)`, `hasattr(other, "x")`, `type(other) is T`), `Some(false)`
    /// when it passes for rejected ones (`type(other) is not T`).
    fn type_test(&self, test: &'a Expr) -> Option<bool> {
        match test {
            Expr::Call(call) => {
                let callee = self.cx.model.qualified_name(&call.func, self.scope)?;
                let checks = callee.is_builtin("isinstance")
                    || callee.is_builtin("hasattr")
                    || callee.is_builtin("issubclass");
                (checks
                    && call
                        .args
                        .first()
                        .is_some_and(|a| self.is_operand_or_its_type(a)))
                .then_some(true)
            }
            Expr::Compare(compare) => {
                let ([op], [right]) = (compare.ops.as_slice(), compare.comparators.as_slice())
                else {
                    return None;
                };
                if !self.is_type_of_operand(&compare.left) && !self.is_type_of_operand(right) {
                    return None;
                }
                match op {
                    CmpOp::Is | CmpOp::Eq | CmpOp::In => Some(true),
                    CmpOp::IsNot | CmpOp::NotEq | CmpOp::NotIn => Some(false),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn is_operand(&self, expr: &Expr) -> bool {
        ast_ext::name_id(expr) == Some(self.operand)
    }

    fn is_operand_or_its_type(&self, expr: &'a Expr) -> bool {
        self.is_operand(expr) || self.is_type_of_operand(expr)
    }

    /// `type(other)` or `other.__class__`.
    fn is_type_of_operand(&self, expr: &'a Expr) -> bool {
        match expr {
            Expr::Call(call) => {
                call.args.len() == 1
                    && self.is_operand(&call.args[0])
                    && self
                        .cx
                        .model
                        .qualified_name(&call.func, self.scope)
                        .is_some_and(|name| name.is_builtin("type"))
            }
            Expr::Attribute(attr) => {
                attr.attr.as_str() == "__class__" && self.is_operand(&attr.value)
            }
            _ => false,
        }
    }
}
