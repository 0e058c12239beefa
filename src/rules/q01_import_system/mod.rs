//! Q01 · import system.

mod sys_path_mutation;

pub use sys_path_mutation::SysPathMutation;
