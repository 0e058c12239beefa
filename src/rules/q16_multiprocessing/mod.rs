//! Q16 · multiprocessing.Pool.

mod missing_main_guard;

pub use missing_main_guard::MissingMainGuard;
