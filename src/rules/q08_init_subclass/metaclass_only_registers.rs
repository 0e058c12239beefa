//! PX0802 metaclass-only-registers: a metaclass whose `__new__`/`__init__` builds the class
//! unchanged and only records or checks it does what `__init_subclass__` on a base class
//! does, at the cost of a metaclass (which conflicts with any other metaclass a subclass
//! mixes in).

use rustpython_parser::ast::{Expr, ExprContext, Ranged, Stmt, StmtClassDef};

use crate::ast_ext::{self, Exit, FunctionRef};
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{is_mutating_method, Access, Base, CallSite, Reference, ScopeId, Usage};
use crate::visit::{Node, NodeKind};

pub struct MetaclassOnlyRegisters;

static META: RuleMeta = RuleMeta {
    code: "PX0802",
    name: "metaclass-only-registers",
    severity: Severity::Advice,
    question: Some(Question::new(8)),
    opt_in: true,
    min_version: None,
    summary: "metaclass that only records or validates the classes it creates, which `__init_subclass__` does without one",
    doc: include_str!("../../../rules/PX0802.md"),
    applies_to: Roles::LIBRARY,
};

/// Builtins that only look at their arguments.
const INSPECTING_BUILTINS: &[&str] = &[
    "builtins.isinstance",
    "builtins.issubclass",
    "builtins.getattr",
    "builtins.hasattr",
    "builtins.callable",
    "builtins.id",
    "builtins.len",
    "builtins.repr",
    "builtins.str",
    "builtins.print",
    "builtins.hash",
    "builtins.type",
    "builtins.vars",
    "builtins.dir",
];

impl Rule for MetaclassOnlyRegisters {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::ClassDef]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(stmt @ Stmt::ClassDef(class)) = node else {
            return;
        };
        if cx.is_stub_file() || !class.decorator_list.is_empty() || !class.keywords.is_empty() {
            return;
        }
        let scope = cx.ctx.scope();
        let bases = cx.model.class_bases(class, scope);
        let plain_metaclass = !bases.is_empty()
            && bases
                .iter()
                .all(|base| matches!(base, Base::Qualified(name) if name.is_builtin("type")));
        if !plain_metaclass {
            return;
        }
        let Some(hooks) = creation_hooks(class) else {
            return;
        };
        if used_besides_as_metaclass(cx, class, scope) {
            return;
        }
        let mut calls_besides_parent = 0;
        for hook in &hooks {
            let Some(scope) = cx.model.function_scope(*hook) else {
                return;
            };
            let calls = &cx.model.scope(scope).frame.calls;
            // `setattr`/`delattr` anywhere (on the class, its MRO, its bases) changes classes.
            let sets_attributes = calls.iter().any(|site| {
                cx.model
                    .qualified_name(&site.call.func, site.scope)
                    .is_some_and(|name| name.is_builtin("setattr") || name.is_builtin("delattr"))
            });
            if sets_attributes {
                return;
            }
            let leaves_class_alone = match hook.name() {
                "__new__" => new_leaves_class_alone(cx, *hook),
                _ => init_leaves_class_alone(cx, *hook),
            };
            if !leaves_class_alone {
                return;
            }
            calls_besides_parent += calls
                .iter()
                .filter(|site| {
                    !is_parent_hook_call(cx, site, hook.name())
                        && !cx
                            .model
                            .qualified_name(&site.call.func, site.scope)
                            .is_some_and(|name| name.is_builtin("super"))
                })
                .count();
        }
        let name = class.name.as_str();
        let message = if calls_besides_parent == 0 && hooks.iter().all(|hook| only_delegates(*hook))
        {
            format!("metaclass `{name}` creates its classes unchanged and does nothing else: a plain base class (with `__init_subclass__` for any class keywords) needs no metaclass")
        } else {
            format!("metaclass `{name}` only records or checks the classes it creates and leaves them unchanged: a base class with `__init_subclass__` does the same without a metaclass")
        };
        cx.report(
            ast_ext::statement_header(stmt, cx.source),
            message,
            "move the code into `__init_subclass__(cls, **kwargs)` on a base class (calling `super().__init_subclass__(**kwargs)`) and drop the metaclass; note that the hook runs for subclasses only, not for the base class itself",
        );
    }
}

