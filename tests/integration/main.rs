//! The integration tests that need no cargo build of their own: the built binaries run on the
//! samples in `testdata/`, on objects and logs made by real toolchains, and on hostile input.
//! One binary, one module per subject (as ripgrep's `tests/tests.rs`): a test binary costs a
//! link, and the modules share `tests/support`.
//!
//! `cargo test --test integration <module>::` runs one subject, e.g. `golden::`.

#[path = "../support/mod.rs"]
mod support;

mod abi;
mod annotate;
mod children;
mod crates_logs;
mod doctor_pkg;
mod fixcmd;
mod golden;
mod hostile_fs;
mod mutation;
mod objects;
mod public_logs;
mod reports;
mod robustness;
mod sanitize;
mod scan;
mod shell_lines;
mod shim;
