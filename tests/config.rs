//! Configuration files end to end: discovery, precedence, every key, and errors that name
//! the file, the line and the key.

mod support;

use support::{findings, json, pyexpert, stderr, stdout, TempTree};

/// Two rules on by default at any target version, so that what the configuration turns on
/// and off shows: PX0504 (with a fix; all code) at line 3 ...
const NAIVE_UTCNOW: &str = "import datetime\n\nSTARTED = datetime.datetime.utcnow()\n";
/// ... and PX0502 (no fix; shipped code only): a Pydantic validator that returns nothing.
const VALIDATOR_RETURNS_NONE: &str = "from pydantic import BaseModel, field_validator\n\n\nclass User(BaseModel):\n    name: str\n\n    @field_validator(\"name\")\n    @classmethod\n    def strip_name(cls, value):\n        value.strip()\n";

/// The version-gated rule PX1302 (`zip(xs, xs[1:])` where the target has
/// `itertools.pairwise`, Python 3.10+): one finding. It is opt-in, so the helpers below
/// select it, and each test's configuration decides only whether its target allows it.
const ZIP_PAIRWISE: &str = "def pairs(xs: list):\n    return list(zip(xs, xs[1:]))\n";

fn codes(tree: &TempTree, args: &[&str]) -> Vec<(String, String)> {
    codes_from(&tree.path, args)
}

fn codes_from(dir: &std::path::Path, args: &[&str]) -> Vec<(String, String)> {
    let mut all = vec![
        "lint",
        "--output-format",
        "json",
        "--extend-select",
        "PX1302",
    ];
    all.extend_from_slice(args);
    let output = pyexpert(dir, &all, &[]);
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
    tree.write(
        "app.py",
        format!("{NAIVE_UTCNOW}\n{VALIDATOR_RETURNS_NONE}"),
    );
    tree.write(
        "pyproject.toml",
        "[project]\nname = 'demo'\n\n[tool.pyexpert]\nignore = ['PX0502']\n",
    );
    assert_eq!(codes(&tree, &["app.py"]), [pair("app.py", "PX0504")]);
    // --ignore adds to the file's ignores; --select replaces its selection.
    assert_eq!(codes(&tree, &["--ignore", "PX0504", "app.py"]), []);
    tree.write("pyproject.toml", "[tool.pyexpert]\nselect = ['PX0502']\n");
    assert_eq!(codes(&tree, &["app.py"]), [pair("app.py", "PX0502")]);
    assert_eq!(
        codes(&tree, &["--select", "PX0504", "app.py"]),
        [pair("app.py", "PX0504")]
    );
    // --isolated ignores the file.
    assert_eq!(codes(&tree, &["--isolated", "app.py"]).len(), 2);
}

#[test]
fn standalone_file_wins_and_config_can_be_named() {
    let tree = TempTree::new("cfg-standalone");
    tree.write(
        "src/app.py",
        format!("{NAIVE_UTCNOW}\n{VALIDATOR_RETURNS_NONE}"),
    );
    tree.write("pyproject.toml", "[tool.pyexpert]\nignore = ['PX0504']\n");
    tree.write("pyexpert.toml", "ignore = ['PX0502']\n");
    assert_eq!(codes(&tree, &["src"]), [pair("src/app.py", "PX0504")]);
    assert_eq!(
        codes(&tree, &["--config", "pyproject.toml", "src"]),
        [pair("src/app.py", "PX0502")]
    );
}

