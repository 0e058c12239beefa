//! Fixes: the mechanical rewrite a finding may carry, and everything that applies them.
//!
//! A [`Fix`] is one or more non-overlapping [`Edit`]s (a byte range of the decoded source and
//! its replacement), a short message saying what it does, and an [`Applicability`]: *safe*
//! fixes keep what the code means, *unsafe* ones may change it and are applied only when the
//! user opts in, *display-only* ones are shown and never applied. Rules attach fixes where
//! they report ([`crate::diagnostic::Finding::set_fix`]) and build them with the helpers here:
//!
//! - [`imports`]: reuse or add an import, and give back an import a fix leaves unused;
//! - [`indent`]: the file's line ending and indentation, and re-indenting a block;
//! - [`annotations`]: rewriting an annotation written inside a string;
//! - [`arguments`]: adding an argument to a call or a parameter to a `def`;
//! - [`noqa`]: dropping codes from a `# noqa` directive (PX0002).
//!
//! Applying is in [`apply`] (one pass: non-conflicting fixes in source order) and [`engine`]
//! (the per-file loop: lint, apply, parse again, lint again, until nothing applies). The
//! result goes back to disk through [`encode`] (the file's own encoding, BOM and line
//! endings; untouched lines keep every byte) and [`write`] (atomic, permissions kept,
//! symlinks written through, read-only files refused), or to the user through [`diff`].
//! A notebook is fixed by [`notebook`]: the same passes over its joined code cells, each
//! pass written back into the cells' sources.

pub mod annotations;
pub mod apply;
pub mod arguments;
pub mod command;
pub mod diff;
pub mod encode;
pub mod engine;
pub mod imports;
pub mod indent;
pub mod noqa;
pub mod notebook;
pub mod settings;
pub mod write;

use rustpython_parser::text_size::{TextRange, TextSize};
use serde::{Deserialize, Serialize};

pub use settings::{FixMode, FixSettings};

/// How far a fix can be trusted. Ordered from least to most trusted, so "at least unsafe"
/// is a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown to the user, never applied: a sketch that needs a person's judgement.
    DisplayOnly,
    /// May change what the code does (applied with `--unsafe-fixes` or `unsafe-fixes = true`).
    Unsafe,
    /// Keeps what the code means (applied by `--fix`).
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

impl std::fmt::Display for Applicability {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Replace the text in `range` (a byte range of the decoded source) by `content`. An empty
/// range inserts; empty content deletes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub range: TextRange,
    pub content: String,
}

impl Edit {
    pub fn replacement(range: TextRange, content: impl Into<String>) -> Self {
        Edit {
            range,
            content: content.into(),
        }
    }

    pub fn insertion(at: TextSize, content: impl Into<String>) -> Self {
        Edit::replacement(TextRange::empty(at), content)
    }

    pub fn deletion(range: TextRange) -> Self {
        Edit::replacement(range, String::new())
    }

    pub fn start(&self) -> TextSize {
        self.range.start()
    }

    pub fn end(&self) -> TextSize {
        self.range.end()
    }

    pub fn is_insertion(&self) -> bool {
        self.range.is_empty()
    }

    /// Whether the two edits cannot both be applied: their ranges overlap, one inserts
    /// strictly inside what the other replaces, or both insert different text at the same
    /// place (whose order would be a guess). Edits that only touch are compatible.
    pub fn conflicts_with(&self, other: &Edit) -> bool {
        if self == other {
            return false;
        }
        if self.is_insertion() && other.is_insertion() {
            return self.start() == other.start();
        }
        self.start() < other.end() && other.start() < self.end()
    }
}

/// A mechanical rewrite of a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    /// What the fix does, as an imperative phrase (`replace the list with a set literal`).
    pub message: String,
    /// Sorted by position; no two conflict.
    pub edits: Vec<Edit>,
    /// Imports the fix stops using: removed when nothing else uses them any more
    /// (see [`imports::UnusedImport`]).
    pub unused_imports: Vec<imports::UnusedImport>,
}

