//! Q17 · the ast module.

mod compile_without_fix_locations;
mod compile_without_fix_locations_fix;
mod transformer_visit_returns_none;
mod visitor_skips_children;

pub use compile_without_fix_locations::CompileWithoutFixLocations;
pub use transformer_visit_returns_none::TransformerVisitReturnsNone;
pub use visitor_skips_children::VisitorSkipsChildren;

use rustpython_parser::ast::{Stmt, StmtClassDef, StmtFunctionDef};

use crate::rule::RuleContext;
use crate::semantic::{Base, ScopeId, SemanticModel};

const NODE_TRANSFORMERS: &[&str] = &["ast.NodeTransformer"];
const NODE_VISITORS: &[&str] = &["ast.NodeVisitor", "ast.NodeTransformer"];

/// The classes of the `ast` module that `NodeVisitor.visit` dispatches to `visit_<name>`,
/// each with whether its nodes can hold other statements or expressions (directly or
/// through helper nodes such as `arguments` or `keyword`). Deprecated names (`Num`,
/// `Str`, `Index`...) are included: code written for older Pythons still defines them.
const NODE_TYPES: &[(&str, bool)] = &[
    // mod
    ("Module", true),
    ("Interactive", true),
    ("Expression", true),
    ("FunctionType", true),
    ("Suite", true),
    // stmt
    ("FunctionDef", true),
    ("AsyncFunctionDef", true),
    ("ClassDef", true),
    ("Return", true),
    ("Delete", true),
    ("Assign", true),
    ("TypeAlias", true),
    ("AugAssign", true),
    ("AnnAssign", true),
    ("For", true),
    ("AsyncFor", true),
    ("While", true),
    ("If", true),
    ("With", true),
    ("AsyncWith", true),
    ("Match", true),
    ("Raise", true),
    ("Try", true),
    ("TryStar", true),
    ("Assert", true),
    ("Import", false),
    ("ImportFrom", false),
    ("Global", false),
    ("Nonlocal", false),
    ("Expr", true),
    ("Pass", false),
    ("Break", false),
    ("Continue", false),
    // expr
    ("BoolOp", true),
    ("NamedExpr", true),
    ("BinOp", true),
    ("UnaryOp", true),
    ("Lambda", true),
    ("IfExp", true),
    ("Dict", true),
    ("Set", true),
    ("ListComp", true),
    ("SetComp", true),
    ("DictComp", true),
    ("GeneratorExp", true),
    ("Await", true),
    ("Yield", true),
    ("YieldFrom", true),
    ("Compare", true),
    ("Call", true),
    ("FormattedValue", true),
    ("Interpolation", true),
    ("JoinedStr", true),
    ("TemplateStr", true),
    ("Constant", false),
    ("Attribute", true),
    ("Subscript", true),
    ("Starred", true),
    ("Name", false),
    ("List", true),
    ("Tuple", true),
    ("Slice", true),
    ("Num", false),
    ("Str", false),
    ("Bytes", false),
    ("NameConstant", false),
    ("Ellipsis", false),
    ("Index", true),
    ("ExtSlice", true),
    // expr_context, operators
    ("Load", false),
    ("Store", false),
    ("Del", false),
    ("AugLoad", false),
    ("AugStore", false),
    ("Param", false),
    ("And", false),
    ("Or", false),
    ("Add", false),
    ("Sub", false),
    ("Mult", false),
    ("MatMult", false),
    ("Div", false),
    ("Mod", false),
    ("Pow", false),
    ("LShift", false),
    ("RShift", false),
    ("BitOr", false),
    ("BitXor", false),
    ("BitAnd", false),
    ("FloorDiv", false),
    ("Invert", false),
    ("Not", false),
    ("UAdd", false),
    ("USub", false),
    ("Eq", false),
    ("NotEq", false),
    ("Lt", false),
    ("LtE", false),
    ("Gt", false),
    ("GtE", false),
    ("Is", false),
    ("IsNot", false),
    ("In", false),
    ("NotIn", false),
    // helper nodes
    ("comprehension", true),
    ("ExceptHandler", true),
    ("arguments", true),
    ("arg", true),
    ("keyword", true),
    ("alias", false),
    ("withitem", true),
    ("match_case", true),
    ("MatchValue", true),
    ("MatchSingleton", false),
    ("MatchSequence", true),
    ("MatchMapping", true),
    ("MatchClass", true),
    ("MatchStar", false),
    ("MatchAs", true),
    ("MatchOr", true),
    ("TypeIgnore", false),
    ("TypeVar", true),
    ("ParamSpec", true),
    ("TypeVarTuple", true),
];

/// Node classes without source locations: modules, expression contexts, operators and the
/// helper nodes `compile` does not ask a line number of.
const WITHOUT_LOCATION: &[&str] = &[
    "Module",
    "Interactive",
    "Expression",
    "FunctionType",
    "Suite",
    "Load",
    "Store",
    "Del",
    "AugLoad",
    "AugStore",
    "Param",
    "And",
    "Or",
    "Add",
    "Sub",
    "Mult",
    "MatMult",
    "Div",
    "Mod",
    "Pow",
    "LShift",
    "RShift",
    "BitOr",
    "BitXor",
    "BitAnd",
    "FloorDiv",
    "Invert",
    "Not",
    "UAdd",
    "USub",
    "Eq",
    "NotEq",
    "Lt",
    "LtE",
    "Gt",
    "GtE",
    "Is",
    "IsNot",
    "In",
    "NotIn",
    "comprehension",
    "arguments",
    "withitem",
    "match_case",
    "TypeIgnore",
    "Index",
    "ExtSlice",
];

