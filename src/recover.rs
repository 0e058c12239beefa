//! Recovery for valid modern syntax that rustpython-parser 0.4 rejects:
//!
//! - PEP 701 f-strings (3.12): the enclosing quote reused inside a replacement field,
//!   comments, backslashes and line breaks inside fields, triple-quoted strings inside fields;
//! - PEP 750 template strings (3.14): `t"..."`;
//! - PEP 696 type parameter defaults (3.13): `class A[T = int]`;
//! - PEP 758 (3.14): `except A, B:` without parentheses;
//! - blank and comment-only lines that mix tabs and spaces (CPython ignores them; rustpython
//!   calls them inconsistent indentation), and indentation that mixes them in a way CPython
//!   accepts (a block of spaces inside a block of tabs, when both readings agree).
//!
//! When a parse fails, [`rewrite_modern_syntax`] finds these constructs with a small
//! tokenizer that knows PEP 701 nesting, and rewrites each to a form the parser accepts with
//! exactly the same byte length, so every offset in the AST stays true for the original
//! text. An f-string becomes a blank string literal, a template string becomes an f-string,
//! a type parameter default is blanked, the commas of an unparenthesised `except` list
//! become `|`, and the tabs of blank lines become spaces. The rewritten byte ranges are
//! returned so that the pipeline can drop findings that start inside them.
//!
//! Text that rustpython parses but reads differently from CPython is set right before
//! every parse, in `normalize.rs`.

use rustpython_parser::text_size::{TextRange, TextSize};

use crate::scan::{Token, Tokenizer};

/// The source with modern constructs rewritten, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    pub source: String,
    pub regions: Vec<TextRange>,
}

/// Rewrites the constructs the parser does not know. `None` when there are none.
pub fn rewrite_modern_syntax(source: &str) -> Option<Recovered> {
    let tokens = Tokenizer::new(source.as_bytes()).tokenize();
    let mut edits: Vec<(usize, Vec<u8>)> = Vec::new();
    for token in &tokens {
        if let Token::Str(string) = token {
            if string.broken {
                continue;
            }
            if (string.formatted || string.template) && string.complex {
                edits.push((
                    string.start,
                    blank_string(&source.as_bytes()[string.start..string.end]),
                ));
            } else if string.template {
                let prefix = &source.as_bytes()[string.start..string.quote];
                let rewritten: Vec<u8> = prefix
                    .iter()
                    .map(|b| match b {
                        b't' => b'f',
                        b'T' => b'F',
                        other => *other,
                    })
                    .collect();
                edits.push((string.start, rewritten));
            }
        }
    }
    edits.extend(tabs_on_blank_lines(&tokens, source.as_bytes()));
    edits.extend(tab_indentation(&tokens, source.as_bytes()));
    edits.extend(except_lists(&tokens));
    edits.extend(type_parameter_defaults(&tokens, source.as_bytes()));
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|(start, _)| *start);
    let mut bytes = source.as_bytes().to_vec();
    let mut regions = Vec::with_capacity(edits.len());
    for (start, replacement) in edits {
        let end = start + replacement.len();
        bytes[start..end].copy_from_slice(&replacement);
        regions.push(TextRange::new(
            TextSize::from(start as u32),
            TextSize::from(end as u32),
        ));
    }
    // Every replacement byte is ASCII and replaces whole characters or whole runs of
    // bytes, so the result is valid UTF-8.
    let source = String::from_utf8(bytes).ok()?;
    Some(Recovered { source, regions })
}

/// A string literal of the same byte length with nothing inside: `"    "`. Line breaks of
/// the original become spaces too: offsets are what the AST keeps, and lines and columns are
/// always computed on the original text.
fn blank_string(original: &[u8]) -> Vec<u8> {
    let mut blank = vec![b' '; original.len()];
    blank[0] = b'"';
    blank[original.len() - 1] = b'"';
    blank
}

