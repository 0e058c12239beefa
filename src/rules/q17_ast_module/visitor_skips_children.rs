//! PX1702 visitor-skips-children: `NodeVisitor.visit` calls `visit_<NodeType>` *instead of*
//! `generic_visit`, so a visit method decides whether the node's children are visited. One
//! that never calls `self.generic_visit(node)` (or `self.visit` on the children) silently
//! skips the whole subtree: a `visit_Call` that does not recurse misses the call in
//! `f(g(x))`, a `visit_FunctionDef` misses nested functions and methods' bodies.

use rustc_hash::FxHashSet;
use rustpython_parser::ast::{Expr, ExprCall, Ranged, StmtClassDef, StmtFunctionDef};

use super::{visit_method, VisitorKind};
use crate::ast_ext::{self, Exit, FunctionRef};
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{Base, ScopeId, SemanticModel};
use crate::visit::{self, Context, Node, NodeKind, Visitor};

pub struct VisitorSkipsChildren;

static META: RuleMeta = RuleMeta {
    code: "PX1702",
    name: "visitor-skips-children",
    severity: Severity::Advice,
    question: Some(Question::new(17)),
    opt_in: true,
    min_version: None,
    summary: "a `visit_*` method of an ast visitor that never visits the node's children",
    doc: include_str!("../../../rules/PX1702.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// Functions of the `ast` module that walk a subtree by hand.
const HAND_WALKS: &[&str] = &["ast.walk", "ast.iter_child_nodes"];
/// Bases whose methods are known: the visitor classes of `ast`, and `object`.
const KNOWN_BASES: &[&str] = &["ast.NodeVisitor", "ast.NodeTransformer", "builtins.object"];
/// How many helper functions deep to look for a visit.
const MAX_HELPER_DEPTH: u8 = 4;

impl Rule for VisitorSkipsChildren {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::FunctionDef]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(stmt) = node else {
            return;
        };
        let Some(method) = visit_method(stmt, cx) else {
            return;
        };
        if !method.has_children || !super::children_can_matter(cx, &method) {
            return;
        }
        let body = &method.def.body;
        if ast_ext::is_stub_body(body) || ast_ext::always_exits(body, Exit::Raise) {
            return;
        }
        let function = FunctionRef::Sync(method.def);
        let Some(scope) = cx.model.function_scope(function) else {
            return;
        };
        if method.kind == VisitorKind::Transformer && replaces_subtree(cx.model, function, scope) {
            return;
        }
        let mut search = Search {
            model: cx.model,
            class: method.class,
            class_scope: method.class_scope,
            seen: FxHashSet::default(),
        };
        if search.visits(function, scope, 0) || says_it_skips(cx, method.def) {
            return;
        }
        let node_type = method.node_type;
        let parameter = function
            .parameters()
            .nth(1)
            .map_or("node", |arg| arg.arg.as_str());
        let help = match method.kind {
            VisitorKind::Visitor => format!("call `self.generic_visit({parameter})` in the method (or `self.visit(...)` on the children it cares about); if skipping the subtree is intended, say so in a comment"),
            VisitorKind::Transformer => format!("call `self.generic_visit({parameter})` before transforming the node (it returns the node, with its children transformed); if skipping the subtree is intended, say so in a comment"),
        };
        cx.report(
            function.header_range(cx.source),
            format!("`{}` never visits the children of the node: nodes nested inside a `{node_type}` (and their `visit_*` methods) are silently skipped", method.def.name),
            help,
        );
    }
}

/// Whether a comment or the docstring of the method says the subtree is skipped on purpose
/// ("ignore formatted values", "don't descend", "skip the children"), as the help asks.
fn says_it_skips(cx: &RuleContext<'_, '_>, def: &StmtFunctionDef) -> bool {
    let says = |text: &str| {
        let text = text.to_ascii_lowercase();
        [
            "ignor",
            "skip",
            "don't",
            "do not",
            "not visit",
            "no need",
            "intentional",
            "deliberate",
            "on purpose",
        ]
        .iter()
        .any(|word| text.contains(word))
    };
    let docstring = def
        .body
        .first()
        .filter(|stmt| ast_ext::is_docstring(stmt))
        .is_some_and(|stmt| says(&cx.source[stmt.range()]));
    docstring
        || crate::scan::comment_ranges(cx.source)
            .into_iter()
            .filter(|comment| ast_ext::contains(def.range, *comment))
            .any(|comment| says(&cx.source[comment]))
}

