//! `xlinkdiag-engine`: the scan, the diagnosis and the CLI, started by the `xlinkdiag` front
//! (see `shim::engine`). Run directly, it behaves as `xlinkdiag` does, diagnosing a failed
//! link in-process.

use std::process::ExitCode;

use xlinkdiag::shim::{self, engine};

/// The engine's report on a failed link.
fn diagnose(f: &shim::LinkFailure) -> Option<Vec<u8>> {
    let linker_var = f.linker_from_var.then_some(shim::LINKER_VAR);
    shim::report_for_shim(&f.linker, linker_var, &f.args, &f.stderr, &f.cwd)
}

/// As in the front (src/main.rs): the engine is a linker shim too when run as `xlinkdiag`.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static SAVE_SIGNALS: extern "C" fn() = save_signals;

#[cfg(target_os = "linux")]
extern "C" fn save_signals() {
    shim::save_inherited_signals();
}

fn main() -> ExitCode {
    shim::save_inherited_signals();
    if let Some(code) = engine::serve_diagnosis(diagnose) {
        return code;
    }
    shim::set_diagnoser(diagnose);
    if let Some(code) = shim::main_entry() {
        return code;
    }
    let mut args = std::env::args_os();
    let _argv0 = args.next();
    xlinkdiag::cli::run(args.collect())
}
