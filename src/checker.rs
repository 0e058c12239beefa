//! The checking walk: one pass over the AST that hands each node to the rules that asked for
//! its kind, then runs the module-level rules. Which rules see which kind is decided once
//! per run in a [`Dispatch`] table, so the walk itself does no lookups and no allocation.

use std::cell::Cell;

use rustpython_parser::ast::Stmt;

use crate::diagnostic::Finding;
use crate::project::ProjectIndex;
use crate::registry::RuleMeta;
use crate::rule::{Rule, RuleContext};
use crate::semantic::SemanticModel;
use crate::settings::RuleSettings;
use crate::version::PythonVersion;
use crate::visit::{self, Context, Node, NodeKind, Visitor};

/// For each node kind, the enabled rules that want it; plus the module-level rules.
pub struct Dispatch {
    by_kind: Vec<Vec<&'static dyn Rule>>,
    module_rules: Vec<&'static dyn Rule>,
    pyproject_rules: Vec<&'static dyn Rule>,
}

impl Dispatch {
    pub fn new(rules: impl IntoIterator<Item = &'static dyn Rule>) -> Self {
        let mut by_kind: Vec<Vec<&'static dyn Rule>> = vec![Vec::new(); NodeKind::COUNT];
        let mut module_rules = Vec::new();
        let mut pyproject_rules = Vec::new();
        for rule in rules {
            if rule.checks_pyproject() {
                pyproject_rules.push(rule);
            }
            for kind in rule.node_kinds() {
                by_kind[*kind as usize].push(rule);
            }
            if rule.has_module_check() {
                module_rules.push(rule);
            }
        }
        Dispatch {
            by_kind,
            module_rules,
            pyproject_rules,
        }
    }

    /// The rules that check `pyproject.toml` files.
    pub fn pyproject_rules(&self) -> &[&'static dyn Rule] {
        &self.pyproject_rules
    }

    /// No rule to run: the pipeline can stop after parsing.
    pub fn is_empty(&self) -> bool {
        self.module_rules.is_empty() && self.by_kind.iter().all(Vec::is_empty)
    }

    /// The rules that check `pyproject.toml` files, run under the same panic guard.
    pub fn check_pyproject(&self, file: &crate::pyproject::PyProjectFile<'_>) -> Vec<Finding> {
        let mut findings = Vec::new();
        for rule in &self.pyproject_rules {
            enter_rule(Some(rule.meta()));
            rule.check_pyproject(file, &mut findings);
        }
        enter_rule(None);
        findings
    }
}

thread_local! {
    /// The rule running on this thread, so a panic can be blamed on it (PX0003).
    static CURRENT_RULE: Cell<Option<&'static RuleMeta>> = const { Cell::new(None) };
}

/// The rule that was running when the current thread last entered a rule.
pub fn current_rule() -> Option<&'static RuleMeta> {
    CURRENT_RULE.with(Cell::get)
}

fn enter_rule(meta: Option<&'static RuleMeta>) {
    CURRENT_RULE.with(|current| current.set(meta));
}

/// What is known about the file being checked, beyond its tree.
#[derive(Clone, Copy)]
pub struct FileInfo<'r> {
    /// The decoded source text.
    pub source: &'r str,
    /// The file's path as reports show it.
    pub path: &'r str,
    /// The file's dotted module name, when it is part of an indexed project.
    pub module: Option<&'r str>,
    /// What the file is for.
    pub role: crate::role::FileRole,
    pub target_version: PythonVersion,
    pub settings: &'r RuleSettings,
    pub project: &'r ProjectIndex,
}

/// Runs every dispatched rule over a module and returns their findings, unsorted.
pub fn check<'a>(
    body: &'a [Stmt],
    model: &SemanticModel<'a>,
    dispatch: &Dispatch,
    file: FileInfo<'_>,
) -> Vec<Finding> {
    let mut checker = Checker {
        dispatch,
        model,
        body,
        file,
        findings: Vec::new(),
    };
    let _ = visit::walk_module(body, &mut checker);
    let empty = Context::default();
    for rule in &dispatch.module_rules {
        enter_rule(Some(rule.meta()));
        let mut cx = RuleContext::new(
            model,
            &empty,
            body,
            file,
            rule.meta(),
            &mut checker.findings,
        );
        rule.check_module(&mut cx);
    }
    enter_rule(None);
    checker.findings
}

struct Checker<'r, 'a> {
    dispatch: &'r Dispatch,
    model: &'r SemanticModel<'a>,
    body: &'a [Stmt],
    file: FileInfo<'r>,
    findings: Vec<Finding>,
}

impl<'a> Visitor<'a> for Checker<'_, 'a> {
    fn enter_node(&mut self, node: Node<'a>, ctx: &Context<'a>) {
        let rules = &self.dispatch.by_kind[node.kind() as usize];
        let Some(first) = rules.first() else {
            return;
        };
        // One context per node, handed from rule to rule: this runs for every node of
        // every file, once per interested rule.
        let mut cx = RuleContext::new(
            self.model,
            ctx,
            self.body,
            self.file,
            first.meta(),
            &mut self.findings,
        );
        for rule in rules {
            enter_rule(Some(rule.meta()));
            cx.meta = rule.meta();
            rule.check_node(node, &mut cx);
        }
    }
}