/// Whether the module uses the metaclass other than as a `metaclass=` keyword: another
/// metaclass calls its `__new__` or derives from it, or code tests types against it
/// (`isinstance(cls, Meta)`). A base class could not stand in for it there.
fn used_besides_as_metaclass<'a>(
    cx: &RuleContext<'_, 'a>,
    class: &'a StmtClassDef,
    scope: crate::semantic::ScopeId,
) -> bool {
    let name = class.name.as_str();
    let Some(owner) = cx.model.lookup(name, scope) else {
        return false;
    };
    cx.model.references_to(owner, name).any(|reference| {
        // `super(Meta, mcs)` inside its own hooks is the class naming itself.
        if class.range.contains_range(reference.range) {
            return false;
        }
        let as_metaclass = match reference.statement {
            Stmt::ClassDef(user) => user.keywords.iter().any(|keyword| {
                keyword.arg.as_deref() == Some("metaclass")
                    && keyword.value.range() == reference.range
            }),
            _ => false,
        };
        !as_metaclass
    })
}

/// The metaclass's `__new__` and `__init__`, when its body holds nothing else but a
/// docstring, plain attributes and `pass`. Any other method (`__call__`, `__prepare__`,
/// `__instancecheck__`, a property...) gives the classes behaviour a hook cannot.
fn creation_hooks(class: &StmtClassDef) -> Option<Vec<FunctionRef<'_>>> {
    let mut hooks = Vec::new();
    for stmt in &class.body {
        match stmt {
            Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_) => {
                let function = FunctionRef::from_stmt(stmt)?;
                if function.is_async()
                    || !matches!(function.name(), "__new__" | "__init__")
                    || !function.decorators().is_empty()
                {
                    return None;
                }
                hooks.push(function);
            }
            Stmt::Assign(_) | Stmt::AnnAssign(_) | Stmt::Pass(_) => {}
            other if ast_ext::is_docstring(other) => {}
            _ => return None,
        }
    }
    (!hooks.is_empty()).then_some(hooks)
}

/// A hook whose body (docstring aside) is a single statement: the parent's call, returned
/// or not.
fn only_delegates(hook: FunctionRef<'_>) -> bool {
    let body = hook.body();
    let rest = match body.first() {
        Some(first) if ast_ext::is_docstring(first) => &body[1..],
        _ => body,
    };
    rest.len() == 1
}

/// Positional parameters of a creation hook: `(mcs, name, bases, namespace)`.
fn signature<'a>(hook: FunctionRef<'a>) -> Option<[&'a str; 4]> {
    let args = hook.args();
    if args.vararg.is_some() {
        return None;
    }
    let mut names = args
        .posonlyargs
        .iter()
        .chain(&args.args)
        .map(|arg| arg.def.arg.as_str());
    let signature = [names.next()?, names.next()?, names.next()?, names.next()?];
    names.next().is_none().then_some(signature)
}

