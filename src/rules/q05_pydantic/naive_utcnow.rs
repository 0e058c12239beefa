//! PX0504 naive-utcnow: `datetime.utcnow()` and `datetime.utcfromtimestamp()` return naive
//! datetimes that hold UTC but say nothing about it, so any later `.astimezone()` or
//! `.timestamp()` treats them as local time. Both are deprecated since Python 3.12.

use rustpython_parser::ast::{ExceptHandler, Expr, ExprCall, ExprContext, Ranged, Stmt};
use rustpython_parser::text_size::TextRange;

use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::{FileRole, Roles};
use crate::rule::{Rule, RuleContext};
use crate::version::PythonVersion;
use crate::visit::{Node, NodeKind};

pub struct NaiveUtcnow;

static META: RuleMeta = RuleMeta {
    code: "PX0504",
    name: "naive-utcnow",
    severity: Severity::Warning,
    question: Some(Question::new(5)),
    opt_in: false,
    // `datetime.timezone`, which the aware spelling needs, came in 3.2.
    min_version: Some(PythonVersion::new(3, 2)),
    summary:
        "`datetime.utcnow`/`utcfromtimestamp` give naive datetimes (deprecated since Python 3.12)",
    doc: include_str!("../../../rules/PX0504.md"),
    // Tests only where their pytest configuration makes the deprecation an error (see
    // `deprecation_fails_tests`): elsewhere a naive timestamp in a test is not worth a change.
    // Not build configuration: a Sphinx `conf.py` or `setup.py` takes at most the year from
    // it, and nobody sees the warnings of a build. Not examples: in the blind reviews a
    // deprecated spelling in a demo or a sample was worth a change 16 of 28 times.
    applies_to: Roles::SHIPPED_CODE
        .with(FileRole::Test)
        .without(FileRole::Example),
};

/// Inside a branch on the running Python's version: a compatibility path that keeps the old
/// behaviour on the versions that have it, on purpose. `hasattr(datetime, "UTC")` is such a
/// test too: `datetime.UTC` came in 3.11, so its fallback runs only on older versions.
fn under_version_check(cx: &RuleContext<'_, '_>) -> bool {
    let scope = cx.ctx.scope();
    cx.under_branch_testing(&|test| cx.model.is_version_check(test, scope) || asks_for_utc(test))
}

/// Whether the reference sits in the `except` of a `try` that first tries the aware
/// spelling (`datetime.now(tz=datetime.timezone.utc)` / `except AttributeError:
/// datetime.utcnow()`, json-e's shim): the fallback for a Python without
/// `datetime.timezone`, which no Python 3 reaches.
fn in_aware_fallback(cx: &RuleContext<'_, '_>, at: TextRange) -> bool {
    const MISSING_API: &[&str] = &[
        "builtins.AttributeError",
        "builtins.NameError",
        "builtins.ImportError",
    ];
    let scope = cx.ctx.scope();
    cx.ctx.statements().iter().any(|stmt| {
        let Stmt::Try(attempt) = stmt else {
            return false;
        };
        let tries_aware = attempt.body.iter().any(|inner| {
            let text = &cx.source[inner.range()];
            text.contains("timezone") || text.contains("UTC")
        });
        tries_aware
            && attempt.handlers.iter().any(|handler| {
                let ExceptHandler::ExceptHandler(clause) = handler;
                clause.range.contains_range(at)
                    && cx.model.handler_catches(handler, scope, MISSING_API, false)
            })
    })
}

/// `hasattr(datetime, "UTC")` (also negated).
fn asks_for_utc(test: &Expr) -> bool {
    match test {
        Expr::UnaryOp(unary) => asks_for_utc(&unary.operand),
        Expr::Call(call) => {
            matches!(&*call.func, Expr::Name(name) if name.id.as_str() == "hasattr")
                && call.args.get(1).and_then(crate::ast_ext::string_literal) == Some("UTC")
        }
        _ => false,
    }
}

/// Whether an uncalled reference hands the function on to be called later: as an argument
/// (`Field(default_factory=datetime.utcnow)`), a parameter default or an assigned value. A
/// reference that only identifies it (a key in a table of known callables, a comparison)
/// calls nothing; nor does wrapping it in a deprecation shim (`deprecated(...)(utcnow)`),
/// which exists to warn about it.
fn handed_on(cx: &RuleContext<'_, '_>) -> bool {
    match cx.ctx.parent_expr() {
        Some(Expr::Call(call)) => !is_deprecation_shim(call),
        Some(Expr::Dict(_) | Expr::Set(_) | Expr::Compare(_) | Expr::Tuple(_) | Expr::List(_)) => {
            false
        }
        // An assigned value, a parameter default, a returned function, a lambda's body...
        _ => true,
    }
}

