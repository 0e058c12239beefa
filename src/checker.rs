//! The checking walk: one pass over the AST that hands each node to the rules that asked for
//! its kind, then runs the module-level rules. Which rules see which kind is decided once
//! per run in a [`Dispatch`] table, so the walk itself does no lookups and no allocation.

use std::cell::Cell;

use rustpython_parser::ast::Stmt;

use crate::diagnostic::Finding;
use crate::registry::RuleMeta;
use crate::rule::{Rule, RuleContext};
use crate::semantic::SemanticModel;
use crate::version::PythonVersion;
use crate::visit::{self, Context, Node, NodeKind, Visitor};

/// For each node kind, the enabled rules that want it; plus the module-level rules.
pub struct Dispatch {
    by_kind: Vec<Vec<&'static dyn Rule>>,
    module_rules: Vec<&'static dyn Rule>,
}

impl Dispatch {
    pub fn new(rules: impl IntoIterator<Item = &'static dyn Rule>) -> Self {
        let mut by_kind: Vec<Vec<&'static dyn Rule>> = vec![Vec::new(); NodeKind::COUNT];
        let mut module_rules = Vec::new();
        for rule in rules {
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
        }
    }

    /// No rule to run: the pipeline can stop after parsing.
    pub fn is_empty(&self) -> bool {
        self.module_rules.is_empty() && self.by_kind.iter().all(Vec::is_empty)
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

/// Runs every dispatched rule over a module and returns their findings, unsorted.
pub fn check<'a>(
    body: &'a [Stmt],
    model: &SemanticModel<'a>,
    source: &str,
    dispatch: &Dispatch,
    target_version: PythonVersion,
    path: &str,
) -> Vec<Finding> {
    let mut checker = Checker {
        dispatch,
        model,
        body,
        source,
        target_version,
        path,
        findings: Vec::new(),
    };
    let _ = visit::walk_module(body, &mut checker);
    let empty = Context::default();
    for rule in &dispatch.module_rules {
        enter_rule(Some(rule.meta()));
        let mut cx = RuleContext {
            model,
            ctx: &empty,
            body,
            source,
            target_version,
            path,
            meta: rule.meta(),
            findings: &mut checker.findings,
        };
        rule.check_module(&mut cx);
    }
    enter_rule(None);
    checker.findings
}

struct Checker<'r, 'a> {
    dispatch: &'r Dispatch,
    model: &'r SemanticModel<'a>,
    body: &'a [Stmt],
    source: &'r str,
    target_version: PythonVersion,
    path: &'r str,
    findings: Vec<Finding>,
}

impl<'a> Visitor<'a> for Checker<'_, 'a> {
    fn enter_node(&mut self, node: Node<'a>, ctx: &Context<'a>) {
        for rule in &self.dispatch.by_kind[node.kind() as usize] {
            enter_rule(Some(rule.meta()));
            let mut cx = RuleContext {
                model: self.model,
                ctx,
                body: self.body,
                source: self.source,
                target_version: self.target_version,
                path: self.path,
                meta: rule.meta(),
                findings: &mut self.findings,
            };
            rule.check_node(node, &mut cx);
        }
    }
}
