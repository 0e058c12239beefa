//! PX1301 legacy-union-syntax: from Python 3.10 (PEP 604) a union is written `X | Y` and an
//! optional value `X | None`; `typing.Optional[X]` and `typing.Union[X, Y]` need an import
//! and read worse, especially nested.

use rustpython_parser::ast::{Constant, Expr, ExprSubscript, Ranged};

use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{Resolution, ScopeId};
use crate::version::PythonVersion;
use crate::visit::{Node, NodeKind};

pub struct LegacyUnionSyntax;

static META: RuleMeta = RuleMeta {
    code: "PX1301",
    name: "legacy-union-syntax",
    severity: Severity::Advice,
    question: Some(Question::new(13)),
    opt_in: true,
    min_version: Some(PythonVersion::new(3, 10)),
    summary:
        "`Optional[X]`/`Union[X, Y]` in an annotation, which Python 3.10+ writes `X | None`/`X | Y`",
    doc: include_str!("../../../rules/PX1301.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// Suggested rewrites longer than this are not spelled out in the help.
const MAX_SUGGESTION: usize = 60;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    Optional,
    Union,
}

impl Rule for LegacyUnionSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Subscript]
    }

    fn fixes(&self) -> &'static [Applicability] {
        &[Applicability::Safe]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Expr(Expr::Subscript(sub)) = node else {
            return;
        };
        if !cx.ctx.in_annotation() {
            return;
        }
        let scope = cx.ctx.scope();
        let Some((form, members)) = legacy_union(cx, sub, scope) else {
            return;
        };
        // `Optional[Union[A, B]]` is one rewrite (`A | B | None`): report the outermost.
        let expressions = cx.ctx.expressions();
        let nested = expressions[..expressions.len().saturating_sub(1)]
            .iter()
            .any(
                |outer| matches!(outer, Expr::Subscript(o) if legacy_union(cx, o, scope).is_some()),
            );
        if nested {
            return;
        }
        let mut parts = Vec::new();
        rewrite_parts(cx, form, &members, scope, &mut parts);
        let rewrite = parts.join(" | ");
        let written = match form {
            Form::Optional => "Optional[X]",
            Form::Union => "Union[X, Y]",
        };
        let help = if rewrite.len() <= MAX_SUGGESTION && !rewrite.contains('\n') {
            format!("write `{rewrite}` (PEP 604 union syntax, Python 3.10+)")
        } else {
            "join the members with `|` (PEP 604 union syntax, Python 3.10+), adding `| None` for an `Optional`".to_string()
        };
        let fix = super::legacy_union_syntax_fix::fix(cx, sub);
        cx.report(
            sub.range,
            format!("`{written}` is the pre-3.10 spelling of a union; the code targets a Python that writes it with `|`"),
            help,
        )
        .set_fix(fix);
    }
}

/// The members of a union as `|` joins them, nested `Optional`/`Union` flattened and
/// `None` last: `Optional[Union[int, str]]` is `int | str | None`.
fn rewrite_parts<'r, 'a>(
    cx: &RuleContext<'r, 'a>,
    form: Form,
    members: &[&'a Expr],
    scope: ScopeId,
    parts: &mut Vec<&'r str>,
) {
    for member in members {
        match member {
            Expr::Subscript(inner) => match legacy_union(cx, inner, scope) {
                Some((inner_form, inner_members)) => {
                    rewrite_parts(cx, inner_form, &inner_members, scope, parts);
                }
                None => parts.push(&cx.source[member.range()]),
            },
            _ => parts.push(&cx.source[member.range()]),
        }
    }
    if form == Form::Optional {
        parts.retain(|part| *part != "None");
        parts.push("None");
    }
}

/// `Optional[X]` or `Union[X, Y, ...]` (from typing or typing_extensions) that can be
/// rewritten with `|` as it stands, with its members. Not when a member is a string (a
/// forward reference: `"Node" | None` fails at run time) or unpacked, and not for a
/// one-member `Union`, which is no union to rewrite.
pub(super) fn legacy_union<'a>(
    cx: &RuleContext<'_, 'a>,
    sub: &'a ExprSubscript,
    scope: ScopeId,
) -> Option<(Form, Vec<&'a Expr>)> {
    if !matches!(&*sub.value, Expr::Name(_) | Expr::Attribute(_)) {
        return None;
    }
    let name = cx.model.qualified_name(&sub.value, scope)?;
    let form = if name.is_any(&["typing.Optional", "typing_extensions.Optional"]) {
        Form::Optional
    } else if name.is_any(&["typing.Union", "typing_extensions.Union"]) {
        Form::Union
    } else {
        return None;
    };
    let members: Vec<&Expr> = match (&*sub.slice, form) {
        (Expr::Tuple(_), Form::Optional) => return None,
        (Expr::Tuple(tuple), Form::Union) if tuple.elts.len() >= 2 => tuple.elts.iter().collect(),
        (_, Form::Union) => return None,
        (single, Form::Optional) => vec![single],
    };
    let rewritable = members.iter().all(|member| {
        !matches!(
            member,
            Expr::Starred(_)
                | Expr::Constant(rustpython_parser::ast::ExprConstant {
                    value: Constant::Str(_),
                    ..
                })
        ) && !may_be_none(cx, member, scope)
    });
    rewritable.then_some((form, members))
}

/// A member that some binding sets to `None`, typically the fallback of an optional
/// import (`except ImportError: TLSVersion = None`): `Optional[None]` is fine, but
/// `None | None` raises `TypeError` when the annotation is evaluated.
fn may_be_none(cx: &RuleContext<'_, '_>, member: &Expr, scope: ScopeId) -> bool {
    let Expr::Name(name) = member else {
        return false;
    };
    let Resolution::Bound { ids, .. } = cx.model.resolve(name.id.as_str(), member.start(), scope)
    else {
        return false;
    };
    ids.iter().any(|id| {
        matches!(
            cx.model.binding(*id).value,
            Some(Expr::Constant(constant)) if constant.value.is_none()
        )
    })
}
