//! Builds the [`SemanticModel`] in one walk: scopes as the walk enters them, a binding for
//! every place a name gets a value, a reference for every load, and per-frame facts (calls,
//! returns, yields). Name resolution waits for the end of the walk, because a function body
//! may use module names bound after the `def`.

use rustpython_parser::ast::{self, Expr, ExprContext, Pattern, Ranged, Stmt};
use rustpython_parser::text_size::{TextRange, TextSize};

use super::binding::{Binding, BindingId, BindingKind, ImportPath};
use super::reference::{access_chain, Reference, ReferenceId, Usage};
use super::scope::{Scope, ScopeId, ScopeKind};
use super::{CallSite, LoopSpan, SemanticModel};
use crate::ast_ext;
use crate::visit::{Context, Node, Visitor};

#[derive(Default)]
pub(super) struct ModelBuilder<'a> {
    scopes: Vec<Scope<'a>>,
    bindings: Vec<Binding<'a>>,
    references: Vec<Reference<'a>>,
    loops: Vec<LoopSpan>,
    if_else: Vec<super::branches::IfElseSpan>,
    imported_packages: rustc_hash::FxHashSet<&'a str>,
}

/// Where and how a binding is made, shared by every name of one target.
#[derive(Clone, Copy)]
struct Site<'a> {
    scope: ScopeId,
    kind: BindingKind<'a>,
    position: TextSize,
    block: TextRange,
}

