//! PX1102 variance-misuse: in a generic class, a covariant type parameter taken as a method
//! parameter, or a contravariant one handed back as a return value. Covariance promises that
//! the class only produces values of the type (so `Box[Dog]` may stand for `Box[Animal]`);
//! a method that accepts one breaks that promise, and contravariance is the mirror image.
//! Type checkers reject both, as the lesson's producer/consumer rule says.

use rustpython_parser::ast::{Expr, Ranged, StmtClassDef};
use rustpython_parser::text_size::TextRange;

use crate::ast_ext::{self, FunctionRef};
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{ScopeId, TypeVarKind, Variance};
use crate::visit::{Node, NodeKind};

pub struct VarianceMisuse;

static META: RuleMeta = RuleMeta {
    code: "PX1102",
    name: "variance-misuse",
    severity: Severity::Warning,
    question: Some(Question::new(11)),
    opt_in: true,
    min_version: None,
    summary: "a generic class's covariant type variable as a method parameter type, or its contravariant one as a return type",
    doc: include_str!("../../../rules/PX1102.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// Methods that may take a covariant type variable: they build the object, they do not
/// consume values from callers of a finished one (type checkers exempt them too).
const CONSTRUCTORS: &[&str] = &["__init__", "__new__", "__post_init__"];

impl Rule for VarianceMisuse {
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
        let Some(method) = FunctionRef::from_stmt(stmt) else {
            return;
        };
        let Some(class) = cx.ctx.class_body() else {
            return;
        };
        // Annotations are evaluated in the class body; its bases where the class statement runs.
        let class_scope = cx.ctx.scope();
        let outer = cx
            .model
            .scope(class_scope)
            .parent
            .unwrap_or(ScopeId::MODULE);
        let parameters = class_type_parameters(cx, class, outer);
        if parameters.is_empty() {
            return;
        }
        let is_static = cx
            .model
            .find_decorator(method.decorators(), class_scope, &["builtins.staticmethod"])
            .is_some();
        let name = method.name();
        // Name-mangled methods are not inherited under their name, so no subclass relation
        // is at stake.
        let private = name.starts_with("__") && !name.ends_with("__");
        if !CONSTRUCTORS.contains(&name) && !private {
            let skip = usize::from(!is_static);
            for arg in method.parameters().skip(skip) {
                let Some(annotation) = arg.annotation.as_deref() else {
                    continue;
                };
                if let Some(var) = class_parameter(cx, &parameters, annotation, class_scope) {
                    if var.variance == Variance::Covariant {
                        cx.report(
                            annotation.range(),
                            format!("`{}` is covariant, but `{name}` takes it as the type of parameter `{}`: a covariant class may only hand such values out, since a `{}[Derived]` must be usable wherever a `{}[Base]` is expected", var.name, arg.arg, class.name, class.name),
                            format!("declare `{}` invariant (a plain `TypeVar`) if the class both accepts and returns it, or type the parameter more widely (`object`, or a method-level TypeVar bound to it)", var.name),
                        );
                    }
                }
            }
        }
        if let Some(returns) = method.returns() {
            if let Some(var) = class_parameter(cx, &parameters, returns, class_scope) {
                if var.variance == Variance::Contravariant {
                    cx.report(
                        returns.range(),
                        format!("`{}` is contravariant, but `{name}` returns it: a contravariant class may only take such values in, since a `{}[Base]` must be usable wherever a `{}[Derived]` is expected", var.name, class.name, class.name),
                        format!("declare `{}` invariant (a plain `TypeVar`) if the class both accepts and returns it", var.name),
                    );
                }
            }
        }
    }
}

/// A type parameter of the class, as one of its method annotations uses it.
struct ClassParameter<'a> {
    name: &'a str,
    variance: Variance,
}

/// The type variables (declared with `TypeVar(...)`) the class is generic in: those named in
/// the subscripts of its bases (`Generic[T_co]`, `Protocol[T_contra]`, `Mapping[K, V_co]`),
/// as the ranges of the bindings they resolve to.
fn class_type_parameters<'a>(
    cx: &RuleContext<'_, 'a>,
    class: &'a StmtClassDef,
    outer: ScopeId,
) -> Vec<TextRange> {
    let mut names = Vec::new();
    for base in &class.bases {
        if let Expr::Subscript(sub) = base {
            collect_names(&sub.slice, &mut names);
        }
    }
    names
        .into_iter()
        .filter_map(|name| cx.model.type_var_of(name, outer))
        .filter(|(_, decl)| decl.kind == TypeVarKind::TypeVar)
        .map(|(binding, _)| binding.range)
        .collect()
}

/// Bare names anywhere inside a type expression (`K, V_co`, `Callable[[T], S]`).
fn collect_names<'a>(expr: &'a Expr, names: &mut Vec<&'a Expr>) {
    match expr {
        Expr::Name(_) => names.push(expr),
        Expr::Tuple(tuple) => tuple.elts.iter().for_each(|e| collect_names(e, names)),
        Expr::List(list) => list.elts.iter().for_each(|e| collect_names(e, names)),
        Expr::Subscript(sub) => collect_names(&sub.slice, names),
        Expr::Starred(starred) => collect_names(&starred.value, names),
        _ => {}
    }
}

/// The class type parameter an annotation is, when it is one directly: a bare name, or a
/// string holding just the name (a forward reference). Nested uses (`list[T_co]`) are not.
fn class_parameter<'a>(
    cx: &RuleContext<'_, 'a>,
    parameters: &[TextRange],
    annotation: &'a Expr,
    scope: ScopeId,
) -> Option<ClassParameter<'a>> {
    let binding = match annotation {
        Expr::Name(_) => cx.model.type_var_of(annotation, scope)?.0,
        _ => {
            let name = ast_ext::string_literal(annotation)?.trim();
            cx.model.unique_binding(name, annotation.start(), scope)?
        }
    };
    if !parameters.contains(&binding.range) {
        return None;
    }
    let decl = cx.model.type_var_binding(binding)?;
    Some(ClassParameter {
        name: binding.name,
        variance: decl.variance,
    })
}