/// `__new__(mcs, name, bases, namespace)` that creates the class once with its arguments
/// unchanged (`super().__new__(mcs, name, bases, namespace)`), leaves the result alone, and
/// returns it.
fn new_leaves_class_alone<'a>(cx: &RuleContext<'_, 'a>, hook: FunctionRef<'a>) -> bool {
    let Some(params) = signature(hook) else {
        return false;
    };
    let Some(scope) = cx.model.function_scope(hook) else {
        return false;
    };
    if params
        .iter()
        .any(|param| cx.model.scope(scope).bindings_of(param).len() != 1)
    {
        return false;
    }
    let frame = &cx.model.scope(scope).frame;
    let creations: Vec<&CallSite<'a>> = frame
        .calls
        .iter()
        .filter(|site| is_parent_hook_call(cx, site, "__new__"))
        .collect();
    let [creation] = creations.as_slice() else {
        return false;
    };
    let call = creation.call;
    let passes_arguments_unchanged = call.args.len() == 4
        && call
            .args
            .iter()
            .zip(params)
            .all(|(arg, param)| ast_ext::name_id(arg) == Some(param))
        && call.keywords.iter().all(|keyword| keyword.arg.is_none());
    if !passes_arguments_unchanged || !namespace_untouched(cx, scope, params[3], creation) {
        return false;
    }
    // The new class is returned at once, or bound to one local that every return hands back.
    let created: Option<&str> = match creation.statement {
        Stmt::Return(ret) if ret.value.as_deref().is_some_and(|v| is_call(v, creation)) => None,
        Stmt::Assign(assign) if is_call(&assign.value, creation) => {
            match assign.targets.as_slice() {
                [target] => match ast_ext::name_id(target) {
                    Some(local) => Some(local),
                    None => return false,
                },
                _ => return false,
            }
        }
        _ => return false,
    };
    if !ast_ext::always_exits(hook.body(), Exit::ReturnOrRaise) {
        return false;
    }
    let returns_the_class = frame
        .returns
        .iter()
        .all(|ret| match (ret.value.as_deref(), created) {
            (Some(value), Some(local)) => ast_ext::name_id(value) == Some(local),
            (Some(value), None) => is_call(value, creation),
            (None, _) => false,
        });
    if !returns_the_class {
        return false;
    }
    match created {
        Some(local) => {
            cx.model.scope(scope).bindings_of(local).len() == 1
                && class_left_alone(cx, scope, local, None)
        }
        None => true,
    }
}

/// `__init__(cls, name, bases, namespace)` that leaves the class and the namespace alone.
fn init_leaves_class_alone<'a>(cx: &RuleContext<'_, 'a>, hook: FunctionRef<'a>) -> bool {
    let Some(params) = signature(hook) else {
        return false;
    };
    let Some(scope) = cx.model.function_scope(hook) else {
        return false;
    };
    if params
        .iter()
        .any(|param| cx.model.scope(scope).bindings_of(param).len() != 1)
    {
        return false;
    }
    let frame = &cx.model.scope(scope).frame;
    if frame.returns.iter().any(|ret| ret.value.is_some()) {
        return false;
    }
    let parent_init = frame
        .calls
        .iter()
        .find(|site| is_parent_hook_call(cx, site, "__init__"));
    let namespace_ok = match parent_init {
        Some(site) => namespace_untouched(cx, scope, params[3], site),
        None => !cx
            .model
            .references_to(scope, params[3])
            .any(|r| r.usage.may_mutate()),
    };
    namespace_ok && class_left_alone(cx, scope, params[0], parent_init)
}

/// `super().<method>(...)`, `super(Meta, mcs).<method>(...)` or `type.<method>(...)`.
fn is_parent_hook_call<'a>(cx: &RuleContext<'_, 'a>, site: &CallSite<'a>, method: &str) -> bool {
    let Expr::Attribute(attr) = &*site.call.func else {
        return false;
    };
    if attr.attr.as_str() != method {
        return false;
    }
    let owner = match &*attr.value {
        Expr::Call(call) => &*call.func,
        other => other,
    };
    let Some(name) = cx.model.qualified_name(owner, site.scope) else {
        return false;
    };
    match &*attr.value {
        Expr::Call(_) => name.is_builtin("super"),
        _ => name.is_builtin("type"),
    }
}

fn is_call(expr: &Expr, site: &CallSite<'_>) -> bool {
    matches!(expr, Expr::Call(call) if std::ptr::eq(call, site.call))
}

