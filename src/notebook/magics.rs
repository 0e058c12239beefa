//! IPython syntax in code cells, masked so the rest parses as Python: line magics
//! (`%matplotlib inline`), shell escapes (`!pip install x`), help (`obj?`, `??obj`),
//! assignments from them (`files = !ls`, `t = %timeit -o f()`), and cell magics (`%%bash`:
//! the whole cell is not Python; `%%time`: only the first line is IPython).
//!
//! Masking keeps the line structure: every line stays one line, so a finding's line in
//! the joined module is its line in the cell, and columns on other lines are unchanged. A
//! masked statement becomes `pass` (at its indentation, so a block stays a block) and a
//! masked value `...`. IPython only reads these at the start of a logical line, so lines
//! inside brackets, strings or after a backslash continuation are left alone (`(a\n % b)`
//! is Python's modulo).

/// Cell magics whose body is Python: only their first line is masked.
const PYTHON_CELL_MAGICS: &[&str] = &[
    "time", "timeit", "capture", "prun", "debug", "python", "python3", "pypy",
];

/// The cell's source with IPython syntax masked, and whether each line was masked.
pub fn mask(source: &str) -> (String, Vec<bool>) {
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    let mut masked = String::with_capacity(source.len());
    let mut flags = Vec::with_capacity(lines.len());
    if let Some(magic) = cell_magic(&lines) {
        let python_body = PYTHON_CELL_MAGICS.contains(&magic);
        let mut seen_magic = false;
        for line in &lines {
            let is_magic_line = !seen_magic && !line.trim().is_empty();
            seen_magic |= is_magic_line;
            if is_magic_line || !python_body {
                masked.push_str(line_ending(line));
                flags.push(true);
            } else {
                masked.push_str(line);
                flags.push(false);
            }
        }
        return (masked, flags);
    }
    let mut state = State::default();
    let mut continued_magic = false;
    for line in &lines {
        if continued_magic {
            // A magic continued with a backslash: the continuation is IPython too.
            continued_magic = ends_with_backslash(line);
            masked.push_str(line_ending(line));
            flags.push(true);
            continue;
        }
        if state.at_logical_start() {
            if let Some(replacement) = replace_magic(line) {
                continued_magic = ends_with_backslash(line);
                masked.push_str(&replacement);
                flags.push(true);
                continue;
            }
        }
        state.scan(line);
        masked.push_str(line);
        flags.push(false);
    }
    (masked, flags)
}

/// The name of the cell magic (`%%bash` gives `bash`) if the cell starts with one.
fn cell_magic<'s>(lines: &[&'s str]) -> Option<&'s str> {
    let first = lines.iter().find(|l| !l.trim().is_empty())?;
    let name = first.trim_start().strip_prefix("%%")?;
    Some(name.split(|c: char| c.is_whitespace()).next().unwrap_or(""))
}

/// What a magic line becomes, or `None` when the line is Python.
fn replace_magic(line: &str) -> Option<String> {
    let content = line.trim_end_matches(['\n', '\r']);
    let stripped = content.trim_start();
    let indent = &content[..content.len() - stripped.len()];
    let ending = &line[content.len()..];
    let escapes =
        stripped.starts_with('%') || stripped.starts_with('!') || stripped.starts_with('?');
    let help = !stripped.contains(['#', '"', '\'']) && stripped.ends_with('?');
    if escapes || help {
        return Some(format!("{indent}pass{ending}"));
    }
    let target = assignment_from_magic(stripped)?;
    Some(format!("{indent}{target}= ...{ending}"))
}

/// `files = !ls`, `out = %sx cmd`: the target part (`files `) when the value is IPython.
fn assignment_from_magic(stripped: &str) -> Option<&str> {
    let equals = stripped.find('=')?;
    let (target, value) = (&stripped[..equals], &stripped[equals + 1..]);
    let plain_assignment = !value.starts_with('=')
        && !target.ends_with([
            '!', '<', '>', '=', ':', '+', '-', '*', '/', '%', '&', '|', '^', '@',
        ]);
    let target_like = !target.trim().is_empty()
        && target.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, '_' | '.' | ',' | ' ' | '\t' | '[' | ']' | '(' | ')')
        });
    let value = value.trim_start();
    (plain_assignment && target_like && (value.starts_with('!') || value.starts_with('%')))
        .then_some(target)
}

