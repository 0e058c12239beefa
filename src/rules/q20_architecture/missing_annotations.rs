//! PX2002 missing-annotations (opt-in): a public function or method whose signature lacks
//! parameter or return annotations. In a large codebase the annotations of public
//! functions are the documented interface between layers, checked by type checkers.

use crate::ast_ext::FunctionRef;
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::ScopeKind;
use crate::visit::{Node, NodeKind};

pub struct MissingAnnotations;

static META: RuleMeta = RuleMeta {
    code: "PX2002",
    name: "missing-annotations",
    severity: Severity::Advice,
    question: Some(Question::new(20)),
    opt_in: true,
    min_version: None,
    summary: "public function or method without parameter or return annotations",
    doc: include_str!("../../../rules/PX2002.md"),
    applies_to: Roles::LIBRARY,
};

/// Decorators that opt a function out of type checking.
const NO_TYPE_CHECK: &[&str] = &["typing.no_type_check", "typing_extensions.no_type_check"];

/// How many missing parameters the message names before summarising.
const MAX_NAMED: usize = 4;

impl Rule for MissingAnnotations {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::FunctionDef, NodeKind::AsyncFunctionDef]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(stmt) = node else {
            return;
        };
        let Some(function) = FunctionRef::from_stmt(stmt) else {
            return;
        };
        if is_private(function.name()) || !in_public_namespace(cx) || is_non_public_module(cx) {
            return;
        }
        let scope = cx.ctx.scope();
        let is_method = cx.ctx.class_body().is_some();
        let decorators = function.decorators();
        if cx
            .model
            .find_decorator(decorators, scope, NO_TYPE_CHECK)
            .is_some()
        {
            return;
        }
        let is_static = is_method
            && cx
                .model
                .find_decorator(decorators, scope, &["builtins.staticmethod"])
                .is_some();
        // The receiver (`self`, `cls`, a metaclass's `mcs`) is typed by the class.
        let skip = usize::from(is_method && !is_static);
        let missing: Vec<&str> = function
            .parameters()
            .skip(skip)
            .filter(|parameter| parameter.annotation.is_none())
            .map(|parameter| parameter.arg.as_str())
            .collect();
        // `__init__` always returns None; type checkers infer it.
        let missing_return = function.returns().is_none() && function.name() != "__init__";
        if missing.is_empty() && !missing_return {
            return;
        }
        let name = function.name();
        let kind = if is_method { "method" } else { "function" };
        let mut parts = Vec::new();
        if !missing.is_empty() {
            let listed: Vec<String> = missing
                .iter()
                .take(MAX_NAMED)
                .map(|name| format!("`{name}`"))
                .collect();
            let more = missing.len().saturating_sub(MAX_NAMED);
            let noun = if missing.len() == 1 {
                "parameter"
            } else {
                "parameters"
            };
            let mut text = format!("{noun} {}", listed.join(", "));
            if more > 0 {
                text.push_str(&format!(" and {more} more"));
            }
            parts.push(text);
        }
        if missing_return {
            parts.push("its return type".to_string());
        }
        cx.report(
            function.header_range(cx.source),
            format!(
                "public {kind} `{name}` has no annotation for {}",
                parts.join(" or ")
            ),
            "annotate every parameter and the return type (`-> None` when it returns nothing): they document the interface and let a type checker verify its callers",
        );
    }
}

/// `_helper` is private; `__dunder__` methods are part of the class's interface.
fn is_private(name: &str) -> bool {
    name.starts_with('_') && !(name.starts_with("__") && name.ends_with("__") && name.len() > 4)
}

/// Whether the `def` being visited belongs to a public namespace: the module, or classes
/// with public names directly inside it. Functions nested in functions, and everything in
/// private classes, are implementation details.
fn in_public_namespace(cx: &RuleContext<'_, '_>) -> bool {
    cx.ctx.scopes().iter().all(|scope| match scope.kind {
        ScopeKind::Module => true,
        ScopeKind::Class(class) => !is_private(class.name.as_str()),
        ScopeKind::Function(_) | ScopeKind::Lambda(_) | ScopeKind::Comprehension(_) => false,
    })
}

/// Private modules (`_impl.py`) and test code expose no public interface.
fn is_non_public_module(cx: &RuleContext<'_, '_>) -> bool {
    let file = cx.file_name();
    let stem = file
        .strip_suffix(".pyi")
        .or_else(|| file.strip_suffix(".py"))
        .unwrap_or(file);
    let private_module = stem.starts_with('_') && !(stem.starts_with("__") && stem.ends_with("__"));
    private_module || cx.is_test_file()
}
