//! The built binary, end to end: exit codes, report formats, determinism, discovery,
//! selection and suppression.

mod support;

use support::{findings, json, pyexpert, stderr, stdout, TempTree};

const LIST_IN_LOOP: &str =
    "def f(items):\n    for x in items:\n        if x in [1, 2, 3, 4, 5]:\n            print(x)\n";
const CONCAT_IN_LOOP: &str =
    "def g(items):\n    s = ''\n    for x in items:\n        s = x + s\n    return s\n";
/// PX0706 (opt-in).
const TREE_RECURSION: &str =
    "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n";
/// PX0707 (on by default): an index loop over a NumPy array.
const NDARRAY_LOOP: &str = "import numpy as np\n\n\ndef doubled(n):\n    values = np.zeros(n)\n    for i in range(len(values)):\n        values[i] = i * 2\n    return values\n";
/// PX0205 (on by default): a generator that raises StopIteration.
const STOP_ITERATION: &str = "def numbers():\n    yield 1\n    raise StopIteration\n";
const CLEAN: &str = "def h(items):\n    return {x for x in items}\n";

/// PX0701 and PX0702 are opt-in; the tests that use their findings as examples (of a
/// report, of a suppression...) select them.
const OPT_IN: [&str; 2] = ["--extend-select", "PX0701,PX0702"];

/// `args` (a subcommand and its arguments) with PX0701 and PX0702 selected.
fn opted_in<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let (command, rest) = args.split_first().expect("a subcommand");
    [&[*command], &OPT_IN[..], rest].concat()
}

fn codes(report: &serde_json::Value) -> Vec<String> {
    findings(report)
        .into_iter()
        .map(|(_, _, code)| code)
        .collect()
}

#[test]
fn exit_codes_follow_the_outcome() {
    let tree = TempTree::new("exit");
    tree.write("clean.py", CLEAN);
    tree.write("dirty.py", LIST_IN_LOOP);

    let clean = pyexpert(&tree.path, &["lint", "clean.py"], &[]);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));

    let dirty = pyexpert(&tree.path, &opted_in(&["lint", "dirty.py"]), &[]);
    assert_eq!(dirty.status.code(), Some(1));

    let forced = pyexpert(
        &tree.path,
        &opted_in(&["lint", "--exit-zero", "dirty.py"]),
        &[],
    );
    assert_eq!(forced.status.code(), Some(0));

    let missing = pyexpert(&tree.path, &["lint", "clean.py", "nope/"], &[]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("path does not exist: nope/"),
        "{}",
        stderr(&missing)
    );

    let bad_selector = pyexpert(&tree.path, &["lint", "--select", "E501", "."], &[]);
    assert_eq!(bad_selector.status.code(), Some(2));
    assert!(stderr(&bad_selector).contains("`E501` is not a rule code"));

    let bad_flag = pyexpert(&tree.path, &["lint", "--no-such-flag"], &[]);
    assert_eq!(bad_flag.status.code(), Some(2));
}

#[test]
fn json_report_has_the_documented_shape() {
    let tree = TempTree::new("json");
    tree.write("app.py", LIST_IN_LOOP);
    let output = pyexpert(
        &tree.path,
        &opted_in(&["lint", "--output-format", "json", "app.py"]),
        &[],
    );
    let report = json(&output);
    assert_eq!(report["version"], 1);
    assert_eq!(report["tool"]["name"], "pyexpert");
    let diagnostic = &report["diagnostics"][0];
    assert_eq!(diagnostic["code"], "PX0701");
    assert_eq!(diagnostic["name"], "list-membership-in-loop");
    // A list of constants written in the test is advice (a tuple constant, a bounded cost).
    assert_eq!(diagnostic["severity"], "advice");
    assert_eq!(diagnostic["path"], "app.py");
    assert_eq!(diagnostic["start"]["line"], 3);
    assert_eq!(diagnostic["start"]["column"], 12);
    assert_eq!(diagnostic["end"]["line"], 3);
    assert_eq!(diagnostic["end"]["column"], 32);
    assert_eq!(diagnostic["question"]["number"], 7);
    assert_eq!(
        diagnostic["question"]["title"],
        "profiling and optimisation"
    );
    assert!(diagnostic["message"].as_str().unwrap().contains("list"));
    assert!(diagnostic["help"].as_str().unwrap().contains("set"));
    assert!(diagnostic["url"].is_null(), "no URL is invented");
    assert_eq!(report["summary"]["files_checked"], 1);
    assert_eq!(report["summary"]["total"], 1);
    assert_eq!(report["summary"]["advice"], 1);
    assert_eq!(report["summary"]["warnings"], 0);
    assert_eq!(report["summary"]["errors"], 0);
    assert!(
        stderr(&output).is_empty(),
        "JSON runs print nothing else: {}",
        stderr(&output)
    );
}

