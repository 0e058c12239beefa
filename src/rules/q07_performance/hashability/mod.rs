//! Whether values can go in a set, as far as the source shows. PX0701 suggests a set (or
//! `dict.fromkeys`) only when the values it would hash are known to be hashable: a set of
//! `@dataclass` instances (which `eq=True` without `frozen` makes unhashable), of lists or of
//! dicts raises `TypeError`, while the list it would replace works.
//!
//! Evidence of hashability: constants, strings and numbers however they are computed
//! (f-strings, str methods, `os.path` functions), tuples of hashables, instances of the
//! module's classes that keep a hash, functions, classes and modules, dict keys and set
//! members, lines of a file, names in `dir()`, and parameters annotated with such types.
//! Evidence against: list, dict and set displays and calls, instances of the module's
//! classes that lose their hash (`__eq__` without `__hash__`, a mutable dataclass). Anything
//! else (an attribute, a call of an unknown function) is unknown.

use rustpython_parser::ast::{self, Expr, Ranged, StmtClassDef};

use crate::ast_ext;
use crate::rule::RuleContext;
use crate::semantic::{Binding, BindingKind, Resolution, ScopeId, Usage, ValueKind};

mod annotations;
mod classes;
mod items;

use annotations::parameter;
use classes::class_instances;
use items::{added, items};

/// How many names, calls and nested expressions to follow.
const MAX_DEPTH: u8 = 6;
/// A name with more reaching bindings than this, or a container filled in more places, is
/// not followed (unknown): with [`MAX_DEPTH`] this bounds the work of one question.
const MAX_FAN_OUT: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hashability {
    Hashable,
    Unhashable,
    Unknown,
}

use Hashability::{Hashable, Unhashable, Unknown};

impl Hashability {
    /// Hashable when every part is, unhashable when any part is, else unknown.
    fn all(parts: impl IntoIterator<Item = Hashability>) -> Hashability {
        let mut result = Hashable;
        for part in parts {
            match part {
                Unhashable => return Unhashable,
                Unknown => result = Unknown,
                Hashable => {}
            }
        }
        result
    }
}

/// Builtins whose result is always hashable (strings, numbers, booleans, types, ranges).
const HASHABLE_RESULTS: &[&str] = &[
    "str",
    "repr",
    "ascii",
    "format",
    "chr",
    "hex",
    "oct",
    "bin",
    "bytes",
    "int",
    "float",
    "complex",
    "bool",
    "len",
    "ord",
    "hash",
    "id",
    "abs",
    "round",
    "type",
    "frozenset",
    "range",
    "slice",
    "object",
];

/// Builtins whose result never is.
const UNHASHABLE_RESULTS: &[&str] = &["list", "dict", "set", "bytearray", "sorted", "vars"];

/// Whether the value `expr` (evaluated in `scope`) is hashable.
pub(super) fn of_value<'a>(
    cx: &RuleContext<'_, 'a>,
    expr: &'a Expr,
    scope: ScopeId,
) -> Hashability {
    value(cx, expr, scope, 0)
}

/// Whether instances of a class of this module (whose `class` statement runs in `scope`)
/// are hashable.
pub(super) fn of_instances<'a>(
    cx: &RuleContext<'_, 'a>,
    class: &'a StmtClassDef,
    scope: ScopeId,
) -> Hashability {
    class_instances(cx, class, scope, 0)
}

/// Whether the values the code adds to the container `name` (owned by `owner`) are
/// hashable: `append(v)`, `insert(i, v)`, `add(v)`, `extend(vs)`, `+= vs` and item stores.
/// An empty list filled by `append` holds exactly what was appended.
pub(super) fn added_items(cx: &RuleContext<'_, '_>, owner: ScopeId, name: &str) -> Hashability {
    added(cx, owner, name, 0)
}

/// Whether the items that iterating `expr` (evaluated in `scope`) yields are hashable.
pub(super) fn of_items<'a>(
    cx: &RuleContext<'_, 'a>,
    expr: &'a Expr,
    scope: ScopeId,
) -> Hashability {
    items(cx, expr, scope, 0)
}

