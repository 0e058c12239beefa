//! Checks of other linters that look for the same thing as a pyexpert rule, and the
//! suppression comments that name them.
//!
//! A line that silences the same check for another tool (`# noqa: RUF006` on a dropped
//! task, `# pylint: disable=eq-without-hash`, `# nosec B307`) carries its author's verdict,
//! so by default it silences pyexpert's finding too (`respect-equivalent-noqa = false`
//! turns that off). Only checks marked [`Overlap::Same`] count: a check that merely
//! overlaps (it flags the same construct for another reason, or at another place) says
//! nothing about pyexpert's finding. `pyexpert rules` lists both kinds, so users running
//! several tools see where they overlap.

use crate::noqa::{self, Directive};

/// Another linter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// Ruff, and the flake8 plugins whose codes it shares (bugbear `B`, async `ASYNC`,
    /// bandit `S`, datetimez `DTZ`, pyupgrade `UP`, annotations `ANN`, comprehensions `C4`).
    Ruff,
    Pylint,
    /// Bandit itself, whose `# nosec` comments use its own `B` codes.
    Bandit,
    /// mypy, whose `# type: ignore[code]` comments name its error codes.
    Mypy,
}

impl Tool {
    pub fn as_str(self) -> &'static str {
        match self {
            Tool::Ruff => "Ruff",
            Tool::Pylint => "Pylint",
            Tool::Bandit => "Bandit",
            Tool::Mypy => "mypy",
        }
    }
}

/// How closely another tool's check matches the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlap {
    /// The same check on the same line: its suppression is the author's verdict.
    Same,
    /// Related: it flags some of the same code, for another reason or at another place.
    Partial,
}

/// One check of another tool.
#[derive(Debug, Clone, Copy)]
pub struct Equivalent {
    pub tool: Tool,
    /// The code as a suppression comment writes it (`RUF006`, `W1641`, `B307`).
    pub code: &'static str,
    /// Pylint's symbolic name, which `# pylint: disable=` also accepts.
    pub name: Option<&'static str>,
    pub overlap: Overlap,
}

const fn ruff(code: &'static str) -> Equivalent {
    Equivalent {
        tool: Tool::Ruff,
        code,
        name: None,
        overlap: Overlap::Same,
    }
}

const fn pylint(code: &'static str, name: &'static str) -> Equivalent {
    Equivalent {
        tool: Tool::Pylint,
        code,
        name: Some(name),
        overlap: Overlap::Same,
    }
}

const fn bandit(code: &'static str) -> Equivalent {
    Equivalent {
        tool: Tool::Bandit,
        code,
        name: None,
        overlap: Overlap::Same,
    }
}

const fn mypy(code: &'static str) -> Equivalent {
    Equivalent {
        tool: Tool::Mypy,
        code,
        name: None,
        overlap: Overlap::Same,
    }
}

const fn partial(equivalent: Equivalent) -> Equivalent {
    Equivalent {
        overlap: Overlap::Partial,
        ..equivalent
    }
}

