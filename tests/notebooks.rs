//! Jupyter notebooks on the built binary, from `.ipynb` files written by the real nbformat
//! (`tests/support/notebooks.py`; `pip install nbformat`, which `.ci/run` does): markdown,
//! raw, empty and whitespace-only cells, magics, shell escapes, cell magics, outputs of
//! every kind, non-ASCII text; nbformat 4.5 and 4.4, sources as lists and as strings, CRLF
//! files, another kernel, a syntax error.

mod support;

use std::process::Command;

use support::{json, notebooks, pyexpert, python, stderr, stdout};

/// The opt-in rules the test notebook is written for (PX0707 and PX0701 in cell 5, PX0702 in cell 7):
/// every run here selects them by their codes (`--extend-select`).
const OPT_IN: &str = "PX0701,PX0702,PX0707";

/// `pyexpert lint --isolated --extend-select OPT_IN ARGS...` in `dir`.
fn lint_opted_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["lint", "--isolated", "--extend-select", OPT_IN];
    all.extend_from_slice(args);
    pyexpert(dir, &all, &[])
}

/// The findings every Python shape of the test notebook has: (cell, line, column, code).
const EXPECTED: &[(u64, u64, u64, &str)] = &[
    (5, 3, 1, "PX0707"),
    (5, 5, 8, "PX0701"),
    (7, 5, 9, "PX0702"),
];
const SHAPES: &[&str] = &["v45.ipynb", "v44.ipynb", "strings.ipynb", "crlf.ipynb"];

