//! `lint --fix`, `--diff`, `--fix-only` and `lint - --fix` on Jupyter notebooks written by
//! the real nbformat (`tests/support/notebooks.py`): only the fixed cells' `source` values
//! change, byte for byte everything else stays; fixes the cells cannot hold (a magic line
//! in the way) are neither offered nor applied; broken notebooks are left alone.

mod support;

use std::ops::Range;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use support::{json, notebooks, pyexpert, python, stderr, stdout, TempTree};

/// The opt-in rules whose fixes these tests apply (PX0701's safe fix in cell 5, PX0702's
/// unsafe fix in cell 7), and PX0707 (no fix, in cell 5): every run selects them by their
/// codes (`--extend-select`).
const OPT_IN: &str = "PX0701,PX0702,PX0707";

/// `pyexpert lint --isolated --extend-select OPT_IN ARGS...` in `dir`.
fn lint_opted_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["lint", "--isolated", "--extend-select", OPT_IN];
    all.extend_from_slice(args);
    pyexpert(dir, &all, &[])
}

const SHAPES: &[&str] = &["v45.ipynb", "v44.ipynb", "strings.ipynb", "crlf.ipynb"];

/// Cell 5 of the test notebook after the safe fix of PX0701.
const CELL_5_FIXED: &str = "readings = np.random.rand(1000)\ntotal = 0.0\nfor i in range(len(readings)):\n    total += readings[i]\n    if i in {10, 20, 30, 40, 50}:\n        print(i, 'é')";
/// Cell 7 after the unsafe fix of PX0702: its `%%timeit` line is kept as written.
const CELL_7_FIXED: &str = "%%timeit -n 1\ndef join(names):\n    label_parts = []\n    for name in names:\n        label_parts.append(name + ',')\n    label = ''.join(label_parts)\n    return label\njoin(['a', 'b'])";

/// The byte range of the `source` value of the cell at `position` (from 0) in notebook
/// JSON, and the value. The test notebooks have no other `"source": ` key.
fn source_span(notebook: &str, position: usize) -> (Range<usize>, Value) {
    let key = "\"source\": ";
    let start = notebook
        .match_indices(key)
        .nth(position)
        .expect("the cell has a source")
        .0
        + key.len();
    let mut values = serde_json::Deserializer::from_str(&notebook[start..]).into_iter::<Value>();
    let value = values.next().expect("a value").expect("valid JSON");
    (start..start + values.byte_offset(), value)
}

/// A `source` value as text (nbformat stores a list of lines or one string).
fn source_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Array(lines) => lines.iter().map(|l| l.as_str().unwrap()).collect(),
        other => panic!("not a source: {other}"),
    }
}

