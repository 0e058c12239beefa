//! `--fix` end to end through the binary, on the files where rewriting goes wrong first:
//! line endings (LF, CRLF, CR), a BOM, a latin-1 coding cookie, tab indentation, no final
//! newline, a symlink, a read-only file; overlapping fixes in one statement, two fixes that
//! add the same import, standard input; and the flags and settings around them.

mod support;

use support::{pyexpert, stderr, stdout, TempTree};

/// A list membership test in a loop with the given line ending: PX0701, with a safe fix
/// (the value tested is an int from `range`). PX0701 is opt-in: the runs that fix it select
/// it (see [`lint`]).
fn membership(newline: &str) -> String {
    [
        "def f(n):",
        "    for x in range(n):",
        "        if x in [1, 2, 3, 4, 5]:",
        "            print(x)",
        "",
    ]
    .join(newline)
}

/// `lint --isolated` with the opt-in rule PX0701 selected, then `args`.
fn lint<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["lint", "--isolated", "--extend-select", "PX0701"];
    all.extend_from_slice(args);
    all
}

fn fix(tree: &TempTree, extra: &[&str]) -> std::process::Output {
    let mut args = lint(&["--no-cache", "--fix"]);
    args.extend_from_slice(extra);
    pyexpert(&tree.path, &args, &[])
}

