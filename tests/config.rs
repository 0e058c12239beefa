//! Configuration files end to end: discovery, precedence, every key, and errors that name
//! the file, the line and the key.

mod support;

use support::{findings, json, pyexpert, stderr, stdout, TempTree};

const LIST_IN_LOOP: &str =
    "def f(items):\n    for x in items:\n        if x in [1, 2, 3]:\n            pass\n";
const CONCAT_IN_LOOP: &str =
    "def g(items):\n    s = ''\n    for x in items:\n        s = x + s\n    return s\n";

fn codes(tree: &TempTree, args: &[&str]) -> Vec<(String, String)> {
    let mut all = vec!["lint", "--output-format", "json"];
    all.extend_from_slice(args);
    let output = pyexpert(&tree.path, &all, &[]);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        stderr(&output)
    );
    findings(&json(&output))
        .into_iter()
        .map(|(path, _, code)| (path, code))
        .collect()
}

fn pair(path: &str, code: &str) -> (String, String) {
    (path.to_string(), code.to_string())
}

#[test]
fn pyproject_table_selects_and_the_command_line_overrides() {
    let tree = TempTree::new("cfg-select");
    tree.write("app.py", format!("{LIST_IN_LOOP}\n{CONCAT_IN_LOOP}"));
    tree.write(
        "pyproject.toml",
        "[project]\nname = 'demo'\n\n[tool.pyexpert]\nignore = ['PX0702']\n",
    );
    assert_eq!(codes(&tree, &["app.py"]), [pair("app.py", "PX0701")]);
    // --ignore adds to the file's ignores; --select replaces its selection.
    assert_eq!(codes(&tree, &["--ignore", "PX0701", "app.py"]), []);
    tree.write("pyproject.toml", "[tool.pyexpert]\nselect = ['PX0702']\n");
    assert_eq!(codes(&tree, &["app.py"]), [pair("app.py", "PX0702")]);
    assert_eq!(
        codes(&tree, &["--select", "PX0701", "app.py"]),
        [pair("app.py", "PX0701")]
    );
    // --isolated ignores the file.
    assert_eq!(codes(&tree, &["--isolated", "app.py"]).len(), 2);
}

#[test]
fn standalone_file_wins_and_config_can_be_named() {
    let tree = TempTree::new("cfg-standalone");
    tree.write("src/app.py", format!("{LIST_IN_LOOP}\n{CONCAT_IN_LOOP}"));
    tree.write("pyproject.toml", "[tool.pyexpert]\nignore = ['PX0701']\n");
    tree.write("pyexpert.toml", "ignore = ['PX0702']\n");
    assert_eq!(codes(&tree, &["src"]), [pair("src/app.py", "PX0701")]);
    assert_eq!(
        codes(&tree, &["--config", "pyproject.toml", "src"]),
        [pair("src/app.py", "PX0702")]
    );
}

#[test]
fn per_file_ignores_and_extend_select() {
    let tree = TempTree::new("cfg-per-file");
    let body = format!("{LIST_IN_LOOP}\n{CONCAT_IN_LOOP}");
    tree.write("src/app.py", &body);
    tree.write("tests/test_app.py", &body);
    tree.write("src/__init__.py", &body);
    tree.write(
        "pyexpert.toml",
        "extend-select = ['PX0305']\n\n[per-file-ignores]\n'tests/**' = ['PX07']\n'__init__.py' = ['PX0702']\n",
    );
    assert_eq!(
        codes(&tree, &["."]),
        [
            pair("src/__init__.py", "PX0701"),
            pair("src/app.py", "PX0701"),
            pair("src/app.py", "PX0702"),
        ]
    );
    tree.write(
        "src/eq.py",
        "class A:\n    def __eq__(self, other):\n        return True\n",
    );
    assert!(codes(&tree, &["src/eq.py"]).contains(&pair("src/eq.py", "PX0305")));
}

#[test]
fn exclude_and_extend_exclude() {
    let tree = TempTree::new("cfg-exclude");
    tree.write("src/app.py", LIST_IN_LOOP);
    tree.write("src/generated/out.py", LIST_IN_LOOP);
    tree.write("build/lib/app.py", LIST_IN_LOOP);
    tree.write("legacy.py", LIST_IN_LOOP);
    tree.write(
        "pyexpert.toml",
        "extend-exclude = ['src/generated', 'legacy.py']\n",
    );
    assert_eq!(codes(&tree, &["."]), [pair("src/app.py", "PX0701")]);
    // `exclude` replaces the defaults: build/ is checked again.
    tree.write("pyexpert.toml", "exclude = ['generated']\n");
    assert_eq!(
        codes(&tree, &["."]),
        [
            pair("build/lib/app.py", "PX0701"),
            pair("legacy.py", "PX0701"),
            pair("src/app.py", "PX0701"),
        ]
    );
    // A file named on the command line is checked even when excluded.
    assert_eq!(
        codes(&tree, &["src/generated/out.py"]),
        [pair("src/generated/out.py", "PX0701")]
    );
}

