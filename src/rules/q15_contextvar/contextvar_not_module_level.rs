//! PX1501 contextvar-not-module-level: a `ContextVar` is an identity, not a value holder. Made
//! inside a function, each call creates a new variable: what one call sets, no other code
//! can read, and since every context that saw a value keeps a strong reference to the
//! variable, they are never collected while those contexts live.

use rustpython_parser::ast::{Expr, ExprCall, Stmt};

use super::{escape, flows_directly, Escape, CONTEXT_VAR};
use crate::ast_ext::FunctionRef;
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{ScopeId, ScopeKind, SemanticModel, Usage};
use crate::visit::{Node, NodeKind};

pub struct ContextvarNotModuleLevel;

static META: RuleMeta = RuleMeta {
    code: "PX1501",
    name: "contextvar-not-module-level",
    // Raised to error for a variable that leaves the function (its values seem to vanish);
    // a private one set in the caller's context only costs memory.
    severity: Severity::Warning,
    question: Some(Question::new(15)),
    opt_in: true,
    min_version: None,
    summary: "`ContextVar(...)` created inside a function, so every call makes a new variable",
    doc: include_str!("../../../rules/PX1501.md"),
    applies_to: Roles::SHIPPED_CODE,
};

impl Rule for ContextvarNotModuleLevel {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Call]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Expr(Expr::Call(call)) = node else {
            return;
        };
        if cx.ctx.is_module_level() || !cx.model.imports_package("contextvars") {
            return;
        }
        let model = cx.model;
        let scope = cx.ctx.scope();
        let is_context_var = model
            .qualified_name(&call.func, scope)
            .is_some_and(|name| name.is_any(CONTEXT_VAR));
        if !is_context_var || cx.in_expected_failure() {
            return;
        }
        let Some(statement) = cx.ctx.statement() else {
            return;
        };
        let frame = cx.ctx.frame();
        if stored_per_instance(cx, statement, call)
            || memoised_in_registry(cx, statement, call)
            || runs_once_per_class(frame.kind)
        {
            return;
        }
        let how = match frame.kind {
            // A lambda returns its body's value.
            ScopeKind::Lambda(lambda) if flows_directly(&lambda.body, call.range) => {
                Escape::Returned
            }
            _ => escape(model, statement, call.range, scope, 0),
        };
        let place = match frame.kind {
            ScopeKind::Function(function) => format!("`{}`", function.name()),
            _ => "the lambda".to_string(),
        };
        let message = match how {
            // Used only inside the function (and its closures): nobody else can see it,
            // but a value set on it in the caller's context keeps it alive there.
            Escape::None => {
                if let Some(name) = set_without_reset(model, statement, call, frame.id) {
                    cx.report(
                        call.range,
                        format!("each call of {place} creates the `ContextVar` `{name}` and sets it in the caller's context: that context keeps a strong reference to every variable set in it, so one variable and its value pile up per call (for the main thread, for the life of the program)"),
                        format!("create the `ContextVar` once, at module level; or undo the value with the token `set` returns (`token = {name}.set(...)`, then `{name}.reset(token)` in a `finally`)"),
                    );
                }
                return;
            }
            Escape::Returned => {
                if let ScopeKind::Function(function) = frame.kind {
                    if called_only_at_import(model, function, frame.id) {
                        return;
                    }
                }
                format!("{place} returns a new `ContextVar` on every call: values set on one are invisible to code holding another, and every context that set one keeps it alive")
            }
            Escape::Stored => format!("this `ContextVar` is created and stored each time {place} runs: values set on an earlier one are invisible to code reading the new one, and every context that set one keeps it alive"),
        };
        cx.report(
            call.range,
            message,
            "create the `ContextVar` once, at module level, and use it from the function",
        )
        .severity = Severity::Error;
    }
}

/// `__init_subclass__` (and `__set_name__`) run once per class, when the class statement
/// runs at import time: a variable made there is one per class (`cls._ctx = ContextVar(...)`,
/// aiogram's per-class context), like one made in the class body.
fn runs_once_per_class(kind: ScopeKind<'_>) -> bool {
    matches!(kind, ScopeKind::Function(function)
        if matches!(function.name(), "__init_subclass__" | "__set_name__"))
}

