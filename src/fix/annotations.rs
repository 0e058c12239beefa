//! Annotations written as strings, for fixes that rewrite an annotation.
//!
//! An annotation that Python evaluates (no `from __future__ import annotations`) must be
//! valid at run time: `"Node" | None` raises `TypeError`, while the quoted whole,
//! `"Node | None"`, is evaluated only by whoever asks for the hints (`typing.get_type_hints`)
//! and then names `Node` at a time it exists. [`quoted`] turns the text of an annotation
//! into such a string literal: the forward references inside it lose their own quotes, and
//! the whole gets the quote character the file prefers.

/// The quote character most of the file's string literals start with (`"` on a tie).
pub fn preferred_quote(source: &str) -> char {
    let strings = crate::scan::string_ranges(source);
    let single = strings
        .iter()
        .filter(|s| quote_of(&source[(*s).clone()]) == Some('\''))
        .count();
    if single * 2 > strings.len() {
        '\''
    } else {
        '"'
    }
}

fn quote_of(literal: &str) -> Option<char> {
    literal.chars().find(|c| *c == '"' || *c == '\'')
}

/// The annotation `text` (source code, e.g. `Optional["Node"]` rewritten to
/// `"Node" | None`) as one string literal quoted with `quote`: `"Node | None"`. `None`
/// when that cannot be done without escapes: an inner string that is not a plain forward
/// reference (a prefix, an escape, a character other than a dotted name), a line break,
/// or the quote character itself left in the text.
pub fn quoted(text: &str, quote: char) -> Option<String> {
    let mut body = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['"', '\'']) {
        body.push_str(&rest[..at]);
        let delimiter = rest[at..].chars().next()?;
        let after = &rest[at + 1..];
        let end = after.find(delimiter)?;
        let reference = &after[..end];
        let plain = !reference.is_empty()
            && reference
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
        let prefixed = body
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        if !plain || prefixed {
            return None;
        }
        body.push_str(reference);
        rest = &after[end + 1..];
    }
    body.push_str(rest);
    if body.contains(['\n', '\r', '\\']) {
        return None;
    }
    Some(format!("{quote}{body}{quote}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_forward_references_lose_their_quotes() {
        assert_eq!(
            quoted("\"Node\" | None", '"').as_deref(),
            Some("\"Node | None\"")
        );
        assert_eq!(
            quoted("dict[str, 'pkg.Model']", '\'').as_deref(),
            Some("'dict[str, pkg.Model]'")
        );
        assert_eq!(quoted("int | None", '"').as_deref(), Some("\"int | None\""));
    }

    #[test]
    fn anything_that_would_need_an_escape_is_refused() {
        assert_eq!(quoted("Literal['a b']", '"'), None);
        assert_eq!(quoted("Literal[b'x']", '"'), None);
        assert_eq!(quoted("Literal[\"a\\\"\"]", '"'), None);
        assert_eq!(quoted("Union[\n int, str]", '"'), None);
    }

    #[test]
    fn the_file_decides_the_quote() {
        assert_eq!(preferred_quote("a = 'x'\nb = 'y'\nc = \"z\"\n"), '\'');
        assert_eq!(preferred_quote("a = \"x\"\nb = 'y'\n"), '"');
        assert_eq!(preferred_quote("a = 1\n"), '"');
    }
}
