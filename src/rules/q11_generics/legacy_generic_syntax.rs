//! PX1104 legacy-generic-syntax: from Python 3.12 (PEP 695) a class or function declares its
//! type parameters in brackets (`class Stack[T]:`, `def first[T](xs: list[T]) -> T:`) and a
//! type alias with `type X = ...`. The older spelling needs a module-level `TypeVar` per
//! parameter, a `Generic[...]` base, and `X: TypeAlias = ...`. The rule points at the
//! definitions that could switch without touching anything else: those whose type variables
//! no other definition uses.

use rustpython_parser::ast::{Expr, Ranged, Stmt, StmtClassDef};
use rustpython_parser::text_size::TextRange;

use crate::ast_ext::{self, FunctionRef};
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{Reference, ScopeId, TypeVarDecl, TypeVarKind};
use crate::version::PythonVersion;
use crate::visit::{Node, NodeKind};

pub struct LegacyGenericSyntax;

static META: RuleMeta = RuleMeta {
    code: "PX1104",
    name: "legacy-generic-syntax",
    severity: Severity::Advice,
    question: Some(Question::new(11)),
    // A spelling decision for a whole code base, like PX1301 (see the page).
    opt_in: true,
    min_version: Some(PythonVersion::new(3, 12)),
    summary: "`Generic[T]`, a module `TypeVar` used by one definition, or `X: TypeAlias = ...`, where type parameter syntax says it directly",
    doc: include_str!("../../../rules/PX1104.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// Type parameter defaults (PEP 696) in bracket syntax need Python 3.13.
const DEFAULTS_VERSION: PythonVersion = PythonVersion::new(3, 13);

/// Type expressions deeper than this are not looked into.
const MAX_TYPE_DEPTH: u8 = 32;

impl Rule for LegacyGenericSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[
            NodeKind::ClassDef,
            NodeKind::FunctionDef,
            NodeKind::AsyncFunctionDef,
            NodeKind::AnnAssign,
        ]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        match node {
            Node::Stmt(Stmt::ClassDef(class)) => check_class(cx, class),
            Node::Stmt(stmt @ Stmt::AnnAssign(_)) => check_alias(cx, stmt),
            Node::Stmt(stmt) => {
                if let Some(function) = FunctionRef::from_stmt(stmt) {
                    check_function(cx, function);
                }
            }
            _ => {}
        }
    }
}

/// A module-level type variable a definition could declare in brackets instead.
struct Parameter<'a> {
    name: &'a str,
    decl: TypeVarDecl<'a>,
}

fn check_class<'a>(cx: &mut RuleContext<'_, 'a>, class: &'a StmtClassDef) {
    if !class.type_params.is_empty() {
        return;
    }
    let scope = cx.ctx.scope();
    // With `Generic[...]` (or `Protocol[...]`) the class lists its parameters itself; any
    // other subscripted base makes the class generic in the type variables it names.
    let declared = class.bases.iter().find_map(|base| match base {
        Expr::Subscript(sub) => match cx.model.typing_member(&sub.value, scope) {
            Some(member @ ("Generic" | "Protocol")) => Some((member, &*sub.slice)),
            _ => None,
        },
        _ => None,
    });
    let mut names = Vec::new();
    match declared {
        Some((_, slice)) => collect_type_names(slice, &mut names, 0),
        None => {
            for base in &class.bases {
                if let Expr::Subscript(sub) = base {
                    collect_type_names(&sub.slice, &mut names, 0);
                }
            }
        }
    }
    let Some(parameters) = own_parameters(cx, &names, scope, class.range, declared.is_some())
    else {
        return;
    };
    let name = class.name.as_str();
    let brackets = bracket_list(cx, &parameters);
    let variables = variable_list(&parameters);
    let bases = match declared {
        Some(("Generic", _)) => " (dropping `Generic[...]` from the bases)",
        Some(_) => " (with `Protocol` unsubscripted)",
        None => " (the bases keep naming the parameters)",
    };
    let spelled = match declared {
        Some((member, _)) => format!("through a `{member}[...]` base"),
        None => "through the subscripts of its bases".to_string(),
    };
    cx.report(
        ast_ext::keyword_and_name_range(cx.source, class.range.start(), name),
        format!("`{name}` declares its type parameters {spelled}, with module-level {variables} that nothing else uses"),
        format!("write `class {name}[{brackets}]`{bases} and delete the {variables}; variance is inferred"),
    );
}

