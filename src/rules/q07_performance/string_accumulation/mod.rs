//! A str grown piece by piece in a loop (`s += x`, `s = s + x`), and whether CPython can
//! grow it in place. Shared by PX0702 (the shapes that copy the whole string at every step)
//! and PX0708 (the plain-local shape that is linear only thanks to CPython).
//!
//! CPython resizes a str in place when the `+` that extends it is stored straight back into
//! the same plain local variable and nothing else refers to the string (`unicode_concatenate`
//! up to 3.10, the specialised `BINARY_OP_INPLACE_ADD_UNICODE` from 3.11). Every other shape
//! allocates a new string and copies the old one into it: quadratic over the loop.
//! Up to 3.10 the shortcut also covered cell variables and module-level names; `bytes` never
//! had one. `bench/claims/px0702_string_concat.py` measures each shape on 3.9 and 3.13.

use rustpython_parser::ast::{self, Constant, Expr, ExprBinOp, Operator, Ranged, Stmt};
use rustpython_parser::text_size::TextRange;

use crate::ast_ext;
use crate::rule::RuleContext;
use crate::semantic::{Binding, BindingKind, ValueKind};
use crate::visit::Loop;

mod attributes;
mod items;
mod names;

use attributes::attribute_accumulator;
use items::item_accumulator;
use names::name_growth;

/// What a concatenation does to the string it extends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Growth {
    /// A plain local extended by `s += x` or `s = s + x`: CPython resizes it in place.
    InPlace,
    /// Every step copies the string built so far, on every interpreter.
    Copying(CopyReason),
}

/// Why CPython's in-place resize does not apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CopyReason {
    /// `self.text += x`
    Attribute,
    /// `parts["body"] += x`
    Item,
    /// A name declared `global` in the function.
    Global,
    /// A name declared `nonlocal` in a nested function.
    Nonlocal,
    /// A local that a nested function or lambda also uses, so it lives in a cell.
    Cell,
    /// A name of module-level code.
    ModuleLevel,
    /// A name of a class body.
    ClassLevel,
    /// `s = s + a + b`: `s + a` is a new string before `+ b` is added.
    SumOfTerms,
    /// `s = x + s`: the new piece goes first.
    Prepend,
    /// A `bytes` object, which CPython never extends in place.
    Bytes,
}

/// A string accumulator found at one statement.
pub(super) struct Accumulation {
    /// The target as written (`text`, `self.text`, `parts["body"]`).
    pub spelled: String,
    pub growth: Growth,
    pub range: TextRange,
}

/// The string accumulation `stmt` performs, if it is one: a concatenation that runs once per
/// iteration of a loop, onto a target the source shows is a str, which the loop does not
/// otherwise read or replace.
pub(super) fn accumulation<'a>(stmt: &'a Stmt, cx: &RuleContext<'_, 'a>) -> Option<Accumulation> {
    let (target, shape) = concatenation(stmt)?;
    let growth = match target {
        Target::Name(name) => name_growth(cx, stmt, name, shape)?,
        Target::Attribute { object, attr } => {
            match attribute_accumulator(cx, stmt, object, attr)? {
                Text::Str => Growth::Copying(CopyReason::Attribute),
                Text::Bytes => Growth::Copying(CopyReason::Bytes),
            }
        }
        Target::Item { container, key } => {
            item_accumulator(cx, stmt, container, key).then_some(())?;
            Growth::Copying(CopyReason::Item)
        }
    };
    let spelled_range = match stmt {
        Stmt::AugAssign(aug) => aug.target.range(),
        Stmt::Assign(assign) => assign.targets[0].range(),
        _ => return None,
    };
    Some(Accumulation {
        spelled: cx.source[spelled_range].to_string(),
        growth,
        range: stmt.range(),
    })
}

/// What a concatenation extends.
#[derive(Debug, Clone, Copy)]
enum Target<'a> {
    Name(&'a str),
    /// `object.attr` on a bare name.
    Attribute {
        object: &'a str,
        attr: &'a str,
    },
    /// `container[key]` on a bare name.
    Item {
        container: &'a str,
        key: &'a Expr,
    },
}

/// How the concatenation is spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `t += x`, or `t = t + x` with `t` the left operand of the last `+`.
    Append,
    /// `t = t + a + b`
    SumOfTerms,
    /// `t = x + t`, `t = a + t + b`
    Prepend,
}

