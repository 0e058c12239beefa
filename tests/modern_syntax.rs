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

/// The default rules and PX0701 (opt-in), whose finding needs the loop around it: where
/// it lands shows that the code around a recovered construct kept its structure.
fn with_membership_rule() -> RuleSet {
    RuleSet::default_set().with_rule("PX0701")
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
    ("3.10 lone backslash line before an indented block", "class A:\n\\\n    pass\n"),
    ("3.10 two lone backslash lines", "class A:\n\\\n\\\n    pass\n"),
    ("3.10 lone backslash line with CRLF", "if x:\r\n\\\r\n    pass\r\n"),
    ("3.12 type alias after a semicolon", "x = 1; type A = int\n"),
    ("3.12 generic type alias after a semicolon", "x = 1; type L[T] = list[T]\n"),
    ("3.12 type alias as a one-line class body", "class C: type A = int\n"),
    ("3.12 type alias as a one-line if body", "if c: type A = int\n"),
    ("3.12 type alias in a one-line body after a semicolon", "if c: x = 1; type A = int\n"),
    ("3.12 escaped quote in a string nested in a field", "x = f\"{'\\''}\"\n"),
    ("3.12 raw f-string: backslash, then a field reusing the quotes", "x = rf\"\\{\"a\"}\"\n"),
    ("3.12 f-string: backslash, then a field reusing the quotes", "x = f\"\\\\{\"a\"}\"\n"),
    ("3.11 named escape before a field", "x = f\"\\N{EM DASH}{d[\"k\"]}\"\n"),
    ("3.11 type as a name after a colon or semicolon", "if c: type(x)\nx = 1; type = 3\ny: type = int\n"),
    ("3.12 a field in the spec of a field in a spec", "x = f'{value:{width:{0}}.{precision:1}}'\n"),
    ("3.12 white space after a conversion", "x = f\"{3!s  }\" + f'{3.14!s  :10.10}'\n"),
    ("3.9 tabs and spaces on a blank line", "if x:\n    y = 1\n  \t  \n    z = 2\n"),
    ("3.9 tabs and spaces before a comment", "if x:\n    y = 1\n \t# why\n    z = 2\n"),
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
    (
        "lone backslash line before an unindented body",
        "class A:\n\\\npass\n",
    ),
    (
        "type alias without a value after a semicolon",
        "x = 1; type A\n",
    ),
    ("unterminated string nested in a field", "x = f\"{'\\'}\"\n"),
    ("format specs nested four deep", "x = f'{a:{b:{c:{d}}}}'\n"),
    (
        "tabs and spaces in real indentation",
        "if x:\n    y = 1\n\tz = 2\n",
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
    let source = "label = f\"{names[\"first\"]}\"\ndef f(items):\n    for x in items:\n        if x in [1, 2, 3, 4, 5]:\n            pass\n";
    let linter = Linter::new(with_membership_rule(), false);
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
        "def f(items):\n    return f\"{[x for x in items if x in [1, 2, 3, 4, 5] and d[\"k\"]]}\"\n";
    let linter = Linter::new(RuleSet::default_set(), false);
    let report = linter.lint_bytes(source.as_bytes(), "case.py".into());
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

#[test]
fn findings_around_recovered_constructs_land_where_they_are() {
    let source = "class A:
\\
    def f(self, items):
        for x in items:
            if x in [1, 2, 3, 4, 5]:
                pass
x = 1; type Alias = int
class C: type B = int
if x: type D = int
label = f\"{'\\''}\" + rf\"\\{\"a\"}\"
def g(items):
    for x in items:
        if x in [1, 2, 3, 4, 5]:
            pass
";
    let linter = Linter::new(with_membership_rule(), false);
    let report = linter.lint_bytes(source.as_bytes(), "case.py".into());
    let found: Vec<(u32, u32, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (d.start.line, d.start.column, d.code()))
        .collect();
    assert_eq!(found, [(5, 16, "PX0701"), (13, 12, "PX0701")]);
}

#[test]
fn fields_of_multi_line_fstrings_keep_their_positions_with_crlf() {
    // The parser folds each `\r\n` of a string into one byte when it places the
    // expressions of fields: the call would be reported a byte early per line break, here
    // inside the `é` before it.
    let lf =
        "import time\nasync def main() -> None:\n    print(f\"\"\"\n\né{time.sleep(1)}\"\"\")\n";
    let crlf = lf.replace('\n', "\r\n");
    let linter = Linter::new(RuleSet::default_set().with_rule("PX0201"), false);
    for source in [lf.to_string(), crlf] {
        let report = linter.lint_bytes(source.as_bytes(), "case.py".into());
        let found: Vec<(u32, u32, &str)> = report
            .diagnostics
            .iter()
            .map(|d| (d.start.line, d.start.column, d.code()))
            .collect();
        assert_eq!(found, [(5, 3, "PX0201")], "{source:?}");
        let start = usize::from(report.diagnostics[0].range.start());
        assert!(source[start..].starts_with("time.sleep(1)"), "{source:?}");
    }
}

#[test]
fn a_lone_backslash_line_inside_a_block_keeps_the_block_going() {
    // rustpython parses this too, but ends the loop at the `\` line (it gives the joined
    // line no indentation), so the membership test would fall outside the loop.
    let source = "def f(items):\n    for x in items:\n        y = 1\n\\\n        if x in [1, 2, 3, 4, 5]:\n            pass\n";
    let linter = Linter::new(with_membership_rule(), false);
    let report = linter.lint_bytes(source.as_bytes(), "case.py".into());
    let found: Vec<(u32, u32, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (d.start.line, d.start.column, d.code()))
        .collect();
    assert_eq!(found, [(5, 12, "PX0701")]);
}
