//! A small Python tokenizer that knows just enough to tell code from strings and comments:
//! string literals of every kind (PEP 701 f-strings with nested quotes included), comments,
//! names and operators. Used to find `# noqa` comments in files that have findings, and to
//! find the newer syntax that `recover.rs` rewrites. It never fails: malformed input ends
//! a token where it can.

use rustpython_parser::text_size::{TextRange, TextSize};

/// The ranges of every comment (from `#` to the end of its line), in source order.
pub fn comment_ranges(source: &str) -> Vec<TextRange> {
    let mut tokenizer = Tokenizer::new(source.as_bytes());
    tokenizer.record_comments = true;
    let _ = tokenizer.tokenize_keeping_comments();
    tokenizer.comments
}

/// The byte ranges of every string literal (prefix to closing quote), in source order.
pub fn string_ranges(source: &str) -> Vec<std::ops::Range<usize>> {
    Tokenizer::new(source.as_bytes())
        .tokenize()
        .into_iter()
        .filter_map(|token| match token {
            Token::Str(string) => Some(string.start..string.end),
            _ => None,
        })
        .collect()
}

/// A string literal token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StrToken {
    /// First byte of the prefix (or of the quote without prefix).
    pub(crate) start: usize,
    /// First quote byte.
    pub(crate) quote: usize,
    /// One past the last quote.
    pub(crate) end: usize,
    pub(crate) formatted: bool,
    pub(crate) template: bool,
    /// Uses something only PEP 701 allows (or that the parser mishandles): inside a
    /// replacement field, a string, comment, backslash or line break.
    pub(crate) complex: bool,
    /// Unterminated or malformed: never rewritten, so the syntax error stays.
    pub(crate) broken: bool,
}

/// What encloses a replacement field: the quote of its f-string, and how many format specs.
#[derive(Debug, Clone, Copy)]
struct Around {
    quote: u8,
    triple: bool,
    specs: usize,
}

/// How to read a string's body.
#[derive(Debug, Clone, Copy)]
struct Body {
    /// An f-string or template string: braces open fields.
    formatted: bool,
    raw: bool,
    /// Inside a replacement field of another string.
    nested: bool,
}

/// What scanning one string found.
#[derive(Debug, Default)]
struct Scan {
    complex: bool,
    broken: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    Name {
        start: usize,
        text: Vec<u8>,
    },
    Str(StrToken),
    Op {
        start: usize,
        text: Vec<u8>,
    },
    /// The end of a logical line (a line break outside brackets, or `;`).
    Newline,
    /// A numeric literal.
    Number {
        start: usize,
    },
}

const THREE_CHAR_OPS: &[&[u8]] = &[b"**=", b"//=", b">>=", b"<<=", b"..."];
const TWO_CHAR_OPS: &[&[u8]] = &[
    b"==", b"!=", b"<=", b">=", b":=", b"->", b"**", b"//", b"<<", b">>", b"+=", b"-=", b"*=",
    b"/=", b"%=", b"&=", b"|=", b"^=", b"@=",
];

/// Just enough of Python's tokenizer to find strings (PEP 701 aware), names and operators.
pub(crate) struct Tokenizer<'s> {
    src: &'s [u8],
    pos: usize,
    depth: usize,
    record_comments: bool,
    comments: Vec<TextRange>,
    /// Where a line that starts a logical line is nothing but a `\` continuation in its
    /// first column: CPython (3.10 and later) then takes the indentation from the line it
    /// continues on, rustpython takes none.
    pub(crate) lone_continuations: Vec<usize>,
}

impl<'s> Tokenizer<'s> {
    pub(crate) fn new(src: &'s [u8]) -> Self {
        Tokenizer {
            src,
            pos: 0,
            depth: 0,
            record_comments: false,
            comments: Vec::new(),
            lone_continuations: Vec::new(),
        }
    }

    fn peek(&self, offset: usize) -> u8 {
        self.src.get(self.pos + offset).copied().unwrap_or(0)
    }

    pub(crate) fn tokenize(mut self) -> Vec<Token> {
        self.tokenize_keeping_comments()
    }