fn line_ending(line: &str) -> &str {
    let content = line.trim_end_matches(['\n', '\r']);
    &line[content.len()..]
}

fn ends_with_backslash(line: &str) -> bool {
    line.trim_end_matches(['\n', '\r']).ends_with('\\')
}

/// Where a line-by-line scan of Python stands between lines.
#[derive(Debug, Default)]
struct State {
    /// Open brackets.
    depth: usize,
    /// Inside a triple-quoted string with this quote character.
    triple: Option<u8>,
    /// The last line ended with a backslash continuation.
    continued: bool,
}

impl State {
    fn at_logical_start(&self) -> bool {
        self.depth == 0 && self.triple.is_none() && !self.continued
    }

    /// Advances over one line: strings, comments and brackets.
    fn scan(&mut self, line: &str) {
        let bytes = line.as_bytes();
        let mut at = 0;
        self.continued = false;
        while at < bytes.len() {
            if let Some(quote) = self.triple {
                match bytes[at] {
                    b'\\' => at += 2,
                    c if c == quote && bytes[at..].starts_with(&[quote; 3]) => {
                        self.triple = None;
                        at += 3;
                    }
                    _ => at += 1,
                }
                continue;
            }
            match bytes[at] {
                b'#' => break,
                quote @ (b'"' | b'\'') => {
                    if bytes[at..].starts_with(&[quote; 3]) {
                        self.triple = Some(quote);
                        at += 3;
                        continue;
                    }
                    // A one-line string: to its closing quote, or the end of the line.
                    at += 1;
                    while at < bytes.len() && bytes[at] != quote && bytes[at] != b'\n' {
                        at += if bytes[at] == b'\\' { 2 } else { 1 };
                    }
                    at += 1;
                }
                b'(' | b'[' | b'{' => {
                    self.depth += 1;
                    at += 1;
                }
                b')' | b']' | b'}' => {
                    self.depth = self.depth.saturating_sub(1);
                    at += 1;
                }
                b'\\' if matches!(bytes.get(at + 1), Some(b'\n' | b'\r') | None) => {
                    self.continued = true;
                    at += 1;
                }
                _ => at += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(source: &str) -> String {
        mask(source).0
    }

    #[test]
    fn masks_line_magics_shell_escapes_and_help() {
        assert_eq!(
            masked("%matplotlib inline\nimport numpy as np\n!pip install x\nnp.sum?\n??np\n"),
            "pass\nimport numpy as np\npass\npass\npass\n"
        );
        assert_eq!(
            masked("for f in files:\n    !echo it's {f}\n    %time g(f)\n"),
            "for f in files:\n    pass\n    pass\n"
        );
        assert_eq!(
            masked("files = !ls *.csv\nt = %timeit -o f()\n"),
            "files = ...\nt = ...\n"
        );
        assert_eq!(masked("%time x = \\\n    f()\ny = 1"), "pass\n\ny = 1");
    }

    #[test]
    fn leaves_python_alone() {
        let python = "x = (a\n     % b)\ny = \"\"\"\n%not a magic\n!nor this\n\"\"\"\nz = a != b\nw = c % d\nif x != y: pass\nq = '?'\n";
        assert_eq!(masked(python), python);
        let (_, flags) = mask(python);
        assert!(flags.iter().all(|f| !f));
    }

    #[test]
    fn cell_magics() {
        let (text, flags) = mask("%%bash\necho hi\nls\n");
        assert_eq!(text, "\n\n\n");
        assert_eq!(flags, [true, true, true]);
        let (text, flags) = mask("\n%%timeit -n 10\ntotal = sum(range(10))\n");
        assert_eq!(text, "\n\ntotal = sum(range(10))\n");
        assert_eq!(flags, [false, true, false]);
    }
}
