//! The flags Ruff users type, on the built binary: `check`, the short flags, the
//! verbosity levels, `--show-files`, `--extension`, `--per-file-ignores`, `--fail-on`,
//! `--force-exclude`, `--stdin-filename` without `-`, and `--watch`.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use support::{findings, json, pyexpert, stderr, stdout, TempTree};

const LIST_IN_LOOP: &str =
    "def f(items):\n    for x in items:\n        if x in [1, 2, 3, 4, 5]:\n            print(x)\n";
const CONCAT_IN_LOOP: &str =
    "def g(items):\n    s = ''\n    for x in items:\n        s = s + x + ','\n    return s\n";
/// PX1302 (advice, opt-in) at Python 3.10 and later.
const ZIP_PAIRWISE: &str = "def pairs(xs: list):\n    return list(zip(xs, xs[1:]))\n";

/// PX0701, PX0702 and PX1302 are opt-in; the tests that use their findings as examples
/// select them.
const OPT_IN: [&str; 2] = ["--extend-select", "PX0701,PX0702,PX1302"];

/// `args` (a subcommand and its arguments) with PX0701, PX0702 and PX1302 selected.
fn opted_in<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let (command, rest) = args.split_first().expect("a subcommand");
    [&[*command], &OPT_IN[..], rest].concat()
}

fn with_stdin(dir: &std::path::Path, args: &[&str], input: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pyexpert"))
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pyexpert");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().expect("run pyexpert")
}

fn paths_and_codes(output: &std::process::Output) -> Vec<(String, String)> {
    findings(&json(output))
        .into_iter()
        .map(|(path, _, code)| (path, code))
        .collect()
}

#[test]
fn check_is_lint_and_the_short_flags_work() {
    let tree = TempTree::new("flags-short");
    tree.write("app.py", LIST_IN_LOOP);
    let lint = pyexpert(
        &tree.path,
        &opted_in(&["lint", "--output-format", "concise", "app.py"]),
        &[],
    );
    let check = pyexpert(
        &tree.path,
        &opted_in(&["check", "--output-format", "concise", "app.py"]),
        &[],
    );
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(stdout(&check), stdout(&lint));

    let zero = pyexpert(&tree.path, &opted_in(&["check", "-e", "app.py"]), &[]);
    assert_eq!(zero.status.code(), Some(0));

    let written = pyexpert(
        &tree.path,
        &opted_in(&[
            "check",
            "--output-format",
            "concise",
            "-o",
            "report.txt",
            "app.py",
        ]),
        &[],
    );
    assert_eq!(written.status.code(), Some(1));
    assert!(stdout(&written).is_empty());
    let report = std::fs::read_to_string(tree.path.join("report.txt")).unwrap();
    assert!(report.starts_with("app.py:3:12: PX0701 "), "{report}");
}

