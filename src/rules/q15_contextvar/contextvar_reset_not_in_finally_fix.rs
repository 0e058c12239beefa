//! PX1502's fix: the statements between `token = var.set(...)` and `var.reset(token)` go
//! into a `try:` block, and the reset into its `finally:`:
//!
//! ```python
//! token = var.set(value)          token = var.set(value)
//! result = action()        →      try:
//! var.reset(token)                    result = action()
//!                                 finally:
//!                                     var.reset(token)
//! ```
//!
//! Only when the set and the reset are statements of the same block, each on lines of its
//! own, and every line in between can be re-indented (none starts inside a multi-line
//! string).
//!
//! Unsafe: the reset now also runs when the code in between raises or returns early, so
//! the variable gets its old value back on those paths, which is what the rule asks for,
//! but code that relied on the value staying set (an error handler further up reading it)
//! sees the old value.

use rustpython_parser::ast::{ExprCall, Ranged, Stmt};
use rustpython_parser::text_size::TextRange;

use crate::ast_ext;
use crate::fix::{indent, Edit, Fix};
use crate::rule::RuleContext;

pub fn fix(cx: &RuleContext<'_, '_>, set: &ExprCall, reset: &ExprCall) -> Option<Fix> {
    let source = cx.source;
    let statements = cx.ctx.statements();
    let [.., parent, reset_stmt] = statements else {
        return None;
    };
    if !matches!(reset_stmt, Stmt::Expr(expr) if expr.value.range() == reset.range) {
        return None;
    }
    let siblings = ast_ext::child_statement_lists(parent)
        .into_iter()
        .find(|list| list.iter().any(|s| std::ptr::eq(s, *reset_stmt)))?;
    let reset_index = siblings.iter().position(|s| std::ptr::eq(s, *reset_stmt))?;
    let set_index = siblings[..reset_index].iter().position(|s| {
        matches!(s, Stmt::Assign(_) | Stmt::AnnAssign(_)) && s.range().contains_range(set.range)
    })?;
    if set_index + 1 == reset_index {
        return None;
    }
    let set_stmt = &siblings[set_index];
    let first_between = &siblings[set_index + 1];
    if !indent::ends_in_comment_or_nothing(source, set_stmt.end())
        || !indent::starts_its_line(source, first_between.start())
    {
        return None;
    }
    let between = TextRange::new(
        indent::line_end_with_terminator(source, set_stmt.end()),
        indent::line_start(source, reset_stmt.start()),
    );
    let reset_lines = indent::statement_lines(source, reset_stmt.range())?;
    let unit = indent::indent_unit(source, cx.body);
    let try_body = indent::indented(source, between, &unit)?;
    let finally_body = indent::indented(source, reset_lines, &unit)?;
    let indentation = indent::indentation_at(source, reset_stmt.start());
    let newline = indent::line_ending(source);
    let text =
        format!("{indentation}try:{newline}{try_body}{indentation}finally:{newline}{finally_body}");
    Fix::unsafe_edits(
        "put the code after the `set` in `try:` and the reset in `finally:`",
        vec![Edit::replacement(
            TextRange::new(between.start(), reset_lines.end()),
            text,
        )],
    )
}