    /// The tokens; the tokenizer keeps what it recorded on the way (comments when asked,
    /// lone continuation lines).
    pub(crate) fn tokenize_keeping_comments(&mut self) -> Vec<Token> {
        let mut tokens = Vec::new();
        while self.pos < self.src.len() {
            let c = self.src[self.pos];
            match c {
                b' ' | b'\t' | b'\x0c' => self.pos += 1,
                b'\\' if matches!(self.peek(1), b'\n' | b'\r') => {
                    if self.depth == 0
                        && matches!(tokens.last(), Some(Token::Newline) | None)
                        && (self.starts_physical_line(self.pos)
                            || self.follows_lone_continuation(self.pos))
                    {
                        self.lone_continuations.push(self.pos);
                    }
                    self.pos += 2;
                }
                b'\n' | b'\r' => {
                    self.pos += 1;
                    if self.depth == 0 && !matches!(tokens.last(), Some(Token::Newline) | None) {
                        tokens.push(Token::Newline);
                    }
                }
                b'#' => self.skip_comment(),
                b'\'' | b'"' => tokens.push(Token::Str(self.string(self.pos, self.pos))),
                c if is_identifier_start(c) => {
                    let start = self.pos;
                    while self.pos < self.src.len() && is_identifier_char(self.src[self.pos]) {
                        self.pos += 1;
                    }
                    let text = &self.src[start..self.pos];
                    if matches!(self.peek(0), b'\'' | b'"') && is_string_prefix(text) {
                        tokens.push(Token::Str(self.string(start, self.pos)));
                    } else {
                        tokens.push(Token::Name {
                            start,
                            text: text.to_vec(),
                        });
                    }
                }
                c if c.is_ascii_digit() => {
                    let start = self.pos;
                    self.number();
                    tokens.push(Token::Number { start });
                }
                b';' => {
                    self.pos += 1;
                    tokens.push(Token::Newline);
                }
                _ => tokens.push(self.operator()),
            }
        }
        tokens
    }

    /// Whether `at` is the first byte of a physical line that does not continue the one
    /// before it with a backslash.
    fn starts_physical_line(&self, at: usize) -> bool {
        let before = &self.src[..at];
        let Some(&last) = before.last() else {
            return true;
        };
        if !matches!(last, b'\n' | b'\r') {
            return false;
        }
        let without_break = match before {
            [.., b'\r', b'\n'] => &before[..before.len() - 2],
            _ => &before[..before.len() - 1],
        };
        // A backslash right before the break continues that line onto this one (an
        // escaped backslash cannot end a line outside a string, where this scan is).
        without_break.last() != Some(&b'\\')
    }

    /// Whether `at` starts the line right after a recorded lone continuation (a run of
    /// them joins into one logical line).
    fn follows_lone_continuation(&self, at: usize) -> bool {
        self.lone_continuations.last().is_some_and(|&previous| {
            let line_break = previous + 1;
            let width = if self.src[line_break..].starts_with(b"\r\n") {
                2
            } else {
                1
            };
            line_break + width == at
        })
    }

    fn skip_comment(&mut self) {
        let start = self.pos;
        while self.pos < self.src.len() && !matches!(self.src[self.pos], b'\n' | b'\r') {
            self.pos += 1;
        }
        if self.record_comments {
            self.comments.push(TextRange::new(
                TextSize::from(start as u32),
                TextSize::from(self.pos as u32),
            ));
        }
    }

