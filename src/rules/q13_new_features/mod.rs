//! Q13 · new features 3.10-3.13.

mod legacy_union_syntax;
mod manual_batching;
mod typing_builtin_alias;
mod zip_pairwise;

pub use legacy_union_syntax::LegacyUnionSyntax;
pub use manual_batching::ManualBatching;
pub use typing_builtin_alias::TypingBuiltinAlias;
pub use zip_pairwise::ZipPairwise;
