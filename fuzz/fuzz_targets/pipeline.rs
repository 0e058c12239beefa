//! Arbitrary bytes through everything one file goes through: decoding, parsing (with the
//! recovery of newer syntax), the semantic model, every rule (opt-in ones included), noqa,
//! every reporter, and `--add-noqa`'s rewrite, which must leave parsable code parsable.

#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pyexpert::report::{write_report, OutputFormat, ReportOptions};
use pyexpert::version::PythonVersion;
use pyexpert::{Linter, RuleSet};

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
    if let (true, Ok(text)) = (parsed, std::str::from_utf8(data)) {
        let (rewritten, _, _) = pyexpert::add_noqa::with_directives(text, &by_line);
        assert!(
            pyexpert::parse::parse_module(&rewritten).is_ok() || rewritten == text,
            "adding noqa comments broke a file that parsed"
        );
    }
});
