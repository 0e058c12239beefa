//! PX0503's fix: the `@classmethod` line moves from above the validator's decorator to
//! directly below it, the order pydantic documents.
//!
//! Safe in the sense the rule argues: pydantic ignored the validator, which the code
//! declares and means to run; after the fix pydantic finds it and runs it, which can reject
//! input that was accepted before (that is the validator's job). Only when the validator's
//! decorator is directly below `@classmethod` (another decorator in between would change
//! what it wraps) and the `@classmethod` line holds nothing else but a comment.

use rustpython_parser::ast::Expr;

use super::{FIELD_VALIDATORS, MODEL_VALIDATORS};
use crate::ast_ext;
use crate::fix::{indent, Edit, Fix};
use crate::rule::RuleContext;

pub fn fix(cx: &RuleContext<'_, '_>, decorators: &[Expr], classmethod: usize) -> Option<Fix> {
    let source = cx.source;
    let validator = decorators.get(classmethod + 1)?;
    let scope = cx.ctx.scope();
    let below = std::slice::from_ref(validator);
    let is_validator = cx
        .model
        .find_decorator(below, scope, FIELD_VALIDATORS)
        .is_some()
        || cx
            .model
            .find_decorator(below, scope, MODEL_VALIDATORS)
            .is_some();
    if !is_validator {
        return None;
    }
    let marker = ast_ext::decorator_range(source, &decorators[classmethod]);
    let validator_range = ast_ext::decorator_range(source, validator);
    if !indent::starts_its_line(source, marker.start())
        || !indent::ends_in_comment_or_nothing(source, marker.end())
        || !indent::starts_its_line(source, validator_range.start())
        || !indent::ends_in_comment_or_nothing(source, validator_range.end())
    {
        return None;
    }
    let lines = rustpython_parser::text_size::TextRange::new(
        indent::line_start(source, marker.start()),
        indent::line_end_with_terminator(source, marker.end()),
    );
    let moved = source[lines].to_string();
    let after_validator = indent::line_end_with_terminator(source, validator_range.end());
    Fix::safe(
        "move `@classmethod` below the validator",
        vec![
            Edit::deletion(lines),
            Edit::insertion(after_validator, moved),
        ],
    )
}