/// `self.var = ContextVar(...)` in `__init__`: one variable per instance, read through the
/// instance, for context-local state of a long-lived object (a database's connection
/// state, werkzeug's `Local`). Values are not lost; each instance owns its variable.
fn stored_per_instance(cx: &RuleContext<'_, '_>, statement: &Stmt, call: &ExprCall) -> bool {
    let Some((method, _)) = cx.ctx.method() else {
        return false;
    };
    if method.name() != "__init__"
        || cx.ctx.function().map(FunctionRef::address) != Some(method.address())
    {
        return false;
    }
    let Some(receiver) = method.first_parameter() else {
        return false;
    };
    let (targets, value): (Vec<&Expr>, &Expr) = match statement {
        Stmt::Assign(assign) => (assign.targets.iter().collect(), &assign.value),
        Stmt::AnnAssign(assign) => match &assign.value {
            Some(value) => (vec![&*assign.target], value),
            None => return false,
        },
        _ => return false,
    };
    flows_directly(value, call.range)
        && targets.iter().all(|target| {
            matches!(target, Expr::Attribute(attr)
                if matches!(&*attr.value, Expr::Name(name) if name.id.as_str() == receiver))
        })
}

/// A variable made once per key and kept in a module-level registry that the same function
/// looks up first (`try: var = _VARS[key]` / `except KeyError: var = ContextVar(key);
/// _VARS[key] = var`): each key gets one variable, created on the first miss and reused.
fn memoised_in_registry(cx: &RuleContext<'_, '_>, statement: &Stmt, call: &ExprCall) -> bool {
    let model = cx.model;
    let frame = cx.ctx.frame().id;
    // The local the new variable is bound to, if any (`var = ContextVar(...)`).
    let local = match statement {
        Stmt::Assign(assign) if flows_directly(&assign.value, call.range) => {
            match assign.targets.as_slice() {
                [Expr::Name(name)] => Some(name.id.as_str()),
                _ => None,
            }
        }
        _ => None,
    };
    let stores_new_variable = |store: &Stmt| match store {
        Stmt::Assign(assign) => match &*assign.value {
            Expr::Name(name) => local == Some(name.id.as_str()),
            value => flows_directly(value, call.range),
        },
        _ => false,
    };
    let in_frame = |scope: ScopeId| model.frame_of(scope) == frame;
    model
        .references()
        .iter()
        .filter(|r| r.resolved == Some(ScopeId::MODULE) && in_frame(r.scope))
        .filter(|r| r.usage == Usage::SubscriptStore && stores_new_variable(r.statement))
        .any(|store| {
            model.references_to(ScopeId::MODULE, store.name).any(|r| {
                // Looked up before the store: the miss is what creates it.
                in_frame(r.scope)
                    && r.range.start() < store.range.start()
                    && matches!(
                        r.usage,
                        Usage::SubscriptLoad | Usage::MethodCall("get") | Usage::Load
                    )
            })
        })
}

/// A module-level function whose every use is a call made while the module is imported
/// (`request_id = _make_var("request_id")`): a factory that runs once per variable.
fn called_only_at_import<'a>(
    model: &SemanticModel<'a>,
    function: FunctionRef<'a>,
    body: ScopeId,
) -> bool {
    if model.scope(body).parent != Some(ScopeId::MODULE) {
        return false;
    }
    let mut uses = model
        .references_to(ScopeId::MODULE, function.name())
        .peekable();
    uses.peek().is_some()
        && uses.all(|r| r.usage == Usage::Called && model.frame_of(r.scope) == ScopeId::MODULE)
}

/// For `var = ContextVar(...)` in a plain, undecorated function (not a coroutine, whose
/// context is its task's and goes away with it, nor a function a decorator may run in a
/// copied context): the name, when the function itself calls `var.set(...)`
/// (in its own frame, not in a closure that may run in a copied context) and nothing in it
/// calls `var.reset(...)`.
fn set_without_reset<'a>(
    model: &SemanticModel<'a>,
    statement: &'a Stmt,
    call: &'a ExprCall,
    frame: ScopeId,
) -> Option<&'a str> {
    let ScopeKind::Function(function) = model.scope(frame).kind else {
        return None;
    };
    // A decorator may run the function in a context of its own (`copy_context().run`).
    if function.is_async() || !function.decorators().is_empty() {
        return None;
    }
    let is_this_call = |expr: &Expr| matches!(expr, Expr::Call(c) if std::ptr::eq(c, call));
    let name = match statement {
        Stmt::Assign(assign) if is_this_call(&assign.value) => match assign.targets.as_slice() {
            [Expr::Name(name)] => name.id.as_str(),
            _ => return None,
        },
        Stmt::AnnAssign(ann) if ann.value.as_deref().is_some_and(is_this_call) => {
            match &*ann.target {
                Expr::Name(name) => name.id.as_str(),
                _ => return None,
            }
        }
        _ => return None,
    };
    let owner = model.lookup(name, frame)?;
    let mut set_here = false;
    for reference in model.references_to(owner, name) {
        match reference.usage {
            Usage::MethodCall("reset") => return None,
            Usage::MethodCall("set") if model.frame_of(reference.scope) == frame => {
                set_here = true;
            }
            _ => {}
        }
    }
    set_here.then_some(name)
}
