//! The semantic model: what each name in a module is. Rules ask it instead of matching
//! spelling, which is where precision comes from:
//!
//! - scopes ([`Scope`]) with their bindings ([`Binding`]) and what each was bound to;
//! - references ([`Reference`]): every load of a name, resolved by Python's scoping rules,
//!   with how the value is used there ([`Usage`]);
//! - flow: which bindings can reach a point ([`SemanticModel::reaching_bindings`]), using
//!   block dominance and loop back edges;
//! - qualified names through imports and aliases ([`SemanticModel::qualified_name`]);
//! - value kinds ([`ValueKind`]): list, str, number... as far as the source shows, and
//!   whether a value is text by the looser hints of [`SemanticModel::holds_text`];
//! - guards: version tests (`sys.version_info`) and `except ImportError` fallbacks
//!   ([`SemanticModel::is_version_check`], [`SemanticModel::handles_import_error`]);
//! - frames' facts: calls, returns, yields, and calls followed through the module's own
//!   functions ([`SemanticModel::find_call_path`]);
//! - threads: functions the module runs in a worker thread, and coroutines that run on a
//!   worker thread's own event loop ([`SemanticModel::coroutine_runs_in_worker_loop`]);
//! - pydantic models and dataclasses ([`SemanticModel::is_pydantic_model`]).

mod binding;
mod branches;
mod builder;
mod builtins;
mod calls;
mod classes;
mod dataclasses;
mod guards;
mod namespace;
mod protocols;
mod pydantic;
mod qualified;
mod reference;
mod scope;
mod text;
mod threads;
mod typing;
mod values;

pub use binding::{Binding, BindingId, BindingKind, ImportPath};
pub use builtins::is_builtin;
pub use calls::CallSite;
pub use classes::Base;
pub use dataclasses::{DataclassField, DataclassLibrary, DataclassSpec, FieldKind};
pub use pydantic::PYDANTIC_MODEL_BASES;
pub use qualified::QualifiedName;
pub use reference::{is_mutating_method, Access, Reference, ReferenceId, Usage};
pub use scope::{FrameFacts, Scope, ScopeId, ScopeKind};
pub use typing::{TypeVarDecl, TypeVarKind, Variance};
pub use values::{ListOrigin, ValueKind};

use rustpython_parser::ast::{Expr, Stmt};
use rustpython_parser::text_size::{TextRange, TextSize};

use crate::visit;

/// The part of a `for`/`while` statement that repeats, in the scope that runs it.
#[derive(Debug, Clone, Copy)]
struct LoopSpan {
    scope: ScopeId,
    range: TextRange,
}

/// Everything the model knows about one module. Borrows the AST it was built from.
#[derive(Debug)]
pub struct SemanticModel<'a> {
    scopes: Vec<Scope<'a>>,
    bindings: Vec<Binding<'a>>,
    references: Vec<Reference<'a>>,
    loops: Vec<LoopSpan>,
    if_else: Vec<branches::IfElseSpan>,
    /// Scope of each def, class, lambda and comprehension, by node address.
    scope_by_node: rustc_hash::FxHashMap<usize, ScopeId>,
    /// Where the walk met an expression nested too deeply to analyse.
    too_deep: Option<TextRange>,
    /// Top-level packages named by absolute imports anywhere in the module.
    imported_packages: rustc_hash::FxHashSet<&'a str>,
    /// The module defines at least one `async def`.
    has_async_functions: bool,
}

/// What a name refers to at one point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Bound in `owner`; `ids` are the bindings that can reach the point.
    Bound { owner: ScopeId, ids: Vec<BindingId> },
    /// A builtin the module never rebinds.
    Builtin,
    /// Bound nowhere the model can see (a star import, `globals()` writes, or a typo).
    Unbound,
}

impl<'a> SemanticModel<'a> {
    /// Builds the model of a module in one walk.
    pub fn build(body: &'a [Stmt]) -> Self {
        let mut builder = builder::ModelBuilder::default();
        let outcome = visit::walk_module(body, &mut builder);
        let mut model = builder.finish();
        model.too_deep = outcome.too_deep;
        model
    }

    /// The first expression nested deeper than the walk goes
    /// ([`visit::MAX_EXPRESSION_DEPTH`]); the module is then not analysed.
    pub fn too_deep(&self) -> Option<TextRange> {
        self.too_deep
    }

