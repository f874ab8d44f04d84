//! `xlinkdiag doctor`: checks a cross setup before the build. (Being built: issue 6.)

use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct DoctorArgs {
    #[arg(long, value_name = "TRIPLE")]
    pub target: Option<String>,
}

pub fn run(_args: DoctorArgs) -> ExitCode {
    ExitCode::from(crate::cli::EXIT_ERROR)
}
