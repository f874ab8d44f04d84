//! How a command ends, in one place: one exit-status type whose values are a contract (README,
//! docs, CI scripts test them), and one error type that carries its status. Commands return
//! `Result<ExitStatus, Error>`; `cli::run` alone prints an error's `xlinkdiag: error:` line.
//! They live here, below every command, so that `cli` depends on the commands and never the
//! other way.

use std::fmt;
use std::process::ExitCode;

/// The exit statuses of the tool's own commands and of the shim when it cannot run a linker.
/// A linker call that did run exits with the real linker's status instead (G1, `shim`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing wrong found (or, for `fix`, nothing left to do).
    Clean = 0,
    /// Findings of severity error; for `fix`, a change shown but not applied; for `env`, no
    /// toolchain that fits; for `shim install`, a linker for another machine.
    Findings = 1,
    /// A usage or I/O error: nothing could be judged.
    Error = 2,
    /// The shim's real linker cannot be run, or would be the shim again (as a shell says 126).
    CannotRun = 126,
    /// The shim's real linker cannot be found (as a shell says 127).
    NotFound = 127,
}

impl ExitStatus {
    pub const fn code(self) -> u8 {
        self as u8
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(status.code())
    }
}

/// What stops a command: one message, printed once by `cli::run` as `xlinkdiag: error: …`
/// (control characters escaped), and the status to exit with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    status: ExitStatus,
    message: String,
}

impl Error {
    /// A usage or I/O error (exit 2).
    pub fn usage(message: impl Into<String>) -> Error {
        Error::with_status(ExitStatus::Error, message)
    }

    /// An error that ends the command with another status than 2 (`env` with no toolchain
    /// that fits exits 1).
    pub fn with_status(status: ExitStatus, message: impl Into<String>) -> Error {
        Error {
            status,
            message: message.into(),
        }
    }

    pub fn status(&self) -> ExitStatus {
        self.status
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Most errors are a sentence built where they happen: a usage or I/O error.
impl From<String> for Error {
    fn from(message: String) -> Error {
        Error::usage(message)
    }
}

impl From<crate::target::UnknownTarget> for Error {
    fn from(e: crate::target::UnknownTarget) -> Error {
        Error::usage(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values are documented (README, `--help`) and tested by CI scripts: never renumber.
    #[test]
    fn codes_are_the_contract() {
        assert_eq!(ExitStatus::Clean.code(), 0);
        assert_eq!(ExitStatus::Findings.code(), 1);
        assert_eq!(ExitStatus::Error.code(), 2);
        assert_eq!(ExitStatus::CannotRun.code(), 126);
        assert_eq!(ExitStatus::NotFound.code(), 127);
    }
}
