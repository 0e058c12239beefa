//! Q21 · free-threaded CPython.

mod unlocked_global_mutation;

pub use unlocked_global_mutation::UnlockedGlobalMutation;
