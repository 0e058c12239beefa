//! `pyexpert server` in a real editor: headless Neovim attaches it with its built-in LSP
//! client (tests/editors/neovim.lua). Without `nvim` installed the test says so and
//! passes, except in CI (`CI` set), where `.ci/run` installs it and its absence fails.

mod support;

use std::process::Command;

use support::TempTree;

#[test]
fn neovim_shows_diagnostics_and_applies_a_quick_fix() {
    if Command::new("nvim").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install neovim (see .ci/run)"
        );
        eprintln!("nvim is not installed: the Neovim test did not run");
        return;
    }
    let tree = TempTree::new("neovim");
    let file = tree.write(
        "loop.py",
        "def count(values):\n    for value in range(10):\n        if value in [1, 2, 3, 4, 5]:\n            print(value)\n",
    );
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
