//! Q13 · new features 3.10-3.13.

mod typing_builtin_alias;

pub use typing_builtin_alias::TypingBuiltinAlias;
