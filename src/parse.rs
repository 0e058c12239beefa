//! The only module that talks to rustpython-parser. The source is lexed once: the token
//! stream feeds the parser and, on the way, leaves behind the comment ranges that `# noqa`
//! handling needs, so comments are never searched for a second time.

use rustpython_parser::ast::Stmt;
use rustpython_parser::lexer::lex;
use rustpython_parser::text_size::{TextRange, TextSize};
use rustpython_parser::{parse_tokens, Mode, ParseErrorType, Tok};

/// A parsed module: its statements and where its comments are.
#[derive(Debug)]
pub struct ParsedModule {
    pub body: Vec<Stmt>,
    /// Comment token ranges (each starts at `#`), in source order.
    pub comments: Vec<TextRange>,
}

/// Why a module could not be parsed, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: TextSize,
    pub message: String,
}

/// Lexes and parses `source` as a module.
pub fn parse_module(source: &str) -> Result<ParsedModule, SyntaxError> {
    let mut comments = Vec::new();
    let tokens = lex(source, Mode::Module).inspect(|token| {
        if let Ok((Tok::Comment(_), range)) = token {
            comments.push(*range);
        }
    });
    match parse_tokens(tokens, Mode::Module, "<module>") {
        Ok(rustpython_parser::ast::Mod::Module(module)) => Ok(ParsedModule {
            body: module.body,
            comments,
        }),
        Ok(_) => unreachable!("Mode::Module always yields a module"),
        Err(error) => Err(SyntaxError {
            offset: error.offset,
            message: describe(&error.error),
        }),
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
        ParseErrorType::Lexical(lexical) => lexical.to_string(),
    }
}

/// A token as a person would name it (the parser's own display quotes some tokens, prints
/// whole string literals, and uses internal names for layout tokens).
fn describe_token(token: &Tok) -> String {
    match token {
        Tok::Name { name } => format!("name '{name}'"),
        Tok::Int { .. } | Tok::Float { .. } | Tok::Complex { .. } => "number".to_string(),
        Tok::String { .. } => "string literal".to_string(),
        Tok::Newline | Tok::NonLogicalNewline => "end of line".to_string(),
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
    fn keeps_comments_from_the_single_lex() {
        let source = "x = 1  # noqa\n# alone\ny = '# not a comment'\n";
        let parsed = parse_module(source).unwrap();
        let texts: Vec<&str> = parsed
            .comments
            .iter()
            .map(|range| &source[*range])
            .collect();
        assert_eq!(texts, ["# noqa", "# alone"]);
        assert_eq!(parsed.body.len(), 2);
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
