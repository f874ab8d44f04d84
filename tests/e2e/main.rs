//! End to end: real cargo cross builds with real toolchains and linkers, then xlinkdiag on
//! what they left (`builds`), through the linker shim (`shim`), and `xlinkdiag fix` followed
//! by the same build (`fixcmd`). A missing toolchain skips a test with a line on stderr, and
//! fails it under `CI=true`.
//!
//! `cargo test --test e2e <module>::` runs one of them, e.g. `shim::`.

#[path = "../support/mod.rs"]
mod support;

mod builds;
mod crates;
mod fixcmd;
mod shim;