#[test]
fn quiet_silent_and_verbose() {
    let tree = TempTree::new("flags-verbosity");
    tree.write(
        "pyproject.toml",
        "[tool.pyexpert]\nextend-exclude = ['legacy']\n",
    );
    tree.write("src/app.py", LIST_IN_LOOP);
    tree.write("legacy/old.py", LIST_IN_LOOP);
    let args = |extra: &[&'static str]| {
        let mut all = opted_in(&["lint", "--output-format", "concise"]);
        all.extend_from_slice(extra);
        all.push(".");
        all
    };
    let normal = pyexpert(&tree.path, &args(&[]), &[]);
    assert!(
        stderr(&normal).contains("Found 1 problem"),
        "{}",
        stderr(&normal)
    );

    let quiet = pyexpert(&tree.path, &args(&["-q"]), &[]);
    assert_eq!(quiet.status.code(), Some(1));
    assert_eq!(stdout(&quiet), stdout(&normal), "the findings stay");
    assert!(stderr(&quiet).is_empty(), "no summary: {}", stderr(&quiet));

    let silent = pyexpert(&tree.path, &args(&["--silent"]), &[]);
    assert_eq!(silent.status.code(), Some(1), "the exit code still tells");
    assert!(stdout(&silent).is_empty() && stderr(&silent).is_empty());
    // An output file is still written: it was asked for.
    let silent_file = pyexpert(&tree.path, &args(&["-s", "-o", "out.txt"]), &[]);
    assert_eq!(silent_file.status.code(), Some(1));
    assert!(std::fs::read_to_string(tree.path.join("out.txt"))
        .unwrap()
        .contains("PX0701"));
    // Errors of the run itself are never silenced.
    let broken = pyexpert(&tree.path, &["lint", "-s", "missing/"], &[]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(stderr(&broken).contains("path does not exist"));

    let verbose = pyexpert(&tree.path, &args(&["-v"]), &[]);
    let said = stderr(&verbose);
    assert!(
        said.contains("configuration file ") && said.contains("pyproject.toml"),
        "{said}"
    );
    assert!(said.contains("skipped ./legacy (excluded)"), "{said}");
    assert!(said.contains("governed by"), "{said}");
    // Second run: the cache answers, and -v says so.
    let again = stderr(&pyexpert(&tree.path, &args(&["-v"]), &[]));
    assert!(
        again.contains("src/app.py: results from the cache"),
        "{again}"
    );

    let clash = pyexpert(&tree.path, &["lint", "-q", "-v", "."], &[]);
    assert_eq!(
        clash.status.code(),
        Some(2),
        "-q and -v contradict each other"
    );
}

#[test]
fn show_files_lists_what_would_be_checked_and_its_configuration() {
    let tree = TempTree::new("flags-show-files");
    tree.write(
        "pyproject.toml",
        "[tool.pyexpert]\nextend-exclude = ['legacy']\n",
    );
    tree.write("src/app.py", LIST_IN_LOOP);
    tree.write("legacy/old.py", LIST_IN_LOOP);
    tree.write("sub/pyexpert.toml", "ignore = ['PX0701']\n");
    tree.write("sub/mod.py", LIST_IN_LOOP);
    tree.write("notes.txt", "not python");
    let output = pyexpert(&tree.path, &["lint", "--show-files", "."], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "pyproject.toml  [pyproject.toml]\nsrc/app.py  [pyproject.toml]\nsub/mod.py  [sub/pyexpert.toml]\n"
    );
    let isolated = stdout(&pyexpert(
        &tree.path,
        &["lint", "--show-files", "--isolated", "sub"],
        &[],
    ));
    assert_eq!(isolated, "sub/mod.py  [no configuration file]\n");
}

#[test]
fn extension_maps_more_files_to_python() {
    let tree = TempTree::new("flags-extension");
    tree.write("app.py", LIST_IN_LOOP);
    tree.write("tool.pyw", CONCAT_IN_LOOP);
    let json_args = opted_in(&["lint", "--output-format", "json", "--isolated"]);
    let plain = pyexpert(&tree.path, &[&json_args[..], &["."]].concat(), &[]);
    assert_eq!(
        paths_and_codes(&plain),
        [("app.py".into(), "PX0701".into())]
    );
    let mapped = pyexpert(
        &tree.path,
        &[&json_args[..], &["--extension", "pyw:python", "."]].concat(),
        &[],
    );
    assert_eq!(
        paths_and_codes(&mapped),
        [
            ("app.py".to_string(), "PX0701".to_string()),
            ("tool.pyw".to_string(), "PX0702".to_string())
        ]
    );
    tree.write("pyexpert.toml", "[extension]\npyw = 'python'\n");
    let configured = pyexpert(
        &tree.path,
        &opted_in(&["lint", "--output-format", "json", "."]),
        &[],
    );
    assert_eq!(paths_and_codes(&configured), paths_and_codes(&mapped));
    let bad = pyexpert(&tree.path, &["lint", "--extension", "pyw:rust", "."], &[]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("`rust` is not a language"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn per_file_ignores_on_the_command_line() {
    let tree = TempTree::new("flags-per-file");
    let body = format!("{LIST_IN_LOOP}\n{CONCAT_IN_LOOP}");
    tree.write("src/app.py", &body);
    tree.write("legacy/old.py", &body);
    tree.write(
        "pyexpert.toml",
        "[per-file-ignores]\n'src/**' = ['PX0702']\n",
    );
    let run = |extra: &[&str]| {
        let mut args = opted_in(&["lint", "--output-format", "json"]);
        args.extend_from_slice(extra);
        args.push(".");
        paths_and_codes(&pyexpert(&tree.path, &args, &[]))
    };
    let pair = |p: &str, c: &str| (p.to_string(), c.to_string());
    assert_eq!(
        run(&[]),
        [
            pair("legacy/old.py", "PX0701"),
            pair("legacy/old.py", "PX0702"),
            pair("src/app.py", "PX0701"),
        ]
    );
    // --per-file-ignores replaces the file's table; a bare code continues the pattern.
    assert_eq!(
        run(&["--per-file-ignores", "legacy/**:PX0701,PX0702"]),
        [pair("src/app.py", "PX0701"), pair("src/app.py", "PX0702")]
    );
    // --extend-per-file-ignores adds to it.
    assert_eq!(
        run(&["--extend-per-file-ignores", "legacy/**:PX07"]),
        [pair("src/app.py", "PX0701")]
    );
    let bad = pyexpert(
        &tree.path,
        &["lint", "--per-file-ignores", "PX0701", "."],
        &[],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("is not PATTERN:CODE"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn fail_on_sets_the_threshold_findings_must_reach() {
    let tree = TempTree::new("flags-fail-on");
    tree.write("advice.py", ZIP_PAIRWISE);
    tree.write("warning.py", CONCAT_IN_LOOP);
    let run = |args: &[&str]| {
        let mut all = opted_in(&["lint", "--target-version", "py312"]);
        all.extend_from_slice(args);
        pyexpert(&tree.path, &all, &[])
    };
    assert_eq!(
        run(&["advice.py"]).status.code(),
        Some(1),
        "any finding fails by default"
    );
    let below = run(&["--fail-on", "warning", "advice.py"]);
    assert_eq!(below.status.code(), Some(0));
    let said = stderr(&below);
    assert!(
        said.contains("Found 1 problem (1 advice)"),
        "still reported: {said}"
    );
    assert!(
        said.contains("1 below the fail-on threshold (warning) does not fail the run"),
        "{said}"
    );
    assert_eq!(run(&["--fail-on", "warning", "."]).status.code(), Some(1));
    assert_eq!(run(&["--fail-on", "error", "."]).status.code(), Some(0));
    // The configuration's `fail-on`, and the command line over it.
    tree.write("pyexpert.toml", "fail-on = 'error'\n");
    assert_eq!(run(&["."]).status.code(), Some(0));
    assert_eq!(run(&["--fail-on", "advice", "."]).status.code(), Some(1));
    // Tool diagnostics are errors: an unparsable file fails at any threshold.
    tree.write("broken.py", "def (:\n");
    assert_eq!(run(&["."]).status.code(), Some(1));
    tree.write("pyexpert.toml", "fail-on = 'severe'\n");
    let bad = run(&["."]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("pyexpert.toml:1: fail-on: `severe`"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn force_exclude_applies_exclusions_to_named_files() {
    let tree = TempTree::new("flags-force-exclude");
    tree.write(
        "pyproject.toml",
        "[tool.pyexpert]\nextend-exclude = ['legacy', 'gen/*.py']\n",
    );
    tree.write("legacy/old.py", LIST_IN_LOOP);
    tree.write("legacy/deep/older.py", LIST_IN_LOOP);
    tree.write("gen/out.py", LIST_IN_LOOP);
    tree.write("src/app.py", LIST_IN_LOOP);
    let named = [
        "legacy/old.py",
        "legacy/deep/older.py",
        "gen/out.py",
        "src/app.py",
    ];
    // What pre-commit does: every file named explicitly.
    let without = pyexpert(
        &tree.path,
        &opted_in(&[&["lint", "--output-format", "json"][..], &named].concat()),
        &[],
    );
    assert_eq!(findings(&json(&without)).len(), 4);
    let with = pyexpert(
        &tree.path,
        &opted_in(
            &[
                &["lint", "--output-format", "json", "--force-exclude"][..],
                &named,
            ]
            .concat(),
        ),
        &[],
    );
    assert_eq!(
        paths_and_codes(&with),
        [("src/app.py".into(), "PX0701".into())]
    );
    // Only excluded files named: a clean run, as pre-commit needs.
    let none = pyexpert(
        &tree.path,
        &opted_in(&["lint", "--force-exclude", "legacy/old.py"]),
        &[],
    );
    assert_eq!(none.status.code(), Some(0), "{}", stderr(&none));
    // A named directory that is excluded is skipped too; so is standard input named into it.
    let directory = pyexpert(
        &tree.path,
        &opted_in(&["lint", "--force-exclude", "legacy"]),
        &[],
    );
    assert_eq!(directory.status.code(), Some(0));
    let piped = with_stdin(
        &tree.path,
        &opted_in(&[
            "lint",
            "--force-exclude",
            "--stdin-filename",
            "legacy/new.py",
        ]),
        LIST_IN_LOOP,
    );
    assert_eq!(piped.status.code(), Some(0), "{}", stdout(&piped));
    // The configuration can ask for it; --no-force-exclude undoes it.
    tree.write(
        "pyproject.toml",
        "[tool.pyexpert]\nextend-exclude = ['legacy']\nforce-exclude = true\n",
    );
    assert_eq!(
        pyexpert(&tree.path, &opted_in(&["lint", "legacy/old.py"]), &[])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        pyexpert(
            &tree.path,
            &opted_in(&["lint", "--no-force-exclude", "legacy/old.py"]),
            &[]
        )
        .status
        .code(),
        Some(1)
    );
    // A directory above the project that matches a default exclusion excludes nothing.
    let above = TempTree::new("flags-force-exclude-build");
    above.write("build/proj/pyproject.toml", "[tool.pyexpert]\n");
    above.write("build/proj/app.py", LIST_IN_LOOP);
    let inside = above.path.join("build/proj");
    assert_eq!(
        pyexpert(
            &inside,
            &opted_in(&["lint", "--force-exclude", "app.py"]),
            &[]
        )
        .status
        .code(),
        Some(1)
    );
}

#[test]
fn stdin_filename_reads_standard_input_without_a_dash() {
    let tree = TempTree::new("flags-stdin");
    tree.write("other.py", CONCAT_IN_LOOP);
    tree.write("sub/pyexpert.toml", "ignore = ['PX0702']\n");
    let output = with_stdin(
        &tree.path,
        &opted_in(&[
            "lint",
            "--output-format",
            "concise",
            "--stdin-filename",
            "src/app.py",
        ]),
        LIST_IN_LOOP,
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output).lines().count(),
        1,
        "only the input: {}",
        stdout(&output)
    );
    assert!(
        stdout(&output).starts_with("src/app.py:3:12: PX0701"),
        "{}",
        stdout(&output)
    );
    // Paths beside it are ignored with a warning, as Ruff does.
    let beside = with_stdin(
        &tree.path,
        &opted_in(&[
            "lint",
            "--output-format",
            "concise",
            "--stdin-filename",
            "a.py",
            "other.py",
        ]),
        LIST_IN_LOOP,
    );
    assert!(!stdout(&beside).contains("other.py"), "{}", stdout(&beside));
    assert!(stderr(&beside).contains("ignoring other.py in favour of standard input"));
    // The name's settings apply: sub/ ignores PX0702.
    let governed = with_stdin(
        &tree.path,
        &opted_in(&["lint", "--stdin-filename", "sub/x.py"]),
        CONCAT_IN_LOOP,
    );
    assert_eq!(governed.status.code(), Some(0), "{}", stdout(&governed));
}

#[test]
fn watch_checks_again_when_a_file_changes() {
    let tree = TempTree::new("flags-watch");
    tree.write("app.py", LIST_IN_LOOP);
    tree.write(
        "eq.py",
        "class A:\n    def __eq__(self, other):\n        return True\n",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_pyexpert"))
        .current_dir(&tree.path)
        .args(opted_in(&[
            "lint",
            "--watch",
            "--output-format",
            "concise",
            "--no-cache",
            ".",
        ]))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start pyexpert --watch");
    let (lines, received) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if lines.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    let wait_for = |wanted: &str| {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(line) = received.recv_timeout(Duration::from_millis(100)) {
                if line.contains(wanted) {
                    return true;
                }
            }
        }
        false
    };
    let first = wait_for("app.py:3:12: PX0701");
    // A new file with a finding, written in two steps (debounced into one run).
    tree.write("new.py", "def g(items):\n");
    tree.write("new.py", CONCAT_IN_LOOP);
    let second = wait_for("new.py:4:9: PX0702");
    // Fixing the first file makes it disappear from the next run.
    tree.write("app.py", "print('fixed')\n");
    let third = wait_for("new.py:4:9: PX0702");
    // A new configuration file takes effect at once (PX0305 is opt-in).
    tree.write("pyexpert.toml", "extend-select = ['PX0305']\n");
    let fourth = wait_for("eq.py:1:1: PX0305");
    child.kill().expect("stop the watch");
    let _ = child.wait();
    assert!(first, "the first run reports app.py");
    assert!(second, "a new file is checked after the change");
    assert!(third, "and again after the next change");
    assert!(fourth, "a new configuration file is read");
}
