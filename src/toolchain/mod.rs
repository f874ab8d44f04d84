//! The build machine's toolchain as programs to ask, below every command and the diagnosis:
//! where a program is, what a driver answers to `-dumpmachine` and `-print-*`, what a
//! compiler really makes (`probe`), which compiler cc-rs gives a build script (`ccrs`), and
//!
//! Every question to a toolchain program goes through [`probe::query`], the one runner for
//! them, which has a deadline (`crate::process`): link diagnosis, library search, doctor, env
//! and fix share it.

pub mod ccrs;
pub mod machine;
pub mod probe;

pub use machine::{Live, Machine};
