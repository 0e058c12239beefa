//! What a rule is to the checker: it names the node kinds it wants to see, checks each one
//! with the semantic model and the walk context at hand, and reports findings through a
//! [`RuleContext`] that stamps the rule's code and severity on them.

use rustpython_parser::ast::{Expr, Stmt};
use rustpython_parser::text_size::TextRange;

use crate::checker::FileInfo;
use crate::diagnostic::Finding;
use crate::project::{Condition, ProjectIndex};
use crate::pyproject::PyProjectFile;
use crate::registry::RuleMeta;
use crate::role::FileRole;
use crate::semantic::SemanticModel;
use crate::settings::RuleSettings;
use crate::version::PythonVersion;
use crate::visit::{Context, Node, NodeKind};

pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// The node kinds [`Rule::check_node`] is called for. Rules that only look at
    /// whole-module facts leave this empty and implement [`Rule::check_module`].
    fn node_kinds(&self) -> &'static [NodeKind] {
        &[]
    }

    /// Called for each node of a kind listed in [`Rule::node_kinds`], in source order.
    fn check_node<'a>(&self, _node: Node<'a>, _cx: &mut RuleContext<'_, 'a>) {}

    /// Called once per module, after the walk.
    fn check_module<'a>(&self, _cx: &mut RuleContext<'_, 'a>) {}

    /// Whether the rule implements [`Rule::check_module`].
    fn has_module_check(&self) -> bool {
        false
    }

    /// Whether the rule checks `pyproject.toml` files ([`Rule::check_pyproject`]).
    fn checks_pyproject(&self) -> bool {
        false
    }

    /// Called once per linted `pyproject.toml` that is valid TOML.
    fn check_pyproject(&self, _file: &PyProjectFile<'_>, _findings: &mut Vec<Finding>) {}

    /// The kinds of fix the rule's findings may carry (`pyexpert rules` shows them; a rule
    /// that declares any has `fixtures/PXqqnn.fixed.py` and a "Fix" section in its page).
    fn fixes(&self) -> &'static [crate::fix::Applicability] {
        &[]
    }
}

/// What a rule sees while it checks: the model, where the walk is, the source text, and a
/// place to put findings.
pub struct RuleContext<'r, 'a> {
    pub model: &'r SemanticModel<'a>,
    /// The walk context at the current node (empty in [`Rule::check_module`]).
    pub ctx: &'r Context<'a>,
    /// The module's statements.
    pub body: &'a [Stmt],
    /// The decoded source text (byte offsets of the AST index into it).
    pub source: &'r str,
    /// The Python version the checked code targets.
    pub target_version: PythonVersion,
    /// The file's path as reports show it.
    pub path: &'r str,
    /// The file's dotted module name, when the run indexed the project.
    pub module: Option<&'r str>,
    /// What the file is for (the rule runs only on the roles it applies to).
    pub role: FileRole,
    /// Settings rules read (layer contracts, ...).
    pub settings: &'r RuleSettings,
    /// The project as a whole: its modules, its pyproject.toml files.
    pub project: &'r ProjectIndex,
    pub(crate) meta: &'static RuleMeta,
    pub(crate) findings: &'r mut Vec<Finding>,
}

impl<'r, 'a> RuleContext<'r, 'a> {
    pub(crate) fn new(
        model: &'r SemanticModel<'a>,
        ctx: &'r Context<'a>,
        body: &'a [Stmt],
        file: FileInfo<'r>,
        meta: &'static RuleMeta,
        findings: &'r mut Vec<Finding>,
    ) -> Self {
        RuleContext {
            model,
            ctx,
            body,
            source: file.source,
            target_version: file.target_version,
            path: file.path,
            module: file.module,
            role: file.role,
            settings: file.settings,
            project: file.project,
            meta,
            findings,
        }
    }
}

