//! Every lint rule, one folder per lesson question and one file per rule. Adding a rule
//! means its file, one line in [`ALL`], `rules/PXqqnn.md` and `fixtures/PXqqnn.py`; the
//! conventions test fails while any of these is missing.

mod entry_point;
mod q00_tool;
mod q01_import_system;
mod q02_coroutines;
mod q03_data_model;
mod q04_c_extensions;
mod q05_pydantic;
mod q06_design_patterns;
mod q07_performance;
mod q08_init_subclass;
mod q09_pattern_matching;
mod q10_protocols;
mod q11_generics;
mod q12_bytecode;
mod q13_new_features;
mod q14_dataclasses;
mod q15_contextvar;
mod q16_multiprocessing;
mod q17_ast_module;
mod q18_new_and_init;
mod q19_packaging;
mod q20_architecture;
mod q21_free_threading;

use crate::rule::Rule;

/// PX0002's metadata, for the linter, which applies noqa directives.
pub(crate) use q00_tool::UNUSED_NOQA;

/// All rules, in code order.
pub static ALL: &[&dyn Rule] = &[
    &q00_tool::UnusedNoqa,
    &q01_import_system::SysPathMutation,
    &q01_import_system::ImportlibReload,
    &q01_import_system::LegacyFinderProtocol,
    &q01_import_system::UndefinedNameInAll,
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
    &q04_c_extensions::CtypesMissingRestype,
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
    &q07_performance::StringConcatReliesOnCpython,
    &q08_init_subclass::InitSubclassNoSuper,
    &q08_init_subclass::MetaclassOnlyRegisters,
    &q08_init_subclass::InitSubclassNotCooperative,
    &q09_pattern_matching::CapturePatternShadowsName,
    &q09_pattern_matching::IfChainCouldBeMatch,
    &q10_protocols::IsinstanceNonRuntimeProtocol,
    &q11_generics::TypevarNameMismatch,
    &q11_generics::VarianceMisuse,
    &q11_generics::DecoratorWithoutWraps,
    &q11_generics::LegacyGenericSyntax,
    &q12_bytecode::DynamicExec,
    &q13_new_features::LegacyUnionSyntax,
    &q13_new_features::ZipPairwise,
    &q13_new_features::ManualBatching,
    &q13_new_features::ThirdPartyToml,
    &q13_new_features::GatherOverTaskgroup,
    &q13_new_features::TypingBuiltinAlias,
    &q14_dataclasses::DataclassMutableDefault,
    &q14_dataclasses::DataclassNoCoercion,
    &q14_dataclasses::AttrsLegacyApi,
    &q15_contextvar::ContextvarNotModuleLevel,
    &q15_contextvar::ContextvarResetNotInFinally,
    &q15_contextvar::ContextvarMutableDefault,
    &q15_contextvar::ThreadingLocalInAsync,
    &q16_multiprocessing::MissingMainGuard,
    &q16_multiprocessing::UnpicklableWorker,
    &q16_multiprocessing::PoolInLoop,
    &q16_multiprocessing::AsyncResultGetWithoutTimeout,
    &q16_multiprocessing::PoolNotClosed,
    &q17_ast_module::TransformerVisitReturnsNone,
    &q17_ast_module::VisitorSkipsChildren,
    &q17_ast_module::CompileWithoutFixLocations,
    &q18_new_and_init::ImmutableInitOverride,
    &q18_new_and_init::NewWithoutReturn,
    &q18_new_and_init::NewReturnsForeignObject,
    &q18_new_and_init::ObjectNewExtraArgs,
    &q19_packaging::SetupPyWithoutPyproject,
    &q19_packaging::PyprojectMissingRequiresPython,
    &q20_architecture::LayerViolation,
    &q20_architecture::MissingAnnotations,
    &q21_free_threading::UnlockedGlobalMutation,
];
