//! pyexpert as Python users install and run it: `pip install .` into a virtual
//! environment, and the pre-commit hook of `.pre-commit-hooks.yaml`. Both build a release
//! binary and fetch packages from PyPI, so they are `#[ignore]`d in the everyday `cargo
//! test` and run by `.ci/run` (`cargo test --test ecosystem -- --ignored`).
//!
//! Release builds share `PYEXPERT_ECOSYSTEM_TARGET` (default `target/ecosystem`) as their
//! cargo target directory, so the second build reuses the first one's dependencies, and
//! skip link-time optimisation: these tests check that installing works, not how fast the
//! installed binary is.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::TempTree;

fn shared_target_dir() -> PathBuf {
    std::env::var_os("PYEXPERT_ECOSYSTEM_TARGET")
        .map(PathBuf::from)
        .unwrap_or_else(|| support::root().join("target").join("ecosystem"))
}

/// A command whose release builds use the shared target dir and a quick profile.
fn command(dir: &Path, program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir(dir)
        .args(args)
        .env("CARGO_TARGET_DIR", shared_target_dir())
        .env("CARGO_PROFILE_RELEASE_LTO", "off")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        // maturin (pip install) builds with the `dist` profile.
        .env("CARGO_PROFILE_DIST_LTO", "off")
        .env("CARGO_PROFILE_DIST_CODEGEN_UNITS", "16")
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .env_remove("NO_COLOR");
    command
}

fn run(dir: &Path, program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Output {
    command(dir, program, args)
        .output()
        .expect("start the command")
}

fn ok(output: &Output, what: &str) {
    assert!(
        output.status.success(),
        "{what} failed ({:?}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A fresh virtual environment; returns its `bin` directory.
fn venv(tree: &TempTree) -> PathBuf {
    let created = run(&tree.path, "python3", &["-m", "venv", "venv"]);
    ok(&created, "python3 -m venv");
    tree.path.join("venv").join("bin")
}

const BAD: &str = "def active(users, banned_ids):\n    banned = [str(b) for b in banned_ids]\n    result = []\n    for user in users:\n        if user.id not in banned:\n            result.append(user)\n    return result\n";
const GOOD: &str = "def active(users, banned_ids):\n    banned = {str(b) for b in banned_ids}\n    return [user for user in users if user.id not in banned]\n";

#[test]
#[ignore = "builds a release wheel and installs from PyPI; run by .ci/run"]
fn pip_install_gives_a_working_command() {
    let tree = TempTree::new("pip-install");
    let bin = venv(&tree);
    let root = support::root();
    let installed = run(
        &tree.path,
        bin.join("pip"),
        &["install", "--quiet", root.to_str().unwrap()],
    );
    ok(&installed, "pip install .");
    let command = bin.join("pyexpert");
    let version = run(&tree.path, &command, &["--version"]);
    ok(&version, "pyexpert --version");
    assert!(
        String::from_utf8_lossy(&version.stdout).contains(env!("CARGO_PKG_VERSION")),
        "{}",
        String::from_utf8_lossy(&version.stdout)
    );
    tree.write("app.py", BAD);
    let found = run(
        &tree.path,
        &command,
        &[
            "lint",
            "--isolated",
            "--extend-select",
            "PX0701",
            "--output-format",
            "concise",
            "app.py",
        ],
    );
    assert_eq!(found.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&found.stdout).contains("app.py:5:12: PX0701"));
}

#[test]
#[ignore = "builds pyexpert through pre-commit and installs pre-commit from PyPI; run by .ci/run"]
fn pre_commit_hook_fails_on_bad_code_and_passes_once_fixed() {
    let tree = TempTree::new("pre-commit");
    let bin = venv(&tree);
    ok(
        &run(
            &tree.path,
            bin.join("pip"),
            &["install", "--quiet", "pre-commit"],
        ),
        "pip install pre-commit",
    );
    let root = support::root();
    let head = run(&root, "git", &["rev-parse", "HEAD"]);
    ok(&head, "git rev-parse HEAD");
    let rev = String::from_utf8_lossy(&head.stdout).trim().to_string();

    let project = tree.path.join("project");
    std::fs::create_dir_all(&project).unwrap();
    ok(&run(&project, "git", &["init", "--quiet"]), "git init");
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: pyexpert\n",
        root.display()
    );
    std::fs::write(project.join(".pre-commit-config.yaml"), config).unwrap();
    std::fs::write(project.join("users.py"), BAD).unwrap();
    std::fs::write(project.join("clean.py"), GOOD).unwrap();
    // Excluded by the configuration: pre-commit names it explicitly, the hook skips it.
    // PX0701, the finding of BAD and FIXABLE, is opt-in.
    std::fs::write(
        project.join("pyproject.toml"),
        "[tool.pyexpert]\nextend-exclude = [\"legacy\"]\nextend-select = [\"PX0701\"]\n",
    )
    .unwrap();
    std::fs::create_dir_all(project.join("legacy")).unwrap();
    std::fs::write(project.join("legacy/old.py"), BAD).unwrap();
    ok(&run(&project, "git", &["add", "."]), "git add");

    let pre_commit = bin.join("pre-commit");
    let home = tree.path.join("pre-commit-home");
    let hook = |args: &[&str]| {
        command(&project, &pre_commit, args)
            .env("PRE_COMMIT_HOME", &home)
            .output()
            .expect("run pre-commit")
    };
    let started = std::time::Instant::now();
    let excluded = hook(&["run", "--files", "legacy/old.py"]);
    // The first run builds pyexpert (README: "pre-commit" gives the cost).
    eprintln!(
        "first pre-commit run (building the hook): {:.0?}",
        started.elapsed()
    );
    ok(
        &excluded,
        "pre-commit run --files legacy/old.py (excluded by the configuration)",
    );
    let failed = hook(&["run", "--all-files"]);
    let output = String::from_utf8_lossy(&failed.stdout).to_string();
    assert_eq!(
        failed.status.code(),
        Some(1),
        "the hook must fail:\n{output}"
    );
    assert!(output.contains("PX0701"), "{output}");
    assert!(output.contains("users.py"), "{output}");

    std::fs::write(project.join("users.py"), GOOD).unwrap();
    ok(&run(&project, "git", &["add", "."]), "git add");
    let passed = hook(&["run", "--all-files"]);
    ok(&passed, "pre-commit run after the fix");

    // The fixing hook rewrites what has a safe fix: pre-commit fails the run that changed a
    // file, and the next run passes.
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: pyexpert-fix\n",
        root.display()
    );
    std::fs::write(project.join(".pre-commit-config.yaml"), config).unwrap();
    std::fs::write(project.join("flags.py"), FIXABLE).unwrap();
    ok(&run(&project, "git", &["add", "."]), "git add");
    let fixed = hook(&["run", "--all-files"]);
    assert_eq!(
        fixed.status.code(),
        Some(1),
        "a hook that changed files fails:\n{}",
        String::from_utf8_lossy(&fixed.stdout)
    );
    assert_eq!(
        std::fs::read_to_string(project.join("flags.py")).unwrap(),
        FIXABLE.replace("[1, 2, 3, 4, 5]", "{1, 2, 3, 4, 5}")
    );
    ok(&run(&project, "git", &["add", "."]), "git add");
    ok(
        &hook(&["run", "--all-files"]),
        "pre-commit run after the fixing hook",
    );
}

/// A finding with a safe fix (PX0701: the tested value is an int from `range`).
const FIXABLE: &str = "def flags(n):\n    return [x for x in range(n) if x in [1, 2, 3, 4, 5]]\n";