#[test]
fn per_file_ignores_and_extend_select() {
    let tree = TempTree::new("cfg-per-file");
    let body = format!("{NAIVE_UTCNOW}\n{VALIDATOR_RETURNS_NONE}");
    tree.write("src/app.py", &body);
    tree.write("tests/test_app.py", &body);
    tree.write("src/__init__.py", &body);
    tree.write(
        "pyexpert.toml",
        "extend-select = ['PX0305']\n\n[per-file-ignores]\n'tests/**' = ['PX05']\n'__init__.py' = ['PX0502']\n",
    );
    assert_eq!(
        codes(&tree, &["."]),
        [
            pair("src/__init__.py", "PX0504"),
            pair("src/app.py", "PX0504"),
            pair("src/app.py", "PX0502"),
            // Neither would report in the test anyway: PX0502 checks shipped code only, and
            // PX0504 checks tests only where pytest makes deprecations errors.
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
    tree.write("src/app.py", NAIVE_UTCNOW);
    tree.write("src/generated/out.py", NAIVE_UTCNOW);
    tree.write("build/lib/app.py", NAIVE_UTCNOW);
    tree.write("legacy.py", NAIVE_UTCNOW);
    tree.write(
        "pyexpert.toml",
        "extend-exclude = ['src/generated', 'legacy.py']\n",
    );
    assert_eq!(codes(&tree, &["."]), [pair("src/app.py", "PX0504")]);
    // `exclude` replaces the defaults: build/ is checked again.
    tree.write("pyexpert.toml", "exclude = ['generated']\n");
    assert_eq!(
        codes(&tree, &["."]),
        [
            pair("build/lib/app.py", "PX0504"),
            pair("legacy.py", "PX0504"),
            pair("src/app.py", "PX0504"),
        ]
    );
    // A file named on the command line is checked even when excluded.
    assert_eq!(
        codes(&tree, &["src/generated/out.py"]),
        [pair("src/generated/out.py", "PX0504")]
    );
}

#[test]
fn target_version_and_docs_url_from_the_file() {
    let tree = TempTree::new("cfg-version");
    tree.write("app.py", ZIP_PAIRWISE);
    tree.write(
        "pyproject.toml",
        "[project]\nname = 'x'\nrequires-python = '>=3.9'\n",
    );
    assert_eq!(codes(&tree, &["app.py"]), [], "PX1302 needs 3.10");
    tree.write(
        "pyproject.toml",
        "[project]\nname = 'x'\nrequires-python = '>=3.10'\n",
    );
    assert_eq!(codes(&tree, &["app.py"]), [pair("app.py", "PX1302")]);
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
            "--extend-select",
            "PX1302",
            "app.py",
        ],
        &[],
    );
    let report = json(&output);
    assert_eq!(
        report["diagnostics"][0]["url"],
        "https://docs.example/PX1302"
    );
}

