//! How a run fixes: the command-line flags (`--fix`, `--unsafe-fixes`, `--diff`, ...) and
//! the configuration keys (`fix`, `unsafe-fixes`, `fixable`, `unfixable`,
//! `extend-fixable`), resolved the way Ruff resolves them: a flag beats the file, `--no-x`
//! beats `x` when both are given last, and which rules may be fixed follows the same
//! most-specific-selector-wins logic as `select`/`ignore` (ties go to `unfixable`).

use clap::Args;

use super::Applicability;
use crate::selection::Selector;
use crate::settings::{Layer, Shown, Source};

/// The fixing flags of `pyexpert lint`.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Fixing")]
pub struct FixArgs {
    /// Apply fixes (safe ones; unsafe ones too with --unsafe-fixes), then report what is left.
    #[arg(long, overrides_with = "no_fix", conflicts_with = "add_noqa")]
    pub fix: bool,

    /// Do not apply fixes (overrides `fix = true` in the configuration).
    #[arg(long, overrides_with = "fix")]
    pub no_fix: bool,

    /// Also apply fixes that may change what the code does.
    #[arg(long, overrides_with = "no_unsafe_fixes")]
    pub unsafe_fixes: bool,

    /// Never apply unsafe fixes, and do not mention them.
    #[arg(long, overrides_with = "unsafe_fixes")]
    pub no_unsafe_fixes: bool,

    /// Print the changes fixing would make as a unified diff, and write nothing (exit 1 when
    /// there is any).
    #[arg(long, conflicts_with = "add_noqa")]
    pub diff: bool,

    /// Apply fixes and report only how many were applied, not the findings left.
    #[arg(long, conflicts_with = "add_noqa")]
    pub fix_only: bool,

    /// After fixing, list the fixes applied in each file.
    #[arg(long)]
    pub show_fixes: bool,

    /// Exit with status 1 when a fix was applied, even if no finding is left.
    #[arg(long)]
    pub exit_non_zero_on_fix: bool,

    /// Rules whose fixes may be applied (default: all). Codes, prefixes, names or ALL.
    #[arg(long, value_delimiter = ',', value_name = "SELECTOR")]
    pub fixable: Option<Vec<String>>,

    /// Rules whose fixes are never applied.
    #[arg(long, value_delimiter = ',', value_name = "SELECTOR")]
    pub unfixable: Vec<String>,

    /// Rules whose fixes may be applied, on top of `fixable`.
    #[arg(long, value_delimiter = ',', value_name = "SELECTOR")]
    pub extend_fixable: Vec<String>,
}

/// What a run does with fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixMode {
    /// Report findings; fixes are only shown (`[*]`, the JSON `fix`).
    #[default]
    Report,
    /// Apply fixes, then report the findings left (`--fix`).
    Apply,
    /// Apply fixes and report only the counts (`--fix-only`).
    ApplyOnly,
    /// Show what fixing would change and write nothing (`--diff`).
    Diff,
}

impl FixMode {
    /// Whether the run fixes (or diffs) rather than only reporting.
    pub fn computes_fixes(self) -> bool {
        self != FixMode::Report
    }
}

/// The resolved fixing settings.
#[derive(Debug, Clone)]
pub struct FixSettings {
    pub mode: FixMode,
    /// `Some(true)` applies unsafe fixes; `Some(false)` was asked for explicitly and also
    /// silences the hint about them; `None` leaves them off but mentions them.
    pub unsafe_fixes: Option<bool>,
    /// Which rules' fixes may be applied: `fixable` and `extend-fixable` against
    /// `unfixable`, judged per code (so rules of an embedder's own are covered too).
    fixable: Vec<Selector>,
    unfixable: Vec<Selector>,
    pub show_fixes: bool,
    pub exit_non_zero_on_fix: bool,
}

impl Default for FixSettings {
    fn default() -> Self {
        FixSettings {
            mode: FixMode::Report,
            unsafe_fixes: None,
            fixable: vec![Selector::All],
            unfixable: Vec::new(),
            show_fixes: false,
            exit_non_zero_on_fix: false,
        }
    }
}

