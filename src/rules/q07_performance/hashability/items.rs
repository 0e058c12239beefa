//! What iterating a value yields, and what code adds to a container, as far as hashing goes.

use rustpython_parser::ast::{self, Expr, Ranged, Stmt};

use super::annotations::{annotated, CONTAINER_TYPES};
use super::{value, Hashability, MAX_DEPTH, MAX_FAN_OUT};
use crate::rule::RuleContext;
use crate::semantic::{Binding, BindingKind, Resolution, ScopeId, ScopeKind, Usage};
use Hashability::{Hashable, Unknown};

/// Builtins and functions whose result, iterated, yields strings or other hashables.
const HASHABLE_ITEMS: &[&str] = &[
    "builtins.range",
    "builtins.dir",
    "builtins.open",
    "builtins.dict",
    "builtins.set",
    "builtins.frozenset",
    "os.listdir",
    "os.walk",
    "glob.glob",
    "glob.iglob",
    "re.findall",
    "re.split",
    "fnmatch.filter",
    "shlex.split",
];

/// Methods that return strings, lists of strings or dict keys whatever their receiver.
const HASHABLE_ITEM_METHODS: &[&str] = &["keys", "split", "rsplit", "splitlines", "readlines"];

/// Builtins that hand on the items of their (first) argument.
const PASS_ITEMS_THROUGH: &[&str] = &[
    "list",
    "tuple",
    "sorted",
    "reversed",
    "iter",
    "set",
    "frozenset",
    "enumerate",
];

/// What iterating `expr` yields.
pub(super) fn items<'a>(
    cx: &RuleContext<'_, 'a>,
    expr: &'a Expr,
    scope: ScopeId,
    depth: u8,
) -> Hashability {
    if depth > MAX_DEPTH {
        return Unknown;
    }
    let model = cx.model;
    let next = depth + 1;
    match expr {
        // Dict keys and set members are hashable by construction; so are a string's characters.
        Expr::Dict(_)
        | Expr::DictComp(_)
        | Expr::Set(_)
        | Expr::SetComp(_)
        | Expr::JoinedStr(_) => Hashable,
        // A string's characters, a bytes' ints, a constant tuple's constants.
        Expr::Constant(_) => Hashable,
        Expr::List(list) => Hashability::all(list.elts.iter().map(|e| value(cx, e, scope, next))),
        Expr::Tuple(tuple) => {
            Hashability::all(tuple.elts.iter().map(|e| value(cx, e, scope, next)))
        }
        Expr::ListComp(comp) => comprehension_items(cx, expr, &comp.elt, next),
        Expr::GeneratorExp(comp) => comprehension_items(cx, expr, &comp.elt, next),
        Expr::Call(call) => call_items(cx, expr, call, scope, next),
        Expr::Name(name) => match model.resolve(name.id.as_str(), expr.start(), scope) {
            Resolution::Bound { owner, ids } if !ids.is_empty() && ids.len() <= MAX_FAN_OUT => {
                let bound = Hashability::all(ids.iter().map(|id| {
                    let binding = model.binding(*id);
                    match binding.kind {
                        BindingKind::Assignment
                        | BindingKind::AnnotatedAssignment
                        | BindingKind::NamedExpr => binding
                            .value
                            .map_or(Unknown, |v| items(cx, v, binding.scope, next)),
                        BindingKind::Parameter => parameter_items(cx, binding),
                        _ => Unknown,
                    }
                }));
                Hashability::all([bound, added(cx, owner, name.id.as_str(), next)])
            }
            _ => Unknown,
        },
        _ if model.holds_text(expr, scope) => Hashable,
        _ => Unknown,
    }
}

