//! `self.attr += x` in a loop of a method, on an attribute the class only ever sets to
//! text: never extended in place.

use rustpython_parser::ast::{self, Expr, ExprBinOp, Operator, Stmt};

use super::{extends, repeating_loop, sum_has_term, text_kind, Target, Text};
use crate::rule::RuleContext;
use crate::semantic::{Access, Usage};

/// `self.attr += x` in a loop of a method, where every value the class gives `attr` is a
/// str (or every one bytes) and the loop neither reads nor replaces it (nor calls a method of
/// `self`, which might): which kind of text it holds.
pub(super) fn attribute_accumulator(
    cx: &RuleContext<'_, '_>,
    stmt: &Stmt,
    object: &str,
    attr: &str,
) -> Option<Text> {
    let (method, class) = cx.ctx.method()?;
    let model = cx.model;
    let scope = cx.ctx.scope();
    if method.first_parameter() != Some(object) || model.function_scope(method) != Some(scope) {
        return None;
    }
    let innermost = repeating_loop(cx, stmt)?;
    let text = class_attribute_text(cx, class, attr)?;
    let target = Target::Attribute { object, attr };
    let loop_range = innermost.range();
    let only_extended = model
        .references_within(scope, object, loop_range)
        .all(|reference| {
            if reference.usage == Usage::Argument {
                return false;
            }
            match reference.accesses().as_slice() {
                [Access::Attribute(first), rest @ ..] if first.attr.as_str() == attr => {
                    extends(reference.statement, target)
                        || (rest.is_empty() && matches!(reference.statement, Stmt::Return(_)))
                }
                [Access::Attribute(_), Access::Call(_), ..] => false,
                _ => true,
            }
        });
    only_extended.then_some(text)
}

/// Whether the class gives `attr` only str values (or only bytes): at least one
/// `self.attr = <str>` in its methods or `attr = <str>` in its body, and no other value
/// (concatenations aside).
fn class_attribute_text(
    cx: &RuleContext<'_, '_>,
    class: &ast::StmtClassDef,
    attr: &str,
) -> Option<Text> {
    let model = cx.model;
    let body = model.class_scope(class)?;
    let mut kinds = Vec::new();
    for id in model.scope(body).bindings_of(attr) {
        let value = model.binding(*id).value?;
        kinds.push(model.classify_value(value, body));
    }
    for (_, ids) in model.scope(body).names() {
        for id in ids {
            let Some((function, function_scope)) = model.binding(*id).function() else {
                continue;
            };
            let Some(receiver) = function.first_parameter() else {
                continue;
            };
            for reference in model.references_to(function_scope, receiver) {
                let Expr::Attribute(access) = reference.chain else {
                    continue;
                };
                if access.attr.as_str() != attr || access.ctx != ast::ExprContext::Store {
                    continue;
                }
                let value = match reference.statement {
                    Stmt::Assign(assign) if assign.targets.len() == 1 => &*assign.value,
                    Stmt::AnnAssign(ann) => match ann.value.as_deref() {
                        Some(value) => value,
                        None => continue,
                    },
                    // `self.attr += x`: an update, whatever it started from.
                    Stmt::AugAssign(_) => continue,
                    _ => return None,
                };
                let extends_itself = matches!(value, Expr::BinOp(sum)
                    if sum.op == Operator::Add && sum_has_attribute(sum, receiver, attr));
                if !extends_itself {
                    kinds.push(model.classify_value(value, function_scope));
                }
            }
        }
    }
    text_kind(kinds)
}

fn sum_has_attribute(sum: &ExprBinOp, object: &str, attr: &str) -> bool {
    sum_has_term(sum, Target::Attribute { object, attr })
}
