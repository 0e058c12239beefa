//! Q01 · import system.

mod importlib_reload;
mod legacy_finder_protocol;
mod sys_path_mutation;
mod undefined_name_in_all;

pub use importlib_reload::ImportlibReload;
pub use legacy_finder_protocol::LegacyFinderProtocol;
pub use sys_path_mutation::SysPathMutation;
pub use undefined_name_in_all::UndefinedNameInAll;
