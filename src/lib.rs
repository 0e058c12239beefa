//! pyexpert: a fast static analyzer for Python whose every check points back to a question
//! of the "Expert Python" lesson that explains it.
//!
//! The pipeline for one file is in [`linter`]; which settings govern a file (its nearest
//! configuration) in [`resolver`]; a whole run (discovery, parallel checking, reporting,
//! exit codes) in [`run`] and [`commands`]. Rules live in `rules/`, one folder per lesson
//! question, and stand on the [`semantic`] model.

pub mod add_noqa;
pub mod ast_ext;
pub mod cache;
pub mod catalog;
pub mod checker;
pub mod cli;
pub mod commands;
pub mod config;
mod constant_branch;
pub mod dependency_pins;
pub mod diagnostic;
pub mod discover;
pub mod equivalents;
#[cfg(debug_assertions)]
mod fault_injection;
pub mod fix;
pub mod language;
pub mod layers;
pub mod lesson;
pub mod linter;
pub mod log;
pub mod noqa;
mod normalize;
pub mod notebook;
pub mod parse;
pub mod project;
pub mod pyproject;
pub mod pytest_config;
mod recover;
mod references;
pub mod registry;
pub mod report;
pub mod resolver;
pub mod role;
pub mod rule;
mod rules;
pub mod run;
mod scan;
pub mod selection;
pub mod semantic;
pub mod server;
pub mod settings;
pub mod setup_metadata;
pub mod source;
pub mod version;
pub mod visit;
pub mod watch;

pub use diagnostic::{Diagnostic, Severity};
pub use linter::{FileReport, Linter};
pub use selection::{RuleSet, Selector};