    pub fn scope(&self, id: ScopeId) -> &Scope<'a> {
        &self.scopes[id.index()]
    }

    /// Every scope, the module first, then in walk order.
    pub fn scope_ids(&self) -> impl Iterator<Item = ScopeId> {
        (0..self.scopes.len() as u32).map(ScopeId::new)
    }

    pub fn module_scope(&self) -> &Scope<'a> {
        &self.scopes[0]
    }

    pub fn binding(&self, id: BindingId) -> &Binding<'a> {
        &self.bindings[id.index()]
    }

    pub fn reference(&self, id: ReferenceId) -> &Reference<'a> {
        &self.references[id.index()]
    }

    /// All references, in walk order.
    pub fn references(&self) -> &[Reference<'a>] {
        &self.references
    }

    /// The function, lambda or module whose code runs `scope` (class bodies and
    /// comprehensions run inline in their enclosing frame).
    pub fn frame_of(&self, scope: ScopeId) -> ScopeId {
        let mut current = scope;
        loop {
            let s = self.scope(current);
            if s.kind.is_frame() {
                return current;
            }
            match s.parent {
                Some(parent) => current = parent,
                None => return current,
            }
        }
    }

    /// The scope a comprehension or generator expression introduced.
    pub fn comprehension_scope(&self, expr: &Expr) -> Option<ScopeId> {
        self.scope_by_node
            .get(&(expr as *const Expr as usize))
            .copied()
    }

    /// The scope of a function's body.
    pub fn function_scope(&self, function: crate::ast_ext::FunctionRef<'_>) -> Option<ScopeId> {
        self.scope_by_node.get(&function.address()).copied()
    }

    /// The scope of a class body.
    pub fn class_scope(&self, class: &rustpython_parser::ast::StmtClassDef) -> Option<ScopeId> {
        let address = class as *const rustpython_parser::ast::StmtClassDef as usize;
        self.scope_by_node.get(&address).copied()
    }

    /// The scope of a lambda's body.
    pub fn lambda_scope(&self, lambda: &rustpython_parser::ast::ExprLambda) -> Option<ScopeId> {
        let address = lambda as *const rustpython_parser::ast::ExprLambda as usize;
        self.scope_by_node.get(&address).copied()
    }

    /// The scope an iterable of a `for` clause is evaluated in. A comprehension's targets
    /// live in its own scope, but its first iterable runs in the enclosing one.
    pub fn iterable_scope(&self, target_scope: ScopeId, iter: &Expr) -> ScopeId {
        let scope = self.scope(target_scope);
        let ScopeKind::Comprehension(comprehension) = scope.kind else {
            return target_scope;
        };
        let first_iter = match comprehension {
            Expr::ListComp(c) => c.generators.first(),
            Expr::SetComp(c) => c.generators.first(),
            Expr::DictComp(c) => c.generators.first(),
            Expr::GeneratorExp(c) => c.generators.first(),
            _ => None,
        }
        .map(|generator| &generator.iter);
        match (first_iter, scope.parent) {
            (Some(first), Some(parent)) if std::ptr::eq(first, iter) => parent,
            _ => target_scope,
        }
    }

    /// Whether an absolute import anywhere in the module (`import ctypes.util`,
    /// `from ctypes import CDLL`, also inside functions) names the top-level package
    /// `package`. A cheap first test for rules about one library: without such an import no
    /// qualified name can start with it.
    pub fn imports_package(&self, package: &str) -> bool {
        self.imported_packages.contains(package)
    }

    /// Whether the module defines any `async def`: a cheap first test for rules about
    /// coroutines of the module's own.
    pub fn has_async_functions(&self) -> bool {
        self.has_async_functions
    }

    /// Whether the module imports any of `packages`: the cheap first test of rules about
    /// one library's API, which cannot apply to a module that never imports it.
    pub fn imports_any_package(&self, packages: &[&str]) -> bool {
        packages.iter().any(|package| self.imports_package(package))
    }

    /// The scope that owns `name` when it is loaded in `from`, by Python's rules: the local
    /// scope, then enclosing functions (class bodies are skipped from nested scopes), then
    /// the module. `None` for builtins and names bound nowhere.
    pub fn lookup(&self, name: &str, from: ScopeId) -> Option<ScopeId> {
        let mut current = from;
        let mut first = true;
        loop {
            let scope = self.scope(current);
            if scope.declares_global(name) {
                return self.module_scope().binds(name).then_some(ScopeId::MODULE);
            }
            if (first || !scope.kind.is_class()) && scope.binds(name) {
                return Some(current);
            }
            first = false;
            current = scope.parent?;
        }
    }

    /// The bindings of `name` (owned by `owner`) that can be the value at `at`, seen from
    /// scope `from`.
    ///
    /// Within one frame this follows the code: the last binding before `at` whose block
    /// holds `at` dominates it, so only it and later bindings in branches count, plus
    /// bindings later in a loop that encloses `at` when they come round again. From another
    /// frame (a function reading a module global) the frame may run at any time, so every
    /// binding counts. An empty result means the name is unbound at `at`.
    pub fn reaching_bindings(
        &self,
        owner: ScopeId,
        name: &str,
        at: TextSize,
        from: ScopeId,
    ) -> Vec<BindingId> {
        let ids = self.scope(owner).bindings_of(name);
        if self.frame_of(from) != self.frame_of(owner) {
            return ids.to_vec();
        }
        let before_end = ids.partition_point(|id| self.binding(*id).position <= at);
        let before = &ids[..before_end];
        let dominator = before
            .iter()
            .rposition(|id| self.binding(*id).block.contains_inclusive(at));
        let mut reaching = match dominator {
            Some(index) => before[index..].to_vec(),
            None => before.to_vec(),
        };
        let dominator_position = dominator.map(|index| self.binding(before[index]).position);
        // A loop encloses `at` only if it started before it: asking at a loop's own start
        // means "before the loop runs", where its back edge does not reach yet.
        let enclosing_loops = self.loops.iter().filter(|l| {
            l.scope == owner
                && l.range.start() < at
                && l.range.contains(at)
                && dominator_position.is_none_or(|p| p < l.range.start())
        });
        for span in enclosing_loops {
            for id in &ids[before_end..] {
                // A binding by the last statement of the body sits exactly at the loop's end.
                let inside = span.range.contains_inclusive(self.binding(*id).position);
                if inside && !reaching.contains(id) {
                    reaching.push(*id);
                }
            }
        }
        self.without_overwritten(owner, at, reaching, before)
    }

    /// The bindings that gave `name` its value at `at`, looking back through bindings that
    /// only update the previous value: `through` says which ones do (for a string
    /// accumulator, `s += x` and `s = s + x`). An update's own origins are the bindings that
    /// reach the start of its statement.
    pub fn origin_bindings(
        &self,
        owner: ScopeId,
        name: &str,
        at: TextSize,
        from: ScopeId,
        through: &dyn Fn(&Binding<'a>) -> bool,
    ) -> Vec<BindingId> {
        let mut origins = Vec::new();
        let mut pending = vec![at];
        let mut followed = Vec::new();
        while let Some(position) = pending.pop() {
            for id in self.reaching_bindings(owner, name, position, from) {
                let binding = self.binding(id);
                if through(binding) {
                    if !followed.contains(&id) {
                        followed.push(id);
                        pending.push(binding.range.start());
                    }
                } else if !origins.contains(&id) {
                    origins.push(id);
                }
            }
        }
        origins
    }

    /// What `name`, loaded at `at` in scope `from`, refers to.
    pub fn resolve(&self, name: &str, at: TextSize, from: ScopeId) -> Resolution {
        match self.lookup(name, from) {
            Some(owner) => Resolution::Bound {
                owner,
                ids: self.reaching_bindings(owner, name, at, from),
            },
            None if is_builtin(name) => Resolution::Builtin,
            None => Resolution::Unbound,
        }
    }

    /// The single binding `name` has at `at`, if exactly one can reach it.
    pub fn unique_binding(&self, name: &str, at: TextSize, from: ScopeId) -> Option<&Binding<'a>> {
        match self.resolve(name, at, from) {
            Resolution::Bound { ids, .. } if ids.len() == 1 => Some(self.binding(ids[0])),
            _ => None,
        }
    }

    /// Bindings of `name` in `owner` that take effect inside `range`.
    pub fn bindings_within(
        &self,
        owner: ScopeId,
        name: &str,
        range: TextRange,
    ) -> impl Iterator<Item = &Binding<'a>> + '_ {
        self.scope(owner)
            .bindings_of(name)
            .iter()
            .map(|id| self.binding(*id))
            .filter(move |b| range.contains_inclusive(b.position))
    }

    /// Loads of `name` (owned by `owner`) that happen inside `range`.
    pub fn references_within(
        &self,
        owner: ScopeId,
        name: &str,
        range: TextRange,
    ) -> impl Iterator<Item = &Reference<'a>> + '_ {
        self.scope(owner)
            .references_to(name)
            .iter()
            .map(|id| self.reference(*id))
            .filter(move |r| range.contains_range(r.range))
    }

    /// Loads of `name` owned by `owner`, anywhere.
    pub fn references_to(
        &self,
        owner: ScopeId,
        name: &str,
    ) -> impl Iterator<Item = &Reference<'a>> + '_ {
        self.scope(owner)
            .references_to(name)
            .iter()
            .map(|id| self.reference(*id))
    }
}

#[cfg(test)]
mod tests;
