//! Valid Python newer than the parser must never be reported as a syntax error, and
//! invalid code must still be. Validity is written by hand from the grammar of the Python
//! version named in each case (3.12 for PEP 701, 3.13 for PEP 696, 3.14 for PEP 750/758).

use pyexpert::{Linter, RuleSet};

fn syntax_errors(source: &str) -> Vec<String> {
    let linter = Linter::new(RuleSet::default_set(), false);
    linter
        .lint_bytes(source.as_bytes(), "case.py".into())
        .diagnostics
        .iter()
        .filter(|d| d.code() == "PX0000")
        .map(|d| format!("{}:{} {}", d.start.line, d.start.column, d.message))
        .collect()
}

const VALID: &[(&str, &str)] = &[
    ("3.12 same quotes nested", "songs = {'a': 1}\nx = f\"{songs[\"a\"]}\"\n"),
    ("3.12 deeply nested same quotes", "x = f\"{f\"{f\"{1}\"}\"}\"\n"),
    ("3.12 comment in field", "x = f\"{\n    1 + 2  # why\n}\"\n"),
    ("3.12 multi-line field", "x = f'{\n    a\n    + b\n}'\n"),
    ("3.12 backslash in field", "x = f\"{'\\n'.join(lines)}\"\n"),
    ("3.11 triple-quoted string in field", "x = f\"{'''it's'''}\"\n"),
    ("3.12 nested format spec with quotes", "x = f\"{value:{\"^\"}{width}}\"\n"),
    ("3.12 raw f-string with nested quotes", "x = rf\"\\d{m[\"k\"]}\"\n"),
    ("3.12 f-string in call arguments", "print(f\"{d[\"k\"]!r:>10}\", sep=\"\")\n"),
    ("3.12 triple-quoted f-string reusing quotes", "x = f\"\"\"{d[\"\"\"k\"\"\"]}\"\"\"\n"),
    ("3.12 PEP 695 generics", "class Stack[T]:\n    def push(self, x: T) -> None: ...\ntype V = list[float]\ndef first[T](xs: list[T]) -> T:\n    return xs[0]\n"),
    ("3.13 type parameter default", "class A[T = int]:\n    pass\n"),
    ("3.13 bound and default", "def f[U: str = \"x\"](a: U) -> U:\n    return a\n"),
    ("3.13 defaults on all kinds", "class B[T = int, *Ts = *tuple[int], **P = [int, str]]:\n    pass\n"),
    ("3.13 type alias default", "type Pair[T = float] = tuple[T, T]\n"),
    ("3.14 template string", "name = 'x'\ntemplate = t\"hello {name}\"\n"),
    ("3.14 raw template string", "template = rt\"\\d {x}\"\n"),
    ("3.14 template with PEP 701 field", "template = t\"{d[\"k\"]}\"\n"),
    ("3.14 except without parentheses", "try:\n    pass\nexcept ValueError, TypeError:\n    pass\n"),
    ("3.14 except* without parentheses", "try:\n    pass\nexcept* ValueError, TypeError:\n    pass\n"),
    ("3.11 ordinary f-strings", "x = f\"{a['k']:>{w}} {b!r} {{lit}}\"\n"),
];

const INVALID: &[(&str, &str)] = &[
    ("unterminated f-string", "x = f\"{a\n"),
    ("unclosed field", "x = f\"{a[\"k\"]\"\n"),
    (
        "except list with as needs parentheses",
        "try:\n    pass\nexcept ValueError, TypeError as e:\n    pass\n",
    ),
    ("empty type parameter default", "class A[T = ]:\n    pass\n"),
    ("plain syntax error", "def f(:\n    pass\n"),
    (
        "syntax error after a modern f-string",
        "x = f\"{d[\"k\"]}\"\ny = (\n",
    ),
];

#[test]
fn valid_modern_syntax_is_not_a_syntax_error() {
    let failures: Vec<String> = VALID
        .iter()
        .filter_map(|(name, source)| {
            let errors = syntax_errors(source);
            (!errors.is_empty()).then(|| format!("{name}: {errors:?}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "valid code reported as PX0000:\n{}",
        failures.join("\n")
    );
}

#[test]
fn invalid_code_is_still_a_syntax_error() {
    for (name, source) in INVALID {
        assert!(!syntax_errors(source).is_empty(), "{name}: not reported");
    }
    let errors = syntax_errors("x = f\"{d[\"k\"]}\"\ny = (\n");
    assert!(
        errors[0].starts_with("3:"),
        "the real error is reported: {errors:?}"
    );
}

#[test]
fn the_rest_of_a_recovered_file_is_checked_with_true_positions() {
    let source = "label = f\"{names[\"first\"]}\"\ndef f(items):\n    for x in items:\n        if x in [1, 2, 3]:\n            pass\n";
    let linter = Linter::new(RuleSet::default_set(), false);
    let report = linter.lint_bytes(source.as_bytes(), "case.py".into());
    let found: Vec<(u32, u32, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (d.start.line, d.start.column, d.code()))
        .collect();
    assert_eq!(found, [(4, 12, "PX0701")]);
}

#[test]
fn findings_inside_rewritten_code_are_dropped() {
    // The loop lives inside a rewritten f-string field: the AST there is a blank string,
    // so nothing may be reported from it, while the rest of the file is checked.
    let source =
        "def f(items):\n    return f\"{[x for x in items if x in [1, 2, 3] and d[\"k\"]]}\"\n";
    let linter = Linter::new(RuleSet::default_set(), false);
    let report = linter.lint_bytes(source.as_bytes(), "case.py".into());
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}
