use std::process::ExitCode;

/// The shim's hook: the engine's report on a failed link. Registered here so the shim layer
/// does not depend on the engine.
fn diagnose(f: &xlinkdiag::shim::LinkFailure) -> Option<Vec<u8>> {
    xlinkdiag::diagnose::link::report_for_shim(&f.linker, &f.args, &f.stderr, &f.cwd)
}

fn main() -> ExitCode {
    // A linker call must be recognised before clap or anything else that could fail.
    xlinkdiag::shim::set_diagnoser(diagnose);
    if let Some(code) = xlinkdiag::shim::main_entry() {
        return code;
    }
    let mut args = std::env::args_os();
    let _argv0 = args.next();
    xlinkdiag::cli::run(args.collect())
}
