//! The per-file pipeline through the library API: a failing rule is contained to its file.

use pyexpert::diagnostic::Severity;
use pyexpert::lesson::Question;
use pyexpert::registry::RuleMeta;
use pyexpert::rule::{Rule, RuleContext};
use pyexpert::visit::{Node, NodeKind};
use pyexpert::{Linter, RuleSet};

/// A rule that panics on any call to `boom()`.
struct Exploding;

static EXPLODING: RuleMeta = RuleMeta {
    code: "PX9901",
    name: "exploding-test-rule",
    severity: Severity::Warning,
    question: Some(Question::new(1)),
    opt_in: false,
    min_version: None,
    summary: "panics on purpose",
    doc: "",
    applies_to: pyexpert::role::Roles::EVERY_FILE,
};

impl Rule for Exploding {
    fn meta(&self) -> &'static RuleMeta {
        &EXPLODING
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Call]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        if cx.source[node.range()].starts_with("boom(") {
            panic!("kaboom");
        }
    }
}

/// The default rules plus the two opt-in loop rules whose findings these tests look for.
fn performance_rules() -> RuleSet {
    RuleSet::default_set()
        .with_rule("PX0701")
        .with_rule("PX0702")
}

#[test]
fn a_panicking_rule_yields_px0003_for_that_file_only() {
    let linter = Linter::with_extra_rules(performance_rules(), vec![&Exploding], false);
    let source =
        "def f(xs):\n    for x in xs:\n        if x in [1, 2, 3, 4, 5]:\n            pass\nboom()\n";
    let report = linter.lint_bytes(source.as_bytes(), "bad.py".into());
    assert!(report.internal_error);
    let [diagnostic] = report.diagnostics.as_slice() else {
        panic!("expected one diagnostic, got {:?}", report.diagnostics);
    };
    assert_eq!(diagnostic.code(), "PX0003");
    assert!(
        diagnostic.message.contains("PX9901 (exploding-test-rule)"),
        "{}",
        diagnostic.message
    );
    assert!(
        diagnostic.message.contains("kaboom"),
        "{}",
        diagnostic.message
    );

    let healthy =
        "def f(xs):\n    for x in xs:\n        if x in [1, 2, 3, 4, 5]:\n            pass\n";
    let report = linter.lint_bytes(healthy.as_bytes(), "good.py".into());
    assert!(!report.internal_error);
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code()).collect();
    assert_eq!(codes, ["PX0701"]);
}

#[test]
fn clean_files_keep_no_source_and_findings_are_sorted() {
    let linter = Linter::new(performance_rules(), true);
    let clean = linter.lint_bytes(b"x = 1\n", "clean.py".into());
    assert!(clean.diagnostics.is_empty());
    assert!(clean.source.is_none(), "no text is kept for clean files");

    let source = "def f(xs, s=''):\n    t = ''\n    for x in xs:\n        t = x + t\n        if x in [3, 2, 1, 10, 11]: pass\n    return t\n";
    let dirty = linter.lint_bytes(source.as_bytes(), "dirty.py".into());
    let positions: Vec<(u32, u32, &str)> = dirty
        .diagnostics
        .iter()
        .map(|d| (d.start.line, d.start.column, d.code()))
        .collect();
    assert_eq!(positions, [(4, 9, "PX0702"), (5, 12, "PX0701")]);
    assert_eq!(dirty.source.as_deref(), Some(source));
}
