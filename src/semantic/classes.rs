//! Classes: what a class derives from (through imports and the module's own classes), and
//! what decorates a definition.

use rustpython_parser::ast::{Expr, Ranged, StmtClassDef};

use super::binding::{Binding, BindingKind};
use super::qualified::QualifiedName;
use super::scope::{ScopeId, ScopeKind};
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

    /// Whether the body of the class binds `name` (a method, an attribute, an import), or
    /// the body of a class of this module it derives from does. Imported and unknown bases
    /// are not looked into: ask [`SemanticModel::class_has_opaque_base`] about those.
    pub fn class_binds(&self, class: &'a StmtClassDef, scope: ScopeId, name: &str) -> bool {
        self.binds_at_depth(class, scope, name, 0)
    }

    fn binds_at_depth(
        &self,
        class: &'a StmtClassDef,
        scope: ScopeId,
        name: &str,
        depth: u8,
    ) -> bool {
        if depth > MAX_CLASS_DEPTH {
            return false;
        }
        if self
            .class_scope(class)
            .is_some_and(|body| self.scope(body).binds(name))
        {
            return true;
        }
        self.class_bases(class, scope)
            .into_iter()
            .any(|base| match base {
                Base::Local(def, def_scope) => self.binds_at_depth(def, def_scope, name, depth + 1),
                Base::Qualified(_) | Base::Unknown => false,
            })
    }

    /// Whether `class` is `ancestor` or derives from it through classes of this module (so
    /// its instances are instances of `ancestor`). Bases the model cannot see into do not
    /// count: ask [`SemanticModel::class_has_opaque_base`] when that matters.
    pub fn class_derives_from_class(
        &self,
        class: &'a StmtClassDef,
        scope: ScopeId,
        ancestor: &StmtClassDef,
    ) -> bool {
        self.derives_at_depth(class, scope, ancestor, 0)
    }

    fn derives_at_depth(
        &self,
        class: &'a StmtClassDef,
        scope: ScopeId,
        ancestor: &StmtClassDef,
        depth: u8,
    ) -> bool {
        if std::ptr::eq(class, ancestor) {
            return true;
        }
        if depth > MAX_CLASS_DEPTH {
            return false;
        }
        self.class_bases(class, scope)
            .into_iter()
            .any(|base| match base {
                Base::Local(def, def_scope) => {
                    self.derives_at_depth(def, def_scope, ancestor, depth + 1)
                }
                Base::Qualified(_) | Base::Unknown => false,
            })
    }

    /// The classes of this module that name `class` among their direct bases, each with the
    /// scope its `class` statement runs in.
    pub fn direct_subclasses(&self, class: &'a StmtClassDef) -> Vec<(&'a StmtClassDef, ScopeId)> {
        self.bindings
            .iter()
            .filter_map(|binding| binding.class().map(|(def, _)| (def, binding.scope)))
            .filter(|(def, scope)| {
                self.class_bases(def, *scope)
                    .iter()
                    .any(|base| matches!(base, Base::Local(base, _) if std::ptr::eq(*base, class)))
            })
            .collect()
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

impl<'a> SemanticModel<'a> {
    /// The class of this module that `expr` names: a bare name whose only reaching binding
    /// is a `class` statement. Gives the class and the scope its name is bound in.
    pub fn local_class(
        &self,
        expr: &'a Expr,
        scope: ScopeId,
    ) -> Option<(&'a StmtClassDef, ScopeId)> {
        let Expr::Name(name) = expr else {
            return None;
        };
        let binding = self.unique_binding(name.id.as_str(), expr.start(), scope)?;
        let (class, _) = binding.class()?;
        Some((class, binding.scope))
    }

    /// The class of this module that `expr` is an instance of, as far as the source shows:
    /// a call of a local class (`User(...)`), or a name whose only reaching binding was
    /// assigned one (`user = User(...)`).
    pub fn instance_class(
        &self,
        expr: &'a Expr,
        scope: ScopeId,
    ) -> Option<(&'a StmtClassDef, ScopeId)> {
        match expr {
            Expr::Call(call) => self.local_class(&call.func, scope),
            Expr::Name(name) => {
                let binding = self.unique_binding(name.id.as_str(), expr.start(), scope)?;
                if !matches!(
                    binding.kind,
                    BindingKind::Assignment
                        | BindingKind::AnnotatedAssignment
                        | BindingKind::NamedExpr
                ) {
                    return None;
                }
                match binding.value? {
                    Expr::Call(call) => self.local_class(&call.func, binding.scope),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// For the first parameter of a method (`self`, `cls`), loaded in the method or in a
    /// function nested in it: the class whose body defines the method, with the scope its
    /// name is bound in. `None` when the parameter is rebound anywhere, or the method is a
    /// `staticmethod` (its first parameter is an ordinary argument).
    pub fn receiver_class(
        &self,
        expr: &'a Expr,
        scope: ScopeId,
    ) -> Option<(&'a StmtClassDef, ScopeId)> {
        let Expr::Name(name) = expr else {
            return None;
        };
        let name = name.id.as_str();
        let owner = self.lookup(name, scope)?;
        let method_scope = self.scope(owner);
        let ScopeKind::Function(method) = method_scope.kind else {
            return None;
        };
        if method.first_parameter() != Some(name) || method_scope.bindings_of(name).len() != 1 {
            return None;
        }
        let class_scope = method_scope.parent?;
        let ScopeKind::Class(class) = self.scope(class_scope).kind else {
            return None;
        };
        if self
            .find_decorator(method.decorators(), class_scope, &["builtins.staticmethod"])
            .is_some()
        {
            return None;
        }
        Some((class, self.scope(class_scope).parent?))
    }

    /// The binding that gives instances of a local class the attribute `name`: the class
    /// body's only binding of it, else the first local base (left to right, depth first)
    /// that has one. `None` when the name is bound several times, or a base the model cannot
    /// see into comes first (it might define the name).
    pub fn class_member(
        &self,
        class: &'a StmtClassDef,
        scope: ScopeId,
        name: &str,
    ) -> Option<&Binding<'a>> {
        self.member_at_depth(class, scope, name, 0)
    }

    fn member_at_depth(
        &self,
        class: &'a StmtClassDef,
        scope: ScopeId,
        name: &str,
        depth: u8,
    ) -> Option<&Binding<'a>> {
        if depth > MAX_CLASS_DEPTH {
            return None;
        }
        let body = self.class_scope(class)?;
        match self.scope(body).bindings_of(name) {
            [] => {}
            [id] => return Some(self.binding(*id)),
            _ => return None,
        }
        for base in self.class_bases(class, scope) {
            match base {
                Base::Qualified(base) if base.is("builtins.object") => {}
                Base::Local(def, def_scope) => {
                    if let Some(found) = self.member_at_depth(def, def_scope, name, depth + 1) {
                        return Some(found);
                    }
                    if self.class_has_opaque_base(def, def_scope) {
                        return None;
                    }
                }
                Base::Qualified(_) | Base::Unknown => return None,
            }
        }
        None
    }
}
