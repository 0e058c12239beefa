//! Q13 · new features 3.10-3.13.

mod legacy_union_syntax;
mod typing_builtin_alias;

pub use legacy_union_syntax::LegacyUnionSyntax;
pub use typing_builtin_alias::TypingBuiltinAlias;
