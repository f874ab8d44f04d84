//! How a command ends, in one place: one exit-status type whose values are a contract (README,
//! docs, CI scripts test them), and one error type that carries its status. Commands return
//! `Result<ExitStatus, Error>`; `cli::run` alone prints an error's `xlinkdiag: error:` line.
//! They live here, below every command, so that `cli` depends on the commands and never the
//! other way.

use std::fmt;
use std::path::{Path, PathBuf};
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

/// What stops a command: what went wrong with its context (which file, which setting,
/// which program), printed once by `cli::run` as `xlinkdiag: error: …` (control characters
/// escaped), and the status to exit with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    status: ExitStatus,
    problem: Problem,
}

/// What went wrong, with what the user needs to act on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Arguments that do not go together, a value that is not one; the sentence says which.
    Usage(String),
    /// A file or dir that could not be read, written or made: `doing` is `read`, `write`,
    /// `create`.
    Io {
        doing: &'static str,
        path: PathBuf,
        error: String,
    },
    /// A variable of the environment whose value cannot be used.
    Setting {
        name: &'static str,
        value: String,
        why: &'static str,
    },
    /// A verdict that ends the command without a report (`env`: no toolchain that fits).
    Verdict(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Usage(s) | Problem::Verdict(s) => f.write_str(s),
            Problem::Io { doing, path, error } => {
                write!(f, "cannot {doing} {}: {error}", path.display())
            }
            Problem::Setting { name, value, why } => write!(f, "{name}={value}: {why}"),
        }
    }
}

impl Error {
    /// A usage or I/O error (exit 2).
    pub fn usage(message: impl Into<String>) -> Error {
        Error {
            status: ExitStatus::Error,
            problem: Problem::Usage(message.into()),
        }
    }

    /// An error that ends the command with another status than 2 (`env` with no toolchain
    /// that fits exits 1).
    pub fn with_status(status: ExitStatus, message: impl Into<String>) -> Error {
        Error {
            status,
            problem: Problem::Verdict(message.into()),
        }
    }

    /// A file or dir that could not be read, written or made (exit 2).
    pub fn io(doing: &'static str, path: &Path, error: &std::io::Error) -> Error {
        Error {
            status: ExitStatus::Error,
            problem: Problem::Io {
                doing,
                path: path.to_path_buf(),
                error: error.to_string(),
            },
        }
    }

    /// A variable whose value cannot be used (exit 2): a typo must not mean a default.
    pub fn setting(name: &'static str, value: &str, why: &'static str) -> Error {
        Error {
            status: ExitStatus::Error,
            problem: Problem::Setting {
                name,
                value: value.to_string(),
                why,
            },
        }
    }

    pub fn status(&self) -> ExitStatus {
        self.status
    }

    pub fn problem(&self) -> &Problem {
        &self.problem
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.problem.fmt(f)
    }
}

/// For the commands whose steps still speak in sentences (`fix`'s plan, `doctor`'s report).
impl From<Error> for String {
    fn from(e: Error) -> String {
        e.to_string()
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

impl ExitStatus {
    /// The one rule from a diagnosis to a status, for every command that reports findings:
    /// any finding of severity error is 1; nothing wrong found, but something could not be
    /// judged (an unreadable archive), is 2, never an all-clear; else 0.
    pub fn of_diagnosis(errors: usize, unjudged: usize) -> ExitStatus {
        if errors > 0 {
            ExitStatus::Findings
        } else if unjudged > 0 {
            ExitStatus::Error
        } else {
            ExitStatus::Clean
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rule_from_findings_to_status() {
        assert_eq!(ExitStatus::of_diagnosis(0, 0), ExitStatus::Clean);
        assert_eq!(ExitStatus::of_diagnosis(3, 0), ExitStatus::Findings);
        assert_eq!(ExitStatus::of_diagnosis(3, 2), ExitStatus::Findings);
        assert_eq!(ExitStatus::of_diagnosis(0, 2), ExitStatus::Error);
    }

    /// The context is in the words: which file, which setting.
    #[test]
    fn errors_say_what_and_where() {
        let e = Error::io(
            "read",
            Path::new("/p/.cargo/config.toml"),
            &std::io::Error::from(std::io::ErrorKind::NotFound),
        );
        assert_eq!(e.status(), ExitStatus::Error);
        assert!(
            e.to_string()
                .starts_with("cannot read /p/.cargo/config.toml: "),
            "{e}"
        );
        let e = Error::setting(
            "XLINKDIAG_PROBE_BUDGET",
            "ten",
            "not a number of seconds greater than 0",
        );
        assert_eq!(
            e.to_string(),
            "XLINKDIAG_PROBE_BUDGET=ten: not a number of seconds greater than 0"
        );
        assert!(matches!(
            e.problem(),
            Problem::Setting {
                name: "XLINKDIAG_PROBE_BUDGET",
                ..
            }
        ));
    }

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
