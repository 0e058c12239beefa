//! PX2101 unlocked-global-mutation: a function that runs in a thread (a
//! `threading.Thread` target, a `ThreadPoolExecutor` task, a `Thread` subclass's `run`,
//! and the module's functions it calls) rebinding a `global` from its old value
//! (`x += 1`, `x = x + [item]`) outside any lock. `x += 1` on a
//! global is a read, an add and a store: two threads can read the same value and one update
//! is lost. The GIL made such races rare; the free-threaded build (3.13+, PEP 703) runs the
//! threads truly in parallel and makes them common.

use rustc_hash::FxHashSet;
use rustpython_parser::ast::{Expr, ExprCall, Ranged, Stmt};
use rustpython_parser::text_size::TextSize;

use crate::ast_ext::{self, FunctionRef};
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{BindingKind, ScopeId, ScopeKind, SemanticModel};
use crate::source;
use crate::visit::{self, Context, Node, NodeKind, Visitor};

pub struct UnlockedGlobalMutation;

static META: RuleMeta = RuleMeta {
    code: "PX2101",
    name: "unlocked-global-mutation",
    severity: Severity::Warning,
    question: Some(Question::new(21)),
    opt_in: false,
    min_version: None,
    summary: "a function run in threads rebinds a global outside any lock (a data race)",
    doc: include_str!("../../../rules/PX2101.md"),
    applies_to: Roles::SHIPPED_CODE,
};

const THREAD_CLASSES: &[&str] = &["threading.Thread"];
/// Where threads, timers and thread pools come from: a module importing none of these
/// starts no thread of its own.
const THREAD_PACKAGES: &[&str] = &[
    "threading",
    "concurrent",
    "_thread",
    "asyncio",
    "multiprocessing",
];
const TIMERS: &[&str] = &["threading.Timer"];
/// Calls whose first argument runs in a new or pooled thread.
const FIRST_ARGUMENT_RUNS: &[&str] = &[
    "_thread.start_new_thread",
    "_thread.start_new",
    "asyncio.to_thread",
];
const THREAD_POOLS: &[&str] = &[
    "concurrent.futures.ThreadPoolExecutor",
    "concurrent.futures.thread.ThreadPoolExecutor",
    "multiprocessing.pool.ThreadPool",
    "multiprocessing.dummy.Pool",
];
/// Pool methods whose first argument runs in the pool's threads.
const POOL_METHODS: &[&str] = &[
    "submit",
    "map",
    "apply",
    "apply_async",
    "map_async",
    "imap",
    "imap_unordered",
    "starmap",
    "starmap_async",
];
const PARTIAL: &[&str] = &["functools.partial"];
/// Calls that create a lock: as the context of a `with` they guard nothing, since every
/// call makes a new one.
const LOCK_FACTORIES: &[&str] = &[
    "threading.Lock",
    "threading.RLock",
    "threading.Condition",
    "threading.Semaphore",
    "threading.BoundedSemaphore",
    "_thread.allocate_lock",
    "multiprocessing.Lock",
    "multiprocessing.RLock",
];
/// Context managers that are certainly not locks.
const NOT_LOCKS: &[&str] = &[
    "builtins.open",
    "io.open",
    "contextlib.suppress",
    "contextlib.nullcontext",
    "contextlib.redirect_stdout",
    "contextlib.redirect_stderr",
    "contextlib.chdir",
    "warnings.catch_warnings",
    "tempfile.TemporaryDirectory",
    "tempfile.NamedTemporaryFile",
    "tempfile.TemporaryFile",
    "os.scandir",
    "socket.socket",
    "socket.create_connection",
    "urllib.request.urlopen",
    "subprocess.Popen",
    "concurrent.futures.ThreadPoolExecutor",
    "concurrent.futures.ProcessPoolExecutor",
];

/// How far to follow calls from a thread's function into the module's other functions.
const MAX_CALL_DEPTH: usize = 4;
/// How far to follow `functools.partial` and lambdas to the function a thread runs.
const MAX_TARGET_DEPTH: u8 = 4;

