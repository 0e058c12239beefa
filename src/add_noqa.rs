//! `pyexpert lint --add-noqa`: writes `# noqa: CODE` on every line that has a finding, so
//! a codebase can adopt pyexpert today and hold only new code to it. Existing comments
//! stay; an existing `# noqa: A` gains the missing codes (`# noqa: A, PX0701`); a blanket
//! `# noqa` already covers everything.
//!
//! In a notebook, directives go into the cells' sources and only the changed cells'
//! `source` values of the JSON are rewritten (see `notebook::write_cell_sources`).
//!
//! A directive can only go where a comment may: a line that ends inside a multi-line
//! string or with a backslash continuation is left alone and counted as skipped. Every
//! rewritten file is parsed again before it is written, written to a temporary file beside
//! it and renamed over it, so a crash or a full disk never leaves half a file.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use crate::linter::FileReport;
use crate::noqa::{self, Directive};
use crate::scan;

/// What `--add-noqa` did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub directives_added: usize,
    pub files_changed: usize,
    /// Lines where no comment can go (inside a string, after a continuation backslash).
    pub lines_skipped: usize,
    /// Files that could not be rewritten, with the reason.
    pub failures: Vec<String>,
}

/// Adds directives for the diagnostics of `reports` (paths as the run reached them).
pub fn add_noqa(reports: &[FileReport]) -> Outcome {
    let mut outcome = Outcome::default();
    for report in reports {
        // The tool's own diagnostics (unparsable or unreadable files) cannot be silenced
        // by a comment in the file.
        let mut by_line: BTreeMap<u32, Vec<&'static str>> = BTreeMap::new();
        for diagnostic in report.diagnostics.iter().filter(|d| !d.rule.is_tool()) {
            let codes = by_line.entry(diagnostic.start.line).or_default();
            if !codes.contains(&diagnostic.code()) {
                codes.push(diagnostic.code());
            }
        }
        if by_line.is_empty() {
            continue;
        }
        let path = Path::new(&report.path);
        let rewritten = if report.notebook.is_some() {
            rewrite_notebook(path, &by_line)
        } else {
            rewrite_file(path, &by_line)
        };
        match rewritten {
            Ok((added, skipped)) => {
                outcome.directives_added += added;
                outcome.lines_skipped += skipped;
                if added > 0 {
                    outcome.files_changed += 1;
                }
            }
            Err(reason) => outcome.failures.push(format!("{}: {reason}", report.path)),
        }
    }
    outcome
}

fn rewrite_file(
    path: &Path,
    by_line: &BTreeMap<u32, Vec<&'static str>>,
) -> Result<(usize, usize), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    // Rewriting must keep every other byte; only UTF-8 files can be edited as text safely.
    let text = String::from_utf8(bytes).map_err(|_| "not UTF-8; left unchanged".to_string())?;
    let (new_text, added, skipped) = with_directives(&text, by_line);
    if added == 0 {
        return Ok((0, skipped));
    }
    if crate::parse::parse_module(&new_text).is_err() {
        return Err("the file would no longer parse; left unchanged".into());
    }
    write_atomically(path, new_text.as_bytes()).map_err(|e| format!("cannot write: {e}"))?;
    Ok((added, skipped))
}

/// Adds directives to a notebook's cells: `by_line` counts lines of the module the code
/// cells make. Each cell gets its directives on its own lines (a line IPython syntax was
/// masked on cannot take one: it is counted as skipped), and only the cells that changed
/// are written back. The new notebook must read back as a notebook whose changed cells
/// hold exactly the new sources and whose code still parses, or the file is left alone.
fn rewrite_notebook(
    path: &Path,
    by_line: &BTreeMap<u32, Vec<&'static str>>,
) -> Result<(usize, usize), String> {
    use crate::notebook::{self, Notebook};
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    let json = String::from_utf8(bytes).map_err(|_| "not UTF-8; left unchanged".to_string())?;
    let parsed = Notebook::parse(json.as_bytes())
        .map_err(|e| format!("{e}; left unchanged"))?
        .ok_or_else(|| "not a Python notebook; left unchanged".to_string())?;
    let mut per_cell: BTreeMap<usize, BTreeMap<u32, Vec<&str>>> = BTreeMap::new();
    let mut skipped = 0;
    for (&line, codes) in by_line {
        let Some(cell) = parsed.index.cell_at(line) else {
            continue;
        };
        let within = line - cell.first_line + 1;
        if cell.masked_lines.get(within as usize - 1) == Some(&true) {
            skipped += 1;
            continue;
        }
        let index = parsed
            .index
            .cells
            .iter()
            .position(|c| c.position == cell.position)
            .expect("the cell is in the index");
        per_cell
            .entry(index)
            .or_default()
            .insert(within, codes.clone());
    }
    let mut changes = BTreeMap::new();
    let mut added = 0;
    for (index, lines) in per_cell {
        let cell = &parsed.index.cells[index];
        let (edited, count, not_placed) = with_directives(&cell.masked, &lines);
        skipped += not_placed;
        if count == 0 {
            continue;
        }
        added += count;
        // Edited lines where the cell is Python; the cell's own text where it was masked.
        let source: String = cell
            .source
            .split_inclusive('\n')
            .zip(edited.split_inclusive('\n'))
            .zip(&cell.masked_lines)
            .map(|((original, edited), masked)| if *masked { original } else { edited })
            .collect();
        changes.insert(cell.position, source);
    }
    if changes.is_empty() {
        return Ok((0, skipped));
    }
    let written = notebook::write_cell_sources(&json, &changes)
        .map_err(|e| format!("{e}; left unchanged"))?;
    let again = Notebook::parse(written.as_bytes()).ok().flatten();
    let faithful = again.as_ref().is_some_and(|again| {
        changes.iter().all(|(position, source)| {
            again
                .index
                .cells
                .iter()
                .any(|c| c.position == *position && c.source == *source)
        }) && crate::parse::parse_module(&again.module).is_ok()
    });
    if !faithful {
        return Err("the notebook would no longer read back as written; left unchanged".into());
    }
    write_atomically(path, written.as_bytes()).map_err(|e| format!("cannot write: {e}"))?;
    Ok((added, skipped))
}