/// `deprecated(...)(f)` or `deprecated(f)`: a wrapper that warns when `f` is used.
fn is_deprecation_shim(call: &ExprCall) -> bool {
    let named_deprecation = |call: &ExprCall| {
        crate::ast_ext::callee_last_name(call)
            .is_some_and(|name| name.to_ascii_lowercase().contains("deprecat"))
    };
    named_deprecation(call)
        || matches!(&*call.func, Expr::Call(factory) if named_deprecation(factory))
}

/// Packages that freeze, move or mock the clock in tests.
const FREEZERS: &[&str] = &[
    "freezegun",
    "time_machine",
    "pytest_freezer",
    "pytest_freezegun",
    "testfixtures",
];

/// Whether the pytest configuration over the test file makes the deprecation of `method`
/// an error (`filterwarnings = ["error"]` without an `ignore::DeprecationWarning` after it).
fn deprecation_fails_tests(cx: &RuleContext<'_, '_>, method: &str) -> bool {
    let directory = std::path::Path::new(cx.path)
        .parent()
        .unwrap_or(std::path::Path::new(""));
    let subject = if method == "utcnow" {
        "utcnow"
    } else {
        "utcfromtimestamp"
    };
    cx.project.deprecation_fails_tests_in(directory, subject)
}

impl Rule for NaiveUtcnow {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fixes(&self) -> &'static [Applicability] {
        &[Applicability::Unsafe]
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Attribute]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Expr(expr @ Expr::Attribute(attr)) = node else {
            return;
        };
        if attr.ctx != ExprContext::Load {
            return;
        }
        let method = attr.attr.as_str();
        if !matches!(method, "utcnow" | "utcfromtimestamp") {
            return;
        }
        // In tests the deprecation costs something only where the suite makes it an error;
        // tests of a frozen or mocked clock call `utcnow()` to check what it returns.
        if cx.role == FileRole::Test
            && (FREEZERS.iter().any(|p| cx.model.imports_package(p))
                || !deprecation_fails_tests(cx, method))
        {
            return;
        }
        let Some(name) = cx.model.qualified_name(expr, cx.ctx.scope()) else {
            return;
        };
        if !name.is_any(&[
            "datetime.datetime.utcnow",
            "datetime.datetime.utcfromtimestamp",
        ]) {
            return;
        }
        // A module's own `def test():` is test code that no runner collects, so no
        // warning filter turns the deprecation into a failure there.
        if cx.in_expected_warning()
            || under_version_check(cx)
            || cx.in_deprecated_definition()
            || cx.in_embedded_self_test()
            || in_aware_fallback(cx, attr.range)
        {
            return;
        }
        let called = matches!(cx.ctx.parent_expr(), Some(Expr::Call(call)) if std::ptr::eq(&*call.func, expr));
        if !called && !handed_on(cx) {
            return;
        }
        let what = if called {
            format!("`datetime.{method}()` returns")
        } else {
            format!("`datetime.{method}` is passed on here; called, it returns")
        };
        // The aware value cannot meet naive ones (`-`, `<`), so the help also gives the
        // naive spelling that is not deprecated, for code that compares with naive values.
        let help = if method == "utcnow" {
            "use `datetime.now(timezone.utc)` (or `datetime.now(UTC)` on Python 3.11+), which is aware; as a default, `default_factory=lambda: datetime.now(timezone.utc)`; where the value meets naive datetimes (subtracted from or compared with them), make both sides aware, or keep it naive with `datetime.now(timezone.utc).replace(tzinfo=None)`"
        } else {
            "use `datetime.fromtimestamp(ts, tz=timezone.utc)`, which is aware; where the value meets naive datetimes, make both sides aware, or keep it naive with `.replace(tzinfo=None)`"
        };
        let fix = super::naive_utcnow_fix::fix(cx, attr);
        cx.report(
            attr.range,
            format!("{what} a naive datetime that holds UTC without saying so (deprecated since Python 3.12)"),
            help,
        )
        .set_fix(fix);
    }
}
