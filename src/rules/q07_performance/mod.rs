//! Q07 · profiling and optimisation.

mod cache_on_method;
mod hashability;
mod list_in_single_pass_reduction;
mod list_in_single_pass_reduction_fix;
mod list_membership_in_loop;
mod list_membership_in_loop_fix;
mod list_used_as_queue;
mod list_used_as_queue_fix;
mod python_loop_over_ndarray;
mod string_accumulation;
mod string_concat_in_loop;
mod string_concat_in_loop_fix;
mod string_concat_relies_on_cpython;
mod uncached_tree_recursion;

pub use cache_on_method::CacheOnMethod;
pub use list_in_single_pass_reduction::ListInSinglePassReduction;
pub use list_membership_in_loop::ListMembershipInLoop;
pub use list_used_as_queue::ListUsedAsQueue;
pub use python_loop_over_ndarray::PythonLoopOverNdarray;
pub use string_concat_in_loop::StringConcatInLoop;
pub use string_concat_relies_on_cpython::StringConcatReliesOnCpython;
pub use uncached_tree_recursion::UncachedTreeRecursion;
