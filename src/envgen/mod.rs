//! `xlinkdiag env`: the settings that make a cross build right. (Being built: issue 6.)

use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct EnvArgs {
    #[arg(long, value_name = "TRIPLE")]
    pub target: Option<String>,
}

pub fn run(_args: EnvArgs) -> ExitCode {
    ExitCode::from(crate::cli::EXIT_ERROR)
}
