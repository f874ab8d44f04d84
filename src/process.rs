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
//!
//! A program's own children are not its parent's: `PR_SET_PDEATHSIG` reaches only the
//! program. So while programs run, every terminating signal this process can catch (SIGTERM,
//! SIGINT, SIGHUP, SIGUSR1, SIGALRM, … and the real-time ones) has a handler ([`on_signal`])
//! that kills their whole groups, removes the temp files being written ([`TempGuard`]), and
//! then dies of the same signal with its default action (issue 19). A signal that was
//! ignored, or that someone else handles, is left as it was.

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
    on_signal::install();
    // A signal that comes while the program starts (and may already start its own children)
    // waits until its group is registered, so the handler kills that group too.
    let spawning = on_signal::Spawning::start();
    let mut child = cmd.spawn().map_err(RunError::Spawn)?;
    let group = on_signal::Group::register(child.id());
    drop(spawning);
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
    // Forgotten before the leader is reaped, so the handler never kills a reused id.
    drop(group);
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
    die_with_parent(cmd, Death::Kill);
}

#[cfg(not(unix))]
fn own_group(_cmd: &mut Command) {}

/// How a child is told that the thread that started it has ended.
#[derive(Clone, Copy)]
pub enum Death {
    /// SIGKILL: any program (a compiler probe), which may ignore a gentler signal.
    Kill,
    /// SIGTERM: xlinkdiag's own engine, whose handler first kills what it started and
    /// removes its temp files ([`clean_up_on_signals`]).
    Term,
}

