//! PX0705 cache-on-method: `functools.lru_cache`/`functools.cache` on an instance method
//! caches on `(self, *args)`. The cache belongs to the function, not the instance: it keeps
//! every `self` it has seen alive for as long as the class exists, and all instances share
//! (and evict from) one cache.

use rustpython_parser::ast::{Expr, Ranged, Stmt};

use crate::ast_ext::FunctionRef;
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{Node, NodeKind};

pub struct CacheOnMethod;

static META: RuleMeta = RuleMeta {
    code: "PX0705",
    name: "cache-on-method",
    severity: Severity::Warning,
    question: Some(Question::new(7)),
    opt_in: false,
    min_version: None,
    summary: "`functools.lru_cache`/`cache` on an instance method keeps every instance alive",
    doc: include_str!("../../../rules/PX0705.md"),
    applies_to: Roles::SHIPPED_CODE,
};

const CACHES: &[&str] = &["functools.lru_cache", "functools.cache"];
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
        cx.report(
            cache.range(),
            format!("`@{spelled}` on the method `{method}` caches on `self`: the cache keeps every instance it has seen alive and is shared by all instances"),
            "cache per instance instead: `functools.cached_property` for an argument-less method, or a cache stored on the instance (built in `__init__`, e.g. `self._lookup = functools.lru_cache(maxsize=...)(self._lookup_uncached)`); or move the computation to a module-level cached function of hashable arguments",
        );
    }
}
