//! PX1001 isinstance-non-runtime-protocol: `isinstance(x, P)` or `issubclass(C, P)` where
//! `P` is a `typing.Protocol` without `@runtime_checkable`. Protocols are for type checkers;
//! at run time such a check raises `TypeError: Instance and class checks can only be used
//! with @runtime_checkable protocols`, typically on a code path tests did not reach.

use rustpython_parser::ast::{ExceptHandler, Expr, ExprCall, Ranged, Stmt, StmtClassDef};

use crate::ast_ext;

use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{Base, BindingKind, ScopeId, SemanticModel};
use crate::visit::{Node, NodeKind};

pub struct IsinstanceNonRuntimeProtocol;

static META: RuleMeta = RuleMeta {
    code: "PX1001",
    name: "isinstance-non-runtime-protocol",
    severity: Severity::Error,
    question: Some(Question::new(10)),
    opt_in: false,
    min_version: None,
    summary:
        "`isinstance`/`issubclass` against a Protocol without `@runtime_checkable` (TypeError)",
    doc: include_str!("../../../rules/PX1001.md"),
};

const CHECKS: &[&str] = &["builtins.isinstance", "builtins.issubclass"];

/// Decorators (or functions called on the class) that allow runtime checks.
const RUNTIME_CHECKABLE: &[&str] = &[
    "typing.runtime_checkable",
    "typing_extensions.runtime_checkable",
    "typing_extensions.runtime",
];

/// Following names bound to tuples of classes stops here.
const MAX_DEPTH: u8 = 4;

impl Rule for IsinstanceNonRuntimeProtocol {
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
        let model = cx.model;
        // Protocols come from `typing` or `typing_extensions`.
        if cx.is_stub_file()
            || (!model.imports_package("typing") && !model.imports_package("typing_extensions"))
        {
            return;
        }
        let scope = cx.ctx.scope();
        let Some(check) = model.qualified_name(&call.func, scope) else {
            return;
        };
        if !check.is_any(CHECKS) {
            return;
        }
        let [_, classes] = call.args.as_slice() else {
            return;
        };
        if type_error_expected(cx, call) {
            return;
        }
        let mut protocols = Vec::new();
        non_runtime_protocols(model, classes, scope, 0, &mut protocols);
        let Some(protocol) = protocols.first() else {
            return;
        };
        let function = check.last();
        let name = protocol.name.as_str();
        cx.report(
            call.range,
            format!("`{name}` is a Protocol without `@runtime_checkable`, so `{function}()` against it raises TypeError at run time"),
            format!("decorate `{name}` with `@typing.runtime_checkable` (it then checks only that the members exist, not their signatures), or test for a concrete class or attribute instead"),
        );
    }
}

/// The protocols without runtime checks among the class or classes a check's second
/// argument names: one class, a tuple of them (nested tuples too), or a name bound to one.
fn non_runtime_protocols<'a>(
    model: &SemanticModel<'a>,
    expr: &'a Expr,
    scope: ScopeId,
    depth: u8,
    out: &mut Vec<&'a StmtClassDef>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    match expr {
        Expr::Tuple(tuple) => {
            for element in &tuple.elts {
                non_runtime_protocols(model, element, scope, depth + 1, out);
            }
        }
        Expr::Name(name) => {
            let Some(binding) = model.unique_binding(name.id.as_str(), expr.start(), scope) else {
                return;
            };
            match binding.kind {
                BindingKind::Class { def, .. } => {
                    if is_non_runtime_protocol(model, def, binding.scope) {
                        out.push(def);
                    }
                }
                // `from mod import P`: the class is defined in another module, which a
                // project-wide index will answer for; until then, stay silent.
                BindingKind::Import(_) => {}
                _ => {
                    if let Some(value @ Expr::Tuple(_)) = binding.value {
                        non_runtime_protocols(model, value, binding.scope, depth + 1, out);
                    }
                }
            }
        }
        // `mod.P`: another module's class, left to the project-wide index as well.
        _ => {}
    }
}

/// The one question this rule asks of a class: is it a Protocol that `isinstance` and
/// `issubclass` reject? `class_scope` is where its `class` statement runs. (A later
/// project-wide index answers the same question for classes imported from other modules.)
fn is_non_runtime_protocol<'a>(
    model: &SemanticModel<'a>,
    class: &'a StmtClassDef,
    class_scope: ScopeId,
) -> bool {
    model.class_is_protocol(class, class_scope)
        && runtime_checkable(model, class, class_scope, 0) == Some(false)
}

