//! Small views and predicates over rustpython's AST that several parts of the crate share.

use rustpython_parser::ast::{
    self, Arguments, CmpOp, Constant, Expr, Ranged, Stmt, StmtAsyncFunctionDef, StmtFunctionDef,
};
use rustpython_parser::text_size::{TextRange, TextSize};

/// The last name a call's callee is spelled with: `exec` for `exec(...)` and
/// `builtins.exec(...)`. A cheap filter before asking the model what the callee is.
pub fn callee_last_name(call: &ast::ExprCall) -> Option<&str> {
    match &*call.func {
        Expr::Name(name) => Some(name.id.as_str()),
        Expr::Attribute(attribute) => Some(attribute.attr.as_str()),
        _ => None,
    }
}

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

    /// Identifies the definition (used to find its scope in the model).
    pub fn address(self) -> usize {
        match self {
            FunctionRef::Sync(def) => def as *const StmtFunctionDef as usize,
            FunctionRef::Async(def) => def as *const StmtAsyncFunctionDef as usize,
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

/// A decorator's span from its `@` (rustpython's decorator expressions start after it)
/// through the end of the expression: what diagnostics anchored at "the decorator line"
/// underline.
pub fn decorator_range(source: &str, decorator: &Expr) -> TextRange {
    let start = u32::from(decorator.start()) as usize;
    let before = &source[..start];
    let trimmed = before.trim_end_matches([' ', '\t']);
    let start = if trimmed.ends_with('@') {
        trimmed.len() - 1
    } else {
        start
    };
    TextRange::new(TextSize::from(start as u32), decorator.end())
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

/// The argument a call passes at `position` or as `name=`. A position at or after a
/// `*args` unpacking is unknown, so only the keyword can answer for it.
pub fn call_argument<'a>(call: &'a ast::ExprCall, position: usize, name: &str) -> Option<&'a Expr> {
    let known = call
        .args
        .iter()
        .position(|arg| matches!(arg, Expr::Starred(_)))
        .unwrap_or(call.args.len());
    call.args[..known]
        .get(position)
        .or_else(|| keyword_value(call, name))
}

/// The value of the keyword argument `name` of a call (`default` in `field(default=[])`).
pub fn keyword_value<'a>(call: &'a ast::ExprCall, name: &str) -> Option<&'a Expr> {
    call.keywords
        .iter()
        .find(|k| k.arg.as_ref().is_some_and(|arg| arg.as_str() == name))
        .map(|k| &k.value)
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

/// A string literal statement: a docstring when it comes first in a body.
pub fn is_docstring(stmt: &Stmt) -> bool {
    matches!(stmt, Stmt::Expr(expr) if string_literal(&expr.value).is_some())
}

/// A body that only declares an interface: optional docstring, then nothing but `pass`,
/// `...`, or `raise NotImplementedError(...)`.
pub fn is_stub_body(body: &[Stmt]) -> bool {
    let rest = match body.first() {
        Some(first) if is_docstring(first) => &body[1..],
        _ => body,
    };
    rest.iter().all(|stmt| match stmt {
        Stmt::Pass(_) => true,
        Stmt::Expr(expr) => matches!(
            &*expr.value,
            Expr::Constant(c) if matches!(c.value, Constant::Ellipsis)
        ),
        Stmt::Raise(raise) => raise.exc.as_deref().is_some_and(is_not_implemented_error),
        _ => false,
    })
}

/// `NotImplementedError` or `NotImplementedError(...)`.
pub fn is_not_implemented_error(expr: &Expr) -> bool {
    let target = match expr {
        Expr::Call(call) => &*call.func,
        other => other,
    };
    name_id(target) == Some("NotImplementedError")
}

/// What ends a path through a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Only `raise` counts.
    Raise,
    /// `return` or `raise`.
    ReturnOrRaise,
}

/// Whether every path through `body` ends in a statement of kind `exit` (so control never
/// falls off its end). Loops are assumed to end, except `while True:` without `break`. An
/// `assert` of a false constant (`assert False`, `assert 0, "unreachable"`) counts as a
/// `raise`.
pub fn always_exits(body: &[Stmt], exit: Exit) -> bool {
    always_ends(body, &|stmt| match stmt {
        Stmt::Raise(_) => true,
        Stmt::Assert(assert) => is_false_constant(&assert.test),
        Stmt::Return(_) => exit == Exit::ReturnOrRaise,
        _ => false,
    })
}

/// Whether every path through `body` ends in a statement that `ends` accepts (a `raise`, a
/// call that never returns...), following `if`, `with`, `try`, exhaustive `match` and
/// `while True:` the way [`always_exits`] does.
pub fn always_ends(body: &[Stmt], ends: &dyn Fn(&Stmt) -> bool) -> bool {
    body.iter().any(|stmt| statement_always_ends(stmt, ends))
}

/// `False`, `0`, `None` or an empty string: an `assert` of it always fails.
pub fn is_false_constant(expr: &Expr) -> bool {
    let Expr::Constant(constant) = expr else {
        return false;
    };
    match &constant.value {
        Constant::Bool(value) => !value,
        Constant::Int(value) => *value == ast::bigint::BigInt::from(0),
        Constant::None => true,
        Constant::Str(text) => text.is_empty(),
        _ => false,
    }
}

