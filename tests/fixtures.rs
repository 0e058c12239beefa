//! Every `fixtures/PXqqnn.py` is linted with the default rules plus PXqqnn, and the findings
//! must equal the `# error: CODE` markers exactly: each marked line gets exactly the listed
//! codes, and every other line stays clean. Running the defaults too means a fixture also
//! catches another rule firing on code it should leave alone.
//!
//! Fixtures target the newest Python pyexpert knows, unless one of their first lines says
//! `# fixture: target-version=py310` (or another version). A fixture whose cases are about
//! another rule's findings adds that opt-in rule with `# fixture: extend-select=PX0701`
//! (comma-separated codes). A fixture is checked as the
//! library file `fixtures/PXqqnn.py` (relative, so where the checkout lives never changes
//! a file's role: see `src/role.rs`; tests/roles.rs covers the other roles).
//!
//! Rules about a whole project (`setup.py` beside `pyproject.toml`, layer contracts) have a
//! directory `fixtures/PXqqnn/` instead: a small project linted as one run, with markers in
//! its Python and TOML files, and its `pyexpert.toml` (if any) as the configuration.

mod support;

use support::{expected_markers, Fixture};

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use pyexpert::role::{FileRole, RoleOverrides};
use pyexpert::settings::{PerFileIgnores, RuleSettings};
use pyexpert::Linter;

/// Rule fixtures are library code, whatever test-shaped negative cases they hold.
fn library_role() -> RuleSettings {
    let mut file_roles = RoleOverrides::new(support::root());
    file_roles
        .add("PX*.py", FileRole::Library)
        .expect("a valid glob");
    RuleSettings {
        file_roles,
        ..RuleSettings::default()
    }
}

fn actual_findings(path: &Path, code: &str, source: &str) -> BTreeMap<u32, Vec<String>> {
    let linter = Linter::new(support::fixture_rules(code, source), false)
        .with_target_version(support::fixture_target_version(source))
        .with_settings(PerFileIgnores::default(), library_role());
    let bytes = std::fs::read(path).expect("read fixture");
    let display = format!("fixtures/{}", path.file_name().unwrap().to_string_lossy());
    let report = linter.lint_bytes(&bytes, display);
    let mut actual: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for diagnostic in &report.diagnostics {
        actual
            .entry(diagnostic.start.line)
            .or_default()
            .push(diagnostic.code().to_string());
    }
    actual
}

#[test]
fn every_fixture_matches_its_markers() {
    let dir = support::root().join("fixtures");
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        // `PXqqnn.fixed.py` is the expected result of fixing (tests/fixes.rs).
        .filter(|p| !p.to_string_lossy().ends_with(".fixed.py"))
        .collect();
    entries.sort();
    for path in entries {
        let code = path.file_stem().unwrap().to_string_lossy().to_string();
        let source = std::fs::read_to_string(&path).expect("fixture is UTF-8");
        let mut expected = expected_markers(&source);
        let mut actual = actual_findings(&path, &code, &source);
        for codes in expected.values_mut().chain(actual.values_mut()) {
            codes.sort();
        }
        let lines: BTreeSet<u32> = expected.keys().chain(actual.keys()).copied().collect();
        for line in lines {
            let want = expected.get(&line).cloned().unwrap_or_default();
            let got = actual.get(&line).cloned().unwrap_or_default();
            if want != got {
                failures.push(format!(
                    "{}:{line}: expected {want:?}, found {got:?}",
                    path.display()
                ));
            }
        }
        checked += 1;
    }
    assert!(checked > 0, "no fixtures found in {}", dir.display());
    assert!(
        failures.is_empty(),
        "fixture mismatches:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_fixture_project_matches_its_markers() {
    let dir = support::root().join("fixtures");
    let mut projects: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    projects.sort();
    let mut failures = Vec::new();
    for project in &projects {
        let code = project.file_name().unwrap().to_string_lossy().to_string();
        let fixture = Fixture::Project(project.clone());
        let mut expected: BTreeMap<(String, u32), Vec<String>> = BTreeMap::new();
        for (path, text) in fixture.files() {
            let relative = path
                .strip_prefix(project)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            for (line, codes) in expected_markers(&text) {
                expected.insert((relative.clone(), line), codes);
            }
        }
        let config = project.join("pyexpert.toml");
        let config_text = config.to_string_lossy().to_string();
        let mut args = vec!["--target-version", "py314", "--extend-select", &code];
        if config.is_file() {
            args.extend(["--config", &config_text]);
        } else {
            args.push("--isolated");
        }
        let mut actual: BTreeMap<(String, u32), Vec<String>> = BTreeMap::new();
        for (path, line, found) in support::lint_project(project, &args) {
            actual.entry((path, line)).or_default().push(found);
        }
        for codes in actual.values_mut() {
            codes.sort();
        }
        let keys: BTreeSet<&(String, u32)> = expected.keys().chain(actual.keys()).collect();
        for key in keys {
            let want = expected.get(key).cloned().unwrap_or_default();
            let got = actual.get(key).cloned().unwrap_or_default();
            if want != got {
                failures.push(format!(
                    "fixtures/{code}/{}:{}: expected {want:?}, found {got:?}",
                    key.0, key.1
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "fixture project mismatches:\n{}",
        failures.join("\n")
    );
}
