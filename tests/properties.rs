//! Properties of the whole pipeline on generated Python-like input: it never panics (no
//! PX0003, no crash), positions are true on multi-byte text, reports and the `--add-noqa`
//! rewrite hold up, and a run gives the same findings whatever the thread count.
//! The generator glues fragments that the rules and the parser care about (keywords,
//! brackets, strings and f-strings, indentation, noqa comments) into mostly-almost-valid
//! files, which reach much deeper into the rules than random bytes do.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use pyexpert::report::{write_report, write_statistics, OutputFormat, ReportOptions};
use pyexpert::version::PythonVersion;
use pyexpert::{Linter, RuleSet};

const FRAGMENTS: &[&str] = &[
    "def f(items, out):",
    "async def g(x):",
    "class C(Protocol):",
    "class D[T]:",
    "@dataclass",
    "@functools.wraps(f)",
    "    ",
    "        ",
    "\n",
    "\n    ",
    "\n        ",
    "for x in items:",
    "while True:",
    "if x in [1, 2, 3, 4, 5]:",
    "elif y:",
    "else:",
    "try:",
    "except (A, B):",
    "except A, B:",
    "finally:",
    "with lock:",
    "return x",
    "yield x",
    "await asyncio.sleep(1)",
    "time.sleep(1)",
    "s += x",
    "s = ''",
    "out.append(x)",
    "import asyncio",
    "import sys",
    "from typing import TypeVar, Generic, Protocol",
    "from multiprocessing import Pool",
    "from dataclasses import dataclass, field",
    "T = TypeVar('U')",
    "sys.path.insert(0, x)",
    "exec(code)",
    "eval(s)",
    "match x:",
    "case [a, b]:",
    "case Point(x=0):",
    "case _:",
    "lambda: x",
    "global g",
    "g += 1",
    "pass",
    "...",
    "x = (",
    ")",
    "[",
    "]",
    "{",
    "}",
    "f\"{x!r:>{w}}\"",
    "f'{'nested'}'",
    "t\"{x}\"",
    "\"\"\"doc",
    "\"\"\"",
    "'",
    "# noqa: PX0701",
    "# noqa",
    "\\\n",
    "x: int | None = None",
    "def __new__(cls, *a):",
    "return super().__new__(cls, *a)",
    "def __init__(self, v):",
    "super().__init__(v)",
    "isinstance(x, C)",
    "ContextVar('v', default=[])",
    "threading.Thread(target=f)",
    "with Pool() as p:",
    "p.map(lambda v: v, xs)",
    "ast.NodeTransformer",
    "= ",
    ", ",
    ":",
    "\t",
    "\r\n",
    "\u{feff}",
    "é",
    "0x_1",
    "1e-",
    "not ",
    " and ",
    " or ",
];

fn python_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60).prop_map(|parts| {
        let mut text = String::new();
        for (i, part) in parts.iter().enumerate() {
            // Mostly one statement per line, sometimes glued together.
            if i > 0 && i % 3 == 0 {
                text.push('\n');
            } else if i > 0 {
                text.push(' ');
            }
            text.push_str(part);
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_pipeline_never_panics(source in python_like()) {
        let linter = Linter::new(RuleSet::everything(), true)
            .with_target_version(PythonVersion::LATEST);
        let report = linter.lint_bytes(source.as_bytes(), "generated.py".to_string());
        prop_assert!(!report.internal_error, "a rule panicked on:\n{source}");
        for diagnostic in &report.diagnostics {
            prop_assert!(diagnostic.code() != "PX0003", "internal error on:\n{source}");
            prop_assert!(diagnostic.start.line >= 1 && diagnostic.start.column >= 1);
            prop_assert!(diagnostic.start <= diagnostic.end);
        }
    }
}

/// Characters that take more than one byte, or that are easy to mishandle as text: accents
/// precomposed and combining, a combining mark over a symbol (a real docutils comment), CJK,
/// Hangul, emoji with modifiers, joiners and flags, right-to-left scripts and marks,
/// invisible and odd white space, the last code point.
const MULTI_BYTE: &[&str] = &[
    "é",
    "e\u{301}",
    "\u{301}",
    "\u{2AC6}\u{338}",
    "日本語",
    "中文注释",
    "한국어",
    "👍",
    "👍🏽",
    "👨\u{200d}👩\u{200d}👧",
    "🇫🇷",
    "שלום",
    "مرحبا",
    "\u{200f}",
    "\u{200e}",
    "\u{202e}",
    "\u{2066}",
    "\u{200b}",
    "\u{feff}",
    "\u{a0}",
    "\u{3000}",
    "\u{2028}",
    "\u{85}",
    "…",
    "—",
    "ß",
    "\u{10ffff}",
    "\u{fffd}",
    "noqa",
    "#",
    ":",
    ",",
    " ",
    "PX0701",
    "x",
];

/// A run of text rich in multi-byte characters, without line breaks.
fn multi_byte_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(MULTI_BYTE), 0..8).prop_map(|parts| parts.concat())
}