#[test]
fn docs_url_template_fills_the_link() {
    let tree = TempTree::new("url");
    tree.write("app.py", LIST_IN_LOOP);
    let template = "https://docs.example.org/q{question}/{code}";
    let output = pyexpert(
        &tree.path,
        &opted_in(&[
            "lint",
            "--output-format",
            "json",
            "--docs-url",
            template,
            "app.py",
        ]),
        &[],
    );
    let report = json(&output);
    assert_eq!(
        report["diagnostics"][0]["url"],
        "https://docs.example.org/q07/PX0701"
    );

    let full = pyexpert(
        &tree.path,
        &opted_in(&["lint", "--color", "never", "--docs-url", template, "app.py"]),
        &[],
    );
    assert!(
        stdout(&full).contains("https://docs.example.org/q07/PX0701"),
        "{}",
        stdout(&full)
    );
}

#[test]
fn full_report_shows_snippet_help_and_lesson() {
    let tree = TempTree::new("full");
    tree.write("app.py", LIST_IN_LOOP);
    let output = pyexpert(&tree.path, &opted_in(&["lint", "app.py"]), &[]);
    let text = stdout(&output);
    assert!(text.contains("PX0701 list-membership-in-loop"), "{text}");
    assert!(text.contains("app.py:3:12"), "{text}");
    assert!(text.contains("if x in [1, 2, 3, 4, 5]:"), "{text}");
    assert!(text.contains("help:"), "{text}");
    assert!(text.contains("Q07 · profiling and optimisation"), "{text}");
    assert!(text.contains("pyexpert rule PX0701"), "{text}");
    assert!(!text.contains('\u{1b}'), "piped output has no colour codes");
    let summary = stderr(&output);
    assert!(
        summary.starts_with("Found 1 problem (1 advice) in 1 file"),
        "{summary}"
    );
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let tree = TempTree::new("color");
    tree.write("app.py", LIST_IN_LOOP);
    let always = pyexpert(
        &tree.path,
        &opted_in(&["lint", "--color", "always", "app.py"]),
        &[],
    );
    assert!(stdout(&always).contains('\u{1b}'), "--color always colours");
    let auto = pyexpert(
        &tree.path,
        &opted_in(&["lint", "app.py"]),
        &[("NO_COLOR", "1")],
    );
    assert!(!stdout(&auto).contains('\u{1b}'));
    let never = pyexpert(
        &tree.path,
        &opted_in(&["lint", "--color", "never", "app.py"]),
        &[],
    );
    assert!(!stdout(&never).contains('\u{1b}'));
}

