//! The result cache, end to end through the binary: warm runs read reports back, changes
//! to a file, to the settings or to another module are seen, and a damaged or unwritable
//! cache never changes a result.

mod support;

use support::{findings, json, pyexpert, stderr, TempTree};

const PROTO: &str =
    "from typing import Protocol\n\n\nclass Reader(Protocol):\n    def read(self) -> bytes: ...\n";
const RUNTIME_PROTO: &str = "from typing import Protocol, runtime_checkable\n\n\n@runtime_checkable\nclass Reader(Protocol):\n    def read(self) -> bytes: ...\n";
const USE: &str =
    "from pkg.proto import Reader\n\n\ndef is_reader(obj):\n    return isinstance(obj, Reader)\n";
/// PX0701 at line 3, an opt-in rule: the runs select it with [`SELECT`].
const SLOW: &str = "def f(items, out):\n    for x in items:\n        if x in [1, 2, 3, 4, 5]:\n            out.append(x)\n";

/// Selects the opt-in rule PX0701, the finding of `pkg/slow.py`.
const SELECT: [&str; 2] = ["--extend-select", "PX0701"];

fn project() -> TempTree {
    let tree = TempTree::new("cache");
    tree.write("pkg/__init__.py", "");
    tree.write("pkg/proto.py", PROTO);
    tree.write("pkg/use.py", USE);
    tree.write("pkg/slow.py", SLOW);
    tree.write("pkg/clean.py", "X = 1\n");
    tree
}

/// `(path, line, code)` of each finding.
type Findings = Vec<(String, u64, String)>;
/// `(hits, misses, write errors)`.
type Stats = (usize, usize, usize);

