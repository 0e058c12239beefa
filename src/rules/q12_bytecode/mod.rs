//! Q12 · bytecode, compile and exec.

mod dynamic_exec;

pub use dynamic_exec::DynamicExec;
