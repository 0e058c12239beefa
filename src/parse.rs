//! The only module that talks to rustpython-parser. The source is lexed once, and the
//! token stream feeds the parser (watching bracket depth on the way). Comments are not
//! kept here: `# noqa` only matters in files with findings, where `scan.rs` finds them.
//!
//! Valid syntax newer than the parser (PEP 701 f-strings, template strings, type parameter
//! defaults, unparenthesised `except` lists) is recovered: when a parse fails, those
//! constructs are rewritten to same-length forms the parser accepts (see `recover.rs`) and
//! the file is parsed once more. Where rustpython would parse but read the text otherwise
//! than CPython, it is set right on every parse: `type` aliases after `;` or `:` (a pass
//! over the tokens here), lone `\` lines and `\r\n` in f-strings (`normalize.rs`).

use std::collections::VecDeque;

use rustpython_parser::ast::Stmt;
use rustpython_parser::lexer::{lex, LexResult, LexicalErrorType};
use rustpython_parser::text_size::{TextRange, TextSize};
use rustpython_parser::{parse_tokens, Mode, ParseErrorType, Tok};

use crate::recover;

/// A parsed module: its statements, and what recovery rewrote.
#[derive(Debug)]
pub struct ParsedModule {
    pub body: Vec<Stmt>,
    /// Byte ranges rewritten to recover newer syntax; findings starting inside them are
    /// dropped, since the AST there does not show the original code.
    pub rewritten: Vec<TextRange>,
}

/// Why a module could not be parsed, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: TextSize,
    pub message: String,
}

/// Lexes and parses `source` as a module, recovering newer syntax the parser lacks.
pub fn parse_module(source: &str) -> Result<ParsedModule, SyntaxError> {
    let normalized = crate::normalize::for_parser(source);
    let source = normalized.as_deref().unwrap_or(source);
    let original = match parse_once(source) {
        Ok(parsed) => return Ok(parsed),
        Err(error) => error,
    };
    let Some(recovered) = recover::rewrite_modern_syntax(source) else {
        return Err(original);
    };
    match parse_once(&recovered.source) {
        Ok(mut parsed) => {
            parsed.rewritten = recovered.regions;
            Ok(parsed)
        }
        // An error inside a rewritten region would describe the rewrite, not the file.
        Err(second)
            if recovered
                .regions
                .iter()
                .any(|region| region.contains_inclusive(second.offset)) =>
        {
            Err(original)
        }
        Err(second) => Err(second),
    }
}

/// CPython's tokenizer refuses more than this many nested brackets ("too many nested
/// parentheses"); so does pyexpert, which also keeps deeply nested trees off the stack.
pub const MAX_BRACKET_DEPTH: usize = 200;

fn parse_once(source: &str) -> Result<ParsedModule, SyntaxError> {
    let mut depth = 0usize;
    let mut too_deep: Option<TextSize> = None;
    let tokens = InlineTypeAliases::new(lex(source, Mode::Module)).inspect(|token| match token {
        Ok((Tok::Lpar | Tok::Lsqb | Tok::Lbrace, range)) => {
            depth += 1;
            if depth > MAX_BRACKET_DEPTH && too_deep.is_none() {
                too_deep = Some(range.start());
            }
        }
        Ok((Tok::Rpar | Tok::Rsqb | Tok::Rbrace, _)) => depth = depth.saturating_sub(1),
        _ => {}
    });
    let parsed = parse_tokens(tokens, Mode::Module, "<module>");
    if let Some(offset) = too_deep {
        return Err(SyntaxError {
            offset,
            message: format!(
                "too many nested parentheses (more than {MAX_BRACKET_DEPTH} levels, as CPython)"
            ),
        });
    }
    match parsed {
        Ok(rustpython_parser::ast::Mod::Module(module)) => Ok(ParsedModule {
            body: module.body,
            rewritten: Vec::new(),
        }),
        Ok(_) => unreachable!("Mode::Module always yields a module"),
        Err(error) => Err(SyntaxError {
            offset: error.offset,
            message: describe(&error.error),
        }),
    }
}

/// rustpython reads `type` as the keyword of a type alias only at the start of a line;
/// CPython (3.12) also reads it after a `;` and as the one-line body of a compound statement
/// (`x = 1; type A = int`, `class C: type A = int`). This pass turns such a `type` back into
/// the keyword, with the parser's own test: a name follows, then (after type parameters in
/// brackets) `=`. Nothing else is valid there, since two names never stand side by side in
/// an expression.
struct InlineTypeAliases<I: Iterator<Item = LexResult>> {
    tokens: I,
    lookahead: VecDeque<LexResult>,
    after_separator: bool,
}

impl<I: Iterator<Item = LexResult>> InlineTypeAliases<I> {
    fn new(tokens: I) -> Self {
        InlineTypeAliases {
            tokens,
            lookahead: VecDeque::new(),
            after_separator: false,
        }
    }

    fn peek(&mut self, index: usize) -> Option<&Tok> {
        while self.lookahead.len() <= index {
            let token = self.tokens.next()?;
            self.lookahead.push_back(token);
        }
        self.lookahead[index].as_ref().ok().map(|(token, _)| token)
    }

