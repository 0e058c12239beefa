//! Worker threads the module starts, and coroutines that run on an event loop of a worker
//! thread's own. A blocking call in such a coroutine stalls only that thread's loop, not
//! the loop the rest of the program runs on.

use rustpython_parser::ast::{Expr, ExprCall, Ranged, Stmt};
use rustpython_parser::text_size::TextRange;

use super::reference::Access;
use super::scope::{ScopeId, ScopeKind};
use super::SemanticModel;
use crate::ast_ext::FunctionRef;
use crate::visit;

/// Classes whose instances run a function in a new thread (`target=`, or the second
/// positional argument).
const THREAD_CLASSES: &[&str] = &["threading.Thread", "threading.Timer"];

/// Functions that run a coroutine on a new event loop of the current thread.
const LOOP_RUNNERS: &[&str] = &["asyncio.run"];

/// One place the module refers to a function: the expression that evaluates to the
/// function object (`worker`, `self._serve`), with its statement and scope.
struct FunctionUse<'a> {
    range: TextRange,
    statement: &'a Stmt,
    scope: ScopeId,
}

impl FunctionUse<'_> {
    /// The expressions enclosing the use, innermost first (the use itself excluded).
    fn parents(&self) -> Vec<&Expr> {
        let mut path = visit::expression_path(self.statement, self.range).unwrap_or_default();
        path.pop();
        path.reverse();
        path
    }
}

impl<'a> SemanticModel<'a> {
    /// Whether the module runs `function` in a worker thread: it is handed to
    /// `threading.Thread(target=...)` (or `Timer`), `asyncio.to_thread`, an executor's
    /// `submit` or a loop's `run_in_executor`, or it is the `run` method of a
    /// `threading.Thread` subclass.
    pub fn runs_in_worker_thread(&self, function: FunctionRef<'a>) -> bool {
        if function.name() == "run" && self.is_thread_subclass_method(function) {
            return true;
        }
        self.function_uses(function).iter().any(|used| {
            let parents = used.parents();
            let Some(Expr::Call(call)) = parents.first() else {
                return false;
            };
            let is_argument = |position: usize| {
                call.args
                    .get(position)
                    .is_some_and(|arg| arg.range() == used.range)
            };
            if let Some(callee) = self.qualified_name(&call.func, used.scope) {
                if callee.is_any(THREAD_CLASSES) {
                    return is_argument(1)
                        || crate::ast_ext::keyword_value(call, "target")
                            .is_some_and(|target| target.range() == used.range);
                }
                if callee.is("asyncio.to_thread") {
                    return is_argument(0);
                }
            }
            match &*call.func {
                Expr::Attribute(method) => match method.attr.as_str() {
                    "submit" => is_argument(0),
                    "run_in_executor" => is_argument(1),
                    _ => false,
                },
                _ => false,
            }
        })
    }

    /// Whether the coroutine function `function` only ever runs on an event loop of a
    /// worker thread's own: every use of it in the module is a call whose coroutine goes
    /// straight to `asyncio.run(...)` or `loop.run_until_complete(...)` inside a function
    /// the module runs in a worker thread, to
    /// `threading.Thread(target=asyncio.run, args=(coroutine,))`, or to
    /// `asyncio.run_coroutine_threadsafe(...)` in a module that runs a loop's `run_forever`
    /// in a thread. A coroutine the module never starts, or starts anywhere else, is taken
    /// to run on the main loop.
    pub fn coroutine_runs_in_worker_loop(&self, function: FunctionRef<'a>) -> bool {
        let uses = self.function_uses(function);
        !uses.is_empty() && uses.iter().all(|used| self.started_in_worker_loop(used))
    }