fn check_function<'a>(cx: &mut RuleContext<'_, 'a>, function: FunctionRef<'a>) {
    if !function.type_params().is_empty() {
        return;
    }
    let scope = cx.ctx.scope();
    let mut names = Vec::new();
    for arg in function.parameters() {
        if let Some(annotation) = arg.annotation.as_deref() {
            collect_type_names(annotation, &mut names, 0);
        }
    }
    if let Some(returns) = function.returns() {
        collect_type_names(returns, &mut names, 0);
    }
    // Type variables an enclosing class or function already binds are its parameters, not
    // this function's.
    let enclosing = cx.ctx.statements();
    let enclosing = &enclosing[..enclosing.len().saturating_sub(1)];
    names.retain(|expr| {
        let Expr::Name(name) = expr else {
            return false;
        };
        !enclosing
            .iter()
            .any(|stmt| header_mentions(stmt, name.id.as_str()))
    });
    let Some(parameters) = own_parameters(cx, &names, scope, function.range(), false) else {
        return;
    };
    let name = function.name();
    let keyword = if function.is_async() {
        "async def"
    } else {
        "def"
    };
    let brackets = bracket_list(cx, &parameters);
    let variables = variable_list(&parameters);
    cx.report(
        function.header_range(cx.source),
        format!("`{name}` is generic in module-level {variables}, which no other definition uses"),
        format!("write `{keyword} {name}[{brackets}](...)` and delete the {variables}"),
    );
}

/// `X: TypeAlias = value` where every use of `X` is in a type annotation: `type X = value`
/// (which builds a lazily evaluated `TypeAliasType`) says the same. An alias also used as a
/// value at runtime (`isinstance(v, X)`, `X(...)`, a base class) is left alone, since a
/// `TypeAliasType` cannot stand in for its value there.
fn check_alias<'a>(cx: &mut RuleContext<'_, 'a>, stmt: &'a Stmt) {
    let Stmt::AnnAssign(ann) = stmt else {
        return;
    };
    let (Expr::Name(target), Some(value)) = (&*ann.target, ann.value.as_deref()) else {
        return;
    };
    let scope = cx.ctx.scope();
    // A class attribute can be read as `Owner.X` anywhere, out of the model's sight.
    if cx.ctx.class_body().is_some()
        || cx.model.typing_member(&ann.annotation, scope) != Some("TypeAlias")
    {
        return;
    }
    let name = target.id.as_str();
    if cx.model.scope(scope).bindings_of(name).len() != 1 {
        return;
    }
    if !cx
        .model
        .references_to(scope, name)
        .all(|r| in_type_position(cx, r))
    {
        return;
    }
    cx.report(
        ast_ext::statement_header(stmt, cx.source),
        format!("`{name}` is declared with a `TypeAlias` annotation, which `type` statements replace from Python 3.12"),
        format!("write `type {name} = {}`: the value is evaluated lazily, so forward references need no quotes", &cx.source[value.range()]),
    );
}

/// Whether a load of a name is part of a type annotation (of a parameter, a return, a
/// variable) or of the value of a type alias, rather than a value the program uses.
fn in_type_position(cx: &RuleContext<'_, '_>, reference: &Reference<'_>) -> bool {
    let within =
        |expr: Option<&Expr>| expr.is_some_and(|e| e.range().contains_range(reference.range));
    match reference.statement {
        Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_) => {
            let function = FunctionRef::from_stmt(reference.statement).expect("a def");
            within(function.returns())
                || function
                    .parameters()
                    .any(|arg| within(arg.annotation.as_deref()))
        }
        Stmt::AnnAssign(ann) => {
            within(Some(&ann.annotation))
                || (cx.model.typing_member(&ann.annotation, reference.scope) == Some("TypeAlias")
                    && within(ann.value.as_deref()))
        }
        Stmt::TypeAlias(alias) => within(Some(&alias.value)),
        _ => false,
    }
}

/// The type variables among `names` that a definition spanning `range` could take as its
/// own parameters: each is a module-level `TypeVar`, `ParamSpec` or `TypeVarTuple` bound
/// once, and every use of it lies inside the definition. `None` when there are none, or when
/// one of them cannot move into brackets (shared with another definition, declared
/// elsewhere, or with a default the target version cannot spell). With `all_type_vars`
/// every name must be such a type variable (the arguments of `Generic[...]`).
fn own_parameters<'a>(
    cx: &RuleContext<'_, 'a>,
    names: &[&'a Expr],
    scope: ScopeId,
    range: TextRange,
    all_type_vars: bool,
) -> Option<Vec<Parameter<'a>>> {
    let mut parameters: Vec<Parameter<'a>> = Vec::new();
    for expr in names {
        let Expr::Name(name) = expr else {
            continue;
        };
        let name = name.id.as_str();
        if parameters.iter().any(|p| p.name == name) {
            continue;
        }
        let Some((binding, decl)) = cx.model.type_var_of(expr, scope) else {
            if all_type_vars {
                return None;
            }
            continue;
        };
        let module = cx.model.module_scope();
        if binding.scope != ScopeId::MODULE || module.bindings_of(name).len() != 1 {
            return None;
        }
        if decl.has_default && cx.target_version < DEFAULTS_VERSION {
            return None;
        }
        let shared = cx
            .model
            .references_to(ScopeId::MODULE, name)
            .any(|r| !range.contains_range(r.range));
        if shared {
            return None;
        }
        parameters.push(Parameter { name, decl });
    }
    (!parameters.is_empty()).then_some(parameters)
}