/// A comment or string holding multi-byte text, `# noqa` directives among them.
fn multi_byte_piece() -> impl Strategy<Value = String> {
    let shapes: &[&str] = &[
        "# {}",
        "#{}",
        "# {} # noqa: PX0701 {}",
        "# {}noqa{}",
        "# noqa:{}PX0702{}",
        "# noqa: PX0701, PX0002 {}",
        "# noqa: PX0701,{} PX0704 {}",
        "# {}  # noqa",
        "# noqa: PX9999 {}",
        "  # noqa: PX0701  # {}",
        "\"{}\"",
        "'{}'",
        "\"\"\"{}\n{}\"\"\"",
        "f\"{}{{x}}{}\"",
        "f'{x!r:>{w}}{}'",
        "f\"{'{}'}\"",
        "rf\"\\{}{x}\"",
        "b\"{}\"",
        "u'{}'",
        "{} = 1",
        "def {}(): pass",
        "x = '{}'; y = x in ['{}', 'b']",
    ];
    (
        prop::sample::select(shapes),
        multi_byte_text(),
        multi_byte_text(),
    )
        .prop_map(|(shape, first, second)| {
            shape.replacen("{}", &first, 1).replacen("{}", &second, 1)
        })
}

/// Python-like code (the fragments above) with multi-byte comments and strings on its lines.
fn multi_byte_python() -> impl Strategy<Value = String> {
    let line = (
        prop::collection::vec(prop::sample::select(FRAGMENTS), 0..4),
        prop::option::of(multi_byte_piece()),
        prop::option::of(multi_byte_piece()),
    )
        .prop_map(|(code, middle, end)| {
            let mut line = code.join(" ");
            for piece in [middle, end].into_iter().flatten() {
                line.push(' ');
                line.push_str(&piece);
            }
            line
        });
    prop::collection::vec(line, 0..20).prop_map(|lines| lines.join("\n"))
}

const FORMATS: &[OutputFormat] = &[
    OutputFormat::Full,
    OutputFormat::Concise,
    OutputFormat::Json,
    OutputFormat::JsonLines,
    OutputFormat::Github,
    OutputFormat::Sarif,
    OutputFormat::Gitlab,
];

