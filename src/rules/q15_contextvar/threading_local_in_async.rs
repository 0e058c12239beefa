//! PX1504 threading-local-in-async: `threading.local()` gives each thread its own
//! attributes, but asyncio runs every task of a loop on one thread. Tasks that interleave
//! at `await` points all see, and overwrite, the same values. A `ContextVar` gives each
//! task its own value, because every task runs in a copy of the context.

use rustc_hash::FxHashSet;
use rustpython_parser::ast::{Expr, ExprCall, ExprContext, Ranged, Stmt, StmtClassDef};

use crate::ast_ext::FunctionRef;
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{is_mutating_method, Access, ScopeId, ScopeKind, SemanticModel};
use crate::visit::{Node, NodeKind};

pub struct ThreadingLocalInAsync;

static META: RuleMeta = RuleMeta {
    code: "PX1504",
    name: "threading-local-in-async",
    severity: Severity::Warning,
    question: Some(Question::new(15)),
    opt_in: true,
    min_version: None,
    summary: "`threading.local()` used from `async def` code, where every task on the loop's thread shares it",
    doc: include_str!("../../../rules/PX1504.md"),
    applies_to: Roles::SHIPPED_CODE,
};

const THREAD_LOCAL: &[&str] = &["threading.local", "_threading_local.local"];

impl Rule for ThreadingLocalInAsync {
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
        let model = cx.model;
        let scope = cx.ctx.scope();
        if !creates_thread_local(model, call, scope) {
            return;
        }
        let async_frames: Vec<(ScopeId, FunctionRef<'a>)> = model
            .scope_ids()
            .filter_map(|id| match model.scope(id).kind {
                ScopeKind::Function(function) if function.is_async() => Some((id, function)),
                _ => None,
            })
            .collect();
        if async_frames.is_empty() {
            return;
        }
        let Some(users) = writing_frames(cx, call) else {
            return;
        };
        if users.is_empty() {
            return;
        }
        // An `async def` that sets state on the object, or calls a function of the module that
        // does. State set outside async code (a loop's own per-thread state, set before it
        // starts) is per thread on purpose.
        let user = async_frames.iter().find(|(frame, _)| {
            users.contains(frame)
                || model
                    .find_call_path(*frame, &|site| {
                        model
                            .called_function(site.call, site.scope)
                            .is_some_and(|(_, callee)| users.contains(&callee))
                    })
                    .is_some()
        });
        let Some((_, function)) = user else {
            return;
        };
        if said_to_be_per_thread(cx) {
            return;
        }
        let callee = &cx.source[call.func.range()];
        cx.report(
            call.range,
            format!("`{callee}()` keeps one set of attributes per thread, but `async def {}` stores state on it, and every task on the event loop's thread shares those attributes: concurrent tasks overwrite each other's values", function.name()),
            "keep per-task state in a module-level `contextvars.ContextVar` (each task runs in its own copy of the context)",
        );
    }
}

/// Words of a comment that says the state is meant to be shared by the thread's tasks.
const PER_THREAD_ON_PURPOSE: &[&str] = &["per thread", "per-thread", "each thread", "contextvar"];

/// Whether the comment block right above the statement that makes the object, or the
/// comment at its end, says the state is per thread on purpose ("each thread gets its own
/// state", "instead of a ContextVar"): the author chose thread-wide sharing among tasks.
fn said_to_be_per_thread(cx: &RuleContext<'_, '_>) -> bool {
    let Some(statement) = cx.ctx.statement() else {
        return false;
    };
    let start = usize::from(statement.start());
    let line_start = cx.source[..start].rfind('\n').map_or(0, |at| at + 1);
    let line_end = cx.source[start..]
        .find('\n')
        .map_or(cx.source.len(), |at| start + at);
    let own_line = &cx.source[line_start..line_end];
    let trailing = own_line.find('#').map(|at| &own_line[at..]);
    let above = cx.source[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .take_while(|line| line.starts_with('#'));
    trailing.into_iter().chain(above).any(|comment| {
        let comment = comment.to_ascii_lowercase();
        PER_THREAD_ON_PURPOSE
            .iter()
            .any(|words| comment.contains(words))
    })
}

/// `threading.local()`, or a call of a class of this module derived from it.
fn creates_thread_local<'a>(model: &SemanticModel<'a>, call: &'a ExprCall, scope: ScopeId) -> bool {
    if !model.imports_any_package(&["threading", "_threading_local"]) {
        return false;
    }
    if model
        .qualified_name(&call.func, scope)
        .is_some_and(|name| name.is_any(THREAD_LOCAL))
    {
        return true;
    }
    model
        .local_class(&call.func, scope)
        .is_some_and(|(class, class_scope)| {
            model.class_inherits_from(class, class_scope, THREAD_LOCAL)
        })
}