fn target_of(expr: &Expr) -> Option<Target<'_>> {
    match expr {
        Expr::Name(name) => Some(Target::Name(name.id.as_str())),
        Expr::Attribute(attr) => match &*attr.value {
            Expr::Name(object) => Some(Target::Attribute {
                object: object.id.as_str(),
                attr: attr.attr.as_str(),
            }),
            _ => None,
        },
        Expr::Subscript(sub) if !matches!(&*sub.slice, Expr::Slice(_)) => match &*sub.value {
            Expr::Name(container) => Some(Target::Item {
                container: container.id.as_str(),
                key: &sub.slice,
            }),
            _ => None,
        },
        _ => None,
    }
}

impl Target<'_> {
    /// The same name, the same attribute of the same name, or the same item (same constant,
    /// name or attribute key) of the same container.
    fn same_as(self, other: Target<'_>) -> bool {
        match (self, other) {
            (Target::Name(a), Target::Name(b)) => a == b,
            (
                Target::Attribute {
                    object: o1,
                    attr: a1,
                },
                Target::Attribute {
                    object: o2,
                    attr: a2,
                },
            ) => o1 == o2 && a1 == a2,
            (
                Target::Item {
                    container: c1,
                    key: k1,
                },
                Target::Item {
                    container: c2,
                    key: k2,
                },
            ) => c1 == c2 && same_key(k1, k2),
            _ => false,
        }
    }
}

/// Whether `expr` spells `target` again.
fn is_target(expr: &Expr, target: Target<'_>) -> bool {
    target_of(expr).is_some_and(|found| found.same_as(target))
}

fn same_key(a: &Expr, b: &Expr) -> bool {
    match (a, b) {
        (Expr::Name(x), Expr::Name(y)) => x.id == y.id,
        (Expr::Constant(x), Expr::Constant(y)) => x.value == y.value,
        (Expr::UnaryOp(x), Expr::UnaryOp(y)) => x.op == y.op && same_key(&x.operand, &y.operand),
        (Expr::Attribute(x), Expr::Attribute(y)) => {
            x.attr == y.attr && same_key(&x.value, &y.value)
        }
        _ => false,
    }
}

/// `t += x`, `t = t + x` (also `t = x + t` and longer sums holding `t`): the target and how
/// the sum is spelled.
fn concatenation(stmt: &Stmt) -> Option<(Target<'_>, Shape)> {
    match stmt {
        Stmt::AugAssign(aug) if aug.op == Operator::Add => {
            Some((target_of(&aug.target)?, Shape::Append))
        }
        Stmt::Assign(assign) => {
            let [target_expr] = assign.targets.as_slice() else {
                return None;
            };
            let target = target_of(target_expr)?;
            let Expr::BinOp(sum) = &*assign.value else {
                return None;
            };
            if sum.op != Operator::Add {
                return None;
            }
            if is_target(&sum.left, target) {
                return Some((target, Shape::Append));
            }
            match leftmost_term(sum) {
                Some(first) if is_target(first, target) => Some((target, Shape::SumOfTerms)),
                _ => sum_has_term(sum, target).then_some((target, Shape::Prepend)),
            }
        }
        _ => None,
    }
}

/// The first term of an `a + b + c` chain (`a`).
fn leftmost_term(sum: &ExprBinOp) -> Option<&Expr> {
    let mut current = &*sum.left;
    while let Expr::BinOp(inner) = current {
        if inner.op != Operator::Add {
            return None;
        }
        current = &inner.left;
    }
    Some(current)
}

/// Whether `target` is one of the terms of an `a + b + c` chain.
fn sum_has_term(sum: &ExprBinOp, target: Target<'_>) -> bool {
    [&*sum.left, &*sum.right]
        .into_iter()
        .any(|term| match term {
            Expr::BinOp(inner) if inner.op == Operator::Add => sum_has_term(inner, target),
            other => is_target(other, target),
        })
}

/// Whether `stmt` is a concatenation onto `target`.
fn extends(stmt: &Stmt, target: Target<'_>) -> bool {
    concatenation(stmt).is_some_and(|(found, _)| found.same_as(target))
}

/// `s += ...` or `s = s + ...`: a binding that extends the name's previous value.
fn is_self_concatenation(binding: &Binding<'_>, name: &str) -> bool {
    match binding.kind {
        BindingKind::AugmentedAssignment => true,
        BindingKind::Assignment => matches!(
            binding.value,
            Some(Expr::BinOp(sum)) if sum.op == Operator::Add && sum_has_term(sum, Target::Name(name))
        ),
        _ => false,
    }
}

