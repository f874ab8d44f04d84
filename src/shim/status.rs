//! The linker's status, and handing exactly that status to our own parent (G1 in
//! `shim/mod.rs`).

use std::process::{ExitCode, ExitStatus};

/// How the real linker ended, or the code the shim chose when it could not run it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkerStatus {
    /// Exited with this code.
    Exited(i32),
    /// Killed by this signal (Unix).
    Signaled(i32),
}

impl LinkerStatus {
    pub fn success(self) -> bool {
        self == LinkerStatus::Exited(0)
    }

    /// Makes this process end the way the linker did. For a signal death the default action
    /// is restored and the same signal raised on ourselves, so this normally does not return;
    /// if the signal does not kill us, `128 + signal` is returned as a shell would report it.
    pub fn mirror(self) -> ExitCode {
        match self {
            LinkerStatus::Exited(code) => exit_code(code),
            LinkerStatus::Signaled(signal) => {
                reraise(signal);
                ExitCode::from((128 + signal).clamp(0, 255) as u8)
            }
        }
    }
}

impl From<ExitStatus> for LinkerStatus {
    fn from(status: ExitStatus) -> LinkerStatus {
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            if let Some(signal) = status.signal() {
                return LinkerStatus::Signaled(signal);
            }
        }
        // `code()` is None only for a signal death, handled above.
        LinkerStatus::Exited(status.code().unwrap_or(1))
    }
}

#[cfg(unix)]
fn exit_code(code: i32) -> ExitCode {
    // A Unix exit code is 8 bits; `code()` never reports more.
    ExitCode::from(code as u8)
}

#[cfg(windows)]
fn exit_code(code: i32) -> ExitCode {
    // ExitCode cannot carry a full 32-bit Windows code (NTSTATUS values); exit directly so
    // that a crashed linker's code reaches cargo unchanged.
    #[allow(clippy::disallowed_methods)]
    std::process::exit(code)
}

#[cfg(not(any(unix, windows)))]
fn exit_code(code: i32) -> ExitCode {
    ExitCode::from(code as u8)
}

#[cfg(unix)]
fn reraise(signal: i32) {
    // SAFETY: plain libc calls on a local sigset and our own process; the signal number came
    // from the kernel's report of the child's death, so it is a valid one.
    unsafe {
        // A core file of the shim would only hide the linker's own.
        let no_core = libc::rlimit {
            rlim_cur: 0,
            rlim_max: libc::RLIM_INFINITY,
        };
        let mut limit = no_core;
        if libc::getrlimit(libc::RLIMIT_CORE, &mut limit) == 0 {
            limit.rlim_cur = 0;
            libc::setrlimit(libc::RLIMIT_CORE, &limit);
        }
        libc::signal(signal, libc::SIG_DFL);
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, signal);
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        libc::raise(signal);
    }
}

#[cfg(not(unix))]
fn reraise(_signal: i32) {}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;

    #[test]
    fn from_exit_status() {
        assert_eq!(
            LinkerStatus::from(ExitStatus::from_raw(0)),
            LinkerStatus::Exited(0)
        );
        assert_eq!(
            LinkerStatus::from(ExitStatus::from_raw(3 << 8)),
            LinkerStatus::Exited(3)
        );
        assert_eq!(
            LinkerStatus::from(ExitStatus::from_raw(9)),
            LinkerStatus::Signaled(9)
        );
        assert!(LinkerStatus::Exited(0).success());
        assert!(!LinkerStatus::Exited(1).success());
        assert!(!LinkerStatus::Signaled(15).success());
    }
}
