//! PX1401 dataclass-mutable-default: a field default is evaluated once, when the class is
//! defined, and the generated `__init__` hands that one object to every instance. For a
//! list, dict or set `@dataclass` refuses with ValueError when the class is created; since
//! Python 3.11 it refuses every unhashable default (a deque, a mutable dataclass instance).
//! Other mutable objects pass the check and are quietly shared.

use rustpython_parser::ast::{Constant, Expr, Ranged, StmtClassDef};

use crate::ast_ext::keyword_value;

use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::{FileRole, Roles};
use crate::rule::{Rule, RuleContext};
use crate::semantic::{
    Base, BindingKind, DataclassLibrary, FieldKind, ScopeId, SemanticModel, Usage,
};
use crate::version::PythonVersion;
use crate::visit::{Node, NodeKind};

pub struct DataclassMutableDefault;

static META: RuleMeta = RuleMeta {
    code: "PX1401",
    name: "dataclass-mutable-default",
    severity: Severity::Error,
    question: Some(Question::new(14)),
    opt_in: false,
    min_version: None,
    summary: "a `@dataclass` field defaults to a list, dict, set or other mutable object that every instance would share",
    doc: include_str!("../../../rules/PX1401.md"),
    applies_to: Roles::RUNNING_CODE,
};

/// How deep to follow the module's own classes through their bases.
const MAX_DEPTH: u8 = 16;

/// Methods whose first parameter is the class, not an instance.
const CLASS_LEVEL_METHODS: &[&str] = &["__new__", "__init_subclass__", "__class_getitem__"];

/// Since 3.11 `@dataclass` rejects any default whose class sets `__hash__ = None`.
const UNHASHABLE_CHECK: PythonVersion = PythonVersion::new(3, 11);

/// What the default is.
enum Mutable<'a> {
    /// A list, dict or set (or a dict subclass): ValueError on every version.
    Rejected { kind: &'static str },
    /// Another unhashable builtin container: ValueError since 3.11, shared before.
    Unhashable { kind: &'static str },
    /// An instance of a mutable dataclass or attrs class of this module: unhashable, so
    /// ValueError since 3.11, shared before.
    RecordInstance { class: &'a str },
    /// An instance of a plain class of this module that keeps state on its instances.
    SharedInstance { class: &'a str },
}

impl Rule for DataclassMutableDefault {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::ClassDef]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(rustpython_parser::ast::Stmt::ClassDef(class)) = node else {
            return;
        };
        // A stub declares, and a test expecting the ValueError creates the class on purpose.
        if cx.is_stub_file() || cx.in_expected_failure() {
            return;
        }
        let model = cx.model;
        let outer = cx.ctx.scope();
        let Some(spec) = model.dataclass_spec(class, outer) else {
            return;
        };
        if spec.library != DataclassLibrary::Dataclasses {
            return;
        }
        let Some(fields) = model.dataclass_fields(class, outer) else {
            return;
        };
        for field in fields {
            if field.kind != FieldKind::Field {
                continue;
            }
            let Some(default) = field.default else {
                continue;
            };
            let Some(mutable) = classify(model, default, field.scope) else {
                continue;
            };
            report(cx, class, field.name, default, mutable);
        }
    }
}

fn report<'a>(
    cx: &mut RuleContext<'_, 'a>,
    class: &'a StmtClassDef,
    field: &str,
    default: &'a Expr,
    mutable: Mutable<'a>,
) {
    // A shared instance breaks nothing by itself, only when one instance changes it: test
    // code is held to the errors that break it (see "File roles" in the README).
    if matches!(mutable, Mutable::SharedInstance { .. }) && cx.role == FileRole::Test {
        return;
    }
    let owner = class.name.as_str();
    let factory = factory_for(cx.source, default, &mutable);
    let help = format!(
        "give each instance its own with `field(default_factory={factory})`; if one shared object is intended, annotate the attribute `ClassVar[...]`"
    );
    let raises_here = cx.target_version >= UNHASHABLE_CHECK;
    let (message, severity) = match mutable {
        Mutable::Rejected { kind } => (
            format!("the default of `{field}` is a {kind}: `@dataclass` rejects list, dict and set defaults with ValueError when `{owner}` is created, because one {kind} would be shared by every instance"),
            Severity::Error,
        ),
        Mutable::Unhashable { kind } => (
            format!("the default of `{field}` is one {kind} that every `{owner}` would share; since Python 3.11 `@dataclass` rejects such unhashable defaults with ValueError"),
            if raises_here { Severity::Error } else { Severity::Warning },
        ),
        Mutable::RecordInstance { class } => (
            format!("the default of `{field}` is one mutable `{class}` instance that every `{owner}` would share; since Python 3.11 `@dataclass` rejects it with ValueError (it is unhashable)"),
            if raises_here { Severity::Error } else { Severity::Warning },
        ),
        Mutable::SharedInstance { class } => (
            format!("the default of `{field}` is one `{class}` instance, created when `{owner}` is defined and shared by every `{owner}`: a change made through one instance shows in all"),
            Severity::Warning,
        ),
    };
    cx.report(default.range(), message, help).severity = severity;
}

