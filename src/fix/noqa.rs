//! PX0002's fix: dropping codes that suppress nothing from a `# noqa: ...` directive, and
//! the directive itself when none is left.
//!
//! A code goes with the separator after it (or, last in the list, the one before it), so
//! `# noqa: PX0701, E501` becomes `# noqa: E501`. A directive that loses every code goes
//! whole: with the spaces before it when it ends the line (`x = 1  # noqa: PX0701` becomes
//! `x = 1`), after the text of a comment it follows (`# type: ignore  # noqa: PX0702`
//! keeps `# type: ignore`). A directive followed by more words (`# noqa: PX0701 see
//! #12`) cannot lose its last code: what remains would be a blanket `# noqa`, so it has no
//! fix.

use rustpython_parser::text_size::{TextRange, TextSize};

use super::{indent, Edit, Fix};
use crate::noqa::{parse_directive, Directive};

/// What removing some codes of a directive takes.
struct Removals {
    /// Every code of the directive goes, so the directive goes.
    whole: bool,
    /// One group of edits per code asked about, in the order given; empty when that code
    /// cannot be removed safely.
    edits: Vec<Vec<Edit>>,
}

/// The edits removing the codes at `unused` (ranges inside the comment) from the directive
/// in `comment`.
fn removals(source: &str, comment: TextRange, unused: &[TextRange]) -> Removals {
    let Some(Directive::Codes(codes)) = parse_directive(&source[comment]) else {
        return Removals {
            whole: false,
            edits: vec![Vec::new(); unused.len()],
        };
    };
    let codes: Vec<TextRange> = codes.iter().map(|code| slice_range(source, code)).collect();
    let gone: Vec<usize> = codes
        .iter()
        .enumerate()
        .filter(|(_, code)| unused.contains(code))
        .map(|(index, _)| index)
        .collect();
    if gone.len() == codes.len() {
        let edit = whole_directive(source, comment, &codes);
        return Removals {
            whole: true,
            edits: unused
                .iter()
                .map(|_| edit.iter().cloned().collect())
                .collect(),
        };
    }
    let runs = runs_of(&gone);
    let edits = unused
        .iter()
        .map(|code| {
            let Some(index) = codes.iter().position(|c| c == code) else {
                return Vec::new();
            };
            let Some(&(first, last)) = runs.iter().find(|(f, l)| (*f..=*l).contains(&index)) else {
                return Vec::new();
            };
            let range = if last + 1 < codes.len() {
                TextRange::new(codes[first].start(), codes[last + 1].start())
            } else {
                TextRange::new(codes[first - 1].end(), codes[last].end())
            };
            vec![Edit::deletion(range)]
        })
        .collect();
    Removals {
        whole: false,
        edits,
    }
}

/// PX0002's fixes: for each unused code (ranges in `comments`, in source order), the fix
/// that removes it, or `None` when it cannot be removed safely.
pub fn fixes(source: &str, comments: &[TextRange], unused: &[TextRange]) -> Vec<Option<Fix>> {
    let comment_of = |code: &TextRange| {
        let index = comments.partition_point(|c| c.start() <= code.start());
        index
            .checked_sub(1)
            .map(|i| comments[i])
            .filter(|c| c.contains_range(*code))
    };
    let mut result: Vec<Option<Fix>> = Vec::with_capacity(unused.len());
    let mut index = 0;
    while index < unused.len() {
        let Some(comment) = comment_of(&unused[index]) else {
            result.push(None);
            index += 1;
            continue;
        };
        let group_end = unused[index..]
            .iter()
            .position(|code| comment_of(code) != Some(comment))
            .map_or(unused.len(), |n| index + n);
        let group = &unused[index..group_end];
        let removals = removals(source, comment, group);
        for (code, edits) in group.iter().zip(removals.edits) {
            let message = if removals.whole {
                "remove the directive, which suppresses nothing".to_string()
            } else {
                format!("remove `{}` from the directive", &source[*code])
            };
            result.push(Fix::safe(message, edits));
        }
        index = group_end;
    }
    result
}

/// Consecutive indices, as `(first, last)` pairs.
fn runs_of(indices: &[usize]) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &index in indices {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == index => *last = index,
            _ => runs.push((index, index)),
        }
    }
    runs
}

