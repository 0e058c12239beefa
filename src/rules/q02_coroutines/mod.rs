//! Q02 · coroutines and generators.

mod blocking_call_in_async;
mod callee;
mod coroutine_never_awaited;
mod dangling_task;
mod invalid_await_dunder;
mod stop_iteration_in_generator;
mod stop_iteration_in_generator_fix;

pub use blocking_call_in_async::BlockingCallInAsync;
pub use coroutine_never_awaited::CoroutineNeverAwaited;
pub use dangling_task::DanglingTask;
pub use invalid_await_dunder::InvalidAwaitDunder;
pub use stop_iteration_in_generator::StopIterationInGenerator;
