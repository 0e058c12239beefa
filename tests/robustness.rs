//! Hostile and odd input: pyexpert never crashes, never hangs, and never loses another
//! file's findings.

mod support;

use std::io::Read;
use std::process::{Command, Stdio};

use support::{findings, json, pyexpert, stderr, TempTree};

const LIST_IN_LOOP: &str =
    "def f(items):\n    for x in items:\n        if x in [1, 2, 3, 4, 5]:\n            pass\n";

/// PX0701 is opt-in; the tests that use its findings as examples select it.
const OPT_IN: [&str; 2] = ["--extend-select", "PX0701"];

/// `args` (a subcommand and its arguments) with PX0701 selected.
fn opted_in<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let (command, rest) = args.split_first().expect("a subcommand");
    [&[*command], &OPT_IN[..], rest].concat()
}

fn codes_by_path(report: &serde_json::Value) -> Vec<(String, u64, String)> {
    findings(report)
}

fn lint_json(tree: &TempTree, args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut all = opted_in(&["lint", "--output-format", "json"]);
    all.extend_from_slice(args);
    let output = pyexpert(&tree.path, &all, &[]);
    (output.status.code(), json(&output))
}

#[test]
fn deep_nesting_never_overflows_the_stack() {
    let tree = TempTree::new("deep");
    tree.write("a_good.py", LIST_IN_LOOP);
    // CPython refuses more than 200 nested brackets; so does pyexpert, without recursing.
    tree.write(
        "brackets.py",
        format!("x = {}1{}\n", "(".repeat(10_000), ")".repeat(10_000)),
    );
    tree.write(
        "lists.py",
        format!("x = {}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
    );
    // A 100,000-term chain is analysed like any other code.
    let chain = vec!["1"; 100_000].join("+");
    tree.write("chain.py", format!("x = {chain}\n{LIST_IN_LOOP}"));
    // Deeper than the walk goes: one clear diagnostic, no crash.
    let deeper = vec!["1"; 250_000].join("+");
    tree.write("deeper.py", format!("x = {deeper}\n"));

    let (status, report) = lint_json(&tree, &["."]);
    assert_eq!(status, Some(1));
    let found = codes_by_path(&report);
    let expect = |path: &str, line: u64, code: &str| (path.to_string(), line, code.to_string());
    assert_eq!(
        found,
        [
            expect("a_good.py", 3, "PX0701"),
            expect("brackets.py", 1, "PX0000"),
            expect("chain.py", 4, "PX0701"),
            expect("deeper.py", 1, "PX0000"),
            expect("lists.py", 1, "PX0000"),
        ]
    );
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        messages[1].contains("too many nested parentheses"),
        "{}",
        messages[1]
    );
    assert!(messages[3].contains("nested too deeply"), "{}", messages[3]);
}

