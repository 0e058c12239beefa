//! The one traversal of a module. It knows Python's evaluation structure (which parts of a
//! `for` repeat, that a comprehension's first iterable runs in the enclosing scope, that
//! decorators and defaults run outside the function they decorate) and keeps a [`Context`]
//! up to date while it goes. The semantic model builder and the rule checker are both
//! [`Visitor`]s of this walk, so they can never disagree about structure or scope numbering.

use rustpython_parser::ast::{
    self, Comprehension, ExceptHandler, Expr, ExprLambda, Pattern, Ranged, Stmt, StmtClassDef,
};
use rustpython_parser::text_size::{TextRange, TextSize};

use crate::ast_ext::{self, FunctionRef, MainGuard};
use crate::semantic::{ScopeId, ScopeKind};

/// A node handed to visitors.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    Stmt(&'a Stmt),
    Expr(&'a Expr),
    ExceptHandler(&'a ast::ExceptHandlerExceptHandler),
    Pattern(&'a Pattern),
}

impl Node<'_> {
    pub fn kind(&self) -> NodeKind {
        match self {
            Node::Stmt(stmt) => NodeKind::of_stmt(stmt),
            Node::Expr(expr) => NodeKind::of_expr(expr),
            Node::ExceptHandler(_) => NodeKind::ExceptHandler,
            Node::Pattern(_) => NodeKind::Pattern,
        }
    }

    pub fn range(&self) -> TextRange {
        match self {
            Node::Stmt(stmt) => stmt.range(),
            Node::Expr(expr) => expr.range(),
            Node::ExceptHandler(handler) => handler.range,
            Node::Pattern(pattern) => pattern.range(),
        }
    }
}

macro_rules! node_kinds {
    (stmts: [$($stmt:ident),* $(,)?], exprs: [$($expr:ident),* $(,)?], others: [$($other:ident),* $(,)?] $(,)?) => {
        /// The kinds of node a rule can ask to be shown. `Stmt` kinds carry a `Stmt` prefix
        /// where the statement and expression share a name (`StmtExpr`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum NodeKind {
            $($stmt,)*
            $($expr,)*
            $($other,)*
        }

        impl NodeKind {
            pub const ALL: &'static [NodeKind] = &[$(NodeKind::$stmt,)* $(NodeKind::$expr,)* $(NodeKind::$other,)*];
            pub const COUNT: usize = Self::ALL.len();
        }
    };
}

node_kinds! {
    stmts: [
        FunctionDef, AsyncFunctionDef, ClassDef, Return, Delete, Assign, TypeAlias, AugAssign,
        AnnAssign, For, AsyncFor, While, If, With, AsyncWith, Match, Raise, Try, TryStar, Assert,
        Import, ImportFrom, Global, Nonlocal, StmtExpr, Pass, Break, Continue,
    ],
    exprs: [
        BoolOp, NamedExpr, BinOp, UnaryOp, Lambda, IfExp, Dict, Set, ListComp, SetComp, DictComp,
        GeneratorExp, Await, Yield, YieldFrom, Compare, Call, FormattedValue, JoinedStr, Constant,
        Attribute, Subscript, Starred, Name, List, Tuple, Slice,
    ],
    others: [ExceptHandler, Pattern],
}

