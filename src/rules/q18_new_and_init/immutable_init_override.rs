//! PX1801 immutable-init-override: an `__init__` in a subclass of an immutable builtin
//! (`int`, `float`, `complex`, `str`, `bytes`, `tuple`, `frozenset`) that tries to set or
//! change the value. The value is fixed by the type's `__new__` before `__init__` runs;
//! passing it on to `super().__init__(value)` reaches `object.__init__`, which raises
//! TypeError for a class that overrides `__init__`, and rebinding `self` or the argument
//! changes nothing.

use rustpython_parser::ast::{Expr, ExprCall, Ranged, Stmt, StmtClassDef, StmtFunctionDef};
use rustpython_parser::text_size::TextRange;

use crate::ast_ext::FunctionRef;
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{Base, BindingKind, ScopeId, SemanticModel};
use crate::visit::{self, Context, Node, NodeKind, Visitor};

pub struct ImmutableInitOverride;

static META: RuleMeta = RuleMeta {
    code: "PX1801",
    name: "immutable-init-override",
    severity: Severity::Error,
    question: Some(Question::new(18)),
    opt_in: false,
    min_version: None,
    summary: "`__init__` of an `int`/`str`/`tuple`... subclass that tries to set the value, which `__new__` already fixed",
    doc: include_str!("../../../rules/PX1801.md"),
    applies_to: Roles::RUNNING_CODE,
};

/// Immutable builtins whose value is set in `__new__` and whose `__init__` is
/// `object.__init__`.
const IMMUTABLE: &[&str] = &[
    "builtins.int",
    "builtins.float",
    "builtins.complex",
    "builtins.str",
    "builtins.bytes",
    "builtins.tuple",
    "builtins.frozenset",
];

/// How deep to follow the module's own base classes.
const MAX_DEPTH: u8 = 16;

impl Rule for ImmutableInitOverride {
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
        if def.name.as_str() != "__init__" {
            return;
        }
        let Some(class) = cx.ctx.class_body() else {
            return;
        };
        let model = cx.model;
        let Some(class_scope) = model.scope(cx.ctx.scope()).parent else {
            return;
        };
        let Some(immutable) = immutable_base(model, class, class_scope, 0) else {
            return;
        };
        let function = FunctionRef::Sync(def);
        let Some(body) = model.function_scope(function) else {
            return;
        };
        let Some(attempt) = find_attempt(model, def, class, body) else {
            return;
        };
        let class_name = class.name.as_str();
        let message = match attempt {
            Attempt::PassesValue(range) => format!(
                "`{}` passes arguments to `object.__init__`, which raises TypeError: `{class_name}` derives from `{immutable}`, whose value `{immutable}.__new__` has already fixed",
                &cx.source[range]
            ),
            Attempt::RebindsSelf(name) => format!(
                "`__init__` rebinds `{name}`, which changes nothing: `{class_name}` derives from `{immutable}`, whose value `{immutable}.__new__` has already fixed"
            ),
            Attempt::DeadRebinding(name) => format!(
                "`__init__` rebinds its argument `{name}` and never uses it again: `{class_name}` derives from `{immutable}`, whose value `{immutable}.__new__` has already fixed, so the new value is lost"
            ),
        };
        cx.report(
            function.header_range(cx.source),
            message,
            "compute the value in `__new__` instead (`def __new__(cls, value): return super().__new__(cls, converted)`); keep `__init__` for extra attributes only, and call `super().__init__()` without arguments",
        );
    }
}

/// The immutable builtin `class` derives from, when every base (through classes of this
/// module that do not define `__init__`) is one of [`IMMUTABLE`] or `object`: then
/// `super().__init__` is `object.__init__`.
fn immutable_base<'a>(
    model: &SemanticModel<'a>,
    class: &'a StmtClassDef,
    scope: ScopeId,
    depth: u8,
) -> Option<&'a str> {
    if depth > MAX_DEPTH {
        return None;
    }
    let mut found = None;
    for base in model.class_bases(class, scope) {
        match base {
            Base::Qualified(name) if name.is_any(IMMUTABLE) => found = Some(name.last()),
            Base::Qualified(name) if name.is("builtins.object") => {}
            Base::Local(def, def_scope) => {
                let defines_init = model
                    .class_scope(def)
                    .is_some_and(|body| model.scope(body).binds("__init__"));
                if defines_init {
                    return None;
                }
                found = Some(immutable_base(model, def, def_scope, depth + 1)?);
            }
            Base::Qualified(_) | Base::Unknown => return None,
        }
    }
    // A class keyword (`metaclass=`) may change how instances are built.
    if !class.keywords.is_empty() {
        return None;
    }
    found
}