/// [`super::added_items`], following names up to `MAX_DEPTH`.
pub(super) fn added<'a>(
    cx: &RuleContext<'_, 'a>,
    owner: ScopeId,
    name: &str,
    depth: u8,
) -> Hashability {
    if depth > MAX_DEPTH {
        return Unknown;
    }
    let next = depth + 1;
    let adding = cx
        .model
        .references_to(owner, name)
        .filter(|reference| adds(reference.usage))
        .count();
    if adding > MAX_FAN_OUT {
        return Unknown;
    }
    Hashability::all(cx.model.references_to(owner, name).map(|reference| {
        let scope = reference.scope;
        match reference.usage {
            Usage::MethodCall(method) => {
                let Expr::Call(call) = reference.chain else {
                    return Unknown;
                };
                match (method, call.args.as_slice()) {
                    ("append" | "add", [value_added]) => value(cx, value_added, scope, next),
                    ("insert", [_, value_added]) => value(cx, value_added, scope, next),
                    ("extend" | "update", [values]) => items(cx, values, scope, next),
                    ("append" | "add" | "insert" | "extend" | "update", _) => Unknown,
                    _ => Hashable,
                }
            }
            Usage::AugmentedAssignment => match reference.statement {
                Stmt::AugAssign(aug) => items(cx, &aug.value, scope, next),
                _ => Unknown,
            },
            Usage::SubscriptStore => match reference.statement {
                Stmt::Assign(assign) => value(cx, &assign.value, scope, next),
                _ => Unknown,
            },
            _ => Hashable,
        }
    }))
}

fn comprehension_items<'a>(
    cx: &RuleContext<'_, 'a>,
    comprehension: &'a Expr,
    element: &'a Expr,
    depth: u8,
) -> Hashability {
    match cx.model.comprehension_scope(comprehension) {
        Some(inner) => value(cx, element, inner, depth),
        None => Unknown,
    }
}

fn call_items<'a>(
    cx: &RuleContext<'_, 'a>,
    expr: &'a Expr,
    call: &'a ast::ExprCall,
    scope: ScopeId,
    depth: u8,
) -> Hashability {
    let model = cx.model;
    if let Expr::Attribute(method) = &*call.func {
        if HASHABLE_ITEM_METHODS.contains(&method.attr.as_str()) {
            return Hashable;
        }
    }
    if model.holds_text(expr, scope) {
        return Hashable;
    }
    let Some(callee) = model.qualified_name(&call.func, scope) else {
        return Unknown;
    };
    if callee.is_any(HASHABLE_ITEMS) {
        return Hashable;
    }
    match callee.segments() {
        ["builtins", name] if PASS_ITEMS_THROUGH.contains(name) => call
            .args
            .first()
            .map_or(Hashable, |arg| items(cx, arg, scope, depth)),
        ["builtins", "zip"] => {
            Hashability::all(call.args.iter().map(|arg| items(cx, arg, scope, depth)))
        }
        _ => Unknown,
    }
}

/// For a parameter annotated `list[str]`, `Iterable[int]`, `dict[str, X]`...: its items.
fn parameter_items<'a>(cx: &RuleContext<'_, 'a>, binding: &Binding<'a>) -> Hashability {
    let scope = cx.model.scope(binding.scope);
    let ScopeKind::Function(function) = scope.kind else {
        return Unknown;
    };
    let outer = scope.parent.unwrap_or(ScopeId::MODULE);
    let Some(annotation) = function
        .parameters()
        .find(|arg| arg.arg.as_str() == binding.name)
        .and_then(|arg| arg.annotation.as_deref())
    else {
        return Unknown;
    };
    match annotation {
        Expr::Subscript(sub) => {
            let is_container = cx
                .model
                .qualified_name(&sub.value, outer)
                .is_some_and(|name| name.is_any(CONTAINER_TYPES));
            if !is_container {
                return Unknown;
            }
            let first = match &*sub.slice {
                Expr::Tuple(tuple) => tuple.elts.first(),
                other => Some(other),
            };
            first.map_or(Unknown, |item| annotated(cx, item, outer, 0))
        }
        other => match cx.model.qualified_name(other, outer) {
            Some(name)
                if name.is_any(&[
                    "builtins.str",
                    "builtins.bytes",
                    "builtins.dict",
                    "builtins.set",
                ]) =>
            {
                Hashable
            }
            _ => Unknown,
        },
    }
}

/// Whether a use of a container may put a value in it.
fn adds(usage: Usage<'_>) -> bool {
    matches!(
        usage,
        Usage::MethodCall("append" | "add" | "insert" | "extend" | "update")
            | Usage::AugmentedAssignment
            | Usage::SubscriptStore
    )
}
