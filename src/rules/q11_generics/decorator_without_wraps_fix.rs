//! PX1103's fix: `@functools.wraps(fn)` above the wrapper's `def`, reusing the module's
//! `import functools` or `from functools import wraps` (under any alias), else importing
//! `wraps` after the module's leading imports.
//!
//! Safe in the sense the rule argues: the wrapper takes the decorated function's
//! `__module__`, `__name__`, `__qualname__`, `__doc__`, `__annotations__` and `__dict__`
//! and gains `__wrapped__`, which is what a stand-in should show; calling it does exactly
//! what it did. Introspection sees the difference by design (`inspect.signature` follows
//! `__wrapped__`).

use crate::ast_ext::FunctionRef;
use crate::fix::imports::import_member;
use crate::fix::{indent, Edit, Fix};
use crate::rule::RuleContext;
use crate::semantic::ScopeId;

pub fn fix(
    cx: &RuleContext<'_, '_>,
    outer_scope: ScopeId,
    inner: FunctionRef<'_>,
    wrapped: &str,
) -> Option<Fix> {
    let source = cx.source;
    let def_start = inner.range().start();
    if !indent::starts_its_line(source, def_start) {
        return None;
    }
    // The decorator is evaluated where the `def` runs: in the decorator's own scope.
    let imported = import_member(cx, "functools", "wraps", outer_scope, def_start)?;
    let indentation = indent::indentation_at(source, def_start);
    let newline = indent::line_ending(source);
    let mut edits = vec![Edit::insertion(
        indent::line_start(source, def_start),
        format!("{indentation}@{}({wrapped}){newline}", imported.expression),
    )];
    edits.extend(imported.edit);
    Fix::safe(
        format!(
            "decorate `{}` with `@{}({wrapped})`",
            inner.name(),
            imported.expression
        ),
        edits,
    )
}
