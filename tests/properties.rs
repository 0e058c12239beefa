//! Properties of the whole pipeline on generated Python-like input: it never panics (no
//! PX0003, no crash), and a run gives the same findings whatever the thread count.
//! The generator glues fragments that the rules and the parser care about (keywords,
//! brackets, strings and f-strings, indentation, noqa comments) into mostly-almost-valid
//! files, which reach much deeper into the rules than random bytes do.

mod support;

use proptest::prelude::*;
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
    "if x in [1, 2, 3]:",
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn findings_do_not_depend_on_the_thread_count(
        sources in prop::collection::vec(python_like(), 1..8)
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
