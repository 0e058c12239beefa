//! Every lint rule, one folder per lesson question and one file per rule. Adding a rule
//! means its file, one line in [`ALL`], `rules/PXqqnn.md` and `fixtures/PXqqnn.py`; the
//! conventions test fails while any of these is missing.

mod q02_coroutines;
mod q03_data_model;
mod q05_pydantic;
mod q06_design_patterns;
mod q07_performance;
mod q08_init_subclass;
mod q09_pattern_matching;
mod q11_generics;
mod q12_bytecode;
mod q16_multiprocessing;

use crate::rule::Rule;

/// All rules, in code order.
pub static ALL: &[&dyn Rule] = &[
    &q02_coroutines::BlockingCallInAsync,
    &q02_coroutines::CoroutineNeverAwaited,
    &q02_coroutines::InvalidAwaitDunder,
    &q02_coroutines::DanglingTask,
    &q02_coroutines::StopIterationInGenerator,
    &q03_data_model::InplaceDunderReturnsNone,
    &q03_data_model::BinaryDunderNotImplemented,
    &q03_data_model::ExitAlwaysSuppresses,
    &q03_data_model::IncompleteIteratorProtocol,
    &q03_data_model::EqWithoutHash,
    &q05_pydantic::PydanticV1Api,
    &q05_pydantic::ValidatorReturnsNone,
    &q05_pydantic::ClassmethodAboveValidator,
    &q05_pydantic::NaiveUtcnow,
    &q06_design_patterns::SingletonViaNew,
    &q06_design_patterns::SharedMutableClassAttribute,
    &q07_performance::ListMembershipInLoop,
    &q07_performance::StringConcatInLoop,
    &q07_performance::ListUsedAsQueue,
    &q07_performance::ListInSinglePassReduction,
    &q07_performance::CacheOnMethod,
    &q07_performance::UncachedTreeRecursion,
    &q07_performance::PythonLoopOverNdarray,
    &q08_init_subclass::InitSubclassNoSuper,
    &q08_init_subclass::MetaclassOnlyRegisters,
    &q09_pattern_matching::CapturePatternShadowsName,
    &q09_pattern_matching::IfChainCouldBeMatch,
    &q11_generics::TypevarNameMismatch,
    &q11_generics::VarianceMisuse,
    &q11_generics::DecoratorWithoutWraps,
    &q11_generics::LegacyGenericSyntax,
    &q12_bytecode::DynamicExec,
    &q16_multiprocessing::MissingMainGuard,
];