#[test]
fn line_endings_a_bom_and_a_missing_final_newline_are_kept() {
    let tree = TempTree::new("fix-endings");
    tree.write("crlf.py", membership("\r\n"));
    tree.write("cr.py", membership("\r"));
    tree.write("bom.py", format!("\u{feff}{}", membership("\n")));
    let unterminated = membership("\n");
    tree.write("last.py", unterminated.trim_end());
    let output = fix(&tree, &["."]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let read = |name: &str| std::fs::read(tree.path.join(name)).unwrap();
    assert_eq!(
        read("crlf.py"),
        membership("\r\n")
            .replace("[1, 2, 3, 4, 5]", "{1, 2, 3, 4, 5}")
            .as_bytes()
    );
    assert_eq!(
        read("cr.py"),
        membership("\r")
            .replace("[1, 2, 3, 4, 5]", "{1, 2, 3, 4, 5}")
            .as_bytes()
    );
    assert_eq!(
        read("bom.py"),
        format!(
            "\u{feff}{}",
            membership("\n").replace("[1, 2, 3, 4, 5]", "{1, 2, 3, 4, 5}")
        )
        .as_bytes()
    );
    assert_eq!(
        read("last.py"),
        unterminated
            .trim_end()
            .replace("[1, 2, 3, 4, 5]", "{1, 2, 3, 4, 5}")
            .as_bytes()
    );
}

#[test]
fn new_lines_take_the_files_line_ending_and_indentation() {
    let tree = TempTree::new("fix-new-lines");
    // PX1103 adds an import line and a decorator line; PX0301 adds `return self`.
    let decorator = "def timed(func):\r\n\tdef wrapper(*args, **kwargs):\r\n\t\treturn func(*args, **kwargs)\r\n\r\n\treturn wrapper\r\n";
    tree.write("deco.py", decorator);
    let inplace = "class Basket:\r\tdef __iadd__(self, item):\r\t\tself.items.append(item)";
    tree.write("inplace.py", inplace);
    // PX1103 is opt-in.
    let output = fix(&tree, &["--extend-select", "PX1103", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(tree.path.join("deco.py")).unwrap(),
        "from functools import wraps\r\ndef timed(func):\r\n\t@wraps(func)\r\n\tdef wrapper(*args, **kwargs):\r\n\t\treturn func(*args, **kwargs)\r\n\r\n\treturn wrapper\r\n"
    );
    assert_eq!(
        std::fs::read_to_string(tree.path.join("inplace.py")).unwrap(),
        "class Basket:\r\tdef __iadd__(self, item):\r\t\tself.items.append(item)\r\t\treturn self"
    );
}

#[test]
fn a_latin1_file_keeps_its_bytes_and_its_encoding() {
    let tree = TempTree::new("fix-latin1");
    let mut bytes = b"# -*- coding: latin-1 -*-\nNAME = '\xE9t\xE9'  # caf\xE9\n".to_vec();
    bytes.extend_from_slice(membership("\n").as_bytes());
    tree.write("legacy.py", &bytes);
    let output = fix(&tree, &["legacy.py"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut expected = b"# -*- coding: latin-1 -*-\nNAME = '\xE9t\xE9'  # caf\xE9\n".to_vec();
    expected.extend_from_slice(
        membership("\n")
            .replace("[1, 2, 3, 4, 5]", "{1, 2, 3, 4, 5}")
            .as_bytes(),
    );
    assert_eq!(
        std::fs::read(tree.path.join("legacy.py")).unwrap(),
        expected
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_is_written_through_and_a_read_only_file_is_an_error() {
    let tree = TempTree::new("fix-links");
    let target = tree.write("real/target.py", membership("\n"));
    std::os::unix::fs::symlink(&target, tree.path.join("link.py")).unwrap();
    let locked = tree.write("locked.py", membership("\n"));
    let mut permissions = std::fs::metadata(&locked).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&locked, permissions).unwrap();
    let other = tree.write("other.py", membership("\n"));
    let output = fix(&tree, &["link.py", "locked.py", "other.py"]);
    // The read-only file makes the run fail; everything else is fixed all the same.
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("locked.py: the file is read-only; left unchanged"),
        "{err}"
    );
    let fixed = membership("\n").replace("[1, 2, 3, 4, 5]", "{1, 2, 3, 4, 5}");
    assert!(std::fs::symlink_metadata(tree.path.join("link.py"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), fixed);
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), membership("\n"));
    assert_eq!(std::fs::read_to_string(&other).unwrap(), fixed);
    // The unfixed file's finding is still reported.
    assert!(stdout(&output).contains("locked.py"), "{}", stdout(&output));
}

#[test]
fn overlapping_fixes_in_one_statement_take_two_passes() {
    let tree = TempTree::new("fix-overlap");
    tree.write(
        "types.py",
        "from typing import List, Optional\n\n\ndef first(values: Optional[List[int]]) -> Optional[int]:\n    return values[0] if values else None\n",
    );
    // PX1301 and PX1306 are opt-in: selected here by their codes.
    let output = fix(
        &tree,
        &[
            "--extend-select",
            "PX1301,PX1306",
            "--target-version",
            "py310",
            "--show-fixes",
            "types.py",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(tree.path.join("types.py")).unwrap(),
        "\n\ndef first(values: list[int] | None) -> int | None:\n    return values[0] if values else None\n"
    );
    let err = stderr(&output);
    assert!(err.contains("2 × PX1301 (legacy-union-syntax)"), "{err}");
    assert!(err.contains("1 × PX1306 (typing-builtin-alias)"), "{err}");
}

#[test]
fn two_fixes_adding_the_same_import_add_it_once() {
    let tree = TempTree::new("fix-same-import");
    tree.write(
        "decorators.py",
        "\"\"\"Decorators.\"\"\"\n\nimport time\n\n\ndef timed(func):\n    def wrapper(*args, **kwargs):\n        return func(*args, **kwargs)\n\n    return wrapper\n\n\ndef logged(func):\n    def inner(*args, **kwargs):\n        return func(*args, **kwargs)\n\n    return inner\n",
    );
    let output = fix(&tree, &["--extend-select", "PX1103", "decorators.py"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(tree.path.join("decorators.py")).unwrap(),
        "\"\"\"Decorators.\"\"\"\n\nimport time\nfrom functools import wraps\n\n\ndef timed(func):\n    @wraps(func)\n    def wrapper(*args, **kwargs):\n        return func(*args, **kwargs)\n\n    return wrapper\n\n\ndef logged(func):\n    @wraps(func)\n    def inner(*args, **kwargs):\n        return func(*args, **kwargs)\n\n    return inner\n"
    );
}

#[test]
fn standard_input_gets_the_fixed_source_on_stdout() {
    let tree = TempTree::new("fix-stdin");
    let run = |args: &[&str]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_pyexpert"));
        command
            .current_dir(&tree.path)
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(membership("\r\n").as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let fixed = run(&lint(&["-", "--fix", "--stdin-filename", "app.py"]));
    assert_eq!(fixed.status.code(), Some(0), "{}", stderr(&fixed));
    assert_eq!(
        stdout(&fixed),
        membership("\r\n").replace("[1, 2, 3, 4, 5]", "{1, 2, 3, 4, 5}")
    );
    let diff = run(&lint(&["-", "--diff", "--stdin-filename", "app.py"]));
    assert_eq!(diff.status.code(), Some(1), "{}", stderr(&diff));
    assert!(
        stdout(&diff).starts_with("--- app.py\r\n+++ app.py\r\n")
            || stdout(&diff).starts_with("--- app.py\n+++ app.py\n"),
        "{}",
        stdout(&diff)
    );
    assert!(
        stdout(&diff).contains("+        if x in {1, 2, 3, 4, 5}:"),
        "{}",
        stdout(&diff)
    );
    // Nothing to fix: the source comes back unchanged.
    let clean = run(&["lint", "--isolated", "-", "--fix", "--select", "PX0702"]);
    assert_eq!(stdout(&clean), membership("\r\n"));
}

#[test]
fn diff_writes_nothing_and_fix_only_reports_counts() {
    let tree = TempTree::new("fix-modes");
    let path = tree.write("app.py", membership("\n"));
    let diff = pyexpert(&tree.path, &lint(&["--diff", "app.py"]), &[]);
    assert_eq!(diff.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), membership("\n"));
    assert!(stdout(&diff)
        .contains("-        if x in [1, 2, 3, 4, 5]:\n+        if x in {1, 2, 3, 4, 5}:\n"));
    assert!(
        stderr(&diff).contains("Would fix 1 problem"),
        "{}",
        stderr(&diff)
    );

    let only = pyexpert(&tree.path, &lint(&["--fix-only", "app.py"]), &[]);
    assert_eq!(only.status.code(), Some(0));
    assert_eq!(stdout(&only), "");
    assert!(
        stderr(&only).contains("Fixed 1 problem in 1 file."),
        "{}",
        stderr(&only)
    );
    let clean = pyexpert(&tree.path, &lint(&["--diff", "app.py"]), &[]);
    assert_eq!(clean.status.code(), Some(0), "nothing left to fix");

    tree.write("app.py", membership("\n"));
    let strict = pyexpert(
        &tree.path,
        &lint(&["--fix", "--exit-non-zero-on-fix", "app.py"]),
        &[],
    );
    assert_eq!(strict.status.code(), Some(1), "a fix was applied");
}

#[test]
fn unsafe_fixes_need_opting_in_and_the_summary_says_so() {
    let tree = TempTree::new("fix-unsafe");
    let source = "import datetime\n\n\ndef stamp():\n    return datetime.datetime.utcnow()\n";
    let path = tree.write("clock.py", source);
    let safe = pyexpert(
        &tree.path,
        &["lint", "--isolated", "--fix", "clock.py"],
        &[],
    );
    assert_eq!(safe.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), source);
    assert!(
        stderr(&safe)
            .contains("0 fixed, 1 remaining (1 warning), 1 more fixable with --unsafe-fixes"),
        "{}",
        stderr(&safe)
    );
    let report = pyexpert(
        &tree.path,
        &[
            "lint",
            "--isolated",
            "--output-format",
            "concise",
            "clock.py",
        ],
        &[],
    );
    assert!(
        !stdout(&report).contains("[*]"),
        "an unsafe fix is not marked fixable"
    );
    assert!(
        stderr(&report).contains("1 fixable with --fix --unsafe-fixes."),
        "{}",
        stderr(&report)
    );

    tree.write("pyexpert.toml", "unsafe-fixes = true\n");
    let opted = pyexpert(&tree.path, &["lint", "--fix", "clock.py"], &[]);
    assert_eq!(opted.status.code(), Some(0), "{}", stderr(&opted));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "import datetime\n\n\ndef stamp():\n    return datetime.datetime.now(datetime.timezone.utc)\n"
    );
}

#[test]
fn configuration_keys_choose_what_is_fixed() {
    let tree = TempTree::new("fix-config");
    let path = tree.write("app.py", membership("\n"));
    tree.write(
        "pyexpert.toml",
        "extend-select = [\"PX0701\"]\nfix = true\nunfixable = [\"PX07\"]\n",
    );
    let output = pyexpert(&tree.path, &["lint", "app.py"], &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), membership("\n"));
    tree.write(
        "pyexpert.toml",
        "extend-select = [\"PX0701\"]\nfix = true\nunfixable = [\"PX07\"]\nextend-fixable = [\"PX0701\"]\n",
    );
    let output = pyexpert(&tree.path, &["lint", "app.py"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("{1, 2, 3, 4, 5}"));
    tree.write("pyexpert.toml", "fix = true\nfixable = [\"PX99\"]\n");
    let bad = pyexpert(&tree.path, &["lint", "app.py"], &[]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("pyexpert.toml:2: fixable: `PX99`"),
        "{}",
        stderr(&bad)
    );
    let shown = pyexpert(&tree.path, &["config", "--isolated", "--fix"], &[]);
    assert!(stdout(&shown).contains("fix "), "{}", stdout(&shown));
}

#[test]
fn add_noqa_and_fix_together_is_a_usage_error() {
    let tree = TempTree::new("fix-noqa");
    tree.write("app.py", membership("\n"));
    let output = pyexpert(
        &tree.path,
        &["lint", "--isolated", "--add-noqa", "--fix", "app.py"],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot be used with"),
        "{}",
        stderr(&output)
    );
}

/// Debug builds carry an injected rule whose fix breaks the file (`fault_injection.rs`).
#[cfg(debug_assertions)]
#[test]
fn a_fix_that_breaks_the_file_is_rolled_back_and_named() {
    let tree = TempTree::new("fix-broken");
    let path = tree.write("app.py", "x = 1\ny = BROKEN_FIX_HERE\n");
    let other = tree.write("other.py", membership("\n"));
    let output = pyexpert(
        &tree.path,
        &lint(&["--no-cache", "--fix", "--output-format", "concise", "."]),
        &[("PYEXPERT_DEBUG_FIX", "broken")],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "x = 1\ny = BROKEN_FIX_HERE\n"
    );
    assert!(std::fs::read_to_string(&other)
        .unwrap()
        .contains("{1, 2, 3, 4, 5}"));
    let out = stdout(&output);
    assert!(out.contains("app.py:1:1: PX0003 internal error in the fixes of rule PX9998 (debug-bad-fix): the fixed text would not parse"), "{out}");

    // From standard input, the source comes back as it was.
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_pyexpert"));
    command
        .current_dir(&tree.path)
        .args(["lint", "--isolated", "-", "--fix"])
        .env("PYEXPERT_DEBUG_FIX", "broken")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"x = 1\ny = BROKEN_FIX_HERE\n").unwrap();
    }
    let piped = child.wait_with_output().unwrap();
    assert_eq!(piped.status.code(), Some(2));
    assert_eq!(stdout(&piped), "x = 1\ny = BROKEN_FIX_HERE\n");

    let endless = tree.write("endless.py", "x = 1\n");
    let output = pyexpert(
        &tree.path,
        &["lint", "--isolated", "--no-cache", "--fix", "endless.py"],
        &[("PYEXPERT_DEBUG_FIX", "endless")],
    );
    assert!(
        stderr(&output).contains(
            "the fixes to endless.py did not settle after 20 passes (still fixing: PX9998)"
        ),
        "{}",
        stderr(&output)
    );
    assert!(std::fs::read_to_string(&endless)
        .unwrap()
        .ends_with("x = 1\n"));
}

#[test]
fn the_cache_keeps_fixes_and_a_warm_diff_matches_a_cold_one() {
    let tree = TempTree::new("fix-cache");
    tree.write("app.py", membership("\n"));
    tree.write("clean.py", "X = 1\n");
    let run = || {
        pyexpert(
            &tree.path,
            &lint(&["--diff", "."]),
            &[("PYEXPERT_CACHE_STATS", "1")],
        )
    };
    let cold = run();
    let warm = run();
    assert_eq!(stdout(&cold), stdout(&warm));
    // Both files from the cache, and the one with a fix once more when it is fixed (read
    // again, its report looked up for exactly the bytes it holds then).
    assert!(
        stderr(&warm).contains("cache: 3 hits, 0 misses"),
        "{}",
        stderr(&warm)
    );
    assert!(stdout(&warm).contains("+        if x in {1, 2, 3, 4, 5}:"));
    // A warm `--fix` writes from the cached fixes of exactly these bytes.
    let fixed = pyexpert(&tree.path, &lint(&["--fix", "."]), &[]);
    assert_eq!(fixed.status.code(), Some(0), "{}", stderr(&fixed));
    assert!(std::fs::read_to_string(tree.path.join("app.py"))
        .unwrap()
        .contains("{1, 2, 3, 4, 5}"));
}
