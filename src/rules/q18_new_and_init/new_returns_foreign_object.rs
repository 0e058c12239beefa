//! PX1803 new-returns-foreign-object: a `return` in `__new__` that hands back something
//! that is not an instance of the class (None, a literal, a builtin value, an instance of
//! an unrelated class of the module) while the class defines `__init__`. Python runs
//! `__init__` only when `__new__` returns an instance of the class, so on that path the
//! initialisation is silently skipped and the caller gets an object of another type.

use rustpython_parser::ast::{Expr, Ranged, Stmt, StmtClassDef};

use crate::ast_ext;
use crate::ast_ext::FunctionRef;
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{Base, BindingKind, ScopeId, SemanticModel, ValueKind};
use crate::visit::{Node, NodeKind};

pub struct NewReturnsForeignObject;

static META: RuleMeta = RuleMeta {
    code: "PX1803",
    name: "new-returns-foreign-object",
    severity: Severity::Warning,
    question: Some(Question::new(18)),
    opt_in: true,
    min_version: None,
    summary: "`__new__` returning something that is not an instance of its class, so `__init__` is skipped",
    doc: include_str!("../../../rules/PX1803.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// An `__init__` of the class's own that does nothing (`pass`, `...`, a docstring): it
/// declares the signature for type checkers, and skipping it loses nothing.
fn init_is_a_stub<'a>(model: &SemanticModel<'a>, class: &'a StmtClassDef) -> bool {
    let Some(body) = model.class_scope(class) else {
        return false;
    };
    let bindings = model.scope(body).bindings_of("__init__");
    !bindings.is_empty()
        && bindings.iter().all(|id| {
            model
                .binding(*id)
                .function()
                .is_some_and(|(init, _)| ast_ext::is_stub_body(init.body()))
        })
}

/// Metaclasses that create instances the ordinary way (`__new__`, then `__init__`).
const PLAIN_METACLASSES: &[&str] = &["builtins.type", "abc.ABCMeta"];

/// Builtin classes whose call gives an exact instance of that class (beyond what
/// [`SemanticModel::classify_value`] already recognises).
const BUILTIN_CLASSES: &[&str] = &[
    "builtins.object",
    "builtins.bytearray",
    "builtins.range",
    "builtins.memoryview",
    "builtins.slice",
];

/// How far to follow `x = ...; return x`.
const MAX_DEPTH: u8 = 4;

impl Rule for NewReturnsForeignObject {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Return]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(stmt @ Stmt::Return(ret)) = node else {
            return;
        };
        let model = cx.model;
        let Some((method, class, class_scope)) = super::current_method(model, cx.ctx.frame().id)
        else {
            return;
        };
        if method.name() != "__new__"
            || !model.class_binds(class, class_scope, "__init__")
            || init_is_a_stub(model, class)
        {
            return;
        }
        // A custom metaclass decides for itself whether `__init__` runs.
        let custom_metaclass = class.keywords.iter().any(|keyword| {
            keyword.arg.as_deref() == Some("metaclass")
                && !model
                    .qualified_name(&keyword.value, class_scope)
                    .is_some_and(|name| name.is_any(PLAIN_METACLASSES))
        });
        if custom_metaclass {
            return;
        }
        // A container built from the arguments (`list(islice(...))`) on one path and an
        // instance on another is a class that picks its representation on purpose, like a
        // lazy sequence that gives small slices back as a plain list.
        if ret.value.as_deref().is_some_and(is_built_container)
            && returns_an_instance(model, method)
        {
            return;
        }
        // A `__new__` that never returns an instance of its class and builds each result by
        // a call is a factory that picks the class to make (a progress bar that is an
        // HTML widget in a notebook and text elsewhere): skipping `__init__` is the point.
        if matches!(ret.value.as_deref(), Some(Expr::Call(_)))
            && !returns_an_instance(model, method)
        {
            return;
        }
        let scope = cx.ctx.scope();
        let what = match ret.value.as_deref() {
            None => Some("None".to_string()),
            Some(value) => foreign_value(model, value, scope, class, 0),
        };
        let Some(what) = what else {
            return;
        };
        let class_name = class.name.as_str();
        cx.report(
            ast_ext::statement_header(stmt, cx.source),
            format!("this `return` hands back {what}, not a `{class_name}` instance, so `{class_name}.__init__` does not run and `{class_name}(...)` gives {what}"),
            "return an instance of the class from `__new__` (`super().__new__(cls)`) and build the other value elsewhere: a classmethod or a factory function can return whatever type it likes",
        );
    }
}

