//! Every lint rule, one folder per lesson question and one file per rule. Adding a rule
//! means its file, one line in [`ALL`], `rules/PXqqnn.md` and `fixtures/PXqqnn.py`; the
//! conventions test fails while any of these is missing.

mod q03_data_model;
mod q06_design_patterns;
mod q07_performance;
mod q08_init_subclass;
mod q16_multiprocessing;

use crate::rule::Rule;

/// All rules, in code order.
pub static ALL: &[&dyn Rule] = &[
    &q03_data_model::InplaceDunderReturnsNone,
    &q03_data_model::BinaryDunderNotImplemented,
    &q03_data_model::ExitAlwaysSuppresses,
    &q03_data_model::IncompleteIteratorProtocol,
    &q03_data_model::EqWithoutHash,
    &q06_design_patterns::SingletonViaNew,
    &q06_design_patterns::SharedMutableClassAttribute,
    &q07_performance::ListMembershipInLoop,
    &q07_performance::StringConcatInLoop,
    &q08_init_subclass::InitSubclassNoSuper,
    &q08_init_subclass::MetaclassOnlyRegisters,
    &q16_multiprocessing::MissingMainGuard,
];
