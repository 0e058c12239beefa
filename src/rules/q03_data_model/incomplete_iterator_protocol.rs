//! PX0304 incomplete-iterator-protocol: an iterator needs both halves of the protocol.
//! `for` and `iter()` look up `__iter__`, `next()` looks up `__next__`; a class with only
//! `__next__` cannot be looped over, and an `__iter__` that returns `self` from a class
//! without `__next__` makes `for` fail with "iter() returned non-iterator".

use rustpython_parser::ast::{Expr, Stmt, StmtClassDef};

use crate::ast_ext::{self, FunctionRef};
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{ScopeId, SemanticModel};
use crate::visit::{self, Context, Node, NodeKind, Visitor};

pub struct IncompleteIteratorProtocol;

static META: RuleMeta = RuleMeta {
    code: "PX0304",
    name: "incomplete-iterator-protocol",
    severity: Severity::Error,
    question: Some(Question::new(3)),
    opt_in: true,
    min_version: None,
    summary: "class with `__next__` but no `__iter__`, or an `__iter__` returning `self` without `__next__`",
    doc: include_str!("../../../rules/PX0304.md"),
    applies_to: Roles::SHIPPED_CODE,
};

impl Rule for IncompleteIteratorProtocol {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::ClassDef, NodeKind::Return]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        if cx.is_stub_file() {
            return;
        }
        match node {
            Node::Stmt(stmt @ Stmt::ClassDef(class)) => {
                // A private helper (`class _KeyStream:`) is stepped by the module's own
                // `next(...)` calls: a `for` loop over it would fail the module's own tests.
                if class.name.starts_with('_') {
                    return;
                }
                let scope = cx.ctx.scope();
                let Some(body) = cx.model.class_scope(class) else {
                    return;
                };
                let next_bindings = cx.model.scope(body).bindings_of("__next__");
                // `__next__ = next` keeps a Python 2 era `next()` method working under its
                // new name: such classes are stepped by hand, not iterated.
                // So is a `__next__` that only hands over to such a method
                // (`def __next__(self): return self.next()`).
                // A `__next__` that neither gives items (it returns nothing) nor ends an
                // iteration (no `raise StopIteration`) is a step method for an object advanced by hand: a date
                // rule's `_genitem` that moves to its next date, a GUI button's callback.
                let defined = next_bindings.iter().any(|id| {
                    cx.model
                        .binding(*id)
                        .function()
                        .is_some_and(|(function, _)| {
                            !forwards_to_own_method(function)
                                && acts_as_iterator(cx.model, function)
                        })
                });
                if !defined || !is_self_contained(cx, class, scope) {
                    return;
                }
                // `__getitem__` makes instances iterable through the sequence protocol.
                if cx.model.class_binds(class, scope, "__iter__")
                    || cx.model.class_binds(class, scope, "__getitem__")
                {
                    return;
                }
                let name = class.name.as_str();
                cx.report(
                    ast_ext::statement_header(stmt, cx.source),
                    format!("`{name}` defines `__next__` but not `__iter__`: `next()` works on its instances, but `for` loops and `iter()` raise TypeError"),
                    "add `def __iter__(self): return self`, so the iterator is also iterable",
                );
            }
            Node::Stmt(Stmt::Return(ret)) => {
                let Some((method, class)) = cx.ctx.method() else {
                    return;
                };
                if method.name() != "__iter__"
                    || cx.ctx.function().map(FunctionRef::address) != Some(method.address())
                    || !method.decorators().is_empty()
                {
                    return;
                }
                let Some(first) = method.first_parameter() else {
                    return;
                };
                if !matches!(ret.value.as_deref(), Some(Expr::Name(name)) if name.id.as_str() == first)
                {
                    return;
                }
                let Some(method_scope) = cx.model.function_scope(method) else {
                    return;
                };
                if cx.model.scope(method_scope).frame.yields {
                    return;
                }
                let Some(scope) = cx
                    .model
                    .class_scope(class)
                    .and_then(|body| cx.model.scope(body).parent)
                else {
                    return;
                };
                if !is_self_contained(cx, class, scope)
                    || cx.model.class_binds(class, scope, "__next__")
                {
                    return;
                }
                let name = class.name.as_str();
                let help = if cx.model.class_binds(class, scope, "next") {
                    "rename the `next` method to `__next__` (its Python 3 name), or alias it with `__next__ = next`".to_string()
                } else {
                    "add a `__next__` method that returns the next item and raises `StopIteration` when done, or have `__iter__` return a fresh iterator (`return iter(self.items)`, or write it as a generator)".to_string()
                };
                cx.report(
                    ret.range,
                    format!("`__iter__` returns `{first}`, but `{name}` has no `__next__`: `for` loops and `iter()` raise TypeError (iter() returned non-iterator)"),
                    help,
                );
            }
            _ => {}
        }
    }
}

/// Whether everything the class's instances get comes from code in this module: no imported
/// or unknown base that could supply the missing method, no class decorator that could add
/// it, and no subclass here that may be the class actually used.
fn is_self_contained<'a>(
    cx: &RuleContext<'_, 'a>,
    class: &'a StmtClassDef,
    scope: ScopeId,
) -> bool {
    class.decorator_list.is_empty()
        && !cx.model.class_has_opaque_base(class, scope)
        && cx.model.direct_subclasses(class).is_empty()
}

/// `def __next__(self): return self.other(...)` (a docstring aside): the method only gives an
/// older `next()` its Python 3 name, like the alias `__next__ = next`.
fn forwards_to_own_method(function: FunctionRef<'_>) -> bool {
    let Some(instance) = function.first_parameter() else {
        return false;
    };
    let body = function.body();
    let body = match body {
        [Stmt::Expr(docstring), rest @ ..] if docstring.value.is_constant_expr() => rest,
        _ => body,
    };
    let [Stmt::Return(ret)] = body else {
        return false;
    };
    let Some(Expr::Call(call)) = ret.value.as_deref() else {
        return false;
    };
    matches!(
        &*call.func,
        Expr::Attribute(method)
            if method.attr.as_str() != "__next__"
                && matches!(&*method.value, Expr::Name(owner) if owner.id.as_str() == instance)
    )
}

/// Whether the method's own code (nested functions aside) gives items or ends an iteration:
/// it returns a value, or raises `StopIteration`.
fn acts_as_iterator(model: &SemanticModel<'_>, function: FunctionRef<'_>) -> bool {
    let Some(body) = model.function_scope(function) else {
        return false;
    };
    let returns_a_value = model.scope(body).frame.returns.iter().any(|ret| {
        ret.value
            .as_deref()
            .is_some_and(|value| !matches!(value, Expr::Constant(c) if c.value.is_none()))
    });
    returns_a_value || {
        let mut scan = StopIterationRaise { found: false };
        visit::walk_body(function.body(), &mut scan);
        scan.found
    }
}

/// Finds a `raise StopIteration` in one function's own body.
struct StopIterationRaise {
    found: bool,
}

impl<'a> Visitor<'a> for StopIterationRaise {
    fn enter_node(&mut self, node: Node<'a>, ctx: &Context<'a>) {
        if self.found || !ctx.is_module_level() {
            return;
        }
        if let Node::Stmt(Stmt::Raise(raise)) = node {
            self.found = raise.exc.as_deref().is_some_and(|exc| {
                let class = match exc {
                    Expr::Call(call) => &*call.func,
                    other => other,
                };
                matches!(class, Expr::Name(name) if name.id.as_str() == "StopIteration")
            });
        }
    }
}
