//! PX1403 attrs-legacy-api: attrs' original spellings (`@attr.s`, `attr.ib()`) predate
//! annotations. Since attrs 20.1 `attrs.define`/`attrs.field` (the `attrs` namespace since
//! 21.3) read the annotations, default to slotted classes, and run validators and
//! converters on assignment too.

use rustpython_parser::ast::{Expr, Ranged, Stmt};

use crate::ast_ext;
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{Node, NodeKind};

pub struct AttrsLegacyApi;

static META: RuleMeta = RuleMeta {
    code: "PX1403",
    name: "attrs-legacy-api",
    severity: Severity::Advice,
    question: Some(Question::new(14)),
    opt_in: true,
    min_version: None,
    summary:
        "attrs' legacy `@attr.s` / `attr.ib()` API where `@attrs.define` / `attrs.field()` do it",
    doc: include_str!("../../../rules/PX1403.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// The class decorators of the old API.
const CLASS_DECORATORS: &[&str] = &["attr.s", "attr.attrs", "attr.attributes"];

/// The field specifiers of the old API.
const FIELD_SPECIFIERS: &[&str] = &["attr.ib", "attr.attrib", "attr.attr"];

impl Rule for AttrsLegacyApi {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::ClassDef, NodeKind::Call]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        if !cx.model.imports_package("attr") {
            return;
        }
        let scope = cx.ctx.scope();
        match node {
            Node::Stmt(Stmt::ClassDef(class)) => {
                for decorator in &class.decorator_list {
                    let target = match decorator {
                        Expr::Call(call) => &*call.func,
                        other => other,
                    };
                    let Some(name) = cx.model.qualified_name(target, scope) else {
                        continue;
                    };
                    if !name.is_any(CLASS_DECORATORS) {
                        continue;
                    }
                    let spelled = &cx.source[target.range()];
                    cx.report(
                        ast_ext::decorator_range(cx.source, decorator),
                        format!("`@{spelled}` is attrs' legacy class decorator"),
                        "use `@attrs.define` (or `@attrs.frozen`): it reads field types from annotations, makes slotted classes by default, and runs validators and converters on assignment as well",
                    );
                }
            }
            Node::Expr(Expr::Call(call)) => {
                let Some(name) = cx.model.qualified_name(&call.func, scope) else {
                    return;
                };
                let spelled = &cx.source[call.func.range()];
                if name.is_any(FIELD_SPECIFIERS) {
                    cx.report(
                        call.range,
                        format!("`{spelled}()` is attrs' legacy field specifier"),
                        "use `attrs.field(...)` with a type annotation on the attribute (`x: int = attrs.field(default=0)`)",
                    );
                } else if name.is_any(CLASS_DECORATORS) && !is_class_decorator(cx, call) {
                    // `attr.s(Cls)` or `attr.s(frozen=True)(Cls)` applied by hand.
                    cx.report(
                        call.range,
                        format!("`{spelled}()` is attrs' legacy class decorator"),
                        "use `attrs.define(...)` (or `attrs.frozen(...)`)",
                    );
                }
            }
            _ => {}
        }
    }
}

/// Whether the call is a decorator of the class statement being walked (reported with
/// the class).
fn is_class_decorator(cx: &RuleContext<'_, '_>, call: &rustpython_parser::ast::ExprCall) -> bool {
    cx.ctx.parent_expr().is_none()
        && matches!(cx.ctx.statement(), Some(Stmt::ClassDef(class))
            if class.decorator_list.iter().any(|d| d.range() == call.range))
}
