//! Fixing one file: lint, apply the fixes that fit together, parse and lint the new text,
//! and repeat until nothing more applies. Notebooks take the same steps on their cells
//! (see [`super::notebook`]).
//!
//! - Each pass starts from a fresh look at the text, so a fix that waited (it overlapped
//!   another) is judged again on the text it will change.
//! - A pass whose text does not parse is a pyexpert bug: the whole file is left as it was
//!   and gets PX0003 naming the rule whose fixes broke it (found by applying each rule's
//!   fixes of that pass alone).
//! - Passes are bounded: a file whose fixes keep applying after [`MAX_PASSES`] keeps the
//!   last good text, with a warning naming the rules still fixing.
//! - Writing happens once, at the end, with the bytes the file had when it was read: a
//!   file changed in the meantime, a read-only file or a failed write is left untouched
//!   and reported, and the run goes on.

use std::collections::BTreeMap;
use std::path::Path;

use rustpython_parser::text_size::TextRange;

use super::apply::apply_pass;
use super::settings::FixSettings;
use super::Fix;
use crate::diagnostic::{Diagnostic, Location};
use crate::linter::{FileReport, Linter};
use crate::registry::{self, RuleMeta};

/// Passes before a file is considered not to settle.
pub const MAX_PASSES: usize = 20;

/// Where the fixed text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// Back into the file.
    File,
    /// Nowhere: only the diff is kept (`--diff`).
    Diff,
    /// Kept in the report, for standard output (`lint - --fix`).
    Memory,
}

/// What fixing did to one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileFixes {
    /// Fixes applied (or, with `--diff`, that would be), per rule code.
    pub applied: BTreeMap<&'static str, usize>,
    /// The unified diff of the change (`--diff` only).
    pub diff: Option<String>,
    /// The file's new bytes ([`Destination::Memory`] only; also when nothing changed).
    pub bytes: Option<Vec<u8>>,
    /// Why the file was left unchanged although fixes applied (it could not be written).
    pub error: Option<String>,
    /// The fixes did not settle: the rules still fixing after the last pass.
    pub unsettled: Vec<&'static str>,
}

impl FileFixes {
    pub fn total(&self) -> usize {
        self.applied.values().sum()
    }
}

