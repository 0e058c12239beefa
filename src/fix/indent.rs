//! The file's own layout, for fixes that write new lines: its line ending, its indentation
//! unit, and re-indenting a block of lines (what wrapping code in `try:` or moving it under
//! `if __name__ == "__main__":` needs).
//!
//! Re-indenting never touches a line that starts inside a string literal (the second line
//! of a triple-quoted string is data, and indenting it would change the string), and leaves
//! blank lines blank.

use rustpython_parser::ast::{Ranged, Stmt};
use rustpython_parser::text_size::{TextRange, TextSize};

/// The line ending the file uses: that of its first line, else `\n`.
pub fn line_ending(source: &str) -> &'static str {
    match source.find(['\n', '\r']) {
        Some(at) if source[at..].starts_with("\r\n") => "\r\n",
        Some(at) if source.as_bytes()[at] == b'\r' => "\r",
        _ => "\n",
    }
}

/// Byte offset where the line holding `offset` starts.
pub fn line_start(source: &str, offset: TextSize) -> TextSize {
    let at = (u32::from(offset) as usize).min(source.len());
    let start = source[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    TextSize::from(start as u32)
}

/// Byte offset just past the line break of the line holding `offset` (the end of the file
/// when the line has none).
pub fn line_end_with_terminator(source: &str, offset: TextSize) -> TextSize {
    let at = (u32::from(offset) as usize).min(source.len());
    let end = match source[at..].find(['\n', '\r']) {
        Some(i) if source[at + i..].starts_with("\r\n") => at + i + 2,
        Some(i) => at + i + 1,
        None => source.len(),
    };
    TextSize::from(end as u32)
}

/// Byte offset of the line break ending the line holding `offset` (the end of the file when
/// the line has none).
pub fn line_end(source: &str, offset: TextSize) -> TextSize {
    let at = (u32::from(offset) as usize).min(source.len());
    let end = source[at..]
        .find(['\n', '\r'])
        .map_or(source.len(), |i| at + i);
    TextSize::from(end as u32)
}

/// The whitespace that starts the line holding `offset`.
pub fn indentation_at(source: &str, offset: TextSize) -> &str {
    let start = u32::from(line_start(source, offset)) as usize;
    let line = &source[start..];
    let width = line
        .bytes()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\x0c'))
        .count();
    &line[..width]
}

/// Whether only whitespace comes between the start of its line and `offset`: the statement
/// starting there has the line's beginning to itself.
pub fn starts_its_line(source: &str, offset: TextSize) -> bool {
    let start = u32::from(line_start(source, offset)) as usize;
    source[start..u32::from(offset) as usize]
        .bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\x0c'))
}

/// Whether only whitespace comes between `offset` and the end of its line (no comment, no
/// `;` and another statement).
pub fn ends_its_line(source: &str, offset: TextSize) -> bool {
    let end = u32::from(line_end(source, offset)) as usize;
    source[u32::from(offset) as usize..end]
        .bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\x0c'))
}

/// Whether only whitespace or a comment comes between `offset` and the end of its line.
pub fn ends_in_comment_or_nothing(source: &str, offset: TextSize) -> bool {
    let end = u32::from(line_end(source, offset)) as usize;
    let rest = source[u32::from(offset) as usize..end].trim_start_matches([' ', '\t', '\x0c']);
    rest.is_empty() || rest.starts_with('#')
}

/// The lines of a statement that starts its line and has nothing after it on its last line
/// but a comment: from the start of its first line through the line break of its last.
pub fn statement_lines(source: &str, range: TextRange) -> Option<TextRange> {
    if !starts_its_line(source, range.start()) || !ends_in_comment_or_nothing(source, range.end()) {
        return None;
    }
    Some(TextRange::new(
        line_start(source, range.start()),
        line_end_with_terminator(source, range.end()),
    ))
}

/// The lines a statement occupies, from the start of its first line through the line break
/// of its last, when it has them to itself (nothing else before it or after it on them).
pub fn own_lines(source: &str, range: TextRange) -> Option<TextRange> {
    if !starts_its_line(source, range.start()) || !ends_its_line(source, range.end()) {
        return None;
    }
    Some(TextRange::new(
        line_start(source, range.start()),
        line_end_with_terminator(source, range.end()),
    ))
}

/// The indentation one level of this file adds: what the first indented block adds to its
/// header's indentation (a tab, two spaces, four...), else four spaces.
pub fn indent_unit(source: &str, body: &[Stmt]) -> String {
    find_unit(source, body).unwrap_or_else(|| "    ".to_string())
}

fn find_unit(source: &str, body: &[Stmt]) -> Option<String> {
    for stmt in body {
        for block in crate::ast_ext::child_statement_lists(stmt) {
            let Some(first) = block.first() else {
                continue;
            };
            let outer = indentation_at(source, stmt.start());
            let inner = indentation_at(source, first.start());
            // A one-line body (`if x: y`) shares the header's line and says nothing.
            if line_start(source, first.start()) != line_start(source, stmt.start()) {
                if let Some(unit) = inner.strip_prefix(outer).filter(|u| !u.is_empty()) {
                    return Some(unit.to_string());
                }
            }
            if let Some(unit) = find_unit(source, block) {
                return Some(unit);
            }
        }
    }
    None
}

/// The text of the lines of `range` (which must start at a line start) with `prefix` added
/// at the start of each line, blank lines left blank. `None` when a line starts inside a
/// string literal: indenting it would change the string.
pub fn indented(source: &str, range: TextRange, prefix: &str) -> Option<String> {
    let strings = crate::scan::string_ranges(source);
    let text = &source[range];
    let mut result = String::with_capacity(text.len() + text.len() / 8);
    let mut offset = u32::from(range.start()) as usize;
    for line in split_lines_keeping_ends(text) {
        let inside_string = strings.iter().any(|s| s.start < offset && offset < s.end);
        let blank = line.trim_end_matches(['\n', '\r']).trim().is_empty();
        if inside_string {
            return None;
        }
        if !blank {
            result.push_str(prefix);
        }
        result.push_str(line);
        offset += line.len();
    }
    Some(result)
}

/// The lines of `text`, each with its line break (`\n`, `\r\n` or `\r`).
pub fn split_lines_keeping_ends(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let mut at = start;
        while at < bytes.len() && bytes[at] != b'\n' && bytes[at] != b'\r' {
            at += 1;
        }
        if at < bytes.len() {
            at += if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
        }
        let line = &text[start..at];
        start = at;
        Some(line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(source: &str) -> Vec<Stmt> {
        crate::parse::parse_module(source).unwrap().body
    }

    #[test]
    fn line_endings_follow_the_first_line() {
        assert_eq!(line_ending("a = 1\r\nb = 2\n"), "\r\n");
        assert_eq!(line_ending("a = 1\rb = 2\r"), "\r");
        assert_eq!(line_ending("a = 1\n"), "\n");
        assert_eq!(line_ending("a = 1"), "\n");
    }

    #[test]
    fn line_boundaries_for_every_ending() {
        let text = "ab\r\ncd\ref\ngh";
        assert_eq!(line_start(text, 5.into()), TextSize::from(4));
        assert_eq!(line_end_with_terminator(text, 1.into()), TextSize::from(4));
        assert_eq!(line_end_with_terminator(text, 5.into()), TextSize::from(7));
        assert_eq!(
            line_end_with_terminator(text, 11.into()),
            TextSize::from(12)
        );
        assert_eq!(line_end(text, 8.into()), TextSize::from(9));
    }

    #[test]
    fn the_unit_is_what_the_first_block_adds() {
        let tabs = "class A:\n\tdef f(self):\n\t\treturn 1\n";
        assert_eq!(indent_unit(tabs, &body(tabs)), "\t");
        let two = "if x: y = 1\nfor a in b:\n  pass\n";
        assert_eq!(indent_unit(two, &body(two)), "  ");
        let flat = "x = 1\n";
        assert_eq!(indent_unit(flat, &body(flat)), "    ");
    }

    #[test]
    fn indenting_skips_blank_lines_and_refuses_string_continuations() {
        let text = "a = 1\n\n# note\nb = (1,\n     2)\r\n";
        let all = TextRange::new(0.into(), TextSize::of(text));
        assert_eq!(
            indented(text, all, "    ").unwrap(),
            "    a = 1\n\n    # note\n    b = (1,\n         2)\r\n"
        );
        let string = "s = '''one\ntwo'''\n";
        let all = TextRange::new(0.into(), TextSize::of(string));
        assert_eq!(indented(string, all, "    "), None);
    }

    #[test]
    fn own_lines_need_nothing_else_on_them() {
        let text = "import a\nimport b; x = 1\n    import c  # why\n";
        let a = TextRange::new(0.into(), 8.into());
        assert_eq!(own_lines(text, a), Some(TextRange::new(0.into(), 9.into())));
        let b = TextRange::new(9.into(), 17.into());
        assert_eq!(own_lines(text, b), None);
        let c = TextRange::new(29.into(), 37.into());
        assert_eq!(own_lines(text, c), None);
    }
}
