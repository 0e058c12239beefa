//! The examples in each rule's page are checked: the code under "Example" must trigger the
//! rule, and the code under "Use instead" must not.

mod support;

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

fn codes_found(source: &str, code: &str) -> Vec<String> {
    let select = [Selector::parse(code).expect("valid code")];
    let linter = Linter::new(RuleSet::resolve(Some(&select), &[]), false);
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
        let found = codes_found(example, meta.code);
        assert!(
            found.iter().any(|c| c == meta.code),
            "{}: the Example does not trigger the rule (found {found:?}):\n{example}",
            meta.code
        );
        let fixed = code_block(meta.doc, "## Use instead", meta.code);
        let found = codes_found(fixed, meta.code);
        assert!(
            found.is_empty(),
            "{}: the Use instead code still triggers {found:?}:\n{fixed}",
            meta.code
        );
    }
}
