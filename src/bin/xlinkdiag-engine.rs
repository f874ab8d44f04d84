//! `xlinkdiag-engine`: the scan, the diagnosis and the CLI, started by the `xlinkdiag` front
//! (see `shim::engine`). Run directly, it behaves as `xlinkdiag` does, diagnosing a failed
//! link in-process.

use std::process::ExitCode;

use xlinkdiag::shim::{self, engine};

/// The engine's report on a failed link.
fn diagnose(f: &shim::LinkFailure) -> Option<Vec<u8>> {
    xlinkdiag::diagnose::link::report_for_shim(&f.linker, &f.args, &f.stderr, &f.cwd)
}

fn main() -> ExitCode {
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
