//! Q08 · `__init_subclass__`.

mod init_subclass_no_super;
mod init_subclass_no_super_fix;
mod metaclass_only_registers;

pub use init_subclass_no_super::InitSubclassNoSuper;
pub use metaclass_only_registers::MetaclassOnlyRegisters;
