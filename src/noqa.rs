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

/// The comments that start inside `line` (a byte range of the source).
pub fn comments_on_line(
    comments: &[TextRange],
    line: std::ops::Range<usize>,
) -> impl Iterator<Item = TextRange> + '_ {
    let first = comments.partition_point(|c| (u32::from(c.start()) as usize) < line.start);
    comments[first..]
        .iter()
        .take_while(move |c| (u32::from(c.start()) as usize) < line.end)
        .copied()
}

/// The comment on `line` whose directive suppresses `code`, if any.
pub fn suppressing_comment(
    source: &str,
    comments: &[TextRange],
    line: std::ops::Range<usize>,
    code: &str,
) -> Option<TextRange> {
    let first = comments.partition_point(|c| (u32::from(c.start()) as usize) < line.start);
    comments[first..]
        .iter()
        .take_while(|c| (u32::from(c.start()) as usize) < line.end)
        .find(|c| parse_directive(&source[**c]).is_some_and(|d| d.suppresses(code)))
        .copied()
}

/// A pyexpert code in a `# noqa: ...` directive that suppressed nothing (PX0002).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnusedCode {
    /// The code's text in the comment.
    pub range: TextRange,
    pub code: String,
    /// No pyexpert rule has this code.
    pub unknown: bool,
}

/// The pyexpert codes (`PX...`) of coded directives that did not suppress a finding.
/// `used(comment, code)` says whether the directive in `comment` silenced a finding with
/// `code`; `checked(code)` whether the run checks that code in this file at all (a code
/// whose rule did not run cannot be judged). Other tools' codes are never judged, nor are
/// directives that list PX0002 itself (a deliberate keep).
pub fn unused_codes(
    source: &str,
    comments: &[TextRange],
    used: impl Fn(TextRange, &str) -> bool,
    checked: impl Fn(&str) -> bool,
) -> Vec<UnusedCode> {
    let mut unused = Vec::new();
    for &comment in comments {
        let Some(Directive::Codes(codes)) = parse_directive(&source[comment]) else {
            continue;
        };
        if codes.iter().any(|c| c.eq_ignore_ascii_case("PX0002")) {
            continue;
        }
        for code in codes {
            let is_ours = code.len() > 2 && code[..2].eq_ignore_ascii_case("PX");
            if !is_ours {
                continue;
            }
            let known = crate::registry::find(code).is_some();
            if (known && !checked(&code.to_ascii_uppercase())) || used(comment, code) {
                continue;
            }
            // `code` is a slice of `source`: its offset is where it starts in the file.
            let start = code.as_ptr() as usize - source.as_ptr() as usize;
            unused.push(UnusedCode {
                range: TextRange::new((start as u32).into(), ((start + code.len()) as u32).into()),
                code: code.to_string(),
                unknown: !known,
            });
        }
    }
    unused
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

    #[test]
    fn unused_codes_are_judged_only_when_their_rule_ran() {
        let source = "a = 1  # noqa: PX0701, E501\nb = 2  # noqa: px0702\nc = 3  # noqa: PX0703, PX0002\nd = 4  # noqa: PX9990\ne = 5  # noqa\n";
        let comments = crate::scan::comment_ranges(source);
        let used = |_: TextRange, code: &str| code == "px0702";
        let checked = |code: &str| code != "PX0703";
        let unused = unused_codes(source, &comments, used, checked);
        let found: Vec<(&str, bool)> = unused
            .iter()
            .map(|u| (&source[u.range], u.unknown))
            .collect();
        assert_eq!(found, [("PX0701", false), ("PX9990", true)]);
    }
}
