//! Every lint rule, one folder per lesson question and one file per rule. Adding a rule
//! means its file, one line in [`ALL`], `rules/PXqqnn.md` and `fixtures/PXqqnn.py`; the
//! conventions test fails while any of these is missing.

mod q06_design_patterns;
mod q07_performance;
mod q09_pattern_matching;
mod q16_multiprocessing;

use crate::rule::Rule;

/// All rules, in code order.
pub static ALL: &[&dyn Rule] = &[
    &q06_design_patterns::SingletonViaNew,
    &q07_performance::ListMembershipInLoop,
    &q07_performance::StringConcatInLoop,
    &q07_performance::ListUsedAsQueue,
    &q07_performance::ListInSinglePassReduction,
    &q07_performance::CacheOnMethod,
    &q07_performance::UncachedTreeRecursion,
    &q07_performance::PythonLoopOverNdarray,
    &q09_pattern_matching::CapturePatternShadowsName,
    &q09_pattern_matching::IfChainCouldBeMatch,
    &q16_multiprocessing::MissingMainGuard,
];