    fn number(&mut self) {
        while self.pos < self.src.len() {
            let c = self.src[self.pos];
            let exponent_sign = matches!(c, b'+' | b'-')
                && matches!(self.src[self.pos - 1], b'e' | b'E')
                && !self.src[..self.pos].starts_with(b"0x");
            if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || exponent_sign {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn operator(&mut self) -> Token {
        let start = self.pos;
        let rest = &self.src[self.pos..];
        let len = if THREE_CHAR_OPS.iter().any(|op| rest.starts_with(op)) {
            3
        } else if TWO_CHAR_OPS.iter().any(|op| rest.starts_with(op)) {
            2
        } else {
            // A whole UTF-8 character, so later slicing stays on boundaries.
            utf8_len(rest[0])
        };
        self.pos += len;
        match rest[0] {
            b'(' | b'[' | b'{' => self.depth += 1,
            b')' | b']' | b'}' => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        Token::Op {
            start,
            text: rest[..len].to_vec(),
        }
    }

    /// A string literal whose prefix starts at `start` and whose first quote is at `quote`.
    fn string(&mut self, start: usize, quote: usize) -> StrToken {
        let prefix = &self.src[start..quote];
        let formatted = prefix.iter().any(|b| matches!(b, b'f' | b'F'));
        let template = prefix.iter().any(|b| matches!(b, b't' | b'T'));
        let mut scan = Scan::default();
        let body = Body {
            formatted: formatted || template,
            raw: prefix.iter().any(|b| matches!(b, b'r' | b'R')),
            nested: false,
        };
        let end = self.string_body(quote, body, &mut scan);
        self.pos = end;
        StrToken {
            start,
            quote,
            end,
            formatted,
            template,
            complex: scan.complex,
            broken: scan.broken,
        }
    }

    /// Scans from the opening quote to one past the closing quote (or where an
    /// unterminated string gives up) and returns that position.
    fn string_body(&self, quote_at: usize, body: Body, scan: &mut Scan) -> usize {
        let src = self.src;
        let q = src[quote_at];
        let triple = src[quote_at..].starts_with(&[q, q, q]);
        let formatted = body.formatted;
        let mut pos = quote_at + if triple { 3 } else { 1 };
        while pos < src.len() {
            let c = src[pos];
            if triple && src[pos..].starts_with(&[q, q, q]) {
                return pos + 3;
            }
            if !triple && c == q {
                return pos + 1;
            }
            match c {
                // A backslash never escapes a brace of an f-string: `rf"\{x}"` is a
                // backslash and a field (so is `f"\{x}"`, with a warning).
                b'\\' if formatted && matches!(src.get(pos + 1), Some(b'{' | b'}')) => pos += 1,
                // `\N{EM DASH}` names a character; its braces are no field.
                b'\\' if formatted && !body.raw && src[pos + 1..].starts_with(b"N{") => {
                    pos = src[pos..]
                        .iter()
                        .position(|&b| b == b'}' || b == q || b == b'\n')
                        .map_or(src.len(), |end| {
                            pos + end + usize::from(src[pos + end] == b'}')
                        });
                }
                b'\\' => {
                    // rustpython ends a string nested in a field at the first quote like
                    // its own, escaped or not; only PEP 701 allows the escape there.
                    if body.nested && src.get(pos + 1) == Some(&q) {
                        scan.complex = true;
                    }
                    pos += 2;
                }
                b'\n' | b'\r' if !triple => {
                    scan.broken = true;
                    return pos;
                }
                b'{' if formatted => {
                    if src.get(pos + 1) == Some(&b'{') {
                        pos += 2;
                    } else {
                        let around = Around {
                            quote: q,
                            triple,
                            specs: 0,
                        };
                        pos = self.replacement_field(pos + 1, around, scan);
                    }
                }
                _ => pos += 1,
            }
        }
        scan.broken = true;
        src.len()
    }

    /// Scans a replacement field's expression (after `{`) up to one past its closing `}`.
    fn replacement_field(&self, mut pos: usize, around: Around, scan: &mut Scan) -> usize {
        let src = self.src;
        let (outer, outer_triple) = (around.quote, around.triple);
        let mut depth = 0usize;
        while pos < src.len() {
            let c = src[pos];
            match c {
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    pos += 1;
                }
                b')' | b']' => {
                    depth = depth.saturating_sub(1);
                    pos += 1;
                }
                b'}' if depth == 0 => return pos + 1,
                b'}' => {
                    depth -= 1;
                    pos += 1;
                }
                b'#' => {
                    scan.complex = true;
                    while pos < src.len() && !matches!(src[pos], b'\n' | b'\r') {
                        pos += 1;
                    }
                }
                b'\\' => {
                    scan.complex = true;
                    pos += 1;
                }
                b'\n' | b'\r' => {
                    if !outer_triple {
                        scan.complex = true;
                    }
                    pos += 1;
                }
                b'\'' | b'"' => pos = self.nested_string(pos, pos, outer, scan),
                b':' if depth == 0 => return self.format_spec(pos + 1, around, scan),
                b'!' if depth == 0 && src.get(pos + 1) != Some(&b'=') => {
                    // White space after the conversion (`{x!r }`) is PEP 701's.
                    if matches!(src.get(pos + 2), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                        scan.complex = true;
                    }
                    pos += 1;
                }
                c if is_identifier_start(c) => {
                    let start = pos;
                    while pos < src.len() && is_identifier_char(src[pos]) {
                        pos += 1;
                    }
                    if matches!(src.get(pos), Some(b'\'' | b'"'))
                        && is_string_prefix(&src[start..pos])
                    {
                        pos = self.nested_string(start, pos, outer, scan);
                    }
                }
                _ => pos += 1,
            }
        }
        scan.broken = true;
        src.len()
    }

    /// A string inside a replacement field: PEP 701 lets it reuse the outer quote.
    fn nested_string(&self, start: usize, quote: usize, outer: u8, scan: &mut Scan) -> usize {
        let src = self.src;
        let q = src[quote];
        let triple = src[quote..].starts_with(&[q, q, q]);
        // The old grammar (and rustpython) cannot nest the enclosing quote or any
        // triple-quoted string inside a field.
        if q == outer || triple {
            scan.complex = true;
        }
        let prefix = &src[start..quote];
        let formatted = prefix
            .iter()
            .any(|b| matches!(b, b'f' | b'F' | b't' | b'T'));
        if formatted {
            // Nested f-strings: rustpython handles simple ones, but a field inside a field
            // is where it gives up most; treat them all as complex.
            scan.complex = true;
        }
        let body = Body {
            formatted,
            raw: prefix.iter().any(|b| matches!(b, b'r' | b'R')),
            nested: true,
        };
        self.string_body(quote, body, scan)
    }

    /// A format spec (after `:`): literal text with nested fields, up to one past the `}`
    /// that closes the replacement field.
    fn format_spec(&self, mut pos: usize, around: Around, scan: &mut Scan) -> usize {
        let src = self.src;
        let (outer, outer_triple) = (around.quote, around.triple);
        let inner = Around {
            specs: around.specs + 1,
            ..around
        };
        while pos < src.len() {
            match src[pos] {
                b'}' => return pos + 1,
                b'{' => {
                    // A field in the spec of a field that is itself in a spec
                    // (`{x:{y:{z}}}`): the old grammar stops at two levels, PEP 701
                    // at three ("expressions nested too deeply").
                    match inner.specs {
                        0 | 1 => {}
                        2 => scan.complex = true,
                        _ => scan.broken = true,
                    }
                    pos = self.replacement_field(pos + 1, inner, scan);
                }
                b'\n' | b'\r' if !outer_triple => {
                    scan.complex = true;
                    pos += 1;
                }
                c if c == outer && !outer_triple => {
                    scan.broken = true;
                    return pos;
                }
                _ => pos += 1,
            }
        }
        scan.broken = true;
        src.len()
    }
}

fn is_identifier_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

fn is_identifier_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// `r`, `b`, `u`, `f`, `t` and their valid pairs, in either case.
fn is_string_prefix(text: &[u8]) -> bool {
    if text.is_empty() || text.len() > 2 {
        return false;
    }
    let lower: Vec<u8> = text.iter().map(u8::to_ascii_lowercase).collect();
    matches!(
        lower.as_slice(),
        b"r" | b"b" | b"u" | b"f" | b"t" | b"rb" | b"br" | b"rf" | b"fr" | b"rt" | b"tr"
    )
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comments(source: &str) -> Vec<&str> {
        comment_ranges(source).iter().map(|r| &source[*r]).collect()
    }

    #[test]
    fn finds_comments_but_not_hashes_in_strings() {
        let source = "x = 1  # one\ns = '# not'  # two\nt = \"\"\"\n# inside\n\"\"\"\n# three\n";
        assert_eq!(comments(source), ["# one", "# two", "# three"]);
    }

    #[test]
    fn handles_fstrings_with_nested_quotes_and_comments_in_fields() {
        let source = "a = f\"{d[\"#k\"]}\"  # after\nb = f\"{\n  x  # inside field\n}\"\n";
        assert_eq!(comments(source), ["# after"]);
    }

    #[test]
    fn raw_and_byte_strings_and_escapes() {
        // `r'\\'` is a raw string of two backslashes (a single one would escape the quote).
        let source = "a = r'\\\\'  # c1\nb = b\"\\\"#\"  # c2\n";
        assert_eq!(comments(source), ["# c1", "# c2"]);
    }
}
