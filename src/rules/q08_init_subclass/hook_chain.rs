//! How an `__init_subclass__` hook treats the chain of hooks along the MRO, shared by
//! PX0801 (a chain it demonstrably breaks) and PX0803 (a root hook that does not invite
//! other hooks in).

use rustpython_parser::ast::{Expr, Stmt, StmtClassDef, StmtFunctionDef};
use rustpython_parser::text_size::TextRange;

use crate::ast_ext::{self, Exit, FunctionRef};
use crate::rule::RuleContext;
use crate::semantic::{Base, CallSite, ScopeId};
use crate::visit::Node;

/// What a hook does wrong.
pub(super) enum Break<'a> {
    /// It never calls `super().__init_subclass__()`; `kwargs` is its `**kwargs`, if any.
    NoUpCall { kwargs: Option<&'a str> },
    /// It accepts `**kwargs`, never reads them, and calls up without them.
    DropsKeywords { kwargs: &'a str },
}

/// A hook and what it does wrong.
pub(super) struct Verdict<'a> {
    pub broken: Break<'a>,
    pub def: &'a StmtFunctionDef,
    /// The hook's own scope.
    pub scope: ScopeId,
    /// The `def` line.
    pub header: TextRange,
    /// A base of the class runs a hook of its own (`typing.Generic`, a class of the module
    /// with `__init_subclass__`...), which the missing up-call demonstrably skips.
    pub skips_known_hook: bool,
}

/// Classes of the standard library and well-known frameworks whose own
/// `__init_subclass__` does work that a hook not calling `super()` skips.
const BASES_WITH_HOOKS: &[&str] = &[
    "typing.Generic",
    "typing.Protocol",
    "typing_extensions.Protocol",
    "pydantic.BaseModel",
    "pydantic.main.BaseModel",
];

/// The verdict on `node` if it is an `__init_subclass__` that breaks the chain.
pub(super) fn judge<'a>(node: Node<'a>, cx: &RuleContext<'_, 'a>) -> Option<Verdict<'a>> {
    let Node::Stmt(Stmt::FunctionDef(def)) = node else {
        return None;
    };
    if def.name.as_str() != "__init_subclass__" || cx.is_stub_file() {
        return None;
    }
    let class = cx.ctx.class_body()?;
    // A declaration, or a hook that forbids subclassing: no chain to continue.
    if ast_ext::is_stub_body(&def.body) || ast_ext::always_exits(&def.body, Exit::Raise) {
        return None;
    }
    let function = FunctionRef::Sync(def);
    let scope = cx.model.function_scope(function)?;
    let kwargs = def.args.kwarg.as_deref().map(|arg| arg.arg.as_str());
    let upward = upward_calls(cx, scope);
    let broken = match (kwargs, upward.is_empty()) {
        (kwargs, true) => Break::NoUpCall { kwargs },
        // The chain continues, and a stray class keyword fails loudly at class creation.
        (None, false) => return None,
        // Keywords the hook reads itself are consumed, not dropped: passing them on would
        // make `object.__init_subclass__` raise.
        (Some(kwargs), false)
            if !forwards_keywords(&upward)
                && cx.model.references_to(scope, kwargs).next().is_none() =>
        {
            Break::DropsKeywords { kwargs }
        }
        (Some(_), false) => return None,
    };
    Some(Verdict {
        broken,
        def,
        scope,
        header: function.header_range(cx.source),
        skips_known_hook: skips_known_hook(cx, class),
    })
}

/// The hook's calls of `__init_subclass__` up the MRO.
pub(super) fn upward_calls<'m, 'a>(
    cx: &'m RuleContext<'_, 'a>,
    scope: ScopeId,
) -> Vec<&'m CallSite<'a>> {
    cx.model
        .scope(scope)
        .frame
        .calls
        .iter()
        .filter(|site| is_init_subclass_call(&site.call.func))
        .collect()
}

fn forwards_keywords(upward: &[&CallSite<'_>]) -> bool {
    upward.iter().any(|site| {
        site.call
            .keywords
            .iter()
            .any(|keyword| keyword.arg.is_none())
    })
}

/// Whether the class has a base whose `__init_subclass__` is known to do something: a hook
/// of a class of this module up the MRO, or one of [`BASES_WITH_HOOKS`].
fn skips_known_hook<'a>(cx: &RuleContext<'_, 'a>, class: &'a StmtClassDef) -> bool {
    cx.model
        .class_scope(class)
        .and_then(|body| cx.model.scope(body).parent)
        .is_some_and(|scope| bases_have_hook(cx, class, scope, 0))
}

fn bases_have_hook<'a>(
    cx: &RuleContext<'_, 'a>,
    class: &'a StmtClassDef,
    scope: ScopeId,
    depth: u8,
) -> bool {
    depth < 8
        && cx
            .model
            .class_bases(class, scope)
            .into_iter()
            .any(|base| match base {
                Base::Qualified(name) => name.is_any(BASES_WITH_HOOKS),
                Base::Local(base, base_scope) => {
                    cx.model
                        .class_scope(base)
                        .is_some_and(|body| cx.model.scope(body).binds("__init_subclass__"))
                        || bases_have_hook(cx, base, base_scope, depth + 1)
                }
                Base::Unknown => false,
            })
}

/// `super().__init_subclass__`, `super(C, cls).__init_subclass__` or an explicit
/// `Base.__init_subclass__`.
fn is_init_subclass_call(func: &Expr) -> bool {
    matches!(func, Expr::Attribute(attr) if attr.attr.as_str() == "__init_subclass__")
}