impl NodeKind {
    pub fn of_stmt(stmt: &Stmt) -> NodeKind {
        match stmt {
            Stmt::FunctionDef(_) => NodeKind::FunctionDef,
            Stmt::AsyncFunctionDef(_) => NodeKind::AsyncFunctionDef,
            Stmt::ClassDef(_) => NodeKind::ClassDef,
            Stmt::Return(_) => NodeKind::Return,
            Stmt::Delete(_) => NodeKind::Delete,
            Stmt::Assign(_) => NodeKind::Assign,
            Stmt::TypeAlias(_) => NodeKind::TypeAlias,
            Stmt::AugAssign(_) => NodeKind::AugAssign,
            Stmt::AnnAssign(_) => NodeKind::AnnAssign,
            Stmt::For(_) => NodeKind::For,
            Stmt::AsyncFor(_) => NodeKind::AsyncFor,
            Stmt::While(_) => NodeKind::While,
            Stmt::If(_) => NodeKind::If,
            Stmt::With(_) => NodeKind::With,
            Stmt::AsyncWith(_) => NodeKind::AsyncWith,
            Stmt::Match(_) => NodeKind::Match,
            Stmt::Raise(_) => NodeKind::Raise,
            Stmt::Try(_) => NodeKind::Try,
            Stmt::TryStar(_) => NodeKind::TryStar,
            Stmt::Assert(_) => NodeKind::Assert,
            Stmt::Import(_) => NodeKind::Import,
            Stmt::ImportFrom(_) => NodeKind::ImportFrom,
            Stmt::Global(_) => NodeKind::Global,
            Stmt::Nonlocal(_) => NodeKind::Nonlocal,
            Stmt::Expr(_) => NodeKind::StmtExpr,
            Stmt::Pass(_) => NodeKind::Pass,
            Stmt::Break(_) => NodeKind::Break,
            Stmt::Continue(_) => NodeKind::Continue,
        }
    }

    pub fn of_expr(expr: &Expr) -> NodeKind {
        match expr {
            Expr::BoolOp(_) => NodeKind::BoolOp,
            Expr::NamedExpr(_) => NodeKind::NamedExpr,
            Expr::BinOp(_) => NodeKind::BinOp,
            Expr::UnaryOp(_) => NodeKind::UnaryOp,
            Expr::Lambda(_) => NodeKind::Lambda,
            Expr::IfExp(_) => NodeKind::IfExp,
            Expr::Dict(_) => NodeKind::Dict,
            Expr::Set(_) => NodeKind::Set,
            Expr::ListComp(_) => NodeKind::ListComp,
            Expr::SetComp(_) => NodeKind::SetComp,
            Expr::DictComp(_) => NodeKind::DictComp,
            Expr::GeneratorExp(_) => NodeKind::GeneratorExp,
            Expr::Await(_) => NodeKind::Await,
            Expr::Yield(_) => NodeKind::Yield,
            Expr::YieldFrom(_) => NodeKind::YieldFrom,
            Expr::Compare(_) => NodeKind::Compare,
            Expr::Call(_) => NodeKind::Call,
            Expr::FormattedValue(_) => NodeKind::FormattedValue,
            Expr::JoinedStr(_) => NodeKind::JoinedStr,
            Expr::Constant(_) => NodeKind::Constant,
            Expr::Attribute(_) => NodeKind::Attribute,
            Expr::Subscript(_) => NodeKind::Subscript,
            Expr::Starred(_) => NodeKind::Starred,
            Expr::Name(_) => NodeKind::Name,
            Expr::List(_) => NodeKind::List,
            Expr::Tuple(_) => NodeKind::Tuple,
            Expr::Slice(_) => NodeKind::Slice,
        }
    }
}

/// A loop whose body the walk is inside.
#[derive(Debug, Clone, Copy)]
pub enum Loop<'a> {
    /// A `for` or `async for` statement (the iterable is not part of the repetition).
    For(&'a Stmt),
    /// A `while` statement (its test repeats).
    While(&'a ast::StmtWhile),
    /// A list/set/dict comprehension or generator expression (everything but the first iterable).
    Comprehension(&'a Expr),
}

impl Loop<'_> {
    /// Where the loop starts: bindings positioned before it were made before it ran.
    pub fn start(&self) -> TextSize {
        match self {
            Loop::For(stmt) => stmt.start(),
            Loop::While(stmt) => stmt.range.start(),
            Loop::Comprehension(expr) => expr.start(),
        }
    }

    pub fn range(&self) -> TextRange {
        match self {
            Loop::For(stmt) => stmt.range(),
            Loop::While(stmt) => stmt.range,
            Loop::Comprehension(expr) => expr.range(),
        }
    }

    /// For a `for` loop, the iterable it walks.
    pub fn for_iter(&self) -> Option<&Expr> {
        match self {
            Loop::For(Stmt::For(stmt)) => Some(&stmt.iter),
            Loop::For(Stmt::AsyncFor(stmt)) => Some(&stmt.iter),
            _ => None,
        }
    }
}

/// What kind of statement list the walk is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Module,
    FunctionBody,
    ClassBody,
    /// The body of an `if`, `elif` or `match` case.
    Branch,
    /// An `else` of `if`, `for`, `while` or `try`.
    OrElse,
    LoopBody,
    WithBody,
    TryBody,
    Handler,
    Finally,
    /// The body of `if __name__ == "__main__":` (or the `else` of its negation).
    MainGuard,
}