/// Every use of the namespace only reads it, except handing it to the parent's hook.
fn namespace_untouched<'a>(
    cx: &RuleContext<'_, 'a>,
    scope: ScopeId,
    namespace: &str,
    parent_hook: &CallSite<'a>,
) -> bool {
    cx.model.references_to(scope, namespace).all(|reference| {
        !reference.usage.may_mutate()
            || (reference.usage == Usage::Argument
                && parent_hook
                    .call
                    .args
                    .iter()
                    .any(|arg| arg.range() == reference.range))
    })
}

/// Every use of the new class (`local`) reads it, stores it somewhere else, or passes it to
/// a method of another object or a builtin that only inspects it. Setting attributes on it,
/// calling its methods or handing it to an arbitrary function may change it.
fn class_left_alone<'a>(
    cx: &RuleContext<'_, 'a>,
    scope: ScopeId,
    local: &str,
    parent_init: Option<&CallSite<'a>>,
) -> bool {
    cx.model.references_to(scope, local).all(|reference| {
        let accesses = reference.accesses();
        let deep_attribute_store = accesses.iter().skip(1).any(
            |access| matches!(access, Access::Attribute(attr) if attr.ctx != ExprContext::Load),
        );
        if deep_attribute_store {
            return false;
        }
        match reference.usage {
            Usage::Load => is_recorded_or_checked(reference),
            // The MRO and the bases lead back to the class and its parents.
            Usage::Attribute(attr) => !matches!(attr, "__mro__" | "__bases__" | "__base__"),
            Usage::SubscriptLoad => true,
            Usage::Argument => passed_to_inspector(cx, reference, local, parent_init),
            Usage::MethodCall(_)
            | Usage::AttributeStore(_)
            | Usage::AttributeDelete(_)
            | Usage::SubscriptStore
            | Usage::SubscriptDelete
            | Usage::Called
            | Usage::AugmentedAssignment => false,
        }
    })
}

/// A plain read of the new class that cannot lead to changing it: returned, stored into a
/// container or another object's attribute (`registry[name] = cls`), or read in a test,
/// assertion or error message. Binding it to another name (or looping over it) is not
/// followed.
fn is_recorded_or_checked(reference: &Reference<'_>) -> bool {
    match reference.statement {
        Stmt::Return(_) | Stmt::If(_) | Stmt::Assert(_) | Stmt::Raise(_) => true,
        Stmt::Assign(assign) => {
            assign.value.range() == reference.range
                && assign
                    .targets
                    .iter()
                    .all(|target| matches!(target, Expr::Subscript(_) | Expr::Attribute(_)))
        }
        _ => false,
    }
}

/// Whether the call that receives the class as an argument only records or inspects it.
fn passed_to_inspector<'a>(
    cx: &RuleContext<'_, 'a>,
    reference: &Reference<'a>,
    local: &str,
    parent_init: Option<&CallSite<'a>>,
) -> bool {
    let frame = cx.model.frame_of(reference.scope);
    let receiving = cx.model.scope(frame).frame.calls.iter().find(|site| {
        std::ptr::eq(site.statement, reference.statement)
            && site
                .call
                .args
                .iter()
                .map(|arg| match arg {
                    Expr::Starred(starred) => &*starred.value,
                    other => other,
                })
                .chain(site.call.keywords.iter().map(|k| &k.value))
                .any(|arg| arg.range() == reference.range)
    });
    let Some(site) = receiving else {
        return false;
    };
    if parent_init.is_some_and(|init| std::ptr::eq(init.call, site.call)) {
        return true;
    }
    if cx
        .model
        .qualified_name(&site.call.func, site.scope)
        .is_some_and(|name| name.is_any(INSPECTING_BUILTINS) || name.is_builtin("super"))
    {
        return true;
    }
    // `registry.append(cls)`, `mcs._registry.setdefault(name, cls)`: a container other than
    // the class records it.
    matches!(&*site.call.func, Expr::Attribute(attr)
        if is_mutating_method(attr.attr.as_str()) && ast_ext::name_id(&attr.value) != Some(local))
}
