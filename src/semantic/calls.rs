//! Calls each frame makes, and following them through the module's own functions: "does
//! calling `main()` end up creating a process pool?"

use rustc_hash::FxHashSet;
use rustpython_parser::ast::{ExceptHandler, Expr, ExprCall, Ranged, Stmt};

use super::scope::ScopeId;
use super::SemanticModel;
use crate::ast_ext::{self, FunctionRef};

/// Functions outside the module that never return normally: they raise or end the process.
const NO_RETURN_FUNCTIONS: &[&str] = &[
    "sys.exit",
    "os._exit",
    "os.abort",
    "builtins.exit",
    "builtins.quit",
    "typing.assert_never",
    "typing_extensions.assert_never",
    "pytest.fail",
    "pytest.skip",
    "pytest.xfail",
    "pytest.exit",
];

/// A call and where it happens.
#[derive(Debug, Clone, Copy)]
pub struct CallSite<'a> {
    pub call: &'a ExprCall,
    /// The scope the call is evaluated in (for resolving names in it).
    pub scope: ScopeId,
    /// The innermost statement holding the call.
    pub statement: &'a Stmt,
}

impl<'a> SemanticModel<'a> {
    /// Every call of the module, frame by frame (module level first, then each function
    /// and lambda in the order its scope was created).
    pub fn all_call_sites(&self) -> impl Iterator<Item = &CallSite<'a>> + '_ {
        self.scope_ids()
            .flat_map(move |id| self.scope(id).frame.calls.iter())
    }

    /// The function of this module a call invokes, when its callee is a name whose only
    /// reaching binding is a `def`.
    pub fn called_function(
        &self,
        call: &'a ExprCall,
        scope: ScopeId,
    ) -> Option<(FunctionRef<'a>, ScopeId)> {
        let Expr::Name(name) = &*call.func else {
            return None;
        };
        self.unique_binding(name.id.as_str(), call.start(), scope)?
            .function()
    }

    /// Whether a call never returns normally, as far as this module shows: its callee is a
    /// function of this module whose every path raises, or one annotated `NoReturn`/`Never`,
    /// or a well-known function that always raises or ends the process (`sys.exit`,
    /// `pytest.fail`, `typing.assert_never`...).
    pub fn call_never_returns(&self, call: &'a ExprCall, scope: ScopeId) -> bool {
        if self
            .qualified_name(&call.func, scope)
            .is_some_and(|name| name.is_any(NO_RETURN_FUNCTIONS))
        {
            return true;
        }
        let Some((function, body)) = self.called_function(call, scope) else {
            return false;
        };
        if ast_ext::always_exits(function.body(), ast_ext::Exit::Raise) {
            return true;
        }
        let defined_in = self.scope(body).parent.unwrap_or(ScopeId::MODULE);
        function
            .returns()
            .is_some_and(|annotation| self.is_no_return_annotation(annotation, defined_in))
    }

    /// Whether every path through `body` (run in `scope`) ends without returning: in a
    /// `raise`, an `assert` of a false constant (`assert False`), or a call that never
    /// returns ([`SemanticModel::call_never_returns`]).
    pub fn body_never_returns(&self, body: &'a [Stmt], scope: ScopeId) -> bool {
        ast_ext::always_ends(body, &|stmt| match stmt {
            Stmt::Raise(_) => true,
            Stmt::Assert(assert) => ast_ext::is_false_constant(&assert.test),
            Stmt::Expr(expr) => {
                matches!(&*expr.value, Expr::Call(call) if self.call_never_returns(call, scope))
            }
            _ => false,
        })
    }

