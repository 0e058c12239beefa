//! PX1601's fix: the module-level statement that starts processes moves, re-indented,
//! under `if __name__ == "__main__":`, where it stays in place (so what it uses is still
//! defined above it).
//!
//! Only when nothing outside the statement names what it binds (`pool = Pool(4)` with no
//! other mention of `pool`): code that used it would fail with `NameError` on import. No
//! fix when a line of the statement starts inside a multi-line string (indenting it would
//! change the string) or when the statement shares its lines with another.
//!
//! Unsafe: importing the module no longer starts the processes; only running it as a
//! script does. That is the point for spawned children, but a program that imports the
//! module for that side effect loses it.

use rustpython_parser::ast::Ranged;

use crate::fix::annotations::preferred_quote;
use crate::fix::imports::word_occurrences;
use crate::fix::{indent, Edit, Fix};
use crate::rule::RuleContext;

pub fn fix(cx: &RuleContext<'_, '_>) -> Option<Fix> {
    let source = cx.source;
    let top = *cx.ctx.statements().first()?;
    if !cx.body.iter().any(|stmt| std::ptr::eq(stmt, top)) {
        return None;
    }
    let range = top.range();
    let own = &source[range];
    let module = cx.model.module_scope();
    for (name, ids) in module.names() {
        let bound_here = ids
            .iter()
            .any(|id| range.contains(cx.model.binding(*id).position));
        if bound_here && word_occurrences(source, name) != word_occurrences(own, name) {
            return None;
        }
    }
    let lines = indent::statement_lines(source, range)?;
    let unit = indent::indent_unit(source, cx.body);
    let body = indent::indented(source, lines, &unit)?;
    let quote = preferred_quote(source);
    let newline = indent::line_ending(source);
    let guarded = format!("if __name__ == {quote}__main__{quote}:{newline}{body}");
    Fix::unsafe_edits(
        "move it under `if __name__ == \"__main__\":`",
        vec![Edit::replacement(lines, guarded)],
    )
}