/// A statement list the walk is inside.
#[derive(Debug, Clone, Copy)]
pub struct Block {
    pub kind: BlockKind,
    pub range: TextRange,
}

/// A scope the walk is inside.
#[derive(Debug, Clone, Copy)]
pub struct ScopeFrame<'a> {
    pub id: ScopeId,
    pub kind: ScopeKind<'a>,
    /// Index into the loop stack where this execution frame's loops begin: a function body
    /// does not run once per iteration of a loop around its `def`.
    loop_base: usize,
}

/// Where the walk is: scopes, statements and expressions around the current node, loops of
/// the current execution frame, blocks, and a few flags rules ask about often.
#[derive(Debug, Default)]
pub struct Context<'a> {
    scopes: Vec<ScopeFrame<'a>>,
    next_scope: u32,
    stmts: Vec<&'a Stmt>,
    exprs: Vec<&'a Expr>,
    loops: Vec<Loop<'a>>,
    blocks: Vec<Block>,
    main_guard_depth: u32,
    annotation_depth: u32,
}

impl<'a> Context<'a> {
    /// The scope the current node is evaluated in.
    pub fn scope(&self) -> ScopeId {
        self.scopes.last().map_or(ScopeId::MODULE, |s| s.id)
    }

    pub fn scope_kind(&self) -> ScopeKind<'a> {
        self.scopes.last().map_or(ScopeKind::Module, |s| s.kind)
    }

    /// Scopes from the module inwards.
    pub fn scopes(&self) -> &[ScopeFrame<'a>] {
        &self.scopes
    }

    /// The innermost function, lambda or module: the code object that actually executes the
    /// current node (class bodies and comprehensions run inline in it).
    pub fn frame(&self) -> ScopeFrame<'a> {
        self.scopes
            .iter()
            .rev()
            .find(|s| s.kind.is_frame())
            .copied()
            .unwrap_or(ScopeFrame {
                id: ScopeId::MODULE,
                kind: ScopeKind::Module,
                loop_base: 0,
            })
    }

    /// True when the current node runs at import time: not inside any def or lambda.
    pub fn is_module_level(&self) -> bool {
        matches!(self.frame().kind, ScopeKind::Module)
    }

    /// The innermost enclosing `def`, if any.
    pub fn function(&self) -> Option<FunctionRef<'a>> {
        self.scopes.iter().rev().find_map(|s| match s.kind {
            ScopeKind::Function(f) => Some(f),
            _ => None,
        })
    }

    /// The class whose body directly holds the current node (a method's `def` line, a class
    /// attribute), if any.
    pub fn class_body(&self) -> Option<&'a StmtClassDef> {
        match self.scope_kind() {
            ScopeKind::Class(class) => Some(class),
            _ => None,
        }
    }

    /// For code inside a method: the method and its class.
    pub fn method(&self) -> Option<(FunctionRef<'a>, &'a StmtClassDef)> {
        let position = self
            .scopes
            .iter()
            .rposition(|s| matches!(s.kind, ScopeKind::Function(_)))?;
        let ScopeKind::Function(function) = self.scopes[position].kind else {
            return None;
        };
        match self.scopes.get(position.checked_sub(1)?)?.kind {
            ScopeKind::Class(class) => Some((function, class)),
            _ => None,
        }
    }

    /// Loops of the current execution frame, outermost first.
    pub fn loops(&self) -> &[Loop<'a>] {
        let base = self.scopes.last().map_or(0, |s| s.loop_base);
        &self.loops[base.min(self.loops.len())..]
    }

    /// The innermost loop of the current execution frame.
    pub fn innermost_loop(&self) -> Option<Loop<'a>> {
        self.loops().last().copied()
    }

    pub fn in_loop(&self) -> bool {
        !self.loops().is_empty()
    }

    /// Inside `if __name__ == "__main__":` (or the `else` of its negation).
    pub fn in_main_guard(&self) -> bool {
        self.main_guard_depth > 0
    }

    /// Inside a parameter, return or variable annotation.
    pub fn in_annotation(&self) -> bool {
        self.annotation_depth > 0
    }

    /// Inside a `finally:` block of the current execution frame.
    pub fn in_finally(&self) -> bool {
        self.blocks
            .iter()
            .rev()
            .take_while(|b| !matches!(b.kind, BlockKind::FunctionBody))
            .any(|b| b.kind == BlockKind::Finally)
    }

    /// Statement lists from the module inwards.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The innermost statement list's range.
    pub fn block_range(&self) -> TextRange {
        self.blocks.last().map_or(TextRange::default(), |b| b.range)
    }

    /// The statement being visited, or the statement that holds the current expression.
    pub fn statement(&self) -> Option<&'a Stmt> {
        self.stmts.last().copied()
    }

    /// Enclosing statements from the outermost inwards (the current one last).
    pub fn statements(&self) -> &[&'a Stmt] {
        &self.stmts
    }

    /// The expression holding the current one (`None` directly under a statement).
    pub fn parent_expr(&self) -> Option<&'a Expr> {
        let n = self.exprs.len();
        (n >= 2).then(|| self.exprs[n - 2])
    }

    /// Enclosing expressions within the current statement, outermost first (the current
    /// expression last when visiting one).
    pub fn expressions(&self) -> &[&'a Expr] {
        &self.exprs
    }
}