#[test]
fn the_terminal_decides_width_and_colour() {
    let tree = TempTree::new("terminal");
    // The snippet lines are short; the message and the help wrap.
    tree.write("app.py", LIST_IN_LOOP);
    tree.write("two.py", LIST_IN_LOOP);
    let forced = pyexpert(
        &tree.path,
        &opted_in(&["lint", "app.py"]),
        &[("FORCE_COLOR", "1")],
    );
    assert!(
        stdout(&forced).contains('\u{1b}'),
        "FORCE_COLOR colours a pipe"
    );
    let both = pyexpert(
        &tree.path,
        &opted_in(&["lint", "app.py"]),
        &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")],
    );
    assert!(
        !stdout(&both).contains('\u{1b}'),
        "NO_COLOR wins, as in CPython"
    );
    let never = pyexpert(
        &tree.path,
        &opted_in(&["lint", "--color", "never", "app.py"]),
        &[("FORCE_COLOR", "1")],
    );
    assert!(
        !stdout(&never).contains('\u{1b}'),
        "the flag wins over both"
    );

    // COLUMNS, when set, is the width (a pipe otherwise gets the fixed 100).
    let widest = |text: &str| text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let narrow = stdout(&pyexpert(
        &tree.path,
        &opted_in(&["lint", "app.py"]),
        &[("COLUMNS", "60")],
    ));
    assert!(widest(&narrow) <= 60, "{narrow}");
    let piped = stdout(&pyexpert(&tree.path, &opted_in(&["lint", "app.py"]), &[]));
    assert!(widest(&piped) > 60 && widest(&piped) <= 100, "{piped}");

    // A real terminal (a pseudo-terminal 70 columns wide, COLUMNS not exported, as in
    // bash): its width, and colour.
    let script = "import os, pty, struct, fcntl, termios, sys\npid, fd = pty.fork()\nif pid == 0:\n    os.environ.pop('COLUMNS', None); os.environ.pop('NO_COLOR', None); os.environ.pop('FORCE_COLOR', None)\n    os.execv(sys.argv[1], [sys.argv[1], 'lint', '--extend-select', 'PX0701', '--no-cache', 'app.py'])\nfcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 70, 0, 0))\nout = b''\nwhile True:\n    try:\n        chunk = os.read(fd, 65536)\n    except OSError:\n        break\n    if not chunk:\n        break\n    out += chunk\nos.waitpid(pid, 0)\nsys.stdout.write(out.decode('utf-8', 'replace'))\n";
    let output = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_pyexpert"))
        .current_dir(&tree.path)
        .output()
        .expect("run python3");
    let text = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(text.contains('\u{1b}'), "a terminal gets colour: {text}");
    let plain: String = strip_ansi(&text);
    assert!(plain.contains("list-membership-in-loop"), "{plain}");
    assert!(
        widest(&plain) <= 70,
        "wrapped at the terminal's 70 columns:\n{plain}"
    );

    // A blank line between findings.
    let two = stdout(&pyexpert(
        &tree.path,
        &opted_in(&["lint", "app.py", "two.py"]),
        &[],
    ));
    let blocks: Vec<&str> = two.split("\n\nPX0701 list-membership-in-loop").collect();
    assert_eq!(blocks.len(), 2, "{two}");
    assert!(two.starts_with("PX0701 list-membership-in-loop"), "{two}");
}

/// Text without its ANSI escape sequences (colours, hyperlinks).
fn strip_ansi(text: &str) -> String {
    let mut plain = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            plain.push(c);
            continue;
        }
        match chars.next() {
            // CSI: up to a final letter.
            Some('[') => {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            // OSC (hyperlinks): up to ESC \ or BEL.
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\u{7}' || (c == '\u{1b}' && chars.next_if_eq(&'\\').is_some()) {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    plain.replace('\r', "")
}

/// A tree with enough files that two threads really interleave.
fn busy_tree() -> TempTree {
    let tree = TempTree::new("busy");
    let fixtures = support::root().join("fixtures");
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            continue; // project fixtures: their own test lints them as projects
        }
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let source = std::fs::read(&path).unwrap();
        for copy in 0..8 {
            tree.write(&format!("pkg{copy}/{name}"), &source);
        }
    }
    for n in 0..40 {
        tree.write(
            &format!("gen/m{n:02}.py"),
            format!("{LIST_IN_LOOP}\n{CONCAT_IN_LOOP}\n"),
        );
    }
    tree.write("gen/broken.py", "def broken(:\n");
    tree
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let tree = busy_tree();
    for format in [&["--output-format", "json"][..], &["--color", "never"][..]] {
        let mut args = opted_in(&["lint", "."]);
        args.extend_from_slice(format);
        let one = pyexpert(&tree.path, &args, &[("RAYON_NUM_THREADS", "1")]);
        let two = pyexpert(&tree.path, &args, &[("RAYON_NUM_THREADS", "2")]);
        assert_eq!(one.status.code(), Some(1));
        assert!(!one.stdout.is_empty());
        assert_eq!(
            one.stdout, two.stdout,
            "output differs between 1 and 2 threads ({format:?})"
        );
        let flag = pyexpert(&tree.path, &[&args[..], &["--threads", "2"]].concat(), &[]);
        assert_eq!(one.stdout, flag.stdout);
    }
}

