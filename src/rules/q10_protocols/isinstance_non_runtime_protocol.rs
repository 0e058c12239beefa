//! PX1001 isinstance-non-runtime-protocol: `isinstance(x, P)` or `issubclass(C, P)` where
//! `P` is a `typing.Protocol` without `@runtime_checkable`. Protocols are for type checkers;
//! at run time such a check raises `TypeError: Instance and class checks can only be used
//! with @runtime_checkable protocols`, typically on a code path tests did not reach.

use rustpython_parser::ast::{ExceptHandler, Expr, ExprCall, Ranged, Stmt, StmtClassDef};

use crate::ast_ext;

use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::project::{self, Condition};
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{BindingKind, ImportPath, ScopeId, SemanticModel};
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
    applies_to: Roles::RUNNING_CODE,
};

const CHECKS: &[&str] = &["builtins.isinstance", "builtins.issubclass"];

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
        if !matches!(
            ast_ext::callee_last_name(call),
            Some("isinstance" | "issubclass")
        ) {
            return;
        }
        let model = cx.model;
        // Protocols come from `typing` or `typing_extensions`, or from the project's other
        // modules when the run indexed the project.
        let defines_protocols =
            model.imports_package("typing") || model.imports_package("typing_extensions");
        if cx.is_stub_file() || (!defines_protocols && cx.module.is_none()) {
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
        if type_error_expected(cx, call) || marked_in_this_module(cx, classes) {
            return;
        }
        let mut found = Found::default();
        non_runtime_protocols(model, classes, scope, 0, &mut found);
        let function = check.last();
        if let Some(protocol) = found.local.first() {
            let name = protocol.name.as_str();
            cx.report(call.range, message(name, function), help(name));
            return;
        }
        // Classes imported from the project's other modules: true if, once every module
        // has been checked, the defining module reports the class as such a protocol.
        let Some(importer) = cx.module else {
            return;
        };
        let is_package = cx.file_name() == "__init__.py" || cx.file_name() == "__init__.pyi";
        for (path, attribute) in found.imported {
            let Some((module, class)) = imported_class(importer, is_package, path, attribute)
            else {
                continue;
            };
            if !cx.project.is_project_module(&module) {
                continue;
            }
            let (text, hint) = (message(&class, function), help(&class));
            cx.report_if(
                Condition::NonRuntimeProtocol { module, class },
                call.range,
                text,
                hint,
            );
        }
    }
}

fn message(name: &str, function: &str) -> String {
    format!("`{name}` is a Protocol without `@runtime_checkable`, so `{function}()` against it raises TypeError at run time")
}

fn help(name: &str) -> String {
    format!("decorate `{name}` with `@typing.runtime_checkable` (it then checks only that the members exist, not their signatures), or test for a concrete class or attribute instead")
}

/// What a check's class argument holds.
#[derive(Default)]
struct Found<'a> {
    /// Protocols of this module that refuse runtime checks.
    local: Vec<&'a StmtClassDef>,
    /// Names imported from elsewhere: the import, and the attribute read on it
    /// (`proto.Reader` after `import pkg.proto as proto`).
    imported: Vec<(ImportPath<'a>, Option<&'a str>)>,
}

/// The absolute module and class an imported name stands for, seen from `importer`.
fn imported_class(
    importer: &str,
    is_package: bool,
    path: ImportPath<'_>,
    attribute: Option<&str>,
) -> Option<(String, String)> {
    let base = project::resolve_relative(importer, is_package, path.level, path.module)?;
    match (path.member, attribute) {
        // `from pkg.proto import Reader` then `Reader`.
        (Some(member), None) => Some((base, member.to_string())),
        // `from pkg import proto` then `proto.Reader`.
        (Some(member), Some(class)) => Some((format!("{base}.{member}"), class.to_string())),
        // `import pkg.proto as proto` then `proto.Reader`.
        (None, Some(class)) => Some((base, class.to_string())),
        (None, None) => None,
    }
}

/// The protocols without runtime checks among the class or classes a check's second
/// argument names: one class, a tuple of them (nested tuples too), or a name bound to one.
fn non_runtime_protocols<'a>(
    model: &SemanticModel<'a>,
    expr: &'a Expr,
    scope: ScopeId,
    depth: u8,
    out: &mut Found<'a>,
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
                    if model.is_non_runtime_protocol(def, binding.scope) {
                        out.local.push(def);
                    }
                }
                // `from mod import P`: settled against the defining module's facts.
                BindingKind::Import(path) => out.imported.push((path, None)),
                _ => {
                    if let Some(value @ Expr::Tuple(_)) = binding.value {
                        non_runtime_protocols(model, value, binding.scope, depth + 1, out);
                    }
                }
            }
        }
        // `mod.P` on an imported module.
        Expr::Attribute(attr) => {
            let Expr::Name(module) = &*attr.value else {
                return;
            };
            if let Some(binding) =
                model.unique_binding(module.id.as_str(), attr.value.start(), scope)
            {
                if let BindingKind::Import(path) = binding.kind {
                    out.imported.push((path, Some(attr.attr.as_str())));
                }
            }
        }
        _ => {}
    }
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

/// Whether the module passes the checked name to `runtime_checkable(...)` somewhere: it
/// marks the protocol (often an imported one, in a test) before the check.
fn marked_in_this_module(cx: &RuleContext<'_, '_>, classes: &Expr) -> bool {
    let model = cx.model;
    let checked = &cx.source[classes.range()];
    model.all_call_sites().any(|site| {
        ast_ext::callee_last_name(site.call) == Some("runtime_checkable")
            && site
                .call
                .args
                .first()
                .is_some_and(|argument| &cx.source[argument.range()] == checked)
    })
}