/// The byte range of `part`, a slice of `source`.
fn slice_range(source: &str, part: &str) -> TextRange {
    let start = part.as_ptr() as usize - source.as_ptr() as usize;
    TextRange::new(
        TextSize::from(start as u32),
        TextSize::from((start + part.len()) as u32),
    )
}

/// The edit removing the whole directive whose codes are `codes`, if nothing follows them
/// in the comment but spaces or another comment (`# noqa: PX0701  # why`, which stays).
fn whole_directive(source: &str, comment: TextRange, codes: &[TextRange]) -> Option<Edit> {
    let last = codes.last()?.end();
    let rest = &source[TextRange::new(last, comment.end())];
    let trailing = rest.trim_start();
    if !trailing.is_empty() && !trailing.starts_with('#') {
        return None;
    }
    let first = u32::from(codes.first()?.start()) as usize;
    let comment_start = u32::from(comment.start()) as usize;
    // The `#` that starts the directive: the last one before its `noqa` keyword.
    let before_codes = &source[comment_start..first];
    let keyword = before_codes.to_ascii_lowercase().rfind("noqa")?;
    let hash = comment_start + before_codes[..keyword].rfind('#')?;
    if !trailing.is_empty() {
        // Up to the comment that follows, which keeps its own `#`.
        let end = u32::from(last) as usize + (rest.len() - trailing.len());
        return Some(Edit::deletion(TextRange::new(
            TextSize::from(hash as u32),
            TextSize::from(end as u32),
        )));
    }
    let line_start = u32::from(indent::line_start(source, comment.start())) as usize;
    let before = &source[line_start..hash];
    if hash == comment_start && before.trim().is_empty() {
        // A comment alone on its line: the line goes.
        let end = indent::line_end_with_terminator(source, comment.end());
        return Some(Edit::deletion(TextRange::new(
            TextSize::from(line_start as u32),
            end,
        )));
    }
    // After code or other comment text: the spaces before the directive go with it.
    let start = line_start + before.trim_end_matches([' ', '\t']).len();
    Some(Edit::deletion(TextRange::new(
        TextSize::from(start as u32),
        comment.end(),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::apply::apply_edits;

    /// `source` after removing the codes named in `unused` from its only comment.
    fn without(source: &str, unused: &[&str]) -> String {
        let comment = *crate::scan::comment_ranges(source).last().unwrap();
        let text = &source[comment];
        let ranges: Vec<TextRange> = unused
            .iter()
            .map(|code| {
                let at = u32::from(comment.start()) as usize + text.find(code).unwrap();
                TextRange::new((at as u32).into(), ((at + code.len()) as u32).into())
            })
            .collect();
        let mut edits: Vec<Edit> = removals(source, comment, &ranges).edits.concat();
        edits.dedup();
        apply_edits(source, &edits)
    }

    #[test]
    fn a_code_goes_with_its_separator() {
        assert_eq!(
            without("x = 1  # noqa: PX0701, E501\n", &["PX0701"]),
            "x = 1  # noqa: E501\n"
        );
        assert_eq!(
            without("x = 1  # noqa: E501, PX0701\n", &["PX0701"]),
            "x = 1  # noqa: E501\n"
        );
        assert_eq!(
            without("x = 1  # noqa: PX0701,PX0702,E501\n", &["PX0701", "PX0702"]),
            "x = 1  # noqa: E501\n"
        );
    }

    #[test]
    fn a_directive_without_codes_left_goes_whole() {
        assert_eq!(
            without("x = 1  # noqa: PX0701\r\n", &["PX0701"]),
            "x = 1\r\n"
        );
        assert_eq!(
            without("x = 1  # noqa: PX0701, PX0702", &["PX0701", "PX0702"]),
            "x = 1"
        );
        assert_eq!(
            without("x = 1  # type: ignore  # noqa: PX0702\n", &["PX0702"]),
            "x = 1  # type: ignore\n"
        );
    }

    #[test]
    fn trailing_words_keep_the_last_code_and_a_trailing_comment_stays() {
        let source = "x = 1  # noqa: PX0701 see the ticket\n";
        assert_eq!(without(source, &["PX0701"]), source);
        assert_eq!(
            without("x = 1  # noqa: PX0701  # why\n", &["PX0701"]),
            "x = 1  # why\n"
        );
    }
}