#[test]
fn target_version_and_docs_url_from_the_file() {
    let tree = TempTree::new("cfg-version");
    let chain = "def f(x):\n    if isinstance(x, int):\n        return 1\n    elif isinstance(x, str):\n        return 2\n    elif isinstance(x, bytes):\n        return 3\n    elif isinstance(x, list):\n        return 4\n";
    tree.write("app.py", chain);
    tree.write(
        "pyproject.toml",
        "[project]\nname = 'x'\nrequires-python = '>=3.9'\n",
    );
    assert_eq!(codes(&tree, &["app.py"]), [], "PX0902 needs 3.10");
    tree.write(
        "pyproject.toml",
        "[project]\nname = 'x'\nrequires-python = '>=3.10'\n",
    );
    assert_eq!(codes(&tree, &["app.py"]), [pair("app.py", "PX0902")]);
    tree.write(
        "pyproject.toml",
        "[project]\nrequires-python = '>=3.10'\n[tool.pyexpert]\ntarget-version = 'py39'\ndocs-url = 'https://docs.example/{code}'\n",
    );
    assert_eq!(
        codes(&tree, &["app.py"]),
        [],
        "the file's target-version wins"
    );
    let output = pyexpert(
        &tree.path,
        &[
            "lint",
            "--output-format",
            "json",
            "--target-version",
            "py311",
            "app.py",
        ],
        &[],
    );
    let report = json(&output);
    assert_eq!(
        report["diagnostics"][0]["url"],
        "https://docs.example/PX0902"
    );
}

#[test]
fn errors_name_the_file_the_line_and_the_key() {
    let tree = TempTree::new("cfg-errors");
    tree.write("app.py", LIST_IN_LOOP);
    tree.write(
        "pyproject.toml",
        "[tool.pyexpert]\nselect = ['PX07']\nselct = ['PX16']\n",
    );
    let output = pyexpert(&tree.path, &["lint", "app.py"], &[]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("pyproject.toml:3"), "{message}");
    assert!(message.contains("unknown field `selct`"), "{message}");

    tree.write(
        "pyproject.toml",
        "[tool.pyexpert]\nignore = [\n  'PX0702',\n  'W605',\n]\n",
    );
    let message = stderr(&pyexpert(&tree.path, &["lint", "app.py"], &[]));
    assert!(
        message.contains("pyproject.toml:4: ignore: `W605`"),
        "{message}"
    );

    tree.write(
        "pyproject.toml",
        "[tool.pyexpert]\n[tool.pyexpert.per-file-ignores]\n'tests/**' = ['nope']\n",
    );
    let message = stderr(&pyexpert(&tree.path, &["lint", "app.py"], &[]));
    assert!(
        message.contains("pyproject.toml:3: per-file-ignores: `nope`"),
        "{message}"
    );

    tree.write("pyproject.toml", "[tool.pyexpert]\noutput-format = 'xml'\n");
    let message = stderr(&pyexpert(&tree.path, &["lint", "app.py"], &[]));
    assert!(
        message.contains("pyproject.toml:2: output-format: `xml`"),
        "{message}"
    );

    tree.write("pyproject.toml", "[tool.pyexpert\n");
    let message = stderr(&pyexpert(&tree.path, &["lint", "app.py"], &[]));
    assert!(
        message.contains("pyproject.toml:1: invalid TOML"),
        "{message}"
    );
}

#[test]
fn config_command_shows_values_and_their_sources() {
    let tree = TempTree::new("cfg-show");
    tree.write(
        "pyproject.toml",
        "[project]\nrequires-python = '>=3.11'\n[tool.pyexpert]\nignore = ['PX0702']\nextend-exclude = ['vendored']\n",
    );
    let output = pyexpert(&tree.path, &["config", "--select", "PX07"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("configuration file: "), "{text}");
    let line = |key: &str| {
        text.lines()
            .find(|l| l.starts_with(key))
            .unwrap_or_else(|| panic!("no `{key}` in:\n{text}"))
            .to_string()
    };
    assert!(line("select").contains("PX07") && line("select").contains("[command line]"));
    assert!(line("ignore").contains("PX0702") && line("ignore").contains("pyproject.toml]"));
    assert!(
        line("target-version").contains("py311")
            && line("target-version").contains("requires-python")
    );
    assert!(line("extend-exclude").contains("vendored"));
    assert!(line("output-format").contains("full") && line("output-format").contains("[default]"));
    let same = pyexpert(
        &tree.path,
        &["lint", "--show-settings", "--select", "PX07"],
        &[],
    );
    assert_eq!(stdout(&same), text);
}
