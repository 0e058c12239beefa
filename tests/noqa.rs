//! Suppression on the built binary: a directive never hides more than it asks for, a
//! malformed one suppresses nothing and is reported, file-level `# pyexpert: noqa`, and
//! `--ignore-noqa`.

mod support;

use support::{findings, json, pyexpert, stderr, TempTree};

/// Line 4: PX0201 (a blocking call in a coroutine); lines 6 and 8: PX0701.
fn source(line4: &str, line6: &str, line8: &str) -> String {
    format!(
        "import time\n\nasync def f(items):\n    time.sleep(1){line4}\n    for x in items:\n        if x in [1, 2, 3, 4, 5]:{line6}\n            pass\n        if x in [4, 5, 6, 10, 11]:{line8}\n            pass\n"
    )
}

/// PX0201 and PX0701 are opt-in: every run here selects them.
const OPT_IN: [&str; 2] = ["--extend-select", "PX0201,PX0701"];

fn lines_and_codes(tree: &TempTree, args: &[&str]) -> (Vec<(u64, String)>, String) {
    let mut all = vec!["lint", "--isolated", "--output-format", "json"];
    all.extend_from_slice(&OPT_IN);
    all.extend_from_slice(args);
    all.push("app.py");
    let output = pyexpert(&tree.path, &all, &[]);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        stderr(&output)
    );
    let found = findings(&json(&output))
        .into_iter()
        .map(|(_, line, code)| (line, code))
        .collect();
    (found, stderr(&output))
}

fn found(line: u64, code: &str) -> (u64, String) {
    (line, code.to_string())
}

#[test]
fn a_malformed_directive_suppresses_nothing_and_is_reported() {
    let tree = TempTree::new("noqa-malformed");
    tree.write(
        "app.py",
        source(
            "  # noqa: blocking-call-in-async",
            "  # noqa:",
            "  # noqa: PX0701, list-in-loop",
        ),
    );
    let (codes, said) = lines_and_codes(&tree, &[]);
    assert_eq!(
        codes,
        [found(4, "PX0201"), found(6, "PX0701"), found(8, "PX0701")],
        "none of the three hides anything"
    );
    for expected in [
        "pyexpert: warning: app.py:4:20: invalid `# noqa` directive: `blocking-call-in-async` is a rule name; `# noqa` takes codes: `# noqa: PX0201`; it suppresses nothing",
        "pyexpert: warning: app.py:6:35: invalid `# noqa` directive: expected a comma-separated list of codes after `noqa:`",
        "pyexpert: warning: app.py:8:37: invalid `# noqa` directive: `list-in-loop` is not a rule code",
    ] {
        assert!(said.contains(expected), "missing `{expected}` in:\n{said}");
    }
    // PX0002 reports them as findings when selected.
    let (audited, _) = lines_and_codes(&tree, &["--extend-select", "PX0002"]);
    assert_eq!(
        audited,
        [
            found(4, "PX0201"),
            found(4, "PX0002"),
            found(6, "PX0701"),
            found(6, "PX0002"),
            found(8, "PX0701"),
            found(8, "PX0002"),
        ]
    );
    // The warning is kept in the cache with the findings.
    let plain = [&["lint", "--isolated"][..], &OPT_IN, &["app.py"]].concat();
    let cached = pyexpert(&tree.path, &plain, &[]);
    let again = pyexpert(&tree.path, &plain, &[("PYEXPERT_CACHE_STATS", "1")]);
    assert_eq!(stderr(&cached).matches("invalid `# noqa`").count(), 3);
    assert!(stderr(&again).contains("1 hits"), "{}", stderr(&again));
    assert_eq!(stderr(&again).matches("invalid `# noqa`").count(), 3);
    // -q keeps only the findings.
    let quiet = pyexpert(
        &tree.path,
        &[&["lint", "--isolated", "-q"][..], &OPT_IN, &["app.py"]].concat(),
        &[],
    );
    assert!(!stderr(&quiet).contains("warning"), "{}", stderr(&quiet));
}

#[test]
fn codes_without_a_colon_or_after_a_space_are_not_a_blanket_noqa() {
    let tree = TempTree::new("noqa-forms");
    // Line 4 names PX0701 (not its own PX0201), line 6 names PX0201 (not its PX0701), and
    // line 8 gives its code a reason.
    tree.write(
        "app.py",
        source(
            "  # noqa : PX0701",
            "  # noqa PX0201",
            "  # noqa: PX0701 the list is tiny",
        ),
    );
    let (codes, said) = lines_and_codes(&tree, &[]);
    assert_eq!(
        codes,
        [found(4, "PX0201"), found(6, "PX0701")],
        "each directive hides only the code it names: {said}"
    );
    assert!(!said.contains("invalid"), "{said}");
    // A blanket `# noqa` (with or without a reason) still hides everything on its line.
    tree.write(
        "app.py",
        source("  # noqa", "  # NOQA because it is fine", ""),
    );
    let (codes, _) = lines_and_codes(&tree, &[]);
    assert_eq!(codes, [found(8, "PX0701")]);
}

#[test]
fn file_level_exemptions_and_ignore_noqa() {
    let tree = TempTree::new("noqa-file");
    let body = source("", "", "  # noqa: PX0701");
    tree.write("app.py", format!("# pyexpert: noqa\n{body}"));
    let (codes, _) = lines_and_codes(&tree, &[]);
    assert_eq!(codes, [], "the whole file is exempt");

    tree.write(
        "app.py",
        format!("#!/usr/bin/env python\n# pyexpert: noqa: PX0701\n{body}"),
    );
    let (codes, _) = lines_and_codes(&tree, &[]);
    assert_eq!(codes, [found(6, "PX0201")], "only PX0701 is exempt");
    // A line directive for an exempt code is not judged unused.
    let (codes, _) = lines_and_codes(&tree, &["--extend-select", "PX0002"]);
    assert_eq!(codes, [found(6, "PX0201")]);

    // --ignore-noqa reports everything, file-level exemptions included.
    let (codes, _) = lines_and_codes(&tree, &["--ignore-noqa"]);
    assert_eq!(
        codes,
        [found(6, "PX0201"), found(8, "PX0701"), found(10, "PX0701")]
    );

    // Other tools' file-level comments do not exempt pyexpert's findings.
    tree.write("app.py", format!("# ruff: noqa\n# flake8: noqa\n{body}"));
    let (codes, _) = lines_and_codes(&tree, &[]);
    assert_eq!(codes, [found(6, "PX0201"), found(8, "PX0701")]);

    // After code, or with an unreadable list, it exempts nothing and says why.
    tree.write(
        "app.py",
        format!("x = 1  # pyexpert: noqa\n# pyexpert: noqa: everything\n{body}"),
    );
    let (codes, said) = lines_and_codes(&tree, &[]);
    assert_eq!(codes, [found(6, "PX0201"), found(8, "PX0701")]);
    assert!(said.contains("app.py:1:8: invalid `# pyexpert: noqa` directive: a file-level exemption goes on a line of its own"), "{said}");
    assert!(
        said.contains(
            "app.py:2:1: invalid `# pyexpert: noqa` directive: `everything` is not a rule code"
        ),
        "{said}"
    );
}