#[test]
fn output_is_sorted_by_path_line_column_code() {
    let tree = busy_tree();
    let report = json(&pyexpert(
        &tree.path,
        &opted_in(&["lint", "--output-format", "json", "."]),
        &[],
    ));
    let keys: Vec<(String, u64, u64, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap(),
                d["start"]["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn broken_files_do_not_stop_the_run() {
    let tree = TempTree::new("broken");
    tree.write("a_good.py", LIST_IN_LOOP);
    tree.write("b_syntax.py", "def f(:\n    pass\n");
    tree.write("c_binary.py", b"\x00\x01\x02ELF".as_slice());
    tree.write(
        "d_latin1.py",
        b"# -*- coding: latin-1 -*-\nname = '\xe9t\xe9'\n".as_slice(),
    );
    tree.write("e_bad_utf8.py", b"x = '\xff'\n".as_slice());
    tree.write("f_good.py", CONCAT_IN_LOOP);
    let output = pyexpert(
        &tree.path,
        &opted_in(&["lint", "--output-format", "json", "."]),
        &[],
    );
    assert_eq!(output.status.code(), Some(1));
    let found = findings(&json(&output));
    let expected = [
        ("a_good.py", 3, "PX0701"),
        ("b_syntax.py", 1, "PX0000"),
        ("c_binary.py", 1, "PX0001"),
        ("e_bad_utf8.py", 1, "PX0001"),
        ("f_good.py", 4, "PX0702"),
    ];
    let expected: Vec<(String, u64, String)> = expected
        .iter()
        .map(|(p, l, c)| (p.to_string(), *l, c.to_string()))
        .collect();
    assert_eq!(found, expected);
    let report = json(&output);
    let syntax = &report["diagnostics"][1];
    assert_eq!(
        syntax["start"]["column"], 7,
        "points at the offending token"
    );
    assert!(syntax["message"]
        .as_str()
        .unwrap()
        .starts_with("syntax error:"));
}

#[test]
fn noqa_suppresses_on_the_flagged_line() {
    let tree = TempTree::new("noqa");
    tree.write(
        "app.py",
        "def f(items, other):\n    for x in items:\n        if x in [1, 2, 3, 4, 5]:  # noqa\n            pass\n        if x in [4, 5, 6, 10, 11]:  # noqa: PX0701\n            pass\n        if x in [7, 8, 9, 10, 11]:  # noqa: E501, PX0702\n            pass\n        if x in [0, 1, 2, 10, 11]:  # NOQA:PX0702,PX0701 reason\n            pass\n",
    );
    let report = json(&pyexpert(
        &tree.path,
        &opted_in(&["lint", "--output-format", "json", "app.py"]),
        &[],
    ));
    let lines: Vec<u64> = findings(&report)
        .into_iter()
        .map(|(_, line, _)| line)
        .collect();
    assert_eq!(
        lines,
        [7],
        "only the line whose noqa names other codes is reported"
    );
}

#[test]
fn select_and_ignore_by_code_prefix_and_name() {
    let tree = TempTree::new("select");
    // PX0701, PX0702, PX0706 and PX0707 (opt-in), then PX0205 (on by default).
    tree.write(
        "a.py",
        format!(
            "{LIST_IN_LOOP}\n{CONCAT_IN_LOOP}\n{TREE_RECURSION}\n{NDARRAY_LOOP}\n{STOP_ITERATION}"
        ),
    );
    let run = |args: &[&str]| {
        let mut all = vec!["lint", "--output-format", "json"];
        all.extend_from_slice(args);
        all.push("a.py");
        codes(&json(&pyexpert(&tree.path, &all, &[])))
    };
    assert_eq!(run(&[]), ["PX0205"]);
    assert_eq!(
        run(&["--select", "PX02", "--ignore", "PX0205"]),
        Vec::<String>::new()
    );
    assert_eq!(run(&["--select", "PX0706"]), ["PX0706"]);
    assert_eq!(run(&["--select", "PX0205", "--ignore", "PX02"]), ["PX0205"]);
    assert_eq!(run(&["--select", "PX0702", "--ignore", "PX07"]), ["PX0702"]);
    assert_eq!(
        run(&["--ignore", "stop-iteration-in-generator"]),
        Vec::<String>::new()
    );
    assert_eq!(run(&["--ignore", "uncached-tree-recursion"]), ["PX0205"]);
    assert_eq!(run(&["--select", "PX16,PX06"]), Vec::<String>::new());
    assert_eq!(
        run(&["--select", "PX0701", "--select", "PX0702"]),
        ["PX0701", "PX0702"]
    );
    // An opt-in rule runs when named by its exact code, its name or ALL, never by a prefix.
    assert_eq!(run(&["--select", "PX07"]), Vec::<String>::new());
    assert_eq!(
        run(&["--extend-select", "list-membership-in-loop"]),
        ["PX0701", "PX0205"]
    );
    assert_eq!(
        run(&["--select", "ALL", "--ignore", "PX2002"]),
        ["PX0701", "PX0702", "PX0706", "PX0707", "PX0205"]
    );
}

#[test]
fn parse_only_still_reports_broken_files() {
    let tree = TempTree::new("parse-only");
    tree.write("a.py", LIST_IN_LOOP);
    tree.write("b.py", "x = (\n");
    let report = json(&pyexpert(
        &tree.path,
        &["lint", "--output-format", "json", "--select", "PX0000", "."],
        &[],
    ));
    assert_eq!(codes(&report), ["PX0000"]);
    assert_eq!(report["summary"]["files_checked"], 2);
}

#[test]
fn discovery_honours_ignores_and_explicit_paths() {
    let tree = TempTree::new("discover");
    tree.write("src/app.py", LIST_IN_LOOP);
    tree.write("src/types.pyi", "def f(x: int) -> int: ...\n");
    tree.write("src/.hidden/secret.py", LIST_IN_LOOP);
    tree.write(".venv/lib/site.py", LIST_IN_LOOP);
    tree.write("venv/lib/site.py", LIST_IN_LOOP);
    tree.write("build/lib/app.py", LIST_IN_LOOP);
    tree.write("node_modules/pkg/x.py", LIST_IN_LOOP);
    tree.write("src/__pycache__/app.py", LIST_IN_LOOP);
    tree.write("generated/out.py", LIST_IN_LOOP);
    tree.write(".gitignore", "generated/\n");
    tree.write("scripts/tool", LIST_IN_LOOP);
    tree.write("notes.txt", "not python");

    let report = json(&pyexpert(
        &tree.path,
        &opted_in(&["lint", "--output-format", "json"]),
        &[],
    ));
    assert_eq!(
        report["summary"]["files_checked"], 2,
        "app.py and types.pyi"
    );
    let paths: Vec<String> = findings(&report).into_iter().map(|(p, _, _)| p).collect();
    assert_eq!(paths, ["src/app.py"]);

    // Named explicitly, an ignored file or one without the .py suffix is checked anyway,
    // and a file reached twice is checked once.
    let report = json(&pyexpert(
        &tree.path,
        &opted_in(&[
            "lint",
            "--output-format",
            "json",
            "generated/out.py",
            "scripts/tool",
            "src",
            "src/app.py",
        ]),
        &[],
    ));
    let paths: Vec<String> = findings(&report).into_iter().map(|(p, _, _)| p).collect();
    assert_eq!(paths, ["generated/out.py", "scripts/tool", "src/app.py"]);
    assert_eq!(report["summary"]["files_checked"], 4);
}

#[test]
fn rule_and_rules_commands_document_the_rules() {
    let tree = TempTree::new("docs");
    let page = pyexpert(&tree.path, &["rule", "PX0701"], &[]);
    assert_eq!(page.status.code(), Some(0));
    assert!(stdout(&page).starts_with("# PX0701 list-membership-in-loop"));
    let by_name = pyexpert(&tree.path, &["rule", "missing-main-guard"], &[]);
    assert!(stdout(&by_name).starts_with("# PX1601 missing-main-guard"));
    let unknown = pyexpert(&tree.path, &["rule", "PX9999"], &[]);
    assert_eq!(unknown.status.code(), Some(2));

    let table = stdout(&pyexpert(&tree.path, &["rules"], &[]));
    let header = table.lines().next().unwrap();
    for column in [
        "CODE",
        "NAME",
        "SEVERITY",
        "QUESTION",
        "DEFAULT",
        "FIX",
        "FILES",
        "OTHER TOOLS",
    ] {
        assert!(header.contains(column), "{header}");
    }
    let row = table
        .lines()
        .find(|l| l.starts_with("PX1601"))
        .expect("PX1601 listed");
    assert!(
        row.contains("missing-main-guard")
            && row.contains("error")
            && row.contains("Q16")
            && row.contains(" on ")
            && row.contains("all code")
            && row.ends_with('-'),
        "{row}"
    );
    let row = table
        .lines()
        .find(|l| l.starts_with("PX0204"))
        .expect("PX0204 listed");
    assert!(row.ends_with("Ruff RUF006"), "{row}");
    // The FIX column says which fixes a rule's findings may carry.
    // Columns are aligned in characters (the PYTHON column holds `≥3.10`).
    let column = header[..header.find("FIX").unwrap()].chars().count();
    let fix_of = |code: &str| {
        let row = table.lines().find(|l| l.starts_with(code)).unwrap();
        let cell: String = row.chars().skip(column).collect();
        cell.split("  ").next().unwrap().trim().to_string()
    };
    assert_eq!(fix_of("PX0002"), "safe");
    assert_eq!(fix_of("PX0701"), "safe/unsafe");
    assert_eq!(fix_of("PX0000"), "-");
}

#[test]
fn target_version_is_validated_and_pyproject_errors_are_clear() {
    let tree = TempTree::new("target");
    tree.write("app.py", CLEAN);
    let bad = pyexpert(
        &tree.path,
        &["lint", "--target-version", "py2", "app.py"],
        &[],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("not a Python 3 version"),
        "{}",
        stderr(&bad)
    );

    let ok = pyexpert(
        &tree.path,
        &["lint", "--target-version", "3.12", "app.py"],
        &[],
    );
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));

    tree.write("pyproject.toml", "[project\nname = 'x'\n");
    let broken = pyexpert(&tree.path, &["lint", "app.py"], &[]);
    assert_eq!(broken.status.code(), Some(2));
    let message = stderr(&broken);
    assert!(
        message.contains("pyproject.toml:1: invalid TOML"),
        "{message}"
    );

    tree.write(
        "pyproject.toml",
        "[project]\nname = 'x'\nrequires-python = '>=3.11'\n",
    );
    let fine = pyexpert(&tree.path, &["lint", "app.py"], &[]);
    assert_eq!(fine.status.code(), Some(0), "{}", stderr(&fine));
}

