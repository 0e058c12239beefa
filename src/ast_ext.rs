//! Small views and predicates over rustpython's AST that several parts of the crate share.

use rustpython_parser::ast::{
    self, Arguments, CmpOp, Constant, Expr, Ranged, Stmt, StmtAsyncFunctionDef, StmtFunctionDef,
};
use rustpython_parser::text_size::{TextRange, TextSize};

/// A `def` or an `async def`: rustpython keeps them as two node types with the same fields.
#[derive(Debug, Clone, Copy)]
pub enum FunctionRef<'a> {
    Sync(&'a StmtFunctionDef),
    Async(&'a StmtAsyncFunctionDef),
}

impl<'a> FunctionRef<'a> {
    pub fn from_stmt(stmt: &'a Stmt) -> Option<Self> {
        match stmt {
            Stmt::FunctionDef(def) => Some(FunctionRef::Sync(def)),
            Stmt::AsyncFunctionDef(def) => Some(FunctionRef::Async(def)),
            _ => None,
        }
    }

    pub fn name(self) -> &'a str {
        match self {
            FunctionRef::Sync(def) => def.name.as_str(),
            FunctionRef::Async(def) => def.name.as_str(),
        }
    }

    pub fn args(self) -> &'a Arguments {
        match self {
            FunctionRef::Sync(def) => &def.args,
            FunctionRef::Async(def) => &def.args,
        }
    }

    pub fn body(self) -> &'a [Stmt] {
        match self {
            FunctionRef::Sync(def) => &def.body,
            FunctionRef::Async(def) => &def.body,
        }
    }

    pub fn decorators(self) -> &'a [Expr] {
        match self {
            FunctionRef::Sync(def) => &def.decorator_list,
            FunctionRef::Async(def) => &def.decorator_list,
        }
    }

    pub fn returns(self) -> Option<&'a Expr> {
        match self {
            FunctionRef::Sync(def) => def.returns.as_deref(),
            FunctionRef::Async(def) => def.returns.as_deref(),
        }
    }

    pub fn type_params(self) -> &'a [ast::TypeParam] {
        match self {
            FunctionRef::Sync(def) => &def.type_params,
            FunctionRef::Async(def) => &def.type_params,
        }
    }

    pub fn is_async(self) -> bool {
        matches!(self, FunctionRef::Async(_))
    }

    /// From the `def` keyword to the end of the body (decorators excluded).
    pub fn range(self) -> TextRange {
        match self {
            FunctionRef::Sync(def) => def.range,
            FunctionRef::Async(def) => def.range,
        }
    }

    /// The first parameter (`self`/`cls` of a method), if any.
    pub fn first_parameter(self) -> Option<&'a str> {
        let args = self.args();
        args.posonlyargs
            .iter()
            .chain(&args.args)
            .next()
            .map(|arg| arg.def.arg.as_str())
    }

    /// Every parameter name, in order: positional-only, regular, `*args`, keyword-only, `**kwargs`.
    pub fn parameters(self) -> impl Iterator<Item = &'a ast::Arg> {
        parameters(self.args())
    }

    /// The `def name` header: the span diagnostics anchored at "the def line" point to.
    pub fn header_range(self, source: &str) -> TextRange {
        keyword_and_name_range(source, self.range().start(), self.name())
    }
}

/// Every parameter of a signature, in declaration order.
pub fn parameters(args: &Arguments) -> impl Iterator<Item = &ast::Arg> {
    args.posonlyargs
        .iter()
        .chain(&args.args)
        .map(|a| &a.def)
        .chain(args.vararg.as_deref())
        .chain(args.kwonlyargs.iter().map(|a| &a.def))
        .chain(args.kwarg.as_deref())
}

/// Identifiers carry no range in rustpython's AST. For `def f`/`class C` the header span is
/// found from the statement start: from the keyword through the end of the name.
pub fn keyword_and_name_range(source: &str, start: TextSize, name: &str) -> TextRange {
    let from = u32::from(start) as usize;
    let header_end = source[from..]
        .find(['(', ':', '['])
        .map_or(source.len(), |i| from + i);
    let end = source[from..header_end]
        .rfind(name)
        .map_or(header_end, |i| from + i + name.len());
    TextRange::new(start, TextSize::from(end as u32))
}

/// Which branch of an `if` runs only when the module is executed as a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MainGuard {
    /// `if __name__ == "__main__":`
    Body,
    /// `if __name__ != "__main__": ... else:`
    OrElse,
}

/// Recognises `__name__ == "__main__"` in either operand order, and its negation.
pub fn main_guard(test: &Expr) -> Option<MainGuard> {
    let Expr::Compare(compare) = test else {
        return None;
    };
    let [op] = compare.ops.as_slice() else {
        return None;
    };
    let [right] = compare.comparators.as_slice() else {
        return None;
    };
    let is_dunder_name = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == "__name__");
    let is_main = |e: &Expr| string_literal(e) == Some("__main__");
    let left = &*compare.left;
    if !((is_dunder_name(left) && is_main(right)) || (is_main(left) && is_dunder_name(right))) {
        return None;
    }
    match op {
        CmpOp::Eq => Some(MainGuard::Body),
        CmpOp::NotEq => Some(MainGuard::OrElse),
        _ => None,
    }
}

