//! PX0305 eq-without-hash (opt-in): a class body that defines `__eq__` and not `__hash__`
//! gets `__hash__ = None` from `type`, so its instances cannot go in sets or be dict keys,
//! even when a base class is hashable.

use rustpython_parser::ast::{Constant, Expr, Stmt, StmtClassDef};

use crate::ast_ext;
use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::{Base, ScopeId};
use crate::visit::{Node, NodeKind};

pub struct EqWithoutHash;

static META: RuleMeta = RuleMeta {
    code: "PX0305",
    name: "eq-without-hash",
    severity: Severity::Warning,
    question: Some(Question::new(3)),
    opt_in: true,
    min_version: None,
    summary: "class defining `__eq__` without `__hash__`, which makes its instances unhashable",
    doc: include_str!("../../../rules/PX0305.md"),
    applies_to: Roles::LIBRARY,
};

/// Class decorators that leave `__hash__` alone. Any other decorator (`dataclass`, attrs)
/// may generate or set it.
const HASH_NEUTRAL_DECORATORS: &[&str] = &["functools.total_ordering", "typing.final"];

/// Classes whose instances are unhashable already: a subclass defining `__eq__` loses nothing.
const UNHASHABLE_BASES: &[&str] = &[
    "builtins.list",
    "builtins.dict",
    "builtins.set",
    "builtins.bytearray",
    "collections.UserList",
    "collections.UserDict",
    "collections.OrderedDict",
    "collections.defaultdict",
    "collections.Counter",
    "collections.deque",
    "collections.abc.Mapping",
    "collections.abc.MutableMapping",
    "collections.abc.Set",
    "collections.abc.MutableSet",
    "typing.Mapping",
    "typing.MutableMapping",
    "typing.AbstractSet",
    "typing.MutableSet",
    "typing.Dict",
    "typing.List",
    "typing.Set",
    "typing.OrderedDict",
    "typing.DefaultDict",
    "typing.Counter",
    "typing.Deque",
];

/// How deep to follow the module's own base classes.
const MAX_DEPTH: u8 = 16;

/// Bases whose subclasses only declare an interface.
const INTERFACE_BASES: &[&str] = &["typing.Protocol", "typing_extensions.Protocol"];

impl Rule for EqWithoutHash {
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
        if cx.is_stub_file() {
            return;
        }
        let Some(body) = cx.model.class_scope(class) else {
            return;
        };
        let body = cx.model.scope(body);
        // Only the class's own body counts: `type` sets `__hash__ = None` there whatever the
        // bases define, and an explicit `__hash__ = None` says unhashable is intended.
        if !body.binds("__eq__") || body.binds("__hash__") {
            return;
        }
        let scope = cx.ctx.scope();
        let neutral = class.decorator_list.iter().all(|decorator| {
            cx.model
                .qualified_name(decorator, scope)
                .is_some_and(|name| name.is_any(HASH_NEUTRAL_DECORATORS))
        });
        // A pydantic model is unhashable already unless frozen, and a frozen one gets a
        // `__hash__` from pydantic whatever the body defines.
        if !neutral
            || cx.model.class_inherits_from(class, scope, INTERFACE_BASES)
            || cx.model.is_pydantic_model(class, scope)
            || inherits_unhashable(cx, class, scope, 0)
        {
            return;
        }
        let name = class.name.as_str();
        cx.report(
            ast_ext::statement_header(stmt, cx.source),
            format!("`{name}` defines `__eq__` but not `__hash__`, so Python sets `__hash__` to None: its instances cannot be set members or dict keys"),
            "define `__hash__` from the same fields `__eq__` compares (`return hash((self.a, self.b))`) for a value that does not change, or write `__hash__ = None` to state that instances are unhashable",
        );
    }
}

/// Whether a base already makes instances unhashable: a builtin or `collections` container,
/// or a class of this module whose body sets `__hash__ = None` or defines `__eq__` alone.
fn inherits_unhashable<'a>(
    cx: &RuleContext<'_, 'a>,
    class: &'a StmtClassDef,
    scope: ScopeId,
    depth: u8,
) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    cx.model
        .class_bases(class, scope)
        .into_iter()
        .any(|base| match base {
            Base::Qualified(name) => name.is_any(UNHASHABLE_BASES),
            Base::Local(def, def_scope) => {
                let Some(body) = cx.model.class_scope(def) else {
                    return false;
                };
                let body = cx.model.scope(body);
                match body.bindings_of("__hash__") {
                    [] if body.binds("__eq__") => true,
                    [] => inherits_unhashable(cx, def, def_scope, depth + 1),
                    ids => ids.iter().all(|id| {
                        matches!(cx.model.binding(*id).value, Some(Expr::Constant(c)) if matches!(c.value, Constant::None))
                    }),
                }
            }
            Base::Unknown => false,
        })
}