#[test]
fn explain_and_rule_filters() {
    let tree = TempTree::new("explain");
    let explained = stdout(&pyexpert(&tree.path, &["explain", "7"], &[]));
    assert!(
        explained.starts_with("Q07 · profiling and optimisation\n"),
        "{explained}"
    );
    assert!(
        explained.contains("PX0701") && explained.contains("PX0702"),
        "{explained}"
    );
    assert!(!explained.contains("PX1601"));
    let same = stdout(&pyexpert(&tree.path, &["explain", "Q07"], &[]));
    assert_eq!(explained, same);
    let unknown = pyexpert(&tree.path, &["explain", "22"], &[]);
    assert_eq!(unknown.status.code(), Some(2));

    let by_question = stdout(&pyexpert(&tree.path, &["rules", "--question", "Q07"], &[]));
    let codes: Vec<&str> = by_question.lines().skip(1).map(|l| &l[..6]).collect();
    assert!(
        !codes.is_empty() && codes.iter().all(|c| c.starts_with("PX07")),
        "{by_question}"
    );
    let errors = stdout(&pyexpert(
        &tree.path,
        &["rules", "--severity", "error"],
        &[],
    ));
    assert!(
        errors.lines().skip(1).all(|l| l.contains(" error ")),
        "{errors}"
    );
    assert!(errors.contains("PX1601") && !errors.contains("PX0701"));
}

