//! The two executables: `xlinkdiag`, the small front that every link goes through, and
//! `xlinkdiag-engine`, which holds everything else (the scan, the diagnosis, the CLI).
//!
//! A successful link pays for one process start of the front, and a process start costs in
//! proportion to the binary's pages it maps: the front is a quarter of the engine's size and
//! adds about 0.3 ms less to a real link (benches/shim_overhead.sh). The front therefore holds
//! only the shim; it asks the engine, as a child process, for the diagnosis of a failed link,
//! and hands every other invocation to it with `exec`. The diagnosis running in a process of
//! its own also means that nothing it does (a panic, an abort, a stack overflow, running out
//! of memory) can take the linker's status with it.
//!
//! The engine is looked for next to the front (where `cargo install` and `cargo build` put
//! both), then in `PATH`.

use std::ffi::{OsStr, OsString};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use super::resolve::{self, SelfExe};
use super::{DiagnoseFn, LinkFailure, LinkerStatus, STDERR_CAP, diagnosis, vars};
use crate::shim_setup::{ENGINE_NAME, FRONT_NAME};

/// The engine's first argument when the front asks it for a diagnosis:
/// `xlinkdiag-engine __diagnose-link REAL CODE TRUNCATED FROM_VAR -- ARGS…`, the linker's stderr on
/// stdin, the report on stdout. Internal: no one else calls it, and it may change.
const DIAGNOSE_WORD: &str = "__diagnose-link";

/// The largest report the front takes from the engine; a report is a few kB.
const REPORT_CAP: u64 = 16 << 20;

/// The engine next to this executable (through symlinks), else the first in `PATH`.
fn locate_engine() -> Option<PathBuf> {
    let name = format!("{ENGINE_NAME}{}", std::env::consts::EXE_SUFFIX);
    let sibling = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(&name)));
    if let Some(sibling) = sibling.filter(|p| p.is_file()) {
        return Some(sibling);
    }
    resolve::search_path(OsStr::new(&name), vars::path().as_deref(), &SelfExe::get())
}

fn not_found() -> String {
    format!(
        "cannot find {ENGINE_NAME} next to xlinkdiag or in PATH; it comes with it \
         (`cargo install` and `cargo build` make both)"
    )
}

/// The front's non-linker invocations: run the engine with the same arguments, as this
/// process on Unix.
pub fn run_cli() -> ExitCode {
    let Some(engine) = locate_engine() else {
        super::say(&not_found());
        return ExitCode::from(crate::exit::ExitStatus::Error);
    };
    let mut argv = std::env::args_os();
    let argv0 = argv.next().unwrap_or_else(|| FRONT_NAME.into());
    let mut cmd = Command::new(&engine);
    cmd.args(argv);
    exec_or_run(cmd, &argv0, &engine)
}

#[cfg(unix)]
fn exec_or_run(mut cmd: Command, argv0: &OsStr, engine: &Path) -> ExitCode {
    use std::os::unix::process::CommandExt;
    // The engine sees the name the user typed, so usage and messages say `xlinkdiag`.
    let err = cmd.arg0(argv0).exec();
    super::say(&format!("cannot run {}: {err}", engine.display()));
    ExitCode::from(crate::exit::ExitStatus::Error)
}

#[cfg(not(unix))]
fn exec_or_run(mut cmd: Command, _argv0: &OsStr, engine: &Path) -> ExitCode {
    match cmd.status() {
        Ok(status) => LinkerStatus::from(status).mirror(),
        Err(err) => {
            super::say(&format!("cannot run {}: {err}", engine.display()));
            ExitCode::from(crate::exit::ExitStatus::Error)
        }
    }
}

