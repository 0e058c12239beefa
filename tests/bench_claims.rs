//! The claim benchmarks under `bench/claims/` still run: each script, in its `--quick` mode
//! (one short round at 10 items, no measurement), prints a report for its rule with rows or
//! notes. The numbers themselves come from `python3 bench/claims/run.py` and live in the
//! rule pages; this only keeps the scripts from rotting.

mod support;

use std::process::Command;

#[test]
fn every_claim_benchmark_runs_and_reports_its_rule() {
    let available = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the claim benchmarks: python3 is missing"
        );
        eprintln!("python3 not found: claim benchmarks not checked");
        return;
    }
    let dir = support::root().join("bench/claims");
    let mut scripts: Vec<_> = std::fs::read_dir(&dir)
        .expect("bench/claims")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("px"))
        })
        .collect();
    scripts.sort();
    assert!(scripts.len() >= 6, "one script per claim: {scripts:?}");
    for script in scripts {
        let output = Command::new("python3")
            .arg(&script)
            .args(["--sizes", "10", "--quick", "--json"])
            .current_dir(&dir)
            .output()
            .expect("run python3");
        let name = script.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            output.status.success(),
            "{name} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        let last = stdout.lines().last().unwrap_or_default();
        let report: serde_json::Value =
            serde_json::from_str(last).unwrap_or_else(|e| panic!("{name}: {e}: {stdout}"));
        let code = name[..6].to_ascii_uppercase();
        assert_eq!(report["claim"], code.as_str(), "{name}");
        let rows = report["rows"].as_array().map_or(0, Vec::len);
        let notes = report["notes"].as_array().map_or(0, Vec::len);
        assert!(rows + notes > 0, "{name} reported nothing: {last}");
    }
}
