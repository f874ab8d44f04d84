//! What cargo leaves in a target dir: which side of a cross build a file is on, which
//! build script run produced it, and what that build script said.

pub mod build_output;
pub(crate) mod config;
pub mod layout;
pub mod sys_crates;
