//! PX0801's fix: the hook accepts `**kwargs` (when it does not) and passes them on with
//! `super().__init_subclass__(**kwargs)`: added to the existing upward call, or as the
//! hook's first statement (after its docstring) when it has none.
//!
//! Safe in the sense the rule argues: other bases' hooks now run for new subclasses, as
//! the hierarchy means them to, and a class keyword meant for another base reaches it
//! instead of raising `TypeError` here. With no other hook in the MRO the call reaches
//! `object.__init_subclass__`, which does nothing. No fix when the hook calls upward more
//! than once, when it reads its own `**kwargs` (it consumes some keywords, which must not
//! go up), when `kwargs` is already a name in it, or when its parameters or the call cannot
//! be extended without moving a comment.

use rustpython_parser::ast::{Ranged, StmtFunctionDef};

use crate::ast_ext::{self, FunctionRef};
use crate::fix::{arguments, indent, Edit, Fix};
use crate::rule::RuleContext;
use crate::semantic::{CallSite, ScopeId};

pub fn fix(
    cx: &RuleContext<'_, '_>,
    def: &StmtFunctionDef,
    scope: ScopeId,
    kwargs: Option<&str>,
    upward: &[&CallSite<'_>],
) -> Option<Fix> {
    let source = cx.source;
    let function = FunctionRef::Sync(def);
    let mut edits = Vec::new();
    let name = match kwargs {
        // A hook that reads its keywords consumes some of them (`typing._Final` checks for
        // `_root`): passing them all up would make `object.__init_subclass__` raise.
        Some(name) if cx.model.references_to(scope, name).next().is_some() => return None,
        Some(name) => name,
        None => {
            if cx.model.scope(scope).binds("kwargs") {
                return None;
            }
            edits.push(arguments::append_parameter(source, function, "**kwargs")?);
            "kwargs"
        }
    };
    let forward = format!("**{name}");
    match upward {
        [] => {
            let first = def.body.first()?;
            if !indent::starts_its_line(source, first.start())
                || indent::line_start(source, first.start())
                    == indent::line_start(source, def.start())
            {
                return None;
            }
            let indentation = indent::indentation_at(source, first.start());
            let newline = indent::line_ending(source);
            let call = format!("{indentation}super().__init_subclass__({forward}){newline}");
            let at = if ast_ext::is_docstring(first) {
                indent::line_end_with_terminator(source, first.end())
            } else {
                indent::line_start(source, first.start())
            };
            edits.push(Edit::insertion(at, call));
        }
        [site] => edits.push(arguments::append_argument(source, site.call, &forward)?),
        _ => return None,
    }
    Fix::safe(
        format!("pass `{forward}` on to `super().__init_subclass__()`"),
        edits,
    )
}