/// Every rule's counterparts, by pyexpert code.
const TABLE: &[(&str, &[Equivalent])] = &[
    (
        "PX0104",
        &[ruff("F822"), pylint("E0603", "undefined-all-variable")],
    ),
    (
        "PX0201",
        &[
            ruff("ASYNC210"),
            ruff("ASYNC220"),
            ruff("ASYNC221"),
            ruff("ASYNC222"),
            ruff("ASYNC230"),
            ruff("ASYNC251"),
        ],
    ),
    ("PX0202", &[mypy("unused-coroutine")]),
    ("PX0204", &[ruff("RUF006")]),
    ("PX0205", &[pylint("R1708", "stop-iteration-return")]),
    (
        "PX0304",
        &[partial(pylint("E0301", "non-iterator-returned"))],
    ),
    (
        "PX0305",
        &[ruff("PLW1641"), pylint("W1641", "eq-without-hash")],
    ),
    ("PX0504", &[ruff("DTZ003"), ruff("DTZ004")]),
    ("PX0602", &[partial(ruff("RUF012"))]),
    (
        "PX0701",
        &[ruff("PLR6201"), pylint("R6201", "use-set-for-membership")],
    ),
    ("PX0702", &[pylint("R1713", "consider-using-join")]),
    ("PX0708", &[pylint("R1713", "consider-using-join")]),
    (
        "PX0704",
        &[
            ruff("C419"),
            ruff("C403"),
            pylint("R1729", "use-a-generator"),
            pylint("R1728", "consider-using-generator"),
        ],
    ),
    (
        "PX0705",
        &[ruff("B019"), pylint("W1518", "method-cache-max-size-none")],
    ),
    ("PX0901", &[pylint("E1901", "bare-name-capture-pattern")]),
    (
        "PX1101",
        &[ruff("PLC0132"), pylint("C0132", "typevar-name-mismatch")],
    ),
    // mypy files "Cannot use a covariant type variable as a parameter" under `misc`; on a
    // line where PX1102 fires, `# type: ignore[misc]` silences exactly that (typeshed's
    // `get(self, key, default: _VT_co)`).
    ("PX1102", &[mypy("misc")]),
    ("PX1104", &[ruff("UP040"), ruff("UP046"), ruff("UP047")]),
    (
        "PX1201",
        &[
            ruff("S102"),
            ruff("S307"),
            pylint("W0122", "exec-used"),
            pylint("W0123", "eval-used"),
            bandit("B102"),
            bandit("B307"),
        ],
    ),
    (
        "PX1301",
        &[
            ruff("UP007"),
            ruff("UP045"),
            pylint("R6003", "consider-alternative-union-syntax"),
        ],
    ),
    ("PX1302", &[ruff("RUF007")]),
    (
        "PX1306",
        &[
            ruff("UP006"),
            ruff("UP035"),
            pylint("W6001", "deprecated-typing-alias"),
        ],
    ),
    ("PX1401", &[ruff("RUF008"), partial(ruff("RUF009"))]),
    ("PX1503", &[ruff("B039")]),
    ("PX1605", &[pylint("R1732", "consider-using-with")]),
    (
        "PX2002",
        &[
            ruff("ANN001"),
            ruff("ANN002"),
            ruff("ANN003"),
            ruff("ANN201"),
            ruff("ANN202"),
            ruff("ANN204"),
            ruff("ANN205"),
            ruff("ANN206"),
        ],
    ),
    ("PX2101", &[partial(pylint("W0603", "global-statement"))]),
];

/// The checks of other tools that match or overlap `code`'s rule.
pub fn of(code: &str) -> &'static [Equivalent] {
    TABLE
        .iter()
        .find(|(rule, _)| rule.eq_ignore_ascii_case(code))
        .map_or(&[], |(_, equivalents)| equivalents)
}

/// The rules whose every Ruff check of the same kind the project's Ruff configuration
/// ignores (`ignore = ["UP007", "UP045"]`, or a prefix such as `"UP"`), with the Ruff codes
/// that decided it: the project has ruled on that check, as a `# noqa` does for a line.
pub fn switched_off_by_ruff(ignored: &[String]) -> Vec<(&'static str, Vec<&'static str>)> {
    let ignores = |code: &str| {
        ignored
            .iter()
            .any(|entry| !entry.is_empty() && code.starts_with(entry.as_str()))
    };
    TABLE
        .iter()
        .filter_map(|(rule, equivalents)| {
            let same: Vec<&'static str> = equivalents
                .iter()
                .filter(|e| e.tool == Tool::Ruff && e.overlap == Overlap::Same)
                .map(|e| e.code)
                .collect();
            (!same.is_empty() && same.iter().all(|code| ignores(code))).then_some((*rule, same))
        })
        .collect()
}