impl RuleContext<'_, '_> {
    /// Reports a finding that holds only if `condition` does, which depends on other
    /// modules of the project: it is settled once every module has been checked.
    pub fn report_if(
        &mut self,
        condition: Condition,
        range: TextRange,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> &mut Finding {
        let finding = self.report(range, message, help);
        finding.condition = Some(condition);
        finding
    }

    /// Reports a finding of the current rule. The returned finding can still be adjusted
    /// (for instance, raised to error severity).
    pub fn report(
        &mut self,
        range: TextRange,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> &mut Finding {
        self.findings
            .push(Finding::new(self.meta, range, message).with_help(help));
        self.findings.last_mut().expect("just pushed")
    }

    pub fn meta(&self) -> &'static RuleMeta {
        self.meta
    }

    /// The file's name without directories (`conftest.py`).
    pub fn file_name(&self) -> &str {
        self.path.rsplit(['/', '\\']).next().unwrap_or(self.path)
    }

    /// Test code (see [`crate::role`]): by path conventions, by its code, or configured.
    pub fn is_test_file(&self) -> bool {
        self.role == FileRole::Test
    }

    /// A `.pyi` stub: declarations only, nothing runs.
    pub fn is_stub_file(&self) -> bool {
        self.path.ends_with(".pyi")
    }

    /// Whether the current node is inside a module's embedded self-test (`def test():` at
    /// the top level, see [`crate::role::embedded_self_tests`]): test code that no test
    /// runner collects.
    pub fn in_embedded_self_test(&self) -> bool {
        self.ctx
            .statements()
            .first()
            .is_some_and(|outermost| crate::role::is_embedded_self_test(outermost))
    }

    /// Whether the current node belongs to a class or function marked for removal: one
    /// decorated with `@deprecated(...)` (`typing_extensions`, `warnings`, the
    /// `deprecation` and `Deprecated` packages, or a project's own decorator whose name
    /// says so). Modernising code that is on its way out is not worth a change.
    pub fn in_deprecated_definition(&self) -> bool {
        self.ctx.statements().iter().any(|stmt| {
            let decorators = match stmt {
                Stmt::FunctionDef(def) => &def.decorator_list,
                Stmt::AsyncFunctionDef(def) => &def.decorator_list,
                Stmt::ClassDef(class) => &class.decorator_list,
                _ => return false,
            };
            decorators.iter().any(|decorator| {
                let callee = match decorator {
                    Expr::Call(call) => &*call.func,
                    other => other,
                };
                let name = match callee {
                    Expr::Name(name) => name.id.as_str(),
                    Expr::Attribute(attr) => attr.attr.as_str(),
                    _ => return false,
                };
                name.trim_start_matches('_')
                    .to_ascii_lowercase()
                    .starts_with("deprecated")
            })
        })
    }

    /// Whether the current node runs inside the body of a `with` that expects it to raise
    /// or warn (`with pytest.raises(...)`, `with self.assertRaises(...)`), within the
    /// current function: test code that misuses an API on purpose to check the error.
    pub fn in_expected_failure(&self) -> bool {
        let statements = self.ctx.statements();
        // The innermost statement holds the current node itself (a `with` item is not in
        // the body it guards).
        let enclosing = &statements[..statements.len().saturating_sub(1)];
        let scope = self.ctx.scope();
        enclosing
            .iter()
            .rev()
            .take_while(|stmt| {
                !matches!(
                    stmt,
                    Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_) | Stmt::ClassDef(_)
                )
            })
            .any(|stmt| match stmt {
                Stmt::With(with) => with
                    .items
                    .iter()
                    .any(|item| self.model.expects_failure(&item.context_expr, scope)),
                _ => false,
            })
    }

    /// Whether the current node sits in a branch the module never takes: under an `if`
    /// on a module-level flag bound once to `True` or `False` (or on the literal), on the
    /// side the flag rules out. See [`crate::constant_branch`].
    pub fn in_branch_never_taken(&self) -> bool {
        crate::constant_branch::in_branch_never_taken(self.model, self.ctx.statements())
    }

    /// Whether the current node sits in either branch of an `if` statement or an `x if test
    /// else y` whose test satisfies `tests`: a compatibility path kept for the versions the
    /// test names (`sys.version_info`, `PYDANTIC_V1`...).
    pub fn under_branch_testing(&self, tests: &dyn Fn(&Expr) -> bool) -> bool {
        let statements = self.ctx.statements().iter().any(|stmt| match stmt {
            Stmt::If(if_) => tests(&if_.test),
            _ => false,
        });
        statements
            || self.ctx.expressions().iter().any(|expr| match expr {
                Expr::IfExp(if_) => tests(&if_.test),
                _ => false,
            })
    }

    /// Whether the current node runs where warnings are expected or silenced on purpose:
    /// inside `with warnings.catch_warnings():`, `with pytest.warns(...)`, `with
    /// self.assertWarns(...)` and the like, after `warnings.simplefilter("ignore")` in the
    /// same block, or in a function or class decorated with `@pytest.mark.filterwarnings`
    /// or Django's `@ignore_warnings`. Rules about deprecated APIs stay quiet there: the
    /// author knows, and is testing the deprecation or keeping a compatibility path.
    pub fn in_expected_warning(&self) -> bool {
        let statements = self.ctx.statements();
        let scope = self.ctx.scope();
        let Some((current, enclosing)) = statements.split_last() else {
            return false;
        };
        let mut inner: &Stmt = current;
        for stmt in enclosing.iter().rev() {
            let silenced = match stmt {
                Stmt::With(with) => with
                    .items
                    .iter()
                    .any(|item| self.model.expects_warning(&item.context_expr, scope)),
                Stmt::FunctionDef(def) => def
                    .decorator_list
                    .iter()
                    .any(|d| self.model.expects_warning(d, scope)),
                Stmt::AsyncFunctionDef(def) => def
                    .decorator_list
                    .iter()
                    .any(|d| self.model.expects_warning(d, scope)),
                Stmt::ClassDef(class) => class
                    .decorator_list
                    .iter()
                    .any(|d| self.model.expects_warning(d, scope)),
                _ => false,
            };
            let filtered_before = crate::ast_ext::child_statement_lists(stmt)
                .into_iter()
                .find(|list| list.iter().any(|s| std::ptr::eq(s, inner)))
                .is_some_and(|list| {
                    list.iter()
                        .take_while(|s| !std::ptr::eq(*s, inner))
                        .any(|s| self.model.silences_warnings(s, scope))
                });
            if silenced || filtered_before {
                return true;
            }
            inner = stmt;
        }
        self.body
            .iter()
            .take_while(|s| !std::ptr::eq(*s, inner))
            .any(|s| self.model.silences_warnings(s, scope))
    }

    /// Whether the current rule already reported a finding at exactly `range` in this file
    /// (for rules that reach one statement from several nodes).
    pub fn already_reported(&self, range: TextRange) -> bool {
        self.findings
            .iter()
            .any(|f| std::ptr::eq(f.rule, self.meta) && f.range == range)
    }
}