/// Makes `cmd` die when the thread that starts it ends (the engine killed at the front's
/// budget, say). Linux only; elsewhere the deadline alone holds.
#[cfg(target_os = "linux")]
pub fn die_with_parent(cmd: &mut Command, how: Death) {
    use std::os::unix::process::CommandExt;
    let parent = std::process::id() as libc::pid_t;
    let signal = match how {
        Death::Kill => libc::SIGKILL,
        Death::Term => libc::SIGTERM,
    };
    // SAFETY: prctl and getppid are async-signal-safe and touch no memory of the parent.
    unsafe {
        cmd.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, signal) != 0 {
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
pub fn die_with_parent(_cmd: &mut Command, _how: Death) {}

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

/// A temp file that is removed if this process dies of a signal while it exists (the
/// engine killed at the shim's budget, an interrupted `fix`): a rename or an unlink ends its
/// life normally, and dropping the guard forgets it.
pub struct TempGuard {
    #[cfg(unix)]
    slot: Option<usize>,
}

impl TempGuard {
    pub fn new(path: &std::path::Path) -> TempGuard {
        on_signal::install();
        TempGuard {
            #[cfg(unix)]
            slot: on_signal::register_temp(path),
        }
    }
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(slot) = self.slot {
            on_signal::forget_temp(slot);
        }
    }
}

/// Installs the handlers now (the engine does at its start, before it runs anything).
pub fn clean_up_on_signals() {
    on_signal::install();
}

/// Removes every temp file a [`TempGuard`] holds right now, as the handler would: this
/// process is about to end with a thread still writing (the diagnosis abandoned at the
/// shim's budget), whose rename then finds nothing.
pub fn remove_temps_now() {
    #[cfg(unix)]
    on_signal::remove_temps();
}

/// Every signal whose default action ends a process and that can be caught, but the faults:
/// the probes' groups die on these, and the shim forwards them to its linker.
#[cfg(unix)]
pub(crate) fn terminating_signals() -> Vec<libc::c_int> {
    on_signal::terminating()
}

#[cfg(unix)]
mod on_signal {
    //! What the handler does is async-signal-safe only: it reads atomics, and calls `kill`,
    //! `unlink`, `sigaction` and `raise`. Its data are fixed tables of atomics: process-group
    //! ids, and pointers to temp paths that are never freed (a few per run; freeing one while
    //! a handler on another thread reads it would be worse than keeping it).

    use std::ffi::CString;
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicI32, AtomicPtr, AtomicUsize, Ordering};

    const SLOTS: usize = 64;

    static GROUPS: [AtomicI32; SLOTS] = [const { AtomicI32::new(0) }; SLOTS];
    /// Programs being started now, whose groups are not registered yet.
    static SPAWNING: AtomicUsize = AtomicUsize::new(0);
    /// A signal that came while one was: acted on once none is.
    static DEFERRED: AtomicI32 = AtomicI32::new(0);
    static TEMPS: [AtomicPtr<libc::c_char>; SLOTS] =
        [const { AtomicPtr::new(std::ptr::null_mut()) }; SLOTS];

    /// Every signal whose default action ends the process and that a handler may catch,
    /// but not the faults (SIGSEGV, SIGBUS, SIGFPE, SIGILL): those are Rust's (its stack
    /// overflow report) and come back at once if a handler returns.
    pub(crate) fn terminating() -> Vec<libc::c_int> {
        let mut all = vec![
            libc::SIGHUP,
            libc::SIGINT,
            libc::SIGQUIT,
            libc::SIGTERM,
            libc::SIGUSR1,
            libc::SIGUSR2,
            libc::SIGALRM,
            libc::SIGPIPE,
            libc::SIGVTALRM,
            libc::SIGPROF,
            libc::SIGXCPU,
            libc::SIGXFSZ,
            libc::SIGSYS,
            libc::SIGTRAP,
            libc::SIGABRT,
        ];
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            all.extend([libc::SIGIO, libc::SIGPWR, libc::SIGSTKFLT]);
            // glibc keeps the first two real-time signals for itself.
            all.extend(libc::SIGRTMIN()..=libc::SIGRTMAX());
        }
        all
    }

    /// A program being started: the handler defers to the end of it.
    pub(super) struct Spawning;

    impl Spawning {
        pub(super) fn start() -> Spawning {
            SPAWNING.fetch_add(1, Ordering::SeqCst);
            Spawning
        }
    }

    impl Drop for Spawning {
        fn drop(&mut self) {
            if SPAWNING.fetch_sub(1, Ordering::SeqCst) == 1 {
                let signal = DEFERRED.swap(0, Ordering::SeqCst);
                if signal != 0 {
                    die_of(signal);
                }
            }
        }
    }

    /// One program's group, killed by the handler while it is registered.
    pub(super) struct Group(Option<usize>);

    impl Group {
        pub(super) fn register(pid: u32) -> Group {
            let Ok(pid) = i32::try_from(pid) else {
                return Group(None);
            };
            Group(claim(&GROUPS, |slot| {
                slot.compare_exchange(0, pid, Ordering::SeqCst, Ordering::SeqCst)
                    .is_ok()
            }))
        }
    }

    impl Drop for Group {
        fn drop(&mut self) {
            if let Some(i) = self.0 {
                GROUPS[i].store(0, Ordering::SeqCst);
            }
        }
    }

    pub(super) fn register_temp(path: &std::path::Path) -> Option<usize> {
        use std::os::unix::ffi::OsStrExt;
        let c = CString::new(path.as_os_str().as_bytes()).ok()?;
        let raw = c.into_raw();
        let slot = claim(&TEMPS, |slot| {
            slot.compare_exchange(
                std::ptr::null_mut(),
                raw,
                Ordering::SeqCst,
                Ordering::SeqCst,
            )
            .is_ok()
        });
        if slot.is_none() {
            // SAFETY: `raw` came from `into_raw` just above and was published nowhere.
            drop(unsafe { CString::from_raw(raw) });
        }
        slot
    }

    /// The path stays allocated (see the module's note); only the slot is freed.
    pub(super) fn forget_temp(slot: usize) {
        TEMPS[slot].store(std::ptr::null_mut(), Ordering::SeqCst);
    }

    fn claim<T>(table: &'static [T; SLOTS], take: impl Fn(&T) -> bool) -> Option<usize> {
        table.iter().position(take)
    }

    pub(super) fn remove_temps() {
        for t in &TEMPS {
            let path = t.swap(std::ptr::null_mut(), Ordering::SeqCst);
            if !path.is_null() {
                // SAFETY: a NUL-terminated string that is never freed.
                unsafe { libc::unlink(path) };
            }
        }
    }

    extern "C" fn handler(signal: libc::c_int) {
        if SPAWNING.load(Ordering::SeqCst) > 0 {
            DEFERRED.store(signal, Ordering::SeqCst);
            return;
        }
        die_of(signal);
    }

    /// Kills the registered groups, removes the temp files, and ends this process with
    /// `signal`'s default action. Async-signal-safe.
    fn die_of(signal: libc::c_int) {
        for g in &GROUPS {
            let pgid = g.load(Ordering::SeqCst);
            if pgid > 0 {
                // SAFETY: kill is async-signal-safe; the group's leader is unreaped while
                // registered, so the id names its group.
                unsafe { libc::kill(-pgid, libc::SIGKILL) };
            }
        }
        for t in &TEMPS {
            let path = t.load(Ordering::SeqCst);
            if !path.is_null() {
                // SAFETY: unlink is async-signal-safe; the path is a NUL-terminated string
                // that is never freed.
                unsafe { libc::unlink(path) };
            }
        }
        // SAFETY: async-signal-safe calls. In the handler the signal is blocked while it runs,
        // so the raise is delivered, with the default action, as soon as it returns; outside
        // it (a deferred signal) it is unblocked first and delivered at once.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, signal);
            libc::raise(signal);
            libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        }
    }

    /// Once per process: the handler for every terminating signal that is at its default.
    pub(super) fn install() {
        static DONE: OnceLock<()> = OnceLock::new();
        DONE.get_or_init(|| {
            for signal in terminating() {
                // SAFETY: sigaction with zeroed, then filled, structs; the handler is
                // async-signal-safe (see above).
                unsafe {
                    let mut old: libc::sigaction = std::mem::zeroed();
                    if libc::sigaction(signal, std::ptr::null(), &mut old) != 0
                        || old.sa_sigaction != libc::SIG_DFL
                    {
                        continue;
                    }
                    let mut new: libc::sigaction = std::mem::zeroed();
                    new.sa_sigaction = handler as *const () as libc::sighandler_t;
                    new.sa_flags = libc::SA_RESTART;
                    // One handler at a time: a second signal waits for the first to end us.
                    libc::sigfillset(&mut new.sa_mask);
                    libc::sigaction(signal, &new, std::ptr::null_mut());
                }
            }
        });
    }
}

#[cfg(not(unix))]
mod on_signal {
    pub(super) struct Group;

    impl Group {
        pub(super) fn register(_pid: u32) -> Group {
            Group
        }
    }

    pub(super) fn install() {}
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
