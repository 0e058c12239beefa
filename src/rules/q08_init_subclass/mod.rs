//! Q08 · `__init_subclass__`.

mod hook_chain;
mod init_subclass_no_super;
mod init_subclass_no_super_fix;
mod init_subclass_not_cooperative;
mod metaclass_only_registers;

pub use init_subclass_no_super::InitSubclassNoSuper;
pub use init_subclass_not_cooperative::InitSubclassNotCooperative;
pub use metaclass_only_registers::MetaclassOnlyRegisters;