/// A container built from the arguments: a comprehension, or `list(...)`, `tuple(...)`,
/// `set(...)`, `frozenset(...)`, `dict(...)` of something.
fn is_built_container(expr: &Expr) -> bool {
    match expr {
        Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) => true,
        Expr::Call(call) => {
            !call.args.is_empty()
                && matches!(&*call.func, Expr::Name(name)
                    if matches!(name.id.as_str(), "list" | "tuple" | "set" | "frozenset" | "dict"))
        }
        _ => false,
    }
}

/// Whether some `return` of `__new__` itself hands back `super().__new__(...)` or
/// `object.__new__(...)`.
fn returns_an_instance(model: &SemanticModel<'_>, method: FunctionRef<'_>) -> bool {
    model.function_scope(method).is_some_and(|body| {
        model.scope(body).frame.returns.iter().any(|ret| {
            matches!(
                ret.value.as_deref(),
                Some(Expr::Call(call))
                    if matches!(&*call.func, Expr::Attribute(attribute) if attribute.attr.as_str() == "__new__")
            )
        })
    })
}

/// What a returned expression is, when it is certainly not an instance of `class`.
fn foreign_value<'a>(
    model: &SemanticModel<'a>,
    expr: &'a Expr,
    scope: ScopeId,
    class: &'a rustpython_parser::ast::StmtClassDef,
    depth: u8,
) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    let described = match model.classify_value(expr, scope) {
        ValueKind::None => Some("None"),
        ValueKind::Str => Some("a `str`"),
        ValueKind::Bytes => Some("a `bytes` object"),
        ValueKind::Number => Some("a number"),
        ValueKind::Bool => Some("a `bool`"),
        ValueKind::Tuple => Some("a plain `tuple`"),
        ValueKind::Set => Some("a `set`"),
        ValueKind::Dict => Some("a `dict`"),
        ValueKind::List(_) => Some("a `list`"),
        ValueKind::Lambda => Some("a function"),
        ValueKind::Other | ValueKind::Unknown => None,
    };
    if let Some(described) = described {
        return Some(described.to_string());
    }
    match expr {
        Expr::Call(call) => {
            if let Some(name) = model.qualified_name(&call.func, scope) {
                if name.is_any(BUILTIN_CLASSES) {
                    return Some(format!("a plain `{}`", name.last()));
                }
            }
            let (other, other_scope) = model.local_class(&call.func, scope)?;
            // An instance of the class or of a subclass does get `__init__`.
            if model.class_derives_from_class(other, other_scope, class) {
                return None;
            }
            // A base the model cannot see into might itself derive from the class.
            let opaque = model
                .class_bases(other, other_scope)
                .iter()
                .any(|base| matches!(base, Base::Unknown));
            if opaque {
                return None;
            }
            Some(format!("a `{}` instance", other.name.as_str()))
        }
        Expr::Name(name) => {
            let binding = model.unique_binding(name.id.as_str(), expr.start(), scope)?;
            if !matches!(
                binding.kind,
                BindingKind::Assignment | BindingKind::AnnotatedAssignment
            ) {
                return None;
            }
            foreign_value(model, binding.value?, binding.scope, class, depth + 1)
        }
        _ => None,
    }
}
