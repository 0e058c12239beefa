//! PX1802 new-without-return: a `__new__` with no `return` statement. Calling the class
//! then evaluates to None (the object `__new__` made is thrown away) and `__init__` never
//! runs, so the bug surfaces far away as `'NoneType' object has no attribute ...`.

use rustpython_parser::ast::{Expr, Stmt};

use crate::ast_ext::{self, Exit, FunctionRef};
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::visit::{self, Context, Node, NodeKind, Visitor};

pub struct NewWithoutReturn;

static META: RuleMeta = RuleMeta {
    code: "PX1802",
    name: "new-without-return",
    severity: Severity::Error,
    question: Some(Question::new(18)),
    opt_in: true,
    min_version: None,
    summary: "`__new__` without a `return`, so calling the class gives None",
    doc: include_str!("../../../rules/PX1802.md"),
    applies_to: Roles::RUNNING_CODE,
};

/// Decorators that leave `__new__` as written.
const TRANSPARENT_DECORATORS: &[&str] = &[
    "builtins.staticmethod",
    "typing.override",
    "typing_extensions.override",
];

impl Rule for NewWithoutReturn {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::FunctionDef]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Stmt(Stmt::FunctionDef(def)) = node else {
            return;
        };
        if def.name.as_str() != "__new__" || cx.is_stub_file() {
            return;
        }
        let Some(class) = cx.ctx.class_body() else {
            return;
        };
        // Interface declarations (`...`, a docstring, `raise NotImplementedError`) and
        // constructors that refuse to build anything return nothing on purpose.
        if ast_ext::is_stub_body(&def.body) || ast_ext::always_exits(&def.body, Exit::Raise) {
            return;
        }
        let scope = cx.ctx.scope();
        let transparent = def.decorator_list.iter().all(|decorator| {
            cx.model
                .qualified_name(decorator, scope)
                .is_some_and(|name| name.is_any(TRANSPARENT_DECORATORS))
        });
        if !transparent {
            return;
        }
        let function = FunctionRef::Sync(def);
        let Some(body) = cx.model.function_scope(function) else {
            return;
        };
        let frame = &cx.model.scope(body).frame;
        if !frame.returns.is_empty() || frame.yields {
            return;
        }
        // A body ending in a call that always raises (`cls._refuse()`) never falls off.
        let ends_in_raising_call = matches!(
            def.body.last(),
            Some(Stmt::Expr(expr)) if matches!(&*expr.value, Expr::Call(call) if cx.model.call_never_returns(call, body))
        );
        if ends_in_raising_call || runs_init_itself(&def.body) {
            return;
        }
        let class_name = class.name.as_str();
        let cls = function.first_parameter().unwrap_or("cls");
        cx.report(
            function.header_range(cx.source),
            format!("`__new__` has no `return`, so `{class_name}(...)` evaluates to None and `__init__` never runs"),
            format!("return the new instance: `instance = super().__new__({cls})`, set it up, then `return instance`"),
        );
    }
}

/// Whether the body calls an `__init__` itself (`instance.__init__(...)`,
/// `Base.__init__(obj)`). A `__new__` that runs the initialisation on its own knows Python
/// will not, and one that then returns nothing does so on purpose (a factory that
/// registers what it built, a class that must never yield an instance of itself).
fn runs_init_itself(body: &[Stmt]) -> bool {
    struct InitCall(bool);
    impl<'a> Visitor<'a> for InitCall {
        fn enter_node(&mut self, node: Node<'a>, _ctx: &Context<'a>) {
            if let Node::Expr(Expr::Call(call)) = node {
                if matches!(&*call.func, Expr::Attribute(attr) if attr.attr.as_str() == "__init__")
                {
                    self.0 = true;
                }
            }
        }
    }
    let mut finder = InitCall(false);
    visit::walk_body(body, &mut finder);
    finder.0
}
