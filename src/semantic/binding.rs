//! Bindings: each place a name gets a value, with what kind of statement bound it and, when
//! there is one, the expression it was bound to.

use rustpython_parser::ast::{Expr, StmtClassDef};
use rustpython_parser::text_size::{TextRange, TextSize};

use super::scope::ScopeId;
use crate::ast_ext::FunctionRef;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BindingId(u32);

impl BindingId {
    pub(super) fn new(index: usize) -> Self {
        BindingId(u32::try_from(index).expect("fewer than 4 billion bindings"))
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Where an import points: `import a.b as c` is module `a.b`; `from ..x import y` is level 2,
/// module `x`, member `y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportPath<'a> {
    /// Number of leading dots of a relative import (0 for absolute).
    pub level: u32,
    pub module: Option<&'a str>,
    pub member: Option<&'a str>,
}

impl<'a> ImportPath<'a> {
    /// Dotted segments, e.g. `["concurrent", "futures", "ProcessPoolExecutor"]`.
    /// Relative imports have no absolute path and give `None`.
    pub fn segments(&self) -> Option<impl Iterator<Item = &'a str> + 'a> {
        if self.level > 0 {
            return None;
        }
        let module = self.module.into_iter().flat_map(|m| m.split('.'));
        Some(module.chain(self.member))
    }
}

/// How a binding was made.
#[derive(Debug, Clone, Copy)]
pub enum BindingKind<'a> {
    /// `import a.b as c`, `import a` (binds `a`), `from m import n as o`.
    Import(ImportPath<'a>),
    /// `x = value`, also each name of `a = b = value` and matched unpacking.
    Assignment,
    /// `x: T = value`.
    AnnotatedAssignment,
    /// `x: T` with no value: makes the name local without giving it a value.
    Declaration,
    /// `x += value` and friends.
    AugmentedAssignment,
    /// `(x := value)`.
    NamedExpr,
    /// A name in the target of `for target in iter`; `whole` when the target is the bare name.
    ForTarget {
        iter: &'a Expr,
        whole: bool,
    },
    /// A name in `with context as target`; `whole` when the target is the bare name.
    WithTarget {
        context: &'a Expr,
        whole: bool,
    },
    /// A name in a comprehension's `for target in iter`.
    ComprehensionTarget {
        iter: &'a Expr,
        whole: bool,
    },
    Parameter,
    /// `def name`: `scope` is the function's own scope.
    Function {
        def: FunctionRef<'a>,
        scope: ScopeId,
    },
    /// `class name`: `scope` is the class body's scope.
    Class {
        def: &'a StmtClassDef,
        scope: ScopeId,
    },
    /// `except E as name`.
    ExceptHandler,
    /// A capture in a `case` pattern.
    MatchCapture,
    /// `del name`: afterwards the name is unbound.
    Deletion,
    /// A PEP 695 type parameter.
    TypeParam,
    /// `type X = ...`.
    TypeAlias,
}

/// One binding of a name.
#[derive(Debug, Clone)]
pub struct Binding<'a> {
    pub name: &'a str,
    pub scope: ScopeId,
    pub kind: BindingKind<'a>,
    /// What to point at: the target, alias or definition statement.
    pub range: TextRange,
    /// Where the binding takes effect (after the value is evaluated): flow queries compare
    /// this against the position of a use.
    pub position: TextSize,
    /// The innermost statement list that holds the binding. A binding whose block contains a
    /// later position dominates it (ignoring exceptions and early exits).
    pub block: TextRange,
    /// The expression the name was bound to, for assignments and walrus.
    pub value: Option<&'a Expr>,
}

impl<'a> Binding<'a> {
    pub fn is_import(&self) -> bool {
        matches!(self.kind, BindingKind::Import(_))
    }

    /// The function this binding defines, with its scope.
    pub fn function(&self) -> Option<(FunctionRef<'a>, ScopeId)> {
        match self.kind {
            BindingKind::Function { def, scope } => Some((def, scope)),
            _ => None,
        }
    }

    /// The class this binding defines, with its body's scope.
    pub fn class(&self) -> Option<(&'a StmtClassDef, ScopeId)> {
        match self.kind {
            BindingKind::Class { def, scope } => Some((def, scope)),
            _ => None,
        }
    }
}