    /// Whether a call cannot fail with an `Exception`, as far as this module shows: its
    /// callee is a function of this module whose body is a `try` with a clause catching
    /// `Exception` (or `BaseException`, or bare) that never raises, preceded only by a
    /// docstring and followed only by `return`s of names or constants. Such wrappers turn
    /// failures into values (`except Exception as err: log(err); return err`).
    pub fn call_catches_all_exceptions(&self, call: &'a ExprCall, scope: ScopeId) -> bool {
        let Some((function, body_scope)) = self.called_function(call, scope) else {
            return false;
        };
        let mut statements = function.body();
        if statements.first().is_some_and(ast_ext::is_docstring) {
            statements = &statements[1..];
        }
        let Some((Stmt::Try(try_), rest)) = statements.split_first() else {
            return false;
        };
        let plain_return = |stmt: &Stmt| match stmt {
            Stmt::Return(ret) => ret
                .value
                .as_deref()
                .is_none_or(|v| matches!(v, Expr::Name(_) | Expr::Constant(_))),
            _ => false,
        };
        if !rest.iter().all(plain_return) || !try_.finalbody.is_empty() {
            return false;
        }
        let no_raise = |body: &[Stmt]| !body.iter().any(contains_raise);
        no_raise(&try_.orelse)
            && try_.handlers.iter().any(|handler| {
                let ExceptHandler::ExceptHandler(handler) = handler;
                let catches_all = handler.type_.as_deref().is_none_or(|type_| {
                    self.qualified_name(type_, body_scope).is_some_and(|name| {
                        name.is_any(&["builtins.Exception", "builtins.BaseException"])
                    })
                });
                catches_all && no_raise(&handler.body)
            })
    }

    /// Whether an annotation (evaluated in `scope`) is `NoReturn` or `Never` from `typing` or
    /// `typing_extensions`: the function never returns normally.
    pub fn is_no_return_annotation(&self, annotation: &'a Expr, scope: ScopeId) -> bool {
        self.qualified_name(annotation, scope).is_some_and(|name| {
            name.is_any(&[
                "typing.NoReturn",
                "typing.Never",
                "typing_extensions.NoReturn",
                "typing_extensions.Never",
            ])
        })
    }

    /// Looks through the calls `frame` makes, following calls into the module's own
    /// functions, for one that `is_target` accepts. Returns the chain of calls from `frame`
    /// down to it (the last element is the target), or `None`.
    pub fn find_call_path(
        &self,
        frame: ScopeId,
        is_target: &dyn Fn(&CallSite<'a>) -> bool,
    ) -> Option<Vec<CallSite<'a>>> {
        let mut visited = FxHashSet::default();
        let mut path = Vec::new();
        self.search_calls(frame, is_target, &mut visited, &mut path)
            .then_some(path)
    }