/// CPython skips lines holding only white space or a comment before it looks at
/// indentation, whatever mix of tabs and spaces they start with; rustpython still calls
/// such a mix "inconsistent use of tabs and spaces". Their tabs become spaces (lines inside
/// string literals are text and stay).
fn tabs_on_blank_lines(tokens: &[Token], source: &[u8]) -> Vec<(usize, Vec<u8>)> {
    let strings: Vec<(usize, usize)> = tokens
        .iter()
        .filter_map(|token| match token {
            Token::Str(string) => Some((string.start, string.end)),
            _ => None,
        })
        .collect();
    let inside_string = |at: usize| {
        let after = strings.partition_point(|&(start, _)| start < at);
        after > 0 && strings[after - 1].1 > at
    };
    let mut edits = Vec::new();
    let mut line_start = 0;
    while line_start < source.len() {
        let line_end = memchr::memchr2(b'\n', b'\r', &source[line_start..])
            .map_or(source.len(), |length| line_start + length);
        let line = &source[line_start..line_end];
        let indent = line
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t' | b'\x0c'))
            .unwrap_or(line.len());
        let blank = indent == line.len() || line[indent] == b'#';
        if blank && line[..indent].contains(&b'\t') && !inside_string(line_start) {
            let spaces = line[..indent]
                .iter()
                .map(|&b| if b == b'\t' { b' ' } else { b })
                .collect();
            edits.push((line_start, spaces));
        }
        line_start = line_end
            + if source[line_end..].starts_with(b"\r\n") {
                2
            } else {
                1
            };
    }
    edits
}

/// Where each logical line starts: the offset of its physical line and of its first token.
fn logical_line_starts(tokens: &[Token], source: &[u8]) -> Vec<(usize, usize)> {
    tokens
        .iter()
        .enumerate()
        .filter(|&(index, _)| starts_line(tokens, index))
        .filter_map(|(_, token)| match token {
            Token::Name { start, .. } | Token::Op { start, .. } | Token::Number { start } => {
                Some(*start)
            }
            Token::Str(string) => Some(string.start),
            Token::Newline => None,
        })
        .filter_map(|start| {
            let line_start = source[..start]
                .iter()
                .rposition(|b| matches!(b, b'\n' | b'\r'))
                .map_or(0, |at| at + 1);
            // After `;` the token is not the first on its line, and is no indentation.
            source[line_start..start]
                .iter()
                .all(|b| matches!(b, b' ' | b'\t'))
                .then_some((line_start, start))
        })
        .collect()
}

/// CPython reads indentation twice, with tabs to the next multiple of 8 and with tabs as
/// one column, and accepts it when both readings order every line the same way; rustpython
/// orders by the counts of tabs and of spaces, and calls a block of 24 spaces inside a
/// block of two tabs inconsistent. When CPython's check passes, the byte length orders the
/// lines as the columns do, so writing each tab of the indentation as a space keeps the
/// blocks and the offsets. A file CPython rejects (or one with form feeds, which reset its
/// count) is left for the parser to report.
fn tab_indentation(tokens: &[Token], source: &[u8]) -> Vec<(usize, Vec<u8>)> {
    let starts = logical_line_starts(tokens, source);
    if !starts
        .iter()
        .any(|&(line, first)| source[line..first].contains(&b'\t'))
    {
        return Vec::new();
    }
    let mut stack: Vec<(usize, usize)> = vec![(0, 0)];
    for &(line, first) in &starts {
        let (mut column, mut alternative) = (0, 0);
        for &byte in &source[line..first] {
            if byte == b'\t' {
                column = (column / 8 + 1) * 8;
            } else {
                column += 1;
            }
            alternative += 1;
        }
        let &(top, top_alternative) = stack.last().expect("the stack keeps its base");
        if column > top {
            if alternative <= top_alternative {
                return Vec::new();
            }
            stack.push((column, alternative));
            continue;
        }
        while stack.len() > 1 && column < stack.last().expect("not empty").0 {
            stack.pop();
        }
        if stack.last() != Some(&(column, alternative)) {
            return Vec::new();
        }
    }
    starts
        .iter()
        .filter(|&&(line, first)| source[line..first].contains(&b'\t'))
        .map(|&(line, first)| (line, vec![b' '; first - line]))
        .collect()
}

