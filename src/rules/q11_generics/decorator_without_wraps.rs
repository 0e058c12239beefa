//! PX1103 decorator-without-wraps: a decorator returns an inner function that stands in for
//! the function it was given, without `functools.wraps`. The result then carries the inner
//! function's `__name__`, `__qualname__`, `__doc__` and signature, and no `__wrapped__`, so
//! tracebacks, logs, documentation tools, `inspect.signature` and other decorators all see
//! the wrapper instead of the decorated function.

use rustpython_parser::ast::{Expr, ExprCall, Ranged, Stmt};

use crate::ast_ext::FunctionRef;
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{Access, BindingKind, ScopeId, Usage};
use crate::visit::{Node, NodeKind};

pub struct DecoratorWithoutWraps;

static META: RuleMeta = RuleMeta {
    code: "PX1103",
    name: "decorator-without-wraps",
    severity: Severity::Warning,
    question: Some(Question::new(11)),
    opt_in: true,
    min_version: None,
    summary: "a decorator's wrapper function not decorated with `functools.wraps` (the result loses the wrapped function's name, docstring and signature)",
    doc: include_str!("../../../rules/PX1103.md"),
    applies_to: Roles::SHIPPED_CODE,
};

impl Rule for DecoratorWithoutWraps {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fixes(&self) -> &'static [Applicability] {
        &[Applicability::Safe]
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::FunctionDef, NodeKind::AsyncFunctionDef]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(stmt) = node else {
            return;
        };
        let Some(outer) = FunctionRef::from_stmt(stmt) else {
            return;
        };
        let Some(outer_scope) = cx.model.function_scope(outer) else {
            return;
        };
        let frame = &cx.model.scope(outer_scope).frame;
        if frame.yields {
            return;
        }
        for ret in &frame.returns {
            let Some(Expr::Name(returned)) = ret.value.as_deref() else {
                continue;
            };
            let Some(binding) =
                cx.model
                    .unique_binding(returned.id.as_str(), ret.range.start(), outer_scope)
            else {
                continue;
            };
            let BindingKind::Function { def: inner, scope } = binding.kind else {
                continue;
            };
            if binding.scope != outer_scope || !inner.decorators().is_empty() {
                continue;
            }
            let header = inner.header_range(cx.source);
            if cx.already_reported(header) {
                continue;
            }
            let Some(wrapped) = wrapped_parameter(cx, outer, outer_scope, inner, scope) else {
                continue;
            };
            if metadata_handled(cx, outer_scope, inner.name()) {
                continue;
            }
            if !stands_in(cx, outer, inner) {
                continue;
            }
            if is_fixture(cx, outer)
                || wraps_a_class(cx, outer, wrapped)
                || mentions_wraps(cx.source, outer)
            {
                continue;
            }
            let name = inner.name();
            let fix = super::decorator_without_wraps_fix::fix(cx, outer_scope, inner, wrapped);
            cx.report(
                header,
                format!("`{name}` replaces the decorated function `{wrapped}` without `functools.wraps`: the result is named `{name}`, has no docstring or `__wrapped__`, and `inspect.signature` shows the wrapper's parameters"),
                format!("decorate it with `@functools.wraps({wrapped})`, which copies `__name__`, `__qualname__`, `__doc__`, `__module__` and `__dict__` and sets `__wrapped__`"),
            )
            .set_fix(fix);
        }
    }
}

/// The parameter of `outer` that `inner` calls while passing its own arguments on: the
/// function being decorated. A closure that calls a parameter with different arguments (an
/// adapter, an event handler built from a callback) does not stand in for it.
fn wrapped_parameter<'a>(
    cx: &RuleContext<'_, 'a>,
    outer: FunctionRef<'a>,
    outer_scope: ScopeId,
    inner: FunctionRef<'a>,
    inner_scope: ScopeId,
) -> Option<&'a str> {
    let inner_range = inner.range();
    outer.parameters().map(|p| p.arg.as_str()).find(|param| {
        // A parameter rebound in the decorator is no longer simply the decorated function.
        if cx.model.scope(outer_scope).bindings_of(param).len() != 1 {
            return false;
        }
        cx.model
            .references_to(outer_scope, param)
            .filter(|r| r.usage == Usage::Called && inner_range.contains_range(r.range))
            .any(|r| match r.accesses().first() {
                Some(Access::Call(call)) => forwards_arguments(cx, call, inner, inner_scope),
                _ => false,
            })
    })
}

