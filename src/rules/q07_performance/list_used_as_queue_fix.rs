//! PX0703's fix: the list becomes a `collections.deque` where it is built (`[]` →
//! `deque()`, `[a, b]` and comprehensions → `deque([...])`, `list(x)` → `deque(x)`), every
//! `.pop(0)` becomes `.popleft()` and every `.insert(0, x)` becomes `.appendleft(x)`.
//!
//! Only when every use of the name, in the function that owns it, works the same on a
//! deque: the methods lists and deques share, iteration, `in`, truth tests, integer
//! indexing, and being passed to `len`, `list`, `sorted`, `"".join` and the like. A list
//! that is returned, stored elsewhere, sliced, compared, annotated, or handed to any other
//! call gets no fix: whoever receives it may need a list.
//!
//! Unsafe: the object is a deque now. Within the function it behaves alike, but its type
//! shows (`repr`, `isinstance`, equality with lists), and an empty `popleft()` says "pop
//! from an empty deque" where `pop(0)` said "pop from empty list" (both `IndexError`).

use rustpython_parser::ast::{CmpOp, Constant, Expr, ExprCall, Ranged, Stmt, UnaryOp};
use rustpython_parser::text_size::{TextRange, TextSize};

use crate::fix::imports::{import_member, occurrences_in_scope};
use crate::fix::{Edit, Fix};
use crate::rule::RuleContext;
use crate::semantic::{Access, BindingKind, Reference, ScopeKind, Usage};

/// Methods lists and deques both have, with the same meaning.
const SHARED_METHODS: &[&str] = &[
    "append", "extend", "clear", "count", "index", "remove", "reverse", "copy", "insert",
];

/// Builtins that take any iterable (or sized container) and behave alike for both.
const ITERABLE_BUILTINS: &[&str] = &[
    "len",
    "bool",
    "list",
    "tuple",
    "set",
    "frozenset",
    "sorted",
    "sum",
    "any",
    "all",
    "min",
    "max",
    "iter",
    "enumerate",
    "reversed",
];

pub fn fix(cx: &RuleContext<'_, '_>, name: &str) -> Option<Fix> {
    let model = cx.model;
    let source = cx.source;
    let owner = model.lookup(name, cx.ctx.scope())?;
    if !matches!(model.scope(owner).kind, ScopeKind::Function(_)) {
        return None;
    }
    let [binding_id] = model.scope(owner).bindings_of(name) else {
        return None;
    };
    let binding = model.binding(*binding_id);
    if !matches!(binding.kind, BindingKind::Assignment) {
        return None;
    }
    let value = binding.value?;
    let references: Vec<&Reference<'_>> = model.references_to(owner, name).collect();
    if occurrences_in_scope(cx, owner, name) != references.len() + 1 {
        return None;
    }
    let deque = import_member(cx, "collections", "deque", owner, binding.position)?;
    let built = match value {
        Expr::List(list) if list.elts.is_empty() => format!("{}()", deque.expression),
        Expr::List(_) | Expr::ListComp(_) => {
            format!("{}({})", deque.expression, &source[value.range()])
        }
        Expr::Call(call)
            if is_builtin_call(cx, call, "list", binding.scope) && call.keywords.is_empty() =>
        {
            match call.args.as_slice() {
                [] => format!("{}()", deque.expression),
                [Expr::Starred(_)] => return None,
                [argument] => format!("{}({})", deque.expression, &source[argument.range()]),
                _ => return None,
            }
        }
        _ => return None,
    };
    let mut edits = vec![Edit::replacement(value.range(), built)];
    for reference in references {
        edits.extend(rewrite(cx, reference)?);
    }
    edits.extend(deque.edit);
    Fix::unsafe_edits(
        format!("make `{name}` a `collections.deque` and take from its front with `popleft`/`appendleft`"),
        edits,
    )
}

