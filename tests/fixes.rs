//! Every rule that declares fixes has `fixtures/PXqqnn.fixed.py`: the byte-for-byte result
//! of `--fix --unsafe-fixes` on `fixtures/PXqqnn.py` (linted as in `tests/fixtures.rs`,
//! with only that rule's fixes applied). The fixed file must parse, keep exactly the
//! findings of the rule that had no fix, and give nothing more to fix on a second run.
//!
//! After changing a fix, `PYEXPERT_BLESS_FIXES=1 cargo test --test fixes` rewrites the
//! expected files (never with `CI` set); read the diff before committing it.

mod support;

/// Settles a lone file's conditional findings, as a run of that one file would.
fn settle_alone(report: &mut pyexpert::FileReport) {
    pyexpert::linter::settle(std::slice::from_mut(report));
}

use std::path::{Path, PathBuf};

use pyexpert::fix::engine::{fix_file, Destination};
use pyexpert::fix::{FixMode, FixSettings};
use pyexpert::role::{FileRole, RoleOverrides};
use pyexpert::settings::{PerFileIgnores, RuleSettings};
use pyexpert::{registry, FileReport, Linter, Selector};

fn linter(code: &str, source: &str) -> Linter {
    let mut file_roles = RoleOverrides::new(support::root());
    file_roles
        .add("PX*.py", FileRole::Library)
        .expect("a valid glob");
    let settings = RuleSettings {
        file_roles,
        ..RuleSettings::default()
    };
    Linter::new(support::fixture_rules(code, source), false)
        .with_target_version(support::fixture_target_version(source))
        .with_settings(PerFileIgnores::default(), settings)
}

fn only(code: &str) -> FixSettings {
    FixSettings::new(
        FixMode::Apply,
        true,
        vec![Selector::parse(code).unwrap()],
        Vec::new(),
    )
}

/// Fixes `bytes` as the fixture file `path` and returns the report of the result.
fn fixed(linter: &Linter, code: &str, path: &Path, bytes: &[u8]) -> FileReport {
    let display = format!("fixtures/{}", path.file_name().unwrap().to_string_lossy());
    let mut first = linter.lint_contents(bytes, path, display);
    settle_alone(&mut first);
    fix_file(
        linter,
        &only(code),
        path,
        bytes,
        first,
        Destination::Memory,
        &settle_alone,
    )
}

fn fixable_rules() -> Vec<&'static str> {
    registry::rules()
        .iter()
        .filter(|rule| !rule.fixes().is_empty())
        .map(|rule| rule.meta().code)
        .collect()
}

fn expected_path(code: &str) -> PathBuf {
    support::root()
        .join("fixtures")
        .join(format!("{code}.fixed.py"))
}

#[test]
fn expected_fixes_exist_exactly_for_the_rules_that_declare_fixes() {
    let fixable = fixable_rules();
    assert!(!fixable.is_empty());
    for code in &fixable {
        assert!(
            expected_path(code).is_file(),
            "{code} declares fixes but has no fixtures/{code}.fixed.py"
        );
    }
    for entry in std::fs::read_dir(support::root().join("fixtures")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if let Some(code) = name.strip_suffix(".fixed.py") {
            assert!(
                fixable.contains(&code),
                "fixtures/{name}: {code} declares no fixes"
            );
        }
    }
}

#[test]
fn fixtures_fix_to_their_expected_files() {
    let bless =
        std::env::var_os("PYEXPERT_BLESS_FIXES").is_some() && std::env::var_os("CI").is_none();
    let mut failures = Vec::new();
    for code in fixable_rules() {
        let path = support::root().join("fixtures").join(format!("{code}.py"));
        let bytes = std::fs::read(&path).expect("the rule's fixture");
        let source = String::from_utf8(bytes.clone()).expect("fixtures are UTF-8");
        let linter = linter(code, &source);
        let before = linter.lint_contents(&bytes, &path, code.to_string());
        let unfixable_before: Vec<&str> = before
            .diagnostics
            .iter()
            .filter(|d| {
                d.code() == code
                    && d.fix.as_ref().is_none_or(|f| {
                        f.fix.applicability == pyexpert::fix::Applicability::DisplayOnly
                    })
            })
            .map(|d| d.message.as_str())
            .collect();
        let report = fixed(&linter, code, &path, &bytes);
        let outcome = report
            .fixes
            .as_deref()
            .expect("a fixing run reports its outcome");
        assert!(outcome.error.is_none(), "{code}: {:?}", outcome.error);
        assert!(!report.internal_error, "{code}: {:?}", report.diagnostics);
        assert!(outcome.total() > 0, "{code}: no fix applied to its fixture");
        let result = outcome.bytes.clone().expect("the fixed bytes");
        let expected = expected_path(code);
        if bless {
            std::fs::write(&expected, &result).unwrap();
        }
        let wanted = std::fs::read(&expected).unwrap_or_default();
        if result != wanted {
            failures.push(format!(
                "{code}: the fixed fixture differs from fixtures/{code}.fixed.py:\n{}",
                pyexpert::fix::diff::unified(
                    &format!("fixtures/{code}.fixed.py"),
                    &String::from_utf8_lossy(&wanted),
                    &String::from_utf8_lossy(&result)
                )
            ));
            continue;
        }
        let text = String::from_utf8(result.clone()).unwrap();
        assert!(
            pyexpert::parse::parse_module(&text).is_ok(),
            "{code}: the fixed fixture does not parse"
        );
        // What is left of the rule is exactly what had no fix to begin with.
        let mut left: Vec<&str> = report
            .diagnostics
            .iter()
            .filter(|d| d.code() == code)
            .map(|d| d.message.as_str())
            .collect();
        let mut unfixable = unfixable_before.clone();
        left.sort_unstable();
        unfixable.sort_unstable();
        if left != unfixable {
            failures.push(format!(
                "{code}: findings left after fixing {left:#?}, but only these had no fix: {unfixable:#?}"
            ));
        }
        // A second run finds nothing more to fix.
        let again = fixed(&linter, code, &path, &result);
        let second = again.fixes.as_deref().unwrap();
        if second.total() > 0 {
            failures.push(format!(
                "{code}: a second --fix still applies {:?}",
                second.applied
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
