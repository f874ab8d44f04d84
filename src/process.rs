//! The one way xlinkdiag runs a helper program (doctor's and env's compiler probes, the
//! `-dumpmachine`/`-print-*` queries of a failed link's linker): with a deadline that holds.
//!
//! A compiler is often a wrapper script, and a script may leave a background child holding
//! the output pipe (`( sleep 100 & ); echo x`): waiting for the pipe's end would wait for
//! that child. So every program runs in a process group of its own, its pipes are read on
//! threads we never wait for past the deadline, and the whole group is killed with SIGKILL
//! at the deadline, and also once the program itself has exited (what it left behind is
//! nobody's). The exit is observed without reaping (`waitid(WNOWAIT)`), so the group id
//! cannot be reused by another process before the group is killed.
//!
//! On Linux the program also dies with the thread that started it (`PR_SET_PDEATHSIG`): when
//! the shim's front kills the engine at its time budget, the engine's queries go with it.
//! The engine sets a process-wide deadline ([`set_deadline`]) a little inside its budget, so
//! it kills its own queries, groups and all, before that.

use std::io::{self, Read};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A program's output kept at most; probes print a line or two.
pub const OUTPUT_CAP: u64 = 1 << 20;

/// What a program that ended within its deadline left.
#[derive(Debug)]
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

#[derive(Debug)]
pub enum RunError {
    Spawn(io::Error),
    /// Killed, with its group, at the deadline.
    TimedOut(Duration),
    Wait(io::Error),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Spawn(e) => write!(f, "cannot run it: {e}"),
            RunError::TimedOut(d) => write!(f, "it did not finish within {:.1}s", d.as_secs_f64()),
            RunError::Wait(e) => write!(f, "waiting for it failed: {e}"),
        }
    }
}

static PROCESS_DEADLINE: OnceLock<Instant> = OnceLock::new();

/// A deadline for every program this process runs from now on (the first one set stays).
pub fn set_deadline(at: Instant) {
    let _ = PROCESS_DEADLINE.set(at);
}

/// Runs `cmd` with stdin closed and stdout/stderr captured (each up to [`OUTPUT_CAP`]),
/// for at most `limit` (or until the process-wide deadline, if sooner).
pub fn run(cmd: &mut Command, limit: Duration) -> Result<Finished, RunError> {
    let started = Instant::now();
    let mut deadline = started + limit;
    if let Some(&d) = PROCESS_DEADLINE.get() {
        deadline = deadline.min(d);
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    own_group(cmd);
    let mut child = cmd.spawn().map_err(RunError::Spawn)?;
    let (send, recv) = mpsc::channel();
    if let Some(out) = child.stdout.take() {
        drain(out, 0, send.clone());
    }
    if let Some(err) = child.stderr.take() {
        drain(err, 1, send);
    }
    let waited = wait_until(&mut child, deadline);
    // The leader has exited (or is out of time): whatever else is in its group goes now.
    kill_group(&mut child);
    let status = match waited {
        Ok(Some(Some(status))) => status,
        _ => child.wait().map_err(RunError::Wait)?,
    };
    if waited.map_err(RunError::Wait)?.is_none() {
        return Err(RunError::TimedOut(
            deadline.saturating_duration_since(started),
        ));
    }
    let mut pipes = [Vec::new(), Vec::new()];
    // With the group gone the pipes end at once; a process that left the group keeps them
    // open, and we do not wait for it past the deadline (a moment more if it just passed).
    let until = deadline.max(Instant::now() + Duration::from_millis(50));
    for _ in 0..2 {
        match recv.recv_timeout(until.saturating_duration_since(Instant::now())) {
            Ok((i, bytes)) => pipes[i] = bytes,
            Err(_) => break,
        }
    }
    let [stdout, stderr] = pipes;
    Ok(Finished {
        status,
        stdout,
        stderr,
    })
}

fn drain<R: Read + Send + 'static>(mut r: R, i: usize, send: mpsc::Sender<(usize, Vec<u8>)>) {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = (&mut r).take(OUTPUT_CAP).read_to_end(&mut buf);
        // Past the cap, read and dropped: a program blocked on a full pipe never ends.
        let _ = io::copy(&mut r, &mut io::sink());
        let _ = send.send((i, buf));
    });
}

