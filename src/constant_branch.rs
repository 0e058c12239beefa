//! Branches a module can never take: the `if` of a module-level flag bound once to a
//! literal (`_IS_SYNC = True`, then `if not _IS_SYNC: ...`), or of a literal itself
//! (`if False:`). Code generated for two worlds (a sync module written from its async
//! twin) keeps the other world's lines in such a branch; they never run here.

use rustpython_parser::ast::{BoolOp, Constant, Expr, Ranged, Stmt, UnaryOp};

use crate::semantic::SemanticModel;

/// Whether the innermost statement of `statements` (the enclosing statements, outermost
/// first, the current one last) sits in a branch of an `if` whose test is a constant that
/// selects the other branch.
pub fn in_branch_never_taken(model: &SemanticModel<'_>, statements: &[&Stmt]) -> bool {
    let Some((current, enclosing)) = statements.split_last() else {
        return false;
    };
    let mut inner: &Stmt = current;
    for stmt in enclosing.iter().rev() {
        if let Stmt::If(branch) = stmt {
            let in_body = branch
                .body
                .iter()
                .any(|s| s.range().contains_range(inner.range()));
            let in_else = branch
                .orelse
                .iter()
                .any(|s| s.range().contains_range(inner.range()));
            if let Some(value) = constant_truth(model, &branch.test) {
                if (in_body && !value) || (in_else && value) {
                    return true;
                }
            }
        }
        inner = stmt;
    }
    false
}

/// The truth of a test that cannot change: `True`/`False`, a module-level name bound only
/// once, to one of them, `not` of either, and `and`/`or` that such an operand settles.
fn constant_truth(model: &SemanticModel<'_>, test: &Expr) -> Option<bool> {
    match test {
        Expr::Constant(constant) => match constant.value {
            Constant::Bool(value) => Some(value),
            _ => None,
        },
        Expr::UnaryOp(unary) if unary.op == UnaryOp::Not => {
            constant_truth(model, &unary.operand).map(|value| !value)
        }
        // `_IS_SYNC and connect`: one false operand settles an `and`, one true an `or`.
        Expr::BoolOp(boolean) => {
            let settles = boolean.op == BoolOp::Or;
            let values: Vec<Option<bool>> = boolean
                .values
                .iter()
                .map(|value| constant_truth(model, value))
                .collect();
            if values.contains(&Some(settles)) {
                Some(settles)
            } else if values.iter().all(Option::is_some) {
                Some(!settles)
            } else {
                None
            }
        }
        Expr::Name(name) => {
            let [id] = model.module_scope().bindings_of(name.id.as_str()) else {
                return None;
            };
            match model.binding(*id).value {
                Some(Expr::Constant(constant)) => match constant.value {
                    Constant::Bool(value) => Some(value),
                    _ => None,
                },
                _ => None,
            }
        }
        _ => None,
    }
}