    fn search_calls(
        &self,
        frame: ScopeId,
        is_target: &dyn Fn(&CallSite<'a>) -> bool,
        visited: &mut FxHashSet<ScopeId>,
        path: &mut Vec<CallSite<'a>>,
    ) -> bool {
        if !visited.insert(frame) {
            return false;
        }
        for site in &self.scope(frame).frame.calls {
            path.push(*site);
            if is_target(site) {
                return true;
            }
            if let Some((_, callee)) = self.called_function(site.call, site.scope) {
                if self.search_calls(callee, is_target, visited, path) {
                    return true;
                }
            }
            path.pop();
        }
        false
    }
}

/// `pytest` context managers under which the code is expected to raise or warn.
const PYTEST_EXPECTATIONS: &[&str] = &["pytest.raises", "pytest.warns", "pytest.deprecated_call"];

/// `unittest.TestCase` methods that, used as context managers, expect the code to raise or
/// warn.
const UNITTEST_EXPECTATIONS: &[&str] = &[
    "assertRaises",
    "assertRaisesRegex",
    "assertWarns",
    "assertWarnsRegex",
];

impl<'a> SemanticModel<'a> {
    /// Whether `context`, the context expression of a `with` item evaluated in `scope`,
    /// declares that its body is expected to raise or warn: `pytest.raises(...)`,
    /// `pytest.warns(...)`, or `self.assertRaises(...)` and its relatives on the test case.
    /// Code in such a body is often wrong on purpose.
    pub fn expects_failure(&self, context: &'a Expr, scope: ScopeId) -> bool {
        let Expr::Call(call) = context else {
            return false;
        };
        if self
            .qualified_name(&call.func, scope)
            .is_some_and(|name| name.is_any(PYTEST_EXPECTATIONS))
        {
            return true;
        }
        matches!(
            &*call.func,
            Expr::Attribute(attr)
                if UNITTEST_EXPECTATIONS.contains(&attr.attr.as_str())
                    && self.receiver_class(&attr.value, scope).is_some()
        )
    }
}

/// Context managers and decorators under which code is expected to warn, or whose warnings
/// are deliberately silenced: code there uses a deprecated API on purpose.
const WARNING_SILENCERS: &[&str] = &[
    "warnings.catch_warnings",
    "django.test.utils.ignore_warnings",
    "django.test.ignore_warnings",
    "pytest.mark.filterwarnings",
    "numpy.testing.suppress_warnings",
];

/// `TestCase` methods (unittest's and Django's) that expect the code to warn.
const WARNING_ASSERTIONS: &[&str] = &["assertWarns", "assertWarnsRegex", "assertWarnsMessage"];

impl<'a> SemanticModel<'a> {
    /// Whether `context` (a `with` item's context expression, or a decorator, evaluated in
    /// `scope`) expects or silences warnings in the code it governs:
    /// `warnings.catch_warnings()`, `pytest.warns(...)`, `pytest.deprecated_call()`,
    /// `self.assertWarns(...)`, `@pytest.mark.filterwarnings(...)`, Django's
    /// `ignore_warnings`. Such code exercises a deprecated API on purpose.
    pub fn expects_warning(&self, context: &'a Expr, scope: ScopeId) -> bool {
        let callee = match context {
            Expr::Call(call) => &*call.func,
            other => other,
        };
        if self.qualified_name(callee, scope).is_some_and(|name| {
            name.is_any(WARNING_SILENCERS)
                || name.is_any(&["pytest.warns", "pytest.deprecated_call"])
        }) {
            return true;
        }
        matches!(
            callee,
            Expr::Attribute(attr)
                if WARNING_ASSERTIONS.contains(&attr.attr.as_str())
                    && self.receiver_class(&attr.value, scope).is_some()
        )
    }

    /// Whether `decorator` (evaluated in `scope`) marks a test as failing wherever it runs:
    /// `@pytest.mark.xfail`, or `@pytest.mark.xfail(reason=...)` with no condition. Its
    /// code is already known to break, so what would break it again is no news.
    pub fn marks_expected_failure(&self, decorator: &'a Expr, scope: ScopeId) -> bool {
        let (callee, unconditional) = match decorator {
            Expr::Call(call) => (&*call.func, call.args.is_empty()),
            other => (other, true),
        };
        unconditional
            && self
                .qualified_name(callee, scope)
                .is_some_and(|name| name.is_any(&["pytest.mark.xfail"]))
    }

    /// Whether `stmt` is `warnings.simplefilter("ignore", ...)` or
    /// `warnings.filterwarnings("ignore", ...)`: the code after it in the same block runs
    /// with warnings silenced on purpose.
    pub fn silences_warnings(&self, stmt: &'a Stmt, scope: ScopeId) -> bool {
        let Stmt::Expr(expr) = stmt else {
            return false;
        };
        let Expr::Call(call) = &*expr.value else {
            return false;
        };
        let ignores = call
            .args
            .first()
            .and_then(ast_ext::string_literal)
            .is_some_and(|action| action == "ignore");
        ignores
            && self.qualified_name(&call.func, scope).is_some_and(|name| {
                name.is_any(&["warnings.simplefilter", "warnings.filterwarnings"])
            })
    }
}

/// Whether a statement raises or holds a `raise` (not counting nested functions and classes,
/// which run apart).
fn contains_raise(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Raise(_) => true,
        Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_) | Stmt::ClassDef(_) => false,
        other => ast_ext::child_statement_lists(other)
            .into_iter()
            .flatten()
            .any(contains_raise),
    }
}
