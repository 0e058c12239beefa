//! Every lint rule, one folder per lesson question and one file per rule. Adding a rule
//! means its file, one line in [`ALL`], `rules/PXqqnn.md` and `fixtures/PXqqnn.py`; the
//! conventions test fails while any of these is missing.

mod q01_import_system;
mod q04_c_extensions;
mod q06_design_patterns;
mod q07_performance;
mod q10_protocols;
mod q16_multiprocessing;

use crate::rule::Rule;

/// All rules, in code order.
pub static ALL: &[&dyn Rule] = &[
    &q01_import_system::SysPathMutation,
    &q01_import_system::ImportlibReload,
    &q01_import_system::LegacyFinderProtocol,
    &q01_import_system::UndefinedNameInAll,
    &q04_c_extensions::CtypesMissingRestype,
    &q06_design_patterns::SingletonViaNew,
    &q07_performance::ListMembershipInLoop,
    &q07_performance::StringConcatInLoop,
    &q10_protocols::IsinstanceNonRuntimeProtocol,
    &q16_multiprocessing::MissingMainGuard,
];