/// PEP 758: `except A, B:` (no `as`) is `except (A, B):`. Writing `|` for each top-level
/// comma keeps the length and parses.
fn except_lists(tokens: &[Token]) -> Vec<(usize, Vec<u8>)> {
    let mut edits = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        if !matches!(token, Token::Name { text, .. } if text == b"except")
            || !starts_line(tokens, index)
        {
            continue;
        }
        let mut depth = 0usize;
        let mut commas = Vec::new();
        let mut has_as = false;
        for token in &tokens[index + 1..] {
            match token {
                Token::Op { text, .. } if matches!(text.as_slice(), b"(" | b"[" | b"{") => {
                    depth += 1
                }
                Token::Op { text, .. } if matches!(text.as_slice(), b")" | b"]" | b"}") => {
                    depth = depth.saturating_sub(1)
                }
                Token::Op { text, .. } if depth == 0 && text == b":" => break,
                Token::Op { text, start } if depth == 0 && text == b"," => commas.push(*start),
                Token::Name { text, .. } if depth == 0 && text == b"as" => has_as = true,
                Token::Newline => break,
                _ => {}
            }
        }
        if !has_as {
            edits.extend(commas.into_iter().map(|at| (at, b"|".to_vec())));
        }
    }
    edits
}

/// PEP 696: `[T = int]`, `[*Ts = *tuple[int]]`, `[**P = [int]]` after `class`, `def` or
/// `type` names. The default, from `=` to the next `,` or `]`, is blanked.
fn type_parameter_defaults(tokens: &[Token], source: &[u8]) -> Vec<(usize, Vec<u8>)> {
    let mut edits = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        let Token::Name { text, .. } = token else {
            continue;
        };
        if !matches!(text.as_slice(), b"class" | b"def" | b"type") {
            continue;
        }
        let after_async = index > 0
            && matches!(&tokens[index - 1], Token::Name { text, .. } if text == b"async")
            && starts_line(tokens, index - 1);
        if !(starts_line(tokens, index) || after_async) {
            continue;
        }
        let (Some(Token::Name { .. }), Some(Token::Op { text: open, .. })) =
            (tokens.get(index + 1), tokens.get(index + 2))
        else {
            continue;
        };
        if open != b"[" {
            continue;
        }
        let mut depth = 1usize;
        // Where the current parameter's `= default` starts, and whether it has any token.
        let mut default: Option<(usize, bool)> = None;
        for token in &tokens[index + 3..] {
            match token {
                Token::Op { text, start } => {
                    let closes_param = depth == 1 && matches!(text.as_slice(), b"," | b"]");
                    if closes_param {
                        // `[T = ]` is a syntax error: only a default with content is blanked.
                        if let Some((from, true)) = default.take() {
                            edits.push((from, blank_span(&source[from..*start])));
                        }
                        default = None;
                    } else if let Some((_, seen)) = default.as_mut() {
                        *seen = true;
                    }
                    match text.as_slice() {
                        b"(" | b"[" | b"{" => depth += 1,
                        b")" | b"]" | b"}" => depth -= 1,
                        b"=" if depth == 1 && default.is_none() => default = Some((*start, false)),
                        _ => {}
                    }
                    if depth == 0 {
                        break;
                    }
                }
                Token::Newline => break,
                _ => {
                    if let Some((_, seen)) = default.as_mut() {
                        *seen = true;
                    }
                }
            }
        }
    }
    edits
}

/// Spaces for every byte except line breaks.
fn blank_span(original: &[u8]) -> Vec<u8> {
    original
        .iter()
        .map(|b| if matches!(b, b'\n' | b'\r') { *b } else { b' ' })
        .collect()
}

