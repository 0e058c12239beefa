//! `# noqa` directives: a blanket `# noqa` or `# noqa: PX0701, PX0702` in a comment on the
//! first line of a finding suppresses it. The directive may follow other text in the same
//! comment (`# type: ignore  # noqa: PX0701`), and codes of other tools are accepted and
//! simply never match, so one comment can serve several linters. A file-level
//! `# pyexpert: noqa` on a line of its own exempts the whole file, `# pyexpert: noqa: CODES`
//! those codes in the whole file.
//!
//! A suppression never hides more than it asks for. A directive whose code list cannot be
//! read (`# noqa:` with nothing after it, a rule name instead of a code, a comma followed by
//! something that is not a code) suppresses nothing and is reported: a warning on stderr,
//! and a PX0002 finding when that rule is selected. Rule names are not accepted in place of
//! codes: a code is what every noqa-reading tool understands, and a name is where a reason
//! may begin (`# noqa: PX0701 membership test on a three-item tuple`).

use rustpython_parser::text_size::TextRange;

/// What one comment asks to suppress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive<'a> {
    /// `# noqa` without codes: everything on the line.
    All,
    /// `# noqa: A1, B2`: only these codes.
    Codes(Vec<&'a str>),
    /// A `# noqa` whose codes cannot be read: it suppresses nothing.
    Invalid(Malformed),
}

/// Why a directive cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub reason: String,
}

impl Directive<'_> {
    pub fn suppresses(&self, code: &str) -> bool {
        match self {
            Directive::All => true,
            Directive::Codes(codes) => codes.iter().any(|c| c.eq_ignore_ascii_case(code)),
            Directive::Invalid(_) => false,
        }
    }
}

/// The example every message about a malformed list shows.
const EXAMPLE: &str = "e.g. `# noqa: PX0701, PX0702`";

/// Finds a noqa directive in one comment's text (which starts with `#`). When the comment
/// holds several, the first readable one counts; a comment whose only directives are
/// malformed gives the first of them.
pub fn parse_directive(comment: &str) -> Option<Directive<'_>> {
    let mut malformed = None;
    let mut search_from = 0;
    while let Some(hash) = comment[search_from..].find('#') {
        let at = search_from + hash;
        let after_hash = at + 1;
        search_from = after_hash;
        // A directive quoted in prose (``# noqa: E123`` in a comment that documents the
        // syntax) is an example, not a directive.
        if comment[..at].ends_with(['`', '\'', '"']) {
            continue;
        }
        let rest = comment[after_hash..].trim_start();
        let keyword_at = comment.len() - rest.len();
        // Compared as bytes: the comment is any text, and its first four bytes need not
        // end on a character boundary (`# ⫆̸` is five bytes in two characters).
        if !starts_with_ignore_case(rest, "noqa") {
            continue;
        }
        // The four bytes were ASCII, so this is a character boundary.
        let after_keyword = keyword_at + 4;
        let after = &comment[after_keyword..];
        let directive = match after.chars().next() {
            None => Directive::All,
            Some(':') => parse_codes(&after[1..]),
            Some(c) if c.is_alphanumeric() || c == '_' => continue,
            Some(c) if c.is_whitespace() => {
                let spaced = after.trim_start();
                if let Some(codes) = spaced.strip_prefix(':') {
                    // `# noqa : PX0701` lists codes; it is no blanket directive.
                    parse_codes(codes)
                } else if spaced.split([' ', '\t', ',']).next().is_some_and(is_code) {
                    // `# noqa PX0701` (no colon) means that code, not everything.
                    parse_codes(spaced)
                } else {
                    // `# noqa  reason`: a blanket directive with an explanation.
                    Directive::All
                }
            }
            Some(_) => Directive::All,
        };
        match directive {
            Directive::Invalid(why) => {
                malformed.get_or_insert(why);
            }
            valid => return Some(valid),
        }
    }
    malformed.map(Directive::Invalid)
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Codes after `noqa:`, separated by commas and/or spaces. Parsing stops at the first word
/// after whitespace that is not a code (`# noqa: PX0701 reason why`); a list with no code,
/// or a comma followed by something else, is malformed.
fn parse_codes(text: &str) -> Directive<'_> {
    let mut codes = Vec::new();
    let mut expecting = true;
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix(',') {
            rest = after;
            expecting = true;
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == ',')
            .unwrap_or(rest.len());
        let word = &rest[..end];
        if word.is_empty() {
            break;
        }
        if is_code(word) {
            codes.push(word);
            expecting = false;
            rest = &rest[end..];
            continue;
        }
        if expecting {
            return Directive::Invalid(Malformed {
                reason: not_a_code(word),
            });
        }
        // A reason after the codes.
        break;
    }
    if codes.is_empty() {
        return Directive::Invalid(Malformed {
            reason: format!("expected a comma-separated list of codes after `noqa:` ({EXAMPLE})"),
        });
    }
    Directive::Codes(codes)
}

