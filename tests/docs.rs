//! The examples in each rule's page are checked: the code under "Example" must trigger the
//! rule, and the code under "Use instead" must not.

mod support;

use pyexpert::version::PythonVersion;
use pyexpert::{registry, Linter, RuleSet, Selector};

/// The first ```python block after `heading`.
fn code_block<'p>(page: &'p str, heading: &str, code: &str) -> &'p str {
    let section = page
        .find(heading)
        .unwrap_or_else(|| panic!("{code}: no `{heading}` section"));
    let rest = &page[section..];
    let open = rest
        .find("```python\n")
        .unwrap_or_else(|| panic!("{code}: no python block under `{heading}`"));
    let body = &rest[open + "```python\n".len()..];
    let close = body.find("\n```").expect("closed code block");
    &body[..close + 1]
}

fn codes_found(source: &str, code: &str, version: PythonVersion) -> Vec<String> {
    let select = [Selector::parse(code).expect("valid code")];
    let linter =
        Linter::new(RuleSet::resolve(Some(&select), &[]), false).with_target_version(version);
    linter
        .lint_bytes(source.as_bytes(), format!("{code}-example.py"))
        .diagnostics
        .iter()
        .map(|d| d.code().to_string())
        .collect()
}

#[test]
fn examples_trigger_and_fixes_do_not() {
    for rule in registry::rules() {
        let meta = rule.meta();
        let example = code_block(meta.doc, "## Example", meta.code);
        let found = codes_found(example, meta.code, PythonVersion::LATEST);
        assert!(
            found.iter().any(|c| c == meta.code),
            "{}: the Example does not trigger the rule (found {found:?}):\n{example}",
            meta.code
        );
        let fixed = code_block(meta.doc, "## Use instead", meta.code);
        let found = codes_found(fixed, meta.code, PythonVersion::LATEST);
        assert!(
            found.is_empty(),
            "{}: the Use instead code still triggers {found:?}:\n{fixed}",
            meta.code
        );
    }
}

#[test]
fn version_gated_rules_stay_silent_below_their_version() {
    for rule in registry::rules() {
        let meta = rule.meta();
        let Some(minimum) = meta.min_version else {
            continue;
        };
        let example = code_block(meta.doc, "## Example", meta.code);
        assert!(
            !codes_found(example, meta.code, minimum).is_empty(),
            "{}: the Example must trigger at {minimum}",
            meta.code
        );
        let found = codes_found(example, meta.code, minimum.previous());
        assert!(
            found.is_empty(),
            "{}: fires at {} although it needs {minimum}",
            meta.code,
            minimum.previous()
        );
    }
}
