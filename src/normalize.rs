//! Text that rustpython parses but reads differently from CPython, set right before every
//! parse with rewrites of the same byte length (so every offset in the AST stays true for
//! the original text, where lines and columns are computed):
//!
//! - A line holding only a `\` continuation: CPython (3.10 and later) gives the line it
//!   joins the indentation of the line after it; rustpython gives it none, so a block
//!   after such a line is a syntax error or, worse, ends early. The `\` becomes a space,
//!   which makes the line blank, as CPython reads it.
//! - A `\r\n` inside an f-string: rustpython places the expressions of fields by counting
//!   the characters of the literal as its lexer returns them, each `\r\n` folded into one
//!   `\n`, so every field after a line break of a multi-line f-string in a file with
//!   Windows line endings would be placed a byte early per break (and could land inside a
//!   character). `\r\n` there becomes `\n ` (the literal text gains a space; the
//!   expressions and the line structure are unchanged).
//!
//! A file needing neither (nearly all) costs two substring searches.

use crate::scan::{Token, Tokenizer};

/// The source as rustpython must see it, or `None` when it needs no change.
pub fn for_parser(source: &str) -> Option<String> {
    let bytes = source.as_bytes();
    let crlf = memchr::memmem::find(bytes, b"\r\n").is_some();
    let line_starting_with_backslash = bytes.first() == Some(&b'\\')
        || memchr::memmem::find(bytes, b"\n\\").is_some()
        || memchr::memmem::find(bytes, b"\r\\").is_some();
    if !crlf && !line_starting_with_backslash {
        return None;
    }
    let mut tokenizer = Tokenizer::new(bytes);
    let tokens = tokenizer.tokenize_keeping_comments();
    let mut rewritten: Option<Vec<u8>> = None;
    for &at in &tokenizer.lone_continuations {
        rewritten.get_or_insert_with(|| bytes.to_vec())[at] = b' ';
    }
    if crlf {
        for token in &tokens {
            let Token::Str(string) = token else {
                continue;
            };
            if string.broken || !(string.formatted || string.template) {
                continue;
            }
            for at in memchr::memmem::find_iter(&bytes[string.quote..string.end], b"\r\n") {
                let text = rewritten.get_or_insert_with(|| bytes.to_vec());
                text[string.quote + at] = b'\n';
                text[string.quote + at + 1] = b' ';
            }
        }
    }
    // ASCII bytes replaced ASCII bytes.
    rewritten.map(|text| String::from_utf8(text).expect("still UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_backslash_lines_become_blank() {
        assert_eq!(
            for_parser("class A:\n\\\n\\\r\n    pass\n").as_deref(),
            Some("class A:\n \n \r\n    pass\n")
        );
        assert_eq!(for_parser("\\\nx = 1\n").as_deref(), Some(" \nx = 1\n"));
        // A continuation that ends a line of code, one inside brackets, and one in a
        // string stay.
        assert_eq!(for_parser("x = 1 + \\\n\\\n    2\n"), None);
        assert_eq!(for_parser("x = (\n\\\n    2)\n"), None);
        assert_eq!(for_parser("s = '''\n\\\n'''\n"), None);
    }

    #[test]
    fn line_breaks_inside_fstrings_keep_their_width_and_lose_the_carriage_return() {
        let source = "a = 1\r\nb = f\"\"\"x\r\n{y}\"\"\"\r\nc = '''\r\n'''\r\n";
        assert_eq!(
            for_parser(source).as_deref(),
            Some("a = 1\r\nb = f\"\"\"x\n {y}\"\"\"\r\nc = '''\r\n'''\r\n")
        );
        assert_eq!(for_parser("a = f'{x}'\nb = 2\n"), None);
        assert_eq!(for_parser("a = '''\r\n'''\r\n"), None);
    }
}