/// Whether the result is meant to take the place of the function it was given: `inner`
/// accepts any arguments (`*args` or `**kwargs`), or `outer` is applied as a decorator in
/// its own scope (`@outer`, `@outer(...)`), or it is what an enclosing decorator factory
/// returns. A factory of callbacks with a fixed signature that is only ever called (a
/// middleware factory taking `get_response`) does not stand in for its argument.
fn stands_in<'a>(cx: &RuleContext<'_, 'a>, outer: FunctionRef<'a>, inner: FunctionRef<'a>) -> bool {
    let args = inner.args();
    if args.vararg.is_some() || args.kwarg.is_some() {
        return true;
    }
    let scope = cx.ctx.scope();
    let name = outer.name();
    let applied = cx.model.references_to(scope, name).any(|r| {
        let decorators: &[Expr] = match r.statement {
            Stmt::ClassDef(class) => &class.decorator_list,
            stmt => FunctionRef::from_stmt(stmt).map_or(&[], |f| f.decorators()),
        };
        decorators.iter().any(|d| d.range().contains_range(r.range))
    });
    if applied {
        return true;
    }
    cx.model
        .scope(scope)
        .frame
        .returns
        .iter()
        .any(|ret| matches!(ret.value.as_deref(), Some(Expr::Name(n)) if n.id.as_str() == name))
}

/// Whether `call` passes on the parameters of `inner` unchanged: each positional parameter
/// by name, `*args` as `*args` and `**kwargs` as `**kwargs` (keyword-only parameters may be
/// the wrapper's own options). A wrapper without parameters forwards trivially.
fn forwards_arguments<'a>(
    cx: &RuleContext<'_, 'a>,
    call: &'a ExprCall,
    inner: FunctionRef<'a>,
    inner_scope: ScopeId,
) -> bool {
    let args = inner.args();
    // The names must still be the parameters when the call runs.
    let intact = |name: &str| cx.model.scope(inner_scope).bindings_of(name).len() == 1;
    let passed_plain = |name: &str| {
        call.args
            .iter()
            .any(|a| matches!(a, Expr::Name(n) if n.id.as_str() == name))
            || call.keywords.iter().any(|k| {
                k.arg.is_some() && matches!(&k.value, Expr::Name(n) if n.id.as_str() == name)
            })
    };
    let positional = args
        .posonlyargs
        .iter()
        .chain(&args.args)
        .map(|a| a.def.arg.as_str())
        .all(|name| intact(name) && passed_plain(name));
    let varargs = args.vararg.as_deref().is_none_or(|vararg| {
        let name = vararg.arg.as_str();
        intact(name)
            && call.args.iter().any(|a| {
                matches!(a, Expr::Starred(s) if matches!(&*s.value, Expr::Name(n) if n.id.as_str() == name))
            })
    });
    let kwargs = args.kwarg.as_deref().is_none_or(|kwarg| {
        let name = kwarg.arg.as_str();
        intact(name)
            && call.keywords.iter().any(|k| {
                k.arg.is_none() && matches!(&k.value, Expr::Name(n) if n.id.as_str() == name)
            })
    });
    // Extra positional arguments (`cls(path, *details)`) make it an adapter, not a stand-in.
    let own = |a: &Expr| match a {
        Expr::Name(n) => args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .any(|p| p.def.arg.as_str() == n.id.as_str()),
        Expr::Starred(s) => {
            matches!((&*s.value, args.vararg.as_deref()), (Expr::Name(n), Some(v)) if n.id.as_str() == v.arg.as_str())
        }
        _ => false,
    };
    positional && varargs && kwargs && call.args.iter().all(own)
}

