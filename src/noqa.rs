//! `# noqa` directives: a blanket `# noqa` or `# noqa: PX0701, PX0702` in a comment on the
//! first line of a finding suppresses it. The directive may follow other text in the same
//! comment (`# type: ignore  # noqa: PX0701`), and codes of other tools are accepted and
//! simply never match, so one comment can serve several linters.

use rustpython_parser::text_size::TextRange;

/// What one comment asks to suppress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive<'a> {
    /// `# noqa` without codes: everything on the line.
    All,
    /// `# noqa: A1, B2`: only these codes.
    Codes(Vec<&'a str>),
}

impl Directive<'_> {
    pub fn suppresses(&self, code: &str) -> bool {
        match self {
            Directive::All => true,
            Directive::Codes(codes) => codes.iter().any(|c| c.eq_ignore_ascii_case(code)),
        }
    }
}

/// Finds a noqa directive in one comment's text (which starts with `#`).
pub fn parse_directive(comment: &str) -> Option<Directive<'_>> {
    let bytes = comment.as_bytes();
    let mut search_from = 0;
    while let Some(hash) = comment[search_from..].find('#') {
        let after_hash = search_from + hash + 1;
        search_from = after_hash;
        let rest = comment[after_hash..].trim_start();
        let keyword_at = comment.len() - rest.len();
        if rest.len() < 4 || !rest[..4].eq_ignore_ascii_case("noqa") {
            continue;
        }
        let after_keyword = keyword_at + 4;
        match bytes.get(after_keyword) {
            Some(b':') => return Some(parse_codes(&comment[after_keyword + 1..])),
            Some(b) if b.is_ascii_alphanumeric() || *b == b'_' => continue,
            _ => return Some(Directive::All),
        }
    }
    None
}

/// Codes after `noqa:`, separated by commas and/or spaces; parsing stops at the first word
/// that is not a code (`# noqa: PX0701 reason why`). With no code at all the directive is a
/// blanket one, as flake8 treats it.
fn parse_codes(text: &str) -> Directive<'_> {
    let mut codes = Vec::new();
    for word in text.split([',', ' ', '\t']).filter(|w| !w.is_empty()) {
        if is_code(word) {
            codes.push(word);
        } else {
            break;
        }
    }
    if codes.is_empty() {
        Directive::All
    } else {
        Directive::Codes(codes)
    }
}

/// A rule code: letters then digits (`PX0701`, `E501`, `B008`).
fn is_code(word: &str) -> bool {
    let letters = word.bytes().take_while(u8::is_ascii_alphabetic).count();
    let digits = word[letters..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    letters > 0 && digits > 0 && letters + digits == word.len()
}

/// Whether a line contains `noqa` in any case: a cheap test before looking for comments.
pub fn mentions_noqa(line: &str) -> bool {
    line.as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"noqa"))
}

/// The directives in comments that start inside `line` (a byte range of the source).
/// `comments` is sorted by position, so this is a binary search plus a short scan.
pub fn directives_on_line<'s>(
    source: &'s str,
    comments: &[TextRange],
    line: std::ops::Range<usize>,
) -> impl Iterator<Item = Directive<'s>> + 's {
    let first = comments.partition_point(|c| (u32::from(c.start()) as usize) < line.start);
    let on_line: Vec<TextRange> = comments[first..]
        .iter()
        .take_while(|c| (u32::from(c.start()) as usize) < line.end)
        .copied()
        .collect();
    on_line
        .into_iter()
        .filter_map(move |range| parse_directive(&source[range]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanket_and_coded_forms() {
        assert_eq!(parse_directive("# noqa"), Some(Directive::All));
        assert_eq!(parse_directive("#NOQA"), Some(Directive::All));
        assert_eq!(parse_directive("# noqa:"), Some(Directive::All));
        assert_eq!(
            parse_directive("# noqa: PX0701, PX0702"),
            Some(Directive::Codes(vec!["PX0701", "PX0702"]))
        );
        assert_eq!(
            parse_directive("# noqa:PX0701,E501 because reasons"),
            Some(Directive::Codes(vec!["PX0701", "E501"]))
        );
        assert_eq!(
            parse_directive("# type: ignore  # noqa: PX0702"),
            Some(Directive::Codes(vec!["PX0702"]))
        );
    }

    #[test]
    fn not_directives() {
        assert_eq!(parse_directive("# no qa"), None);
        assert_eq!(parse_directive("# noqadoc"), None);
        assert_eq!(parse_directive("# this is fine"), None);
    }

    #[test]
    fn mentions_noqa_in_any_case() {
        assert!(mentions_noqa("x = 1  # NoQA: PX0701"));
        assert!(!mentions_noqa("x = 1  # nothing to see"));
    }

    #[test]
    fn matching_is_exact_per_code() {
        let directive = parse_directive("# noqa: PX0701, E501").unwrap();
        assert!(directive.suppresses("PX0701"));
        assert!(!directive.suppresses("PX0702"));
        assert!(Directive::All.suppresses("PX0702"));
    }
}