impl FixSettings {
    /// Settings for an embedder or a test: apply (`mode`) the fixes of the rules
    /// `fixable` selects and `unfixable` does not, unsafe ones too when `unsafe_fixes`.
    pub fn new(
        mode: FixMode,
        unsafe_fixes: bool,
        fixable: Vec<Selector>,
        unfixable: Vec<Selector>,
    ) -> FixSettings {
        FixSettings {
            mode,
            unsafe_fixes: Some(unsafe_fixes),
            fixable,
            unfixable,
            ..FixSettings::default()
        }
    }

    /// The least trusted fixes that are applied.
    pub fn threshold(&self) -> Applicability {
        if self.unsafe_fixes == Some(true) {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        }
    }

    /// Whether a fix of `code` with `applicability` is applied by this run's `--fix`.
    pub fn applies(&self, code: &str, applicability: Applicability) -> bool {
        applicability >= self.threshold() && self.is_fixable(code)
    }

    /// Whether a fix of `code` would be applied if unsafe fixes were switched on (for the
    /// hint), given they are not.
    pub fn applies_with_unsafe(&self, code: &str, applicability: Applicability) -> bool {
        self.unsafe_fixes.is_none()
            && applicability == Applicability::Unsafe
            && self.is_fixable(code)
    }

    /// Whether fixes of `code` may be applied at all: matched by `fixable` or
    /// `extend-fixable`, unless an `unfixable` selector at least as specific matches too.
    pub fn is_fixable(&self, code: &str) -> bool {
        let strongest = |selectors: &[Selector]| {
            selectors
                .iter()
                .filter(|s| s.matches_code(code))
                .map(|s| match s {
                    Selector::All => 0,
                    Selector::Prefix(prefix) => prefix.len(),
                })
                .max()
        };
        match (strongest(&self.fixable), strongest(&self.unfixable)) {
            (Some(chosen), Some(refused)) => chosen > refused,
            (Some(_), None) => true,
            (None, _) => false,
        }
    }

    /// Drops the fixes of rules this file's settings make unfixable, as Ruff does: such a
    /// finding is reported without a fix (no `[*]`, `fix: null`), and the run's counts and
    /// hints follow each file's own `fixable` and `unfixable`.
    pub fn strip_unfixable(&self, report: &mut crate::linter::FileReport) {
        let diagnostics = report
            .diagnostics
            .iter_mut()
            .chain(report.pending.iter_mut().map(|(d, _)| d));
        for diagnostic in diagnostics {
            if diagnostic.fix.is_some() && !self.is_fixable(diagnostic.code()) {
                diagnostic.fix = None;
            }
        }
    }

    /// The codes of the rules with fixes whose fixes may be applied, for `pyexpert config`.
    pub fn describe_fixable(&self) -> String {
        let rules: Vec<&str> = crate::registry::rules()
            .iter()
            .filter(|rule| !rule.fixes().is_empty())
            .map(|rule| rule.meta().code)
            .collect();
        let fixable: Vec<&str> = rules
            .iter()
            .copied()
            .filter(|code| self.is_fixable(code))
            .collect();
        if fixable.len() == rules.len() {
            "every rule with fixes".to_string()
        } else if fixable.is_empty() {
            "(none)".to_string()
        } else {
            fixable.join(", ")
        }
    }
}

