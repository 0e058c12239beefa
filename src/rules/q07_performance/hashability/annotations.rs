//! Hashability from annotations: `str`, `int`, `tuple` are hashable; `list`, `dict`, `set`
//! are not; `list[str]` holds hashable items.

use rustpython_parser::ast::{self, Constant, Expr};

use super::{class_instances, Hashability, MAX_DEPTH};
use crate::rule::RuleContext;
use crate::semantic::{Binding, ScopeId, ScopeKind};
use Hashability::{Hashable, Unhashable, Unknown};

/// Annotations of hashable values.
const HASHABLE_TYPES: &[&str] = &[
    "builtins.str",
    "builtins.bytes",
    "builtins.int",
    "builtins.float",
    "builtins.complex",
    "builtins.bool",
    "builtins.frozenset",
    "builtins.tuple",
    "builtins.type",
    "typing.FrozenSet",
    "typing.Tuple",
    "typing.Type",
    "typing.Hashable",
    "collections.abc.Hashable",
    "pathlib.Path",
    "pathlib.PurePath",
];

/// Annotations of unhashable values.
const UNHASHABLE_TYPES: &[&str] = &[
    "builtins.list",
    "builtins.dict",
    "builtins.set",
    "builtins.bytearray",
    "typing.List",
    "typing.Dict",
    "typing.Set",
    "typing.DefaultDict",
    "typing.MutableMapping",
    "typing.MutableSequence",
    "typing.MutableSet",
];

/// Annotations of containers whose items (or keys) are their first type argument.
pub(super) const CONTAINER_TYPES: &[&str] = &[
    "builtins.list",
    "builtins.set",
    "builtins.frozenset",
    "builtins.dict",
    "typing.List",
    "typing.Set",
    "typing.FrozenSet",
    "typing.Dict",
    "typing.Iterable",
    "typing.Iterator",
    "typing.Sequence",
    "typing.Collection",
    "typing.AbstractSet",
    "typing.Mapping",
    "typing.MutableSequence",
    "collections.abc.Iterable",
    "collections.abc.Iterator",
    "collections.abc.Sequence",
    "collections.abc.Collection",
    "collections.abc.Set",
    "collections.abc.Mapping",
    "collections.abc.MutableSequence",
];

/// A parameter's annotation, if it names a type whose instances are (or are not) hashable.
pub(super) fn parameter<'a>(cx: &RuleContext<'_, 'a>, binding: &Binding<'a>) -> Hashability {
    let scope = cx.model.scope(binding.scope);
    let ScopeKind::Function(function) = scope.kind else {
        return Unknown;
    };
    let outer = scope.parent.unwrap_or(ScopeId::MODULE);
    function
        .parameters()
        .find(|arg| arg.arg.as_str() == binding.name)
        .and_then(|arg| arg.annotation.as_deref())
        .map_or(Unknown, |annotation| annotated(cx, annotation, outer, 0))
}

pub(super) fn annotated<'a>(
    cx: &RuleContext<'_, 'a>,
    annotation: &'a Expr,
    scope: ScopeId,
    depth: u8,
) -> Hashability {
    if depth > MAX_DEPTH {
        return Unknown;
    }
    let model = cx.model;
    match annotation {
        // `str | None`
        Expr::BinOp(union) if union.op == ast::Operator::BitOr => Hashability::all([
            annotated(cx, &union.left, scope, depth + 1),
            annotated(cx, &union.right, scope, depth + 1),
        ]),
        Expr::Constant(c) if matches!(c.value, Constant::None) => Hashable,
        Expr::Subscript(sub) => {
            let Some(head) = model.qualified_name(&sub.value, scope) else {
                return Unknown;
            };
            if head.is_any(&["typing.Optional", "typing.Union"]) {
                let members: Vec<&Expr> = match &*sub.slice {
                    Expr::Tuple(tuple) => tuple.elts.iter().collect(),
                    other => vec![other],
                };
                return Hashability::all(
                    members
                        .into_iter()
                        .map(|m| annotated(cx, m, scope, depth + 1)),
                );
            }
            annotated(cx, &sub.value, scope, depth + 1)
        }
        _ => {
            if let Some((class, class_scope)) = model.local_class(annotation, scope) {
                return class_instances(cx, class, class_scope, depth + 1);
            }
            match model.qualified_name(annotation, scope) {
                Some(name) if name.is_any(HASHABLE_TYPES) => Hashable,
                Some(name) if name.is_any(UNHASHABLE_TYPES) => Unhashable,
                _ => Unknown,
            }
        }
    }
}