/// The 1-based line and character column of a byte offset, counted the slow obvious way
/// (Python ends lines at `\n`, `\r\n` and `\r`).
fn line_and_column(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let mut line = 1;
    let mut column = 1;
    let mut chars = before.chars().peekable();
    while let Some(c) = chars.next() {
        let ends_line = c == '\n' || (c == '\r' && chars.peek() != Some(&'\n'));
        if ends_line {
            line += 1;
            column = 1;
        } else if c != '\r' {
            column += 1;
        }
    }
    (line, column)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Every rule, PX0002 and `# noqa` matching, every report format and the `--add-noqa`
    /// rewrite on code whose comments and strings are full of multi-byte characters.
    #[test]
    fn multi_byte_text_goes_through_everything(source in multi_byte_python()) {
        let linter = Linter::new(RuleSet::everything(), true)
            .with_target_version(PythonVersion::LATEST);
        let report = linter.lint_bytes(source.as_bytes(), "generated.py".to_string());
        prop_assert!(!report.internal_error, "a rule panicked on:\n{source}\n{:?}", report.diagnostics);
        // Offsets are into the decoded text, which has no byte-order mark.
        let text = pyexpert::source::decode(source.as_bytes()).expect("generated text is UTF-8");
        for diagnostic in &report.diagnostics {
            let (start, end) = (usize::from(diagnostic.range.start()), usize::from(diagnostic.range.end()));
            prop_assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end) && start <= end,
                "{} at {start}..{end} splits a character in:\n{source}", diagnostic.code()
            );
            let at = |l: u32, c: u32| pyexpert::diagnostic::Location { line: l, column: c };
            let (line, column) = line_and_column(&text, start);
            prop_assert_eq!(diagnostic.start, at(line, column), "{} in:\n{}", diagnostic.code(), source);
            let (line, column) = line_and_column(&text, end);
            prop_assert_eq!(diagnostic.end, at(line, column), "{} in:\n{}", diagnostic.code(), source);
        }

        let reports = [report];
        for format in FORMATS {
            let mut out = Vec::new();
            write_report(*format, &reports, &ReportOptions::default(), &mut out)
                .expect("writing to memory cannot fail");
            let text = String::from_utf8(out).expect("reports are UTF-8");
            match format {
                OutputFormat::Json | OutputFormat::Sarif | OutputFormat::Gitlab => {
                    let parsed = serde_json::from_str::<serde_json::Value>(&text);
                    prop_assert!(parsed.is_ok(), "{format:?} is not JSON: {text}");
                }
                OutputFormat::JsonLines => {
                    for line in text.lines() {
                        let parsed = serde_json::from_str::<serde_json::Value>(line);
                        prop_assert!(parsed.is_ok(), "not JSON: {line}");
                    }
                }
                _ => {}
            }
            let mut out = Vec::new();
            write_statistics(*format, &reports, &mut out).expect("writing to memory cannot fail");
        }

        // `--add-noqa` on a file that parses: it still parses, and a second run finds
        // nothing the first did not (the rewrite only silences).
        let [report] = reports;
        let parsed = !report.diagnostics.iter().any(|d| d.code() == "PX0000");
        if parsed {
            let mut by_line: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
            for diagnostic in report.diagnostics.iter().filter(|d| !d.rule.is_tool()) {
                by_line.entry(diagnostic.start.line).or_default().push(diagnostic.code());
            }
            let (rewritten, _, _) = pyexpert::add_noqa::with_directives(&source, &by_line);
            let again = linter.lint_bytes(rewritten.as_bytes(), "generated.py".to_string());
            prop_assert!(!again.internal_error, "a rule panicked on the rewrite:\n{rewritten}");
            prop_assert!(
                !again.diagnostics.iter().any(|d| d.code() == "PX0000"),
                "the rewrite no longer parses:\n{rewritten}"
            );
            let before: BTreeSet<(u32, &str)> = report
                .diagnostics
                .iter()
                .filter(|d| !d.rule.is_tool())
                .map(|d| (d.start.line, d.code()))
                .collect();
            for diagnostic in again.diagnostics.iter().filter(|d| !d.rule.is_tool()) {
                prop_assert!(
                    before.contains(&(diagnostic.start.line, diagnostic.code())),
                    "{} on line {} appeared after the rewrite:\n{}",
                    diagnostic.code(), diagnostic.start.line, rewritten
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn findings_do_not_depend_on_the_thread_count(
        sources in prop::collection::vec(prop_oneof![python_like(), multi_byte_python()], 1..8)
    ) {
        let tree = support::TempTree::new("threads");
        for (i, source) in sources.iter().enumerate() {
            tree.write(&format!("pkg/m{i}.py"), source);
        }
        tree.write("pkg/__init__.py", "");
        let run = |threads: &str| {
            support::lint_project(
                &tree.path,
                &["--isolated", "--select", "ALL", "--threads", threads],
            )
        };
        let one = run("1");
        let two = run("2");
        prop_assert_eq!(one, two);
    }
}
