//! PX0706 uncached-tree-recursion: `fib(n - 1) + fib(n - 2)` calls the function twice per
//! invocation on arguments that shrink by a constant, so the same subproblems are solved
//! again and again and the call tree grows exponentially. `functools.cache` makes it linear.

use rustc_hash::FxHashMap;
use rustpython_parser::ast::{CmpOp, Constant, Expr, ExprCall, Operator, Ranged, Stmt};
use rustpython_parser::text_size::TextRange;

use crate::ast_ext::{self, Exit, FunctionRef};
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{BindingKind, CallSite, ScopeId};
use crate::visit::{self, Context, Node, NodeKind, Visitor};

pub struct UncachedTreeRecursion;

static META: RuleMeta = RuleMeta {
    code: "PX0706",
    name: "uncached-tree-recursion",
    severity: Severity::Advice,
    question: Some(Question::new(7)),
    opt_in: true,
    min_version: None,
    summary: "a function that calls itself twice per invocation on overlapping subproblems, without a cache",
    doc: include_str!("../../../rules/PX0706.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// Methods through which a function usually keeps a hand-written memo.
const MEMO_METHODS: &[&str] = &["get", "setdefault"];

impl Rule for UncachedTreeRecursion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::FunctionDef, NodeKind::AsyncFunctionDef]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(stmt) = node else {
            return;
        };
        let Some(function) = FunctionRef::from_stmt(stmt) else {
            return;
        };
        // Any decorator may memoise (`functools.cache`, a project's own `@memoize`) or
        // change what the name refers to: only plain functions are judged.
        if !function.decorators().is_empty() || cx.is_stub_file() {
            return;
        }
        let model = cx.model;
        let Some(scope) = model.function_scope(function) else {
            return;
        };
        let frame = &model.scope(scope).frame;
        if frame.yields {
            return;
        }
        let recursive: Vec<&CallSite<'a>> = frame
            .calls
            .iter()
            .filter(|site| {
                // Cheap spelling check first; the model then confirms what the name is.
                ast_ext::name_id(&site.call.func) == Some(function.name())
                    && model
                        .called_function(site.call, site.scope)
                        .is_some_and(|(callee, _)| callee.address() == function.address())
            })
            .filter(|site| shrinks_by_constant(cx, site, scope) && result_is_used(site))
            .collect();
        if recursive.len() < 2 || keeps_a_memo(function) {
            return;
        }
        let positions = statement_positions(function.body());
        let overlapping = recursive.iter().enumerate().any(|(i, first)| {
            recursive[i + 1..]
                .iter()
                .any(|second| both_run(&positions, first, second))
        });
        if !overlapping {
            return;
        }
        let name = function.name();
        cx.report(
            function.header_range(cx.source),
            format!("`{name}` calls itself more than once per call on arguments that shrink by a constant, so it solves the same subproblems over and over (exponential time)"),
            format!("memoise it with `@functools.cache` (arguments must be hashable), or compute `{name}` bottom-up in a loop"),
        );
    }
}

/// Every argument is a parameter passed on, a constant, or a parameter plus or minus an
/// integer constant or another parameter (`n - 1`, `k + 1`, `n - k`), and at least one
/// argument is the latter. Calls on
/// parts of a structure (`node.left`, `items[1:]`) or on halves (`n // 2`) do not repeat
/// work this way.
fn shrinks_by_constant(cx: &RuleContext<'_, '_>, site: &CallSite<'_>, scope: ScopeId) -> bool {
    let call = site.call;
    let is_parameter = |expr: &Expr| {
        let Expr::Name(name) = expr else {
            return false;
        };
        cx.model
            .unique_binding(name.id.as_str(), expr.start(), site.scope)
            .is_some_and(|b| b.scope == scope && matches!(b.kind, BindingKind::Parameter))
    };
    let is_int =
        |expr: &Expr| matches!(expr, Expr::Constant(c) if matches!(c.value, Constant::Int(_)));
    let is_step = |expr: &Expr| match expr {
        Expr::BinOp(op) if matches!(op.op, Operator::Sub | Operator::Add) => {
            let operand = |e: &Expr| is_int(e) || is_parameter(e);
            let (left, right) = (&*op.left, &*op.right);
            (is_parameter(left) && operand(right))
                || (op.op == Operator::Add && operand(left) && is_parameter(right))
        }
        _ => false,
    };
    let arguments = || {
        call.args
            .iter()
            .chain(call.keywords.iter().map(|k| &k.value))
    };
    if call.keywords.iter().any(|k| k.arg.is_none()) {
        return false;
    }
    arguments().any(is_step)
        && arguments()
            .all(|arg| is_step(arg) || is_parameter(arg) || ast_ext::is_constant_literal(arg))
}