impl Rule for UnlockedGlobalMutation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Call, NodeKind::ClassDef]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        if !cx.model.imports_any_package(THREAD_PACKAGES) {
            return;
        }
        let scope = cx.ctx.scope();
        match node {
            Node::Expr(Expr::Call(call)) => {
                let Some(target) = thread_target(cx.model, call, scope) else {
                    return;
                };
                let Some(function) = resolve_function(cx.model, target, scope, 0) else {
                    return;
                };
                let line = source::line_number(cx.source, call.start());
                check_thread_function(cx, function, &format!("started on line {line}"));
            }
            Node::Stmt(Stmt::ClassDef(class)) => {
                if !cx.model.class_inherits_from(class, scope, THREAD_CLASSES) {
                    return;
                }
                let Some(run) = class
                    .body
                    .iter()
                    .filter_map(FunctionRef::from_stmt)
                    .find(|f| f.name() == "run")
                else {
                    return;
                };
                let Some(body) = cx.model.function_scope(run) else {
                    return;
                };
                let how = format!("the `run` method of thread class `{}`", class.name.as_str());
                check_thread_function(cx, (run, body), &how);
            }
            _ => {}
        }
    }
}

/// The expression naming what a call runs in another thread, if the call starts one.
fn thread_target<'a>(
    model: &SemanticModel<'a>,
    call: &'a ExprCall,
    scope: ScopeId,
) -> Option<&'a Expr> {
    if let Some(name) = model.qualified_name(&call.func, scope) {
        if name.is_any(THREAD_CLASSES) {
            return ast_ext::call_argument(call, 1, "target");
        }
        if name.is_any(TIMERS) {
            return ast_ext::call_argument(call, 1, "function");
        }
        if name.is_any(FIRST_ARGUMENT_RUNS) {
            return call.args.first();
        }
        return None;
    }
    match &*call.func {
        // `Worker(target=f)` with `Worker` a `Thread` subclass that keeps `Thread.run`.
        Expr::Name(_) => {
            let (class, class_scope) = model.local_class(&call.func, scope)?;
            let keeps_run = model.class_inherits_from(class, class_scope, THREAD_CLASSES)
                && !model.class_binds(class, class_scope, "run");
            keeps_run
                .then(|| ast_ext::keyword_value(call, "target"))
                .flatten()
        }
        // `executor.submit(f, ...)`, `pool.map(f, items)`.
        Expr::Attribute(method) if POOL_METHODS.contains(&method.attr.as_str()) => {
            is_thread_pool(model, &method.value, scope).then(|| call.args.first())?
        }
        _ => None,
    }
}

/// A thread pool: `ThreadPoolExecutor(...)` itself, or a name bound to one by assignment
/// or `with ... as name`.
fn is_thread_pool<'a>(model: &SemanticModel<'a>, expr: &'a Expr, scope: ScopeId) -> bool {
    let (value, value_scope) = match expr {
        Expr::Call(_) => (expr, scope),
        Expr::Name(name) => {
            let Some(binding) = model.unique_binding(name.id.as_str(), expr.start(), scope) else {
                return false;
            };
            let value = match binding.kind {
                BindingKind::WithTarget {
                    context,
                    whole: true,
                } => Some(context),
                BindingKind::Assignment | BindingKind::AnnotatedAssignment => binding.value,
                _ => None,
            };
            let Some(value) = value else {
                return false;
            };
            (value, binding.scope)
        }
        _ => return false,
    };
    matches!(value, Expr::Call(call) if model
        .qualified_name(&call.func, value_scope)
        .is_some_and(|name| name.is_any(THREAD_POOLS)))
}

