//! Q16 · multiprocessing.Pool.

mod async_result_get_without_timeout;
mod missing_main_guard;
mod missing_main_guard_fix;
mod pool_in_loop;
mod pool_not_closed;
mod pools;
mod unpicklable_worker;

pub use async_result_get_without_timeout::AsyncResultGetWithoutTimeout;
pub use missing_main_guard::MissingMainGuard;
pub use pool_in_loop::PoolInLoop;
pub use pool_not_closed::PoolNotClosed;
pub use unpicklable_worker::UnpicklableWorker;
