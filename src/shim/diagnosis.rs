//! Calling the diagnosis of a failed link so that nothing it does can break the link (G6 in
//! `shim/mod.rs`).
//!
//! The diagnosis runs on its own thread under `catch_unwind`, and the shim waits for it at
//! most the time budget. A panic, a timeout or an empty answer all end the same way: the
//! linker's status is returned unchanged, with at most one `xlinkdiag:` line said about it.

use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, OnceLock, mpsc};
use std::time::Duration;

use super::LinkFailure;

/// The diagnosis: the text to append to the linker's stderr (every line prefixed
/// `xlinkdiag:`), or `None` to add nothing.
pub type DiagnoseFn = fn(&LinkFailure) -> Option<Vec<u8>>;

static DIAGNOSER: OnceLock<DiagnoseFn> = OnceLock::new();

/// Registers the diagnosis the shim calls on a failed link; `main` does this before
/// [`super::main_entry`]. Returns false when one was already registered (the first stays).
pub fn set_diagnoser(diagnose: DiagnoseFn) -> bool {
    DIAGNOSER.set(diagnose).is_ok()
}

pub(crate) fn diagnoser() -> Option<DiagnoseFn> {
    DIAGNOSER.get().copied()
}

const THREAD_NAME: &str = "xlinkdiag-diagnose";

/// The message of a panic on the diagnosis thread, kept by our panic hook instead of the
/// default hook's multi-line report.
static PANIC_MESSAGE: Mutex<Option<String>> = Mutex::new(None);

/// Runs `diagnose` within `budget` and returns the bytes to write to stderr.
pub(crate) fn run_guarded(diagnose: DiagnoseFn, failure: LinkFailure, budget: Duration) -> Vec<u8> {
    quiet_panics_on_diagnosis_thread();
    let (send, recv) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name(THREAD_NAME.into())
        .spawn(move || {
            let result = panic::catch_unwind(AssertUnwindSafe(|| diagnose(&failure)));
            let _ = send.send(result);
        });
    if spawned.is_err() {
        return line("diagnosis skipped: could not start a thread for it");
    }
    match recv.recv_timeout(budget) {
        Ok(Ok(Some(mut text))) => {
            if !text.is_empty() && !text.ends_with(b"\n") {
                text.push(b'\n');
            }
            text
        }
        Ok(Ok(None)) => Vec::new(),
        Ok(Err(_)) => {
            let message = PANIC_MESSAGE
                .lock()
                .ok()
                .and_then(|mut m| m.take())
                .unwrap_or_else(|| "panic".to_owned());
            line(&format!(
                "internal error while diagnosing this link ({}); the linker's status is kept",
                one_line(&message)
            ))
        }
        // The thread is left behind: the process ends as soon as the shim returns. An engine
        // it runs goes now, with what it started.
        Err(mpsc::RecvTimeoutError::Timeout) => {
            super::engine::kill_running();
            line(&format!(
                "diagnosis skipped: it took longer than {} ms ({})",
                budget.as_millis(),
                super::BUDGET_MS_VAR
            ))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            line("diagnosis skipped: it ended without an answer")
        }
    }
}

pub(crate) fn line(message: &str) -> Vec<u8> {
    format!("xlinkdiag: {}\n", crate::sanitize::text(message)).into_bytes()
}

fn one_line(message: &str) -> String {
    let first = message.lines().next().unwrap_or_default();
    first.chars().take(200).collect()
}

/// Installs (once) a panic hook that keeps the diagnosis thread's panic message for the one
/// line we print, and leaves every other thread to the previous hook.
fn quiet_panics_on_diagnosis_thread() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some(THREAD_NAME) {
                let message = if let Some(s) = info.payload().downcast_ref::<&str>() {
                    (*s).to_owned()
                } else if let Some(s) = info.payload().downcast_ref::<String>() {
                    s.clone()
                } else {
                    "panic".to_owned()
                };
                let at = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                if let Ok(mut slot) = PANIC_MESSAGE.lock() {
                    *slot = Some(format!("{message}{at}"));
                }
            } else {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shim::LinkerStatus;

    fn failure() -> LinkFailure {
        LinkFailure {
            linker: "cc".into(),
            linker_from_var: false,
            args: vec!["a.o".into()],
            stderr: b"ld: error\n".to_vec(),
            stderr_truncated: false,
            cwd: ".".into(),
            status: LinkerStatus::Exited(1),
        }
    }

    #[test]
    fn text_gets_a_final_newline() {
        let out = run_guarded(
            |_| Some(b"xlinkdiag: x".to_vec()),
            failure(),
            Duration::from_secs(5),
        );
        assert_eq!(out, b"xlinkdiag: x\n");
        let out = run_guarded(|_| None, failure(), Duration::from_secs(5));
        assert!(out.is_empty());
    }

    #[test]
    fn panic_becomes_one_line() {
        let out = run_guarded(
            |_| panic!("boom\nsecond line"),
            failure(),
            Duration::from_secs(5),
        );
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(text.starts_with("xlinkdiag: internal error"), "{text}");
        assert!(text.contains("boom"), "{text}");
    }

    #[test]
    fn timeout_becomes_one_line() {
        let out = run_guarded(
            |_| {
                std::thread::sleep(Duration::from_secs(5));
                None
            },
            failure(),
            Duration::from_millis(50),
        );
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("xlinkdiag: diagnosis skipped"), "{text}");
    }
}