/// The function of this module an expression hands to a thread: a function name, a
/// method (`self.work`, `Worker.work`), `functools.partial(f, ...)`, or a lambda whose
/// body calls one.
fn resolve_function<'a>(
    model: &SemanticModel<'a>,
    expr: &'a Expr,
    scope: ScopeId,
    depth: u8,
) -> Option<(FunctionRef<'a>, ScopeId)> {
    if depth > MAX_TARGET_DEPTH {
        return None;
    }
    match expr {
        Expr::Name(name) => model
            .unique_binding(name.id.as_str(), expr.start(), scope)?
            .function(),
        Expr::Attribute(attr) => {
            let (class, class_scope) = model
                .receiver_class(&attr.value, scope)
                .or_else(|| model.local_class(&attr.value, scope))
                .or_else(|| model.instance_class(&attr.value, scope))?;
            model
                .class_member(class, class_scope, attr.attr.as_str())?
                .function()
        }
        Expr::Call(call) => {
            let is_partial = model
                .qualified_name(&call.func, scope)
                .is_some_and(|name| name.is_any(PARTIAL));
            if !is_partial {
                return None;
            }
            resolve_function(model, call.args.first()?, scope, depth + 1)
        }
        Expr::Lambda(lambda) => {
            let Expr::Call(call) = &*lambda.body else {
                return None;
            };
            let inner = model.lambda_scope(lambda)?;
            resolve_function(model, &call.func, inner, depth + 1)
        }
        _ => None,
    }
}

/// Reports every unguarded rebinding of a global in `entry` and in the module functions
/// it calls outside a lock.
fn check_thread_function<'a>(
    cx: &mut RuleContext<'_, 'a>,
    entry: (FunctionRef<'a>, ScopeId),
    how: &str,
) {
    let model = cx.model;
    let mut visited = FxHashSet::default();
    let mut pending = vec![(entry, 0usize)];
    while let Some(((function, body), depth)) = pending.pop() {
        if !visited.insert(body) {
            continue;
        }
        let scan = scan_function(model, function, body);
        for (stmt, name) in scan.rebindings {
            let anchor = ast_ext::statement_header(stmt, cx.source);
            if cx.already_reported(anchor) {
                continue;
            }
            let runs = if std::ptr::eq(function.body(), entry.0.body()) {
                format!("`{}` runs in a thread ({how})", function.name())
            } else {
                format!(
                    "`{}` runs in a thread (it is called from `{}`, {how})",
                    function.name(),
                    entry.0.name()
                )
            };
            let message = format!("the global `{name}` is read and rebound here without a lock, and {runs}: two threads can read the same old value and one update is lost (free-threaded Python 3.13+ runs them truly in parallel)");
            cx.report(
                anchor,
                message,
                "hold one shared module-level `threading.Lock` around the update (`with _lock: ...`), or keep the state per thread and combine the results after `join()`/`result()`",
            );
        }
        if depth >= MAX_CALL_DEPTH {
            continue;
        }
        for call in scan.calls {
            let callee = model
                .called_function(call, body)
                .or_else(|| resolve_function(model, &call.func, body, 0));
            if let Some(callee) = callee {
                pending.push((callee, depth + 1));
            }
        }
    }
}

/// What a thread's function does outside any lock.
struct Scan<'a> {
    /// Statements rebinding a name declared `global`, with the name.
    rebindings: Vec<(&'a Stmt, &'a str)>,
    /// Calls made outside any lock (candidates to follow).
    calls: Vec<&'a ExprCall>,
}

fn scan_function<'a>(
    model: &SemanticModel<'a>,
    function: FunctionRef<'a>,
    body: ScopeId,
) -> Scan<'a> {
    // `lock.acquire()` ... `lock.release()` guards without a `with`: anything after an
    // `acquire()` call of the function counts as guarded.
    let first_acquire = model
        .scope(body)
        .frame
        .calls
        .iter()
        .filter(|site| {
            matches!(&*site.call.func, Expr::Attribute(attr) if attr.attr.as_str() == "acquire")
        })
        .map(|site| site.call.start())
        .min();
    let mut scanner = Scanner {
        model,
        body,
        first_acquire,
        scan: Scan {
            rebindings: Vec::new(),
            calls: Vec::new(),
        },
    };
    visit::walk_body(function.body(), &mut scanner);
    scanner.scan
}

struct Scanner<'m, 'a> {
    model: &'m SemanticModel<'a>,
    /// The function's scope in the module's model.
    body: ScopeId,
    first_acquire: Option<TextSize>,
    scan: Scan<'a>,
}

