//! xlinkdiag explains why a cross-compiled Rust link failed and what to set to fix it.
//!
//! Three ways of use share one engine:
//! - `scan` (post-mortem): walk a target dir, identify every object by its headers, compare it
//!   with the expected target, and attribute each foreign object to the crate and build script
//!   that produced it.
//! - the linker shim: run the real linker unchanged; only when it fails, inspect its inputs.
//! - `annotate`: read a CI log and turn link failures into annotations.
//!
//! Layers depend only downward; no module imports one from a layer above it:
//!
//! 1. Foundations: `target` (every rustc target; `target::gnu`, GNU and Debian naming),
//!    `env` (the one door to the environment), `fsio` (reading and writing files),
//!    `process` (running a helper with a deadline), `sanitize` (text made safe to print),
//!    `exit` (exit statuses and the command error), `shim_setup` (the shim's names).
//! 2. Facts: `artifacts` (objects by their headers), `cargo` (target dirs, build-script
//!    output, the cargo config), `toolchain` (asking a compiler or linker about itself),
//!    `linker` (a linker's command line), `messages` (its stderr).
//! 3. `diagnose`: findings, as data.
//! 4. `report`: findings rendered, and the shim's report written.
//! 5. Commands: `shim` (a link), `annotate`, `doctor`, `envgen` (`env`), `fixcmd` (`fix`,
//!    which reads findings through `annotate` and settings through `envgen`).
//! 6. `cli`, under the binaries: parses the command line and runs a command.
//!
//! Findings and errors travel up as values. Only the commands and `cli` write to the standard
//! streams. Only `cli` turns a command's `Result<ExitStatus, exit::Error>` into the exit
//! status and prints the error; a linker call exits as the real linker did, or with the
//! shim's own `exit::ExitStatus` when it could not run one.

pub(crate) mod annotate;
pub mod artifacts;
pub mod cargo;
pub mod cli;
pub mod diagnose;
pub(crate) mod doctor;
pub mod env;
pub(crate) mod envgen;
pub mod exit;
pub(crate) mod fixcmd;
pub(crate) mod fsio;
pub(crate) mod linker;
pub mod messages;
pub(crate) mod process;
pub mod report;
pub(crate) mod sanitize;
pub mod shim;
pub(crate) mod shim_setup;
pub mod target;
pub mod toolchain;
