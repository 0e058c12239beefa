//! Typing constructs the model recognises: names from `typing` (or its backport
//! `typing_extensions`), and type variables declared the pre-3.12 way, as
//! `T = TypeVar("T", ...)`, `P = ParamSpec("P")` or `Ts = TypeVarTuple("Ts")`.

use rustpython_parser::ast::{Constant, Expr, ExprCall, Ranged};

use super::binding::{Binding, BindingKind};
use super::scope::ScopeId;
use super::SemanticModel;
use crate::ast_ext;

/// The modules that export the `typing` names (the backport re-exports them for older
/// Pythons).
const TYPING_MODULES: &[&str] = &["typing", "typing_extensions"];

/// Which kind of type variable a declaration makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeVarKind {
    /// `TypeVar("T")`
    TypeVar,
    /// `ParamSpec("P")`
    ParamSpec,
    /// `TypeVarTuple("Ts")`
    TypeVarTuple,
}

impl TypeVarKind {
    /// The name of the class that declares it (`TypeVar`).
    pub fn class_name(self) -> &'static str {
        match self {
            TypeVarKind::TypeVar => "TypeVar",
            TypeVarKind::ParamSpec => "ParamSpec",
            TypeVarKind::TypeVarTuple => "TypeVarTuple",
        }
    }
}

/// The variance a type variable was declared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variance {
    Invariant,
    /// `covariant=True`
    Covariant,
    /// `contravariant=True`
    Contravariant,
    /// `infer_variance=True` (PEP 695 semantics), or a variance keyword whose value the
    /// source does not spell as a literal.
    Unknown,
}

/// A type variable declared by a call, as the source spells it.
#[derive(Debug, Clone, Copy)]
pub struct TypeVarDecl<'a> {
    pub kind: TypeVarKind,
    pub call: &'a ExprCall,
    /// The name given as the first argument, when it is a string literal.
    pub name: Option<&'a str>,
    pub variance: Variance,
    /// Declares a default (`default=...`, PEP 696), which type parameter syntax only
    /// accepts from Python 3.13.
    pub has_default: bool,
}

impl<'a> SemanticModel<'a> {
    /// The member of `typing` or `typing_extensions` that `expr` (evaluated in `scope`)
    /// names, through imports and aliases: `Generic` for `typing.Generic`, `t.Generic` after
    /// `import typing as t`, or `Generic` imported from `typing_extensions`.
    pub fn typing_member(&self, expr: &'a Expr, scope: ScopeId) -> Option<&'a str> {
        let name = self.qualified_name(expr, scope)?;
        match name.segments() {
            [module, member] if TYPING_MODULES.contains(module) => Some(member),
            _ => None,
        }
    }

    /// The first argument of a call: positional, or given by `keyword`.
    fn first_argument(call: &'a ExprCall, keyword: &str) -> Option<&'a Expr> {
        call.args.first().or_else(|| {
            call.keywords
                .iter()
                .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == keyword))
                .map(|k| &k.value)
        })
    }

    /// The type variable a call of `TypeVar`, `ParamSpec` or `TypeVarTuple` (from `typing`
    /// or `typing_extensions`, evaluated in `scope`) declares.
    pub fn type_var_call(&self, call: &'a ExprCall, scope: ScopeId) -> Option<TypeVarDecl<'a>> {
        let kind = match self.typing_member(&call.func, scope)? {
            "TypeVar" => TypeVarKind::TypeVar,
            "ParamSpec" => TypeVarKind::ParamSpec,
            "TypeVarTuple" => TypeVarKind::TypeVarTuple,
            _ => return None,
        };
        let name = Self::first_argument(call, "name").and_then(ast_ext::string_literal);
        let mut variance = Variance::Invariant;
        let mut has_default = false;
        for keyword in &call.keywords {
            let Some(arg) = &keyword.arg else {
                // `**options`: anything may be in there.
                variance = Variance::Unknown;
                has_default = true;
                continue;
            };
            let flag = match &keyword.value {
                Expr::Constant(c) => match c.value {
                    Constant::Bool(value) => Some(value),
                    _ => None,
                },
                _ => None,
            };
            match (arg.as_str(), flag) {
                ("covariant" | "contravariant" | "infer_variance", Some(false)) => {}
                ("covariant", Some(true)) if variance == Variance::Invariant => {
                    variance = Variance::Covariant
                }
                ("contravariant", Some(true)) if variance == Variance::Invariant => {
                    variance = Variance::Contravariant
                }
                ("covariant" | "contravariant" | "infer_variance", _) => {
                    variance = Variance::Unknown
                }
                ("default", _) => has_default = true,
                _ => {}
            }
        }
        Some(TypeVarDecl {
            kind,
            call,
            name,
            variance,
            has_default,
        })
    }

    /// The declaration behind a binding `T = TypeVar(...)` (also annotated), if it is one.
    pub fn type_var_binding(&self, binding: &Binding<'a>) -> Option<TypeVarDecl<'a>> {
        if !matches!(
            binding.kind,
            BindingKind::Assignment | BindingKind::AnnotatedAssignment
        ) {
            return None;
        }
        let Some(Expr::Call(call)) = binding.value else {
            return None;
        };
        self.type_var_call(call, binding.scope)
    }

    /// The type variable a bare name (evaluated in `scope`) refers to: its only reaching
    /// binding assigns a `TypeVar`, `ParamSpec` or `TypeVarTuple` call. Gives the binding
    /// and the declaration.
    pub fn type_var_of(
        &self,
        expr: &'a Expr,
        scope: ScopeId,
    ) -> Option<(&Binding<'a>, TypeVarDecl<'a>)> {
        let Expr::Name(name) = expr else {
            return None;
        };
        let binding = self.unique_binding(name.id.as_str(), expr.start(), scope)?;
        let decl = self.type_var_binding(binding)?;
        Some((binding, decl))
    }
}
