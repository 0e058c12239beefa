//! PX1804 object-new-extra-args: `super().__new__(cls, x)` or `object.__new__(cls, x)` in
//! the `__new__` of a class whose only base is `object`. `object.__new__` accepts extra
//! arguments only for a class that does not override `__new__` (CPython's `object_new`:
//! "excess args" are an error as soon as `type->tp_new != object_new`), so this call always
//! raises TypeError once it gets an argument besides the class.

use rustpython_parser::ast::{Expr, Ranged};

use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::Base;
use crate::visit::{Node, NodeKind};

pub struct ObjectNewExtraArgs;

static META: RuleMeta = RuleMeta {
    code: "PX1804",
    name: "object-new-extra-args",
    severity: Severity::Error,
    question: Some(Question::new(18)),
    opt_in: true,
    min_version: None,
    summary: "`object.__new__` given arguments besides the class, a TypeError in a class that overrides `__new__`",
    doc: include_str!("../../../rules/PX1804.md"),
    applies_to: Roles::RUNNING_CODE,
};

impl Rule for ObjectNewExtraArgs {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Call]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Expr(Expr::Call(call)) = node else {
            return;
        };
        let Expr::Attribute(attr) = &*call.func else {
            return;
        };
        if attr.attr.as_str() != "__new__" {
            return;
        }
        let model = cx.model;
        let scope = cx.ctx.scope();
        let Some((method, class, class_scope)) = super::current_method(model, cx.ctx.frame().id)
        else {
            return;
        };
        if method.name() != "__new__" {
            return;
        }
        // The instance's class first: the method's own `cls`, or the class by name.
        let Some(first) = call.args.first() else {
            return;
        };
        let names_the_class = match first {
            Expr::Name(name) => {
                method.first_parameter() == Some(name.id.as_str())
                    || model
                        .local_class(first, scope)
                        .is_some_and(|(named, _)| std::ptr::eq(named, class))
            }
            _ => false,
        };
        let extras = &call.args[1..];
        if !names_the_class || (extras.is_empty() && call.keywords.is_empty()) {
            return;
        }
        // Only classes that derive from nothing but `object`, through this module's classes.
        if model.class_has_opaque_base(class, class_scope) {
            return;
        }
        let via_super = super::is_super_of(model, &attr.value, class, scope);
        if via_super {
            // `super()` reaches `object.__new__` only if no base class of the module
            // defines a `__new__` of its own.
            let base_defines_new = model
                .class_bases(class, class_scope)
                .into_iter()
                .any(|base| match base {
                    Base::Local(def, def_scope) => model.class_binds(def, def_scope, "__new__"),
                    Base::Qualified(_) | Base::Unknown => false,
                });
            if base_defines_new {
                return;
            }
        } else if !model
            .qualified_name(&attr.value, scope)
            .is_some_and(|name| name.is("builtins.object"))
        {
            return;
        }
        let only_unpacked = extras.iter().all(|arg| matches!(arg, Expr::Starred(_)))
            && call.keywords.iter().all(|keyword| keyword.arg.is_none());
        // `*args, **kwargs` passed on from a class whose `__init__` takes nothing: any call
        // with arguments fails there too, so the ones that work pass `object.__new__` none.
        if only_unpacked && init_takes_nothing(model, class, class_scope) {
            return;
        }
        let class_name = class.name.as_str();
        let callee = if via_super {
            "`super().__new__`"
        } else {
            "`object.__new__`"
        };
        let when = if only_unpacked {
            format!("raises TypeError whenever `{class_name}(...)` is called with arguments")
        } else {
            "always raises TypeError".to_string()
        };
        let cls = method.first_parameter().unwrap_or("cls");
        cx.report(
            call.range(),
            format!("{callee} here is `object.__new__`, which takes only the class once `{class_name}` overrides `__new__`: passing it the constructor's arguments {when}"),
            format!("call `super().__new__({cls})` with the class alone and keep the arguments for `__init__` (or set them on the new instance before returning it)"),
        );
    }
}

/// Whether the class's `__init__` (its own or a base's of the module) takes no argument
/// besides the instance.
fn init_takes_nothing<'a>(
    model: &crate::semantic::SemanticModel<'a>,
    class: &'a rustpython_parser::ast::StmtClassDef,
    class_scope: crate::semantic::ScopeId,
) -> bool {
    model
        .class_member(class, class_scope, "__init__")
        .and_then(|member| member.function())
        .is_some_and(|(init, _)| {
            let args = init.args();
            args.posonlyargs.len() + args.args.len() == 1
                && args.vararg.is_none()
                && args.kwonlyargs.is_empty()
                && args.kwarg.is_none()
        })
}