#[test]
fn errors_name_the_file_the_line_and_the_key() {
    let tree = TempTree::new("cfg-errors");
    tree.write("app.py", NAIVE_UTCNOW);
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

#[test]
fn configuration_follows_the_file_not_the_current_directory() {
    let tree = TempTree::new("cfg-follow");
    let body = format!("{NAIVE_UTCNOW}\n{VALIDATOR_RETURNS_NONE}");
    tree.write("proj/src/app.py", &body);
    tree.write("proj/src/gate.py", ZIP_PAIRWISE);
    tree.write("proj/tests/test_app.py", &body);
    tree.write("proj/legacy/old.py", &body);
    tree.write(
        "proj/pyproject.toml",
        "[project]\nname = 'proj'\nrequires-python = '>=3.10'\n\n[tool.pyexpert]\nignore = ['PX0502']\nextend-exclude = ['legacy']\n\n[tool.pyexpert.per-file-ignores]\n'tests/**' = ['PX0504']\n",
    );
    tree.write("elsewhere/.keep", "");
    let expected = [
        pair("../proj/src/app.py", "PX0504"),
        pair("../proj/src/gate.py", "PX1302"),
    ];
    // From a directory with no configuration at all, the project's settings still apply:
    // its ignores, per-file ignores, exclusions and target version (PX1302 needs 3.10).
    let outside = tree.path.join("elsewhere");
    assert_eq!(codes_from(&outside, &["../proj"]), expected);
    // Exactly what a run inside the project finds.
    let inside = tree.path.join("proj");
    assert_eq!(
        codes_from(&inside, &["."]),
        [pair("src/app.py", "PX0504"), pair("src/gate.py", "PX1302")]
    );
    // The report's settings too: the paths share the project's configuration.
    let proj_config = std::fs::read_to_string(tree.path.join("proj/pyproject.toml")).unwrap();
    tree.write(
        "proj/pyproject.toml",
        proj_config.replace(
            "[tool.pyexpert]\n",
            "[tool.pyexpert]\noutput-format = 'concise'\nfail-on = 'error'\n",
        ),
    );
    let report = pyexpert(&outside, &["lint", "--no-cache", "../proj"], &[]);
    assert_eq!(
        report.status.code(),
        Some(0),
        "fail-on = 'error' applies: {}",
        stderr(&report)
    );
    assert!(
        stdout(&report).starts_with("../proj/src/app.py:3:"),
        "output-format = 'concise' applies: {}",
        stdout(&report)
    );
    tree.write("proj/pyproject.toml", &proj_config);
    // The cache lives at the project root, not where the command was run.
    let output = pyexpert(&outside, &["lint", "../proj"], &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(inside.join(".pyexpert_cache/CACHEDIR.TAG").is_file());
    assert!(!outside.join(".pyexpert_cache").exists());
}

#[test]
fn a_nested_project_wins_inside_it() {
    let tree = TempTree::new("cfg-nested");
    let body = format!("{NAIVE_UTCNOW}\n{VALIDATOR_RETURNS_NONE}");
    tree.write("app.py", &body);
    tree.write("lib/inner/mod.py", &body);
    tree.write("lib/inner/gate.py", ZIP_PAIRWISE);
    tree.write("lib/inner/generated/x.py", &body);
    tree.write(
        "pyproject.toml",
        "[tool.pyexpert]\nignore = ['PX0504']\nextend-exclude = ['lib/inner/gate.py']\n",
    );
    // A pyproject without the table is no configuration, but its requires-python counts.
    tree.write(
        "lib/pyproject.toml",
        "[project]\nname = 'lib'\nrequires-python = '>=3.11'\n",
    );
    tree.write(
        "lib/inner/pyexpert.toml",
        "ignore = ['PX0502']\nextend-exclude = ['generated']\n",
    );
    assert_eq!(
        codes(&tree, &["."]),
        [
            pair("app.py", "PX0502"),
            // The inner project's settings replace the outer ones (gate.py is excluded only
            // by the outer file, generated/ by the inner one); its target version is that of
            // the nearest pyproject.toml.
            pair("lib/inner/gate.py", "PX1302"),
            pair("lib/inner/mod.py", "PX0504"),
        ]
    );
    // A file named on the command line still uses its own configuration.
    assert_eq!(
        codes(&tree, &["lib/inner/mod.py", "app.py"]),
        [pair("app.py", "PX0502"), pair("lib/inner/mod.py", "PX0504")]
    );
    // --config makes one file govern everything; --isolated ignores them all.
    assert_eq!(
        codes(&tree, &["--config", "pyproject.toml", "."]),
        [
            pair("app.py", "PX0502"),
            pair("lib/inner/generated/x.py", "PX0502"),
            pair("lib/inner/mod.py", "PX0502"),
        ]
    );
    assert_eq!(codes(&tree, &["--isolated", "lib/inner/mod.py"]).len(), 2);
}

#[test]
fn extend_inherits_another_file() {
    let tree = TempTree::new("cfg-extend");
    let body = format!("{NAIVE_UTCNOW}\n{VALIDATOR_RETURNS_NONE}");
    tree.write("shared/base.toml", "ignore = ['PX0502']\ntarget-version = 'py310'\nextend-exclude = ['generated']\n\n[per-file-ignores]\n'scripts/**' = ['PX0504']\n");
    tree.write(
        "proj/pyproject.toml",
        "[tool.pyexpert]\nextend = '../shared/base.toml'\nextend-select = ['PX0305']\n",
    );
    tree.write("proj/app.py", &body);
    tree.write("proj/gate.py", ZIP_PAIRWISE);
    tree.write("proj/generated/out.py", &body);
    tree.write("proj/scripts/run.py", &body);
    tree.write(
        "proj/eq.py",
        "class A:\n    def __eq__(self, other):\n        return True\n",
    );
    let proj = tree.path.join("proj");
    assert_eq!(
        codes_from(&proj, &["."]),
        [
            pair("app.py", "PX0504"),
            pair("eq.py", "PX0305"),
            pair("gate.py", "PX1302"),
            // The base's patterns are relative to the base file's own directory, as in
            // Ruff: `generated` (a name) is excluded anywhere, but `scripts/**` means
            // shared/scripts, not proj/scripts.
            pair("scripts/run.py", "PX0504"),
        ]
    );
    let shown = stdout(&pyexpert(&proj, &["config"], &[]));
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with("ignore") && l.contains("base.toml")),
        "{shown}"
    );
    // The extending file's keys win.
    tree.write(
        "proj/pyproject.toml",
        "[tool.pyexpert]\nextend = '../shared/base.toml'\ntarget-version = 'py39'\n",
    );
    assert!(!codes_from(&proj, &["gate.py"]).contains(&pair("gate.py", "PX1302")));
    // A missing file and a cycle are errors naming the line.
    tree.write(
        "proj/pyproject.toml",
        "[tool.pyexpert]\nextend = 'nope.toml'\n",
    );
    let output = pyexpert(&proj, &["lint", "."], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("pyproject.toml:2: extend: `nope.toml`"),
        "{}",
        stderr(&output)
    );
    tree.write(
        "proj/pyproject.toml",
        "[tool.pyexpert]\nextend = '../shared/base.toml'\n",
    );
    tree.write("shared/base.toml", "extend = '../proj/pyproject.toml'\n");
    let output = pyexpert(&proj, &["lint", "."], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cycle"), "{}", stderr(&output));
}

#[test]
fn inline_config_overrides_one_key() {
    let tree = TempTree::new("cfg-inline");
    tree.write("gate.py", ZIP_PAIRWISE);
    tree.write("pyexpert.toml", "target-version = 'py39'\n");
    assert_eq!(codes(&tree, &["gate.py"]), []);
    assert_eq!(
        codes(&tree, &["--config", "target-version = 'py312'", "gate.py"]),
        [pair("gate.py", "PX1302")]
    );
    // Inline overrides apply on top of a named file, and the dedicated flags over them.
    assert_eq!(
        codes(
            &tree,
            &[
                "--config",
                "pyexpert.toml",
                "--config",
                "target-version = 'py312'",
                "--target-version",
                "py39",
                "gate.py"
            ]
        ),
        []
    );
    // Any key, the file-role keys included: tests are not held to PX0502 (shipped code only).
    tree.write("qa/check.py", VALIDATOR_RETURNS_NONE);
    assert_eq!(
        codes(&tree, &["qa/check.py"]),
        [pair("qa/check.py", "PX0502")]
    );
    assert_eq!(
        codes(
            &tree,
            &["--config", "test-paths = ['qa/**']", "qa/check.py"]
        ),
        []
    );
    let shown = stdout(&pyexpert(
        &tree.path,
        &["config", "--config", "target-version = \"py311\""],
        &[],
    ));
    assert!(
        shown.lines().any(|l| l.starts_with("target-version")
            && l.contains("py311")
            && l.contains("--config")),
        "{shown}"
    );
    for (value, message) in [
        (
            "target-version = 'py2'",
            "--config `target-version = 'py2'`: target-version",
        ),
        ("selct = ['PX07']", "unknown field `selct`"),
        (
            "missing.toml",
            "--config `missing.toml` is neither a configuration file",
        ),
    ] {
        let output = pyexpert(&tree.path, &["lint", "--config", value, "gate.py"], &[]);
        assert_eq!(output.status.code(), Some(2), "{value}");
        assert!(
            stderr(&output).contains(message),
            "{value}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn config_command_shows_the_settings_of_a_path() {
    let tree = TempTree::new("cfg-path");
    tree.write("pyproject.toml", "[tool.pyexpert]\nignore = ['PX0701']\n");
    tree.write("sub/pyexpert.toml", "ignore = ['PX0702']\n");
    tree.write("sub/app.py", NAIVE_UTCNOW);
    let line = |text: &str, key: &str| {
        text.lines()
            .find(|l| l.starts_with(key))
            .unwrap_or_else(|| panic!("no `{key}` in:\n{text}"))
            .to_string()
    };
    let top = stdout(&pyexpert(&tree.path, &["config"], &[]));
    assert!(line(&top, "ignore").contains("PX0701"), "{top}");
    let file = pyexpert(&tree.path, &["config", "sub/app.py"], &[]);
    assert_eq!(file.status.code(), Some(0), "{}", stderr(&file));
    let text = stdout(&file);
    assert!(text.starts_with("settings for: sub/app.py\n"), "{text}");
    assert!(
        line(&text, "configuration file").ends_with("sub/pyexpert.toml"),
        "{text}"
    );
    assert!(line(&text, "ignore").contains("PX0702"), "{text}");
    assert!(line(&text, "project root").contains("/sub  ["), "{text}");
    let missing = pyexpert(&tree.path, &["config", "sub/nope.py"], &[]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("path does not exist: sub/nope.py"));
}

#[test]
fn unfixable_follows_the_file() {
    // A nested project makes PX0504 unfixable for its own files only: their findings carry
    // no fix, the others keep theirs.
    let tree = TempTree::new("cfg-unfixable");
    tree.write("app.py", NAIVE_UTCNOW);
    tree.write("sub/app.py", NAIVE_UTCNOW);
    tree.write(
        "sub/pyproject.toml",
        "[tool.pyexpert]\nunfixable = ['PX0504']\n",
    );
    let output = pyexpert(&tree.path, &["lint", "--output-format", "json", "."], &[]);
    let report = json(&output);
    let fixes: Vec<(String, bool)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap().to_string(), !d["fix"].is_null()))
        .collect();
    assert_eq!(
        fixes,
        [
            ("app.py".to_string(), true),
            ("sub/app.py".to_string(), false)
        ]
    );
}

#[test]
fn a_check_the_project_tells_ruff_to_ignore_is_off() {
    // The project ignores Ruff's pyupgrade PEP 695 checks everywhere: PX1104, the same
    // check, is off for its files; PX0504 (DTZ003 and DTZ004, one of them still on) stays on.
    let tree = TempTree::new("cfg-ruff-ignores");
    tree.write(
        "proj/pkg/types.py",
        "import datetime\nfrom typing import TypeAlias\n\nStamp: TypeAlias = datetime.datetime\n\n\ndef now() -> Stamp:\n    return datetime.datetime.utcnow()\n",
    );
    // PX1104 is opt-in: the project selects it, and Ruff's ignores still switch it off.
    let pyproject = "[project]\nname = 'proj'\nrequires-python = '>=3.12'\n\n[tool.ruff.lint]\nextend-ignore = ['UP040', 'UP046', 'UP047', 'DTZ003']\n\n[tool.pyexpert]\nextend-select = ['PX1104']\n";
    tree.write("proj/pyproject.toml", pyproject);
    let codes = |dir: &str| -> Vec<String> {
        codes_from(&tree.path.join(dir), &["."])
            .into_iter()
            .map(|(_, code)| code)
            .collect()
    };
    assert_eq!(codes("proj"), ["PX0504"]);
    let shown = stdout(&pyexpert(
        &tree.path.join("proj"),
        &["config", "pkg/types.py"],
        &[],
    ));
    assert!(
        shown.contains("PX1104 (UP040, UP046, UP047)"),
        "`pyexpert config` says why: {shown}"
    );
    // The project's own setting turns it back on.
    tree.write(
        "proj/pyproject.toml",
        format!("{pyproject}respect-equivalent-noqa = false\n"),
    );
    assert_eq!(codes("proj"), ["PX1104", "PX0504"]);
}

#[test]
fn setuptools_python_requires_stands_in_for_requires_python() {
    // PX1302 (opt-in, selected by the helper) needs 3.10 and PX1306 (opt-in, selected: no default rule waits
    // for 3.9) needs 3.9: each project's findings show its target.
    let module = format!(
        "{ZIP_PAIRWISE}\nfrom typing import List\n\ndef g(x: List[int]) -> None:\n    return None\n"
    );
    let tree = TempTree::new("cfg-setuptools");
    // setup.cfg alone: its [options] python_requires.
    tree.write(
        "legacy/setup.cfg",
        "[metadata]\nname = legacy\n\n[options]\npython_requires = >=3.7\n",
    );
    tree.write("legacy/legacy.py", &module);
    // setup.py alone: the literal in the setup() call.
    tree.write("modern/setup.py", "from setuptools import setup\n\nsetup(\n    name='modern',\n    python_requires='>=3.10',\n)\n");
    tree.write("modern/modern.py", &module);
    // A pyproject.toml without requires-python beside a setup.cfg: setup.cfg says it.
    tree.write(
        "mixed/pyproject.toml",
        "[build-system]\nrequires = ['setuptools']\n",
    );
    tree.write("mixed/setup.cfg", "[options]\npython_requires = >=3.8\n");
    tree.write("mixed/mixed.py", &module);
    // requires-python wins over setup.cfg in the same project.
    tree.write(
        "both/pyproject.toml",
        "[project]\nname = 'both'\nrequires-python = '>=3.10'\n",
    );
    tree.write("both/setup.cfg", "[options]\npython_requires = >=3.7\n");
    tree.write("both/both.py", &module);
    // A setup.py above a project's own pyproject.toml belongs to an enclosing project.
    tree.write("outer/setup.py", "setup(python_requires='>=3.12')\n");
    tree.write("outer/inner/pyproject.toml", "[project]\nname = 'inner'\n");
    tree.write("outer/inner/inner.py", &module);
    let found: Vec<(String, String)> =
        codes(&tree, &["--no-cache", "--extend-select", "PX1306", "."])
            .into_iter()
            .filter(|(_, code)| code.starts_with("PX13"))
            .collect();
    assert_eq!(
        found,
        [
            pair("both/both.py", "PX1302"),
            pair("both/both.py", "PX1306"),
            pair("modern/modern.py", "PX1302"),
            pair("modern/modern.py", "PX1306"),
            pair("outer/inner/inner.py", "PX1306"),
        ],
        "legacy targets 3.7 and mixed 3.8 (neither spelling exists there); inner the default 3.9"
    );
    let shown = pyexpert(
        &tree.path.join("legacy"),
        &["lint", "--show-settings", "legacy.py"],
        &[],
    );
    let text = stdout(&shown);
    let line = text
        .lines()
        .find(|l| l.starts_with("target-version"))
        .unwrap_or_default();
    assert!(
        line.contains("py37")
            && line.contains("python_requires or classifiers in")
            && line.contains("setup.cfg"),
        "{text}"
    );
}

#[test]
fn a_python_2_classifier_without_python_requires_targets_python_2() {
    // PX0504's aware replacement needs `datetime.timezone` (3.2): a package that still says
    // it runs on Python 2 keeps `utcnow()`, one that says only Python 3 is told.
    let module = "import datetime\n\nstamp = datetime.datetime.utcnow()\n";
    let tree = TempTree::new("cfg-classifiers");
    let setup = |classifier: &str| {
        format!("from setuptools import setup\n\nsetup(\n    name='x',\n    classifiers=[\n        'Programming Language :: Python :: {classifier}',\n    ],\n)\n")
    };
    tree.write("old/setup.py", setup("2.7"));
    tree.write("old/old.py", module);
    tree.write("new/setup.py", setup("3"));
    tree.write("new/new.py", module);
    // An sdist whose setup.py takes its classifiers from a helper module: PKG-INFO says.
    tree.write(
        "sdist/setup.py",
        "import setupinfo\nfrom setuptools import setup\n\nsetup(name='x', classifiers=setupinfo.classifiers)\n",
    );
    tree.write(
        "sdist/PKG-INFO",
        "Metadata-Version: 1.1\nName: x\nClassifier: Programming Language :: Python :: 2.6\n",
    );
    tree.write("sdist/sdist.py", module);
    let found: Vec<(String, String)> = codes(&tree, &["--no-cache", "."])
        .into_iter()
        .filter(|(_, code)| code == "PX0504")
        .collect();
    assert_eq!(found, [pair("new/new.py", "PX0504")]);
    let shown = pyexpert(
        &tree.path.join("old"),
        &["lint", "--show-settings", "old.py"],
        &[],
    );
    let text = stdout(&shown);
    assert!(
        text.lines()
            .any(|l| l.starts_with("target-version") && l.contains("py27")),
        "{text}"
    );
}

#[test]
fn a_broken_pyproject_of_another_tool_is_reported_and_the_run_goes_on() {
    // A build tool's test case: invalid on purpose, and no business of pyexpert's.
    let tree = TempTree::new("cfg-broken-other");
    tree.write(
        "pyproject.toml",
        "[project]\nname = 'x'\nrequires-python = '>=3.10'\n",
    );
    tree.write("app.py", NAIVE_UTCNOW);
    tree.write(
        "tests/packages/bad/pyproject.toml",
        "[build-system]\nrequires = ['bad' 'syntax']\n",
    );
    tree.write("tests/packages/bad/pkg.py", NAIVE_UTCNOW);
    let output = pyexpert(&tree.path, &["lint", "--output-format", "json", "."], &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("is not valid TOML"),
        "{}",
        stderr(&output)
    );
    let found: Vec<(String, String)> = findings(&json(&output))
        .into_iter()
        .map(|(path, _, code)| (path, code))
        .collect();
    assert!(found.contains(&pair("app.py", "PX0504")), "{found:?}");
    assert!(
        found.contains(&pair("tests/packages/bad/pyproject.toml", "PX0000")),
        "{found:?}"
    );
    // The same mistake in a file that configures pyexpert stops the run: its settings
    // cannot be guessed.
    tree.write(
        "tests/packages/bad/pyproject.toml",
        "[tool.pyexpert]\nignore = ['PX0504' 'PX0502']\n",
    );
    let output = pyexpert(&tree.path, &["lint", "."], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("invalid TOML"),
        "{}",
        stderr(&output)
    );
}
