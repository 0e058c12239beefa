//! PX1602 unpicklable-worker: a pool or executor sends the function it runs to its workers
//! with pickle, and pickle stores a function as a reference (`module.qualified_name`) that
//! the worker imports. A lambda or a function defined inside another function cannot be
//! found that way, so the call fails with a `PicklingError` (or an `AttributeError` about a
//! local object) the moment the work is sent.

use rustpython_parser::ast::{Expr, ExprCall, Ranged};

use super::pools::{is_fork_context, is_process_class, pool_constructor, pool_of, PoolKind};
use crate::ast_ext;
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{BindingKind, ScopeId, ScopeKind, SemanticModel};
use crate::visit::{Node, NodeKind};

pub struct UnpicklableWorker;

static META: RuleMeta = RuleMeta {
    code: "PX1602",
    name: "unpicklable-worker",
    severity: Severity::Error,
    question: Some(Question::new(16)),
    opt_in: true,
    min_version: None,
    summary: "a lambda or nested function given to a process pool, executor or `Process`, which cannot pickle it",
    doc: include_str!("../../../rules/PX1602.md"),
    applies_to: Roles::RUNNING_CODE,
};

/// `multiprocessing.Pool` methods whose first argument is the function the workers run.
const POOL_METHODS: &[&str] = &[
    "apply",
    "apply_async",
    "map",
    "map_async",
    "imap",
    "imap_unordered",
    "starmap",
    "starmap_async",
];
/// `ProcessPoolExecutor` methods whose first argument is the function the workers run.
const EXECUTOR_METHODS: &[&str] = &["submit", "map"];
const PARTIALS: &[&str] = &["functools.partial"];
const SET_START_METHOD: &[&str] = &[
    "multiprocessing.set_start_method",
    "multiprocessing.context.set_start_method",
];

impl Rule for UnpicklableWorker {
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
        if !model.imports_any_package(super::pools::PROCESS_PACKAGES) {
            return;
        }
        let scope = cx.ctx.scope();
        let Some(sent) = sent_callable(model, call, scope) else {
            return;
        };
        // Under the fork start method a process inherits its target and initializer
        // instead of unpickling them; only pools' and executors' tasks are always pickled.
        if sent.when == When::SpawnOnly && forks(model, scope, sent.context) {
            return;
        }
        if in_expected_failure(cx) {
            return;
        }
        let Some(why) = unpicklable(model, sent.callable, scope, 0) else {
            return;
        };
        let message = match sent.when {
            When::Always => format!(
                "{why} is passed to {}, which pickles it to send it to a worker process: this fails with a PicklingError",
                sent.receiver
            ),
            When::SpawnOnly => format!(
                "{why} is passed to {}: a child process started with spawn or forkserver (the default on Windows and macOS, and on Linux from Python 3.14) must unpickle it, which fails",
                sent.receiver
            ),
        };
        cx.report(
            sent.callable.range(),
            message,
            "define the worker as a function at module level (bind extra arguments with `functools.partial(worker, ...)`) so pickle can find it by name",
        );
    }
}

/// Whether the call sits in a test function, or a test class, marked `xfail` without a
/// condition: a test known to fail (aioredis's fork-sharing tests) gains nothing from
/// being told that a start method would break it too.
fn in_expected_failure(cx: &RuleContext<'_, '_>) -> bool {
    let model = cx.model;
    let scopes = cx.ctx.scopes();
    scopes.iter().enumerate().skip(1).any(|(index, frame)| {
        // Decorators are evaluated in the scope around the definition.
        let outer = scopes[index - 1].id;
        let decorators: &[Expr] = match frame.kind {
            ScopeKind::Function(function) => function.decorators(),
            ScopeKind::Class(class) => &class.decorator_list,
            _ => &[],
        };
        decorators
            .iter()
            .any(|decorator| model.marks_expected_failure(decorator, outer))
    })
}

/// When the callable crosses to the worker through pickle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    /// Every task of a pool or executor.
    Always,
    /// A process's target or a pool's initializer: only outside the fork start method.
    SpawnOnly,
}

/// A callable handed to multiprocessing machinery.
struct Sent<'a> {
    callable: &'a Expr,
    /// What receives it, for the message.
    receiver: &'static str,
    when: When,
    /// The `multiprocessing` context the process or pool is created from, when given.
    context: Option<&'a Expr>,
}

