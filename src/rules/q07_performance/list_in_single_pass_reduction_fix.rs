//! PX0704's fixes, only where measurement shows a gain:
//!
//! - `set([x for x in xs])` → `{x for x in xs}` (safe): the set is built directly instead of
//!   through a list. The same elements are evaluated in the same order; the one difference
//!   is when an element cannot be hashed, which the set comprehension reports as soon as it
//!   meets it rather than after evaluating the rest.
//! - `any([...])`, `all([...])` → `any(...)`, `all(...)` (unsafe): the generator lets the
//!   call stop at the first element that decides, so the elements after it are no longer
//!   evaluated. The rule reports only comprehensions whose per-element code calls nothing
//!   but builtins, yet an element can still raise (`1 / x`, `d[k]`) or be slow, and after
//!   the fix that happens only if the call gets that far.
//!
//! `sum`, `min`, `max`, `sorted`, `frozenset` and `tuple` get no fix: on CPython a generator
//! is not faster there (it is slower for `sorted`, `frozenset` and `tuple`).

use rustpython_parser::ast::{ExprCall, ExprListComp};
use rustpython_parser::text_size::{TextRange, TextSize};

use crate::fix::{Edit, Fix};
use crate::rule::RuleContext;

/// The fix for `builtin([...])`, if that builtin has one.
pub fn fix(
    cx: &RuleContext<'_, '_>,
    builtin: &str,
    call: &ExprCall,
    comp: &ExprListComp,
) -> Option<Fix> {
    if !call.keywords.is_empty() {
        return None;
    }
    let source = cx.source;
    let open = TextRange::at(comp.range.start(), TextSize::from(1));
    let close = TextRange::at(comp.range.end() - TextSize::from(1), TextSize::from(1));
    if &source[open] != "[" || &source[close] != "]" {
        return None;
    }
    match builtin {
        "set" => {
            // The call's own text around the comprehension goes: it must hold no comment.
            let before = TextRange::new(call.range.start(), comp.range.start());
            let after = TextRange::new(comp.range.end(), call.range.end());
            if source[before].contains('#') || source[after].contains('#') {
                return None;
            }
            let inner = &source[TextRange::new(open.end(), close.start())];
            Fix::safe(
                "write a set comprehension",
                vec![Edit::replacement(call.range, format!("{{{inner}}}"))],
            )
        }
        "any" | "all" => Fix::unsafe_edits(
            "drop the brackets, so the call can stop at the first element that decides",
            vec![Edit::deletion(open), Edit::deletion(close)],
        ),
        _ => None,
    }
}