#[test]
fn odd_files_give_a_diagnostic_or_a_clean_result_with_true_columns() {
    let tree = TempTree::new("odd");
    tree.write("binary.py", b"\x7fELF\x02\x01\x01\x00\x00\x00".as_slice());
    tree.write("bad_utf8.py", b"x = '\xc3\x28'\n".as_slice());
    tree.write(
        "bad_cookie.py",
        b"# -*- coding: klingon -*-\nx = 1\n".as_slice(),
    );
    tree.write(
        "latin1.py",
        b"# -*- coding: latin-1 -*-\nname = '\xe9t\xe9'\n".as_slice(),
    );
    tree.write("empty.py", "");
    tree.write("comments.py", "# just\n# comments\n");
    tree.write("crlf.py", LIST_IN_LOOP.replace('\n', "\r\n"));
    tree.write("cr.py", LIST_IN_LOOP.replace('\n', "\r"));
    tree.write(
        "bom.py",
        [b"\xef\xbb\xbf".as_slice(), LIST_IN_LOOP.as_bytes()].concat(),
    );
    tree.write("formfeed.py", format!("\x0c\n{LIST_IN_LOOP}"));
    tree.write(
        "tabs.py",
        LIST_IN_LOOP
            .replace("        ", "\t\t")
            .replace("    ", "\t"),
    );
    tree.write(
        "wide.py",
        "def f(items):\n    for x in items:\n        y = 'ééé'; z = x in [1, 2, 3, 4, 5]\n",
    );

    let (status, report) = lint_json(&tree, &["."]);
    assert_eq!(status, Some(1));
    let located: Vec<(String, String, u64, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap(),
                d["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let expect = |p: &str, c: &str, l: u64, col: u64| (p.to_string(), c.to_string(), l, col);
    assert_eq!(
        located,
        [
            // An unknown cookie is about the whole file; an undecodable byte is at its
            // line and column (`x = '` is 5 characters; the NUL follows 7 bytes).
            expect("bad_cookie.py", "PX0001", 1, 1),
            expect("bad_utf8.py", "PX0001", 1, 6),
            expect("binary.py", "PX0001", 1, 8),
            expect("bom.py", "PX0701", 3, 12),
            expect("cr.py", "PX0701", 3, 12),
            expect("crlf.py", "PX0701", 3, 12),
            expect("formfeed.py", "PX0701", 4, 12),
            expect("tabs.py", "PX0701", 3, 6),
            expect("wide.py", "PX0701", 3, 24),
        ]
    );
    assert_eq!(report["summary"]["files_checked"], 12);
}

#[test]
fn an_undecodable_byte_is_reported_at_its_line_and_column() {
    let tree = TempTree::new("undecodable");
    tree.write(
        "latin.py",
        b"# -*- coding: utf-8 -*-
name = 'caf\xe9'
"
        .as_slice(),
    );
    let concise = support::pyexpert(
        &tree.path,
        &[
            "lint",
            "--isolated",
            "--output-format",
            "concise",
            "latin.py",
        ],
        &[],
    );
    let text = support::stdout(&concise);
    assert!(
        text.starts_with(
            "latin.py:2:12: PX0001 cannot decode the file: the file is not valid utf-8"
        ),
        "{text}"
    );
    assert!(!text.contains("offset"), "{text}");
    // The full report has no snippet to show, so the message names the place.
    let full = support::stdout(&support::pyexpert(
        &tree.path,
        &["lint", "--isolated", "--color", "never", "latin.py"],
        &[],
    ));
    assert!(
        full.contains("latin.py:2:12: cannot decode the file"),
        "{full}"
    );
}

#[test]
fn a_twenty_megabyte_file_is_checked_with_true_positions() {
    let tree = TempTree::new("large");
    let filler = "# padding line of a generated module, long enough to matter\n";
    let lines = 20 * 1024 * 1024 / filler.len();
    let mut source = filler.repeat(lines);
    source.push_str(LIST_IN_LOOP);
    tree.write("big.py", &source);
    let (status, report) = lint_json(&tree, &["big.py"]);
    assert_eq!(status, Some(1));
    assert_eq!(
        findings(&report),
        [("big.py".to_string(), lines as u64 + 3, "PX0701".to_string())]
    );
}

#[test]
fn unreadable_and_odd_paths_never_crash() {
    let tree = TempTree::new("paths");
    tree.write("a_good.py", LIST_IN_LOOP);
    std::os::unix::fs::symlink(tree.path.join("missing.py"), tree.path.join("broken.py")).unwrap();
    std::os::unix::fs::symlink(tree.path.join("loop_b.py"), tree.path.join("loop_a.py")).unwrap();
    std::os::unix::fs::symlink(tree.path.join("loop_a.py"), tree.path.join("loop_b.py")).unwrap();
    // A directory whose name ends in .py is walked as a directory, never read as a file.
    tree.write("package.py/inner.py", LIST_IN_LOOP);
    // A file name that is not valid UTF-8.
    let raw_name = <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(b"caf\xe9.py");
    std::fs::write(tree.path.join(raw_name), LIST_IN_LOOP).unwrap();
    // An unreadable file: permissions deny it to ordinary users; root reads anything, so
    // a link to a file that cannot be read from the start stands in.
    let unreadable = tree.write("unreadable.py", LIST_IN_LOOP);
    let running_as_root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);
    if running_as_root {
        std::fs::remove_file(&unreadable).unwrap();
        std::os::unix::fs::symlink("/proc/self/mem", &unreadable).unwrap();
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&unreadable, std::fs::Permissions::from_mode(0o000)).unwrap();
    }

    let output = pyexpert(
        &tree.path,
        &opted_in(&["lint", "--output-format", "json", "."]),
        &[],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let found = findings(&json(&output));
    let paths: Vec<&str> = found.iter().map(|(p, _, _)| p.as_str()).collect();
    assert!(paths.contains(&"a_good.py"), "{found:?}");
    assert!(paths.contains(&"package.py/inner.py"), "{found:?}");
    assert!(
        paths
            .iter()
            .any(|p| p.starts_with("caf") && p.ends_with(".py")),
        "{found:?}"
    );
    for io_failure in ["broken.py", "loop_a.py", "loop_b.py", "unreadable.py"] {
        assert!(
            found.contains(&(io_failure.to_string(), 1, "PX0001".to_string())),
            "{io_failure}: {found:?}"
        );
    }
    assert!(
        !paths.contains(&"package.py"),
        "a directory is not read as a file"
    );
}

#[test]
fn a_file_deleted_before_it_is_read_gives_px0001() {
    let linter = pyexpert::Linter::new(pyexpert::RuleSet::default_set(), false);
    let report = linter.lint_path(
        std::path::Path::new("/nonexistent/gone.py"),
        "gone.py".into(),
    );
    let [diagnostic] = report.diagnostics.as_slice() else {
        panic!("{:?}", report.diagnostics);
    };
    assert_eq!(diagnostic.code(), "PX0001");
    assert!(
        diagnostic.message.contains("does not exist"),
        "{}",
        diagnostic.message
    );
}

#[test]
fn a_panicking_rule_is_contained_end_to_end() {
    let tree = TempTree::new("panic");
    tree.write("a_good.py", LIST_IN_LOOP);
    tree.write("b_boom.py", "TRIGGER_INJECTED_PANIC = 1\n");
    tree.write("c_good.py", LIST_IN_LOOP);
    let output = pyexpert(
        &tree.path,
        &opted_in(&["lint", "--output-format", "json", "."]),
        &[("PYEXPERT_DEBUG_PANIC_MARKER", "TRIGGER_INJECTED_PANIC")],
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "an internal error exits with 2"
    );
    let report = json(&output);
    let expect = |p: &str, l: u64, c: &str| (p.to_string(), l, c.to_string());
    assert_eq!(
        findings(&report),
        [
            expect("a_good.py", 3, "PX0701"),
            expect("b_boom.py", 1, "PX0003"),
            expect("c_good.py", 3, "PX0701")
        ]
    );
    let message = report["diagnostics"][1]["message"].as_str().unwrap();
    assert!(message.contains("PX9999 (debug-panic)"), "{message}");
    assert!(
        !stderr(&output).contains("panicked at"),
        "no panic noise: {}",
        stderr(&output)
    );
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let tree = TempTree::new("pipe");
    for n in 0..200 {
        tree.write(&format!("m{n:03}.py"), LIST_IN_LOOP);
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_pyexpert"))
        .current_dir(&tree.path)
        .args(opted_in(&["lint", "--color", "never", "."]))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(
        !errors.contains("panicked") && !errors.contains("Broken pipe"),
        "{errors}"
    );
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{:?}",
        output.status
    );
}

#[test]
fn a_full_disk_is_a_clear_error() {
    let tree = TempTree::new("full");
    tree.write("app.py", LIST_IN_LOOP);
    let output = pyexpert(
        &tree.path,
        &opted_in(&["lint", "--output-file", "/dev/full", "app.py"]),
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("cannot write the report to /dev/full"),
        "{message}"
    );
    assert!(message.contains("No space left"), "{message}");

    let written = tree.path.join("report.json");
    let output = pyexpert(
        &tree.path,
        &opted_in(&[
            "lint",
            "--output-format",
            "json",
            "--output-file",
            "report.json",
            "app.py",
        ]),
        &[],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(written).unwrap()).unwrap();
    assert_eq!(report["summary"]["total"], 1);
}

#[test]
fn two_hundred_thousand_findings_are_all_reported() {
    let tree = TempTree::new("many");
    let mut source = String::from("def f(items):\n    for x in items:\n");
    for _ in 0..200_000 {
        source.push_str("        x in [1, 2, 3, 4, 5]\n");
    }
    tree.write("many.py", &source);
    let started = std::time::Instant::now();
    let output = pyexpert(
        &tree.path,
        &opted_in(&["lint", "--output-format", "json", "many.py"]),
        &[],
    );
    let elapsed = started.elapsed();
    let report = json(&output);
    assert_eq!(report["summary"]["total"], 200_000);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 200_000);
    assert_eq!(diagnostics.last().unwrap()["start"]["line"], 200_002);
    // Generous bound: a debug build on a loaded machine; quadratic behaviour would take hours.
    assert!(elapsed.as_secs() < 300, "took {elapsed:?}");
}