/// Polls for the child's exit until `deadline`: `Some(status)` once it has exited (`None`
/// inside while it is not yet reaped), `None` at the deadline.
fn wait_until(
    child: &mut std::process::Child,
    deadline: Instant,
) -> io::Result<Option<Option<ExitStatus>>> {
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(ended) = poll_exit(child)? {
            return Ok(Some(ended));
        }
        let now = Instant::now();
        if now >= deadline {
            return Ok(None);
        }
        std::thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

/// Linux: the exit is seen without reaping, so the group is killed while its id is still
/// the leader's.
#[cfg(target_os = "linux")]
fn poll_exit(child: &mut std::process::Child) -> io::Result<Option<Option<ExitStatus>>> {
    // SAFETY: waitid writes only into `info`; WNOWAIT leaves the child to `Child::wait`.
    unsafe {
        let mut info: libc::siginfo_t = std::mem::zeroed();
        let r = libc::waitid(
            libc::P_PID,
            child.id() as libc::id_t,
            &mut info,
            libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
        );
        if r != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok((info.si_pid() != 0).then_some(None))
    }
}

/// Elsewhere the exit reaps the leader; the group id is killed right after, before the
/// system could hand the id out again in practice.
#[cfg(not(target_os = "linux"))]
fn poll_exit(child: &mut std::process::Child) -> io::Result<Option<Option<ExitStatus>>> {
    Ok(child.try_wait()?.map(Some))
}

#[cfg(unix)]
fn own_group(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0);
    die_with_parent(cmd);
}

#[cfg(not(unix))]
fn own_group(_cmd: &mut Command) {}

/// Makes `cmd` die with SIGKILL when the thread that starts it ends (the engine killed at
/// the front's budget, say). Linux only; elsewhere the deadline alone holds.
#[cfg(target_os = "linux")]
pub fn die_with_parent(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    let parent = std::process::id() as libc::pid_t;
    // SAFETY: prctl and getppid are async-signal-safe and touch no memory of the parent.
    unsafe {
        cmd.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(io::Error::last_os_error());
            }
            // The parent may have died before the prctl: then nothing will signal us.
            if libc::getppid() != parent {
                libc::_exit(1);
            }
            Ok(())
        });
    }
}

#[cfg(all(unix, not(target_os = "linux")))]
pub fn die_with_parent(_cmd: &mut Command) {}

#[cfg(unix)]
fn kill_group(child: &mut std::process::Child) {
    // SAFETY: a plain syscall. The group id is the unreaped child's pid, so it still names
    // this group and no other.
    unsafe {
        libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL);
    }
}

#[cfg(not(unix))]
fn kill_group(child: &mut std::process::Child) {
    let _ = child.kill();
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut c = Command::new("/bin/sh");
        c.args(["-c", script]);
        c
    }

    #[test]
    fn output_and_status_are_kept() {
        let r = run(
            &mut sh("echo out; echo err >&2; exit 3"),
            Duration::from_secs(10),
        )
        .unwrap();
        assert_eq!(r.stdout, b"out\n");
        assert_eq!(r.stderr, b"err\n");
        assert_eq!(r.status.code(), Some(3));
    }

    #[test]
    fn a_background_child_holding_the_pipe_does_not_hold_us() {
        let t = Instant::now();
        let r = run(
            &mut sh("( sleep 30 & ); echo x86_64-linux-gnu"),
            Duration::from_secs(10),
        )
        .unwrap();
        assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
        assert_eq!(r.stdout, b"x86_64-linux-gnu\n");
    }

    #[test]
    fn a_hang_is_killed_at_the_deadline() {
        let t = Instant::now();
        let e = run(&mut sh("sleep 30; echo never"), Duration::from_millis(300)).unwrap_err();
        assert!(matches!(e, RunError::TimedOut(_)), "{e}");
        assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    }
}