impl<'a> ModelBuilder<'a> {
    pub(super) fn finish(mut self) -> SemanticModel<'a> {
        for scope in &mut self.scopes {
            for ids in scope.bindings.values_mut() {
                ids.sort_by_key(|id| self.bindings[id.index()].position);
            }
        }
        let scope_by_node = self
            .scopes
            .iter()
            .enumerate()
            .filter_map(|(index, scope)| {
                scope
                    .kind
                    .node_address()
                    .map(|address| (address, ScopeId::new(index as u32)))
            })
            .collect();
        let has_async_functions = self
            .scopes
            .iter()
            .any(|scope| matches!(scope.kind, ScopeKind::Function(f) if f.is_async()));
        let mut model = SemanticModel {
            has_async_functions,
            scopes: self.scopes,
            bindings: self.bindings,
            references: Vec::new(),
            loops: self.loops,
            if_else: self.if_else,
            scope_by_node,
            too_deep: None,
            imported_packages: self.imported_packages,
        };
        for (index, mut reference) in self.references.into_iter().enumerate() {
            reference.resolved = model.lookup(reference.name, reference.scope);
            if let Some(owner) = reference.resolved {
                model.scopes[owner.index()]
                    .references
                    .entry(reference.name)
                    .or_default()
                    .push(ReferenceId::new(index));
            }
            model.references.push(reference);
        }
        model
    }

    fn bind(&mut self, site: Site<'a>, name: &'a str, range: TextRange, value: Option<&'a Expr>) {
        let owner = self.owner_of_binding(site.scope, name);
        let id = BindingId::new(self.bindings.len());
        self.bindings.push(Binding {
            name,
            scope: owner,
            kind: site.kind,
            range,
            position: site.position,
            block: site.block,
            value,
        });
        self.scopes[owner.index()]
            .bindings
            .entry(name)
            .or_default()
            .push(id);
    }

    /// `global` and `nonlocal` declarations move a binding out of the scope it appears in.
    fn owner_of_binding(&self, scope: ScopeId, name: &str) -> ScopeId {
        let here = &self.scopes[scope.index()];
        if here.declares_global(name) {
            return ScopeId::MODULE;
        }
        if here.declares_nonlocal(name) {
            let mut current = here.parent;
            let mut fallback = None;
            while let Some(id) = current {
                let candidate = &self.scopes[id.index()];
                if matches!(
                    candidate.kind,
                    ScopeKind::Function(_) | ScopeKind::Lambda(_)
                ) {
                    fallback.get_or_insert(id);
                    if candidate.binds(name) {
                        return id;
                    }
                }
                current = candidate.parent;
            }
            return fallback.unwrap_or(scope);
        }
        scope
    }

    /// Binds every name in an assignment target. When the value is a tuple or list display of
    /// the same length (`a, b = [], ""`), each name gets its own element as value.
    fn bind_target(&mut self, site: Site<'a>, target: &'a Expr, value: Option<&'a Expr>) {
        match target {
            Expr::Name(name) => self.bind(site, name.id.as_str(), name.range, value),
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let values = value.and_then(|v| match v {
                    Expr::Tuple(ast::ExprTuple { elts: values, .. })
                    | Expr::List(ast::ExprList { elts: values, .. })
                        if values.len() == elts.len()
                            && !values.iter().any(|v| matches!(v, Expr::Starred(_))) =>
                    {
                        Some(values)
                    }
                    _ => None,
                });
                for (index, element) in elts.iter().enumerate() {
                    let element_value = values.map(|values| &values[index]);
                    self.bind_target(site, element, element_value);
                }
            }
            Expr::Starred(starred) => self.bind_target(site, &starred.value, None),
            // Attribute and subscript targets bind no name; their loads are references.
            _ => {}
        }
    }

    fn frame_facts(&mut self, ctx: &Context<'a>) -> &mut super::scope::FrameFacts<'a> {
        &mut self.scopes[ctx.frame().id.index()].frame
    }

    fn enter_stmt(&mut self, stmt: &'a Stmt, ctx: &Context<'a>) {
        let scope = ctx.scope();
        let block = ctx.block_range();
        let site = |kind| Site {
            scope,
            kind,
            position: stmt.end(),
            block,
        };
        match stmt {
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    self.bind_target(site(BindingKind::Assignment), target, Some(&assign.value));
                }
            }
            Stmt::AnnAssign(ann) => {
                let kind = if ann.value.is_some() {
                    BindingKind::AnnotatedAssignment
                } else {
                    BindingKind::Declaration
                };
                self.bind_target(site(kind), &ann.target, ann.value.as_deref());
            }
            Stmt::AugAssign(aug) => {
                if let Expr::Name(name) = &*aug.target {
                    self.references.push(Reference {
                        name: name.id.as_str(),
                        range: name.range,
                        scope,
                        resolved: None,
                        usage: Usage::AugmentedAssignment,
                        statement: stmt,
                        chain: &aug.target,
                    });
                    self.bind(
                        site(BindingKind::AugmentedAssignment),
                        name.id.as_str(),
                        name.range,
                        None,
                    );
                }
            }
            Stmt::For(ast::StmtFor {
                target, iter, body, ..
            })
            | Stmt::AsyncFor(ast::StmtAsyncFor {
                target, iter, body, ..
            }) => {
                if matches!(stmt, Stmt::AsyncFor(_)) {
                    self.frame_facts(ctx).awaits = true;
                }
                let whole = matches!(&**target, Expr::Name(_));
                let for_site = Site {
                    scope,
                    kind: BindingKind::ForTarget { iter, whole },
                    position: iter.end(),
                    block: ast_ext::block_range(body, stmt.end()),
                };
                self.bind_target(for_site, target, None);
                self.loops.push(LoopSpan {
                    scope,
                    range: TextRange::new(
                        stmt.start(),
                        ast_ext::block_range(body, stmt.end()).end(),
                    ),
                });
            }
            Stmt::If(if_) if !if_.orelse.is_empty() => {
                let body = ast_ext::block_range(&if_.body, stmt.end());
                let orelse = ast_ext::block_range(&if_.orelse, stmt.end());
                self.if_else.push(super::branches::IfElseSpan {
                    scope,
                    range: TextRange::new(stmt.start(), orelse.end()),
                    enclosing: block,
                    arms: [body, orelse],
                });
            }
            Stmt::While(while_) => {
                self.loops.push(LoopSpan {
                    scope,
                    range: TextRange::new(
                        stmt.start(),
                        ast_ext::block_range(&while_.body, stmt.end()).end(),
                    ),
                });
            }
            Stmt::With(ast::StmtWith { items, .. })
            | Stmt::AsyncWith(ast::StmtAsyncWith { items, .. }) => {
                if matches!(stmt, Stmt::AsyncWith(_)) {
                    self.frame_facts(ctx).awaits = true;
                }
                for item in items {
                    if let Some(vars) = &item.optional_vars {
                        let with_site = Site {
                            scope,
                            kind: BindingKind::WithTarget {
                                context: &item.context_expr,
                                whole: matches!(&**vars, Expr::Name(_)),
                            },
                            position: item.context_expr.end(),
                            block,
                        };
                        self.bind_target(with_site, vars, None);
                    }
                }
            }
            Stmt::Import(import) => {
                for alias in &import.names {
                    let dotted = alias.name.as_str();
                    let (bound, module) = match &alias.asname {
                        Some(asname) => (asname.as_str(), dotted),
                        // `import a.b.c` binds `a`, which refers to module `a`.
                        None => {
                            let first = dotted.split('.').next().unwrap_or(dotted);
                            (first, first)
                        }
                    };
                    self.imported_packages
                        .insert(module.split('.').next().unwrap_or(module));
                    let path = ImportPath {
                        level: 0,
                        module: Some(module),
                        member: None,
                    };
                    self.bind(site(BindingKind::Import(path)), bound, alias.range, None);
                }
            }
            Stmt::ImportFrom(import) => {
                let level = import.level.as_ref().map_or(0, |l| l.to_u32());
                if let (0, Some(module)) = (level, &import.module) {
                    let package = module.as_str().split('.').next().unwrap_or_default();
                    self.imported_packages.insert(package);
                }
                for alias in &import.names {
                    if alias.name.as_str() == "*" {
                        self.scopes[scope.index()].star_import = true;
                        continue;
                    }
                    let path = ImportPath {
                        level,
                        module: import.module.as_ref().map(|m| m.as_str()),
                        member: Some(alias.name.as_str()),
                    };
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name).as_str();
                    self.bind(site(BindingKind::Import(path)), bound, alias.range, None);
                }
            }
            Stmt::Global(global) => {
                let names = global.names.iter().map(|n| n.as_str());
                self.scopes[scope.index()].globals.extend(names);
            }
            Stmt::Nonlocal(nonlocal) => {
                let names = nonlocal.names.iter().map(|n| n.as_str());
                self.scopes[scope.index()].nonlocals.extend(names);
            }
            Stmt::Delete(delete) => {
                for target in &delete.targets {
                    if let Expr::Name(name) = target {
                        self.bind(
                            site(BindingKind::Deletion),
                            name.id.as_str(),
                            name.range,
                            None,
                        );
                    }
                }
            }
            Stmt::TypeAlias(alias) => {
                if let Expr::Name(name) = &*alias.name {
                    self.bind(
                        site(BindingKind::TypeAlias),
                        name.id.as_str(),
                        name.range,
                        Some(&alias.value),
                    );
                }
            }
            Stmt::Return(ret) => self.frame_facts(ctx).returns.push(ret),
            _ => {}
        }
    }

    fn enter_expr(&mut self, expr: &'a Expr, ctx: &Context<'a>) {
        match expr {
            Expr::Name(name) if name.ctx == ExprContext::Load => {
                let Some(statement) = ctx.statement() else {
                    return;
                };
                let stack = ctx.expressions();
                let parent = stack.len().checked_sub(2).map(|i| stack[i]);
                let grandparent = stack.len().checked_sub(3).map(|i| stack[i]);
                self.references.push(Reference {
                    name: name.id.as_str(),
                    range: name.range,
                    scope: ctx.scope(),
                    resolved: None,
                    usage: Usage::classify(expr, parent, grandparent),
                    statement,
                    chain: access_chain(stack),
                });
            }
            Expr::NamedExpr(named) => {
                // PEP 572: a walrus inside a comprehension binds in the enclosing function.
                let scope = ctx
                    .scopes()
                    .iter()
                    .rev()
                    .find(|s| !matches!(s.kind, ScopeKind::Comprehension(_)))
                    .map_or(ScopeId::MODULE, |s| s.id);
                let site = Site {
                    scope,
                    kind: BindingKind::NamedExpr,
                    position: named.range.end(),
                    block: ctx.block_range(),
                };
                self.bind_target(site, &named.target, Some(&named.value));
            }
            Expr::Call(call) => {
                if let Some(statement) = ctx.statement() {
                    let site = CallSite {
                        call,
                        scope: ctx.scope(),
                        statement,
                    };
                    self.frame_facts(ctx).calls.push(site);
                }
            }
            Expr::Yield(_) | Expr::YieldFrom(_) => self.frame_facts(ctx).yields = true,
            Expr::Await(_) => self.frame_facts(ctx).awaits = true,
            _ => {}
        }
    }

    fn enter_pattern(&mut self, pattern: &'a Pattern, ctx: &Context<'a>) {
        let name = match pattern {
            Pattern::MatchAs(as_) => as_.name.as_ref(),
            Pattern::MatchStar(star) => star.name.as_ref(),
            Pattern::MatchMapping(mapping) => mapping.rest.as_ref(),
            _ => None,
        };
        if let Some(name) = name {
            // A capture only holds inside its own case; giving it the pattern's range as block
            // keeps it from dominating anything, which is the safe answer.
            let site = Site {
                scope: ctx.scope(),
                kind: BindingKind::MatchCapture,
                position: pattern.end(),
                block: pattern.range(),
            };
            self.bind(site, name.as_str(), pattern.range(), None);
        }
    }

    fn bind_parameters(&mut self, scope: ScopeId, args: &'a ast::Arguments, body: TextRange) {
        for arg in ast_ext::parameters(args) {
            let site = Site {
                scope,
                kind: BindingKind::Parameter,
                position: arg.range.end(),
                block: body,
            };
            self.bind(site, arg.arg.as_str(), arg.range, None);
        }
    }

    fn bind_type_params(&mut self, scope: ScopeId, params: &'a [ast::TypeParam], block: TextRange) {
        for param in params {
            let (name, range) = match param {
                ast::TypeParam::TypeVar(p) => (&p.name, p.range),
                ast::TypeParam::ParamSpec(p) => (&p.name, p.range),
                ast::TypeParam::TypeVarTuple(p) => (&p.name, p.range),
            };
            let site = Site {
                scope,
                kind: BindingKind::TypeParam,
                position: block.start(),
                block,
            };
            self.bind(site, name.as_str(), range, None);
        }
    }
}

