//! PX1306 typing-builtin-alias: since Python 3.9 (PEP 585) the builtin and `collections`
//! classes take type arguments themselves (`list[int]`, `dict[str, int]`,
//! `collections.deque[str]`); the `typing.List`/`Dict`/... aliases are deprecated duplicates.

use rustpython_parser::ast::{Expr, ExprContext};

use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::version::PythonVersion;
use crate::visit::{Node, NodeKind};

pub struct TypingBuiltinAlias;

static META: RuleMeta = RuleMeta {
    code: "PX1306",
    name: "typing-builtin-alias",
    severity: Severity::Advice,
    question: Some(Question::new(13)),
    opt_in: true,
    min_version: Some(PythonVersion::new(3, 9)),
    summary: "`typing.List`/`Dict`/`Set`/`FrozenSet`/`Tuple`/`Type`/`Deque`/`DefaultDict` in an annotation, where the builtin or `collections` class takes type arguments (Python 3.9+)",
    doc: include_str!("../../../rules/PX1306.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// Each deprecated alias with what replaces it.
const ALIASES: &[(&str, &str)] = &[
    ("List", "list"),
    ("Dict", "dict"),
    ("Set", "set"),
    ("FrozenSet", "frozenset"),
    ("Tuple", "tuple"),
    ("Type", "type"),
    ("Deque", "collections.deque"),
    ("DefaultDict", "collections.defaultdict"),
];

const MODULES: &[&str] = &["typing", "typing_extensions"];

impl Rule for TypingBuiltinAlias {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Name, NodeKind::Attribute]
    }

    fn fixes(&self) -> &'static [Applicability] {
        &[Applicability::Safe]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Expr(expr) = node else {
            return;
        };
        let (last, range) = match expr {
            Expr::Name(name) if name.ctx == ExprContext::Load => (name.id.as_str(), name.range),
            Expr::Attribute(attr) if attr.ctx == ExprContext::Load => {
                (attr.attr.as_str(), attr.range)
            }
            _ => return,
        };
        // Cheap test first: most names are not one of the aliases.
        let Some((alias, builtin)) = ALIASES.iter().find(|(alias, _)| *alias == last) else {
            return;
        };
        if !cx.ctx.in_annotation() {
            return;
        }
        let Some(name) = cx.model.qualified_name(expr, cx.ctx.scope()) else {
            return;
        };
        let [module, member] = name.segments() else {
            return;
        };
        if member != alias || !MODULES.contains(module) {
            return;
        }
        let subscripted = matches!(
            cx.ctx.parent_expr(),
            Some(Expr::Subscript(sub)) if std::ptr::eq(&*sub.value, expr)
        );
        let replacement = if subscripted {
            format!("{builtin}[...]")
        } else {
            (*builtin).to_string()
        };
        let import_note = if builtin.starts_with("collections.") {
            " after `import collections`"
        } else {
            ""
        };
        let fix = super::typing_builtin_alias_fix::fix(cx, expr, builtin);
        cx.report(
            range,
            format!("`{module}.{alias}` is a deprecated alias of `{builtin}`, which takes type arguments itself since Python 3.9"),
            format!("annotate with `{replacement}`{import_note} (PEP 585)"),
        )
        .set_fix(fix);
    }
}
