//! `xlinkdiag`, the front: the linker shim itself, kept small because every link starts it.
//! Everything else is in `xlinkdiag-engine` (see `shim::engine`).

use std::process::ExitCode;

use xlinkdiag::shim::{self, engine};

fn main() -> ExitCode {
    // A linker call must be recognised before anything else that could fail.
    shim::set_diagnoser(engine::diagnose_in_engine);
    if let Some(code) = shim::main_entry() {
        return code;
    }
    engine::run_cli()
}