/// The value of a plain string literal (implicit concatenation included), else `None`.
pub fn string_literal(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Constant(c) => match &c.value {
            Constant::Str(s) => Some(s.as_str()),
            _ => None,
        },
        _ => None,
    }
}

/// A literal that CPython can fold into a constant: numbers, strings, bytes, booleans,
/// `None`, `-1`, and tuples of those. A set display made only of these becomes a frozenset
/// constant, which is what makes `x in {...}` cheap.
pub fn is_constant_literal(expr: &Expr) -> bool {
    match expr {
        Expr::Constant(_) => true,
        Expr::UnaryOp(unary) => {
            matches!(unary.op, ast::UnaryOp::USub | ast::UnaryOp::UAdd)
                && matches!(&*unary.operand, Expr::Constant(_))
        }
        Expr::Tuple(tuple) => tuple.elts.iter().all(is_constant_literal),
        _ => false,
    }
}

/// A display or comprehension that builds a list, dict or set: never hashable.
pub fn is_unhashable_display(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::List(_)
            | Expr::ListComp(_)
            | Expr::Dict(_)
            | Expr::DictComp(_)
            | Expr::Set(_)
            | Expr::SetComp(_)
    )
}

/// The identifier of a bare name expression.
pub fn name_id(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(name) => Some(name.id.as_str()),
        _ => None,
    }
}

/// Range covering a statement list (empty lists get an empty range at `fallback`).
pub fn block_range(stmts: &[Stmt], fallback: TextSize) -> TextRange {
    match (stmts.first(), stmts.last()) {
        (Some(first), Some(last)) => TextRange::new(first.start(), last.end()),
        _ => TextRange::empty(fallback),
    }
}

/// Whether `inner` lies within `outer` (same positions allowed).
pub fn contains(outer: TextRange, inner: TextRange) -> bool {
    outer.start() <= inner.start() && inner.end() <= outer.end()
}

/// The part of a statement that introduces it: for compound statements the header up to
/// the colon (`with Pool(4) as pool`, `for x in xs`, `if test`), for simple ones the whole
/// statement. Diagnostics anchored at a statement use this, so a multi-line block is not
/// underlined in full.
pub fn statement_header(stmt: &Stmt, source: &str) -> TextRange {
    let start = stmt.start();
    let end = match stmt {
        Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_) => {
            let function = FunctionRef::from_stmt(stmt).expect("a def");
            return function.header_range(source);
        }
        Stmt::ClassDef(class) => return keyword_and_name_range(source, start, &class.name),
        Stmt::For(ast::StmtFor { iter, .. }) | Stmt::AsyncFor(ast::StmtAsyncFor { iter, .. }) => {
            iter.end()
        }
        Stmt::While(ast::StmtWhile { test, .. }) | Stmt::If(ast::StmtIf { test, .. }) => test.end(),
        Stmt::With(ast::StmtWith { items, .. })
        | Stmt::AsyncWith(ast::StmtAsyncWith { items, .. }) => items
            .last()
            .map(|item| {
                item.optional_vars
                    .as_deref()
                    .map_or(item.context_expr.end(), Ranged::end)
            })
            .unwrap_or(stmt.end()),
        Stmt::Match(match_) => match_.subject.end(),
        Stmt::Try(_) | Stmt::TryStar(_) => start + TextSize::from(3),
        _ => stmt.end(),
    };
    TextRange::new(start, end.max(start))
}

/// The statements after `stmt` in the statement list of `parent` that holds it.
pub fn following_siblings<'a>(parent: &'a Stmt, stmt: &Stmt) -> &'a [Stmt] {
    for list in child_statement_lists(parent) {
        if let Some(index) = list.iter().position(|s| std::ptr::eq(s, stmt)) {
            return &list[index + 1..];
        }
    }
    &[]
}

/// The statement lists directly inside a compound statement.
pub fn child_statement_lists(stmt: &Stmt) -> Vec<&[Stmt]> {
    match stmt {
        Stmt::FunctionDef(def) => vec![&def.body],
        Stmt::AsyncFunctionDef(def) => vec![&def.body],
        Stmt::ClassDef(class) => vec![&class.body],
        Stmt::For(s) => vec![&s.body, &s.orelse],
        Stmt::AsyncFor(s) => vec![&s.body, &s.orelse],
        Stmt::While(s) => vec![&s.body, &s.orelse],
        Stmt::If(s) => vec![&s.body, &s.orelse],
        Stmt::With(s) => vec![&s.body],
        Stmt::AsyncWith(s) => vec![&s.body],
        Stmt::Match(s) => s.cases.iter().map(|c| c.body.as_slice()).collect(),
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
            let handler_bodies = handlers
                .iter()
                .map(|ast::ExceptHandler::ExceptHandler(h)| h.body.as_slice());
            std::iter::once(body.as_slice())
                .chain(handler_bodies)
                .chain([orelse.as_slice(), finalbody.as_slice()])
                .collect()
        }
        _ => Vec::new(),
    }
}

/// `break`, `return` or `raise`: control leaves the current iteration for good.
pub fn is_loop_exit(stmt: &Stmt) -> bool {
    matches!(stmt, Stmt::Break(_) | Stmt::Return(_) | Stmt::Raise(_))
}
