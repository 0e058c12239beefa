//! PX1503 contextvar-mutable-default: a `ContextVar`'s default is one object, returned by
//! `.get()` in every context that never set the variable. Mutating it (`var.get().append(x)`)
//! changes it for every task and thread at once, which is the sharing a ContextVar exists
//! to avoid. A module-level variable whose `.get()` results are only ever read (copied
//! before a change, as in the copy-on-write stack idiom) shares nothing that changes.

use rustpython_parser::ast::{Expr, Ranged, Stmt};

use super::CONTEXT_VAR;
use crate::ast_ext::keyword_value;
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{Access, Reference, ScopeId, Usage};
use crate::visit::{Node, NodeKind};

pub struct ContextvarMutableDefault;

static META: RuleMeta = RuleMeta {
    code: "PX1503",
    name: "contextvar-mutable-default",
    severity: Severity::Warning,
    question: Some(Question::new(15)),
    opt_in: true,
    min_version: None,
    summary:
        "`ContextVar(..., default=[])` (or `{}`, `set()`...): one object shared by every context",
    doc: include_str!("../../../rules/PX1503.md"),
    applies_to: Roles::RUNNING_CODE,
};

impl Rule for ContextvarMutableDefault {
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
        let Some(default) = keyword_value(call, "default") else {
            return;
        };
        let scope = cx.ctx.scope();
        let is_context_var = cx
            .model
            .qualified_name(&call.func, scope)
            .is_some_and(|name| name.is_any(CONTEXT_VAR));
        if !is_context_var {
            return;
        }
        let Some(kind) = cx.model.mutable_container(default, scope) else {
            return;
        };
        if default_only_read(cx, call) {
            return;
        }
        cx.report(
            default.range(),
            format!("the default {kind} is one object shared by every context that has not set the variable: changing what `.get()` returns changes it for all tasks and threads"),
            format!("use an immutable default (`()`, `frozenset()`, `None`) or none, and `.set()` a new {kind} in each task that needs one"),
        );
    }
}

/// Methods of a list, dict or set that only read it.
const READING_METHODS: &[&str] = &["copy", "index", "count", "get", "keys", "values", "items"];

/// Whether the variable `call` creates is bound to a module-level name and every use of it
/// in the module is a `.set()`, a `.reset()` or a `.get()` whose result is only read:
/// copied (`_stack.get().copy()`), indexed, or kept in a local that is only tested and
/// indexed. Code elsewhere that imports the variable is trusted to keep the module's own
/// discipline.
fn default_only_read(cx: &RuleContext<'_, '_>, call: &rustpython_parser::ast::ExprCall) -> bool {
    if cx.ctx.scope() != ScopeId::MODULE {
        return false;
    }
    let Some(name) = cx.ctx.statement().and_then(|stmt| bound_name(stmt, call)) else {
        return false;
    };
    // At least one `.get()` here: a variable read only by other modules gives no evidence.
    let uses: Vec<_> = cx.model.references_to(ScopeId::MODULE, name).collect();
    uses.iter()
        .any(|reference| matches!(reference.usage, Usage::MethodCall("get")))
        && uses.iter().all(|reference| use_only_reads(cx, reference))
}

/// The name a module-level `name = ContextVar(...)` (or `name: T = ...`) binds.
fn bound_name<'a>(stmt: &'a Stmt, call: &rustpython_parser::ast::ExprCall) -> Option<&'a str> {
    let (target, value) = match stmt {
        Stmt::Assign(assign) if assign.targets.len() == 1 => (&assign.targets[0], &*assign.value),
        Stmt::AnnAssign(ann) => (&*ann.target, ann.value.as_deref()?),
        _ => return None,
    };
    let is_this_call = matches!(value, Expr::Call(c) if std::ptr::eq(c, call));
    match target {
        Expr::Name(target) if is_this_call => Some(target.id.as_str()),
        _ => None,
    }
}

fn use_only_reads(cx: &RuleContext<'_, '_>, reference: &Reference<'_>) -> bool {
    let accesses = reference.accesses();
    match accesses.as_slice() {
        [Access::Attribute(method), Access::Call(_)]
            if matches!(method.attr.as_str(), "set" | "reset") =>
        {
            true
        }
        [Access::Attribute(get), Access::Call(_), rest @ ..] if get.attr.as_str() == "get" => {
            match rest {
                // `stack = _stack.get()`: the local must only be read.
                [] => kept_in_a_read_only_local(cx, reference),
                [Access::Subscript(_), ..] => true,
                [Access::Attribute(method), ..] => READING_METHODS.contains(&method.attr.as_str()),
                _ => false,
            }
        }
        _ => false,
    }
}

/// `local = _stack.get()` where every load of `local` in the function tests it, indexes it
/// or calls a reading method on it: nothing hands the shared default on or changes it.
fn kept_in_a_read_only_local(cx: &RuleContext<'_, '_>, reference: &Reference<'_>) -> bool {
    let Stmt::Assign(assign) = reference.statement else {
        return false;
    };
    let [Expr::Name(local)] = assign.targets.as_slice() else {
        return false;
    };
    if assign.value.range() != reference.chain.range() {
        return false;
    }
    let frame = cx.model.frame_of(reference.scope);
    cx.model
        .references_to(frame, local.id.as_str())
        .all(|load| match load.usage {
            Usage::SubscriptLoad | Usage::Attribute(_) => true,
            Usage::MethodCall(method) => READING_METHODS.contains(&method),
            // `if stack:`, `while stack:`: a test; a plain load anywhere else may hand the
            // list on (returned, assigned, put in a container).
            Usage::Load => {
                matches!(
                    load.statement,
                    Stmt::If(_) | Stmt::While(_) | Stmt::Assert(_)
                ) && !statement_binds_or_hands_on(load.statement)
            }
            _ => false,
        })
}

/// Statements whose test may still pass the value on (`if (alias := stack):`).
fn statement_binds_or_hands_on(stmt: &Stmt) -> bool {
    let test = match stmt {
        Stmt::If(if_) => &*if_.test,
        Stmt::While(while_) => &*while_.test,
        Stmt::Assert(assert) => &*assert.test,
        _ => return true,
    };
    !matches!(
        test,
        Expr::Name(_) | Expr::UnaryOp(_) | Expr::BoolOp(_) | Expr::Compare(_)
    )
}