/// What the model builder and the checker implement. Every hook has a default that does
/// nothing, so a visitor states only what it needs.
pub trait Visitor<'a> {
    /// Before a node's children. The context already lists the node as current.
    fn enter_node(&mut self, _node: Node<'a>, _ctx: &Context<'a>) {}
    /// After a node's children.
    fn leave_node(&mut self, _node: Node<'a>, _ctx: &Context<'a>) {}
    /// On entering a scope; the context's current scope is already the new one.
    fn enter_scope(&mut self, _kind: ScopeKind<'a>, _ctx: &Context<'a>) {}
    /// Before leaving a scope; the context is still inside it.
    fn leave_scope(&mut self, _kind: ScopeKind<'a>, _ctx: &Context<'a>) {}
}

/// Walks a whole module. Scope 0 is the module; others are numbered in the order the walk
/// enters them, which is what [`crate::semantic::SemanticModel`] numbers them by too.
pub fn walk_module<'a, V: Visitor<'a>>(body: &'a [Stmt], visitor: &mut V) -> WalkOutcome {
    let mut walker = Walker {
        ctx: Context::default(),
        visitor,
        too_deep: None,
    };
    walker.walk_module(body);
    WalkOutcome {
        too_deep: walker.too_deep,
    }
}

/// Expressions nested deeper than this are not walked into. Brackets stop at 200 levels
/// (see `parse.rs`); this bounds chains such as `1 + 1 + ... + 1` or `a.b.b.b...`, which
/// CPython cannot compile beyond a few thousand terms either.
pub const MAX_EXPRESSION_DEPTH: usize = 200_000;

/// What a walk ran into.
#[derive(Debug, Clone, Copy, Default)]
pub struct WalkOutcome {
    /// The first expression deeper than [`MAX_EXPRESSION_DEPTH`], whose inside was skipped.
    pub too_deep: Option<TextRange>,
}

/// Walks statements outside a full module walk, for a rule that wants to look through one
/// body (scope ids in this walk's context are local to it).
pub fn walk_body<'a, V: Visitor<'a>>(body: &'a [Stmt], visitor: &mut V) {
    walk_module(body, visitor);
}

