//! PX1502 contextvar-reset-not-in-finally: `token = var.set(value)` changes the variable for
//! the rest of the current context, and `var.reset(token)` puts the old value back. When
//! the code in between raises, a reset that is not in a `finally` block never runs: the
//! value stays set for everything else the task (or thread) goes on to do.

use rustpython_parser::ast::{ExceptHandler, Expr, Ranged, Stmt};
use rustpython_parser::text_size::TextRange;

use crate::ast_ext;

use super::{name_escape, Escape, CONTEXT_VAR};
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{BindingKind, ScopeId, ScopeKind, SemanticModel};
use crate::visit::{BlockKind, Node, NodeKind};

pub struct ContextvarResetNotInFinally;

static META: RuleMeta = RuleMeta {
    code: "PX1502",
    name: "contextvar-reset-not-in-finally",
    severity: Severity::Warning,
    question: Some(Question::new(15)),
    opt_in: true,
    min_version: None,
    summary: "`var.reset(token)` outside a `finally` block, so an exception leaves the value set",
    doc: include_str!("../../../rules/PX1502.md"),
    applies_to: Roles::SHIPPED_CODE,
};

impl Rule for ContextvarResetNotInFinally {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fixes(&self) -> &'static [Applicability] {
        &[Applicability::Unsafe]
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Call]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Expr(Expr::Call(call)) = node else {
            return;
        };
        let Expr::Attribute(attr) = &*call.func else {
            return;
        };
        if attr.attr.as_str() != "reset" || !call.keywords.is_empty() {
            return;
        }
        let [Expr::Name(token)] = call.args.as_slice() else {
            return;
        };
        if cx.ctx.in_finally() || in_handler(cx) || cx.in_expected_failure() {
            return;
        }
        let model = cx.model;
        let scope = cx.ctx.scope();
        let receiver = &*attr.value;
        let Some(binding) = model.unique_binding(token.id.as_str(), call.start(), scope) else {
            return;
        };
        if !matches!(
            binding.kind,
            BindingKind::Assignment | BindingKind::AnnotatedAssignment
        ) {
            return;
        }
        // A reset in a nested function that closes over the token is a callback the
        // caller runs later (modal's `_set_current_context_ids` returns one): when it runs
        // is the caller's design, not this function's.
        if binding.scope != cx.ctx.frame().id {
            return;
        }
        // The token must come from `.set()` on the same variable.
        let Some(Expr::Call(set)) = binding.value else {
            return;
        };
        let Expr::Attribute(set_attr) = &*set.func else {
            return;
        };
        if set_attr.attr.as_str() != "set"
            || cx.source[set_attr.value.range()] != cx.source[receiver.range()]
        {
            return;
        }
        if !is_context_var(model, receiver, scope) {
            return;
        }
        let Some(statement) = cx.ctx.statement() else {
            return;
        };
        // Nothing runs between the set and the reset: nothing can skip it.
        if only_trivia(&cx.source[TextRange::new(set.end(), statement.start().max(set.end()))]) {
            return;
        }
        if let ScopeKind::Function(function) = model.scope(cx.ctx.frame().id).kind {
            let span = TextRange::new(set.end(), statement.start().max(set.end()));
            if reset_on_every_exception(cx, function.body(), span, receiver, token.id.as_str()) {
                return;
            }
        }
        let var = &cx.source[receiver.range()];
        let token = token.id.as_str();
        let fix = super::contextvar_reset_not_in_finally_fix::fix(cx, set, call);
        cx.report(
            call.range,
            format!("`{var}.reset({token})` is skipped when the code after `{var}.set(...)` raises, and the value stays set for the rest of the context"),
            format!("put the code after `{token} = {var}.set(...)` in `try:` and call `{var}.reset({token})` in its `finally:` block"),
        )
        .set_fix(fix);
    }
}

/// Whitespace, comments, line continuations and semicolons only.
fn only_trivia(text: &str) -> bool {
    text.lines().all(|line| {
        let code = line.split('#').next().unwrap_or_default();
        code.chars()
            .all(|c| c.is_whitespace() || c == ';' || c == '\\')
    })
}

