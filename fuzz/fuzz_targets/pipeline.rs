//! Arbitrary bytes through everything one file goes through: decoding, parsing (with the
//! recovery of newer syntax), the semantic model, every rule (opt-in ones included), noqa,
//! every reporter, `--add-noqa`'s rewrite, which must leave parsable code parsable, and
//! `--fix --unsafe-fixes`, whose fixes must never break a file (the engine would roll such
//! a pass back and report PX0003, which is the bug this looks for).

#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pyexpert::fix::engine::{fix_file, Destination};
use pyexpert::fix::{FixMode, FixSettings};
use pyexpert::report::{write_report, OutputFormat, ReportOptions};
use pyexpert::version::PythonVersion;
use pyexpert::{Linter, RuleSet, Selector};

const FORMATS: &[OutputFormat] = &[
    OutputFormat::Full,
    OutputFormat::Concise,
    OutputFormat::Json,
    OutputFormat::JsonLines,
    OutputFormat::Github,
    OutputFormat::Sarif,
    OutputFormat::Gitlab,
];

fn linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(|| {
        Linter::new(RuleSet::everything(), true).with_target_version(PythonVersion::LATEST)
    })
}

fuzz_target!(|data: &[u8]| {
    let report = linter().lint_bytes(data, "fuzz.py".to_string());
    // libFuzzer's panic hook aborts even on panics the pipeline contains (PX0003); this
    // says so outright.
    assert!(
        !report.internal_error,
        "a rule failed: {:?}",
        report.diagnostics
    );
    if let Some(text) = &report.source {
        for diagnostic in &report.diagnostics {
            let (start, end) = (
                usize::from(diagnostic.range.start()),
                usize::from(diagnostic.range.end()),
            );
            assert!(
                start <= end && text.is_char_boundary(start) && text.is_char_boundary(end),
                "{} at {start}..{end} splits a character",
                diagnostic.code()
            );
        }
    }
    let parsed = !report.diagnostics.iter().any(|d| d.code() == "PX0000");
    let mut by_line: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
    for diagnostic in report.diagnostics.iter().filter(|d| !d.rule.is_tool()) {
        by_line
            .entry(diagnostic.start.line)
            .or_default()
            .push(diagnostic.code());
    }
    let reports = [report];
    for format in FORMATS {
        let mut out = Vec::new();
        write_report(*format, &reports, &ReportOptions::default(), &mut out)
            .expect("writing to memory cannot fail");
    }
    if parsed {
        let settings = FixSettings::new(FixMode::Apply, true, vec![Selector::All], Vec::new());
        let path = std::path::Path::new("fuzz.py");
        let first = linter().lint_bytes(data, "fuzz.py".to_string());
        let settle = |report: &mut pyexpert::FileReport| {
            pyexpert::linter::settle(std::slice::from_mut(report));
        };
        let fixed = fix_file(linter(), &settings, path, data, first, Destination::Memory, &settle);
        assert!(
            !fixed.diagnostics.iter().any(|d| d.code() == "PX0003"),
            "a fix broke a file that parsed: {:?}",
            fixed.diagnostics.first().map(|d| &d.message)
        );
    }
    if let (true, Ok(text)) = (parsed, std::str::from_utf8(data)) {
        let (rewritten, _, _) = pyexpert::add_noqa::with_directives(text, &by_line);
        assert!(
            pyexpert::parse::parse_module(&rewritten).is_ok() || rewritten == text,
            "adding noqa comments broke a file that parsed"
        );
    }
});