/// The front's diagnosis of a failed link: the engine's report, or one line saying why
/// there is none. Runs under [`diagnosis::run_guarded`] like any diagnosis.
pub fn diagnose_in_engine(failure: &LinkFailure) -> Option<Vec<u8>> {
    let Some(engine) = locate_engine() else {
        return Some(diagnosis::line(&format!(
            "diagnosis skipped: {}",
            not_found()
        )));
    };
    let code = match failure.status {
        LinkerStatus::Exited(code) => code,
        LinkerStatus::Signaled(signal) => 128 + signal,
    };
    let mut cmd = Command::new(&engine);
    cmd.arg(DIAGNOSE_WORD)
        .arg(&failure.linker)
        .arg(code.to_string())
        .arg(if failure.stderr_truncated { "1" } else { "0" })
        .arg(if failure.linker_from_var { "1" } else { "0" })
        .arg("--")
        .args(&failure.args)
        .current_dir(&failure.cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        // Whatever the engine says outside its report (a crash message) is not for rustc.
        .stderr(Stdio::null());
    own_group(&mut cmd);
    let mut child = match cmd.spawn() {
        Ok(child) => child,
        Err(err) => {
            return Some(diagnosis::line(&format!(
                "diagnosis skipped: cannot run {}: {err}",
                engine.display()
            )));
        }
    };
    if let Ok(mut slot) = RUNNING.lock() {
        *slot = Some(child.id());
    }
    // The engine reads all of stdin before it writes anything, so writing first and reading
    // after cannot deadlock; a write error only means the engine is already gone.
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(&failure.stderr);
    }
    let mut out = Vec::new();
    if let Some(mut stdout) = child.stdout.take() {
        // Read as it comes: the dirs the engine announces are known at once, for
        // kill_running to clean them up without waiting for this thread.
        let mut buf = [0u8; 8192];
        let mut scanned = 0;
        loop {
            let n = match stdout.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            };
            // Past the cap, drained unread: an engine blocked on a full pipe would never end.
            let room = (REPORT_CAP as usize).saturating_sub(out.len());
            out.extend_from_slice(&buf[..n.min(room)]);
            scanned = note_dirs(&out, scanned);
        }
    }
    // Cleared before the engine is reaped, so kill_running never signals a reused pid.
    if let Ok(mut slot) = RUNNING.lock() {
        *slot = None;
    }
    let (report, _) = split_dirs(&out);
    let status = child.wait();
    if !status.as_ref().is_ok_and(|s| s.success()) {
        // Killed (at the budget, or by anyone) while it may have been writing.
        remove_engine_temps(child.id());
    }
    match status {
        Ok(status) if status.success() => Some(report),
        // Half a report from an engine that crashed is not worth showing.
        Ok(status) => Some(diagnosis::line(&format!(
            "diagnosis skipped: {ENGINE_NAME} failed ({status}); the linker's status is kept"
        ))),
        Err(err) => Some(diagnosis::line(&format!(
            "diagnosis skipped: {ENGINE_NAME} could not be waited for: {err}"
        ))),
    }
}

/// The engine diagnosing right now (its pid, which is its process group's id), while it
/// is not yet reaped.
static RUNNING: Mutex<Option<u32>> = Mutex::new(None);

/// The dirs the running engine said it is about to write reports into.
static ANNOUNCED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Records the dirs of the complete records in `out[from..]`; returns where to go on from
/// (the start of a record not complete yet).
fn note_dirs(out: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(i) = out[at..]
        .windows(DIR_RECORD.len())
        .position(|w| w == DIR_RECORD)
    {
        let start = at + i + DIR_RECORD.len();
        let Some(len) = out[start..].iter().position(|&b| b == 0) else {
            return at + i;
        };
        if let Ok(mut dirs) = ANNOUNCED.lock() {
            dirs.push(bytes_to_path(&out[start..start + len]));
        }
        at = start + len + 1;
    }
    // A record's first byte may be the last one read.
    out.len().saturating_sub(DIR_RECORD.len() - 1).max(at)
}

/// Removes the temp files engine `pid` left in the dirs it announced: a process killed with
/// SIGKILL cleans nothing up itself.
fn remove_engine_temps(pid: u32) {
    let dirs = ANNOUNCED.lock().map(|d| d.clone()).unwrap_or_default();
    for dir in &dirs {
        crate::fsio::remove_temps_of(dir, pid);
    }
}

/// The engine's stdout is its report, with the dirs it is about to write into as records
/// `NUL D <path> NUL` (a report is sanitised text: it holds no NUL).
const DIR_RECORD: &[u8] = b"\0D";

