//! Scopes: the module, each class body, function, lambda and comprehension.

use rustc_hash::FxHashMap;
use rustpython_parser::ast::{Expr, ExprLambda, Ranged, StmtClassDef, StmtReturn};
use rustpython_parser::text_size::TextRange;

use super::binding::BindingId;
use super::reference::ReferenceId;
use super::CallSite;
use crate::ast_ext::FunctionRef;

/// Index of a scope in the model. The module is always 0; the rest are numbered in walk order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ScopeId(u32);

impl ScopeId {
    pub const MODULE: ScopeId = ScopeId(0);

    pub(crate) fn new(index: u32) -> Self {
        ScopeId(index)
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What introduced a scope.
#[derive(Debug, Clone, Copy)]
pub enum ScopeKind<'a> {
    Module,
    Class(&'a StmtClassDef),
    Function(FunctionRef<'a>),
    Lambda(&'a ExprLambda),
    /// A list/set/dict comprehension or generator expression.
    Comprehension(&'a Expr),
}

impl ScopeKind<'_> {
    /// Functions, lambdas and the module have code objects of their own; class bodies and
    /// comprehensions run inline, each time their enclosing frame reaches them.
    pub fn is_frame(&self) -> bool {
        matches!(
            self,
            ScopeKind::Module | ScopeKind::Function(_) | ScopeKind::Lambda(_)
        )
    }

    /// The address of the node that introduced the scope, which identifies it.
    pub(super) fn node_address(&self) -> Option<usize> {
        match self {
            ScopeKind::Module => None,
            ScopeKind::Class(class) => Some(*class as *const StmtClassDef as usize),
            ScopeKind::Function(function) => Some(function.address()),
            ScopeKind::Lambda(lambda) => Some(*lambda as *const ExprLambda as usize),
            ScopeKind::Comprehension(expr) => Some(*expr as *const Expr as usize),
        }
    }

    pub fn is_class(&self) -> bool {
        matches!(self, ScopeKind::Class(_))
    }

    pub fn range(&self) -> Option<TextRange> {
        match self {
            ScopeKind::Module => None,
            ScopeKind::Class(class) => Some(class.range),
            ScopeKind::Function(function) => Some(function.range()),
            ScopeKind::Lambda(lambda) => Some(lambda.range),
            ScopeKind::Comprehension(expr) => Some(expr.range()),
        }
    }
}

/// One scope and everything the model knows about it.
#[derive(Debug)]
pub struct Scope<'a> {
    pub kind: ScopeKind<'a>,
    pub parent: Option<ScopeId>,
    /// Bindings per name, sorted by the position where each takes effect.
    pub(super) bindings: FxHashMap<&'a str, Vec<BindingId>>,
    /// Loads of names this scope owns (wherever they occur), in walk order.
    pub(super) references: FxHashMap<&'a str, Vec<ReferenceId>>,
    /// Names declared `global` here: their bindings live in the module scope.
    pub(super) globals: Vec<&'a str>,
    /// Names declared `nonlocal` here: their bindings live in an enclosing function.
    pub(super) nonlocals: Vec<&'a str>,
    /// `from x import *` ran in this scope, so any name may be bound without the model seeing it.
    pub star_import: bool,
    /// For frames (module, functions, lambdas): what runs when the frame runs.
    pub frame: FrameFacts<'a>,
}

/// Facts about the code a frame executes, nested class bodies and comprehensions included,
/// nested functions and lambdas excluded (they are frames of their own).
#[derive(Debug, Default)]
pub struct FrameFacts<'a> {
    /// Every call, in source order.
    pub calls: Vec<CallSite<'a>>,
    /// Every `return` statement.
    pub returns: Vec<&'a StmtReturn>,
    /// The frame contains `yield` or `yield from` (so a function is a generator).
    pub yields: bool,
    /// The frame contains `await` (or `async for`/`async with`).
    pub awaits: bool,
}

impl<'a> Scope<'a> {
    pub(super) fn new(kind: ScopeKind<'a>, parent: Option<ScopeId>) -> Self {
        Scope {
            kind,
            parent,
            bindings: FxHashMap::default(),
            references: FxHashMap::default(),
            globals: Vec::new(),
            nonlocals: Vec::new(),
            star_import: false,
            frame: FrameFacts::default(),
        }
    }

    /// Bindings of `name` in this scope, sorted by where they take effect.
    pub fn bindings_of(&self, name: &str) -> &[BindingId] {
        self.bindings.get(name).map_or(&[], Vec::as_slice)
    }

    pub fn binds(&self, name: &str) -> bool {
        self.bindings.contains_key(name)
    }

    /// Every name bound in this scope with its bindings (unordered).
    pub fn names(&self) -> impl Iterator<Item = (&'a str, &[BindingId])> + '_ {
        self.bindings
            .iter()
            .map(|(name, ids)| (*name, ids.as_slice()))
    }

    /// Loads of `name` that resolve to this scope.
    pub fn references_to(&self, name: &str) -> &[ReferenceId] {
        self.references.get(name).map_or(&[], Vec::as_slice)
    }

    pub fn declares_global(&self, name: &str) -> bool {
        self.globals.contains(&name)
    }

    pub fn declares_nonlocal(&self, name: &str) -> bool {
        self.nonlocals.contains(&name)
    }
}
