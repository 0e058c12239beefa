//! The fix of PX0702 and PX0708, for the simple loop shape only: a local string (or bytes)
//! started by an assignment just before a loop and only extended inside it (`s += x`,
//! `s = s + x`, `s = s + a + b`) becomes a list of parts, joined once after the loop:
//!
//! ```python
//! html = ""                       html_parts = []
//! for row in rows:        →       for row in rows:
//!     html += f"<td>{row}</td>"       html_parts.append(f"<td>{row}</td>")
//!                                 html = "".join(html_parts)
//! ```
//!
//! No fix when the string is read between its start and the end of the loop (other than
//! by the updates), rebound there, prepended to (`s = x + s`), annotated, used by a nested
//! function, or when `<name>_parts` is already a name in the module.
//!
//! Unsafe: `"".join` requires every part to be a `str` (`b"".join`, bytes-like), where `+`
//! would also call a part's `__radd__`; and until the loop ends the name keeps its starting
//! value instead of the text so far (a debugger, or an exception raised out of the loop,
//! sees that).

use rustpython_parser::ast::{Constant, Expr, Operator, Ranged, Stmt};
use rustpython_parser::text_size::TextRange;

use crate::ast_ext;
use crate::fix::annotations::preferred_quote;
use crate::fix::imports::word_occurrences;
use crate::fix::{indent, Edit, Fix};
use crate::rule::RuleContext;
use crate::semantic::{BindingKind, ScopeKind};

/// The fix for the accumulator `name`; `bytes` when it is a `bytes` object (joined with
/// `b"".join`).
pub fn fix(cx: &RuleContext<'_, '_>, name: &str, bytes: bool) -> Option<Fix> {
    let scope = cx.ctx.scope();
    if !matches!(cx.model.scope(scope).kind, ScopeKind::Function(_)) {
        return None;
    }
    let parts = format!("{name}_parts");
    if word_occurrences(cx.source, &parts) > 0 || crate::semantic::is_builtin(&parts) {
        return None;
    }
    let statements = cx.ctx.statements();
    let frame_start = statements
        .iter()
        .rposition(|s| matches!(s, Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_)))?;
    // The outermost loop of the function that has the string's start just before it.
    (frame_start + 1..statements.len()).find_map(|k| {
        let candidate = statements[k];
        if !matches!(candidate, Stmt::For(_) | Stmt::While(_)) {
            return None;
        }
        let siblings = ast_ext::child_statement_lists(statements[k - 1])
            .into_iter()
            .find(|list| list.iter().any(|s| std::ptr::eq(s, candidate)))?;
        rewrite(cx, name, &parts, siblings, candidate, bytes)
    })
}

