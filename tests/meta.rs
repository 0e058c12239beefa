//! Conventions every rule must follow. Adding a rule means its code, one registry line,
//! `rules/PXqqnn.md` and `fixtures/PXqqnn.py`; these tests fail while any piece is missing
//! or any page or fixture belongs to no rule.

mod support;

use std::collections::BTreeSet;

use pyexpert::registry;

const RULE_SECTIONS: &[&str] = &[
    "## What it does",
    "## Why it matters",
    "## Example",
    "## Use instead",
    "## What it leaves alone",
    "## Lesson",
];
const TOOL_SECTIONS: &[&str] = &["## What it does", "## Why it matters"];

/// At least this many `# error:` cases and `# ok:` cases per fixture.
const MIN_CASES: usize = 6;

fn files_with_extension(dir: &str, extension: &str) -> BTreeSet<String> {
    std::fs::read_dir(support::root().join(dir))
        .expect("directory exists")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .map(|path| path.file_stem().unwrap().to_string_lossy().to_string())
        .collect()
}

#[test]
fn every_rule_has_a_complete_page() {
    for meta in registry::all() {
        let path = support::root()
            .join("rules")
            .join(format!("{}.md", meta.code));
        let page = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{} has no page at {}", meta.code, path.display()));
        assert_eq!(
            page, meta.doc,
            "{}: the embedded page is out of date",
            meta.code
        );
        let title = format!("# {} {}\n", meta.code, meta.name);
        assert!(
            page.starts_with(&title),
            "{}: the page must start with `{}`",
            meta.code,
            title.trim()
        );
        let sections = if meta.is_tool() {
            TOOL_SECTIONS
        } else {
            RULE_SECTIONS
        };
        // A rule with fixes says what they rewrite (and, for unsafe ones, when meaning can
        // change) in a "Fix" section before "Lesson"; a rule without has none.
        let fixable = !registry::fix_kinds(meta).is_empty();
        let fix_section = page.find("\n## Fix\n");
        assert_eq!(
            fixable,
            fix_section.is_some(),
            "{}: a `## Fix` section exactly when the rule declares fixes",
            meta.code
        );
        if let (Some(fix), Some(lesson)) = (fix_section, page.find("\n## Lesson\n")) {
            assert!(
                fix < lesson,
                "{}: `## Fix` comes before `## Lesson`",
                meta.code
            );
            let unsafe_kind =
                registry::fix_kinds(meta).contains(&pyexpert::fix::Applicability::Unsafe);
            assert!(
                !unsafe_kind || page[fix..].to_lowercase().contains("unsafe"),
                "{}: the Fix section must say when the unsafe fix changes meaning",
                meta.code
            );
        }
        let mut last = 0;
        for section in sections {
            let at = page
                .find(&format!("\n{section}\n"))
                .unwrap_or_else(|| panic!("{}: missing section `{section}`", meta.code));
            assert!(at > last, "{}: `{section}` is out of order", meta.code);
            last = at;
        }
        let header = page.lines().nth(2).unwrap_or_default();
        let files = format!("**Files:** {}", meta.applies_to.describe());
        assert!(
            header.ends_with(&files),
            "{}: the header line must end with `{files}` (where the rule applies): {header}",
            meta.code
        );
        if !meta.is_tool() {
            let section = page.find("## What it leaves alone").unwrap();
            let next = page[section + 3..]
                .find("\n## ")
                .map_or(page.len(), |end| section + 3 + end);
            assert!(
                page[section..next].contains("File roles"),
                "{}: \"What it leaves alone\" must say which files the rule skips (see \"File roles\" in the README)",
                meta.code
            );
        }
        if let Some(question) = meta.question {
            let lesson = &page[page.find("## Lesson").unwrap()..];
            assert!(
                lesson.contains(&question.to_string()),
                "{}: the Lesson section must cite `{question}`",
                meta.code
            );
        }
    }
}

#[test]
fn every_rule_has_a_fixture_with_enough_cases() {
    for rule in registry::rules() {
        let meta = rule.meta();
        let fixture = support::Fixture::of(meta.code).unwrap_or_else(|| {
            panic!(
                "{} has no fixture (fixtures/{0}.py or fixtures/{0}/)",
                meta.code
            )
        });
        let (mut positives, mut negatives) = (0, 0);
        for (_, source) in fixture.files() {
            positives += support::expected_markers(&source)
                .values()
                .filter(|codes| codes.iter().any(|c| c == meta.code))
                .count();
            negatives += source
                .lines()
                .filter(|line| line.trim_start().starts_with("# ok:"))
                .count();
        }
        assert!(
            positives >= MIN_CASES,
            "{}: {positives} positive cases, want {MIN_CASES}",
            meta.code
        );
        assert!(
            negatives >= MIN_CASES,
            "{}: {negatives} `# ok:` cases, want {MIN_CASES}",
            meta.code
        );
    }
}

#[test]
fn no_page_or_fixture_without_a_rule() {
    let codes: BTreeSet<String> = registry::all().map(|m| m.code.to_string()).collect();
    let lint_codes: BTreeSet<String> = registry::rules()
        .iter()
        .map(|r| r.meta().code.to_string())
        .collect();
    for page in files_with_extension("rules", "md") {
        assert!(codes.contains(&page), "rules/{page}.md belongs to no rule");
    }
    let fixtures = files_with_extension("fixtures", "py");
    // `PXqqnn.fixed.py`: the expected result of fixing, checked by tests/fixes.rs.
    for fixture in fixtures.iter().map(|f| f.trim_end_matches(".fixed")) {
        assert!(
            lint_codes.contains(fixture),
            "fixtures/{fixture}.py belongs to no rule"
        );
    }
    let directories = std::fs::read_dir(support::root().join("fixtures"))
        .expect("fixtures directory")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_dir());
    for directory in directories {
        let name = directory.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            lint_codes.contains(&name),
            "fixtures/{name}/ belongs to no rule"
        );
    }
}

#[test]
fn rule_summaries_and_names_follow_the_style() {
    for meta in registry::all() {
        // Kebab-case: lowercase words (digits allowed, as in `pydantic-v1-api`) joined by
        // single hyphens.
        assert!(
            meta.name.split('-').all(|word| {
                word.starts_with(|c: char| c.is_ascii_lowercase())
                    && word
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            }),
            "{}: names are kebab-case",
            meta.code
        );
        assert!(
            !meta.summary.ends_with('.'),
            "{}: summaries have no final period",
            meta.code
        );
        let code_ok = meta.code.len() == 6
            && meta.code.starts_with("PX")
            && meta.code[2..].chars().all(|c| c.is_ascii_digit());
        assert!(code_ok, "{}: codes are PXqqnn", meta.code);
    }
}

#[test]
fn readme_lists_every_rule() {
    let readme = std::fs::read_to_string(support::root().join("README.md")).expect("README.md");
    for meta in registry::all() {
        let row = format!("| {} | {} |", meta.code, meta.name);
        let line = readme
            .lines()
            .find(|line| line.starts_with(&row))
            .unwrap_or_else(|| panic!("README's rule table lacks `{row}`"));
        let default = if meta.opt_in { "| opt-in |" } else { "| on |" };
        assert!(
            line.ends_with(default),
            "README's row for {} must end with `{default}`: {line}",
            meta.code
        );
    }
}
