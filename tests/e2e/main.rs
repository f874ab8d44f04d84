//! End to end: what needs real toolchains, linkers or packages of the machine it runs on.
//! Real cargo cross builds and xlinkdiag on what they left (`builds`), through the linker
//! shim (`shim`), `xlinkdiag fix` followed by the same build (`fixcmd`), nine registry -sys
//! crates with a leaked host compiler, then with the fix (`crates`); `doctor` and `env`
//! against real toolchains (`doctor`, `envgen`); the link failures beyond the wrong machine
//! linked by the real linkers (`link_failures`); the shim with the build machine's own `cc`
//! (`host_cc`), a scan following a host library (`host_libs`), and the checks of a proposed
//! fix against this machine's real compilers and dpkg records (`verify`).
//!
//! A test that lacks a tool skips with a line on stderr for each missing one, and the run
//! ends with a line summing up what was skipped and why (`skips.rs`); under `CI=true` a
//! missing tool fails the test instead. Unit and integration tests never skip: they depend
//! on nothing the machine has installed (`.ci/run` runs them on a cleared `PATH` and an empty
//! `XLINKDIAG_SYSTEM_ROOT` to keep it so).
//!
//! `cargo test --test e2e <module>::` runs one of them, e.g. `shim::`.

#[path = "../support/mod.rs"]
mod support;

#[path = "../support/skips.rs"]
mod skips;

mod builds;
mod crates;
mod crates_more;
mod doctor;
mod envgen;
mod fixcmd;
mod host_cc;
mod host_libs;
mod link_failures;
mod shim;
mod skipping;
mod temp_files;
mod verify;