fn not_a_code(word: &str) -> String {
    match crate::registry::all().find(|meta| meta.name == word) {
        Some(meta) => format!(
            "`{word}` is a rule name; `# noqa` takes codes: `# noqa: {}`",
            meta.code
        ),
        None => format!("`{word}` is not a rule code ({EXAMPLE})"),
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

/// What a file-level `# pyexpert: noqa` comment exempts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exemption<'a> {
    /// `# pyexpert: noqa`: every finding of a rule in the file.
    All,
    /// `# pyexpert: noqa: PX0701, PX0702`: those codes in the whole file.
    Codes(Vec<&'a str>),
    /// Unreadable: exempts nothing.
    Invalid(Malformed),
}

/// A file-level exemption in one comment's text, if it is one (`# pyexpert: noqa`, any
/// case, spaces optional around the colon).
pub fn parse_exemption(comment: &str) -> Option<Exemption<'_>> {
    let rest = comment.strip_prefix('#')?.trim_start();
    if !starts_with_ignore_case(rest, "pyexpert") {
        return None;
    }
    let rest = rest["pyexpert".len()..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    if !starts_with_ignore_case(rest, "noqa") {
        return None;
    }
    let after = &rest[4..];
    match after.chars().next() {
        None => Some(Exemption::All),
        Some(c) if c.is_alphanumeric() || c == '_' => None,
        Some(_) => {
            let spaced = after.trim_start();
            let Some(codes) = spaced.strip_prefix(':') else {
                return Some(Exemption::All);
            };
            Some(match parse_codes(codes) {
                Directive::Codes(codes) => Exemption::Codes(codes),
                Directive::Invalid(why) => Exemption::Invalid(why),
                Directive::All => Exemption::All,
            })
        }
    }
}

/// Every directive of one file, read once: line directives by comment, the file-level
/// exemptions, and what could not be read.
#[derive(Debug, Default)]
pub struct FileDirectives<'s> {
    /// Every comment of the file, in order (PX0002 reads them again).
    pub comments: Vec<TextRange>,
    /// Comments holding a line directive, in order.
    lines: Vec<(TextRange, Directive<'s>)>,
    /// The whole file is exempt.
    exempt_all: bool,
    /// Codes exempt in the whole file.
    exempt_codes: Vec<&'s str>,
    /// Directives that suppress nothing because they cannot be read, or that stand where
    /// they mean nothing (a file-level one after code), with why.
    pub problems: Vec<(TextRange, String)>,
}

impl<'s> FileDirectives<'s> {
    /// Reads the directives of `source` (scanning its comments once).
    pub fn read(source: &'s str) -> Self {
        let comments = crate::scan::comment_ranges(source);
        let mut directives = FileDirectives {
            comments,
            ..FileDirectives::default()
        };
        for index in 0..directives.comments.len() {
            let range = directives.comments[index];
            let text = &source[range];
            if let Some(exemption) = parse_exemption(text) {
                let start = u32::from(range.start()) as usize;
                let own_line = source[..start]
                    .rsplit(['\n', '\r'])
                    .next()
                    .is_some_and(|before| before.trim().is_empty());
                match exemption {
                    _ if !own_line => directives.problems.push((
                        range,
                        "invalid `# pyexpert: noqa` directive: a file-level exemption goes on a line of its own; after code it exempts nothing (write `# noqa` to silence this line)".into(),
                    )),
                    Exemption::All => directives.exempt_all = true,
                    Exemption::Codes(codes) => directives.exempt_codes.extend(codes),
                    Exemption::Invalid(why) => directives.problems.push((
                        range,
                        format!("invalid `# pyexpert: noqa` directive: {}; it exempts nothing", why.reason),
                    )),
                }
                continue;
            }
            match parse_directive(text) {
                Some(Directive::Invalid(why)) => {
                    directives.problems.push((
                        range,
                        format!(
                            "invalid `# noqa` directive: {}; it suppresses nothing",
                            why.reason
                        ),
                    ));
                }
                Some(directive) => directives.lines.push((range, directive)),
                None => {}
            }
        }
        directives
    }

    /// Whether `# pyexpert: noqa` exempts the whole file.
    pub fn exempts_file(&self) -> bool {
        self.exempt_all
    }

    /// Whether a file-level exemption covers `code`.
    pub fn exempts(&self, code: &str) -> bool {
        self.exempt_all
            || self
                .exempt_codes
                .iter()
                .any(|c| c.eq_ignore_ascii_case(code))
    }

    /// The comment on `line` (a byte range) whose directive suppresses `code`, if any.
    pub fn suppressing(&self, line: std::ops::Range<usize>, code: &str) -> Option<TextRange> {
        let first = self
            .lines
            .partition_point(|(c, _)| (u32::from(c.start()) as usize) < line.start);
        self.lines[first..]
            .iter()
            .take_while(|(c, _)| (u32::from(c.start()) as usize) < line.end)
            .find(|(_, directive)| directive.suppresses(code))
            .map(|(c, _)| *c)
    }
}

/// Whether a text contains `noqa` in any case: a cheap test before looking for comments
/// (a search for the `q`s, the rarest letter of the word).
pub fn mentions_noqa(line: &str) -> bool {
    let bytes = line.as_bytes();
    memchr::memchr2_iter(b'q', b'Q', bytes).any(|at| {
        at >= 2 && bytes[at - 2..].len() >= 4 && bytes[at - 2..at + 2].eq_ignore_ascii_case(b"noqa")
    })
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
            let is_ours = code.len() > 2 && code.as_bytes()[..2].eq_ignore_ascii_case(b"PX");
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

    fn invalid(comment: &str) -> String {
        match parse_directive(comment) {
            Some(Directive::Invalid(why)) => why.reason,
            other => panic!("{comment}: expected a malformed directive, got {other:?}"),
        }
    }

    #[test]
    fn blanket_and_coded_forms() {
        assert_eq!(parse_directive("# noqa"), Some(Directive::All));
        assert_eq!(parse_directive("#NOQA"), Some(Directive::All));
        assert_eq!(
            parse_directive("# noqa because it is generated"),
            Some(Directive::All)
        );
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
        // Neither of these is a blanket directive: they name the code they mean.
        assert_eq!(
            parse_directive("# noqa : PX0701"),
            Some(Directive::Codes(vec!["PX0701"]))
        );
        assert_eq!(
            parse_directive("# noqa PX0701, E501"),
            Some(Directive::Codes(vec!["PX0701", "E501"]))
        );
        assert_eq!(
            parse_directive("# noqa: PX0701,"),
            Some(Directive::Codes(vec!["PX0701"]))
        );
        // A later readable directive in the same comment counts.
        assert_eq!(
            parse_directive("# noqa: nonsense  # noqa: PX0701"),
            Some(Directive::Codes(vec!["PX0701"]))
        );
    }

    #[test]
    fn malformed_lists_suppress_nothing() {
        assert!(invalid("# noqa:").contains("expected a comma-separated list of codes"));
        assert!(invalid("# noqa:  ").contains("expected a comma-separated list"));
        assert_eq!(
            invalid("# noqa: blocking-call-in-async"),
            "`blocking-call-in-async` is a rule name; `# noqa` takes codes: `# noqa: PX0201`"
        );
        assert!(
            invalid("# noqa: PX0701, list-in-loop").contains("`list-in-loop` is not a rule code")
        );
        // Quoted in a comment that documents the syntax: neither a directive nor a mistake.
        assert_eq!(parse_directive("# ``# noqa: E123,W451``"), None);
        assert_eq!(parse_directive("# write '# noqa' to silence a line"), None);
        assert!(parse_directive("# ``# noqa`` # noqa: PX0701").is_some());
        assert!(invalid("# noqa: PX-0701").contains("`PX-0701`"));
        let directive = parse_directive("# noqa: blocking-call-in-async").unwrap();
        assert!(!directive.suppresses("PX0201"));
        assert!(!directive.suppresses("PX0701"));
        // Non-ASCII text around the keyword is no reason to fail.
        assert_eq!(parse_directive("# é noqa"), None);
        assert_eq!(
            parse_directive("# noqa: é"),
            Some(Directive::Invalid(Malformed {
                reason: "`é` is not a rule code (e.g. `# noqa: PX0701, PX0702`)".into()
            }))
        );
    }

    #[test]
    fn file_level_exemptions() {
        assert_eq!(parse_exemption("# pyexpert: noqa"), Some(Exemption::All));
        assert_eq!(parse_exemption("#PyExpert:NOQA"), Some(Exemption::All));
        assert_eq!(
            parse_exemption("# pyexpert: noqa: PX0701, PX0702"),
            Some(Exemption::Codes(vec!["PX0701", "PX0702"]))
        );
        assert!(matches!(
            parse_exemption("# pyexpert: noqa: nonsense"),
            Some(Exemption::Invalid(_))
        ));
        assert_eq!(parse_exemption("# ruff: noqa"), None);
        assert_eq!(parse_exemption("# pyexpert: noqadoc"), None);
        assert_eq!(parse_exemption("# noqa"), None);

        let source = "# pyexpert: noqa: PX0701\nx = 1  # pyexpert: noqa\ny = 2  # noqa: nope\nz = 3  # noqa: PX0702\n";
        let directives = FileDirectives::read(source);
        assert!(directives.exempts("PX0701") && !directives.exempts("PX0702"));
        assert!(
            !directives.exempts_file(),
            "a trailing file-level comment exempts nothing"
        );
        let lines: Vec<usize> = directives
            .problems
            .iter()
            .map(|(range, _)| {
                source[..u32::from(range.start()) as usize]
                    .matches('\n')
                    .count()
                    + 1
            })
            .collect();
        assert_eq!(lines, [2, 3]);
        let line_four = source.find("z =").unwrap()..source.len();
        assert!(directives
            .suppressing(line_four.clone(), "PX0702")
            .is_some());
        assert!(directives.suppressing(line_four, "PX0701").is_none());
    }

    #[test]
    fn not_directives() {
        assert_eq!(parse_directive("# no qa"), None);
        assert_eq!(parse_directive("# noqadoc"), None);
        assert_eq!(parse_directive("# this is fine"), None);
    }

    #[test]
    fn multi_byte_text_around_directives() {
        // Five bytes after `# `, the fourth inside a combining mark.
        assert_eq!(parse_directive("# \u{2AC6}\u{338}"), None);
        assert_eq!(parse_directive("# é"), None);
        assert_eq!(parse_directive("# 日本語のコメント"), None);
        assert_eq!(parse_directive("# 👍🏽 noqa"), None);
        assert_eq!(parse_directive("# noqaé"), None);
        assert_eq!(parse_directive("# noqa…"), Some(Directive::All));
        assert_eq!(
            parse_directive("# ⫆̸ # noqa: PX0701, E501 — 理由\u{200f}"),
            Some(Directive::Codes(vec!["PX0701", "E501"]))
        );
        assert_eq!(
            parse_directive("#\u{3000}noqa: PX0701"),
            Some(Directive::Codes(vec!["PX0701"])),
            "an ideographic space is white space"
        );
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