fn split_dirs(out: &[u8]) -> (Vec<u8>, Vec<PathBuf>) {
    let mut report = Vec::with_capacity(out.len());
    let mut dirs = Vec::new();
    let mut rest = out;
    while let Some(at) = rest.windows(DIR_RECORD.len()).position(|w| w == DIR_RECORD) {
        report.extend_from_slice(&rest[..at]);
        let record = &rest[at + DIR_RECORD.len()..];
        let end = record.iter().position(|&b| b == 0).unwrap_or(record.len());
        dirs.push(bytes_to_path(&record[..end]));
        rest = record.get(end + 1..).unwrap_or_default();
    }
    report.extend_from_slice(rest);
    dirs.sort();
    dirs.dedup();
    (report, dirs)
}

/// The engine's side: tells the front where a report is about to be written.
fn announce_dir(dir: &Path) {
    let mut record = DIR_RECORD.to_vec();
    record.extend_from_slice(dir.as_os_str().as_encoded_bytes());
    record.push(0);
    let mut out = io::stdout().lock();
    let _ = out.write_all(&record).and_then(|()| out.flush());
}

#[cfg(unix)]
fn bytes_to_path(b: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(OsStr::from_bytes(b))
}

#[cfg(not(unix))]
fn bytes_to_path(b: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(b).into_owned())
}

/// The engine runs in a process group of its own, so that at the time budget it is killed
/// with everything it started ([`kill_running`]); and on Linux it dies with the shim in any
/// case, instead of writing a report after the build has moved on.
#[cfg(unix)]
fn own_group(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0);
    crate::process::die_with_parent(cmd, crate::process::Death::Term);
}

#[cfg(not(unix))]
fn own_group(_cmd: &mut Command) {}

/// How long an engine told to stop (SIGTERM) has to kill what it started and remove its
/// temp files before it is killed outright.
const GRACE: Duration = Duration::from_millis(200);

/// Stops the running engine and everything it started: the shim has given up on it (time
/// budget), and nothing it started may outlive it. SIGTERM first, which the engine's handler
/// (`crate::process`) turns into killing its queries' groups (their own children too, which
/// no parent-death signal reaches) and removing its temp files; then SIGKILL for its whole
/// group, and the front removes the temp files of an engine that could not. Returns once
/// that is done, or after a bounded wait.
pub(crate) fn kill_running() {
    #[cfg(unix)]
    {
        let signal = |signal: libc::c_int| {
            let Ok(slot) = RUNNING.lock() else {
                return false;
            };
            let Some(pid) = *slot else { return false };
            // SAFETY: a plain syscall; the engine is unreaped while its pid is in the slot,
            // so the group id names its group and no other.
            unsafe { libc::kill(-(pid as libc::pid_t), signal) };
            true
        };
        let pid = RUNNING.lock().ok().and_then(|slot| *slot);
        if let Some(pid) = pid.filter(|_| signal(libc::SIGTERM)) {
            let started = std::time::Instant::now();
            while started.elapsed() < GRACE && engine_alive() {
                std::thread::sleep(Duration::from_millis(2));
            }
            signal(libc::SIGKILL);
            // Once it is gone it creates nothing more: what it left goes now (its thread
            // here may not get to it before this process ends).
            let started = std::time::Instant::now();
            while started.elapsed() < Duration::from_secs(2) && engine_alive() {
                std::thread::sleep(Duration::from_millis(2));
            }
            remove_engine_temps(pid);
        }
    }
    // A diagnosis in this very process (the engine run as the linker): its temp files go now,
    // so that the rename the abandoned thread may still try finds nothing.
    crate::process::remove_temps_now();
}

/// Whether the running engine has not exited yet (seen without reaping it).
#[cfg(target_os = "linux")]
fn engine_alive() -> bool {
    let Ok(slot) = RUNNING.lock() else {
        return false;
    };
    let Some(pid) = *slot else { return false };
    // SAFETY: waitid writes only into `info`; WNOWAIT leaves the child to its thread.
    unsafe {
        let mut info: libc::siginfo_t = std::mem::zeroed();
        let r = libc::waitid(
            libc::P_PID,
            pid as libc::id_t,
            &mut info,
            libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
        );
        r == 0 && info.si_pid() == 0
    }
}

#[cfg(all(unix, not(target_os = "linux")))]
fn engine_alive() -> bool {
    false
}

