//! PX1703's fix: the tree given to `compile()` goes through `ast.fix_missing_locations`
//! first (`compile(tree, ...)` → `compile(ast.fix_missing_locations(tree), ...)`), reusing
//! the module's `import ast` or `from ast import fix_missing_locations`.
//!
//! Safe in the sense the rule argues: the compile raised `TypeError` for the nodes without
//! locations; `fix_missing_locations` gives each the location of its parent, returns the
//! same tree, and leaves nodes that have a location as they are. It sets those locations
//! on the tree itself, which code that reads the tree afterwards can see.

use rustpython_parser::ast::{Expr, ExprCall, Ranged};

use crate::fix::imports::import_member;
use crate::fix::{Edit, Fix};
use crate::rule::RuleContext;

pub fn fix(cx: &RuleContext<'_, '_>, call: &ExprCall, tree: &Expr) -> Option<Fix> {
    let imported = import_member(
        cx,
        "ast",
        "fix_missing_locations",
        cx.ctx.scope(),
        call.start(),
    )?;
    let mut edits = vec![
        Edit::insertion(tree.start(), format!("{}(", imported.expression)),
        Edit::insertion(tree.end(), ")"),
    ];
    edits.extend(imported.edit);
    Fix::safe(
        format!("pass the tree through `{}` first", imported.expression),
        edits,
    )
}
