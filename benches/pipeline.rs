//! Micro-benchmark of the per-file pipeline (decode, parse, model, every default rule,
//! noqa, diagnostics) on a few representative files, so a regression in the walk, the
//! model or one rule shows up without the whole corpus. No harness crate: each case runs
//! for about a second after a warm-up, and the median of its batches is printed with the
//! parse-only time of the same file for comparison.
//!
//! `cargo bench --bench pipeline` (add a filter to run some cases: `-- fixtures`).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use pyexpert::version::PythonVersion;
use pyexpert::{Linter, RuleSet, Selector};

/// Representative inputs: rule-dense fixtures, and a long plain module.
fn cases() -> Vec<(String, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut cases: Vec<(String, Vec<u8>)> = [
        "fixtures/PX0701.py",
        "fixtures/PX0202.py",
        "fixtures/PX1402.py",
        "fixtures/PX2101.py",
    ]
    .iter()
    .map(|path| {
        let bytes = std::fs::read(root.join(path)).expect("fixture");
        (path.to_string(), bytes)
    })
    .collect();
    // A long module of ordinary code: classes, methods, loops, comprehensions.
    let mut long = String::new();
    for n in 0..400 {
        long.push_str(&format!(
            "class Model{n}:\n    def __init__(self, rows):\n        self.rows = list(rows)\n\n    def total(self, key):\n        seen = set()\n        out = 0\n        for row in self.rows:\n            if row[key] not in seen:\n                seen.add(row[key])\n                out += row.get('amount', 0)\n        return out\n\n    def names(self):\n        return [r['name'].strip() for r in self.rows if r.get('name')]\n\n\n"
        ));
    }
    cases.push((
        "generated/long_module.py (6,400 lines)".into(),
        long.into_bytes(),
    ));
    cases
}

/// Median time of one call of `work`, from batches that run about `budget` in all.
fn time(mut work: impl FnMut(), budget: Duration) -> Duration {
    for _ in 0..3 {
        work();
    }
    let started = Instant::now();
    work();
    let once = started.elapsed().max(Duration::from_micros(1));
    let per_batch =
        ((budget.as_secs_f64() / 10.0) / once.as_secs_f64()).clamp(1.0, 10_000.0) as u32;
    let mut batches: Vec<Duration> = (0..10)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..per_batch {
                work();
            }
            started.elapsed() / per_batch
        })
        .collect();
    batches.sort();
    batches[batches.len() / 2]
}

fn main() {
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let parse_only = Linter::new(
        RuleSet::resolve(Some(&[Selector::parse("PX0000").unwrap()]), &[]),
        false,
    )
    .with_target_version(PythonVersion::LATEST);
    let default_rules =
        Linter::new(RuleSet::default_set(), false).with_target_version(PythonVersion::LATEST);
    println!(
        "{:<44} {:>12} {:>12} {:>8}",
        "file", "parse only", "default", "ratio"
    );
    for (name, bytes) in cases() {
        if filter.as_ref().is_some_and(|f| !name.contains(f.as_str())) {
            continue;
        }
        let budget = Duration::from_millis(800);
        let floor = time(
            || {
                black_box(parse_only.lint_bytes(black_box(&bytes), "bench.py".into()));
            },
            budget,
        );
        let full = time(
            || {
                black_box(default_rules.lint_bytes(black_box(&bytes), "bench.py".into()));
            },
            budget,
        );
        println!(
            "{:<44} {:>10.1}µs {:>10.1}µs {:>7.2}x",
            name,
            floor.as_secs_f64() * 1e6,
            full.as_secs_f64() * 1e6,
            full.as_secs_f64() / floor.as_secs_f64()
        );
    }
}