impl Fix {
    /// A fix of `edits`, or `None` when there are none or two of them conflict (a rule
    /// then reports without a fix rather than with a broken one).
    pub fn new(
        applicability: Applicability,
        message: impl Into<String>,
        mut edits: Vec<Edit>,
    ) -> Option<Fix> {
        if edits.is_empty() {
            return None;
        }
        edits.sort_by_key(|edit| (edit.start(), edit.end()));
        edits.dedup();
        let conflict = edits
            .iter()
            .enumerate()
            .any(|(i, a)| edits[i + 1..].iter().any(|b| a.conflicts_with(b)));
        if conflict {
            debug_assert!(false, "a fix's own edits conflict: {edits:?}");
            return None;
        }
        Some(Fix {
            applicability,
            message: message.into(),
            edits,
            unused_imports: Vec::new(),
        })
    }

    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Option<Fix> {
        Fix::new(Applicability::Safe, message, edits)
    }

    pub fn unsafe_edits(message: impl Into<String>, edits: Vec<Edit>) -> Option<Fix> {
        Fix::new(Applicability::Unsafe, message, edits)
    }

    pub fn display_only(message: impl Into<String>, edits: Vec<Edit>) -> Option<Fix> {
        Fix::new(Applicability::DisplayOnly, message, edits)
    }

    /// Also removes `import` when the fixes applied with this one leave it unused.
    pub fn with_unused_imports(mut self, imports: Vec<imports::UnusedImport>) -> Fix {
        self.unused_imports = imports;
        self
    }

    /// Where the first edit starts (fixes are applied in this order).
    pub fn start(&self) -> TextSize {
        self.edits[0].start()
    }

    /// The edits that applying this fix alone makes: its own, plus the removal of imports
    /// it is the last user of. This is what reports show.
    pub fn standalone_edits(&self, source: &str) -> Vec<Edit> {
        let mut edits = self.edits.clone();
        let removals = imports::removals(source, &[self]);
        for removal in removals {
            if !edits.iter().any(|edit| edit.conflicts_with(&removal)) {
                edits.push(removal);
            }
        }
        edits.sort_by_key(|edit| (edit.start(), edit.end()));
        edits
    }
}

/// Which fixes a rule can offer, as `pyexpert rules` shows it (`safe`, `unsafe`, both, `-`).
pub fn describe_kinds(kinds: &[Applicability]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for kind in [Applicability::Safe, Applicability::Unsafe] {
        if kinds.contains(&kind) {
            names.push(kind.as_str());
        }
    }
    if names.is_empty() {
        "-".to_string()
    } else {
        names.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(start: u32, end: u32) -> TextRange {
        TextRange::new(start.into(), end.into())
    }

    #[test]
    fn conflicts_are_overlaps_and_ambiguous_insertions() {
        let replace = Edit::replacement(range(2, 6), "x");
        assert!(replace.conflicts_with(&Edit::replacement(range(5, 9), "y")));
        assert!(replace.conflicts_with(&Edit::insertion(4.into(), "z")));
        assert!(!replace.conflicts_with(&Edit::insertion(2.into(), "z")));
        assert!(!replace.conflicts_with(&Edit::insertion(6.into(), "z")));
        assert!(!replace.conflicts_with(&Edit::replacement(range(6, 8), "y")));
        let insert = Edit::insertion(3.into(), "a");
        assert!(insert.conflicts_with(&Edit::insertion(3.into(), "b")));
        assert!(!insert.conflicts_with(&Edit::insertion(3.into(), "a")));
    }

    #[test]
    fn a_fix_sorts_its_edits_and_refuses_conflicting_ones() {
        let fix = Fix::safe(
            "two edits",
            vec![
                Edit::replacement(range(8, 9), "b"),
                Edit::replacement(range(1, 2), "a"),
            ],
        )
        .unwrap();
        assert_eq!(fix.start(), TextSize::from(1));
        assert!(Fix::safe("none", Vec::new()).is_none());
    }

    #[test]
    fn kinds_read_as_the_rules_table_shows_them() {
        assert_eq!(describe_kinds(&[]), "-");
        assert_eq!(describe_kinds(&[Applicability::Safe]), "safe");
        assert_eq!(
            describe_kinds(&[Applicability::Unsafe, Applicability::Safe]),
            "safe/unsafe"
        );
    }
}
