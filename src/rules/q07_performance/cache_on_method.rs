//! PX0705 cache-on-method: `functools.lru_cache`/`functools.cache` on an instance method
//! caches on `(self, *args)`. The cache belongs to the function, not the instance: an
//! unbounded one (`cache`, `lru_cache(maxsize=None)`) keeps every `self` it has seen alive
//! for as long as the class exists. On a class whose instances are unhashable, any cache
//! makes every call raise `TypeError`.
//!
//! A bounded cache keeps at most `maxsize` instances (128 by default), evicting the oldest
//! (measured in `bench/claims/px0705_method_cache.py`): whether that costs anything depends
//! on how many instances the program makes and how big they are, which the code does not
//! show (a few long-lived dialects or connections cost nothing), so bounded caches are left
//! alone unless the instances cannot be hashed at all.

use rustpython_parser::ast::{Constant, Expr, Ranged, Stmt, StmtClassDef};

use super::hashability::{self, Hashability};
use crate::ast_ext::{self, FunctionRef};
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::ScopeId;
use crate::visit::{Node, NodeKind};

pub struct CacheOnMethod;

static META: RuleMeta = RuleMeta {
    code: "PX0705",
    name: "cache-on-method",
    severity: Severity::Warning,
    question: Some(Question::new(7)),
    opt_in: true,
    min_version: None,
    summary: "`functools.lru_cache`/`cache` on an instance method keeps every instance alive",
    doc: include_str!("../../../rules/PX0705.md"),
    applies_to: Roles::SHIPPED_CODE,
};

const CACHES: &[&str] = &["functools.lru_cache", "functools.cache"];
/// Bases whose instances are immutable values, hashed and compared by value.
const IMMUTABLE_VALUE_BASES: &[&str] = &[
    "typing.NamedTuple",
    "typing_extensions.NamedTuple",
    "builtins.tuple",
    "builtins.str",
    "builtins.bytes",
    "builtins.int",
    "builtins.float",
    "builtins.complex",
    "builtins.frozenset",
    "decimal.Decimal",
    "fractions.Fraction",
];
/// Factories of named tuple classes, used as a base: `class P(namedtuple("P", "x y")):`.
const NAMED_TUPLE_FACTORIES: &[&str] = &["collections.namedtuple", "typing.NamedTuple"];
/// Decorators that leave an instance method an instance method.
const TRANSPARENT: &[&str] = &[
    "builtins.property",
    "abc.abstractmethod",
    "typing.final",
    "typing.override",
    "typing_extensions.final",
    "typing_extensions.override",
];
/// Methods Python calls with the class, not an instance, without a decorator.
const IMPLICIT_NON_INSTANCE: &[&str] = &["__new__", "__init_subclass__", "__class_getitem__"];
/// Classes whose instances live as long as the class anyway, so holding them in a cache
/// leaks nothing: enum members and classes (instances of a metaclass).
const IMMORTAL_INSTANCES: &[&str] = &[
    "enum.Enum",
    "enum.IntEnum",
    "enum.StrEnum",
    "enum.Flag",
    "enum.IntFlag",
    "enum.ReprEnum",
    "builtins.type",
];