/// Fixes the file at `path`, whose contents were `bytes` and whose first report is `first`
/// (freshly linted or read from the cache for exactly these bytes, its conditional
/// diagnostics settled). `settle` settles the conditional diagnostics of each new text the
/// same way. Returns the report of the fixed text (or of the original, when nothing could
/// The codes of the rules whose fixes still apply when the passes run out, each once.
pub(super) fn rules_still_fixing(candidates: &[(&'static RuleMeta, &Fix)]) -> Vec<&'static str> {
    let mut rules: Vec<&'static str> = candidates.iter().map(|(meta, _)| meta.code).collect();
    rules.sort_unstable();
    rules.dedup();
    rules
}

/// be applied or written), with what happened in [`FileReport::fixes`].
pub fn fix_file(
    linter: &Linter,
    settings: &FixSettings,
    path: &Path,
    bytes: &[u8],
    first: FileReport,
    destination: Destination,
    settle: &dyn Fn(&mut FileReport),
) -> FileReport {
    if linter.language_of(path) == crate::language::Language::Notebook {
        return super::notebook::fix_notebook(
            linter,
            settings,
            path,
            bytes,
            first,
            destination,
            settle,
        );
    }
    let wants_bytes = destination == Destination::Memory;
    // A rule that already fails on the file as it is would be blamed on the fixes.
    if first.internal_error || !has_applicable_fix(&first, settings) {
        return with_outcome(
            first,
            FileFixes::default(),
            wants_bytes.then(|| bytes.to_vec()),
        );
    }
    let Ok(original) = crate::source::decode(bytes) else {
        return with_outcome(
            first,
            FileFixes::default(),
            wants_bytes.then(|| bytes.to_vec()),
        );
    };
    let display = first.path.clone();
    let mut outcome = FileFixes::default();
    let mut text = original.clone();
    let mut report: Option<FileReport> = None;
    for pass in 0.. {
        let current = report.as_ref().unwrap_or(&first);
        let candidates: Vec<(&'static RuleMeta, &Fix)> = applicable_fixes(current, settings);
        if candidates.is_empty() {
            break;
        }
        if pass == MAX_PASSES {
            outcome.unsettled = rules_still_fixing(&candidates);
            break;
        }
        let fixes: Vec<&Fix> = candidates.iter().map(|(_, fix)| *fix).collect();
        let Some(applied) = apply_pass(&text, &fixes) else {
            break;
        };
        if crate::parse::parse_module(&applied.text).is_err() {
            let culprits = culprits(&text, &candidates, &applied.applied);
            let report = broken_by(first, &culprits, "the fixed text would not parse");
            return with_outcome(
                report,
                FileFixes::default(),
                wants_bytes.then(|| bytes.to_vec()),
            );
        }
        for &index in &applied.applied {
            *outcome.applied.entry(candidates[index].0.code).or_default() += 1;
        }
        text = applied.text;
        let mut next = linter.lint_text(text.clone(), path, display.clone());
        settle(&mut next);
        if next.internal_error {
            let rules: Vec<&'static RuleMeta> = applied
                .applied
                .iter()
                .map(|&index| candidates[index].0)
                .collect();
            let report = broken_by(first, &rules, "a rule failed on the fixed text");
            return with_outcome(
                report,
                FileFixes::default(),
                wants_bytes.then(|| bytes.to_vec()),
            );
        }
        report = Some(next);
    }
    let Some(fixed_report) = report else {
        return with_outcome(first, outcome, wants_bytes.then(|| bytes.to_vec()));
    };
    let new_bytes = match super::encode::encode(bytes, &original, &text) {
        Ok(new_bytes) => new_bytes,
        Err(reason) => {
            outcome.error = Some(reason);
            outcome.applied.clear();
            return with_outcome(first, outcome, wants_bytes.then(|| bytes.to_vec()));
        }
    };
    match destination {
        Destination::Diff => {
            outcome.diff = Some(super::diff::unified(&display, &original, &text));
            with_outcome(fixed_report, outcome, None)
        }
        Destination::Memory => {
            if settings.mode == super::FixMode::Diff {
                outcome.diff = Some(super::diff::unified(&display, &original, &text));
            }
            with_outcome(fixed_report, outcome, Some(new_bytes))
        }
        Destination::File => match super::write::replace_file(path, bytes, &new_bytes) {
            Ok(()) => with_outcome(fixed_report, outcome, None),
            Err(error) => {
                outcome.error = Some(error.0);
                outcome.applied.clear();
                outcome.unsettled.clear();
                with_outcome(first, outcome, None)
            }
        },
    }
}

pub(super) fn with_outcome(
    mut report: FileReport,
    mut outcome: FileFixes,
    bytes: Option<Vec<u8>>,
) -> FileReport {
    outcome.bytes = bytes;
    report.fixes = Some(Box::new(outcome));
    report
}

/// Whether `report` has a fix this run applies: the files worth fixing.
pub fn has_applicable_fix(report: &FileReport, settings: &FixSettings) -> bool {
    report.diagnostics.iter().any(|d| {
        d.fix
            .as_ref()
            .is_some_and(|f| settings.applies(d.code(), f.fix.applicability))
    })
}

/// The fixes of `report` this run applies, with their rules.
pub(super) fn applicable_fixes<'r>(
    report: &'r FileReport,
    settings: &FixSettings,
) -> Vec<(&'static RuleMeta, &'r Fix)> {
    report
        .diagnostics
        .iter()
        .filter_map(|d| {
            let fix = &d.fix.as_ref()?.fix;
            settings
                .applies(d.code(), fix.applicability)
                .then_some((d.rule, fix))
        })
        .collect()
}

/// The rules whose fixes of a broken pass break the text on their own; all of the pass's
/// rules when none does alone (it took their combination).
pub(super) fn culprits(
    text: &str,
    candidates: &[(&'static RuleMeta, &Fix)],
    applied: &[usize],
) -> Vec<&'static RuleMeta> {
    let mut rules: Vec<&'static RuleMeta> = applied.iter().map(|&i| candidates[i].0).collect();
    rules.sort_by_key(|meta| meta.code);
    rules.dedup_by_key(|meta| meta.code);
    let alone: Vec<&'static RuleMeta> = rules
        .iter()
        .copied()
        .filter(|rule| {
            let own: Vec<&Fix> = applied
                .iter()
                .filter(|&&i| candidates[i].0.code == rule.code)
                .map(|&i| candidates[i].1)
                .collect();
            apply_pass(text, &own)
                .is_some_and(|pass| crate::parse::parse_module(&pass.text).is_err())
        })
        .collect();
    if alone.is_empty() {
        rules
    } else {
        alone
    }
}

/// The original report with PX0003 added: fixing broke the file, so it is left unchanged.
pub(super) fn broken_by(
    mut first: FileReport,
    rules: &[&'static RuleMeta],
    why: &str,
) -> FileReport {
    let names: Vec<String> = rules
        .iter()
        .map(|meta| format!("{} ({})", meta.code, meta.name))
        .collect();
    let message = format!(
        "internal error in the fixes of rule {}: {why}, so the file was left unchanged; other files were fixed normally",
        names.join(", ")
    );
    let start = Location { line: 1, column: 1 };
    first.diagnostics.insert(
        0,
        Diagnostic {
            rule: &registry::INTERNAL_ERROR,
            severity: registry::INTERNAL_ERROR.severity,
            message,
            help: Some(
                "this is a bug in pyexpert: please report it with the file; `--unfixable CODE` skips that rule's fixes meanwhile"
                    .to_string(),
            ),
            range: TextRange::default(),
            start,
            end: start,
            fix: None,
        },
    );
    first.internal_error = true;
    first
}