/// Whether nodes of the `ast` class `name` carry a source location that `compile` needs
/// (statements, expressions, `arg`, `keyword`, patterns...).
pub(super) fn needs_location(name: &str) -> bool {
    NODE_TYPES.iter().any(|(node, _)| *node == name) && !WITHOUT_LOCATION.contains(&name)
}

/// Which base class of the `ast` module a class derives from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum VisitorKind {
    /// `ast.NodeVisitor`: return values are ignored.
    Visitor,
    /// `ast.NodeTransformer`: a visit method's return value replaces the node.
    Transformer,
}

/// Whether a class (whose `class` statement runs in `scope`) derives from
/// `ast.NodeTransformer` or `ast.NodeVisitor`, directly or through classes of this module.
pub(super) fn visitor_kind<'a>(
    model: &SemanticModel<'a>,
    class: &'a StmtClassDef,
    scope: ScopeId,
) -> Option<VisitorKind> {
    if model.class_inherits_from(class, scope, NODE_TRANSFORMERS) {
        Some(VisitorKind::Transformer)
    } else if model.class_inherits_from(class, scope, NODE_VISITORS) {
        Some(VisitorKind::Visitor)
    } else {
        None
    }
}

/// A `visit_<NodeType>` method of a visitor or transformer class, seen at its `def`.
/// Node classes that can hold statements (the others hold at most expressions and the
/// helper nodes expressions use).
const HOLDS_STATEMENTS: &[&str] = &[
    "Module",
    "Interactive",
    "Suite",
    "FunctionDef",
    "AsyncFunctionDef",
    "ClassDef",
    "For",
    "AsyncFor",
    "While",
    "If",
    "With",
    "AsyncWith",
    "Match",
    "Try",
    "TryStar",
    "ExceptHandler",
    "match_case",
];

/// Statement classes, and helper nodes found only under statements: a visitor whose
/// methods all handle these has nothing to do inside an expression.
const STATEMENT_LEVEL: &[&str] = &[
    "Module",
    "Interactive",
    "Expression",
    "FunctionType",
    "Suite",
    "FunctionDef",
    "AsyncFunctionDef",
    "ClassDef",
    "Return",
    "Delete",
    "Assign",
    "TypeAlias",
    "AugAssign",
    "AnnAssign",
    "For",
    "AsyncFor",
    "While",
    "If",
    "With",
    "AsyncWith",
    "Match",
    "Raise",
    "Try",
    "TryStar",
    "Assert",
    "Import",
    "ImportFrom",
    "Global",
    "Nonlocal",
    "Expr",
    "Pass",
    "Break",
    "Continue",
    "ExceptHandler",
    "alias",
    "withitem",
    "match_case",
];

/// Whether skipping the children of `method`'s node can matter: the node can hold
/// statements, or the visitor handles some node that can sit inside an expression. A
/// class with bases of its own (besides `ast.NodeVisitor`/`NodeTransformer`) may inherit
/// such handlers, so it always can.
pub(super) fn children_can_matter(cx: &RuleContext<'_, '_>, method: &VisitMethod<'_>) -> bool {
    if HOLDS_STATEMENTS.contains(&method.node_type) {
        return true;
    }
    let only_ast_bases = cx
        .model
        .class_bases(method.class, method.class_scope)
        .iter()
        .all(|base| matches!(base, Base::Qualified(name) if name.is_any(NODE_VISITORS)));
    if !only_ast_bases {
        return true;
    }
    method.class.body.iter().any(|stmt| {
        let name = match stmt {
            Stmt::FunctionDef(def) => def.name.as_str(),
            Stmt::AsyncFunctionDef(def) => def.name.as_str(),
            _ => return false,
        };
        name.strip_prefix("visit_")
            .is_some_and(|node| !STATEMENT_LEVEL.contains(&node))
    })
}

pub(super) struct VisitMethod<'a> {
    pub def: &'a StmtFunctionDef,
    pub class: &'a StmtClassDef,
    /// The scope the `class` statement runs in.
    pub class_scope: ScopeId,
    pub kind: VisitorKind,
    /// The node class it handles (`Call` for `visit_Call`).
    pub node_type: &'a str,
    /// Whether nodes of that class can hold statements or expressions.
    pub has_children: bool,
}

/// The visit method a statement defines: a plain (not async, not decorated) `def
/// visit_<NodeType>` directly in the body of a `NodeVisitor`/`NodeTransformer` subclass,
/// named after a node class of the `ast` module.
pub(super) fn visit_method<'a>(
    stmt: &'a Stmt,
    cx: &RuleContext<'_, 'a>,
) -> Option<VisitMethod<'a>> {
    let Stmt::FunctionDef(def) = stmt else {
        return None;
    };
    let node_type = def.name.as_str().strip_prefix("visit_")?;
    let (_, has_children) = NODE_TYPES.iter().find(|(name, _)| *name == node_type)?;
    // A decorator may wrap the method and change what it returns or visits.
    if !def.decorator_list.is_empty() {
        return None;
    }
    let class = cx.ctx.class_body()?;
    let class_scope = cx.model.scope(cx.ctx.scope()).parent?;
    let kind = visitor_kind(cx.model, class, class_scope)?;
    Some(VisitMethod {
        def,
        class,
        class_scope,
        kind,
        node_type,
        has_children: *has_children,
    })
}
