//! PX1703 compile-without-fix-locations: nodes built by hand (`ast.Call(...)`, `ast.Name(...)`)
//! have no `lineno`/`col_offset`. `compile` needs them on every statement and expression, so
//! compiling a tree a NodeTransformer has added such nodes to fails with
//! `TypeError: required field "lineno" missing from ...` until `ast.fix_missing_locations`
//! (or `ast.copy_location` on each new node) fills them in.

use rustpython_parser::ast::{Expr, ExprCall, Ranged, StmtClassDef};
use rustpython_parser::text_size::TextSize;

use super::{needs_location, NODE_TRANSFORMERS};
use crate::ast_ext;
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{Base, Resolution, ScopeId, SemanticModel};
use crate::visit::{self, Context, Node, NodeKind, Visitor};

pub struct CompileWithoutFixLocations;

static META: RuleMeta = RuleMeta {
    code: "PX1703",
    name: "compile-without-fix-locations",
    severity: Severity::Warning,
    question: Some(Question::new(17)),
    opt_in: false,
    min_version: None,
    summary: "`compile()` of a NodeTransformer's output without `ast.fix_missing_locations`",
    doc: include_str!("../../../rules/PX1703.md"),
    applies_to: Roles::RUNNING_CODE,
};

/// How many classes of a hierarchy to look through.
const MAX_CLASSES: usize = 16;

/// Calls that give new nodes their source locations.
const FIXERS: &[&str] = &["ast.fix_missing_locations", "ast.copy_location"];

impl Rule for CompileWithoutFixLocations {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn fixes(&self) -> &'static [Applicability] {
        &[Applicability::Safe]
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Call]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Expr(Expr::Call(call)) = node else {
            return;
        };
        let model = cx.model;
        // Only a module that imports `ast` builds trees with a transformer.
        if !model.imports_package("ast") || ast_ext::callee_last_name(call) != Some("compile") {
            return;
        }
        let scope = cx.ctx.scope();
        if !model
            .qualified_name(&call.func, scope)
            .is_some_and(|name| name.is_builtin("compile"))
        {
            return;
        }
        let Some(source) = ast_ext::call_argument(call, 0, "source") else {
            return;
        };
        let Some((visit, class)) = transformed_by(cx, source, call.start()) else {
            return;
        };
        if fixed_between(cx, visit.start(), call.start()) {
            return;
        }
        let tree = match source {
            Expr::Name(name) => format!("`{}`", name.id),
            _ => "the tree".to_string(),
        };
        let fix = super::compile_without_fix_locations_fix::fix(cx, call, source);
        cx.report(
            call.range,
            format!("{tree} comes from `{}`, which builds new nodes without source locations: `compile()` raises `TypeError: required field \"lineno\" missing` on them", class.name),
            format!("call `ast.fix_missing_locations({})` before compiling, or give each new node a location with `ast.copy_location(new, old)` in the transformer", match source { Expr::Name(name) => name.id.as_str(), _ => "tree" }),
        )
        .set_fix(fix);
    }
}

/// The transformer `.visit(...)` call that produced `source` (compiled at `at`) in the
/// current frame, with the transformer's class, when that class builds unlocated nodes:
/// `compile(T().visit(tree), ...)`, `new = T().visit(tree)` before it, or
/// `T().visit(tree)` run on the tree between its binding and the compile.
fn transformed_by<'a>(
    cx: &RuleContext<'_, 'a>,
    source: &'a Expr,
    at: TextSize,
) -> Option<(&'a ExprCall, &'a StmtClassDef)> {
    let model = cx.model;
    let scope = cx.ctx.scope();
    if let Expr::Call(call) = source {
        return transformer_visit(model, call, scope).map(|class| (call, class));
    }
    let Expr::Name(name) = source else {
        return None;
    };
    let id = name.id.as_str();
    let Resolution::Bound { owner, ids } = model.resolve(id, source.start(), scope) else {
        return None;
    };
    let [binding] = ids.as_slice() else {
        return None;
    };
    let frame = cx.ctx.frame().id;
    if model.frame_of(owner) != frame {
        return None;
    }
    let binding = model.binding(*binding);
    if let Some(Expr::Call(call)) = binding.value {
        if let Some(class) = transformer_visit(model, call, binding.scope) {
            return Some((call, class));
        }
    }
    // `T().visit(tree)` as a statement: the transformer changes the tree in place.
    model.scope(frame).frame.calls.iter().find_map(|site| {
        let in_between = binding.position <= site.call.start() && site.call.end() <= at;
        let on_tree =
            matches!(site.call.args.as_slice(), [Expr::Name(arg)] if arg.id.as_str() == id);
        if !in_between || !on_tree {
            return None;
        }
        transformer_visit(model, site.call, site.scope).map(|class| (site.call, class))
    })
}

/// The class of `transformer.visit(...)`, when `transformer` is an instance of an
/// `ast.NodeTransformer` subclass of this module that builds nodes without locations.
fn transformer_visit<'a>(
    model: &SemanticModel<'a>,
    call: &'a ExprCall,
    scope: ScopeId,
) -> Option<&'a StmtClassDef> {
    let Expr::Attribute(method) = &*call.func else {
        return None;
    };
    if method.attr.as_str() != "visit" {
        return None;
    }
    let (class, class_scope) = model.instance_class(&method.value, scope)?;
    if !model.class_inherits_from(class, class_scope, NODE_TRANSFORMERS) {
        return None;
    }
    builds_unlocated_nodes(model, class, class_scope).then_some(class)
}

/// Whether the class (or a class of this module it derives from) constructs `ast` nodes
/// (`ast.Name(...)`) and never gives nodes a location (`ast.copy_location`,
/// `ast.fix_missing_locations`).
fn builds_unlocated_nodes<'a>(
    model: &SemanticModel<'a>,
    class: &'a StmtClassDef,
    scope: ScopeId,
) -> bool {
    let mut builds = false;
    let mut stack = vec![(class, scope)];
    let mut looked_at = 0;
    while let Some((class, scope)) = stack.pop() {
        looked_at += 1;
        if looked_at > MAX_CLASSES {
            return false;
        }
        let Some(body_scope) = model.class_scope(class) else {
            return false;
        };
        let mut calls = Calls(Vec::new());
        visit::walk_body(&class.body, &mut calls);
        for call in calls.0 {
            let Some(name) = model.qualified_name(&call.func, body_scope) else {
                continue;
            };
            if name.is_any(FIXERS) {
                return false;
            }
            if let ["ast", node_type] = name.segments() {
                builds |= needs_location(node_type);
            }
        }
        for base in model.class_bases(class, scope) {
            if let Base::Local(def, def_scope) = base {
                stack.push((def, def_scope));
            }
        }
    }
    builds
}

/// Every call in a class body, methods included.
struct Calls<'a>(Vec<&'a ExprCall>);

impl<'a> Visitor<'a> for Calls<'a> {
    fn enter_node(&mut self, node: Node<'a>, _ctx: &Context<'a>) {
        if let Node::Expr(Expr::Call(call)) = node {
            self.0.push(call);
        }
    }
}

/// Whether the current frame calls `ast.fix_missing_locations` or `ast.copy_location`
/// between `from` and `to`.
fn fixed_between(cx: &RuleContext<'_, '_>, from: TextSize, to: TextSize) -> bool {
    let model = cx.model;
    model
        .scope(cx.ctx.frame().id)
        .frame
        .calls
        .iter()
        .any(|site| {
            from <= site.call.start()
                && site.call.start() < to
                && model
                    .qualified_name(&site.call.func, site.scope)
                    .is_some_and(|name| name.is_any(FIXERS))
        })
}
