//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch directory removed when dropped.
pub struct TempTree {
    pub path: PathBuf,
}

impl TempTree {
    pub fn new(label: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path =
            std::env::temp_dir().join(format!("pyexpert-test-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempTree { path }
    }

    /// Writes `contents` to `relative` (creating parent directories) and returns its path.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent");
        }
        std::fs::write(&path, contents).expect("write file");
        path
    }
}

impl Drop for TempTree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Runs the built `pyexpert` binary in `dir` with `args` and extra environment variables.
pub fn pyexpert(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pyexpert"));
    command
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("COLUMNS")
        .env_remove("RAYON_NUM_THREADS");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("run pyexpert")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8 stdout")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("utf-8 stderr")
}

/// The parsed JSON report of a run with `--output-format json`.
pub fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "invalid JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// `(path, line, code)` of every diagnostic in a JSON report.
pub fn findings(report: &serde_json::Value) -> Vec<(String, u64, String)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Lints the directory `dir` as a project, the way `pyexpert lint DIR` run inside it would,
/// with `args` added to the command line; returns `(path relative to dir, line, code)`
/// of every finding, in report order.
pub fn lint_project(dir: &Path, args: &[&str]) -> Vec<(String, u32, String)> {
    use clap::Parser;
    use pyexpert::cli::{Cli, Command};

    let mut argv = vec!["pyexpert", "lint"];
    argv.extend_from_slice(args);
    let dir_text = dir.to_str().expect("UTF-8 path");
    argv.push(dir_text);
    let cli = Cli::try_parse_from(&argv).unwrap_or_else(|e| panic!("bad arguments: {e}"));
    let Command::Lint(lint) = cli.command else {
        panic!("not a lint command");
    };
    let settings = pyexpert::settings::Settings::resolve(&lint, dir)
        .unwrap_or_else(|e| panic!("settings: {e}"));
    let options = pyexpert::run::RunOptions {
        threads: pyexpert::run::thread_count(lint.threads),
        keep_source: false,
        extra_rules: Vec::new(),
        cache: None,
        fix: None,
    };
    let reports = pyexpert::run::lint_paths(&[dir.to_path_buf()], &settings, options)
        .unwrap_or_else(|e| panic!("run: {e}"));
    let mut found = Vec::new();
    for report in reports {
        let relative = Path::new(&report.path)
            .strip_prefix(dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|_| report.path.clone());
        for diagnostic in &report.diagnostics {
            found.push((
                relative.clone(),
                diagnostic.start.line,
                diagnostic.code().to_string(),
            ));
        }
    }
    found
}

/// A rule's fixture: `fixtures/PXqqnn.py`, or for rules about a whole project the directory
/// `fixtures/PXqqnn/` (a small project: Python files, `pyproject.toml` files, and optionally
/// a `pyexpert.toml` for the run's configuration).
pub enum Fixture {
    File(PathBuf),
    Project(PathBuf),
}

impl Fixture {
    /// The fixture of `code`, if there is one.
    pub fn of(code: &str) -> Option<Fixture> {
        let base = root().join("fixtures");
        let file = base.join(format!("{code}.py"));
        let dir = base.join(code);
        if file.is_file() {
            Some(Fixture::File(file))
        } else if dir.is_dir() {
            Some(Fixture::Project(dir))
        } else {
            None
        }
    }

    /// `(path, text)` of every file that can carry markers, sorted by path.
    pub fn files(&self) -> Vec<(PathBuf, String)> {
        match self {
            Fixture::File(path) => vec![(path.clone(), read_text(path))],
            Fixture::Project(dir) => {
                let mut paths = Vec::new();
                collect_files(dir, &mut paths);
                paths.sort();
                paths
                    .into_iter()
                    .filter(|p| {
                        p.extension()
                            .is_some_and(|e| e == "py" || e == "pyi" || e == "toml")
                    })
                    .map(|p| {
                        let text = read_text(&p);
                        (p, text)
                    })
                    .collect()
            }
        }
    }
}

fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn collect_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable fixture directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            collect_files(&path, into);
        } else {
            into.push(path);
        }
    }
}

/// Codes expected per line, from `# error: A, B` comments (sorted per line).
pub fn expected_markers(source: &str) -> std::collections::BTreeMap<u32, Vec<String>> {
    let mut expected = std::collections::BTreeMap::new();
    for (index, line) in source.lines().enumerate() {
        if let Some(at) = line.find("# error:") {
            let mut codes: Vec<String> = line[at + "# error:".len()..]
                .split(',')
                .map(|code| code.trim().to_string())
                .filter(|code| !code.is_empty())
                .collect();
            assert!(!codes.is_empty(), "empty marker on line {}", index + 1);
            codes.sort();
            expected.insert(index as u32 + 1, codes);
        }
    }
    expected
}

/// Writes the test notebooks into `tree/nb` with the real nbformat
/// (`tests/support/notebooks.py`; `pip install nbformat`, which `.ci/run` does).
pub fn notebooks(label: &str) -> TempTree {
    let tree = TempTree::new(label);
    let script = root().join("tests/support/notebooks.py");
    let output = Command::new("python3")
        .arg(&script)
        .arg(tree.path.join("nb"))
        .output()
        .expect("run python3");
    assert!(
        output.status.success(),
        "writing the test notebooks needs nbformat (pip install nbformat):\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    tree
}

/// Runs Python `code` with `args` (in `sys.argv[1:]`) and returns its standard output.
pub fn python(code: &str, args: &[&Path]) -> String {
    let output = Command::new("python3")
        .arg("-c")
        .arg(code)
        .args(args)
        .output()
        .expect("run python3");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The value of the `# fixture: KEY=VALUE` directive in a fixture's first lines.
fn fixture_directive<'a>(source: &'a str, key: &str) -> Option<&'a str> {
    let prefix = format!("# fixture: {key}=");
    source
        .lines()
        .take(5)
        .find_map(|line| line.trim().strip_prefix(prefix.as_str()))
}

/// The `# fixture: target-version=...` directive of a fixture, else the newest version.
pub fn fixture_target_version(source: &str) -> pyexpert::version::PythonVersion {
    fixture_directive(source, "target-version")
        .map(|version| {
            pyexpert::version::PythonVersion::parse(version)
                .expect("a valid fixture target version")
        })
        .unwrap_or(pyexpert::version::PythonVersion::LATEST)
}

/// The rules a fixture of `code` runs: the defaults, `code` itself, and the opt-in rules a
/// `# fixture: extend-select=PX0701,PX0702` directive names, for fixtures whose cases are
/// about another rule's findings (which directives `PX0002` judges, which shapes `PX0708`
/// leaves to `PX0702`).
pub fn fixture_rules(code: &str, source: &str) -> pyexpert::RuleSet {
    let mut rules = pyexpert::RuleSet::default_set().with_rule(code);
    for extra in fixture_directive(source, "extend-select")
        .into_iter()
        .flat_map(|codes| codes.split(','))
    {
        let extra = extra.trim();
        assert!(
            pyexpert::registry::find(extra).is_some(),
            "fixture of {code}: `{extra}` in extend-select is not a rule code"
        );
        rules = rules.with_rule(extra);
    }
    rules
}