    fn started_in_worker_loop(&self, used: &FunctionUse<'a>) -> bool {
        let parents = used.parents();
        // The call that makes the coroutine, then what receives it.
        let [Expr::Call(made), receiver, rest @ ..] = parents.as_slice() else {
            return false;
        };
        if made.func.range() != used.range {
            return false;
        }
        let first_argument = |call: &ExprCall| call.args.first().map(Ranged::range);
        match receiver {
            Expr::Call(runner) if first_argument(runner) == Some(made.range) => {
                let callee = self.qualified_name(&runner.func, used.scope);
                if callee
                    .as_ref()
                    .is_some_and(|name| name.is("asyncio.run_coroutine_threadsafe"))
                {
                    return self.runs_a_loop_in_a_thread();
                }
                let runs_loop = callee.is_some_and(|name| name.is_any(LOOP_RUNNERS))
                    || matches!(&*runner.func, Expr::Attribute(method) if method.attr.as_str() == "run_until_complete");
                runs_loop && self.frame_runs_in_worker_thread(used.scope)
            }
            // `threading.Thread(target=asyncio.run, args=(main(),))`
            Expr::Tuple(_) | Expr::List(_) => match rest.first() {
                Some(Expr::Call(thread)) => {
                    self.is_thread_class(&thread.func, used.scope)
                        && crate::ast_ext::keyword_value(thread, "args")
                            .is_some_and(|args| args.range() == receiver.range())
                        && crate::ast_ext::keyword_value(thread, "target").is_some_and(|target| {
                            self.qualified_name(target, used.scope)
                                .is_some_and(|name| name.is_any(LOOP_RUNNERS))
                        })
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether the function whose code runs `scope` runs in a worker thread.
    fn frame_runs_in_worker_thread(&self, scope: ScopeId) -> bool {
        match self.scope(self.frame_of(scope)).kind {
            ScopeKind::Function(function) => self.runs_in_worker_thread(function),
            _ => false,
        }
    }

    /// Whether some call in the module starts a thread on a loop's `run_forever`
    /// (`threading.Thread(target=loop.run_forever)`): a background event loop.
    fn runs_a_loop_in_a_thread(&self) -> bool {
        self.all_call_sites().any(|site| {
            self.is_thread_class(&site.call.func, site.scope)
                && crate::ast_ext::call_argument(site.call, 1, "target").is_some_and(
                    |target| matches!(target, Expr::Attribute(attr) if attr.attr.as_str() == "run_forever"),
                )
        })
    }

    fn is_thread_class(&self, expr: &'a Expr, scope: ScopeId) -> bool {
        self.qualified_name(expr, scope)
            .is_some_and(|name| name.is_any(THREAD_CLASSES))
    }

    /// A method of a class that derives from `threading.Thread`.
    fn is_thread_subclass_method(&self, function: FunctionRef<'a>) -> bool {
        let Some(body) = self.function_scope(function) else {
            return false;
        };
        let Some(class_body) = self.scope(body).parent else {
            return false;
        };
        let ScopeKind::Class(class) = self.scope(class_body).kind else {
            return false;
        };
        let defined_in = self.scope(class_body).parent.unwrap_or(ScopeId::MODULE);
        self.class_inherits_from(class, defined_in, THREAD_CLASSES)
    }

    /// Every place the module refers to `function`: loads of its name, and for a method,
    /// `self.name` and `cls.name` inside its class.
    fn function_uses(&self, function: FunctionRef<'a>) -> Vec<FunctionUse<'a>> {
        let Some(body) = self.function_scope(function) else {
            return Vec::new();
        };
        let Some(owner) = self.scope(body).parent else {
            return Vec::new();
        };
        let name = function.name();
        let mut uses: Vec<FunctionUse<'a>> = self
            .references_to(owner, name)
            .map(|reference| FunctionUse {
                range: reference.range,
                statement: reference.statement,
                scope: reference.scope,
            })
            .collect();
        if let ScopeKind::Class(class) = self.scope(owner).kind {
            for reference in self.references() {
                if !matches!(reference.name, "self" | "cls")
                    || !class.range.contains_range(reference.range)
                {
                    continue;
                }
                if let Some(Access::Attribute(attr)) = reference.accesses().first() {
                    if attr.attr.as_str() == name {
                        uses.push(FunctionUse {
                            range: attr.range,
                            statement: reference.statement,
                            scope: reference.scope,
                        });
                    }
                }
            }
        }
        uses
    }
}