/// The call's value is used (returned, combined, stored): a recursive procedure called for
/// its effects (Towers of Hanoi printing moves) cannot be cached.
fn result_is_used(site: &CallSite<'_>) -> bool {
    let Stmt::Expr(statement) = site.statement else {
        return true;
    };
    let value = match &*statement.value {
        Expr::Await(awaited) => &*awaited.value,
        other => other,
    };
    !matches!(value, Expr::Call(call) if std::ptr::eq(call, site.call))
}

/// A hand-written memo: an item store, a membership test against a container, or a dict
/// lookup method in the function's own code.
fn keeps_a_memo(function: FunctionRef<'_>) -> bool {
    struct Memo(bool);
    impl<'a> Visitor<'a> for Memo {
        fn enter_node(&mut self, node: Node<'a>, ctx: &Context<'a>) {
            if !ctx.is_module_level() {
                return;
            }
            match node {
                Node::Expr(Expr::Subscript(sub))
                    if sub.ctx == rustpython_parser::ast::ExprContext::Store =>
                {
                    self.0 = true;
                }
                Node::Expr(Expr::Compare(compare)) => {
                    let looks_up =
                        compare
                            .ops
                            .iter()
                            .zip(&compare.comparators)
                            .any(|(op, container)| {
                                matches!(op, CmpOp::In | CmpOp::NotIn)
                                    && !is_constant_display(container)
                            });
                    self.0 |= looks_up;
                }
                Node::Expr(Expr::Call(call)) => {
                    if let Expr::Attribute(method) = &*call.func {
                        if MEMO_METHODS.contains(&method.attr.as_str()) {
                            self.0 = true;
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut memo = Memo(false);
    visit::walk_body(function.body(), &mut memo);
    memo.0
}

/// `(0, 1)`, `[1, 2]`, `{"a", "b"}`: a test against these is a base case, not a memo.
fn is_constant_display(expr: &Expr) -> bool {
    match expr {
        Expr::Tuple(t) => t.elts.iter().all(ast_ext::is_constant_literal),
        Expr::List(l) => l.elts.iter().all(ast_ext::is_constant_literal),
        Expr::Set(s) => s.elts.iter().all(ast_ext::is_constant_literal),
        other => ast_ext::is_constant_literal(other),
    }
}

/// Where each statement of a function body sits: the statement list holding it (by
/// address) and its index there.
type Positions<'a> = FxHashMap<usize, (&'a [Stmt], usize)>;

fn statement_positions(body: &[Stmt]) -> Positions<'_> {
    fn record<'a>(list: &'a [Stmt], positions: &mut Positions<'a>) {
        for (index, stmt) in list.iter().enumerate() {
            positions.insert(stmt as *const Stmt as usize, (list, index));
            if matches!(stmt, Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_)) {
                continue;
            }
            for child in ast_ext::child_statement_lists(stmt) {
                record(child, positions);
            }
        }
    }
    let mut positions = Positions::default();
    record(body, &mut positions);
    positions
}

/// Whether one invocation runs both calls: they sit in the same statement (and not in the
/// two arms of a conditional expression), or in statements of the same statement list with
/// nothing between them that always leaves the function.
fn both_run(positions: &Positions<'_>, first: &CallSite<'_>, second: &CallSite<'_>) -> bool {
    if std::ptr::eq(first.statement, second.statement) {
        return !in_different_arms(first.statement, first.call, second.call);
    }
    let key = |site: &CallSite<'_>| site.statement as *const Stmt as usize;
    let (Some((list_a, index_a)), Some((list_b, index_b))) =
        (positions.get(&key(first)), positions.get(&key(second)))
    else {
        return false;
    };
    if !std::ptr::eq(*list_a, *list_b) {
        return false;
    }
    let (from, to) = (*index_a.min(index_b), *index_a.max(index_b));
    !ast_ext::always_exits(&list_a[from..to], Exit::ReturnOrRaise)
}

/// Whether a conditional expression in `stmt` puts one call in its `if` arm and the other
/// in its `else` arm.
fn in_different_arms(stmt: &Stmt, a: &ExprCall, b: &ExprCall) -> bool {
    struct Arms {
        a: TextRange,
        b: TextRange,
        found: bool,
    }
    impl<'a> Visitor<'a> for Arms {
        fn enter_node(&mut self, node: Node<'a>, _ctx: &Context<'a>) {
            if let Node::Expr(Expr::IfExp(if_exp)) = node {
                let (body, orelse) = (if_exp.body.range(), if_exp.orelse.range());
                let split =
                    |x: TextRange, y: TextRange| body.contains_range(x) && orelse.contains_range(y);
                if split(self.a, self.b) || split(self.b, self.a) {
                    self.found = true;
                }
            }
        }
    }
    let mut arms = Arms {
        a: a.range,
        b: b.range,
        found: false,
    };
    visit::walk_body(std::slice::from_ref(stmt), &mut arms);
    arms.found
}
