//! Q13 · new features 3.10-3.13.

mod gather_over_taskgroup;
mod legacy_union_syntax;
mod legacy_union_syntax_fix;
mod manual_batching;
mod third_party_toml;
mod typing_builtin_alias;
mod typing_builtin_alias_fix;
mod zip_pairwise;
mod zip_pairwise_fix;

pub use gather_over_taskgroup::GatherOverTaskgroup;
pub use legacy_union_syntax::LegacyUnionSyntax;
pub use manual_batching::ManualBatching;
pub use third_party_toml::ThirdPartyToml;
pub use typing_builtin_alias::TypingBuiltinAlias;
pub use zip_pairwise::ZipPairwise;