/// Runs the binary in `dir` with `input` on standard input.
fn pyexpert_with_stdin(dir: &std::path::Path, args: &[&str], input: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pyexpert"))
        .current_dir(dir)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
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

#[test]
fn standard_input_is_linted_under_its_given_name() {
    let tree = TempTree::new("stdin");
    tree.write(
        "pyproject.toml",
        "[tool.pyexpert.per-file-ignores]\n\"legacy/**\" = [\"PX0701\"]\n",
    );
    let concise = opted_in(&["lint", "--output-format", "concise", "-"]);
    let plain = pyexpert_with_stdin(&tree.path, &concise, LIST_IN_LOOP);
    assert_eq!(plain.status.code(), Some(1));
    assert!(stdout(&plain).starts_with("-:3:"), "{}", stdout(&plain));

    let named = [&concise[..], &["--stdin-filename", "src/app.py"]].concat();
    let output = pyexpert_with_stdin(&tree.path, &named, LIST_IN_LOOP);
    assert!(
        stdout(&output).starts_with("src/app.py:3:12: PX0701 "),
        "{}",
        stdout(&output)
    );

    // The name decides per-file ignores.
    let ignored = [&concise[..], &["--stdin-filename", "legacy/old.py"]].concat();
    let output = pyexpert_with_stdin(&tree.path, &ignored, LIST_IN_LOOP);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));

    // The full report shows the snippet from the given text; nothing is read from disk.
    let full = pyexpert_with_stdin(
        &tree.path,
        &opted_in(&[
            "lint",
            "--color",
            "never",
            "-",
            "--stdin-filename",
            "src/app.py",
        ]),
        LIST_IN_LOOP,
    );
    assert!(
        stdout(&full).contains("if x in [1, 2, 3, 4, 5]:"),
        "{}",
        stdout(&full)
    );

    let mixed = pyexpert_with_stdin(&tree.path, &["lint", "-", "src"], "");
    assert_eq!(mixed.status.code(), Some(2));
    assert!(
        stderr(&mixed).contains("standard input"),
        "{}",
        stderr(&mixed)
    );
}

