//! xlinkdiag explains why a cross-compiled Rust link failed and what to set to fix it.
//!
//! Three ways of use share one engine:
//! - `scan` (post-mortem): walk a target dir, identify every object by its headers, compare it
//!   with the expected target, and attribute each foreign object to the crate and build script
//!   that produced it.
//! - the linker shim: run the real linker unchanged; only when it fails, inspect its inputs.
//! - `annotate`: read a CI log and turn link failures into annotations.
//!
//! Layers depend only downward: `target`, `artifacts`, `cargo`, `linker`, `messages` →
//! `diagnose` → `report` → `shim` / `cli`. Only `shim`, `report` and `cli` write to the
//! standard streams or decide an exit status.

pub mod annotate;
pub mod artifacts;
pub mod cargo;
pub mod cli;
pub mod diagnose;
pub mod doctor;
pub mod env;
pub mod envgen;
pub mod exit;
pub mod fixcmd;
pub mod fsio;
pub mod linker;
pub mod messages;
pub mod process;
pub mod report;
pub mod sanitize;
pub mod shim;
pub mod target;
