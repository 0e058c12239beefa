//! Classes: what a class derives from (through imports and the module's own classes), and
//! what decorates a definition.

use rustpython_parser::ast::{Expr, Ranged, StmtClassDef};

use super::qualified::QualifiedName;
use super::scope::ScopeId;
use super::SemanticModel;

/// How deep to follow the module's own classes through their bases.
const MAX_CLASS_DEPTH: u8 = 16;

/// The classes that make a class a protocol when listed among its bases.
const PROTOCOL: &[&str] = &["typing.Protocol", "typing_extensions.Protocol"];

/// One base of a class.
#[derive(Debug, Clone)]
pub enum Base<'a> {
    /// An imported or builtin class: `pydantic.BaseModel`, `builtins.int`.
    Qualified(QualifiedName<'a>),
    /// A class defined in this module, with the scope its `class` statement runs in.
    Local(&'a StmtClassDef, ScopeId),
    /// Anything else: a call, a parameter, a name the model cannot pin down.
    Unknown,
}

impl<'a> SemanticModel<'a> {
    /// The bases of a class whose `class` statement runs in `scope`. A subscripted base
    /// (`Generic[T]`, `Protocol[T_co]`) counts as its unsubscripted class.
    pub fn class_bases(&self, class: &'a StmtClassDef, scope: ScopeId) -> Vec<Base<'a>> {
        class
            .bases
            .iter()
            .map(|base| self.resolve_class_expr(base, scope))
            .collect()
    }

    fn resolve_class_expr(&self, expr: &'a Expr, scope: ScopeId) -> Base<'a> {
        let expr = match expr {
            Expr::Subscript(sub) => &*sub.value,
            other => other,
        };
        if let Some(name) = self.qualified_name(expr, scope) {
            return Base::Qualified(name);
        }
        if let Expr::Name(name) = expr {
            if let Some(binding) = self.unique_binding(name.id.as_str(), expr.start(), scope) {
                if let Some((def, _)) = binding.class() {
                    return Base::Local(def, binding.scope);
                }
            }
        }
        Base::Unknown
    }

    /// Whether the class derives, directly or through classes of this module, from one of
    /// `qualified` (dotted names such as `typing.Protocol`).
    pub fn class_inherits_from(
        &self,
        class: &'a StmtClassDef,
        scope: ScopeId,
        qualified: &[&str],
    ) -> bool {
        self.inherits_at_depth(class, scope, qualified, 0)
    }

    fn inherits_at_depth(
        &self,
        class: &'a StmtClassDef,
        scope: ScopeId,
        qualified: &[&str],
        depth: u8,
    ) -> bool {
        if depth > MAX_CLASS_DEPTH {
            return false;
        }
        self.class_bases(class, scope)
            .into_iter()
            .any(|base| match base {
                Base::Qualified(name) => name.is_any(qualified),
                Base::Local(def, def_scope) => {
                    self.inherits_at_depth(def, def_scope, qualified, depth + 1)
                }
                Base::Unknown => false,
            })
    }

    /// Whether the class is itself a protocol: `typing.Protocol` (or the `typing_extensions`
    /// one, possibly subscripted) is among its direct bases. A class that only inherits from
    /// a protocol is an ordinary class that implements it (`typing` decides the same way).
    pub fn class_is_protocol(&self, class: &'a StmtClassDef, scope: ScopeId) -> bool {
        self.class_bases(class, scope)
            .iter()
            .any(|base| matches!(base, Base::Qualified(name) if name.is_any(PROTOCOL)))
    }

    /// Whether some base of the class (directly or through classes of this module) is not a
    /// class the model can see into: imported, unknown, or builtin other than `object`. Such
    /// a base could supply methods the class itself lacks.
    pub fn class_has_opaque_base(&self, class: &'a StmtClassDef, scope: ScopeId) -> bool {
        self.opaque_at_depth(class, scope, 0)
    }

    fn opaque_at_depth(&self, class: &'a StmtClassDef, scope: ScopeId, depth: u8) -> bool {
        if depth > MAX_CLASS_DEPTH {
            return true;
        }
        self.class_bases(class, scope)
            .into_iter()
            .any(|base| match base {
                Base::Qualified(name) => !name.is("builtins.object"),
                Base::Local(def, def_scope) => self.opaque_at_depth(def, def_scope, depth + 1),
                Base::Unknown => true,
            })
    }

    /// The first decorator (evaluated in `scope`) whose qualified name, with any call
    /// stripped (`@lru_cache(maxsize=None)` counts as `lru_cache`), is one of `qualified`.
    pub fn find_decorator(
        &self,
        decorators: &'a [Expr],
        scope: ScopeId,
        qualified: &[&str],
    ) -> Option<&'a Expr> {
        decorators.iter().find(|decorator| {
            let target = match decorator {
                Expr::Call(call) => &*call.func,
                other => other,
            };
            self.qualified_name(target, scope)
                .is_some_and(|name| name.is_any(qualified))
        })
    }
}
