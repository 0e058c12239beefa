//! Every diagnostic pyexpert can emit: the tool's own (syntax, IO, internal errors) and the
//! rules, each described by a [`RuleMeta`], found by code or name.

use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::role::Roles;
use crate::rule::Rule;
use crate::version::PythonVersion;

/// What a rule is, independent of how it checks: the part shown in tables, reports and docs.
#[derive(Debug)]
pub struct RuleMeta {
    /// `PXqqnn`, where `qq` is the lesson question and `nn` the rule within it.
    pub code: &'static str,
    /// Stable kebab-case name.
    pub name: &'static str,
    /// Default severity (a rule may raise a particular finding higher).
    pub severity: Severity,
    /// The lesson question that explains the rule; tool diagnostics have none.
    pub question: Option<Question>,
    /// Runs only when selected by its exact code, its name, or `ALL`.
    pub opt_in: bool,
    /// The rule suggests syntax or library features of this Python version: it runs only
    /// when the target version is at least this.
    pub min_version: Option<PythonVersion>,
    /// One line: what the rule flags.
    pub summary: &'static str,
    /// The rule's page (`rules/PXqqnn.md`), embedded so `pyexpert rule` works anywhere.
    pub doc: &'static str,
    /// The kinds of file the rule checks (see [`crate::role`]): bugs that fail at run
    /// time everywhere code runs, advice only where code ships.
    pub applies_to: Roles,
}

impl RuleMeta {
    /// Tool diagnostics (`PX00nn`) describe the run itself, not the code's advice.
    pub fn is_tool(&self) -> bool {
        self.code.starts_with("PX00")
    }
}

impl PartialEq for RuleMeta {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for RuleMeta {}

pub static SYNTAX_ERROR: RuleMeta = RuleMeta {
    code: "PX0000",
    name: "syntax-error",
    severity: Severity::Error,
    question: None,
    opt_in: false,
    min_version: None,
    summary: "the file cannot be parsed as Python",
    doc: include_str!("../rules/PX0000.md"),
    applies_to: Roles::EVERY_FILE,
};

pub static IO_ERROR: RuleMeta = RuleMeta {
    code: "PX0001",
    name: "io-error",
    severity: Severity::Error,
    question: None,
    opt_in: false,
    min_version: None,
    summary: "the file cannot be read or decoded",
    doc: include_str!("../rules/PX0001.md"),
    applies_to: Roles::EVERY_FILE,
};

pub static INTERNAL_ERROR: RuleMeta = RuleMeta {
    code: "PX0003",
    name: "internal-error",
    severity: Severity::Error,
    question: None,
    opt_in: false,
    min_version: None,
    summary: "a rule failed on this file; the run went on",
    doc: include_str!("../rules/PX0003.md"),
    applies_to: Roles::EVERY_FILE,
};

/// The tool's own diagnostics, by code.
pub const TOOL_DIAGNOSTICS: &[&RuleMeta] = &[&SYNTAX_ERROR, &IO_ERROR, &INTERNAL_ERROR];

/// Every lint rule, in code order.
pub fn rules() -> &'static [&'static dyn Rule] {
    crate::rules::ALL
}

/// Every diagnostic pyexpert knows, tool diagnostics and rules, in code order. Sorted
/// once: lookups by code (noqa audits, cache entries) go through here.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    static ALL: std::sync::OnceLock<Vec<&'static RuleMeta>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut metas: Vec<&'static RuleMeta> = TOOL_DIAGNOSTICS
            .iter()
            .copied()
            .chain(rules().iter().map(|rule| rule.meta()))
            .collect();
        metas.sort_by_key(|meta| meta.code);
        metas
    })
    .iter()
    .copied()
}

/// The kinds of fix a diagnostic's findings may carry (none for the tool's own).
pub fn fix_kinds(meta: &RuleMeta) -> &'static [crate::fix::Applicability] {
    rules()
        .iter()
        .find(|rule| rule.meta() == meta)
        .map_or(&[], |rule| rule.fixes())
}

/// Finds a diagnostic by exact code (case-insensitive) or by name.
pub fn find(code_or_name: &str) -> Option<&'static RuleMeta> {
    all().find(|meta| meta.code.eq_ignore_ascii_case(code_or_name) || meta.name == code_or_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_sorted() {
        let metas: Vec<_> = all().collect();
        for pair in metas.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} before {}",
                pair[0].code,
                pair[1].code
            );
        }
        let mut names: Vec<_> = metas.iter().map(|m| m.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), metas.len(), "rule names must be unique");
    }

    #[test]
    fn codes_name_their_question() {
        for meta in all().filter(|m| !m.is_tool()) {
            let question = meta.question.expect("lint rules cite a question");
            assert_eq!(
                &meta.code[2..4],
                format!("{:02}", question.number()),
                "{}",
                meta.code
            );
        }
    }

    #[test]
    fn finds_by_code_or_name() {
        assert_eq!(find("px0000").map(|m| m.name), Some("syntax-error"));
        assert_eq!(find("io-error").map(|m| m.code), Some("PX0001"));
        assert!(find("PX9999").is_none());
    }
}
