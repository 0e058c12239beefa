//! The examples in each rule's page are checked: the code under "Example" must trigger the
//! rule, and the code under "Use instead" must not. They run with the default rules plus
//! the rule itself, as users meet them (PX0002 judges other rules' directives, so it needs
//! them running); only the rule's own code counts.
//!
//! Rules about a whole project show a small tree instead of one snippet: the section's code
//! blocks start with `# file: path` lines, each starting a file of the tree. The tree is
//! written to a scratch directory and linted as a project.

mod support;

use pyexpert::version::PythonVersion;
use pyexpert::{registry, Linter, RuleSet};

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

/// The files of a project example: every code block of the section split at `# file: path`
/// lines. `None` when the section is a plain snippet.
fn project_files(page: &str, heading: &str) -> Option<Vec<(String, String)>> {
    let start = page.find(heading)? + heading.len();
    let section = &page[start..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let mut files: Vec<(String, String)> = Vec::new();
    let mut in_block = false;
    for line in section.lines() {
        if line.starts_with("```") {
            in_block = !in_block && line.len() > 3;
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(path) = line.strip_prefix("# file: ") {
            files.push((path.trim().to_string(), String::new()));
        } else if let Some((_, text)) = files.last_mut() {
            text.push_str(line);
            text.push('\n');
        } else {
            return None;
        }
    }
    (!files.is_empty()).then_some(files)
}

fn codes_found_in_project(files: &[(String, String)], code: &str) -> Vec<String> {
    let tree = support::TempTree::new(&format!("docs-{code}"));
    for (path, text) in files {
        tree.write(path, text);
    }
    support::lint_project(
        &tree.path,
        &[
            "--isolated",
            "--target-version",
            "py314",
            "--extend-select",
            code,
        ],
    )
    .into_iter()
    .map(|(_, _, found)| found)
    .filter(|found| found == code)
    .collect()
}

/// The codes found in a section's example, a snippet or a project.
fn codes_in_section(page: &str, heading: &str, code: &str) -> (String, Vec<String>) {
    match project_files(page, heading) {
        Some(files) => {
            let shown = files
                .iter()
                .map(|(path, text)| format!("# file: {path}\n{text}"))
                .collect();
            (shown, codes_found_in_project(&files, code))
        }
        None => {
            let snippet = code_block(page, heading, code);
            (
                snippet.to_string(),
                codes_found(snippet, code, PythonVersion::LATEST),
            )
        }
    }
}

fn codes_found(source: &str, code: &str, version: PythonVersion) -> Vec<String> {
    let linter =
        Linter::new(RuleSet::default_set().with_rule(code), false).with_target_version(version);
    linter
        .lint_bytes(source.as_bytes(), format!("{code}-example.py"))
        .diagnostics
        .iter()
        .map(|d| d.code().to_string())
        .filter(|found| found == code)
        .collect()
}

#[test]
fn examples_trigger_and_fixes_do_not() {
    for rule in registry::rules() {
        let meta = rule.meta();
        let (example, found) = codes_in_section(meta.doc, "## Example", meta.code);
        assert!(
            found.iter().any(|c| c == meta.code),
            "{}: the Example does not trigger the rule (found {found:?}):\n{example}",
            meta.code
        );
        let (fixed, found) = codes_in_section(meta.doc, "## Use instead", meta.code);
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
