//! `pyexpert server`: the Language Server Protocol (3.17) over standard input and output,
//! for any editor with an LSP client. Findings as you type, quick fixes, and the rule page
//! with its lesson question on hover.
//!
//! # How it runs
//!
//! - [`transport`]: a reader thread turns standard input into events, a writer thread owns
//!   standard output. A malformed message is answered with a JSON-RPC error; standard input
//!   closing (the client exited or was killed) ends the process.
//! - [`session`]: the main loop. It owns every piece of state (documents, settings,
//!   workspace folders) and only does bookkeeping and answers from finished lints (a
//!   hover, a pull); linting, code actions and indexing go to the [`pool`]. So
//!   `shutdown`, `$/cancelRequest` and the next edit are read while a lint runs.
//! - Linting ([`linting`]): each change to a document bumps its ticket; a lint that starts
//!   or finishes for an older ticket is dropped. Documents are checked from their text in
//!   the editor with the same pipeline as `lint -` (the nearest configuration, per-file
//!   ignores, target version, `# noqa`, the module name from the path).
//! - Project-level rules ([`indexing`], [`workspace`]): each workspace folder's files on
//!   disk are indexed once in the background (module names, and the facts other modules'
//!   checks need); an open document's facts take precedence over its file's. A keystroke
//!   re-lints one document; other open documents whose conditional findings depend on it
//!   are settled again from what is known, without re-linting.
//! - Responses to requests all pass through the main loop, which drops those of cancelled
//!   requests; a cancelled request is answered at once.

mod code_actions;
mod configuration;
mod diagnostics;
mod documents;
mod hover;
mod indexing;
mod linting;
mod pool;
mod positions;
mod requests;
mod session;
mod settings;
mod transport;
mod uri;
mod workspace;

pub use positions::{Encoding, LineIndex};

/// Runs the server until the client says `exit` or goes away; returns the exit code (0
/// after an orderly `shutdown`, 1 otherwise, as the protocol asks).
pub fn run() -> Result<u8, String> {
    session::run()
}
