//! Q01 · import system.

mod importlib_reload;
mod sys_path_mutation;

pub use importlib_reload::ImportlibReload;
pub use sys_path_mutation::SysPathMutation;