fn cell_findings(report: &serde_json::Value, path: &str) -> Vec<(u64, u64, u64, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| {
            (
                d["cell"]
                    .as_u64()
                    .expect("a notebook diagnostic names its cell"),
                d["start"]["line"].as_u64().unwrap(),
                d["start"]["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn expected() -> Vec<(u64, u64, u64, String)> {
    EXPECTED
        .iter()
        .map(|(cell, line, column, code)| (*cell, *line, *column, code.to_string()))
        .collect()
}

#[test]
fn every_shape_gives_the_findings_in_their_cells() {
    let tree = notebooks("nb-shapes");
    // Discovered by default in a directory.
    let output = lint_opted_in(&tree.path, &["--output-format", "json", "nb"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    for shape in SHAPES {
        assert_eq!(
            cell_findings(&report, &format!("nb/{shape}")),
            expected(),
            "{shape}"
        );
    }
    // Another kernel's notebook is not Python: nothing to report.
    assert_eq!(cell_findings(&report, "nb/r_kernel.ipynb"), []);
    // A syntax error is located in its cell.
    assert_eq!(
        cell_findings(&report, "nb/syntax_error.ipynb"),
        [(5, 1, 10, "PX0000".to_string())]
    );
    // Non-code cells and outputs are never read as code: no other finding anywhere.
    assert_eq!(
        report["summary"]["total"].as_u64().unwrap() as usize,
        SHAPES.len() * EXPECTED.len() + 1
    );

    // Text formats name the cell: `path:cell N:line:column`.
    let concise = stdout(&lint_opted_in(
        &tree.path,
        &["--output-format", "concise", "nb/v45.ipynb"],
    ));
    let lines: Vec<&str> = concise.lines().collect();
    assert!(
        lines[0].starts_with("nb/v45.ipynb:cell 5:3:1: PX0707 "),
        "{concise}"
    );
    assert!(
        lines[1].starts_with("nb/v45.ipynb:cell 5:5:8: PX0701 "),
        "{concise}"
    );
    assert!(
        lines[2].starts_with("nb/v45.ipynb:cell 7:5:9: PX0702 "),
        "{concise}"
    );
    let full = stdout(&lint_opted_in(
        &tree.path,
        &["--color", "never", "nb/v45.ipynb"],
    ));
    assert!(full.contains("[nb/v45.ipynb:cell 5:3:1]"), "{full}");
    assert!(
        full.contains(" 3 │ for i in range(len(readings)):"),
        "the cell's own lines: {full}"
    );
    assert!(full.contains(" 6 │         print(i, 'é')"), "{full}");
    // The magic line of cell 7 shows as written, not as its mask.
    assert!(full.contains("[nb/v45.ipynb:cell 7:5:9]"), "{full}");
}

#[test]
fn notebooks_in_every_format() {
    let tree = notebooks("nb-formats");
    let run = |format: &str| {
        let output = lint_opted_in(&tree.path, &["--output-format", format, "nb/v45.ipynb"]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{format}: {}",
            stderr(&output)
        );
        stdout(&output)
    };
    let pylint = run("pylint");
    assert!(
        pylint.starts_with("nb/v45.ipynb:cell 5:3: [PX0707] "),
        "{pylint}"
    );
    let github = run("github");
    assert!(
        github.starts_with("::notice file=nb/v45.ipynb,title=PX0707 python-loop-over-ndarray::cell 5, line 3, column 1: "),
        "a notebook's annotation is on the file: {github}"
    );
    let azure = run("azure");
    assert!(
        azure.starts_with("##vso[task.logissue type=warning;sourcepath=nb/v45.ipynb;code=PX0707;]cell 5, line 3, column 1: "),
        "{azure}"
    );
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["properties"]["notebookCell"], 5);
    assert_eq!(result["properties"]["cellLine"], 3);
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        1
    );
    let gitlab: serde_json::Value = serde_json::from_str(&run("gitlab")).unwrap();
    assert!(gitlab[0]["description"]
        .as_str()
        .unwrap()
        .contains("cell 5, line 3, column 1: "));
    let rdjson: serde_json::Value = serde_json::from_str(&run("rdjson")).unwrap();
    let diagnostic = &rdjson["diagnostics"][0];
    assert!(diagnostic["location"]["range"].is_null());
    assert!(diagnostic["message"]
        .as_str()
        .unwrap()
        .starts_with("cell 5, line 3, column 1: "));
    let junit = run("junit");
    assert!(junit.contains("cell 5:3:1: PX0707 "), "{junit}");
    let lines = run("json-lines");
    let first: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(first["cell"], 5);
    assert_eq!(first["start"]["line"], 3);
}

/// A line with every `  # noqa: PXnnnn` taken out.
fn without_directives(line: &str) -> String {
    let mut rest = line;
    let mut kept = String::new();
    while let Some(at) = rest.find("  # noqa: PX") {
        kept.push_str(&rest[..at]);
        rest = &rest[at + "  # noqa: PX".len() + 4..];
    }
    kept.push_str(rest);
    kept
}

#[test]
fn add_noqa_writes_valid_notebooks_changing_only_cell_sources() {
    let tree = notebooks("nb-add-noqa");
    let nb = tree.path.join("nb");
    for shape in SHAPES {
        std::fs::copy(nb.join(shape), nb.join(format!("{shape}.before"))).unwrap();
    }
    let paths: Vec<String> = SHAPES.iter().map(|s| format!("nb/{s}")).collect();
    let mut args = vec![
        "lint",
        "--isolated",
        "--extend-select",
        OPT_IN,
        "--add-noqa",
    ];
    args.extend(paths.iter().map(String::as_str));
    let added = pyexpert(&tree.path, &args, &[]);
    assert_eq!(added.status.code(), Some(0), "{}", stderr(&added));
    assert!(
        stderr(&added).contains("Added 12 noqa directives to 4 files."),
        "{}",
        stderr(&added)
    );

    for shape in SHAPES {
        let before = std::fs::read_to_string(nb.join(format!("{shape}.before"))).unwrap();
        let after = std::fs::read_to_string(nb.join(shape)).unwrap();
        // Every byte outside the three flagged cell lines is unchanged: the rest of the
        // JSON keeps its layout, its line breaks, its outputs and metadata.
        let changed: Vec<(&str, &str)> = before
            .split_inclusive('\n')
            .zip(after.split_inclusive('\n'))
            .filter(|(b, a)| b != a)
            .collect();
        if *shape == "strings.ipynb" {
            // A source stored as one string is one JSON line: two cells change.
            assert_eq!(changed.len(), 2, "{shape}: {changed:?}");
        } else {
            assert_eq!(changed.len(), 3, "{shape}: {changed:?}");
        }
        assert_eq!(
            before.split_inclusive('\n').count(),
            after.split_inclusive('\n').count()
        );
        for (b, a) in &changed {
            assert!(a.contains("# noqa: PX07"), "{shape}: {a}");
            assert_eq!(
                &without_directives(a),
                b,
                "{shape}: only directives are added"
            );
        }
    }
    // nbformat reads and validates every rewritten notebook, and sees only the sources of
    // the flagged cells changed (outputs, ids, metadata and other cells as they were).
    let report = python(
        "import sys, nbformat\nfor path in sys.argv[1:]:\n    before = nbformat.read(path + '.before', as_version=4)\n    after = nbformat.read(path, as_version=4)\n    nbformat.validate(after)\n    changed = [i + 1 for i, (b, a) in enumerate(zip(before.cells, after.cells)) if b != a]\n    for b, a in zip(before.cells, after.cells):\n        b.pop('source'); a.pop('source')\n    assert before == after, path\n    print(path.rsplit('/', 1)[-1], changed)\n",
        &SHAPES.iter().map(|s| nb.join(s)).collect::<Vec<_>>().iter().map(|p| p.as_path()).collect::<Vec<_>>(),
    );
    assert_eq!(
        report,
        "v45.ipynb [5, 7]\nv44.ipynb [5, 7]\nstrings.ipynb [5, 7]\ncrlf.ipynb [5, 7]\n"
    );
    // The directives are honoured per cell line: the notebooks are clean now.
    let mut args = vec!["lint", "--isolated"];
    args.extend(paths.iter().map(String::as_str));
    let again = pyexpert(&tree.path, &args, &[]);
    assert_eq!(again.status.code(), Some(0), "{}", stdout(&again));
}

#[test]
fn suppression_cache_stdin_and_broken_notebooks() {
    let tree = notebooks("nb-misc");
    let nb = tree.path.join("nb");
    // A file-level exemption in any cell covers the whole notebook.
    python(
        "import sys, nbformat\nnb = nbformat.read(sys.argv[1], as_version=4)\nnb.cells[1].source = '# pyexpert: noqa: PX0707\\n' + nb.cells[1].source\nnbformat.write(nb, sys.argv[1])\n",
        &[&nb.join("v44.ipynb")],
    );
    let output = lint_opted_in(&tree.path, &["--output-format", "json", "nb/v44.ipynb"]);
    assert_eq!(
        cell_findings(&json(&output), "nb/v44.ipynb"),
        [
            (5, 5, 8, "PX0701".to_string()),
            (7, 5, 9, "PX0702".to_string())
        ]
    );

    // The cache is keyed like any file: the second run reads it back, cells included.
    let first = lint_opted_in(&tree.path, &["--output-format", "concise", "nb/v45.ipynb"]);
    let second = pyexpert(
        &tree.path,
        &[
            "lint",
            "--isolated",
            "--extend-select",
            OPT_IN,
            "--output-format",
            "concise",
            "nb/v45.ipynb",
        ],
        &[("PYEXPERT_CACHE_STATS", "1")],
    );
    assert!(
        stderr(&second).contains("cache: 1 hits"),
        "{}",
        stderr(&second)
    );
    assert_eq!(stdout(&first), stdout(&second));

    // Standard input named as a notebook is read as one.
    let bytes = std::fs::read(nb.join("v45.ipynb")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pyexpert"))
        .current_dir(&tree.path)
        .args([
            "lint",
            "--isolated",
            "--extend-select",
            OPT_IN,
            "--output-format",
            "concise",
            "--stdin-filename",
            "piped.ipynb",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &bytes).unwrap();
    let piped = child.wait_with_output().unwrap();
    assert!(
        String::from_utf8_lossy(&piped.stdout).starts_with("piped.ipynb:cell 5:3:1: PX0707"),
        "{}",
        String::from_utf8_lossy(&piped.stdout)
    );

    // A notebook that is not JSON gets one PX0000 at its line and column; the run goes on.
    tree.write("nb/broken.ipynb", "{\n  \"cells\": [\n    {,}\n  ]\n}\n");
    let output = lint_opted_in(
        &tree.path,
        &[
            "--output-format",
            "concise",
            "nb/broken.ipynb",
            "nb/v45.ipynb",
        ],
    );
    let text = stdout(&output);
    assert!(
        text.starts_with("nb/broken.ipynb:3:6: PX0000 the notebook is not valid JSON"),
        "{text}"
    );
    assert!(text.contains("nb/v45.ipynb:cell 5:3:1: PX0707"), "{text}");
    // Excluded like any file; `--extension` maps another extension to notebooks.
    let excluded = lint_opted_in(&tree.path, &["--extend-exclude", "*.ipynb", "nb"]);
    assert_eq!(excluded.status.code(), Some(0), "{}", stdout(&excluded));
    std::fs::copy(nb.join("v45.ipynb"), tree.path.join("other.nbjson")).unwrap();
    let mapped = lint_opted_in(
        &tree.path,
        &[
            "--output-format",
            "concise",
            "--extension",
            "nbjson:ipynb",
            "other.nbjson",
        ],
    );
    assert!(
        stdout(&mapped).starts_with("other.nbjson:cell 5:3:1: PX0707"),
        "{}",
        stdout(&mapped)
    );
}

#[test]
fn a_notebook_a_test_tree_feeds_to_a_kernel_is_data() {
    let tree = notebooks("nb-test-data");
    let notebook = std::fs::read(tree.path.join("nb/v45.ipynb")).unwrap();
    tree.write("pkg/__init__.py", "");
    tree.write(
        "tests/test_run.py",
        "def test_run():\n    assert 'files/Sleep.ipynb'\n",
    );
    std::fs::create_dir_all(tree.path.join("tests/files")).unwrap();
    std::fs::write(tree.path.join("tests/files/Sleep.ipynb"), &notebook).unwrap();
    let output = lint_opted_in(&tree.path, &["--output-format", "json", "--no-cache", "."]);
    let report = json(&output);
    assert_eq!(
        cell_findings(&report, "tests/files/Sleep.ipynb"),
        [],
        "input the tests run"
    );
    assert_eq!(
        cell_findings(&report, "nb/v45.ipynb"),
        expected(),
        "a notebook of its own"
    );
}