impl Rule for CacheOnMethod {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::FunctionDef, NodeKind::AsyncFunctionDef]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(stmt @ (Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_))) = node else {
            return;
        };
        let function = FunctionRef::from_stmt(stmt).expect("a def");
        let Some(class) = cx.ctx.class_body() else {
            return;
        };
        if cx.is_stub_file() || function.first_parameter().is_none() {
            return;
        }
        let model = cx.model;
        let scope = cx.ctx.scope();
        let decorators = function.decorators();
        let Some(cache) = model.find_decorator(decorators, scope, CACHES) else {
            return;
        };
        // Any other decorator might turn the function into something that is not called
        // with an instance (`@classmethod`, a project's `@classproperty`).
        let only_known = decorators.iter().all(|decorator| {
            std::ptr::eq(decorator, cache)
                || model
                    .qualified_name(decorator, scope)
                    .is_some_and(|q| q.is_any(TRANSPARENT))
        });
        if !only_known || IMPLICIT_NON_INSTANCE.contains(&function.name()) {
            return;
        }
        // `m = classmethod(m)` later in the class body: the attribute is not this function.
        if model.scope(scope).bindings_of(function.name()).len() > 1 {
            return;
        }
        let Some(class_scope) = model.scope(scope).parent else {
            return;
        };
        if model.class_inherits_from(class, class_scope, IMMORTAL_INSTANCES) {
            return;
        }
        let decorator_name = match cache {
            Expr::Call(call) => &call.func,
            other => other,
        };
        let spelled = &cx.source[decorator_name.range()];
        let method = function.name();
        if hashability::of_instances(cx, class, class_scope) == Hashability::Unhashable {
            let class_name = class.name.as_str();
            cx.report(
                cache.range(),
                format!("`@{spelled}` on the method `{method}`: instances of `{class_name}` are unhashable (`__eq__` without `__hash__`, as a dataclass with `eq=True` and no `frozen` generates), so every call raises `TypeError`"),
                "cache per instance (`functools.cached_property` for an argument-less method, or a cache built in `__init__`), or make the class hashable (`frozen=True` or `unsafe_hash=True` on a dataclass, or a `__hash__` that agrees with `__eq__`)",
            )
            .severity = Severity::Error;
            return;
        }
        if is_bounded(cx, cache, scope) {
            return;
        }
        if is_immutable_value_type(cx, class, class_scope) {
            cx.report(
                cache.range(),
                format!("`@{spelled}` on the method `{method}` of an immutable value type has no bound: the cache keeps every distinct value it has seen alive for as long as the class exists"),
                "give the cache a bound (`@functools.lru_cache(maxsize=...)`): equal values share entries, so a bounded cache on a value type keeps only the values in use",
            );
            return;
        }
        cx.report(
            cache.range(),
            format!("`@{spelled}` on the method `{method}` caches on `self`: the cache keeps every instance it has seen alive and is shared by all instances"),
            "cache per instance instead: `functools.cached_property` for an argument-less method, or a cache stored on the instance (built in `__init__`, e.g. `self._lookup = functools.lru_cache(maxsize=...)(self._lookup_uncached)`); or move the computation to a module-level cached function of hashable arguments",
        );
    }
}

/// Whether the cache decorator has a bound: `lru_cache`, `lru_cache()` and
/// `lru_cache(maxsize=N)` do (128 by default); `cache` and `lru_cache(maxsize=None)` do not.
fn is_bounded<'a>(cx: &RuleContext<'_, 'a>, cache: &'a Expr, scope: ScopeId) -> bool {
    let (callee, call) = match cache {
        Expr::Call(call) => (&*call.func, Some(call)),
        other => (other, None),
    };
    let is_lru = cx
        .model
        .qualified_name(callee, scope)
        .is_some_and(|q| q.is("functools.lru_cache"));
    if !is_lru {
        return false;
    }
    let maxsize = call.and_then(|c| ast_ext::call_argument(c, 0, "maxsize"));
    !matches!(maxsize, Some(Expr::Constant(c)) if matches!(c.value, Constant::None))
}

/// `__hash__ = None` in the class body.
fn removes_hash(cx: &RuleContext<'_, '_>, class: &StmtClassDef) -> bool {
    let model = cx.model;
    model.class_scope(class).is_some_and(|body| {
        model.scope(body).bindings_of("__hash__").iter().any(|id| {
            matches!(model.binding(*id).value, Some(Expr::Constant(c)) if matches!(c.value, Constant::None))
        })
    })
}

/// A class whose instances are immutable and compared by value: a frozen dataclass or attrs
/// class that keeps the generated `__eq__`, a named tuple, a subclass of an immutable
/// builtin (`tuple`, `str`, `int`...), or a class that defines `__eq__` and `__hash__`,
/// directly or through the module's own classes.
fn is_immutable_value_type<'a>(
    cx: &RuleContext<'_, 'a>,
    class: &'a StmtClassDef,
    scope: ScopeId,
) -> bool {
    let model = cx.model;
    if let Some(spec) = model.dataclass_spec(class, scope) {
        let keeps_eq = match spec.decorator {
            Expr::Call(call) => !matches!(
                ast_ext::keyword_value(call, "eq"),
                Some(Expr::Constant(c)) if matches!(c.value, Constant::Bool(false))
            ),
            _ => true,
        };
        return spec.frozen == Some(true) && keeps_eq;
    }
    if model.class_inherits_from(class, scope, IMMUTABLE_VALUE_BASES) {
        return true;
    }
    // A class that defines both `__eq__` and `__hash__` (itself or through the module's
    // classes, like `ipaddress.IPv4Address`) hashes by value, which is a promise that the
    // value does not change.
    let hashes_by_value = model.class_binds(class, scope, "__eq__")
        && model.class_binds(class, scope, "__hash__")
        && !removes_hash(cx, class);
    if hashes_by_value {
        return true;
    }
    class.bases.iter().any(|base| {
        matches!(base, Expr::Call(call) if model
            .qualified_name(&call.func, scope)
            .is_some_and(|q| q.is_any(NAMED_TUPLE_FACTORIES)))
    })
}
