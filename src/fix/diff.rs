//! `--diff`: what fixing would change, as a unified diff (three lines of context, the form
//! `patch` and `git apply` read). Lines keep their own line endings; a last line without
//! one is marked `\ No newline at end of file`, as diff does.

use std::fmt::Write;

use similar::{Algorithm, DiffOp};

use super::indent::split_lines_keeping_ends;

const CONTEXT: usize = 3;

/// The unified diff from `old` to `new` for the file shown as `path`; empty when equal.
pub fn unified(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let old_lines: Vec<&str> = split_lines_keeping_ends(old).collect();
    let new_lines: Vec<&str> = split_lines_keeping_ends(new).collect();
    let ops = similar::capture_diff_slices(Algorithm::Myers, &old_lines, &new_lines);
    let mut out = String::new();
    let _ = writeln!(out, "--- {path}\n+++ {path}");
    for group in similar::group_diff_ops(ops, CONTEXT) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        let _ = writeln!(
            out,
            "@@ -{} +{} @@",
            hunk_range(&old_range),
            hunk_range(&new_range)
        );
        for op in &group {
            match *op {
                DiffOp::Equal { old_index, len, .. } => {
                    push_lines(&mut out, ' ', &old_lines[old_index..old_index + len]);
                }
                DiffOp::Delete {
                    old_index, old_len, ..
                } => push_lines(&mut out, '-', &old_lines[old_index..old_index + old_len]),
                DiffOp::Insert {
                    new_index, new_len, ..
                } => push_lines(&mut out, '+', &new_lines[new_index..new_index + new_len]),
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    push_lines(&mut out, '-', &old_lines[old_index..old_index + old_len]);
                    push_lines(&mut out, '+', &new_lines[new_index..new_index + new_len]);
                }
            }
        }
    }
    out
}

/// `start,count` with a 1-based start (diff writes an empty range as the line before it).
fn hunk_range(range: &std::ops::Range<usize>) -> String {
    let count = range.end - range.start;
    let start = if count == 0 {
        range.start
    } else {
        range.start + 1
    };
    format!("{start},{count}")
}

fn push_lines(out: &mut String, marker: char, lines: &[&str]) {
    for line in lines {
        out.push(marker);
        out.push_str(line);
        if !line.ends_with(['\n', '\r']) {
            out.push_str("\n\\ No newline at end of file\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\n";
        let new = "a\nb\nc\nd\nE\nf\ng\nh\ni\n";
        assert_eq!(
            unified("app.py", old, new),
            "--- app.py\n+++ app.py\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
        );
    }

    #[test]
    fn missing_final_newline_is_marked_and_equal_texts_give_nothing() {
        assert_eq!(
            unified("x.py", "x = [1]", "x = {1}"),
            "--- x.py\n+++ x.py\n@@ -1,1 +1,1 @@\n-x = [1]\n\\ No newline at end of file\n+x = {1}\n\\ No newline at end of file\n"
        );
        assert_eq!(unified("x.py", "same\n", "same\n"), "");
    }

    #[test]
    fn insertions_show_their_context() {
        assert_eq!(
            unified("x.py", "a\n", "import b\na\n"),
            "--- x.py\n+++ x.py\n@@ -1,1 +1,2 @@\n+import b\n a\n"
        );
    }
}