    /// Whether the tokens after a `type` make it an alias: `NAME [...]? =`.
    fn alias_follows(&mut self) -> bool {
        if !matches!(
            self.peek(0),
            Some(Tok::Name { .. } | Tok::Type | Tok::Match | Tok::Case)
        ) {
            return false;
        }
        let mut nesting = 0usize;
        for index in 1.. {
            match self.peek(index) {
                Some(Tok::Equal) if nesting == 0 => return true,
                Some(Tok::Lsqb) => nesting += 1,
                Some(Tok::Rsqb) if nesting > 0 => nesting -= 1,
                Some(Tok::Newline) | None => return false,
                Some(_) if nesting > 0 => {}
                Some(_) => return false,
            }
        }
        false
    }
}

impl<I: Iterator<Item = LexResult>> Iterator for InlineTypeAliases<I> {
    type Item = LexResult;

    fn next(&mut self) -> Option<LexResult> {
        let token = match self.lookahead.pop_front() {
            Some(token) => token,
            None => self.tokens.next()?,
        };
        let candidate =
            self.after_separator && matches!(&token, Ok((Tok::Name { name }, _)) if name == "type");
        self.after_separator = matches!(token, Ok((Tok::Semi | Tok::Colon, _)));
        if candidate && self.alias_follows() {
            return Some(token.map(|(_, range)| (Tok::Type, range)));
        }
        Some(token)
    }
}

/// The parser's messages are terse and sometimes print token debug names; say it plainly.
fn describe(error: &ParseErrorType) -> String {
    match error {
        ParseErrorType::Eof => "unexpected end of file".to_string(),
        ParseErrorType::ExtraToken(token) => {
            format!("unexpected extra {}", describe_token(token))
        }
        ParseErrorType::InvalidToken => "invalid token".to_string(),
        ParseErrorType::UnrecognizedToken(Tok::Indent, _) => "unexpected indent".to_string(),
        ParseErrorType::UnrecognizedToken(_, Some(expected)) if expected == "Indent" => {
            "expected an indented block".to_string()
        }
        ParseErrorType::UnrecognizedToken(token, _) => {
            format!("invalid syntax: unexpected {}", describe_token(token))
        }
        ParseErrorType::Lexical(lexical) => describe_lexical(lexical),
    }
}

/// The lexer's messages, in the same plain style as the rest (CPython's wording where the
/// lexer's own is odd).
fn describe_lexical(error: &LexicalErrorType) -> String {
    match error {
        LexicalErrorType::UnrecognizedToken { tok } => {
            format!("invalid character '{tok}' (U+{:04X})", u32::from(*tok))
        }
        LexicalErrorType::StringError => "invalid string literal".to_string(),
        LexicalErrorType::UnicodeError => "invalid unicode escape in a string literal".to_string(),
        LexicalErrorType::NestingError => "unbalanced brackets".to_string(),
        LexicalErrorType::TabsAfterSpaces => {
            "inconsistent use of tabs and spaces in indentation".to_string()
        }
        LexicalErrorType::Eof => "unexpected end of file".to_string(),
        LexicalErrorType::OtherError(message) if message == "Invalid Token" => {
            "invalid token".to_string()
        }
        other => other.to_string(),
    }
}

/// A token as a person would name it (the parser's own display quotes some tokens, prints
/// whole string literals, and uses internal names for layout tokens).
fn describe_token(token: &Tok) -> String {
    match token {
        Tok::Name { name } => format!("name '{name}'"),
        Tok::Int { .. } | Tok::Float { .. } | Tok::Complex { .. } => "number".to_string(),
        Tok::String { .. } => "string literal".to_string(),
        Tok::Newline => "end of line".to_string(),
        Tok::Indent => "indent".to_string(),
        Tok::Dedent => "dedent".to_string(),
        Tok::EndOfFile => "end of file".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_statements() {
        let parsed = parse_module("x = 1  # noqa\n# alone\ny = '# not a comment'\n").unwrap();
        assert_eq!(parsed.body.len(), 2);
        assert!(parsed.rewritten.is_empty());
    }

    #[test]
    fn type_aliases_after_semicolons_and_colons() {
        let parsed = parse_module("x = 1; type A = int\nclass C: type B[T] = list[T]\n").unwrap();
        assert!(matches!(parsed.body[1], Stmt::TypeAlias(_)));
        let Stmt::ClassDef(class) = &parsed.body[2] else {
            panic!("{:?}", parsed.body[2]);
        };
        assert!(matches!(class.body[0], Stmt::TypeAlias(_)));
        // Where `type` is a name it stays one.
        let parsed = parse_module("if c: type(x)\nx = 1; type = 3\n").unwrap();
        let Stmt::If(if_) = &parsed.body[0] else {
            panic!("{:?}", parsed.body[0]);
        };
        assert!(matches!(if_.body[0], Stmt::Expr(_)));
        assert!(matches!(parsed.body[2], Stmt::Assign(_)));
    }

    #[test]
    fn reports_where_and_why() {
        let error = parse_module("def f(:\n    pass\n").unwrap_err();
        assert_eq!(u32::from(error.offset), 6);
        assert_eq!(error.message, "invalid syntax: unexpected ':'");

        let error = parse_module("print 'hello'\n").unwrap_err();
        assert_eq!(error.message, "invalid syntax: unexpected string literal");

        let error = parse_module("if x:\npass\n").unwrap_err();
        assert_eq!(error.message, "expected an indented block");
    }
}