/// What to pass as `default_factory` to build the same value afresh.
fn factory_for(source: &str, default: &Expr, mutable: &Mutable<'_>) -> String {
    let text = &source[default.range()];
    match (default, mutable) {
        (Expr::List(list), _) if list.elts.is_empty() => "list".to_string(),
        (Expr::Dict(dict), _) if dict.keys.is_empty() => "dict".to_string(),
        (Expr::Call(call), _) if call.args.is_empty() && call.keywords.is_empty() => {
            source[call.func.range()].to_string()
        }
        // A module-level container: copy it per instance.
        (Expr::Name(_), _) => format!("lambda: {text}.copy()"),
        _ => format!("lambda: {text}"),
    }
}

/// Whether the default (evaluated in the class body `scope`) is a mutable object.
fn classify<'a>(
    model: &SemanticModel<'a>,
    default: &'a Expr,
    scope: ScopeId,
) -> Option<Mutable<'a>> {
    if let Some(kind) = model.mutable_container(default, scope) {
        return Some(container(kind));
    }
    match default {
        Expr::Call(call) => {
            let (class, class_scope) = model.local_class(&call.func, scope)?;
            match model.dataclass_spec(class, class_scope) {
                Some(spec) if spec.frozen == Some(false) => {
                    let class = class.name.as_str();
                    // `eq=False` keeps object's hash; `unsafe_hash=True` adds one.
                    let hashable = match spec.decorator {
                        Expr::Call(decorator) => {
                            keyword_value(decorator, "eq").is_some_and(|v| is_bool(v, false))
                                || keyword_value(decorator, "unsafe_hash")
                                    .is_some_and(|v| is_bool(v, true))
                        }
                        _ => false,
                    };
                    Some(if hashable {
                        Mutable::SharedInstance { class }
                    } else {
                        Mutable::RecordInstance { class }
                    })
                }
                Some(_) => None,
                // A descriptor as the default is the dataclasses documentation's
                // descriptor-typed field: `__set__` keeps each instance's value apart.
                None => (!model.class_has_opaque_base(class, class_scope)
                    && !is_descriptor(model, class, class_scope)
                    && keeps_instance_state(model, class, class_scope, 0))
                .then_some(Mutable::SharedInstance {
                    class: class.name.as_str(),
                }),
            }
        }
        Expr::Name(name) => {
            let binding = model.unique_binding(name.id.as_str(), default.start(), scope)?;
            if !matches!(
                binding.kind,
                BindingKind::Assignment | BindingKind::AnnotatedAssignment
            ) {
                return None;
            }
            let value = binding.value?;
            model.mutable_container(value, binding.scope).map(container)
        }
        _ => None,
    }
}

/// Whether instances of the class are descriptors (it or a local base defines `__get__`
/// or `__set__`).
fn is_descriptor<'a>(model: &SemanticModel<'a>, class: &'a StmtClassDef, scope: ScopeId) -> bool {
    ["__get__", "__set__"]
        .iter()
        .any(|name| model.class_member(class, scope, name).is_some())
}

fn is_bool(expr: &Expr, value: bool) -> bool {
    matches!(expr, Expr::Constant(c) if c.value == Constant::Bool(value))
}

/// A builtin container: dataclasses reject lists, dicts and sets (and dict subclasses) on
/// every version, other unhashable values since 3.11.
fn container(kind: &'static str) -> Mutable<'static> {
    match kind {
        "list" | "dict" | "set" | "defaultdict" | "OrderedDict" | "Counter" => {
            Mutable::Rejected { kind }
        }
        _ => Mutable::Unhashable { kind },
    }
}

/// Whether some method of the class, or of a class of this module it derives from, sets an
/// attribute on the instance (`self.count = 0`): instances carry state that can change.
fn keeps_instance_state<'a>(
    model: &SemanticModel<'a>,
    class: &'a StmtClassDef,
    scope: ScopeId,
    depth: u8,
) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let Some(body) = model.class_scope(class) else {
        return false;
    };
    let stores = class.body.iter().any(|stmt| {
        let Some(method) = crate::ast_ext::FunctionRef::from_stmt(stmt) else {
            return false;
        };
        // `cls.x = ...` in a class method is class state, not instance state.
        let on_class = CLASS_LEVEL_METHODS.contains(&method.name())
            || model
                .find_decorator(
                    method.decorators(),
                    body,
                    &["builtins.staticmethod", "builtins.classmethod"],
                )
                .is_some();
        if on_class {
            return false;
        }
        let (Some(first), Some(method_scope)) =
            (method.first_parameter(), model.function_scope(method))
        else {
            return false;
        };
        model
            .references_to(method_scope, first)
            .any(|r| matches!(r.usage, Usage::AttributeStore(_)))
    });
    stores
        || model
            .class_bases(class, scope)
            .into_iter()
            .any(|base| match base {
                Base::Local(def, def_scope) => {
                    keeps_instance_state(model, def, def_scope, depth + 1)
                }
                _ => false,
            })
}