fn statement_always_ends(stmt: &Stmt, ends: &dyn Fn(&Stmt) -> bool) -> bool {
    if ends(stmt) {
        return true;
    }
    match stmt {
        Stmt::If(if_) => always_ends(&if_.body, ends) && always_ends(&if_.orelse, ends),
        Stmt::With(ast::StmtWith { body, .. })
        | Stmt::AsyncWith(ast::StmtAsyncWith { body, .. }) => always_ends(body, ends),
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
            always_ends(finalbody, ends)
                || ((always_ends(body, ends) || always_ends(orelse, ends))
                    && handlers
                        .iter()
                        .all(|ast::ExceptHandler::ExceptHandler(h)| always_ends(&h.body, ends)))
        }
        Stmt::Match(match_) => {
            let exhaustive = match_.cases.iter().any(|case| {
                case.guard.is_none()
                    && matches!(&case.pattern, ast::Pattern::MatchAs(p) if p.pattern.is_none())
            });
            exhaustive
                && match_
                    .cases
                    .iter()
                    .all(|case| always_ends(&case.body, ends))
        }
        Stmt::While(while_) => {
            let forever = match &*while_.test {
                Expr::Constant(c) => match &c.value {
                    Constant::Bool(value) => *value,
                    Constant::Int(value) => *value != ast::bigint::BigInt::from(0),
                    _ => false,
                },
                _ => false,
            };
            forever && !contains_break(&while_.body)
        }
        _ => false,
    }
}

/// Whether a loop body has a `break` that leaves this loop (nested loops' breaks do not).
fn contains_break(body: &[Stmt]) -> bool {
    body.iter().any(|stmt| match stmt {
        Stmt::Break(_) => true,
        Stmt::For(_) | Stmt::AsyncFor(_) | Stmt::While(_) => false,
        Stmt::FunctionDef(_) | Stmt::AsyncFunctionDef(_) | Stmt::ClassDef(_) => false,
        other => child_statement_lists(other).into_iter().any(contains_break),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_module;

    fn first_function_body(source: &str, check: impl FnOnce(&[Stmt])) {
        let parsed = parse_module(source).unwrap();
        let function = FunctionRef::from_stmt(&parsed.body[0]).expect("a def first");
        check(function.body());
    }

    #[test]
    fn stub_bodies() {
        for source in [
            "def f(): ...\n",
            "def f():\n    'doc'\n",
            "def f():\n    'doc'\n    pass\n",
            "def f():\n    raise NotImplementedError('later')\n",
        ] {
            first_function_body(source, |body| assert!(is_stub_body(body), "{source}"));
        }
        first_function_body("def f():\n    return 1\n", |body| {
            assert!(!is_stub_body(body))
        });
    }

    #[test]
    fn exits_on_every_path() {
        let raises =
            "def f(x):\n    if x:\n        raise ValueError\n    else:\n        raise TypeError\n";
        first_function_body(raises, |body| assert!(always_exits(body, Exit::Raise)));
        let falls = "def f(x):\n    if x:\n        raise ValueError\n";
        first_function_body(falls, |body| assert!(!always_exits(body, Exit::Raise)));
        let mixed =
            "def f(x):\n    try:\n        return g()\n    except KeyError:\n        raise\n";
        first_function_body(mixed, |body| {
            assert!(always_exits(body, Exit::ReturnOrRaise));
            assert!(!always_exits(body, Exit::Raise));
        });
        let forever = "def f():\n    while True:\n        for x in y:\n            break\n";
        first_function_body(forever, |body| assert!(always_exits(body, Exit::Raise)));
        let escapes = "def f():\n    while 1:\n        break\n";
        first_function_body(escapes, |body| assert!(!always_exits(body, Exit::Raise)));
        let never = "def f():\n    while 0:\n        pass\n";
        first_function_body(never, |body| assert!(!always_exits(body, Exit::Raise)));
        let asserts = "def f(x):\n    if x:\n        raise ValueError\n    assert False, 'no'\n";
        first_function_body(asserts, |body| assert!(always_exits(body, Exit::Raise)));
        let checks = "def f(x):\n    assert x\n";
        first_function_body(checks, |body| assert!(!always_exits(body, Exit::Raise)));
        let matched = "def f(x):\n    match x:\n        case 1:\n            return 1\n        case _:\n            raise ValueError\n";
        first_function_body(matched, |body| {
            assert!(always_exits(body, Exit::ReturnOrRaise))
        });
    }

    #[test]
    fn decorator_ranges_start_at_the_at_sign() {
        let source =
            "class C:\n    @ classmethod\n    @field_validator('x')\n    def f(cls, v): ...\n";
        let parsed = parse_module(source).unwrap();
        let Stmt::ClassDef(class) = &parsed.body[0] else {
            unreachable!()
        };
        let function = FunctionRef::from_stmt(&class.body[0]).unwrap();
        let ranges: Vec<&str> = function
            .decorators()
            .iter()
            .map(|d| &source[decorator_range(source, d)])
            .collect();
        assert_eq!(ranges, ["@ classmethod", "@field_validator('x')"]);
    }

    #[test]
    fn headers_and_siblings() {
        let source =
            "with open(p) as f, lock:\n    pass\nfor x in range(3):\n    break\n    y = 1\n";
        let parsed = parse_module(source).unwrap();
        let header = statement_header(&parsed.body[0], source);
        assert_eq!(&source[header], "with open(p) as f, lock");
        let header = statement_header(&parsed.body[1], source);
        assert_eq!(&source[header], "for x in range(3)");
        let Stmt::For(for_) = &parsed.body[1] else {
            unreachable!()
        };
        let after = following_siblings(&parsed.body[1], &for_.body[0]);
        assert_eq!(after.len(), 1);
        assert!(is_loop_exit(&for_.body[0]));
    }
}