/// The fix when `start` (`name = ...`) comes before `loop_stmt` among `siblings` and the
/// loop only extends the string.
fn rewrite(
    cx: &RuleContext<'_, '_>,
    name: &str,
    parts: &str,
    siblings: &[Stmt],
    loop_stmt: &Stmt,
    bytes: bool,
) -> Option<Fix> {
    let source = cx.source;
    let model = cx.model;
    let scope = cx.ctx.scope();
    let index = siblings.iter().position(|s| std::ptr::eq(s, loop_stmt))?;
    let start = siblings[..index].iter().rev().find(|s| assigns(s, name))?;
    let Stmt::Assign(start_assign) = start else {
        return None;
    };
    let between = TextRange::new(start.end(), loop_stmt.start());
    let loop_range = loop_stmt.range();
    let mut updates: Vec<&Stmt> = Vec::new();
    for id in model.scope(scope).bindings_of(name) {
        let binding = model.binding(*id);
        // The start's own binding takes effect at its end, where `between` begins.
        if binding.position > start.end() && between.contains(binding.position) {
            return None;
        }
        // An update by the loop's last statement takes effect exactly at its end.
        if loop_range.contains_inclusive(binding.position) {
            let update = update_statement(loop_stmt, binding.range)?;
            if !matches!(
                binding.kind,
                BindingKind::AugmentedAssignment | BindingKind::Assignment
            ) || appended(source, update, name).is_none()
            {
                return None;
            }
            updates.push(update);
        }
    }
    for reference in model.references_to(scope, name) {
        if model.frame_of(reference.scope) != scope || between.contains(reference.range.start()) {
            return None;
        }
        let in_loop = loop_range.contains_range(reference.range);
        if in_loop
            && !updates
                .iter()
                .any(|u| std::ptr::eq(*u, reference.statement))
        {
            return None;
        }
    }
    if updates.is_empty() || !indent::starts_its_line(source, loop_stmt.start()) {
        return None;
    }
    let mut edits = Vec::new();
    let empty_type = if bytes { "bytes" } else { "str" };
    let first = match &*start_assign.value {
        Expr::Constant(c) => match &c.value {
            Constant::Str(s) if !bytes && s.is_empty() => String::new(),
            Constant::Bytes(b) if bytes && b.is_empty() => String::new(),
            Constant::Str(_) if !bytes => source[start_assign.value.range()].to_string(),
            Constant::Bytes(_) if bytes => source[start_assign.value.range()].to_string(),
            _ => return None,
        },
        Expr::Call(call)
            if call.args.is_empty()
                && call.keywords.is_empty()
                && model
                    .qualified_name(&call.func, scope)
                    .is_some_and(|q| q.is_builtin(empty_type)) =>
        {
            String::new()
        }
        value => source[value.range()].to_string(),
    };
    edits.push(Edit::replacement(
        start.range(),
        format!("{parts} = [{first}]"),
    ));
    for update in &updates {
        let piece = appended(source, update, name)?;
        edits.push(Edit::replacement(
            update.range(),
            format!("{parts}.append({piece})"),
        ));
    }
    // The quotes of the string's start (`result = ''` gets `''.join`), else the file's.
    let quote = match &*start_assign.value {
        Expr::Constant(c) if matches!(c.value, Constant::Str(_) | Constant::Bytes(_)) => source
            [start_assign.value.range()]
        .chars()
        .find(|c| *c == '"' || *c == '\'')
        .unwrap_or('"'),
        _ => preferred_quote(source),
    };
    let prefix = if bytes { "b" } else { "" };
    let indentation = indent::indentation_at(source, loop_stmt.start());
    let newline = indent::line_ending(source);
    let at = indent::line_end_with_terminator(source, loop_stmt.end());
    let join = format!("{name} = {prefix}{quote}{quote}.join({parts})");
    let at_end_without_newline =
        u32::from(at) as usize == source.len() && !source.ends_with(['\n', '\r']);
    edits.push(Edit::insertion(
        at,
        if at_end_without_newline {
            format!("{newline}{indentation}{join}")
        } else {
            format!("{indentation}{join}{newline}")
        },
    ));
    Fix::unsafe_edits(
        format!("collect the pieces in `{parts}` and join them after the loop"),
        edits,
    )
}

/// `name = <value>` with the name as the only target.
fn assigns(stmt: &Stmt, name: &str) -> bool {
    matches!(stmt, Stmt::Assign(assign)
        if matches!(assign.targets.as_slice(), [Expr::Name(target)] if target.id.as_str() == name))
}

/// The statement inside `loop_stmt` that holds the binding at `target`.
fn update_statement(loop_stmt: &Stmt, target: TextRange) -> Option<&Stmt> {
    let mut lists = ast_ext::child_statement_lists(loop_stmt);
    while let Some(list) = lists.pop() {
        for stmt in list {
            if !stmt.range().contains_range(target) {
                continue;
            }
            if matches!(stmt, Stmt::AugAssign(_) | Stmt::Assign(_)) {
                return Some(stmt);
            }
            if matches!(
                stmt,
                Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_) | Stmt::ClassDef(_)
            ) {
                return None;
            }
            lists.extend(ast_ext::child_statement_lists(stmt));
        }
    }
    None
}

/// The source of what an update appends: `x` in `s += x` and `s = s + x`, `a + b` in
/// `s = s + a + b`. `None` for anything else (`s = x + s` prepends).
fn appended(source: &str, stmt: &Stmt, name: &str) -> Option<String> {
    match stmt {
        Stmt::AugAssign(aug) if aug.op == Operator::Add => {
            let target_is_name = matches!(&*aug.target, Expr::Name(t) if t.id.as_str() == name);
            target_is_name.then(|| source[aug.value.range()].to_string())
        }
        Stmt::Assign(assign) if assigns(stmt, name) => {
            let mut leftmost = &*assign.value;
            while let Expr::BinOp(op) = leftmost {
                if op.op != Operator::Add {
                    return None;
                }
                leftmost = &op.left;
            }
            let is_name = matches!(leftmost, Expr::Name(n) if n.id.as_str() == name);
            if !is_name || std::ptr::eq(leftmost, &*assign.value) {
                return None;
            }
            // `s = s + x`: the term itself (without parentheses it may have had).
            if let Expr::BinOp(sum) = &*assign.value {
                if std::ptr::eq(&*sum.left, leftmost) {
                    return Some(source[sum.right.range()].to_string());
                }
            }
            let rest = &source[TextRange::new(leftmost.end(), assign.value.end())];
            let rest = rest.trim_start().strip_prefix('+')?.trim();
            (!rest.contains(['#', '\n', '\r'])).then(|| rest.to_string())
        }
        _ => None,
    }
}
