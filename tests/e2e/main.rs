//! End to end: real cargo cross builds with real toolchains and linkers, then xlinkdiag on
//! what they left (`builds`), through the linker shim (`shim`), `xlinkdiag fix` followed by
//! the same build (`fixcmd`), and nine registry -sys crates with a leaked host compiler, then
//! with the fix (`crates`). A missing toolchain skips a test with a line on stderr, and fails
//! it under `CI=true`.
//!
//! `cargo test --test e2e <module>::` runs one of them, e.g. `shim::`.

#[path = "../support/mod.rs"]
mod support;

mod builds;
mod crates;
mod crates_more;
mod fixcmd;
mod shim;