/// `Ruff F822 · Pylint E0603`, or `-`; a partial overlap is marked `~`.
pub fn describe(code: &str) -> String {
    let equivalents = of(code);
    if equivalents.is_empty() {
        return "-".to_string();
    }
    let mut groups: Vec<(Tool, Vec<String>)> = Vec::new();
    for e in equivalents {
        let overlap = if e.overlap == Overlap::Partial {
            "~"
        } else {
            ""
        };
        let code = format!("{overlap}{}", e.code);
        match groups.iter_mut().find(|(tool, _)| *tool == e.tool) {
            Some((_, codes)) => codes.push(code),
            None => groups.push((e.tool, vec![code])),
        }
    }
    groups
        .into_iter()
        .map(|(tool, codes)| format!("{} {}", tool.as_str(), codes.join(",")))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Whether a comment mentions another tool's suppression at all: the cheap test before a
/// flagged line's comments are read.
pub fn mentions_other_tool(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"pylint"))
        || bytes.windows(5).any(|w| w.eq_ignore_ascii_case(b"nosec"))
        || bytes.windows(12).any(|w| w == b"type: ignore")
}

/// Whether the comments of a flagged line (`line_comments`), or a `# pylint:
/// disable-next=` on the line before (`previous_comments`), suppress another tool's
/// check that is the same as pyexpert's rule `code`.
pub fn suppressed<'s>(
    code: &str,
    line_comments: impl Iterator<Item = &'s str>,
    previous_comments: impl Iterator<Item = &'s str>,
) -> bool {
    let same: Vec<&Equivalent> = of(code)
        .iter()
        .filter(|e| e.overlap == Overlap::Same)
        .collect();
    if same.is_empty() {
        return false;
    }
    let names = |e: &Equivalent, word: &str| {
        e.code.eq_ignore_ascii_case(word) || e.name.is_some_and(|n| n == word)
    };
    for comment in line_comments {
        if let Some(Directive::Codes(codes)) = noqa::parse_directive(comment) {
            let by_noqa = same
                .iter()
                .filter(|e| e.tool == Tool::Ruff)
                .any(|e| codes.iter().any(|c| names(e, c)));
            if by_noqa {
                return true;
            }
        }
        if let Some(disabled) = pylint_disabled(comment, "disable") {
            if same
                .iter()
                .filter(|e| e.tool == Tool::Pylint)
                .any(|e| disabled.iter().any(|d| names(e, d) || *d == "all"))
            {
                return true;
            }
        }
        // Only a `# type: ignore[...]` that names the code: a bare one silences every
        // type error on the line, and says nothing about this check.
        if let Some(ignored) = mypy_ignored(comment) {
            if same
                .iter()
                .filter(|e| e.tool == Tool::Mypy)
                .any(|e| ignored.contains(&e.code))
            {
                return true;
            }
        }
        if let Some(nosec) = nosec_codes(comment) {
            let bandit = same.iter().any(|e| e.tool == Tool::Bandit);
            if bandit
                && (nosec.is_empty()
                    || same
                        .iter()
                        .filter(|e| e.tool == Tool::Bandit)
                        .any(|e| nosec.iter().any(|c| names(e, c))))
            {
                return true;
            }
        }
    }
    for comment in previous_comments {
        if let Some(disabled) = pylint_disabled(comment, "disable-next") {
            if same
                .iter()
                .filter(|e| e.tool == Tool::Pylint)
                .any(|e| disabled.iter().any(|d| names(e, d)))
            {
                return true;
            }
        }
    }
    false
}

/// The messages of `# pylint: disable=a, b` (or `disable-next=` as `keyword`) in a
/// comment.
fn pylint_disabled<'c>(comment: &'c str, keyword: &str) -> Option<Vec<&'c str>> {
    let at = comment.find("pylint:")?;
    let rest = comment[at + "pylint:".len()..].trim_start();
    let rest = rest.strip_prefix(keyword)?.trim_start().strip_prefix('=')?;
    let mut messages = Vec::new();
    for part in rest.split(',') {
        let word = part.trim_start();
        let end = word
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(word.len());
        if end == 0 {
            break;
        }
        messages.push(&word[..end]);
        if end < word.trim_end().len() {
            // Something other than a separator follows: the list ends here.
            break;
        }
    }
    Some(messages)
}