/// The loop a concatenation repeats in, unless it cannot accumulate there: a loop over a
/// short literal, or a concatenation followed by `break`/`return`/`raise`.
fn repeating_loop<'a>(cx: &RuleContext<'_, 'a>, stmt: &Stmt) -> Option<Loop<'a>> {
    let innermost @ (Loop::For(_) | Loop::While(_)) = cx.ctx.innermost_loop()? else {
        return None;
    };
    if innermost.for_iter().is_some_and(is_short_literal_iterable) || runs_once(cx, stmt) {
        return None;
    }
    if let Loop::While(while_) = innermost {
        if is_digit_loop(while_) {
            return None;
        }
    }
    Some(innermost)
}

/// `while n: n, d = divmod(n, base)` (or `n //= base`, `n >>= bits`): a loop over the
/// digits of a number runs a logarithmic, small number of times.
fn is_digit_loop(while_: &ast::StmtWhile) -> bool {
    let counter = match &*while_.test {
        Expr::Name(name) => name.id.as_str(),
        Expr::Compare(compare) => match &*compare.left {
            Expr::Name(name) => name.id.as_str(),
            _ => return false,
        },
        _ => return false,
    };
    divides(&while_.body, counter)
}

/// Whether `body` (outside nested functions) shrinks `counter` by division or a shift.
fn divides(body: &[Stmt], counter: &str) -> bool {
    let is_counter = |expr: &Expr| ast_ext::name_id(expr) == Some(counter);
    let shrinks =
        |op: Operator| matches!(op, Operator::FloorDiv | Operator::RShift | Operator::Div);
    body.iter().any(|stmt| match stmt {
        Stmt::AugAssign(aug) => is_counter(&aug.target) && shrinks(aug.op),
        Stmt::Assign(assign) => {
            let divided =
                matches!(&*assign.value, Expr::BinOp(op) if shrinks(op.op) && is_counter(&op.left));
            let by_divmod = matches!(&*assign.value, Expr::Call(call)
                if ast_ext::name_id(&call.func) == Some("divmod")
                    && call.args.first().is_some_and(is_counter));
            let targets_counter = assign.targets.iter().any(|target| match target {
                Expr::Tuple(tuple) => tuple.elts.iter().any(is_counter),
                other => is_counter(other),
            });
            targets_counter && (divided || by_divmod)
        }
        Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_) | Stmt::ClassDef(_) => false,
        other => ast_ext::child_statement_lists(other)
            .into_iter()
            .any(|list| divides(list, counter)),
    })
}

/// A concatenation followed by `break`, `return` or `raise` in its block happens at most
/// once per loop, so nothing accumulates.
fn runs_once(cx: &RuleContext<'_, '_>, stmt: &Stmt) -> bool {
    let statements = cx.ctx.statements();
    let Some(parent) = statements.len().checked_sub(2).map(|i| statements[i]) else {
        return false;
    };
    ast_ext::following_siblings(parent, stmt)
        .iter()
        .any(ast_ext::is_loop_exit)
}

/// A loop over a literal tuple, list, set or string runs a fixed, small number of times
/// that the author can see; concatenating there is not a scaling problem.
fn is_short_literal_iterable(iter: &Expr) -> bool {
    match iter {
        Expr::Tuple(t) => !t.elts.iter().any(|e| matches!(e, Expr::Starred(_))),
        Expr::List(l) => !l.elts.iter().any(|e| matches!(e, Expr::Starred(_))),
        Expr::Set(s) => !s.elts.iter().any(|e| matches!(e, Expr::Starred(_))),
        Expr::Constant(c) => matches!(c.value, Constant::Str(_) | Constant::Tuple(_)),
        _ => false,
    }
}

/// What kind of text an accumulator holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Text {
    Str,
    Bytes,
}

/// `Str` when every value is a str, `Bytes` when every value is bytes, else `None`.
fn text_kind(kinds: impl IntoIterator<Item = ValueKind>) -> Option<Text> {
    let mut found = None;
    for kind in kinds {
        let text = match kind {
            ValueKind::Str => Text::Str,
            ValueKind::Bytes => Text::Bytes,
            _ => return None,
        };
        if found.is_some_and(|f| f != text) {
            return None;
        }
        found = Some(text);
    }
    found
}