/// Asserts that `after` differs from `before` only inside the `source` value of the cell at
/// `position`, and that this value now reads `expected`.
fn assert_only_source_changed(before: &str, after: &str, position: usize, expected: &str) {
    let (b, a) = (before.as_bytes(), after.as_bytes());
    let prefix = b.iter().zip(a).take_while(|(x, y)| x == y).count();
    let room = b.len().min(a.len()) - prefix;
    let suffix = b
        .iter()
        .rev()
        .zip(a.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    assert!(prefix < b.len().min(a.len()), "nothing changed");
    for (text, label) in [(before, "before"), (after, "after")] {
        let (span, _) = source_span(text, position);
        assert!(
            span.start <= prefix && text.len() - suffix <= span.end,
            "{label}: bytes {prefix}..{} changed, outside the source at {span:?}",
            text.len() - suffix
        );
    }
    assert_eq!(source_text(&source_span(after, position).1), expected);
}

/// Each notebook's cell sources as nbformat reads them, after validating it, and whether
/// everything but the sources equals the `.before` copy beside it.
fn read_back(paths: &[&Path]) -> Vec<(Vec<String>, bool)> {
    let printed = python(
        "import json, sys, nbformat\nfor path in sys.argv[1:]:\n    before = nbformat.read(path + '.before', as_version=4)\n    after = nbformat.read(path, as_version=4)\n    nbformat.validate(after)\n    sources = [cell.source for cell in after.cells]\n    for b, a in zip(before.cells, after.cells):\n        b.pop('source'); a.pop('source')\n    print(json.dumps([sources, before == after]))\n",
        paths,
    );
    printed
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// Runs `pyexpert` with `input` on standard input.
fn pipe(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pyexpert"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), input).unwrap();
    child.wait_with_output().unwrap()
}

fn keep_copy(path: &Path) -> String {
    let before = std::fs::read_to_string(path).unwrap();
    std::fs::write(format!("{}.before", path.display()), &before).unwrap();
    before
}

#[test]
fn fix_changes_only_the_fixed_cell_sources_in_every_shape() {
    let tree = notebooks("nbfix-shapes");
    let nb = tree.path.join("nb");
    for shape in SHAPES {
        let path = nb.join(shape);
        let before = keep_copy(&path);
        let relative = format!("nb/{shape}");
        // A first run fills the cache: fixing starts from the cached report.
        lint_opted_in(&tree.path, &[&relative]);
        let fixed = lint_opted_in(&tree.path, &["--fix", &relative]);
        assert_eq!(fixed.status.code(), Some(1), "{shape}: {}", stderr(&fixed));
        assert!(
            stderr(&fixed).contains("1 fixed, 2 remaining"),
            "{shape}: {}",
            stderr(&fixed)
        );
        // The findings left still name their cells.
        assert!(
            stdout(&fixed).contains(&format!("[{relative}:cell 7:5:9]")),
            "{}",
            stdout(&fixed)
        );
        let after = std::fs::read_to_string(&path).unwrap();
        assert_only_source_changed(&before, &after, 4, CELL_5_FIXED);
        if *shape == "crlf.ipynb" {
            assert_eq!(
                after.matches("\r\n").count(),
                after.matches('\n').count(),
                "every line break of the file stays CRLF"
            );
        }

        // With the unsafe fixes too, the `%%timeit` cell changes around its magic line.
        let unsafe_fixed = lint_opted_in(&tree.path, &["--fix", "--unsafe-fixes", &relative]);
        assert_eq!(
            unsafe_fixed.status.code(),
            Some(1),
            "{}",
            stderr(&unsafe_fixed)
        );
        let again = std::fs::read_to_string(&path).unwrap();
        assert_only_source_changed(&after, &again, 6, CELL_7_FIXED);
    }
    let paths: Vec<_> = SHAPES.iter().map(|s| nb.join(s)).collect();
    let paths: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    for ((sources, rest_equal), shape) in read_back(&paths).into_iter().zip(SHAPES) {
        assert!(
            rest_equal,
            "{shape}: outputs, ids and metadata as they were"
        );
        assert_eq!(sources[4], CELL_5_FIXED, "{shape}");
        assert_eq!(sources[6], CELL_7_FIXED, "{shape}");
    }
    // Nothing left to fix: a second run changes nothing.
    let before = std::fs::read(nb.join("v45.ipynb")).unwrap();
    let rerun = lint_opted_in(&tree.path, &["--fix", "--unsafe-fixes", "nb/v45.ipynb"]);
    assert!(stderr(&rerun).contains("0 fixed"), "{}", stderr(&rerun));
    assert_eq!(std::fs::read(nb.join("v45.ipynb")).unwrap(), before);
}

/// `def logged(func)` whose wrapper lacks `functools.wraps` (PX1103, a safe fix that adds
/// an import at the top of the module and a decorator in the cell).
const DECORATOR: &str = "def logged(func):\n    def wrapper(*args, **kwargs):\n        return func(*args, **kwargs)\n    return wrapper";

/// Writes a notebook of code cells with nbformat.
fn write_notebook(tree: &TempTree, name: &str, cells: &[&str]) -> std::path::PathBuf {
    let path = tree.path.join(name);
    let sources = serde_json::to_string(cells).unwrap();
    python(
        "import json, sys, nbformat\nfrom nbformat import v4\nnb = v4.new_notebook()\nnb.metadata = {'language_info': {'name': 'python'}}\nnb.cells = [v4.new_markdown_cell('# Fixes')] + [v4.new_code_cell(s, outputs=[v4.new_output('stream', name='stdout', text='ok\\n')]) for s in json.loads(sys.argv[2])]\nnbformat.write(nb, sys.argv[1])\n",
        &[&path, Path::new(&sources)],
    );
    path
}

#[test]
fn fixes_the_cells_cannot_hold_are_neither_offered_nor_applied() {
    let tree = TempTree::new("nbfix-limits");
    // The import PX1103's fix adds would go in front of `%matplotlib inline`, the first
    // line of the first code cell: the fix does not apply to this notebook.
    let magic_first = write_notebook(
        &tree,
        "magic_first.ipynb",
        &["%matplotlib inline\nimport os", DECORATOR],
    );
    // Here it goes after `import os`, in the first cell, and the decorator in the second;
    // the third cell's source has CRLF line breaks, which it keeps.
    let imports_first = write_notebook(
        &tree,
        "imports_first.ipynb",
        &[
            "import os",
            DECORATOR,
            "for x in range(300):\r\n    if x in [10, 20, 30, 40, 50]:\r\n        print(x)\r\n",
        ],
    );
    let before_magic = std::fs::read(&magic_first).unwrap();
    keep_copy(&imports_first);

    let concise = stdout(&pyexpert(
        &tree.path,
        &[
            "lint",
            "--isolated",
            "--extend-select",
            "PX1103,PX0701",
            "--output-format",
            "concise",
            ".",
        ],
        &[],
    ));
    assert!(
        concise.contains("imports_first.ipynb:cell 3:2:5: PX1103 [*] "),
        "{concise}"
    );
    assert!(
        concise.contains("magic_first.ipynb:cell 3:2:5: PX1103 `wrapper`"),
        "not marked fixable: {concise}"
    );
    // The JSON report gives no fix for a notebook finding, fixable or not: its edits are
    // in the module the cells join into.
    let report = json(&pyexpert(
        &tree.path,
        &[
            "lint",
            "--isolated",
            "--extend-select",
            "PX1103,PX0701",
            "--output-format",
            "json",
            ".",
        ],
        &[],
    ));
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 3, "{report}");
    assert!(diagnostics.iter().all(|d| d["fix"].is_null()), "{report}");

    // PX1103 is opt-in, and so is PX0701.
    let fixed = pyexpert(
        &tree.path,
        &[
            "lint",
            "--isolated",
            "--extend-select",
            "PX1103,PX0701",
            "--fix",
            ".",
        ],
        &[],
    );
    assert_eq!(fixed.status.code(), Some(1), "{}", stderr(&fixed));
    assert!(
        stderr(&fixed).contains("2 fixed, 1 remaining"),
        "{}",
        stderr(&fixed)
    );
    assert_eq!(std::fs::read(&magic_first).unwrap(), before_magic);
    let [(sources, rest_equal)] = read_back(&[&imports_first]).try_into().unwrap();
    assert!(rest_equal);
    assert_eq!(
        sources,
        [
            "# Fixes",
            "import os\nfrom functools import wraps",
            "def logged(func):\n    @wraps(func)\n    def wrapper(*args, **kwargs):\n        return func(*args, **kwargs)\n    return wrapper",
            "for x in range(300):\r\n    if x in {10, 20, 30, 40, 50}:\r\n        print(x)\r\n",
        ]
    );
}

#[test]
fn diff_and_fix_only_on_a_notebook() {
    let tree = notebooks("nbfix-diff");
    let path = tree.path.join("nb/v45.ipynb");
    let before = std::fs::read(&path).unwrap();
    let diff = lint_opted_in(&tree.path, &["--diff", "nb/v45.ipynb"]);
    assert_eq!(diff.status.code(), Some(1), "{}", stderr(&diff));
    assert_eq!(
        stdout(&diff),
        "--- nb/v45.ipynb:cell 5\n+++ nb/v45.ipynb:cell 5\n@@ -2,5 +2,5 @@\n total = 0.0\n for i in range(len(readings)):\n     total += readings[i]\n-    if i in [10, 20, 30, 40, 50]:\n+    if i in {10, 20, 30, 40, 50}:\n         print(i, 'é')\n\\ No newline at end of file\n"
    );
    assert!(
        stderr(&diff)
            .contains("Would fix 1 problem in 1 file (1 more fixable with --unsafe-fixes)."),
        "{}",
        stderr(&diff)
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "--diff writes nothing"
    );

    let only = lint_opted_in(&tree.path, &["--fix-only", "nb/v45.ipynb"]);
    assert_eq!(only.status.code(), Some(0), "{}", stderr(&only));
    assert_eq!(stdout(&only), "");
    assert!(stderr(&only).contains("Fixed 1 problem in 1 file"));
    let after = std::fs::read_to_string(&path).unwrap();
    assert_only_source_changed(&String::from_utf8(before).unwrap(), &after, 4, CELL_5_FIXED);
}

#[test]
fn a_notebook_on_standard_input_comes_back_fixed() {
    let tree = notebooks("nbfix-stdin");
    let path = tree.path.join("nb/v45.ipynb");
    let original = std::fs::read(&path).unwrap();
    let args = [
        "lint",
        "--isolated",
        "--extend-select",
        OPT_IN,
        "-",
        "--fix",
        "--stdin-filename",
        "nb.ipynb",
    ];
    let piped = pipe(&tree.path, &args, &original);
    assert_eq!(piped.status.code(), Some(1), "{}", stderr(&piped));
    // The same bytes `--fix` writes into the file.
    lint_opted_in(&tree.path, &["--fix", "nb/v45.ipynb"]);
    assert_eq!(piped.stdout, std::fs::read(&path).unwrap());
    assert!(
        stderr(&piped).contains("[nb.ipynb:cell 7:5:9]"),
        "the findings left go to stderr: {}",
        stderr(&piped)
    );
    let diff = pipe(
        &tree.path,
        &[
            "lint",
            "--isolated",
            "--extend-select",
            OPT_IN,
            "-",
            "--diff",
            "--stdin-filename",
            "nb.ipynb",
        ],
        &original,
    );
    assert!(
        stdout(&diff).starts_with("--- nb.ipynb:cell 5\n+++ nb.ipynb:cell 5\n"),
        "{}",
        stdout(&diff)
    );
    // A broken notebook comes back as it was.
    let broken = std::fs::read(tree.path.join("nb/syntax_error.ipynb")).unwrap();
    let back = pipe(&tree.path, &args, &broken);
    assert_eq!(back.stdout, broken);
}

#[test]
fn broken_and_foreign_notebooks_are_left_alone() {
    let tree = notebooks("nbfix-broken");
    let nb = tree.path.join("nb");
    let names = ["syntax_error.ipynb", "r_kernel.ipynb"];
    let before: Vec<Vec<u8>> = names
        .iter()
        .map(|n| std::fs::read(nb.join(n)).unwrap())
        .collect();
    let output = lint_opted_in(
        &tree.path,
        &[
            "--fix",
            "--unsafe-fixes",
            "--output-format",
            "concise",
            "nb/syntax_error.ipynb",
            "nb/r_kernel.ipynb",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("nb/syntax_error.ipynb:cell 5:1:10: PX0000 "),
        "{}",
        stdout(&output)
    );
    for (name, bytes) in names.iter().zip(&before) {
        assert_eq!(&std::fs::read(nb.join(name)).unwrap(), bytes, "{name}");
    }
}
