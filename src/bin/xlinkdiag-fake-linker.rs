//! A stand-in for a real linker in process-level tests (like cc-rs's `cc-shim`). Built only
//! with the `fake-linker` feature, which the tests turn on: `cargo install` leaves it out.
//!
//! Driven entirely by environment variables so that the shim under test sees an ordinary
//! program:
//! - `FAKE_LINKER_RECORD=FILE`: append what it was given to FILE, as NUL-terminated entries
//!   `cwd:<dir>`, `pid:<n>`, `argv0:<bytes>`, `arg:<bytes>` (one per argument, byte-exact) and
//!   `env:<KEY=VALUE>` (the whole environment, sorted), then `end:`.
//! - `FAKE_LINKER_STDIN_RECORD=FILE`: copy stdin to FILE.
//! - `FAKE_LINKER_STDOUT=TEXT`, `FAKE_LINKER_STDERR=TEXT`: written as given (stdout first);
//!   `FAKE_LINKER_STDERR_FILE=FILE` writes a captured stderr fixture after that.
//! - `FAKE_LINKER_SLEEP_MS=N`: wait before ending (to receive a forwarded signal).
//! - `FAKE_LINKER_SIGNAL=N`: kill itself with signal N (Unix) instead of exiting.
//! - `FAKE_LINKER_EXIT=N`: exit code (default 0).

#![allow(clippy::disallowed_methods, clippy::disallowed_macros)]

use std::ffi::OsString;
use std::io::{Read, Write};
use std::process::ExitCode;
use std::time::Duration;

fn main() -> ExitCode {
    if let Some(file) = std::env::var_os("FAKE_LINKER_RECORD") {
        let _ = append(&file, &record());
    }
    if let Some(file) = std::env::var_os("FAKE_LINKER_STDIN_RECORD") {
        let mut input = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut input);
        let _ = std::fs::write(file, input);
    }
    if let Some(text) = std::env::var_os("FAKE_LINKER_STDOUT") {
        let _ = std::io::stdout().write_all(text.as_encoded_bytes());
        let _ = std::io::stdout().flush();
    }
    if let Some(text) = std::env::var_os("FAKE_LINKER_STDERR") {
        let _ = std::io::stderr().write_all(text.as_encoded_bytes());
    }
    if let Some(file) = std::env::var_os("FAKE_LINKER_STDERR_FILE")
        && let Ok(bytes) = std::fs::read(file)
    {
        let _ = std::io::stderr().write_all(&bytes);
    }
    if let Some(ms) = number("FAKE_LINKER_SLEEP_MS") {
        std::thread::sleep(Duration::from_millis(ms.max(0) as u64));
    }
    if let Some(signal) = number("FAKE_LINKER_SIGNAL") {
        kill_self(signal as i32);
    }
    ExitCode::from(number("FAKE_LINKER_EXIT").unwrap_or(0) as u8)
}

fn number(var: &str) -> Option<i64> {
    std::env::var(var).ok()?.trim().parse().ok()
}

fn record() -> Vec<u8> {
    let mut out = Vec::new();
    let mut entry = |tag: &str, bytes: &[u8]| {
        out.extend_from_slice(tag.as_bytes());
        out.push(b':');
        out.extend_from_slice(bytes);
        out.push(0);
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    entry("cwd", cwd.as_os_str().as_encoded_bytes());
    entry("pid", std::process::id().to_string().as_bytes());
    let mut args = std::env::args_os();
    entry("argv0", args.next().unwrap_or_default().as_encoded_bytes());
    for arg in args {
        entry("arg", arg.as_encoded_bytes());
    }
    let mut vars: Vec<(OsString, OsString)> = std::env::vars_os().collect();
    vars.sort();
    for (key, value) in vars {
        let mut kv = key;
        kv.push("=");
        kv.push(value);
        entry("env", kv.as_encoded_bytes());
    }
    entry("end", b"");
    out
}

fn append(file: &std::ffi::OsStr, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)?
        .write_all(bytes)
}

#[cfg(unix)]
fn kill_self(signal: i32) {
    // SAFETY: restores the default action and raises the signal on this process.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
}

#[cfg(not(unix))]
fn kill_self(_signal: i32) {}