/// Runs `lint --output-format json` with cache statistics; returns the findings, the
/// `(hits, misses, write errors)` and the raw JSON.
fn run(tree: &TempTree, extra: &[&str]) -> (Findings, Stats, String) {
    let mut args = vec!["lint", "--isolated", "--output-format", "json"];
    args.extend_from_slice(&SELECT);
    args.extend_from_slice(extra);
    args.push("pkg");
    let output = pyexpert(&tree.path, &args, &[("PYEXPERT_CACHE_STATS", "1")]);
    let err = stderr(&output);
    let line = err
        .lines()
        .find(|l| l.starts_with("cache: "))
        .unwrap_or_else(|| panic!("no cache statistics in:\n{err}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    (
        findings(&json(&output)),
        (numbers[0], numbers[1], numbers[2]),
        stdout,
    )
}

#[test]
fn a_warm_run_reads_every_report_back_and_says_the_same() {
    let tree = project();
    let (cold, stats, cold_json) = run(&tree, &[]);
    assert_eq!(stats, (0, 5, 0));
    assert_eq!(cold.len(), 2, "{cold:?}");
    let (warm, stats, warm_json) = run(&tree, &[]);
    assert_eq!(stats, (5, 0, 0));
    assert_eq!(warm, cold);
    assert_eq!(warm_json, cold_json, "byte-identical report");
    assert!(tree.path.join(".pyexpert_cache/CACHEDIR.TAG").is_file());
}

#[test]
fn a_changed_file_is_checked_again_and_only_it() {
    let tree = project();
    run(&tree, &[]);
    tree.write(
        "pkg/slow.py",
        "def f(items, out):\n    return [x for x in items if x in {1, 2, 3, 4, 5}]\n",
    );
    let (found, stats, _) = run(&tree, &[]);
    assert_eq!(stats, (4, 1, 0));
    assert_eq!(found, [("pkg/use.py".to_string(), 5, "PX1001".to_string())]);
}

#[test]
fn changed_settings_invalidate_everything() {
    let tree = project();
    run(&tree, &[]);
    let (found, stats, _) = run(&tree, &["--select", "PX07"]);
    assert_eq!(stats, (0, 5, 0));
    assert_eq!(
        found,
        [("pkg/slow.py".to_string(), 3, "PX0701".to_string())]
    );
    let (_, stats, _) = run(&tree, &["--target-version", "py310"]);
    assert_eq!(stats.0, 0, "another target version is another run");
}

#[test]
fn findings_that_depend_on_another_module_follow_it() {
    let tree = project();
    let (found, _, _) = run(&tree, &[]);
    assert!(found.contains(&("pkg/use.py".to_string(), 5, "PX1001".to_string())));
    // Only proto.py changes; use.py's report comes from the cache, its finding must go.
    tree.write("pkg/proto.py", RUNTIME_PROTO);
    let (found, stats, _) = run(&tree, &[]);
    assert_eq!(stats, (4, 1, 0));
    assert!(
        !found.iter().any(|(_, _, code)| code == "PX1001"),
        "{found:?}"
    );
    // A new module changes the project's module set: layer contracts read it.
    tree.write("pkg/domain.py", "import requests\n");
    let (_, stats, _) = run(&tree, &[]);
    assert_eq!(stats.0, 0, "a new module invalidates the run");
}

#[test]
fn a_damaged_cache_is_ignored_and_rewritten() {
    let tree = project();
    let (cold, _, _) = run(&tree, &[]);
    let mut entries = Vec::new();
    for shard in std::fs::read_dir(tree.path.join(".pyexpert_cache")).unwrap() {
        let shard = shard.unwrap().path();
        if shard.is_dir() {
            for entry in std::fs::read_dir(&shard).unwrap() {
                entries.push(entry.unwrap().path());
            }
        }
    }
    assert_eq!(entries.len(), 5);
    // Truncate one, fill one with garbage, and make one valid JSON for another key.
    let text = std::fs::read(&entries[0]).unwrap();
    std::fs::write(&entries[0], &text[..text.len() / 2]).unwrap();
    std::fs::write(&entries[1], b"\x00\xffnot json").unwrap();
    let other = std::fs::read(&entries[3]).unwrap();
    std::fs::write(&entries[2], other).unwrap();
    let (found, stats, _) = run(&tree, &[]);
    assert_eq!(stats, (2, 3, 0));
    assert_eq!(found, cold);
    let (_, stats, _) = run(&tree, &[]);
    assert_eq!(stats, (5, 0, 0), "the damaged entries were rewritten");
}

#[test]
fn concurrent_runs_share_the_cache_safely() {
    let tree = project();
    for n in 0..40 {
        tree.write(&format!("pkg/m{n}.py"), SLOW);
    }
    let exe = env!("CARGO_BIN_EXE_pyexpert");
    let children: Vec<_> = (0..4)
        .map(|_| {
            std::process::Command::new(exe)
                .current_dir(&tree.path)
                .args(["lint", "--isolated", "--output-format", "json"])
                .args(SELECT)
                .arg("pkg")
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<Vec<u8>> = children
        .into_iter()
        .map(|child| child.wait_with_output().unwrap().stdout)
        .collect();
    assert!(outputs.windows(2).all(|pair| pair[0] == pair[1]));
    let (_, stats, warm) = run(&tree, &[]);
    assert_eq!(stats, (45, 0, 0));
    assert_eq!(warm.as_bytes(), &outputs[0][..]);
    let leftovers = walk(&tree.path.join(".pyexpert_cache"))
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .count();
    assert_eq!(leftovers, 0, "no temporary files left behind");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn no_cache_clean_and_an_unwritable_cache() {
    let tree = project();
    let uncached = pyexpert(
        &tree.path,
        &[
            "lint",
            "--isolated",
            "--no-cache",
            "--extend-select",
            "PX0701",
            "pkg",
        ],
        &[("PYEXPERT_CACHE_STATS", "1")],
    );
    assert_eq!(uncached.status.code(), Some(1));
    assert!(
        !stderr(&uncached).contains("cache: "),
        "--no-cache uses no cache"
    );
    assert!(!tree.path.join(".pyexpert_cache").exists());

    // A cache directory that cannot be created: the run is complete and says so.
    tree.write("not-a-directory", "");
    let (found, stats, _) = run(&tree, &["--cache-dir", "not-a-directory/cache"]);
    assert_eq!(stats, (0, 5, 5));
    assert_eq!(found.len(), 2);
    let output = pyexpert(
        &tree.path,
        &[
            "lint",
            "--isolated",
            "--extend-select",
            "PX0701",
            "--cache-dir",
            "not-a-directory/cache",
            "pkg",
        ],
        &[],
    );
    assert!(
        stderr(&output).contains("could not write 5 result cache entries"),
        "{}",
        stderr(&output)
    );

    // PYEXPERT_CACHE_DIR, and `pyexpert clean`.
    let elsewhere = tree.path.join("elsewhere");
    let elsewhere_text = elsewhere.to_str().unwrap();
    pyexpert(
        &tree.path,
        &["lint", "--isolated", "pkg"],
        &[("PYEXPERT_CACHE_DIR", elsewhere_text)],
    );
    assert!(elsewhere.join("CACHEDIR.TAG").is_file());
    let cleaned = pyexpert(
        &tree.path,
        &["clean", "--isolated"],
        &[("PYEXPERT_CACHE_DIR", elsewhere_text)],
    );
    assert_eq!(cleaned.status.code(), Some(0), "{}", stderr(&cleaned));
    assert!(!elsewhere.exists());
    // `clean` never removes a directory that is not a cache.
    tree.write("precious/data.txt", "keep");
    let refused = pyexpert(
        &tree.path,
        &["clean", "--isolated", "--cache-dir", "precious"],
        &[],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(tree.path.join("precious/data.txt").is_file());
}

#[test]
fn another_build_does_not_read_this_builds_entries() {
    // A copy of the binary is another build once its modification time differs.
    let tree = project();
    let copy = tree.path.join("pyexpert-copy");
    std::fs::copy(env!("CARGO_BIN_EXE_pyexpert"), &copy).unwrap();
    let run_copy = || {
        let output = std::process::Command::new(&copy)
            .current_dir(&tree.path)
            .args(["lint", "--isolated", "--output-format", "json", "pkg"])
            .env("PYEXPERT_CACHE_STATS", "1")
            .output()
            .expect("run the copy");
        stderr(&output)
            .lines()
            .find(|l| l.starts_with("cache:"))
            .expect("cache statistics")
            .to_string()
    };
    let first = run_copy();
    assert!(first.contains("0 hits"), "{first}");
    assert!(
        run_copy().contains("0 misses"),
        "the same build reads its entries back"
    );
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(&copy)
        .unwrap()
        .set_modified(later)
        .unwrap();
    let rebuilt = run_copy();
    assert!(
        rebuilt.contains("0 hits"),
        "a rebuilt binary checks afresh: {rebuilt}"
    );
}

#[test]
fn a_module_becomes_a_build_helper_when_the_setup_py_beside_it_starts_importing_it() {
    let tree = TempTree::new("cache-build-helper");
    tree.write(
        "setup.py",
        "from setuptools import setup\n\nsetup(name='x')\n",
    );
    tree.write("helper.py", SLOW);
    let codes = || -> Vec<String> {
        let mut args = vec!["lint", "--isolated", "--output-format", "json"];
        args.extend_from_slice(&SELECT);
        args.push(".");
        findings(&json(&pyexpert(&tree.path, &args, &[])))
            .into_iter()
            .filter(|(path, _, _)| path.ends_with("helper.py"))
            .map(|(_, _, code)| code)
            .collect()
    };
    assert_eq!(codes(), ["PX0701"], "shipped code gets performance advice");
    tree.write(
        "setup.py",
        "import helper\nfrom setuptools import setup\n\nsetup(name='x')\n",
    );
    assert!(
        codes().is_empty(),
        "the cached report of helper.py is not reused once setup.py imports it"
    );
}

#[test]
fn an_init_listing_an_extension_follows_the_setup_py_above_it() {
    let tree = TempTree::new("cache-extension");
    tree.write(
        "setup.py",
        "from setuptools import setup\n\nsetup(name='x')\n",
    );
    tree.write("src/pkg/__init__.py", "__all__ = ['umfpack']\n");
    let codes = || default_codes(&tree, "src");
    assert_eq!(codes(), ["PX0104"], "nothing defines or builds `umfpack`");
    tree.write(
        "setup.py",
        "from setuptools import Extension, setup\n\nsetup(name='x', ext_package='pkg', ext_modules=[Extension('umfpack', ['umfpack.c'])])\n",
    );
    assert!(
        codes().is_empty(),
        "the cached report of __init__.py is not reused once setup.py builds `umfpack`"
    );
}

#[test]
fn an_init_listing_an_extension_follows_the_modules_beside_it() {
    let tree = TempTree::new("cache-extension-sibling");
    tree.write("pkg/__init__.py", "__all__ = ['fast']\n");
    tree.write("pkg/slow.py", "def run():\n    return 1\n");
    let codes = || default_codes(&tree, "pkg");
    assert_eq!(codes(), ["PX0104"], "nothing defines or imports `fast`");
    tree.write(
        "pkg/slow.py",
        "def run():\n    from pkg import fast\n    return fast.run()\n",
    );
    assert!(
        codes().is_empty(),
        "the cached report of __init__.py is not reused once a sibling imports `fast`"
    );
}

/// The codes a cached run of the default rules reports over `path`.
fn default_codes(tree: &TempTree, path: &str) -> Vec<String> {
    let args = ["lint", "--isolated", "--output-format", "json", path];
    findings(&json(&pyexpert(&tree.path, &args, &[])))
        .into_iter()
        .map(|(_, _, code)| code)
        .collect()
}