/// Whether the token at `index` is the first of a logical line.
fn starts_line(tokens: &[Token], index: usize) -> bool {
    index == 0 || matches!(tokens[index - 1], Token::Newline)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(source: &str) -> String {
        let recovered = rewrite_modern_syntax(source).expect("something to rewrite");
        assert_eq!(recovered.source.len(), source.len(), "lengths must match");
        recovered.source
    }

    #[test]
    fn pep701_fstrings_become_blank_strings_of_the_same_length() {
        let blank = |n: usize| format!("\"{}\"", " ".repeat(n - 2));
        for fstring in [
            "f\"{a[\"k\"]}\"",
            "f\"{\n    1 + 2  # comment\n}\"",
            "f\"{'''x'''}\"",
        ] {
            assert_eq!(
                rewritten(&format!("x = {fstring}\n")),
                format!("x = {}\n", blank(fstring.len())),
                "{fstring}"
            );
        }
    }

    #[test]
    fn simple_fstrings_are_left_alone() {
        assert_eq!(
            rewrite_modern_syntax("x = f\"{a['k']:>{width}} {b!r}\"\n"),
            None
        );
        assert_eq!(
            rewrite_modern_syntax("y = 'no {braces}' + f'{{literal}}'\n"),
            None
        );
    }

    #[test]
    fn template_strings_become_fstrings() {
        assert_eq!(rewritten("t\"hi {name}\"\n"), "f\"hi {name}\"\n");
        assert_eq!(rewritten("rT'x'\n"), "rF'x'\n");
    }

    #[test]
    fn except_lists_get_bars() {
        let source = "try:\n    pass\nexcept ValueError, TypeError:\n    pass\n";
        assert!(rewritten(source).contains("except ValueError| TypeError:"));
        let with_as = "try:\n    pass\nexcept (A, B) as e:\n    pass\n";
        assert_eq!(rewrite_modern_syntax(with_as), None);
    }

    #[test]
    fn type_parameter_defaults_are_blanked() {
        assert_eq!(
            rewritten("class A[T = int, U: str = \"x\"]:\n    pass\n"),
            "class A[T      , U: str      ]:\n    pass\n"
        );
        assert_eq!(
            rewritten("def f[T = list[int]](): pass\n"),
            "def f[T            ](): pass\n"
        );
        assert_eq!(
            rewritten("type A[T = int] = list[T]\n"),
            "type A[T      ] = list[T]\n"
        );
        assert_eq!(rewrite_modern_syntax("x = d[k == 1]\n"), None);
    }

    #[test]
    fn tabs_of_blank_and_comment_lines_become_spaces() {
        assert_eq!(
            rewritten("if x:\n    y = 1\n  \t\t\n \t# c\n    z = '''\n \t\n'''\n"),
            "if x:\n    y = 1\n    \n  # c\n    z = '''\n \t\n'''\n"
        );
    }

    #[test]
    fn indentation_cpython_accepts_keeps_its_blocks_with_spaces() {
        // eigen's gdb printers: a body of 24 spaces under a `def` indented with two tabs.
        let source = "class A:\n\tclass B:\n\t\tdef next(self):\n                        return 1\n\n\t\tdef more(self):\n\t\t\treturn 2\nx = [\n\t1]\n";
        let recovered = rewritten(source);
        assert_eq!(
            recovered,
            "class A:\n class B:\n  def next(self):\n                        return 1\n\n  def more(self):\n   return 2\nx = [\n\t1]\n"
        );
        assert!(
            rustpython_parser::parse(&recovered, rustpython_parser::Mode::Module, "<test>").is_ok()
        );
    }

    #[test]
    fn indentation_cpython_rejects_is_left_to_the_parser() {
        // A tab (column 8) against spaces: a dedent to a column no block has, or the same
        // column with another byte count; CPython raises IndentationError or TabError.
        for source in [
            "if x:\n\ty = 1\n    z = 2\n",
            "if x:\n        y = 1\n\tz = 2\n",
            "if x:\n\ty = 1\n  z = 2\n",
        ] {
            assert_eq!(rewrite_modern_syntax(source), None, "{source:?}");
        }
    }

    #[test]
    fn backslashes_before_braces_and_escaped_quotes_in_fields() {
        let blank = |n: usize| format!("\"{}\"", " ".repeat(n - 2));
        // A backslash does not escape a brace, so the field reuses the quotes.
        let raw = "rf\"\\{\"a\"}\"";
        assert_eq!(
            rewritten(&format!("x = {raw}\n")),
            format!("x = {}\n", blank(raw.len()))
        );
        // The parser ends a nested string at an escaped quote like its own.
        let escaped = "f\"{'\\''}\"";
        assert_eq!(
            rewritten(&format!("x = {escaped}\n")),
            format!("x = {}\n", blank(escaped.len()))
        );
        // Escapes the parser reads right stay: other quotes, `\N{...}`.
        assert_eq!(rewrite_modern_syntax("x = f\"{'\\\"'}\"\n"), None);
        assert_eq!(rewrite_modern_syntax("x = f\"\\N{EM DASH}{a}\"\n"), None);
    }

    #[test]
    fn non_ascii_and_comments_do_not_confuse_the_scanner() {
        let source = "s = 'é'  # f\"{x[\"a\"]}\" in a comment\nname = \"ü\"\n";
        assert_eq!(rewrite_modern_syntax(source), None);
    }
}
