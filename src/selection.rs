//! `--select` and `--ignore`: which diagnostics a run reports.
//!
//! A selector is `ALL`, a code prefix (`PX07`, `PX0701`) or a rule name
//! (`list-membership-in-loop`). When both lists match a rule, the more specific selector wins
//! (`--select PX07 --ignore PX0702` keeps PX0701; `--select PX0702 --ignore PX07` keeps
//! PX0702); on a tie, ignore wins. Without `--select`, every rule that is not opt-in runs.
//! Opt-in rules run only when selected by exact code, name or `ALL`, so a broad prefix never
//! turns on a noisy rule by accident. The tool's own diagnostics (syntax, IO and internal
//! errors) are always reported unless an ignore selector names them.

use crate::registry::{self, RuleMeta};
use crate::rule::Rule;

/// One `--select`/`--ignore` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    All,
    /// An upper-cased code prefix.
    Prefix(String),
}

impl std::fmt::Display for Selector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Selector::All => f.write_str("ALL"),
            Selector::Prefix(prefix) => f.write_str(prefix),
        }
    }
}

/// A selector that matches nothing pyexpert knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownSelector(pub String);

impl std::fmt::Display for UnknownSelector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` is not a rule code, code prefix or rule name (see `pyexpert rules`)",
            self.0
        )
    }
}

impl std::error::Error for UnknownSelector {}

impl Selector {
    pub fn parse(text: &str) -> Result<Selector, UnknownSelector> {
        let trimmed = text.trim();
        if trimmed.eq_ignore_ascii_case("ALL") {
            return Ok(Selector::All);
        }
        if let Some(meta) = registry::all().find(|m| m.name == trimmed) {
            return Ok(Selector::Prefix(meta.code.to_string()));
        }
        let prefix = trimmed.to_ascii_uppercase();
        if prefix.len() >= 2 && registry::all().any(|m| m.code.starts_with(&prefix)) {
            Ok(Selector::Prefix(prefix))
        } else {
            Err(UnknownSelector(text.to_string()))
        }
    }

    fn matches(&self, meta: &RuleMeta) -> bool {
        self.matches_code(meta.code)
    }

    /// Whether the selector covers a code (`PX07` covers `PX0701`).
    pub fn matches_code(&self, code: &str) -> bool {
        match self {
            Selector::All => true,
            Selector::Prefix(prefix) => code.starts_with(prefix.as_str()),
        }
    }

    /// Longer prefixes are more specific; `ALL` is the least specific of all.
    fn specificity(&self) -> usize {
        match self {
            Selector::All => 0,
            Selector::Prefix(prefix) => prefix.len(),
        }
    }

    /// Whether this selector names a rule precisely enough to turn on an opt-in rule.
    fn selects_opt_in(&self, meta: &RuleMeta) -> bool {
        match self {
            Selector::All => true,
            Selector::Prefix(prefix) => prefix == meta.code,
        }
    }
}

/// The resolved set of diagnostics a run reports.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Parallel to [`registry::rules`].
    rules: Vec<bool>,
    /// Tool diagnostic codes that stay on.
    tools: Vec<&'static str>,
}

impl RuleSet {
    /// Resolves `--select` (None when not given) and `--ignore`.
    pub fn resolve(select: Option<&[Selector]>, ignore: &[Selector]) -> RuleSet {
        Self::resolve_extended(select, &[], ignore)
    }

    /// Resolves a selection: `select` (None: the default set), `extend` (added to either,
    /// with the same precedence as `select`), and `ignore`.
    pub fn resolve_extended(
        select: Option<&[Selector]>,
        extend: &[Selector],
        ignore: &[Selector],
    ) -> RuleSet {
        let strongest = |selectors: &[Selector], meta: &RuleMeta| {
            selectors
                .iter()
                .filter(|s| s.matches(meta))
                .map(Selector::specificity)
                .max()
        };
        let rules = registry::rules()
            .iter()
            .map(|rule| {
                let meta = rule.meta();
                let explicit = |selectors: &[Selector]| {
                    selectors
                        .iter()
                        .filter(|s| s.matches(meta) && (!meta.opt_in || s.selects_opt_in(meta)))
                        .map(Selector::specificity)
                        .max()
                };
                let base = match select {
                    Some(select) => explicit(select),
                    None => (!meta.opt_in).then_some(0),
                };
                let selected = base.max(explicit(extend));
                match (selected, strongest(ignore, meta)) {
                    (Some(selected), Some(ignored)) => selected > ignored,
                    (Some(_), None) => true,
                    (None, _) => false,
                }
            })
            .collect();
        let tools = registry::TOOL_DIAGNOSTICS
            .iter()
            .filter(|meta| {
                let ignored = strongest(ignore, meta);
                let selected = select
                    .and_then(|select| strongest(select, meta))
                    .max(strongest(extend, meta));
                match (selected, ignored) {
                    (_, None) => true,
                    (Some(selected), Some(ignored)) => selected > ignored,
                    (None, Some(_)) => false,
                }
            })
            .map(|meta| meta.code)
            .collect();
        RuleSet { rules, tools }
    }

    /// The default set: every rule that is not opt-in, plus the tool diagnostics.
    pub fn default_set() -> RuleSet {
        RuleSet::resolve(None, &[])
    }

    /// Every rule, opt-in ones included.
    pub fn everything() -> RuleSet {
        RuleSet::resolve(Some(&[Selector::All]), &[])
    }

    /// The enabled lint rules, in code order.
    pub fn enabled_rules(&self) -> impl Iterator<Item = &'static dyn Rule> + '_ {
        registry::rules()
            .iter()
            .zip(&self.rules)
            .filter(|(_, on)| **on)
            .map(|(rule, _)| *rule)
    }

    /// Whether diagnostics with this code are reported.
    pub fn is_enabled(&self, code: &str) -> bool {
        self.tools.contains(&code) || self.enabled_rules().any(|rule| rule.meta().code == code)
    }

    /// Also enables one more rule (used by the fixture harness: defaults plus the rule under test).
    pub fn with_rule(mut self, code: &str) -> RuleSet {
        for (rule, on) in registry::rules().iter().zip(self.rules.iter_mut()) {
            if rule.meta().code == code {
                *on = true;
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(set: &RuleSet) -> Vec<&'static str> {
        set.enabled_rules().map(|r| r.meta().code).collect()
    }

    fn selectors(texts: &[&str]) -> Vec<Selector> {
        texts.iter().map(|t| Selector::parse(t).unwrap()).collect()
    }

    #[test]
    fn prefixes_names_and_all_parse() {
        assert_eq!(Selector::parse("px07"), Ok(Selector::Prefix("PX07".into())));
        assert_eq!(
            Selector::parse("list-membership-in-loop"),
            Ok(Selector::Prefix("PX0701".into()))
        );
        assert_eq!(Selector::parse("ALL"), Ok(Selector::All));
        assert!(Selector::parse("E501").is_err());
        assert!(Selector::parse("PX99").is_err());
        assert!(Selector::parse("P").is_err());
    }

    #[test]
    fn more_specific_selector_wins() {
        let set = RuleSet::resolve(Some(&selectors(&["PX16"])), &selectors(&["PX1605"]));
        assert!(codes(&set).contains(&"PX1601"));
        assert!(!codes(&set).contains(&"PX1605"));
        let set = RuleSet::resolve(Some(&selectors(&["PX1605"])), &selectors(&["PX16"]));
        assert_eq!(codes(&set), ["PX1605"]);
        // An opt-in rule needs its exact code: the prefix does not bring it in, and
        // the exact code still beats an ignored prefix.
        let set = RuleSet::resolve(Some(&selectors(&["PX07"])), &[]);
        assert!(!codes(&set).contains(&"PX0701"));
        let set = RuleSet::resolve(Some(&selectors(&["PX0701"])), &selectors(&["PX07"]));
        assert_eq!(codes(&set), ["PX0701"]);
    }

    #[test]
    fn tool_diagnostics_stay_on_unless_ignored() {
        let set = RuleSet::resolve(Some(&selectors(&["PX0000"])), &[]);
        assert!(codes(&set).is_empty(), "parse-only runs no rule");
        assert!(set.is_enabled("PX0000"));
        assert!(set.is_enabled("PX0001"));
        let set = RuleSet::resolve(None, &selectors(&["PX0000"]));
        assert!(!set.is_enabled("PX0000"));
        assert!(set.is_enabled("PX0001"));
    }

    #[test]
    fn extend_select_adds_to_the_defaults_or_the_selection() {
        let set = RuleSet::resolve_extended(None, &selectors(&["PX0305"]), &[]);
        assert!(set.is_enabled("PX0305"), "opt-in rule added by exact code");
        assert!(set.is_enabled("PX1401"), "defaults kept");
        let set =
            RuleSet::resolve_extended(Some(&selectors(&["PX14"])), &selectors(&["PX16"]), &[]);
        assert!(set.is_enabled("PX1601") && set.is_enabled("PX1401"));
        assert!(!set.is_enabled("PX0601"));
    }

    #[test]
    fn default_set_runs_the_default_rules() {
        let set = RuleSet::default_set();
        for code in ["PX0205", "PX1401", "PX1601"] {
            assert!(set.is_enabled(code), "{code}");
        }
        for code in [
            "PX0304", "PX0305", "PX0601", "PX0701", "PX0706", "PX0707", "PX1104", "PX1503",
        ] {
            assert!(!set.is_enabled(code), "{code} is opt-in");
        }
    }
}