impl<'a> Visitor<'a> for ModelBuilder<'a> {
    fn enter_scope(&mut self, kind: ScopeKind<'a>, ctx: &Context<'a>) {
        let scopes = ctx.scopes();
        let id = ctx.scope();
        let parent = scopes.len().checked_sub(2).map(|i| scopes[i].id);
        debug_assert_eq!(
            id.index(),
            self.scopes.len(),
            "walk and model number scopes alike"
        );
        self.scopes.push(Scope::new(kind, parent));
        let parent = parent.unwrap_or(ScopeId::MODULE);
        // The block holding the `def`/`class` statement: the new scope's body is not pushed yet.
        let outer_block = ctx.block_range();
        match kind {
            ScopeKind::Module => {}
            ScopeKind::Function(function) => {
                let site = Site {
                    scope: parent,
                    kind: BindingKind::Function {
                        def: function,
                        scope: id,
                    },
                    position: function.range().end(),
                    block: outer_block,
                };
                self.bind(site, function.name(), function.range(), None);
                let body = ast_ext::block_range(function.body(), function.range().end());
                self.bind_type_params(id, function.type_params(), body);
                self.bind_parameters(id, function.args(), body);
            }
            ScopeKind::Class(class) => {
                let site = Site {
                    scope: parent,
                    kind: BindingKind::Class {
                        def: class,
                        scope: id,
                    },
                    position: class.range.end(),
                    block: outer_block,
                };
                self.bind(site, class.name.as_str(), class.range, None);
                let body = ast_ext::block_range(&class.body, class.range.end());
                self.bind_type_params(id, &class.type_params, body);
            }
            ScopeKind::Lambda(lambda) => {
                self.bind_parameters(id, &lambda.args, lambda.body.range());
            }
            ScopeKind::Comprehension(expr) => {
                let generators = match expr {
                    Expr::ListComp(c) => &c.generators,
                    Expr::SetComp(c) => &c.generators,
                    Expr::DictComp(c) => &c.generators,
                    Expr::GeneratorExp(c) => &c.generators,
                    _ => unreachable!("comprehension scopes come from comprehensions"),
                };
                for generator in generators {
                    let site = Site {
                        scope: id,
                        kind: BindingKind::ComprehensionTarget {
                            iter: &generator.iter,
                            whole: matches!(generator.target, Expr::Name(_)),
                        },
                        position: generator.iter.end(),
                        block: expr.range(),
                    };
                    self.bind_target(site, &generator.target, None);
                }
                // The element and the conditions run once per item, after the targets are
                // bound: a comprehension is a loop, so its targets reach the element written
                // before them. The span starts one offset early: a generator expression that
                // is a call's only argument has no parentheses of its own, so its element
                // starts where it does, and a loop only reaches back over what follows its start.
                let start = expr
                    .start()
                    .checked_sub(TextSize::from(1))
                    .unwrap_or_default();
                self.loops.push(LoopSpan {
                    scope: id,
                    range: TextRange::new(start, expr.end()),
                });
            }
        }
    }

    fn enter_node(&mut self, node: Node<'a>, ctx: &Context<'a>) {
        match node {
            Node::Stmt(stmt) => self.enter_stmt(stmt, ctx),
            Node::Expr(expr) => self.enter_expr(expr, ctx),
            Node::ExceptHandler(handler) => {
                if let Some(name) = &handler.name {
                    let position = handler
                        .type_
                        .as_ref()
                        .map_or(handler.range.start(), |t| t.end());
                    let site = Site {
                        scope: ctx.scope(),
                        kind: BindingKind::ExceptHandler,
                        position,
                        block: ast_ext::block_range(&handler.body, handler.range.end()),
                    };
                    self.bind(site, name.as_str(), handler.range, None);
                }
            }
            Node::Pattern(pattern) => self.enter_pattern(pattern, ctx),
        }
    }
}