/// The edits one use of the name needs, or `None` when a deque would not do there.
fn rewrite(cx: &RuleContext<'_, '_>, reference: &Reference<'_>) -> Option<Vec<Edit>> {
    let accesses = reference.accesses();
    match reference.usage {
        Usage::MethodCall(method) => {
            let (Some(Access::Attribute(attr)), Some(Access::Call(call))) =
                (accesses.first(), accesses.get(1))
            else {
                return None;
            };
            let method_name =
                TextRange::new(attr.range.end() - TextSize::of(method), attr.range.end());
            let whole = TextRange::new(method_name.start(), call.range.end());
            if cx.source[whole].contains('#') {
                return None;
            }
            match (method, call.args.as_slice()) {
                ("pop", []) | ("popleft", _) | ("appendleft", _) => Some(Vec::new()),
                ("pop", [index]) if int_literal(index) == Some(0) => {
                    Some(vec![Edit::replacement(whole, "popleft()")])
                }
                ("pop", [index]) if int_literal(index) == Some(-1) => {
                    Some(vec![Edit::replacement(whole, "pop()")])
                }
                ("insert", [index, item]) if int_literal(index) == Some(0) => {
                    let item = &cx.source[item.range()];
                    Some(vec![Edit::replacement(
                        whole,
                        format!("appendleft({item})"),
                    )])
                }
                (method, _) if SHARED_METHODS.contains(&method) => Some(Vec::new()),
                _ => None,
            }
        }
        Usage::SubscriptLoad | Usage::SubscriptStore | Usage::SubscriptDelete => {
            let Some(Access::Subscript(sub)) = accesses.first() else {
                return None;
            };
            (!matches!(&*sub.slice, Expr::Slice(_))).then(Vec::new)
        }
        Usage::Load | Usage::Argument => {
            let path = crate::visit::expression_path(reference.statement, reference.range)?;
            let parent = path.len().checked_sub(2).map(|i| path[i]);
            allowed_context(cx, reference, parent).then(Vec::new)
        }
        _ => None,
    }
}

/// Whether a plain use of the name reads it only in ways a deque supports.
fn allowed_context(
    cx: &RuleContext<'_, '_>,
    reference: &Reference<'_>,
    parent: Option<&Expr>,
) -> bool {
    let range = reference.range;
    match parent {
        None => match reference.statement {
            Stmt::For(for_) => for_.iter.range() == range,
            Stmt::While(while_) => while_.test.range() == range,
            Stmt::If(if_) => if_.test.range() == range,
            Stmt::Assert(assert) => assert.test.range() == range,
            _ => false,
        },
        Some(Expr::UnaryOp(unary)) => unary.op == UnaryOp::Not,
        Some(Expr::Compare(compare)) => compare
            .ops
            .iter()
            .zip(&compare.comparators)
            .any(|(op, right)| matches!(op, CmpOp::In | CmpOp::NotIn) && right.range() == range),
        Some(Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::GeneratorExp(_)) => {
            let generators = match parent {
                Some(Expr::ListComp(c)) => &c.generators,
                Some(Expr::SetComp(c)) => &c.generators,
                Some(Expr::DictComp(c)) => &c.generators,
                Some(Expr::GeneratorExp(c)) => &c.generators,
                _ => return false,
            };
            generators.iter().any(|g| g.iter.range() == range)
        }
        Some(Expr::Call(call)) => {
            let [Expr::Name(only)] = call.args.as_slice() else {
                return false;
            };
            if only.range != range || !call.keywords.is_empty() {
                return false;
            }
            let joins_text = matches!(&*call.func, Expr::Attribute(attr)
                if attr.attr.as_str() == "join"
                    && matches!(&*attr.value, Expr::Constant(c) if matches!(c.value, Constant::Str(_))));
            joins_text
                || ITERABLE_BUILTINS
                    .iter()
                    .any(|builtin| is_builtin_call(cx, call, builtin, reference.scope))
        }
        _ => false,
    }
}

fn is_builtin_call(
    cx: &RuleContext<'_, '_>,
    call: &ExprCall,
    builtin: &str,
    scope: crate::semantic::ScopeId,
) -> bool {
    cx.model
        .qualified_name(&call.func, scope)
        .is_some_and(|q| q.is_builtin(builtin))
}

fn int_literal(expr: &Expr) -> Option<i64> {
    match expr {
        Expr::Constant(c) => match &c.value {
            Constant::Int(i) => i.try_into().ok(),
            _ => None,
        },
        Expr::UnaryOp(unary) if unary.op == UnaryOp::USub => {
            int_literal(&unary.operand).map(|v| -v)
        }
        _ => None,
    }
}