/// The callable a call hands to worker processes: the function of `pool.map(f, ...)` and
/// friends, `executor.submit(f, ...)`, `Process(target=f)`, or the `initializer=` of a pool
/// or executor.
fn sent_callable<'a>(
    model: &SemanticModel<'a>,
    call: &'a ExprCall,
    scope: ScopeId,
) -> Option<Sent<'a>> {
    if let Expr::Attribute(method) = &*call.func {
        let name = method.attr.as_str();
        let pool_method = POOL_METHODS.contains(&name);
        let executor_method = EXECUTOR_METHODS.contains(&name);
        if pool_method || executor_method {
            let (kind, _) = pool_of(model, &method.value, scope)?;
            let receiver = match kind {
                PoolKind::Process if pool_method => "a process pool",
                PoolKind::Executor if executor_method => "a `ProcessPoolExecutor`",
                _ => return None,
            };
            let keyword = if kind == PoolKind::Process {
                "func"
            } else {
                "fn"
            };
            return Some(Sent {
                callable: ast_ext::call_argument(call, 0, keyword)?,
                receiver,
                when: When::Always,
                context: None,
            });
        }
        if name == "Process" && is_process_class(model, &call.func, scope, 0) {
            return Some(Sent {
                callable: ast_ext::call_argument(call, 1, "target")?,
                receiver: "`Process(target=...)`",
                when: When::SpawnOnly,
                context: Some(&method.value),
            });
        }
    }
    match pool_constructor(model, call, scope) {
        Some(PoolKind::Process) => {
            let context = match &*call.func {
                Expr::Attribute(attr) => Some(&*attr.value),
                _ => ast_ext::keyword_value(call, "context"),
            };
            return Some(Sent {
                callable: ast_ext::call_argument(call, 1, "initializer")?,
                receiver: "the pool's `initializer`",
                when: When::SpawnOnly,
                context,
            });
        }
        Some(PoolKind::Executor) => {
            return Some(Sent {
                callable: ast_ext::call_argument(call, 2, "initializer")?,
                receiver: "the executor's `initializer`",
                when: When::SpawnOnly,
                context: ast_ext::call_argument(call, 1, "mp_context"),
            });
        }
        Some(PoolKind::Thread) | None => {}
    }
    if is_process_class(model, &call.func, scope, 0) {
        // A subclass may reorder its constructor's parameters: only `target=` is certain.
        let direct = model.qualified_name(&call.func, scope).is_some();
        let callable = if direct {
            ast_ext::call_argument(call, 1, "target")
        } else {
            ast_ext::keyword_value(call, "target")
        };
        return Some(Sent {
            callable: callable?,
            receiver: "`Process(target=...)`",
            when: When::SpawnOnly,
            context: None,
        });
    }
    None
}

/// Whether the process or pool being created forks: its context is
/// `get_context("fork")`, or the module sets the fork start method (at its top level or in
/// a function, such as the `main()` of a script written to test fork's behaviour).
fn forks<'a>(model: &SemanticModel<'a>, scope: ScopeId, context: Option<&'a Expr>) -> bool {
    if context.is_some_and(|context| is_fork_context(model, context, scope)) {
        return true;
    }
    model.all_call_sites().any(|site| {
        model
            .qualified_name(&site.call.func, site.scope)
            .is_some_and(|name| name.is_any(SET_START_METHOD))
            && site
                .call
                .args
                .first()
                .and_then(crate::ast_ext::string_literal)
                == Some("fork")
    })
}

/// Why `expr` cannot be pickled by reference, if it is one of the callables pickle cannot
/// find by name: a lambda, a name bound to a lambda, a function defined inside another
/// function, or `functools.partial` of one of these.
fn unpicklable<'a>(
    model: &SemanticModel<'a>,
    expr: &'a Expr,
    scope: ScopeId,
    depth: u8,
) -> Option<String> {
    if depth > super::pools::MAX_DEPTH {
        return None;
    }
    match expr {
        Expr::Lambda(_) => Some("a lambda".to_string()),
        Expr::Call(call) => {
            let is_partial = model
                .qualified_name(&call.func, scope)
                .is_some_and(|name| name.is_any(PARTIALS));
            if !is_partial {
                return None;
            }
            let inner = unpicklable(model, call.args.first()?, scope, depth + 1)?;
            Some(format!("`functools.partial` of {inner}"))
        }
        Expr::Name(name) => {
            let id = name.id.as_str();
            let binding = model.unique_binding(id, expr.start(), scope)?;
            match binding.kind {
                BindingKind::Function { def, .. } => {
                    // A decorator may replace the function with something picklable.
                    if !def.decorators().is_empty() {
                        return None;
                    }
                    let outer = match model.scope(binding.scope).kind {
                        ScopeKind::Function(outer) => outer.name(),
                        ScopeKind::Lambda(_) => "<lambda>",
                        _ => return None,
                    };
                    Some(format!("`{id}`, a function defined inside `{outer}()`,"))
                }
                BindingKind::Assignment | BindingKind::AnnotatedAssignment => {
                    match binding.value? {
                        Expr::Lambda(_) => Some(format!("`{id}`, a lambda,")),
                        value @ Expr::Call(_) => {
                            unpicklable(model, value, binding.scope, depth + 1)
                                .map(|inner| format!("`{id}`, {inner},"))
                        }
                        _ => None,
                    }
                }
                _ => None,
            }
        }
        _ => None,
    }
}