/// Comments holding multi-byte characters next to `# noqa` directives: the directive
/// parser once sliced a comment at a byte count, inside a combining mark. Reduced from a
/// real file of docutils; it needs PX0002 and any other rule to run.
const MULTI_BYTE_COMMENTS: &str = "math_alphabets = {# 'cmdname': 'mathvariant value'  # package
             'nsupseteqq': '\\u2AC6\\u0338', # \u{2AC6}\u{338}
                 }
def handle_cmd(name, node, string): # noqa: C901 TODO make this less complex
    pass
s = \"日本\"  # \u{2AC6}\u{338} — # noqa: PX0701
";

#[test]
fn multi_byte_comments_next_to_noqa_directives_never_crash() {
    let tree = TempTree::new("multibyte");
    tree.write("f.py", MULTI_BYTE_COMMENTS);

    let output = pyexpert(
        &tree.path,
        &["lint", "f.py", "--isolated", "--select", "PX0002,PX0701"],
        &[],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let output = pyexpert(
        &tree.path,
        &[
            "lint",
            "f.py",
            "--isolated",
            "--select",
            "PX0002,PX0701",
            "--output-format",
            "json",
        ],
        &[],
    );
    // The one finding: the unused code of line 6, its column counted in characters.
    let located: Vec<(String, u64, u64)> = json(&output)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap(),
                d["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(located, [("PX0002".to_string(), 6, 26)]);

    for format in [
        "full",
        "concise",
        "json",
        "json-lines",
        "github",
        "sarif",
        "gitlab",
    ] {
        let output = pyexpert(
            &tree.path,
            &[
                "lint",
                "f.py",
                "--isolated",
                "--select",
                "ALL",
                "--output-format",
                format,
            ],
            &[],
        );
        // An internal error (PX0003) would make it 2.
        assert_eq!(
            output.status.code(),
            Some(1),
            "{format}: {}",
            stderr(&output)
        );
    }

    let output = pyexpert(
        &tree.path,
        &[
            "lint",
            "f.py",
            "--isolated",
            "--select",
            "ALL",
            "--add-noqa",
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let rewritten = std::fs::read_to_string(tree.path.join("f.py")).unwrap();
    assert!(
        rewritten.contains("# noqa: C901 TODO make this less complex  # noqa: PX2002")
            || rewritten.contains("# noqa: C901, PX2002"),
        "{rewritten}"
    );
    // Every finding is silenced now but the stale code of line 6: PX0002 is the tool's
    // own diagnostic, which `--add-noqa` never writes.
    let (status, report) = lint_json(&tree, &["f.py", "--isolated", "--select", "ALL"]);
    assert_eq!(status, Some(1));
    assert_eq!(
        findings(&report),
        [("f.py".to_string(), 6, "PX0002".to_string())]
    );
}
