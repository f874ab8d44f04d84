//! The exit statuses of the tool's own commands, in one place: every command returns one of
//! these (the shim, as a linker, mirrors the real linker's instead). Commands import them from
//! here, not from `cli`, so that `cli` depends on the commands and never the other way.

/// Nothing wrong found (or, for `fix`, nothing left to do).
pub const EXIT_CLEAN: u8 = 0;
/// Findings of severity error (or, for `fix`, a change shown but not applied).
pub const EXIT_FINDINGS: u8 = 1;
/// A usage or I/O error: nothing could be judged.
pub const EXIT_ERROR: u8 = 2;