/// The text with a directive on each of `by_line`'s lines (1-based), how many were added,
/// and how many lines could not take one.
pub fn with_directives(text: &str, by_line: &BTreeMap<u32, Vec<&str>>) -> (String, usize, usize) {
    let strings = scan::string_ranges(text);
    let comments = scan::comment_ranges(text);
    let lines = line_spans(text);
    let mut edits: Vec<(usize, String)> = Vec::new();
    let mut skipped = 0;
    for (&line, codes) in by_line {
        let Some(&(start, end)) = lines.get(line as usize - 1) else {
            continue;
        };
        let inside_string = strings.iter().any(|s| s.start < end && end < s.end);
        let continued = text[start..end].ends_with('\\');
        if inside_string || continued {
            skipped += 1;
            continue;
        }
        let comment = comments
            .iter()
            .find(|c| (start..end).contains(&(u32::from(c.start()) as usize)));
        match comment.map(|c| (c, noqa::parse_directive(&text[*c]))) {
            Some((_, Some(Directive::All))) => {}
            Some((range, Some(Directive::Codes(existing)))) => {
                let missing: Vec<&str> = codes
                    .iter()
                    .copied()
                    .filter(|code| !existing.iter().any(|e| e.eq_ignore_ascii_case(code)))
                    .collect();
                if missing.is_empty() {
                    continue;
                }
                // After the last code of the directive, which is a slice of this comment.
                let last = existing.last().expect("a coded directive has codes");
                let after = last.as_ptr() as usize - text.as_ptr() as usize + last.len();
                debug_assert!(after <= u32::from(range.end()) as usize);
                edits.push((after, format!(", {}", missing.join(", "))));
            }
            _ => edits.push((end, format!("  # noqa: {}", codes.join(", ")))),
        }
    }
    let added = edits.len();
    let mut result = String::with_capacity(text.len() + added * 16);
    let mut copied = 0;
    for (at, insertion) in edits {
        result.push_str(&text[copied..at]);
        result.push_str(&insertion);
        copied = at;
    }
    result.push_str(&text[copied..]);
    (result, added, skipped)
}

/// Each line's content as a byte range without its line break (`\n`, `\r\n` or `\r`).
fn line_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'\n' => {
                spans.push((start, at));
                at += 1;
                start = at;
            }
            b'\r' => {
                spans.push((start, at));
                at += if bytes.get(at + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                start = at;
            }
            _ => at += 1,
        }
    }
    if start < bytes.len() {
        spans.push((start, bytes.len()));
    }
    spans
}

/// Writes to a temporary file in the same directory (same file system), syncs it, keeps
/// the original's permissions, and renames it over `path`.
fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let directory = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temporary = directory.join(format!(".{name}.pyexpert-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(contents)?;
        file.sync_all()?;
        if let Ok(metadata) = std::fs::metadata(path) {
            std::fs::set_permissions(&temporary, metadata.permissions())?;
        }
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(text: &str, lines: &[(u32, &[&'static str])]) -> (String, usize, usize) {
        let by_line: BTreeMap<u32, Vec<&str>> =
            lines.iter().map(|(l, c)| (*l, c.to_vec())).collect();
        with_directives(text, &by_line)
    }

    #[test]
    fn appends_merges_and_keeps_comments() {
        let text =
            "a = 1\nb = 2  # keep me\nc = 3  # noqa: E501\nd = 4  # noqa\ne = 5  # noqa: PX0701\n";
        let (result, added, skipped) = add(
            text,
            &[
                (1, &["PX0701", "PX0702"]),
                (2, &["PX0701"]),
                (3, &["PX0701"]),
                (4, &["PX0701"]),
                (5, &["PX0701"]),
            ],
        );
        assert_eq!(
            result,
            "a = 1  # noqa: PX0701, PX0702\nb = 2  # keep me  # noqa: PX0701\nc = 3  # noqa: E501, PX0701\nd = 4  # noqa\ne = 5  # noqa: PX0701\n"
        );
        assert_eq!((added, skipped), (3, 0));
    }

    #[test]
    fn leaves_strings_and_continuations_alone_and_keeps_line_endings() {
        let text = "x = \"\"\"start\nend\"\"\"\ny = 1 + \\\n    2\r\nz = 3\r\n";
        let (result, added, skipped) = add(
            text,
            &[(1, &["PX0701"]), (3, &["PX0701"]), (5, &["PX0702"])],
        );
        assert_eq!(
            result,
            "x = \"\"\"start\nend\"\"\"\ny = 1 + \\\n    2\r\nz = 3  # noqa: PX0702\r\n"
        );
        assert_eq!((added, skipped), (1, 2));
    }
}
