//! What pyexpert says about itself on standard error, beside the report: warnings (an
//! invalid `# noqa`, a cache that cannot be written) and, with `-v`, what it reads and
//! skips. `-q` keeps only the findings, `-s` prints nothing at all; errors that end the
//! run are printed whatever the level (by `commands`).

use std::sync::atomic::{AtomicU8, Ordering};

/// How much to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// `-s`: nothing but errors; not even the report.
    Silent = 0,
    /// `-q`: the report, no summary, no warnings.
    Quiet = 1,
    /// The report, the summary and warnings.
    Normal = 2,
    /// `-v`: also what is read, skipped and taken from the cache.
    Verbose = 3,
}

static LEVEL: AtomicU8 = AtomicU8::new(Level::Normal as u8);

/// Sets the level for the rest of the process (the command line does, once).
pub fn set_level(level: Level) {
    LEVEL.store(level as u8, Ordering::Relaxed);
}

pub fn level() -> Level {
    match LEVEL.load(Ordering::Relaxed) {
        0 => Level::Silent,
        1 => Level::Quiet,
        2 => Level::Normal,
        _ => Level::Verbose,
    }
}

/// Whether `-v` asked for the details (check before building an expensive message).
pub fn is_verbose() -> bool {
    level() >= Level::Verbose
}

/// A warning: the run goes on and its results are complete.
pub fn warn(message: impl std::fmt::Display) {
    if level() >= Level::Normal {
        eprintln!("pyexpert: warning: {message}");
    }
}

/// A detail for `-v`; the message is built only when it is printed.
pub fn verbose(message: impl FnOnce() -> String) {
    if is_verbose() {
        eprintln!("pyexpert: {}", message());
    }
}
