//! PX0501's fix: a v1 method called on a pydantic model, or on an instance of one, is
//! renamed to its v2 name (`.dict()` → `.model_dump()`, `.parse_obj()` →
//! `.model_validate()`...), when the call passes only arguments the v2 method takes.
//! The decorators and the inner `class Config` have no fix: they need a person to map
//! options that were renamed or dropped.
//!
//! Unsafe: the v2 methods are not exact copies. `model_dump_json()` writes no spaces after
//! separators, v2 serializes some types differently (and strictly validates others), and a
//! subclass that overrides the v1 name is no longer called.

use rustpython_parser::ast::{ExprAttribute, ExprCall};
use rustpython_parser::text_size::{TextRange, TextSize};

use crate::fix::{Edit, Fix};
use crate::rule::RuleContext;

/// For each v1 method: how many positional arguments the v2 one takes the same way, and
/// the keyword arguments both accept with the same meaning.
const SIGNATURES: &[(&str, usize, &[&str])] = &[
    (
        "dict",
        0,
        &[
            "include",
            "exclude",
            "by_alias",
            "exclude_unset",
            "exclude_defaults",
            "exclude_none",
        ],
    ),
    (
        "json",
        0,
        &[
            "include",
            "exclude",
            "by_alias",
            "exclude_unset",
            "exclude_defaults",
            "exclude_none",
            "indent",
        ],
    ),
    ("copy", 0, &["update", "deep"]),
    ("parse_obj", 1, &[]),
    ("parse_raw", 1, &[]),
    ("schema", 0, &["by_alias", "ref_template"]),
    ("construct", 0, &["_fields_set"]),
    ("update_forward_refs", 0, &[]),
];

pub fn fix(
    cx: &RuleContext<'_, '_>,
    call: &ExprCall,
    attr: &ExprAttribute,
    replacement: &str,
) -> Option<Fix> {
    let method = attr.attr.as_str();
    let &(_, positional, keywords) = SIGNATURES.iter().find(|(name, _, _)| *name == method)?;
    if call.args.len() > positional {
        return None;
    }
    // `construct(**values)` passes field values through; elsewhere every keyword is known.
    let known = call.keywords.iter().all(|keyword| match &keyword.arg {
        Some(name) => keywords.contains(&name.as_str()),
        None => method == "construct",
    });
    if !known {
        return None;
    }
    let end = attr.range.end();
    let name = TextRange::new(end - TextSize::of(method), end);
    if &cx.source[name] != method {
        return None;
    }
    Fix::unsafe_edits(
        format!("call `.{replacement}()`"),
        vec![Edit::replacement(name, replacement)],
    )
}
