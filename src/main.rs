//! `xlinkdiag`, the front: the linker shim itself, kept small because every link starts it.
//! Everything else is in `xlinkdiag-engine` (see `shim::engine`).

use std::process::ExitCode;

use xlinkdiag::shim::{self, engine};

/// Saves the signal mask and dispositions before Rust's runtime ignores SIGPIPE, so that the
/// linker starts with the ones rustc gave us (`shim::save_inherited_signals`).
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static SAVE_SIGNALS: extern "C" fn() = save_signals;

#[cfg(target_os = "linux")]
extern "C" fn save_signals() {
    shim::save_inherited_signals();
}

fn main() -> ExitCode {
    // Elsewhere, as early as Rust allows (a no-op when the constructor ran).
    shim::save_inherited_signals();
    // A linker call must be recognised before anything else that could fail.
    shim::set_diagnoser(engine::diagnose_in_engine);
    if let Some(code) = shim::main_entry() {
        return code;
    }
    engine::run_cli()
}