/// Walks one expression on its own, with the same structure as a full walk.
pub fn walk_expression<'a, V: Visitor<'a>>(expr: &'a Expr, visitor: &mut V) {
    let mut walker = Walker {
        ctx: Context::default(),
        visitor,
        too_deep: None,
    };
    walker.enter_scope(ScopeKind::Module);
    walker.walk_expr(expr);
    walker.leave_scope();
}

struct Walker<'a, 'v, V: Visitor<'a>> {
    ctx: Context<'a>,
    visitor: &'v mut V,
    too_deep: Option<TextRange>,
}

impl<'a, V: Visitor<'a>> Walker<'a, '_, V> {
    fn walk_module(&mut self, body: &'a [Stmt]) {
        self.enter_scope(ScopeKind::Module);
        self.walk_block(body, BlockKind::Module, TextSize::default());
        self.leave_scope();
    }

    fn enter_scope(&mut self, kind: ScopeKind<'a>) {
        let loop_base = if kind.is_frame() {
            self.ctx.loops.len()
        } else {
            self.ctx.scopes.last().map_or(0, |s| s.loop_base)
        };
        let id = ScopeId::new(self.ctx.next_scope);
        self.ctx.next_scope += 1;
        self.ctx.scopes.push(ScopeFrame {
            id,
            kind,
            loop_base,
        });
        self.visitor.enter_scope(kind, &self.ctx);
    }

    fn leave_scope(&mut self) {
        let frame = *self.ctx.scopes.last().expect("balanced scopes");
        self.visitor.leave_scope(frame.kind, &self.ctx);
        self.ctx.scopes.pop();
    }

    fn walk_block(&mut self, stmts: &'a [Stmt], kind: BlockKind, fallback: TextSize) {
        let is_guard = kind == BlockKind::MainGuard;
        self.ctx.blocks.push(Block {
            kind,
            range: ast_ext::block_range(stmts, fallback),
        });
        self.ctx.main_guard_depth += u32::from(is_guard);
        for stmt in stmts {
            self.walk_stmt(stmt);
        }
        self.ctx.main_guard_depth -= u32::from(is_guard);
        self.ctx.blocks.pop();
    }

    fn walk_annotation(&mut self, expr: Option<&'a Expr>) {
        if let Some(expr) = expr {
            self.ctx.annotation_depth += 1;
            self.walk_expr(expr);
            self.ctx.annotation_depth -= 1;
        }
    }

    fn walk_exprs(&mut self, exprs: &'a [Expr]) {
        for expr in exprs {
            self.walk_expr(expr);
        }
    }

