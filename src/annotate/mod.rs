//! `xlinkdiag annotate`: CI logs to annotations. (Being built: issue 4.)

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct AnnotateArgs {
    /// The log to read, or `-` for stdin.
    pub log: Option<PathBuf>,
}

pub fn run(_args: AnnotateArgs) -> ExitCode {
    ExitCode::from(crate::cli::EXIT_ERROR)
}