/// The frames that change the state of the object the call creates, when it is stored somewhere the model
/// can follow: a name (module, function or class level) or an attribute of `self`. `None`
/// when it goes anywhere else.
fn writing_frames<'a>(cx: &RuleContext<'_, 'a>, call: &'a ExprCall) -> Option<FxHashSet<ScopeId>> {
    let model = cx.model;
    let scope = cx.ctx.scope();
    // The call must be the whole value of a one-target assignment.
    if cx.ctx.parent_expr().is_some() {
        return None;
    }
    let target = match cx.ctx.statement()? {
        Stmt::Assign(assign) => match assign.targets.as_slice() {
            [target] if assign.value.range() == call.range => target,
            _ => return None,
        },
        Stmt::AnnAssign(ann)
            if ann
                .value
                .as_deref()
                .is_some_and(|v| v.range() == call.range) =>
        {
            &*ann.target
        }
        _ => return None,
    };
    let mut frames = FxHashSet::default();
    match target {
        Expr::Name(name) => {
            let name = name.id.as_str();
            if let ScopeKind::Class(class) = model.scope(scope).kind {
                let outer = model.scope(scope).parent?;
                attribute_users(model, class, name, &mut frames);
                // `ClassName.name` anywhere in the module.
                if let Some(owner) = model.lookup(class.name.as_str(), outer) {
                    for reference in model.references_to(owner, class.name.as_str()) {
                        let accesses = reference.accesses();
                        if matches!(accesses.first(), Some(Access::Attribute(attr)) if attr.attr.as_str() == name)
                            && writes(&accesses[1..])
                        {
                            frames.insert(model.frame_of(reference.scope));
                        }
                    }
                }
            } else {
                for reference in model.references_to(scope, name) {
                    if writes(&reference.accesses()) {
                        frames.insert(model.frame_of(reference.scope));
                    }
                }
            }
        }
        Expr::Attribute(attr) => {
            let (class, _) = model.receiver_class(&attr.value, scope)?;
            attribute_users(model, class, attr.attr.as_str(), &mut frames);
        }
        _ => return None,
    }
    Some(frames)
}

/// Whether an access chain that starts at the thread-local object changes what it holds:
/// sets or deletes an attribute (`local.user = u`), or changes an attribute's value in
/// place (`local.stack.append(x)`, `local.cache[k] = v`).
fn writes(accesses: &[Access<'_>]) -> bool {
    match accesses {
        [Access::Attribute(attr), rest @ ..] => {
            attr.ctx != ExprContext::Load
                || match rest {
                    [Access::Attribute(method), Access::Call(_), ..] => {
                        is_mutating_method(method.attr.as_str())
                    }
                    [Access::Subscript(sub), ..] => sub.ctx != ExprContext::Load,
                    _ => false,
                }
        }
        _ => false,
    }
}

/// Frames of the class's methods (and functions nested in them) that reach `attribute`
/// through the method's first parameter (`self.local`, `cls.local`) and change its state.
fn attribute_users<'a>(
    model: &SemanticModel<'a>,
    class: &'a StmtClassDef,
    attribute: &str,
    frames: &mut FxHashSet<ScopeId>,
) {
    for stmt in &class.body {
        let Some(method) = FunctionRef::from_stmt(stmt) else {
            continue;
        };
        let (Some(first), Some(method_scope)) =
            (method.first_parameter(), model.function_scope(method))
        else {
            continue;
        };
        for reference in model.references_to(method_scope, first) {
            let accesses = reference.accesses();
            if matches!(accesses.first(), Some(Access::Attribute(attr)) if attr.attr.as_str() == attribute)
                && writes(&accesses[1..])
            {
                frames.insert(model.frame_of(reference.scope));
            }
        }
    }
}