/// Whether the decorator does something else with the wrapper than return it that may copy
/// the metadata: passes it to a call (`functools.update_wrapper(wrapper, func)`, a helper of
/// its own), or touches its dunder attributes (`wrapper.__name__ = func.__name__`,
/// `wrapper.__dict__.update(...)`).
fn metadata_handled(cx: &RuleContext<'_, '_>, outer_scope: ScopeId, name: &str) -> bool {
    cx.model.references_to(outer_scope, name).any(|r| {
        let returned = matches!(
            r.statement,
            Stmt::Return(ret) if ret.value.as_deref().is_some_and(|v| v.range() == r.range)
        );
        if returned {
            return false;
        }
        match r.usage {
            Usage::Argument => true,
            Usage::Attribute(attr)
            | Usage::AttributeStore(attr)
            | Usage::MethodCall(attr)
            | Usage::AttributeDelete(attr) => attr.starts_with("__") && attr.ends_with("__"),
            _ => false,
        }
    })
}

/// pytest's fixture decorators: a fixture that returns a closure hands tests a factory; its
/// parameters are other fixtures, not a function being decorated.
const FIXTURE_DECORATORS: &[&str] = &[
    "pytest.fixture",
    "_pytest.fixtures.fixture",
    "pytest_asyncio.fixture",
];

fn is_fixture<'a>(cx: &RuleContext<'_, 'a>, outer: FunctionRef<'a>) -> bool {
    cx.model
        .find_decorator(outer.decorators(), cx.ctx.scope(), FIXTURE_DECORATORS)
        .is_some()
}

/// Whether the callable the inner function calls is a class: the closure then stands in for
/// a constructor (a test's fake for a class, a factory that adjusts new instances), and
/// copying the class's name and docstring onto a function is no improvement. The evidence:
/// the parameter is named like a class (`cls`, `klass`, `model_class`, `Model`), the outer
/// function decorates a `class` statement, or every call of it in the module passes a class
/// (a class of this module, or a dotted name ending in a capitalised name: `mod.Client`).
fn wraps_a_class<'a>(cx: &RuleContext<'_, 'a>, outer: FunctionRef<'a>, wrapped: &str) -> bool {
    if named_like_a_class(wrapped) {
        return true;
    }
    let scope = cx.ctx.scope();
    let Some(position) = outer.parameters().position(|p| p.arg.as_str() == wrapped) else {
        return false;
    };
    let mut uses = cx.model.references_to(scope, outer.name()).peekable();
    if uses.peek().is_none() {
        return false;
    }
    uses.all(|reference| {
        if let Stmt::ClassDef(class) = reference.statement {
            return class
                .decorator_list
                .iter()
                .any(|d| d.range().contains_range(reference.range));
        }
        let Some(Access::Call(call)) = reference.accesses().first().copied() else {
            return false;
        };
        crate::ast_ext::call_argument(call, position, wrapped)
            .is_some_and(|argument| names_a_class(cx, argument, reference.scope))
    })
}

fn named_like_a_class(name: &str) -> bool {
    let name = name.trim_start_matches('_');
    matches!(name, "cls" | "klass" | "kls" | "class_")
        || name.ends_with("_cls")
        || name.ends_with("_class")
        || name.ends_with("_klass")
        || (name.starts_with(|c: char| c.is_ascii_uppercase())
            && name.chars().any(|c| c.is_ascii_lowercase()))
}

/// A class of this module, or a name or dotted name whose last part is capitalised and not
/// all upper case (`Client`, `models.User`; `DEFAULT` is a constant).
fn names_a_class<'a>(cx: &RuleContext<'_, 'a>, expr: &'a Expr, scope: ScopeId) -> bool {
    if cx.model.local_class(expr, scope).is_some() {
        return true;
    }
    let last = match expr {
        Expr::Name(name) => name.id.as_str(),
        Expr::Attribute(attr) => attr.attr.as_str(),
        _ => return false,
    };
    last.starts_with(|c: char| c.is_ascii_uppercase())
        && last.chars().any(|c| c.is_ascii_lowercase())
}

/// Whether a comment in the decorator mentions `wraps`: the author has considered it and
/// left it out on purpose (`# not using @wraps here for performance`).
fn mentions_wraps(source: &str, outer: FunctionRef<'_>) -> bool {
    source[outer.range()]
        .lines()
        .filter_map(|line| line.split_once('#').map(|(_, comment)| comment))
        .any(|comment| comment.contains("wraps") || comment.contains("update_wrapper"))
}