    fn walk_stmt(&mut self, stmt: &'a Stmt) {
        self.ctx.stmts.push(stmt);
        self.visitor.enter_node(Node::Stmt(stmt), &self.ctx);
        match stmt {
            Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_) => {
                let function = FunctionRef::from_stmt(stmt).expect("a def");
                self.walk_exprs(function.decorators());
                self.walk_type_params(function.type_params());
                self.walk_signature_outside(function.args());
                self.walk_annotation(function.returns());
                self.enter_scope(ScopeKind::Function(function));
                self.walk_block(function.body(), BlockKind::FunctionBody, stmt.end());
                self.leave_scope();
            }
            Stmt::ClassDef(class) => {
                self.walk_exprs(&class.decorator_list);
                self.walk_type_params(&class.type_params);
                self.walk_exprs(&class.bases);
                for keyword in &class.keywords {
                    self.walk_expr(&keyword.value);
                }
                self.enter_scope(ScopeKind::Class(class));
                self.walk_block(&class.body, BlockKind::ClassBody, class.range.end());
                self.leave_scope();
            }
            Stmt::Return(ret) => {
                if let Some(value) = &ret.value {
                    self.walk_expr(value);
                }
            }
            Stmt::Delete(delete) => self.walk_exprs(&delete.targets),
            Stmt::Assign(assign) => {
                self.walk_expr(&assign.value);
                self.walk_exprs(&assign.targets);
            }
            Stmt::TypeAlias(alias) => {
                self.walk_type_params(&alias.type_params);
                self.walk_expr(&alias.name);
                self.walk_annotation(Some(&alias.value));
            }
            Stmt::AugAssign(aug) => {
                self.walk_expr(&aug.target);
                self.walk_expr(&aug.value);
            }
            Stmt::AnnAssign(ann) => {
                self.walk_annotation(Some(&ann.annotation));
                if let Some(value) = &ann.value {
                    self.walk_expr(value);
                }
                self.walk_expr(&ann.target);
            }
            Stmt::For(ast::StmtFor {
                target,
                iter,
                body,
                orelse,
                ..
            })
            | Stmt::AsyncFor(ast::StmtAsyncFor {
                target,
                iter,
                body,
                orelse,
                ..
            }) => {
                self.walk_expr(iter);
                self.ctx.loops.push(Loop::For(stmt));
                self.walk_expr(target);
                self.walk_block(body, BlockKind::LoopBody, stmt.end());
                self.ctx.loops.pop();
                self.walk_block(orelse, BlockKind::OrElse, stmt.end());
            }
            Stmt::While(while_) => {
                self.ctx.loops.push(Loop::While(while_));
                self.walk_expr(&while_.test);
                self.walk_block(&while_.body, BlockKind::LoopBody, stmt.end());
                self.ctx.loops.pop();
                self.walk_block(&while_.orelse, BlockKind::OrElse, stmt.end());
            }
            Stmt::If(if_) => {
                self.walk_expr(&if_.test);
                let guard = if self.ctx.is_module_level() {
                    ast_ext::main_guard(&if_.test)
                } else {
                    None
                };
                let (body_kind, else_kind) = match guard {
                    Some(MainGuard::Body) => (BlockKind::MainGuard, BlockKind::OrElse),
                    Some(MainGuard::OrElse) => (BlockKind::Branch, BlockKind::MainGuard),
                    None => (BlockKind::Branch, BlockKind::OrElse),
                };
                self.walk_block(&if_.body, body_kind, stmt.end());
                self.walk_block(&if_.orelse, else_kind, stmt.end());
            }
            Stmt::With(ast::StmtWith { items, body, .. })
            | Stmt::AsyncWith(ast::StmtAsyncWith { items, body, .. }) => {
                for item in items {
                    self.walk_expr(&item.context_expr);
                    if let Some(vars) = &item.optional_vars {
                        self.walk_expr(vars);
                    }
                }
                self.walk_block(body, BlockKind::WithBody, stmt.end());
            }
            Stmt::Match(match_) => {
                self.walk_expr(&match_.subject);
                for case in &match_.cases {
                    self.walk_pattern(&case.pattern);
                    if let Some(guard) = &case.guard {
                        self.walk_expr(guard);
                    }
                    self.walk_block(&case.body, BlockKind::Branch, stmt.end());
                }
            }
            Stmt::Raise(raise) => {
                if let Some(exc) = &raise.exc {
                    self.walk_expr(exc);
                }
                if let Some(cause) = &raise.cause {
                    self.walk_expr(cause);
                }
            }
            Stmt::Try(ast::StmtTry {
                body,
                handlers,
                orelse,
                finalbody,
                ..
            })
            | Stmt::TryStar(ast::StmtTryStar {
                body,
                handlers,
                orelse,
                finalbody,
                ..
            }) => {
                self.walk_block(body, BlockKind::TryBody, stmt.end());
                for handler in handlers {
                    self.walk_handler(handler);
                }
                self.walk_block(orelse, BlockKind::OrElse, stmt.end());
                self.walk_block(finalbody, BlockKind::Finally, stmt.end());
            }
            Stmt::Assert(assert) => {
                self.walk_expr(&assert.test);
                if let Some(msg) = &assert.msg {
                    self.walk_expr(msg);
                }
            }
            Stmt::Expr(expr) => self.walk_expr(&expr.value),
            Stmt::Import(_)
            | Stmt::ImportFrom(_)
            | Stmt::Global(_)
            | Stmt::Nonlocal(_)
            | Stmt::Pass(_)
            | Stmt::Break(_)
            | Stmt::Continue(_) => {}
        }
        self.visitor.leave_node(Node::Stmt(stmt), &self.ctx);
        self.ctx.stmts.pop();
    }

    fn walk_handler(&mut self, handler: &'a ExceptHandler) {
        let ExceptHandler::ExceptHandler(handler) = handler;
        self.visitor
            .enter_node(Node::ExceptHandler(handler), &self.ctx);
        if let Some(type_) = &handler.type_ {
            self.walk_expr(type_);
        }
        self.walk_block(&handler.body, BlockKind::Handler, handler.range.end());
        self.visitor
            .leave_node(Node::ExceptHandler(handler), &self.ctx);
    }

    /// The parts of a signature evaluated where the `def` runs: annotations and defaults.
    fn walk_signature_outside(&mut self, args: &'a ast::Arguments) {
        for arg in ast_ext::parameters(args) {
            self.walk_annotation(arg.annotation.as_deref());
        }
        for arg in args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(&args.kwonlyargs)
        {
            if let Some(default) = &arg.default {
                self.walk_expr(default);
            }
        }
    }

    fn walk_type_params(&mut self, params: &'a [ast::TypeParam]) {
        for param in params {
            if let ast::TypeParam::TypeVar(var) = param {
                self.walk_annotation(var.bound.as_deref());
            }
        }
    }

    fn walk_expr(&mut self, expr: &'a Expr) {
        if self.ctx.exprs.len() >= MAX_EXPRESSION_DEPTH {
            self.too_deep.get_or_insert(expr.range());
            return;
        }
        self.ctx.exprs.push(expr);
        self.visitor.enter_node(Node::Expr(expr), &self.ctx);
        match expr {
            Expr::BoolOp(op) => self.walk_exprs(&op.values),
            Expr::NamedExpr(named) => {
                self.walk_expr(&named.value);
                self.walk_expr(&named.target);
            }
            Expr::BinOp(op) => {
                self.walk_expr(&op.left);
                self.walk_expr(&op.right);
            }
            Expr::UnaryOp(op) => self.walk_expr(&op.operand),
            Expr::Lambda(lambda) => self.walk_lambda(lambda),
            Expr::IfExp(if_) => {
                self.walk_expr(&if_.test);
                self.walk_expr(&if_.body);
                self.walk_expr(&if_.orelse);
            }
            Expr::Dict(dict) => {
                for (key, value) in dict.keys.iter().zip(&dict.values) {
                    if let Some(key) = key {
                        self.walk_expr(key);
                    }
                    self.walk_expr(value);
                }
            }
            Expr::Set(set) => self.walk_exprs(&set.elts),
            Expr::ListComp(comp) => self.walk_comprehension(expr, &comp.generators, &[&comp.elt]),
            Expr::SetComp(comp) => self.walk_comprehension(expr, &comp.generators, &[&comp.elt]),
            Expr::GeneratorExp(comp) => {
                self.walk_comprehension(expr, &comp.generators, &[&comp.elt])
            }
            Expr::DictComp(comp) => {
                self.walk_comprehension(expr, &comp.generators, &[&comp.key, &comp.value])
            }
            Expr::Await(await_) => self.walk_expr(&await_.value),
            Expr::Yield(yield_) => {
                if let Some(value) = &yield_.value {
                    self.walk_expr(value);
                }
            }
            Expr::YieldFrom(yield_from) => self.walk_expr(&yield_from.value),
            Expr::Compare(compare) => {
                self.walk_expr(&compare.left);
                self.walk_exprs(&compare.comparators);
            }
            Expr::Call(call) => {
                self.walk_expr(&call.func);
                self.walk_exprs(&call.args);
                for keyword in &call.keywords {
                    self.walk_expr(&keyword.value);
                }
            }
            Expr::FormattedValue(value) => {
                self.walk_expr(&value.value);
                if let Some(spec) = &value.format_spec {
                    self.walk_expr(spec);
                }
            }
            Expr::JoinedStr(joined) => self.walk_exprs(&joined.values),
            Expr::Constant(_) | Expr::Name(_) => {}
            Expr::Attribute(attr) => self.walk_expr(&attr.value),
            Expr::Subscript(sub) => {
                self.walk_expr(&sub.value);
                self.walk_expr(&sub.slice);
            }
            Expr::Starred(starred) => self.walk_expr(&starred.value),
            Expr::List(list) => self.walk_exprs(&list.elts),
            Expr::Tuple(tuple) => self.walk_exprs(&tuple.elts),
            Expr::Slice(slice) => {
                for part in [&slice.lower, &slice.upper, &slice.step]
                    .into_iter()
                    .flatten()
                {
                    self.walk_expr(part);
                }
            }
        }
        self.visitor.leave_node(Node::Expr(expr), &self.ctx);
        self.ctx.exprs.pop();
    }

    fn walk_lambda(&mut self, lambda: &'a ExprLambda) {
        for arg in lambda
            .args
            .posonlyargs
            .iter()
            .chain(&lambda.args.args)
            .chain(&lambda.args.kwonlyargs)
        {
            if let Some(default) = &arg.default {
                self.walk_expr(default);
            }
        }
        self.enter_scope(ScopeKind::Lambda(lambda));
        self.walk_expr(&lambda.body);
        self.leave_scope();
    }

    /// The first iterable runs once in the enclosing scope; the rest (targets, later
    /// iterables, conditions, elements) runs once per item in the comprehension's own scope.
    fn walk_comprehension(
        &mut self,
        expr: &'a Expr,
        generators: &'a [Comprehension],
        elements: &[&'a Expr],
    ) {
        if let Some(first) = generators.first() {
            self.walk_expr(&first.iter);
        }
        self.enter_scope(ScopeKind::Comprehension(expr));
        self.ctx.loops.push(Loop::Comprehension(expr));
        for (index, generator) in generators.iter().enumerate() {
            if index > 0 {
                self.walk_expr(&generator.iter);
            }
            self.walk_expr(&generator.target);
            self.walk_exprs(&generator.ifs);
        }
        for element in elements {
            self.walk_expr(element);
        }
        self.ctx.loops.pop();
        self.leave_scope();
    }

    fn walk_pattern(&mut self, pattern: &'a Pattern) {
        self.visitor.enter_node(Node::Pattern(pattern), &self.ctx);
        match pattern {
            Pattern::MatchValue(value) => self.walk_expr(&value.value),
            Pattern::MatchSingleton(_) | Pattern::MatchStar(_) => {}
            Pattern::MatchSequence(seq) => {
                for p in &seq.patterns {
                    self.walk_pattern(p);
                }
            }
            Pattern::MatchMapping(mapping) => {
                self.walk_exprs(&mapping.keys);
                for p in &mapping.patterns {
                    self.walk_pattern(p);
                }
            }
            Pattern::MatchClass(class) => {
                self.walk_expr(&class.cls);
                for p in class.patterns.iter().chain(&class.kwd_patterns) {
                    self.walk_pattern(p);
                }
            }
            Pattern::MatchAs(as_) => {
                if let Some(p) = &as_.pattern {
                    self.walk_pattern(p);
                }
            }
            Pattern::MatchOr(or) => {
                for p in &or.patterns {
                    self.walk_pattern(p);
                }
            }
        }
        self.visitor.leave_node(Node::Pattern(pattern), &self.ctx);
    }
}

/// The expressions enclosing the expression with exactly `range` inside `stmt`, outermost
/// first and ending with that expression itself; `None` if the statement holds no such
/// expression. For rules that start from a [`crate::semantic::Reference`] and need to see
/// how its value is used.
pub fn expression_path(stmt: &Stmt, range: TextRange) -> Option<Vec<&Expr>> {
    struct Finder<'a> {
        range: TextRange,
        found: Option<Vec<&'a Expr>>,
    }
    impl<'a> Visitor<'a> for Finder<'a> {
        fn enter_node(&mut self, node: Node<'a>, ctx: &Context<'a>) {
            if self.found.is_none() {
                if let Node::Expr(expr) = node {
                    if expr.range() == self.range {
                        self.found = Some(ctx.expressions().to_vec());
                    }
                }
            }
        }
    }
    let mut finder = Finder { range, found: None };
    walk_body(std::slice::from_ref(stmt), &mut finder);
    finder.found
}