fn value<'a>(cx: &RuleContext<'_, 'a>, expr: &'a Expr, scope: ScopeId, depth: u8) -> Hashability {
    if depth > MAX_DEPTH {
        return Unknown;
    }
    let model = cx.model;
    let next = depth + 1;
    match expr {
        Expr::Constant(_) | Expr::JoinedStr(_) | Expr::Lambda(_) | Expr::Compare(_) => Hashable,
        Expr::Tuple(tuple) => {
            Hashability::all(tuple.elts.iter().map(|e| value(cx, e, scope, next)))
        }
        Expr::Starred(_) => Unknown,
        e if ast_ext::is_unhashable_display(e) => Unhashable,
        Expr::BoolOp(op) => Hashability::all(op.values.iter().map(|e| value(cx, e, scope, next))),
        Expr::IfExp(choice) => Hashability::all([
            value(cx, &choice.body, scope, next),
            value(cx, &choice.orelse, scope, next),
        ]),
        Expr::NamedExpr(walrus) => value(cx, &walrus.value, scope, next),
        Expr::UnaryOp(_) | Expr::BinOp(_) | Expr::Subscript(_) => scalar(cx, expr, scope),
        Expr::Call(call) => call_result(cx, expr, call, scope, next),
        Expr::Name(name) => match model.resolve(name.id.as_str(), expr.start(), scope) {
            Resolution::Bound { ids, .. } if !ids.is_empty() && ids.len() <= MAX_FAN_OUT => {
                Hashability::all(ids.iter().map(|id| binding(cx, model.binding(*id), next)))
            }
            Resolution::Builtin => Hashable,
            _ => Unknown,
        },
        _ => Unknown,
    }
}

/// Strings, bytes and numbers computed by operators, slices of text.
fn scalar<'a>(cx: &RuleContext<'_, 'a>, expr: &'a Expr, scope: ScopeId) -> Hashability {
    let kind = cx.model.classify_value(expr, scope);
    if matches!(
        kind,
        ValueKind::Str | ValueKind::Bytes | ValueKind::Number | ValueKind::Bool
    ) || cx.model.holds_text(expr, scope)
    {
        Hashable
    } else if kind.is_list() || matches!(kind, ValueKind::Dict | ValueKind::Set) {
        Unhashable
    } else {
        Unknown
    }
}

fn call_result<'a>(
    cx: &RuleContext<'_, 'a>,
    expr: &'a Expr,
    call: &'a ast::ExprCall,
    scope: ScopeId,
    depth: u8,
) -> Hashability {
    let model = cx.model;
    if model.holds_text(expr, scope) {
        return Hashable;
    }
    if let Some((class, class_scope)) = model.local_class(&call.func, scope) {
        return class_instances(cx, class, class_scope, depth);
    }
    let Some(callee) = model.qualified_name(&call.func, scope) else {
        return Unknown;
    };
    match callee.segments() {
        ["builtins", name] if HASHABLE_RESULTS.contains(name) => Hashable,
        ["builtins", name] if UNHASHABLE_RESULTS.contains(name) => Unhashable,
        ["builtins", "tuple"] => call
            .args
            .first()
            .map_or(Hashable, |arg| items(cx, arg, scope, depth)),
        ["os" | "posixpath" | "ntpath", ..] => Hashable,
        ["collections", "defaultdict" | "OrderedDict" | "Counter" | "deque"] => Unhashable,
        _ => Unknown,
    }
}

/// `for key in mapping: ... mapping[key] ...`: the loop variable indexes the very thing it
/// iterates, so it is one of its keys (a dict's keys are hashable; a list's items could not
/// index it).
fn keys_of_what_it_iterates<'a>(
    cx: &RuleContext<'_, 'a>,
    binding: &Binding<'a>,
    iter: &'a Expr,
    scope: ScopeId,
) -> bool {
    let Expr::Name(container) = iter else {
        return false;
    };
    let Resolution::Bound { owner, .. } =
        cx.model
            .resolve(container.id.as_str(), container.range.start(), scope)
    else {
        return false;
    };
    cx.model
        .references_to(owner, container.id.as_str())
        .filter(|r| r.range.start() > binding.position && r.usage == Usage::SubscriptLoad)
        .any(|r| {
            matches!(r.chain, Expr::Subscript(subscript)
                if matches!(&*subscript.slice, Expr::Name(key) if key.id.as_str() == binding.name))
        })
}

fn binding<'a>(cx: &RuleContext<'_, 'a>, binding: &Binding<'a>, depth: u8) -> Hashability {
    let model = cx.model;
    match binding.kind {
        BindingKind::Assignment | BindingKind::AnnotatedAssignment | BindingKind::NamedExpr => {
            binding
                .value
                .map_or(Unknown, |v| value(cx, v, binding.scope, depth))
        }
        BindingKind::AugmentedAssignment => match binding
            .value
            .map(|v| model.classify_value(v, binding.scope))
        {
            Some(ValueKind::Str | ValueKind::Number | ValueKind::Bytes) => Hashable,
            _ => Unknown,
        },
        BindingKind::ForTarget { iter, whole: true }
        | BindingKind::ComprehensionTarget { iter, whole: true } => {
            let scope = model.iterable_scope(binding.scope, iter);
            match items(cx, iter, scope, depth) {
                Unknown if keys_of_what_it_iterates(cx, binding, iter, scope) => Hashable,
                verdict => verdict,
            }
        }
        BindingKind::Parameter => parameter(cx, binding),
        BindingKind::Function { .. }
        | BindingKind::Class { .. }
        | BindingKind::Import(_)
        | BindingKind::ExceptHandler => Hashable,
        _ => Unknown,
    }
}