/// Bases that leave a protocol's runtime checks as they are.
const NEUTRAL_BASES: &[&str] = &[
    "typing.Protocol",
    "typing_extensions.Protocol",
    "typing.Generic",
    "builtins.object",
];

/// Following the module's own protocols through their bases stops here.
const MAX_CLASS_DEPTH: u8 = 16;

/// Whether instance checks against the class are allowed: it is decorated with
/// `@runtime_checkable` (or passed to it later), or inherits the flag from a base that is
/// (typing looks the flag up through the bases). `None` when a base the model cannot see
/// into, or a metaclass of its own, might decide otherwise.
fn runtime_checkable<'a>(
    model: &SemanticModel<'a>,
    class: &'a StmtClassDef,
    class_scope: ScopeId,
    depth: u8,
) -> Option<bool> {
    if depth > MAX_CLASS_DEPTH {
        return None;
    }
    if model
        .find_decorator(&class.decorator_list, class_scope, RUNTIME_CHECKABLE)
        .is_some()
        || made_runtime_checkable_later(model, class, class_scope)
    {
        return Some(true);
    }
    // A metaclass of its own may define `__instancecheck__`.
    if class.keywords.iter().any(|k| k.arg.is_some()) {
        return None;
    }
    for base in model.class_bases(class, class_scope) {
        match base {
            Base::Qualified(name) if name.is_any(NEUTRAL_BASES) => {}
            Base::Local(def, def_scope) => {
                match runtime_checkable(model, def, def_scope, depth + 1) {
                    Some(false) => {}
                    decided => return decided,
                }
            }
            Base::Qualified(_) | Base::Unknown => return None,
        }
    }
    Some(false)
}

/// `runtime_checkable(P)` called on the class after its definition: it sets the flag on the
/// class object itself, whatever the call's result is bound to.
fn made_runtime_checkable_later<'a>(
    model: &SemanticModel<'a>,
    class: &'a StmtClassDef,
    class_scope: ScopeId,
) -> bool {
    let frame = model.frame_of(class_scope);
    model.scope(frame).frame.calls.iter().any(|site| {
        is_runtime_checkable_call(model, site.call, site.scope)
            && site.call.args.first().is_some_and(|arg| {
                let Expr::Name(name) = arg else {
                    return false;
                };
                model
                    .unique_binding(name.id.as_str(), arg.start(), site.scope)
                    .and_then(|binding| binding.class())
                    .is_some_and(|(def, _)| std::ptr::eq(def, class))
            })
    })
}

fn is_runtime_checkable_call<'a>(
    model: &SemanticModel<'a>,
    call: &'a ExprCall,
    scope: ScopeId,
) -> bool {
    model
        .qualified_name(&call.func, scope)
        .is_some_and(|name| name.is_any(RUNTIME_CHECKABLE))
}

/// The code around the call expects the TypeError: `with self.assertRaises(TypeError):`,
/// `with pytest.raises(TypeError):`, `with contextlib.suppress(TypeError):`, or a `try`
/// whose handler catches TypeError.
fn type_error_expected(cx: &RuleContext<'_, '_>, call: &ExprCall) -> bool {
    let scope = cx.ctx.scope();
    let is_type_error = |expr: &Expr| {
        let names: Vec<&Expr> = match expr {
            Expr::Tuple(tuple) => tuple.elts.iter().collect(),
            other => vec![other],
        };
        names.into_iter().any(|name| {
            cx.model
                .qualified_name(name, scope)
                .is_some_and(|q| q.is("builtins.TypeError"))
        })
    };
    cx.ctx.statements().iter().any(|stmt| match stmt {
        Stmt::With(with) => with.items.iter().any(|item| {
            matches!(&item.context_expr, Expr::Call(context) if context.args.first().is_some_and(is_type_error))
        }),
        Stmt::Try(try_) => {
            ast_ext::block_range(&try_.body, try_.range.end()).contains_range(call.range)
                && try_.handlers.iter().any(|ExceptHandler::ExceptHandler(handler)| {
                    handler.type_.as_deref().is_some_and(is_type_error)
                })
        }
        _ => false,
    })
}