/// Combines the fixing keys of `layers` (lowest first) the way every other key combines: the
/// uppermost layer that sets `fix`, `unsafe-fixes` or `fixable` decides it, and
/// `extend-fixable` and `unfixable` add up. What `pyexpert config` shows goes to `shown`.
pub fn from_layers(layers: &[Layer], shown: &mut Vec<Shown>) -> FixSettings {
    let uppermost = |get: &dyn Fn(&Layer) -> Option<bool>| {
        layers
            .iter()
            .rev()
            .find_map(|layer| get(layer).map(|value| (value, layer.source.clone())))
    };
    let fix = uppermost(&|l| l.fix);
    let command_line = layers.iter().rev().find_map(|l| l.fix_mode);
    let mode = match (command_line, fix.as_ref().is_some_and(|(on, _)| *on)) {
        (Some(mode), _) => mode,
        (None, true) => FixMode::Apply,
        (None, false) => FixMode::Report,
    };
    shown.push(Shown {
        key: "fix",
        value: match mode {
            FixMode::Report => "false".to_string(),
            FixMode::Apply => "true".to_string(),
            FixMode::ApplyOnly => "true (--fix-only)".to_string(),
            FixMode::Diff => "diff only (--diff)".to_string(),
        },
        source: match (command_line, fix) {
            (Some(_), _) => Source::CommandLine,
            (None, Some((_, source))) => source,
            (None, None) => Source::Default,
        },
    });

    let unsafe_fixes = uppermost(&|l| l.unsafe_fixes);
    shown.push(Shown {
        key: "unsafe-fixes",
        value: unsafe_fixes.as_ref().is_some_and(|(on, _)| *on).to_string(),
        source: unsafe_fixes
            .as_ref()
            .map_or(Source::Default, |(_, source)| source.clone()),
    });

    let chosen = layers.iter().rev().find_map(|layer| {
        layer
            .fixable
            .clone()
            .map(|list| (list, layer.source.clone()))
    });
    let mut layered = false;
    let (mut fixable, fixable_source) = chosen.unwrap_or((vec![Selector::All], Source::Default));
    let mut unfixable = Vec::new();
    for layer in layers {
        if let Some(extra) = &layer.extend_fixable {
            fixable.extend(extra.iter().cloned());
            layered = true;
        }
        if let Some(refused) = &layer.unfixable {
            unfixable.extend(refused.iter().cloned());
            layered = true;
        }
    }
    let settings = FixSettings {
        mode,
        unsafe_fixes: unsafe_fixes.map(|(on, _)| on),
        fixable,
        unfixable,
        show_fixes: layers.iter().any(|l| l.show_fixes),
        exit_non_zero_on_fix: layers.iter().any(|l| l.exit_non_zero_on_fix),
    };
    shown.push(Shown {
        key: "fixable",
        value: settings.describe_fixable(),
        source: if layered {
            Source::Derived
        } else {
            fixable_source
        },
    });
    settings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selectors(texts: &[&str]) -> Vec<Selector> {
        texts.iter().map(|t| Selector::parse(t).unwrap()).collect()
    }

    fn settings(fixable: &[&str], unfixable: &[&str]) -> FixSettings {
        FixSettings {
            fixable: selectors(fixable),
            unfixable: selectors(unfixable),
            ..FixSettings::default()
        }
    }

    #[test]
    fn the_most_specific_selector_decides() {
        let all_but_q07 = settings(&["ALL"], &["PX07"]);
        assert!(!all_but_q07.is_fixable("PX0701"));
        assert!(all_but_q07.is_fixable("PX1301"));
        let one_back = settings(&["ALL", "PX0701"], &["PX07"]);
        assert!(one_back.is_fixable("PX0701"));
        assert!(!one_back.is_fixable("PX0702"));
        let tie = settings(&["PX13"], &["PX13"]);
        assert!(!tie.is_fixable("PX1301"), "a tie goes to unfixable");
        assert!(!settings(&["PX13"], &[]).is_fixable("PX0701"));
    }

    #[test]
    fn unsafe_fixes_need_opting_in() {
        let mut settings = FixSettings::default();
        assert!(settings.applies("PX0701", Applicability::Safe));
        assert!(!settings.applies("PX0701", Applicability::Unsafe));
        assert!(settings.applies_with_unsafe("PX0701", Applicability::Unsafe));
        settings.unsafe_fixes = Some(true);
        assert!(settings.applies("PX0701", Applicability::Unsafe));
        assert!(!settings.applies("PX0701", Applicability::DisplayOnly));
        settings.unsafe_fixes = Some(false);
        assert!(!settings.applies_with_unsafe("PX0701", Applicability::Unsafe));
    }
}
