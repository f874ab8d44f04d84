//! The build machine's toolchain as programs to ask, below every command and the diagnosis:
//! where a program is, what a driver answers to `-dumpmachine` and `-print-*`, what a
//! compiler really makes (`probe`), which compiler cc-rs gives a build script (`ccrs`), and
//! the build machine as the diagnosis asks it (`machine`), whether a proposed setting works on
//! this machine (`verify`: a compiler that compiles and links against the target's C
//! library, an archiver, pkg-config and library dirs), and which package gives the target
//! what it lacks (`packages`).
//!
//! Every question to a toolchain program goes through [`probe::query`], the one runner for
//! them, which has a deadline (`crate::process`): link diagnosis, library search, doctor, env
//! and fix share it. doctor, env and fix run theirs within one `probe::Budget` per run.

pub mod ccrs;
pub mod machine;
pub mod packages;
pub mod probe;
pub mod verify;

pub use machine::{Live, Machine};