/// The error codes of mypy's `# type: ignore[code, ...]` in a comment.
fn mypy_ignored(comment: &str) -> Option<Vec<&str>> {
    let at = comment.find("type:")?;
    let rest = comment[at + "type:".len()..].trim_start();
    let rest = rest.strip_prefix("ignore")?.strip_prefix('[')?;
    let codes = &rest[..rest.find(']')?];
    Some(
        codes
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect(),
    )
}

/// The codes of a bandit `# nosec` comment (empty: every check on the line).
fn nosec_codes(comment: &str) -> Option<Vec<&str>> {
    let at = comment.find("nosec")?;
    let before = comment[..at].trim_end();
    if !before.ends_with('#') {
        return None;
    }
    let rest = comment[at + "nosec".len()..].trim_start_matches([':', ' ']);
    Some(
        rest.split([',', ' '])
            .filter(|w| {
                w.len() > 1 && w.starts_with('B') && w[1..].bytes().all(|b| b.is_ascii_digit())
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on_line(code: &str, comment: &str) -> bool {
        suppressed(code, std::iter::once(comment), std::iter::empty())
    }

    #[test]
    fn other_tools_noqa_codes_for_the_same_check() {
        assert!(on_line("PX0204", "# noqa: RUF006"));
        assert!(on_line("PX0204", "# noqa: E501, RUF006 the loop keeps it"));
        assert!(on_line("PX1503", "# noqa:B039"));
        assert!(!on_line("PX0204", "# noqa: RUF005"));
        assert!(
            !on_line("PX0602", "# noqa: RUF012"),
            "a partial overlap is not a verdict"
        );
        assert!(!on_line("PX0703", "# noqa: RUF006"), "no counterpart");
    }

    #[test]
    fn pylint_disable_by_name_or_code_and_disable_next() {
        assert!(on_line("PX0305", "# pylint: disable=eq-without-hash"));
        assert!(on_line("PX0305", "# pylint:disable=too-many-lines,W1641"));
        assert!(on_line("PX1101", "# pylint: disable=all"));
        assert!(!on_line("PX1101", "# pylint: enable=typevar-name-mismatch"));
        assert!(!on_line("PX0305", "# pylint: disable=eq-without-hash-ish"));
        assert!(suppressed(
            "PX0205",
            std::iter::empty(),
            std::iter::once("# pylint: disable-next=stop-iteration-return")
        ));
        assert!(
            !suppressed(
                "PX0205",
                std::iter::empty(),
                std::iter::once("# pylint: disable=stop-iteration-return")
            ),
            "a plain disable on the line before is a block directive this does not follow"
        );
    }

    #[test]
    fn mypy_type_ignore_with_the_code() {
        assert!(on_line("PX0202", "# type: ignore[unused-coroutine]"));
        assert!(on_line(
            "PX0202",
            "# type: ignore[attr-defined, unused-coroutine]  # why"
        ));
        assert!(
            !on_line("PX0202", "# type: ignore"),
            "a bare ignore names no check"
        );
        assert!(!on_line("PX0202", "# type: ignore[attr-defined]"));
        assert!(on_line(
            "PX1102",
            "# type: ignore[misc]  # pyright: ignore[reportGeneralTypeIssues]"
        ));
    }

    #[test]
    fn bandit_nosec() {
        assert!(on_line("PX1201", "# nosec"));
        assert!(on_line("PX1201", "# nosec B307"));
        assert!(!on_line("PX1201", "# nosec B101"));
        assert!(!on_line("PX0204", "# nosec"), "bandit has no such check");
        assert!(!on_line("PX1201", "# the nosecurity flag"));
    }

    #[test]
    fn every_table_entry_names_a_rule() {
        for (code, equivalents) in TABLE {
            assert!(crate::registry::find(code).is_some(), "{code}");
            assert!(!equivalents.is_empty(), "{code}");
        }
        assert_eq!(describe("PX0602"), "Ruff ~RUF012");
        assert_eq!(describe("PX0104"), "Ruff F822 · Pylint E0603");
        assert_eq!(describe("PX0703"), "-");
    }
}