/// What goes between the brackets: `T`, `T: Hashable`, `T: (int, str)`, `*Ts`, `**P`, and
/// ` = default` where the target allows it.
fn bracket_list(cx: &RuleContext<'_, '_>, parameters: &[Parameter<'_>]) -> String {
    let source = |expr: &Expr| cx.source[expr.range()].to_string();
    parameters
        .iter()
        .map(|p| {
            let call = p.decl.call;
            let keyword = |name: &str| ast_ext::keyword_value(call, name);
            let mut text = match p.decl.kind {
                TypeVarKind::TypeVar => p.name.to_string(),
                TypeVarKind::ParamSpec => format!("**{}", p.name),
                TypeVarKind::TypeVarTuple => format!("*{}", p.name),
            };
            if p.decl.kind == TypeVarKind::TypeVar {
                let constraints: Vec<String> = call.args.iter().skip(1).map(source).collect();
                if let Some(bound) = keyword("bound") {
                    text.push_str(&format!(": {}", source(bound)));
                } else if !constraints.is_empty() {
                    text.push_str(&format!(": ({})", constraints.join(", ")));
                }
            }
            if let Some(default) = keyword("default") {
                text.push_str(&format!(" = {}", source(default)));
            }
            text
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// "`T`" or "`K` and `V`", with the kind of declaration: "TypeVar `T`".
fn variable_list(parameters: &[Parameter<'_>]) -> String {
    let names: Vec<String> = parameters
        .iter()
        .map(|p| format!("{} `{}`", p.decl.kind.class_name(), p.name))
        .collect();
    match names.as_slice() {
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => String::new(),
    }
}

/// Whether a class's base subscripts or a function's annotations mention `name`: the
/// definition binds that type variable for everything nested in it.
fn header_mentions(stmt: &Stmt, name: &str) -> bool {
    let mut names = Vec::new();
    match stmt {
        Stmt::ClassDef(class) => {
            for base in &class.bases {
                if let Expr::Subscript(sub) = base {
                    collect_type_names(&sub.slice, &mut names, 0);
                }
            }
        }
        Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_) => {
            let function = FunctionRef::from_stmt(stmt).expect("a def");
            for arg in function.parameters() {
                if let Some(annotation) = arg.annotation.as_deref() {
                    collect_type_names(annotation, &mut names, 0);
                }
            }
            if let Some(returns) = function.returns() {
                collect_type_names(returns, &mut names, 0);
            }
        }
        _ => {}
    }
    names
        .iter()
        .any(|expr| ast_ext::name_id(expr) == Some(name))
}

/// The bare names a type expression is built from, in order: `T` in `list[T]`,
/// `Callable[[T], S] | None`, `P.args`, `*Ts`.
fn collect_type_names<'a>(expr: &'a Expr, names: &mut Vec<&'a Expr>, depth: u8) {
    if depth > MAX_TYPE_DEPTH {
        return;
    }
    let depth = depth + 1;
    match expr {
        Expr::Name(_) => names.push(expr),
        Expr::Attribute(attr)
            if matches!(&*attr.value, Expr::Name(_))
                && matches!(attr.attr.as_str(), "args" | "kwargs") =>
        {
            names.push(&attr.value);
        }
        Expr::Subscript(sub) => {
            collect_type_names(&sub.value, names, depth);
            collect_type_names(&sub.slice, names, depth);
        }
        Expr::Tuple(tuple) => {
            for element in &tuple.elts {
                collect_type_names(element, names, depth);
            }
        }
        Expr::List(list) => {
            for element in &list.elts {
                collect_type_names(element, names, depth);
            }
        }
        Expr::BinOp(op) => {
            collect_type_names(&op.left, names, depth);
            collect_type_names(&op.right, names, depth);
        }
        Expr::Starred(starred) => collect_type_names(&starred.value, names, depth),
        _ => {}
    }
}