/// Whether the call at `range` sits in the body of a `try` (in `stmts` or a block nested
/// in them) with a handler for `TypeError`: checkov's `try: super().__init__(x)` / `except
/// TypeError: super().__init__()` already knows the call raises and falls back.
fn handles_type_error<'a>(
    model: &SemanticModel<'a>,
    stmts: &'a [Stmt],
    range: TextRange,
    scope: ScopeId,
) -> bool {
    stmts
        .iter()
        .filter(|stmt| stmt.range().contains_range(range))
        .any(|stmt| {
            let handled_here = matches!(stmt, Stmt::Try(attempt)
            if crate::ast_ext::block_range(&attempt.body, attempt.start()).contains_range(range)
                && attempt.handlers.iter().any(|handler| {
                    model.handler_catches(handler, scope, CATCHES_TYPE_ERROR, true)
                }));
            handled_here
                || crate::ast_ext::child_statement_lists(stmt)
                    .into_iter()
                    .any(|block| handles_type_error(model, block, range, scope))
        })
}

/// The exceptions an `except` clause names to catch a `TypeError`.
const CATCHES_TYPE_ERROR: &[&str] = &[
    "builtins.TypeError",
    "builtins.Exception",
    "builtins.BaseException",
];

/// What an `__init__` does that cannot work for an immutable value.
enum Attempt {
    /// `super().__init__(value)` or `int.__init__(self, value)`: the call's range.
    PassesValue(TextRange),
    /// `self = ...`.
    RebindsSelf(String),
    /// `value = value.strip()` with no later use of `value`.
    DeadRebinding(String),
}

fn find_attempt<'a>(
    model: &SemanticModel<'a>,
    def: &'a StmtFunctionDef,
    class: &'a StmtClassDef,
    body: ScopeId,
) -> Option<Attempt> {
    let function = FunctionRef::Sync(def);
    let receiver = function.first_parameter()?;
    for site in &model.scope(body).frame.calls {
        if passes_value(model, site.call, site.scope, class, receiver)
            && !handles_type_error(model, &def.body, site.call.range(), site.scope)
        {
            return Some(Attempt::PassesValue(site.call.range()));
        }
    }
    // Rebinding of parameters in the method's own code (nested functions excluded).
    let mut scan = Rebindings::default();
    visit::walk_body(&def.body, &mut scan);
    if scan.names.iter().any(|name| name == receiver) {
        return Some(Attempt::RebindsSelf(receiver.to_string()));
    }
    let frame = model.scope(body);
    for parameter in function.parameters().skip(1) {
        let name = parameter.arg.as_str();
        if !scan.names.iter().any(|n| n == name) {
            continue;
        }
        for id in frame.bindings_of(name) {
            let binding = model.binding(*id);
            if !matches!(
                binding.kind,
                BindingKind::Assignment
                    | BindingKind::AugmentedAssignment
                    | BindingKind::AnnotatedAssignment
            ) {
                continue;
            }
            let used = frame.references_to(name).iter().any(|reference| {
                let reference = model.reference(*reference);
                model
                    .reaching_bindings(body, name, reference.range.start(), reference.scope)
                    .contains(id)
            });
            if !used {
                return Some(Attempt::DeadRebinding(name.to_string()));
            }
        }
    }
    None
}

/// `super().__init__(args)`, `super(Cls, self).__init__(args)`, or `Base.__init__(self,
/// args)` with `Base` a builtin: a call reaching `object.__init__` with arguments.
fn passes_value<'a>(
    model: &SemanticModel<'a>,
    call: &'a ExprCall,
    scope: ScopeId,
    class: &'a StmtClassDef,
    receiver: &str,
) -> bool {
    let Expr::Attribute(attr) = &*call.func else {
        return false;
    };
    if attr.attr.as_str() != "__init__" {
        return false;
    }
    if super::is_super_of(model, &attr.value, class, scope) {
        return !call.args.is_empty() || !call.keywords.is_empty();
    }
    let explicit_base = model
        .qualified_name(&attr.value, scope)
        .is_some_and(|name| name.is_any(IMMUTABLE) || name.is("builtins.object"));
    explicit_base
        && matches!(call.args.first(), Some(Expr::Name(name)) if name.id.as_str() == receiver)
        && (call.args.len() > 1 || !call.keywords.is_empty())
}

/// Names rebound by plain statements of a body: `x = ...`, `x += ...`, `x: T = ...`.
#[derive(Default)]
struct Rebindings {
    names: Vec<String>,
}

impl<'a> Visitor<'a> for Rebindings {
    fn enter_node(&mut self, node: Node<'a>, ctx: &Context<'a>) {
        if !ctx.is_module_level() || !matches!(ctx.scope_kind(), crate::semantic::ScopeKind::Module)
        {
            return;
        }
        let targets: Vec<&Expr> = match node {
            Node::Stmt(Stmt::Assign(assign)) => assign.targets.iter().collect(),
            Node::Stmt(Stmt::AugAssign(aug)) => vec![&*aug.target],
            Node::Stmt(Stmt::AnnAssign(ann)) if ann.value.is_some() => vec![&*ann.target],
            _ => return,
        };
        for target in targets {
            if let Expr::Name(name) = target {
                self.names.push(name.id.to_string());
            }
        }
    }
}