/// Whether a transformer method always replaces its node with something built without it
/// (every `return` has a value, none of which reads the node parameter): the old subtree is
/// dropped, so there is nothing below it left to visit.
fn replaces_subtree<'a>(
    model: &SemanticModel<'a>,
    function: FunctionRef<'a>,
    scope: ScopeId,
) -> bool {
    let Some(parameter) = function.parameters().nth(1) else {
        return false;
    };
    let returns = &model.scope(scope).frame.returns;
    !returns.is_empty()
        && returns.iter().all(|ret| {
            ret.value.as_deref().is_some_and(|value| {
                model
                    .references_within(scope, parameter.arg.as_str(), value.range())
                    .next()
                    .is_none()
            })
        })
}

/// Looks through a visit method, and the helpers it calls, for a visit of other nodes.
struct Search<'m, 'a> {
    model: &'m SemanticModel<'a>,
    class: &'a StmtClassDef,
    class_scope: ScopeId,
    /// Functions already looked at (by address).
    seen: FxHashSet<usize>,
}

impl<'a> Search<'_, 'a> {
    /// Whether `function` (whose body has scope `scope`) visits other nodes: it mentions
    /// `.visit`, `.generic_visit` or `.visit_*` on anything (called or passed on, as in
    /// `map(self.visit, node.body)`), walks the subtree with `ast.walk` or
    /// `ast.iter_child_nodes`, or calls a method of the class or a function of the module
    /// that does. A method the model cannot see (from a base of another module) may do so.
    fn visits(&mut self, function: FunctionRef<'a>, scope: ScopeId, depth: u8) -> bool {
        if depth > MAX_HELPER_DEPTH || !self.seen.insert(function.address()) {
            return false;
        }
        let mut scan = Scan {
            receiver: function.first_parameter(),
            visits: false,
            self_methods: Vec::new(),
            calls: Vec::new(),
        };
        visit::walk_body(function.body(), &mut scan);
        if scan.visits {
            return true;
        }
        for call in scan.calls {
            if self
                .model
                .qualified_name(&call.func, scope)
                .is_some_and(|name| name.is_any(HAND_WALKS))
            {
                return true;
            }
            if let Some((helper, helper_scope)) = self.model.called_function(call, scope) {
                if self.visits(helper, helper_scope, depth + 1) {
                    return true;
                }
            }
        }
        scan.self_methods
            .into_iter()
            .any(|name| self.method_visits(name, depth))
    }

    /// Whether `self.<name>` may visit other nodes.
    fn method_visits(&mut self, name: &str, depth: u8) -> bool {
        let model = self.model;
        if !model.class_binds(self.class, self.class_scope, name) {
            // Not defined in this module: only a base of another module could supply it.
            return !only_known_bases(model, self.class, self.class_scope, 0);
        }
        let Some(binding) = model.class_member(self.class, self.class_scope, name) else {
            return true;
        };
        match binding.function() {
            Some((helper, helper_scope)) => self.visits(helper, helper_scope, depth + 1),
            // An attribute assigned in the class body (`visit_Await = visit_Call`...).
            None => true,
        }
    }
}

/// Whether every base of the class, through the module's own classes, is one whose methods
/// are known (`ast.NodeVisitor`, `ast.NodeTransformer`, `object`).
fn only_known_bases<'a>(
    model: &SemanticModel<'a>,
    class: &'a StmtClassDef,
    scope: ScopeId,
    depth: u8,
) -> bool {
    if depth > 16 {
        return false;
    }
    model
        .class_bases(class, scope)
        .into_iter()
        .all(|base| match base {
            Base::Qualified(name) => name.is_any(KNOWN_BASES),
            Base::Local(def, def_scope) => only_known_bases(model, def, def_scope, depth + 1),
            Base::Unknown => false,
        })
}

/// What one function body mentions (nested functions and lambdas included).
struct Scan<'a> {
    /// The first parameter (`self`).
    receiver: Option<&'a str>,
    visits: bool,
    /// `self.<name>` attributes that are called or passed to a call.
    self_methods: Vec<&'a str>,
    calls: Vec<&'a ExprCall>,
}

impl<'a> Visitor<'a> for Scan<'a> {
    fn enter_node(&mut self, node: Node<'a>, _ctx: &Context<'a>) {
        match node {
            Node::Expr(Expr::Attribute(attr)) => {
                let name = attr.attr.as_str();
                if name == "visit" || name == "generic_visit" || name.starts_with("visit_") {
                    self.visits = true;
                }
            }
            Node::Expr(Expr::Call(call)) => {
                // `self.helper(node)` and `map(self.helper, ...)`: methods that run; plain
                // attributes (`self.count += 1`) do not.
                let callables = std::iter::once(&*call.func)
                    .chain(call.args.iter())
                    .chain(call.keywords.iter().map(|k| &k.value));
                for callable in callables {
                    if let Expr::Attribute(attr) = callable {
                        if self.receiver.is_some() && ast_ext::name_id(&attr.value) == self.receiver
                        {
                            self.self_methods.push(attr.attr.as_str());
                        }
                    }
                }
                self.calls.push(call);
            }
            _ => {}
        }
    }
}