/// Whether a `try` statement inside `span` (between the set and this reset) has a handler
/// that catches every exception (`except BaseException:` or a bare `except:`) and resets
/// the same token: together with the reset after it, that does what `finally` does.
fn reset_on_every_exception<'a>(
    cx: &RuleContext<'_, 'a>,
    body: &'a [Stmt],
    span: TextRange,
    receiver: &Expr,
    token: &str,
) -> bool {
    let receiver_text = &cx.source[receiver.range()];
    let resets = |stmts: &[Stmt]| {
        stmts.iter().any(|stmt| match stmt {
            Stmt::Expr(expr) => match &*expr.value {
                Expr::Call(call) => match (&*call.func, call.args.as_slice()) {
                    (Expr::Attribute(attr), [Expr::Name(arg)]) => {
                        attr.attr.as_str() == "reset"
                            && arg.id.as_str() == token
                            && cx.source[attr.value.range()] == *receiver_text
                    }
                    _ => false,
                },
                _ => false,
            },
            _ => false,
        })
    };
    let scope = cx.ctx.scope();
    let catches_all = |handler: &ExceptHandler| {
        let ExceptHandler::ExceptHandler(handler) = handler;
        let catches = match handler.type_.as_deref() {
            None => true,
            Some(kind) => cx
                .model
                .qualified_name(kind, scope)
                .is_some_and(|name| name.is_builtin("BaseException")),
        };
        catches && resets(&handler.body)
    };
    let mut pending: Vec<&'a [Stmt]> = vec![body];
    while let Some(stmts) = pending.pop() {
        for stmt in stmts {
            if stmt.range().intersect(span).is_none_or(|r| r.is_empty()) {
                continue;
            }
            if let Stmt::Try(try_) = stmt {
                if span.contains_range(stmt.range()) && try_.handlers.iter().any(catches_all) {
                    return true;
                }
            }
            if !matches!(
                stmt,
                Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_) | Stmt::ClassDef(_)
            ) {
                pending.extend(ast_ext::child_statement_lists(stmt));
            }
        }
    }
    false
}

/// Inside an `except` handler of the current frame: that reset runs on the exception path.
fn in_handler(cx: &RuleContext<'_, '_>) -> bool {
    cx.ctx
        .blocks()
        .iter()
        .rev()
        .take_while(|b| b.kind != BlockKind::FunctionBody)
        .any(|b| b.kind == BlockKind::Handler)
}

/// Whether `receiver` (evaluated in `scope`) is a context variable, as far as the module
/// shows: a name bound to `ContextVar(...)`, a parameter annotated `ContextVar`, a class
/// attribute reached through `self`/`cls` that is bound to one, or an imported name (whose
/// `.set()` gave the token that `.reset()` takes back, which is the ContextVar protocol).
fn is_context_var<'a>(model: &SemanticModel<'a>, receiver: &'a Expr, scope: ScopeId) -> bool {
    match receiver {
        Expr::Name(name) => {
            let Some(binding) = model.unique_binding(name.id.as_str(), receiver.start(), scope)
            else {
                return false;
            };
            match binding.kind {
                BindingKind::Import(_) => true,
                BindingKind::Assignment | BindingKind::AnnotatedAssignment => {
                    let created = binding
                        .value
                        .is_some_and(|value| creates_context_var(model, value, binding.scope));
                    // A variable the function made for itself and never hands out: a
                    // value left set is one no other code can read.
                    let private = model.scope(binding.scope).kind.is_frame()
                        && binding.scope != ScopeId::MODULE
                        && name_escape(model, binding.scope, name.id.as_str(), 0) == Escape::None;
                    created && !private
                }
                BindingKind::Parameter => {
                    parameter_annotated_context_var(model, name.id.as_str(), binding.scope)
                }
                _ => false,
            }
        }
        Expr::Attribute(attr) => {
            if model.qualified_name(receiver, scope).is_some() {
                return true;
            }
            let Some((class, class_scope)) = model.receiver_class(&attr.value, scope) else {
                return false;
            };
            model
                .class_member(class, class_scope, attr.attr.as_str())
                .is_some_and(|member| {
                    matches!(
                        member.kind,
                        BindingKind::Assignment | BindingKind::AnnotatedAssignment
                    ) && member
                        .value
                        .is_some_and(|value| creates_context_var(model, value, member.scope))
                })
        }
        _ => false,
    }
}

fn creates_context_var<'a>(model: &SemanticModel<'a>, value: &'a Expr, scope: ScopeId) -> bool {
    let Expr::Call(call) = value else {
        return false;
    };
    model
        .qualified_name(&call.func, scope)
        .is_some_and(|name| name.is_any(CONTEXT_VAR))
}

/// A parameter of the function owning `scope` annotated `ContextVar` or `ContextVar[...]`.
fn parameter_annotated_context_var(model: &SemanticModel<'_>, name: &str, scope: ScopeId) -> bool {
    let ScopeKind::Function(function) = model.scope(scope).kind else {
        return false;
    };
    let Some(parameter) = function.parameters().find(|p| p.arg.as_str() == name) else {
        return false;
    };
    let Some(annotation) = parameter.annotation.as_deref() else {
        return false;
    };
    let annotation = match annotation {
        Expr::Subscript(sub) => &*sub.value,
        other => other,
    };
    // Annotations are evaluated where the function is defined.
    let defined_in = model.scope(scope).parent.unwrap_or(ScopeId::MODULE);
    model
        .qualified_name(annotation, defined_in)
        .is_some_and(|name| name.is_any(CONTEXT_VAR))
}
