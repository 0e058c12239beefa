//! `pyexpert server` in real editors: headless Neovim attaches it with its built-in LSP
//! client (tests/editors/neovim.lua), and Emacs in batch mode with eglot and the README's
//! entry (tests/editors/eglot.el). Without the editor installed a test says so and passes,
//! except in CI (`CI` set), where `.ci/run` installs them and their absence fails.

mod support;

use std::process::Command;

use support::TempTree;

/// PX0701 on line 3, in a tree whose `pyexpert.toml` turns the opt-in rule on ([`OPT_IN`]).
const LOOP: &str = "def count(values):\n    for value in range(10):\n        if value in [1, 2, 3, 4, 5]:\n            print(value)\n";

/// The configuration each editor's project has: PX0701 is opt-in, selected by its code.
const OPT_IN: &str = "extend-select = [\"PX0701\"]\n";

/// Whether `program` runs; outside CI a missing editor skips its test.
fn installed(program: &str, package: &str) -> bool {
    if Command::new(program).arg("--version").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must install {package} (see .ci/run)"
    );
    eprintln!("{program} is not installed: its editor test did not run");
    false
}

#[test]
fn neovim_shows_diagnostics_and_applies_a_quick_fix() {
    if !installed("nvim", "neovim") {
        return;
    }
    let tree = TempTree::new("neovim");
    tree.write("pyexpert.toml", OPT_IN);
    let file = tree.write("loop.py", LOOP);
    let report = tree.path.join("report.txt");
    let script = support::root().join("tests/editors/neovim.lua");
    let output = Command::new("nvim")
        .args(["--headless", "--clean", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("PYEXPERT_BIN", env!("CARGO_BIN_EXE_pyexpert"))
        .env("PYEXPERT_FILE", &file)
        .env("PYEXPERT_REPORT", &report)
        .current_dir(&tree.path)
        .output()
        .expect("run nvim");
    let said = std::fs::read_to_string(&report).unwrap_or_default();
    assert!(
        output.status.success(),
        "nvim failed: {said}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(said.contains("diagnostic PX0701 2:11 pyexpert"), "{said}");
    assert!(
        said.contains("action Replace the list with a set literal"),
        "{said}"
    );
    assert!(
        said.contains("action Disable PX0701 for this line"),
        "{said}"
    );
    assert!(
        said.contains("line 3         if value in {1, 2, 3, 4, 5}:"),
        "{said}"
    );
    assert!(said.contains("cleared"), "{said}");
}

#[test]
fn emacs_eglot_shows_diagnostics_and_applies_a_quick_fix() {
    if !installed("emacs", "emacs-nox and elpa-eglot") {
        return;
    }
    let tree = TempTree::new("eglot");
    tree.write("pyexpert.toml", OPT_IN);
    let file = tree.write("loop.py", LOOP);
    let report = tree.path.join("report.txt");
    let script = support::root().join("tests/editors/eglot.el");
    let output = Command::new("emacs")
        .arg("--batch")
        .arg("-l")
        .arg(&script)
        .env("PYEXPERT_BIN", env!("CARGO_BIN_EXE_pyexpert"))
        .env("PYEXPERT_FILE", &file)
        .env("PYEXPERT_REPORT", &report)
        .current_dir(&tree.path)
        .output()
        .expect("run emacs");
    let said = std::fs::read_to_string(&report).unwrap_or_default();
    assert!(
        output.status.success(),
        "emacs failed: {said}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        said.contains("diagnostic pyexpert [PX0701]: membership test"),
        "{said}"
    );
    assert!(
        said.contains("action Replace the list with a set literal"),
        "{said}"
    );
    assert!(
        said.contains("applied Replace the list with a set literal"),
        "{said}"
    );
    assert!(
        said.contains("        if value in {1, 2, 3, 4, 5}:"),
        "{said}"
    );
}
