//! Adding an argument to a call or a parameter to a `def`, where it belongs: after the last
//! one, keeping a trailing comma and a one-per-line layout, and never where a comment
//! would end up on the wrong side.

use rustpython_parser::ast::{Expr, ExprCall, Ranged};
use rustpython_parser::text_size::TextSize;

use super::{indent, Edit};
use crate::ast_ext::FunctionRef;
use crate::scan::{Token, Tokenizer};

/// The edit appending `text` (`tz=timezone.utc`, `**kwargs`) to the arguments of `call`.
/// `None` when the call's last argument is an unparenthesized generator expression (which
/// must stay alone) or a comment sits before the closing parenthesis.
pub fn append_argument(source: &str, call: &ExprCall, text: &str) -> Option<Edit> {
    let close = u32::from(call.end()).checked_sub(1)? as usize;
    if source.as_bytes().get(close) != Some(&b')') {
        return None;
    }
    if call
        .args
        .iter()
        .any(|arg| matches!(arg, Expr::GeneratorExp(_)))
    {
        return None;
    }
    let last = call
        .args
        .iter()
        .map(Ranged::end)
        .chain(call.keywords.iter().map(Ranged::end))
        .max();
    let after = last.map_or(call.func.end(), |end| end);
    append_before(source, after, close, text, last.is_none())
}

/// The edit appending the parameter `text` (`**kwargs`) to the parameters of `function`.
/// `None` when the parameter list cannot be found or a comment is in the way.
pub fn append_parameter(source: &str, function: FunctionRef<'_>, text: &str) -> Option<Edit> {
    let header = function.header_range(source);
    let body_start = function.body().first()?.start();
    let (open, close) = parameter_parens(source, header.end(), body_start)?;
    let args = function.args();
    let last = args
        .posonlyargs
        .iter()
        .chain(&args.args)
        .chain(&args.kwonlyargs)
        .map(|arg| arg.default.as_deref().map_or(arg.def.end(), Ranged::end))
        .chain(args.vararg.as_deref().map(Ranged::end))
        .max();
    let Some(mut after) = last else {
        return append_before(source, TextSize::from(open as u32 + 1), close, text, true);
    };
    // `def f(cls, /)`: a keyword parameter goes after the marker.
    let between = &source[u32::from(after) as usize..close];
    if let Some(slash) = between.find('/') {
        after += TextSize::from(slash as u32 + 1);
    }
    append_before(source, after, close, text, false)
}

/// The `(` and `)` around a function's parameters, found between the end of `def name` and
/// the body.
fn parameter_parens(source: &str, from: TextSize, to: TextSize) -> Option<(usize, usize)> {
    let from = u32::from(from) as usize;
    let slice = &source.as_bytes()[from..u32::from(to) as usize];
    let mut depth = 0usize;
    let mut open = None;
    for token in Tokenizer::new(slice).tokenize() {
        let Token::Op { start, text } = token else {
            continue;
        };
        match text.as_slice() {
            b"(" | b"[" | b"{" => {
                if depth == 0 && text == b"(" {
                    open = Some(from + start);
                }
                depth += 1;
            }
            b")" | b"]" | b"}" => {
                depth = depth.checked_sub(1)?;
                if depth == 0 && text == b")" {
                    return Some((open?, from + start));
                }
            }
            _ => {}
        }
    }
    None
}

/// The edit inserting `text` as a new last item before `close` (a `)`), the current last
/// item ending at `after`. `empty`: there is no item yet.
fn append_before(
    source: &str,
    after: TextSize,
    close: usize,
    text: &str,
    empty: bool,
) -> Option<Edit> {
    let after = u32::from(after) as usize;
    let between = &source[after..close];
    if between.contains('#') {
        return None;
    }
    if empty {
        return Some(Edit::insertion(TextSize::from(close as u32), text));
    }
    let trimmed = between.trim_end();
    let comma = trimmed.ends_with(',');
    let insert_at = after + trimmed.len();
    if !comma {
        return Some(Edit::insertion(
            TextSize::from(insert_at as u32),
            format!(", {text}"),
        ));
    }
    // A trailing comma: one item per line stays one item per line.
    let multiline = between[trimmed.len()..].contains(['\n', '\r']);
    let content = if multiline {
        let line = indent::indentation_at(source, TextSize::from(after as u32));
        format!("{}{line}{text},", indent::line_ending(source))
    } else {
        format!(" {text}")
    };
    Some(Edit::insertion(TextSize::from(insert_at as u32), content))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::apply::apply_edits;
    use rustpython_parser::ast::Stmt;

    fn with_argument(source: &str, text: &str) -> Option<String> {
        let body = crate::parse::parse_module(source).unwrap().body;
        let Stmt::Expr(stmt) = &body[0] else {
            panic!("an expression statement")
        };
        let Expr::Call(call) = &*stmt.value else {
            panic!("a call")
        };
        append_argument(source, call, text).map(|edit| apply_edits(source, &[edit]))
    }

    fn with_parameter(source: &str, text: &str) -> Option<String> {
        let body = crate::parse::parse_module(source).unwrap().body;
        let function = FunctionRef::from_stmt(&body[0]).unwrap();
        append_parameter(source, function, text).map(|edit| apply_edits(source, &[edit]))
    }

    #[test]
    fn arguments_go_last() {
        assert_eq!(with_argument("f()\n", "x").unwrap(), "f(x)\n");
        assert_eq!(with_argument("f(a, k=1)\n", "x").unwrap(), "f(a, k=1, x)\n");
        assert_eq!(with_argument("f((a))\n", "x").unwrap(), "f((a), x)\n");
        assert_eq!(with_argument("f(a,)\n", "x").unwrap(), "f(a, x)\n");
        assert_eq!(
            with_argument("f(\n    a,\n)\n", "x").unwrap(),
            "f(\n    a,\n    x,\n)\n"
        );
        assert_eq!(with_argument("f(a  # why\n)\n", "x"), None);
        assert_eq!(with_argument("f(i for i in y)\n", "x"), None);
    }

    #[test]
    fn parameters_go_last_and_after_a_slash() {
        assert_eq!(
            with_parameter("def f(cls):\n    pass\n", "**kwargs").unwrap(),
            "def f(cls, **kwargs):\n    pass\n"
        );
        assert_eq!(
            with_parameter("def f(cls, /):\n    pass\n", "**kwargs").unwrap(),
            "def f(cls, /, **kwargs):\n    pass\n"
        );
        assert_eq!(
            with_parameter("def f(cls, x=(1)) -> None:\n    pass\n", "**kw").unwrap(),
            "def f(cls, x=(1), **kw) -> None:\n    pass\n"
        );
        assert_eq!(
            with_parameter("def f(\n    cls,\n    name=None,\n):\n    pass\n", "**kw").unwrap(),
            "def f(\n    cls,\n    name=None,\n    **kw,\n):\n    pass\n"
        );
        assert_eq!(
            with_parameter("def f[T](cls: T) -> T:\n    pass\n", "**kw").unwrap(),
            "def f[T](cls: T, **kw) -> T:\n    pass\n"
        );
    }
}