#[test]
fn add_noqa_silences_every_finding_and_keeps_the_file_valid() {
    let tree = TempTree::new("add-noqa");
    let legacy = "import os  # a comment that stays\n\n\ndef f(items, out):\n    for x in items:\n        if x in [1, 2, 3, 4, 5]:  # noqa: E501\n            out.append(x)\n    s = ''\n    for x in items:\n        s = x + s\n        if x in [4, 5, 6, 10, 11] and x != \"\"\"header\n    footer\"\"\":\n            out.append(x)\n    return s\n";
    tree.write("pkg/legacy.py", legacy);
    tree.write("pkg/clean.py", CLEAN);
    tree.write("pkg/broken.py", "def broken(:\n");
    let before = pyexpert(
        &tree.path,
        &opted_in(&["lint", "--isolated", "--output-format", "json", "pkg"]),
        &[],
    );
    let found_before = findings(&json(&before));
    assert!(found_before.len() >= 3, "{found_before:?}");

    let added = pyexpert(
        &tree.path,
        &opted_in(&["lint", "--isolated", "--add-noqa", "pkg"]),
        &[],
    );
    assert_eq!(added.status.code(), Some(0), "{}", stderr(&added));
    assert!(
        stderr(&added).contains("Added 2 noqa directives to 1 file."),
        "{}",
        stderr(&added)
    );
    let rewritten = std::fs::read_to_string(tree.path.join("pkg/legacy.py")).unwrap();
    assert!(rewritten.starts_with("import os  # a comment that stays\n"));
    assert!(
        rewritten.contains("if x in [1, 2, 3, 4, 5]:  # noqa: E501, PX0701\n"),
        "{rewritten}"
    );
    assert!(
        rewritten.contains("s = x + s  # noqa: PX0702\n"),
        "{rewritten}"
    );
    assert_eq!(
        std::fs::read_to_string(tree.path.join("pkg/clean.py")).unwrap(),
        CLEAN,
        "files without findings are not touched"
    );
    assert_eq!(
        std::fs::read_to_string(tree.path.join("pkg/broken.py")).unwrap(),
        "def broken(:\n"
    );
    // Only the finding on a line that ends inside a string is left, and the file parses.
    let after = pyexpert(
        &tree.path,
        &opted_in(&["lint", "--isolated", "--output-format", "json", "pkg"]),
        &[],
    );
    let found_after = findings(&json(&after));
    assert_eq!(
        found_after,
        [
            ("pkg/broken.py".to_string(), 1, "PX0000".to_string()),
            ("pkg/legacy.py".to_string(), 11, "PX0701".to_string()),
        ]
    );
    assert!(
        stderr(&added).contains("1 flagged line end inside a string"),
        "{}",
        stderr(&added)
    );
    // Running it again changes nothing.
    let again = pyexpert(
        &tree.path,
        &opted_in(&["lint", "--isolated", "--add-noqa", "pkg"]),
        &[],
    );
    assert!(
        stderr(&again).contains("Added 0 noqa directives to 0 files."),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read_to_string(tree.path.join("pkg/legacy.py")).unwrap(),
        rewritten
    );
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(tree.path.join("pkg"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("pyexpert"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Python itself agrees the rewritten file is valid, where a python3 is at hand.
    if let Ok(output) = std::process::Command::new("python3")
        .args(["-c", "import ast, sys; ast.parse(open(sys.argv[1]).read())"])
        .arg(tree.path.join("pkg/legacy.py"))
        .output()
    {
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn the_catalog_for_tools_and_every_page_at_once() {
    let tree = TempTree::new("catalog");
    let output = pyexpert(&tree.path, &["rules", "--output-format", "json"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let catalog: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let rules = catalog.as_array().expect("an array of rules");
    let table = stdout(&pyexpert(&tree.path, &["rules"], &[]));
    assert_eq!(
        rules.len(),
        table.lines().count() - 1,
        "one entry per table row"
    );
    let px0902 = rules
        .iter()
        .find(|r| r["code"] == "PX0902")
        .expect("PX0902 in the catalog");
    assert_eq!(px0902["name"], "if-chain-could-be-match");
    assert_eq!(px0902["severity"], "advice");
    assert_eq!(px0902["question"]["number"], 9);
    assert_eq!(px0902["min_python"], "3.10");
    assert_eq!(px0902["opt_in"], true, "opt-in since the precision review");
    assert_eq!(px0902["tool"], false);
    assert_eq!(px0902["fixes"], serde_json::json!([]));
    let px0701 = rules.iter().find(|r| r["code"] == "PX0701").unwrap();
    assert_eq!(px0701["fixes"], serde_json::json!(["safe", "unsafe"]));
    assert!(px0902["explanation"]
        .as_str()
        .unwrap()
        .contains("## What it does"));
    let syntax = rules.iter().find(|r| r["code"] == "PX0000").unwrap();
    assert!(syntax["question"].is_null() && syntax["tool"] == true);
    // Filters apply to the JSON too.
    let filtered = pyexpert(
        &tree.path,
        &["rules", "--question", "7", "--output-format", "json"],
        &[],
    );
    let filtered: serde_json::Value = serde_json::from_slice(&filtered.stdout).unwrap();
    assert!(filtered
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["code"].as_str().unwrap().starts_with("PX07")));

    let one = pyexpert(
        &tree.path,
        &["rule", "PX0701", "--output-format", "json"],
        &[],
    );
    let one: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(one["code"], "PX0701");

    let all = pyexpert(&tree.path, &["rule", "--all"], &[]);
    assert_eq!(all.status.code(), Some(0));
    let pages = stdout(&all);
    for rule in rules {
        let page = rule["explanation"].as_str().unwrap();
        assert!(
            pages.contains(page),
            "{} missing from rule --all",
            rule["code"]
        );
    }
    let all_json = pyexpert(
        &tree.path,
        &["rule", "--all", "--output-format", "json"],
        &[],
    );
    let all_json: serde_json::Value = serde_json::from_slice(&all_json.stdout).unwrap();
    assert_eq!(all_json, catalog);
    let neither = pyexpert(&tree.path, &["rule"], &[]);
    assert_eq!(neither.status.code(), Some(2));
}
