//! Safe fixes keep what programs do: every program in `tests/data/fix_behaviour/PXqqnn/`
//! is fixed (that rule's safe fixes only, at least one must apply) and both versions run
//! under CPython, 3.9 (or the oldest version the rule's target allows) and 3.13. By
//! default the two must print the same, exit the same and fail the same way. A program
//! with a `NAME.expected` file exercises the bug the fix removes: the fixed version must
//! print exactly that and exit 0, and the original must not.
//!
//! A program that says `# requires: pydantic` needs that package in each interpreter.
//! Outside CI a missing interpreter or package skips the program with a message; with `CI`
//! set it fails the test (`.ci/run` installs what is needed).

mod support;

/// Settles a lone file's conditional findings, as a run of that one file would.
fn settle_alone(report: &mut pyexpert::FileReport) {
    pyexpert::linter::settle(std::slice::from_mut(report));
}

use std::path::{Path, PathBuf};
use std::process::Command;

use pyexpert::fix::engine::{fix_file, Destination};
use pyexpert::fix::{FixMode, FixSettings};
use pyexpert::version::PythonVersion;
use pyexpert::{registry, Linter, RuleSet, Selector};

/// The interpreters, oldest first: `(version, path)`.
const PYTHONS: &[((u8, u8), &str)] = &[
    ((3, 9), "/root/.pyenv/versions/3.9.18/bin/python3"),
    ((3, 10), "/root/.pyenv/versions/3.10.13/bin/python3"),
    ((3, 13), "/root/.pyenv/versions/3.13.0/bin/python3"),
];

/// The newest version, which always runs; and the oldest the rule's target allows.
fn interpreters(min: Option<PythonVersion>) -> Vec<(String, PathBuf)> {
    let oldest = min.map_or((3, 9), |v| (v.major, v.minor)).max((3, 9));
    let first = PYTHONS
        .iter()
        .find(|(v, _)| *v >= oldest)
        .expect("a version");
    let newest = PYTHONS.last().expect("a version");
    let mut chosen = vec![*first];
    if first.0 != newest.0 {
        chosen.push(*newest);
    }
    chosen
        .into_iter()
        .map(|((major, minor), path)| (format!("{major}.{minor}"), PathBuf::from(path)))
        .collect()
}

fn in_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// Skips (outside CI) or fails (in CI) for a missing prerequisite.
fn missing(what: &str) {
    assert!(!in_ci(), "CI must run the behaviour tests: {what}");
    eprintln!("skipped: {what}");
}

/// The program with the rule's safe fixes applied, and how many went in.
fn fixed(code: &str, path: &Path, bytes: &[u8]) -> (Vec<u8>, usize) {
    let meta = registry::find(code).expect("a rule code");
    let target = meta
        .min_version
        .unwrap_or(PythonVersion::DEFAULT)
        .max(PythonVersion::new(3, 9));
    let linter =
        Linter::new(RuleSet::default_set().with_rule(code), false).with_target_version(target);
    let settings = FixSettings::new(
        FixMode::Apply,
        false,
        vec![Selector::parse(code).unwrap()],
        Vec::new(),
    );
    let mut first = linter.lint_contents(bytes, path, "program.py".to_string());
    settle_alone(&mut first);
    let report = fix_file(
        &linter,
        &settings,
        path,
        bytes,
        first,
        Destination::Memory,
        &settle_alone,
    );
    let outcome = report.fixes.expect("a fixing run reports its outcome");
    let applied = outcome.total();
    (outcome.bytes.expect("fixed bytes"), applied)
}

/// What running a program shows: exit status, stdout, stderr.
type Run = (Option<i32>, String, String);

fn run(python: &Path, program: &[u8]) -> Run {
    // The same file name for both versions, so tracebacks compare equal.
    let dir = support::TempTree::new("behaviour");
    let file = dir.write("program.py", program);
    let output = Command::new(python)
        .args(["-I", "-W", "ignore"])
        .arg(&file)
        .current_dir(&dir.path)
        .output()
        .expect("run python");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn has_module(python: &Path, module: &str) -> bool {
    Command::new(python)
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn safe_fixes_keep_what_programs_do() {
    let root = support::root().join("tests/data/fix_behaviour");
    let mut failures = Vec::new();
    let mut ran = 0;
    for rule in registry::rules() {
        let meta = rule.meta();
        let kinds = rule.fixes();
        if !kinds.contains(&pyexpert::fix::Applicability::Safe) {
            continue;
        }
        let dir = root.join(meta.code);
        let mut programs: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("{} has safe fixes but no {}", meta.code, dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "py"))
            .collect();
        programs.sort();
        assert!(!programs.is_empty(), "{}: no behaviour programs", meta.code);
        let keeps_meaning = programs
            .iter()
            .any(|p| !p.with_extension("expected").exists());
        assert!(
            keeps_meaning,
            "{}: at least one program must keep its output unchanged",
            meta.code
        );
        for program in programs {
            let name = format!(
                "{}/{}",
                meta.code,
                program.file_name().unwrap().to_string_lossy()
            );
            let original = std::fs::read(&program).unwrap();
            let (after, applied) = fixed(meta.code, &program, &original);
            if applied == 0 {
                failures.push(format!("{name}: no fix applied, so it tests nothing"));
                continue;
            }
            let text = String::from_utf8_lossy(&original);
            let requires_pydantic = text.contains("# requires: pydantic");
            let expected = std::fs::read_to_string(program.with_extension("expected")).ok();
            for (version, python) in interpreters(meta.min_version) {
                if !python.is_file() {
                    missing(&format!(
                        "Python {version} not found at {}",
                        python.display()
                    ));
                    continue;
                }
                if requires_pydantic && !has_module(&python, "pydantic") {
                    missing(&format!("{name} needs pydantic in Python {version}"));
                    continue;
                }
                let before = run(&python, &original);
                let now = run(&python, &after);
                ran += 1;
                match &expected {
                    None if before != now => failures.push(format!(
                        "{name} on Python {version}: the fix changed what it does\nbefore: {before:?}\nafter:  {now:?}\nfixed source:\n{}",
                        String::from_utf8_lossy(&after)
                    )),
                    Some(want) if now != (Some(0), want.clone(), String::new()) => {
                        failures.push(format!(
                            "{name} on Python {version}: expected {want:?} after the fix, got {now:?}"
                        ));
                    }
                    Some(_) if before == now => failures.push(format!(
                        "{name} on Python {version}: the original already behaves as fixed; the case shows no bug"
                    )),
                    _ => {}
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    if ran == 0 {
        missing("no interpreter ran any behaviour program");
    }
}