impl<'a> Scanner<'_, 'a> {
    /// Whether the current statement runs under a lock: inside a `with` whose context may
    /// be a lock, or after an `acquire()` call.
    fn guarded(&self, ctx: &Context<'a>, at: TextSize) -> bool {
        if self.first_acquire.is_some_and(|acquire| acquire < at) {
            return true;
        }
        let statements = ctx.statements();
        let enclosing = &statements[..statements.len().saturating_sub(1)];
        enclosing.iter().any(|stmt| match stmt {
            Stmt::With(with) => with
                .items
                .iter()
                .any(|item| may_be_lock(self.model, &item.context_expr, self.body)),
            Stmt::AsyncWith(with) => with
                .items
                .iter()
                .any(|item| may_be_lock(self.model, &item.context_expr, self.body)),
            _ => false,
        })
    }

    /// Records a global rebound by `stmt` from its own old value: an augmented assignment
    /// (`value` None), or an assignment whose value reads the global (`total = total + n`).
    /// A plain store of an independent value (`ready = True`, publishing a result) is a
    /// single reference write that loses no update, so it is not recorded.
    fn record_target(&mut self, stmt: &'a Stmt, target: &'a Expr, value: Option<&'a Expr>) {
        match target {
            Expr::Name(name) => {
                let name = name.id.as_str();
                if !self.model.scope(self.body).declares_global(name) {
                    return;
                }
                let reads_old_value = value.is_none_or(|value| {
                    self.model
                        .references_within(ScopeId::MODULE, name, value.range())
                        .next()
                        .is_some()
                });
                if reads_old_value {
                    self.scan.rebindings.push((stmt, name));
                }
            }
            Expr::Tuple(tuple) => {
                for element in &tuple.elts {
                    self.record_target(stmt, element, value);
                }
            }
            Expr::List(list) => {
                for element in &list.elts {
                    self.record_target(stmt, element, value);
                }
            }
            Expr::Starred(starred) => self.record_target(stmt, &starred.value, value),
            _ => {}
        }
    }
}

impl<'a> Visitor<'a> for Scanner<'_, 'a> {
    fn enter_node(&mut self, node: Node<'a>, ctx: &Context<'a>) {
        // The function's own code: not nested functions, lambdas or class bodies.
        if !matches!(ctx.scope_kind(), ScopeKind::Module) {
            return;
        }
        match node {
            Node::Stmt(stmt @ Stmt::Assign(assign)) if !self.guarded(ctx, stmt.start()) => {
                for target in &assign.targets {
                    self.record_target(stmt, target, Some(&assign.value));
                }
            }
            Node::Stmt(stmt @ Stmt::AugAssign(aug)) if !self.guarded(ctx, stmt.start()) => {
                self.record_target(stmt, &aug.target, None);
            }
            Node::Expr(Expr::Call(call)) if !self.guarded(ctx, call.start()) => {
                self.scan.calls.push(call);
            }
            _ => {}
        }
    }
}

/// Whether a `with` context might be a lock. A name or attribute is taken to be one (a
/// lock, condition or semaphore kept in a variable) unless it is bound to a known other
/// context manager; so is a call the model cannot place. A call that creates a lock does
/// not count: each call makes a new lock that no other thread holds.
fn may_be_lock<'a>(model: &SemanticModel<'a>, context: &'a Expr, scope: ScopeId) -> bool {
    match context {
        Expr::Call(call) => match model.qualified_name(&call.func, scope) {
            Some(name) => !name.is_any(LOCK_FACTORIES) && !name.is_any(NOT_LOCKS),
            None => true,
        },
        Expr::Name(name) => {
            let bound_call = model
                .unique_binding(name.id.as_str(), context.start(), scope)
                .and_then(|binding| match (binding.kind, binding.value) {
                    (
                        BindingKind::Assignment | BindingKind::AnnotatedAssignment,
                        Some(Expr::Call(call)),
                    ) => Some((call, binding.scope)),
                    _ => None,
                });
            match bound_call {
                Some((call, bound_scope)) => !model
                    .qualified_name(&call.func, bound_scope)
                    .is_some_and(|name| name.is_any(NOT_LOCKS)),
                None => true,
            }
        }
        Expr::Attribute(_) | Expr::Subscript(_) => true,
        _ => false,
    }
}