/// The engine's side of [`diagnose_in_engine`]: `None` when this is not such a request,
/// else the exit code once the report is on stdout.
pub fn serve_diagnosis(diagnose: DiagnoseFn) -> Option<ExitCode> {
    let mut argv = std::env::args_os().skip(1);
    if argv.next()? != DIAGNOSE_WORD {
        return None;
    }
    let Some(mut failure) = parse_request(argv) else {
        super::say(&format!("{DIAGNOSE_WORD}: malformed request"));
        return Some(ExitCode::from(crate::exit::ExitStatus::Error));
    };
    if io::stdin()
        .lock()
        .take(STDERR_CAP as u64)
        .read_to_end(&mut failure.stderr)
        .is_err()
    {
        super::say(&format!("{DIAGNOSE_WORD}: cannot read the linker's stderr"));
        return Some(ExitCode::from(crate::exit::ExitStatus::Error));
    }
    let budget = vars::budget();
    // The programs the diagnosis runs (a linker's `-dumpmachine`) end before the front's
    // budget does, killed with their process groups (`crate::process`): the diagnosis then
    // still answers, and nothing is left behind.
    // A quarter of the budget is left for what follows a query cut short (the scan, the
    // note that says so, the reports).
    crate::process::set_deadline(std::time::Instant::now() + budget.mul_f64(0.75));
    // Told to stop (the front's budget, the front gone), the engine kills what it started
    // and removes its temp files first; the front hears where those could be.
    crate::process::clean_up_on_signals();
    super::report::before_write(announce_dir);
    let report = diagnosis::run_guarded(diagnose, failure, budget);
    let mut out = io::stdout().lock();
    // A front that has stopped listening (its budget ran out) is not an error here.
    let _ = out.write_all(&report).and_then(|()| out.flush());
    Some(crate::exit::ExitStatus::Clean.into())
}

/// The request's arguments; the linker's stderr is read from stdin afterwards.
fn parse_request(mut argv: impl Iterator<Item = OsString>) -> Option<LinkFailure> {
    let linker = PathBuf::from(argv.next()?);
    let code: i32 = argv.next()?.to_str()?.parse().ok()?;
    let truncated = argv.next()? == "1";
    let linker_from_var = argv.next()? == "1";
    if argv.next()? != "--" {
        return None;
    }
    Some(LinkFailure {
        linker,
        linker_from_var,
        args: argv.collect(),
        stderr: Vec::new(),
        stderr_truncated: truncated,
        cwd: std::env::current_dir().unwrap_or_default(),
        status: LinkerStatus::Exited(code),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    #[test]
    fn request_round_trip_fields() {
        let f =
            parse_request(os(&["/usr/bin/cc", "1", "0", "1", "--", "-o", "a b", "@f"]).into_iter())
                .unwrap();
        assert!(f.linker_from_var);
        assert_eq!(f.linker, PathBuf::from("/usr/bin/cc"));
        assert_eq!(f.status, LinkerStatus::Exited(1));
        assert!(!f.stderr_truncated);
        assert_eq!(f.args, os(&["-o", "a b", "@f"]));
    }

    /// The dirs the engine announces are seen however its stdout arrives in pieces, and
    /// the report is the rest.
    #[test]
    fn announced_dirs_across_reads() {
        let out = b"\0D/a/xlinkdiag\0xlinkdiag: error\n\0D/r\0done\n";
        for cut in 0..out.len() {
            if let Ok(mut d) = ANNOUNCED.lock() {
                d.clear();
            }
            let scanned = note_dirs(&out[..cut], 0);
            note_dirs(out, scanned);
            let dirs = ANNOUNCED.lock().unwrap().clone();
            assert_eq!(
                dirs,
                [PathBuf::from("/a/xlinkdiag"), PathBuf::from("/r")],
                "{cut}"
            );
        }
        let (report, dirs) = split_dirs(out);
        assert_eq!(report, b"xlinkdiag: error\ndone\n");
        assert_eq!(dirs.len(), 2);
    }

    #[test]
    fn malformed_requests_are_refused() {
        for bad in [
            &["/usr/bin/cc"][..],
            &["/usr/bin/cc", "x", "0", "0", "--"],
            &["/usr/bin/cc", "1", "0", "0", "-o"],
            &["/usr/bin/cc", "1", "0", "--"],
        ] {
            assert!(parse_request(os(bad).into_iter()).is_none(), "{bad:?}");
        }
    }
}
