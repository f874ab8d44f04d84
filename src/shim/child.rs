//! Running the real linker: exact argv, env plus the hop counter, stderr teed (G2–G4, G9 in
//! the shim's guarantees, `shim/mod.rs`).

use std::ffi::OsString;
use std::io::{self, Read, Write};
use std::path::Path;
use std::process::Command;

use super::status::LinkerStatus;
use super::vars::DEPTH_VAR;

/// What a teed run left behind.
pub(crate) struct Teed {
    pub status: LinkerStatus,
    pub stderr: Vec<u8>,
    pub truncated: bool,
}

fn command(real: &Path, args: &[OsString], depth: u32) -> Command {
    let mut cmd = Command::new(real);
    // Everything else (cwd, env, stdin, stdout) is inherited untouched.
    cmd.args(args).env(DEPTH_VAR, depth.to_string());
    inherited::hand_down(&mut cmd);
    cmd
}

/// Replaces this process with the linker (Unix), so that status, signals and streams are the
/// linker's by construction, as rustup's proxies do. Returns only the error when that failed.
#[cfg(unix)]
pub(crate) fn pass_through(real: &Path, args: &[OsString], depth: u32) -> io::Error {
    use std::os::unix::process::CommandExt;
    command(real, args, depth).exec()
}

/// Windows has no exec: run the linker with every stream inherited and exit as it did.
#[cfg(not(unix))]
pub(crate) fn pass_through(real: &Path, args: &[OsString], depth: u32) -> io::Error {
    let _guard = signals::Forwarding::install();
    match command(real, args, depth).status() {
        Ok(status) => {
            let _ = LinkerStatus::from(status).mirror();
            io::Error::other("the linker's exit status could not be mirrored")
        }
        Err(err) => err,
    }
}

/// Runs the linker with stderr piped through us: every chunk is forwarded to our stderr at
/// once and the first `cap` bytes are kept for the diagnosis.
pub(crate) fn run_teed(real: &Path, args: &[OsString], depth: u32, cap: usize) -> io::Result<Teed> {
    let forwarding = signals::Forwarding::install();
    let mut child = spawn::Spawned::start(real, args, depth)?;
    forwarding.child_started(child.id());
    // stdout and stdin are not piped, so stderr is the only pipe: draining it to its end on
    // this thread and only then waiting cannot deadlock (ripgrep's grep-cli needs a reader
    // thread because it pipes both streams). Saving the thread keeps the shim's overhead on a
    // successful link low.
    let (stderr, truncated, broken) = tee(child.stderr(), io::stderr(), cap);
    if broken {
        // Our stderr is a closed pipe: so is the linker's from now on, as it would have been
        // without us. Its next write fails, and a linker that dies of SIGPIPE then does, and
        // that outcome is mirrored (issue 19).
        child.close_stderr();
    }
    let status = child.wait().map(LinkerStatus::from);
    drop(forwarding);
    Ok(Teed {
        status: status?,
        stderr,
        truncated,
    })
}

/// A pipe's read end, or nothing (it reads as ended) once closed.
pub(crate) struct Pipe<'a, R>(Option<&'a mut R>);

impl<R: Read> Read for Pipe<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match &mut self.0 {
            Some(r) => r.read(buf),
            None => Ok(0),
        }
    }
}

/// Copies `pipe` to `out` chunk by chunk, keeping the first `cap` bytes. Stops at `out`
/// going away (EPIPE), and says so: the caller closes the pipe, so the linker meets the
/// closed stream it would have met without us (it must not block on a full pipe either).
fn tee(mut pipe: impl Read, mut out: impl Write, cap: usize) -> (Vec<u8>, bool, bool) {
    let mut kept = Vec::new();
    let mut truncated = false;
    // On the stack and small: zeroing a large heap buffer showed up in the success
    // path's instruction count, and a linker's stderr comes in small writes anyway.
    let mut buf = [0u8; 8 * 1024];
    let mut broken = false;
    loop {
        let n = match pipe.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        let chunk = &buf[..n];
        let room = cap.saturating_sub(kept.len());
        if chunk.len() > room {
            truncated = true;
        }
        kept.extend_from_slice(&chunk[..room.min(n)]);
        // io::Stderr is unbuffered: the chunk is out before the next read.
        match out.write_all(chunk) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                broken = true;
                break;
            }
            // Any other failure (a full disk) is ours, not the linker's: keep draining.
            Err(_) => {}
        }
    }
    (kept, truncated, broken)
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod spawn {
    //! The linker started with `posix_spawn` and the attributes that hand it the shim's own
    //! signal state (see `inherited`). `Command` cannot set them: its `posix_spawn` leaves
    //! glibc's internal signals 32 and 33 ignored, and its fork-and-exec fallback (taken for a
    //! `pre_exec` hook) costs about 0.07 ms more per link on the machines here.

    use std::ffi::{CString, OsString};
    use std::fs::File;
    use std::io;
    use std::os::fd::FromRawFd;
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    use std::os::unix::process::ExitStatusExt;
    use std::path::Path;
    use std::process::ExitStatus;

    use super::DEPTH_VAR;

    pub(super) struct Spawned {
        pid: libc::pid_t,
        stderr: Option<File>,
    }

    fn c_string(bytes: Vec<u8>) -> io::Result<CString> {
        // Arguments and variables came from C strings: a NUL cannot be in them.
        CString::new(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))
    }

    /// Turns a libc return code (0 or an errno value) into a Result.
    fn check(rc: libc::c_int) -> io::Result<()> {
        if rc == 0 {
            Ok(())
        } else {
            Err(io::Error::from_raw_os_error(rc))
        }
    }

    impl Spawned {
        /// `real` with `args`, the environment plus the hop counter, stderr on a pipe.
        /// `real` always holds a `/` (the resolver returns paths), so no `PATH` search.
        pub(super) fn start(real: &Path, args: &[OsString], depth: u32) -> io::Result<Spawned> {
            let path = c_string(real.as_os_str().as_bytes().to_vec())?;
            let mut argv = vec![path.clone()];
            for arg in args {
                argv.push(c_string(arg.as_bytes().to_vec())?);
            }
            let mut envp = Vec::new();
            for (key, value) in crate::env::vars_os() {
                if key != DEPTH_VAR {
                    let mut pair = key.into_vec();
                    pair.push(b'=');
                    pair.extend_from_slice(value.as_bytes());
                    envp.push(c_string(pair)?);
                }
            }
            envp.push(c_string(format!("{DEPTH_VAR}={depth}").into_bytes())?);
            let argv_ptrs: Vec<*mut libc::c_char> = argv
                .iter()
                .map(|a| a.as_ptr().cast_mut())
                .chain(std::iter::once(std::ptr::null_mut()))
                .collect();
            let envp_ptrs: Vec<*mut libc::c_char> = envp
                .iter()
                .map(|e| e.as_ptr().cast_mut())
                .chain(std::iter::once(std::ptr::null_mut()))
                .collect();
            let (mask, default) = super::inherited::spawn_sets();

            let mut fds = [0; 2];
            // SAFETY: pipe2 fills the two-element array.
            if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
                return Err(io::Error::last_os_error());
            }
            let [read_end, write_end] = fds;
            // SAFETY: read_end is a fresh descriptor that nothing else owns.
            let stderr = unsafe { File::from_raw_fd(read_end) };
            let mut pid: libc::pid_t = 0;
            // SAFETY: the attribute and file-action objects are initialised before use and
            // destroyed after; every pointer handed to posix_spawn outlives the call (the
            // CStrings and pointer arrays above), and both arrays end with a null pointer.
            let spawned = unsafe {
                let mut actions: libc::posix_spawn_file_actions_t = std::mem::zeroed();
                let mut attr: libc::posix_spawnattr_t = std::mem::zeroed();
                check(libc::posix_spawn_file_actions_init(&mut actions))?;
                if let Err(e) = check(libc::posix_spawnattr_init(&mut attr)) {
                    libc::posix_spawn_file_actions_destroy(&mut actions);
                    return Err(e);
                }
                let result = check(libc::posix_spawn_file_actions_adddup2(
                    &mut actions,
                    write_end,
                    libc::STDERR_FILENO,
                ))
                .and_then(|()| {
                    check(libc::posix_spawnattr_setflags(
                        &mut attr,
                        (libc::POSIX_SPAWN_SETSIGMASK | libc::POSIX_SPAWN_SETSIGDEF) as _,
                    ))
                })
                .and_then(|()| check(libc::posix_spawnattr_setsigmask(&mut attr, &mask)))
                .and_then(|()| check(libc::posix_spawnattr_setsigdefault(&mut attr, &default)))
                .and_then(|()| {
                    check(libc::posix_spawn(
                        &mut pid,
                        path.as_ptr(),
                        &actions,
                        &attr,
                        argv_ptrs.as_ptr(),
                        envp_ptrs.as_ptr(),
                    ))
                });
                libc::posix_spawnattr_destroy(&mut attr);
                libc::posix_spawn_file_actions_destroy(&mut actions);
                libc::close(write_end);
                result
            };
            spawned.map(|()| Spawned {
                pid,
                stderr: Some(stderr),
            })
        }

        pub(super) fn id(&self) -> u32 {
            self.pid as u32
        }

        /// The read end of the linker's stderr pipe (an empty reader once closed).
        pub(super) fn stderr(&mut self) -> super::Pipe<'_, impl std::io::Read> {
            super::Pipe(self.stderr.as_mut())
        }

        pub(super) fn close_stderr(&mut self) {
            self.stderr = None;
        }

        pub(super) fn wait(self) -> io::Result<ExitStatus> {
            loop {
                let mut status = 0;
                // SAFETY: waits for our own child, into a local int.
                if unsafe { libc::waitpid(self.pid, &mut status, 0) } == self.pid {
                    return Ok(ExitStatus::from_raw(status));
                }
                let err = io::Error::last_os_error();
                if err.kind() != io::ErrorKind::Interrupted {
                    return Err(err);
                }
            }
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
mod spawn {
    //! `Command`, with `inherited`'s `pre_exec` hook on Unix.

    use std::ffi::OsString;
    use std::io;
    use std::path::Path;
    use std::process::{Child, ChildStderr, ExitStatus, Stdio};

    pub(super) struct Spawned {
        child: Child,
        stderr: Option<ChildStderr>,
    }

    impl Spawned {
        pub(super) fn start(real: &Path, args: &[OsString], depth: u32) -> io::Result<Spawned> {
            let mut cmd = super::command(real, args, depth);
            let mut child = cmd.stderr(Stdio::piped()).spawn()?;
            let stderr = child
                .stderr
                .take()
                .ok_or_else(|| io::Error::other("no stderr pipe"))?;
            Ok(Spawned {
                child,
                stderr: Some(stderr),
            })
        }

        pub(super) fn id(&self) -> u32 {
            self.child.id()
        }

        /// The read end of the linker's stderr pipe (an empty reader once closed).
        pub(super) fn stderr(&mut self) -> super::Pipe<'_, impl std::io::Read> {
            super::Pipe(self.stderr.as_mut())
        }

        pub(super) fn close_stderr(&mut self) {
            self.stderr = None;
        }

        pub(super) fn wait(mut self) -> io::Result<ExitStatus> {
            self.child.wait()
        }
    }
}

pub use inherited::save as save_inherited_signals;

#[cfg(unix)]
mod inherited {
    //! The linker starts with the signal mask and dispositions the shim was given, as if
    //! rustc had started it (issue 11). Three things would change them on the way:
    //! - Rust's runtime ignores SIGPIPE before `main`, and `Command` then empties the mask and
    //!   sets SIGPIPE to its default in every child, whatever the shim was given;
    //! - glibc's `posix_spawn` (which `Command` uses when it can) starts the child with its
    //!   internal signals 32 and 33 ignored, and ignored they stay across `exec`;
    //! - the shim's own forwarding handlers (see `signals`) live between fork and exec.
    //!
    //! So the state is saved before Rust's runtime starts (an `.init_array` entry in each
    //! binary calls [`save`]) and handed down: on Linux/glibc as `posix_spawn` attributes
    //! (`spawn`, the teed run of every link), else and for the `exec` of the pass-through by a
    //! `pre_exec` hook that restores it between fork (if any) and exec.

    use std::io;
    use std::process::Command;
    use std::sync::OnceLock;

    /// The signals whose disposition may differ in the child from the shim's own start:
    /// SIGPIPE (Rust's runtime), 32 and 33 (glibc's internal ones, Linux only), and the
    /// forwarded ones (our handlers).
    fn watched() -> Vec<libc::c_int> {
        let mut all = vec![libc::SIGPIPE];
        #[cfg(target_os = "linux")]
        all.extend([32, 33]);
        for signal in super::signals::forwarded() {
            if !all.contains(&signal) {
                all.push(signal);
            }
        }
        all
    }

    struct Saved {
        mask: libc::sigset_t,
        /// The signals of [`watched`], each with whether it was ignored (else default: at
        /// `exec` every handler is reset, so a process starts with nothing else).
        ignored: Vec<(libc::c_int, bool)>,
    }

    static SAVED: OnceLock<Saved> = OnceLock::new();

    /// Whether `signal` was ignored when this process started (`None`: not saved, or not
    /// watched).
    pub(super) fn ignored_at_start(signal: libc::c_int) -> Option<bool> {
        SAVED
            .get()?
            .ignored
            .iter()
            .find(|(s, _)| *s == signal)
            .map(|(_, i)| *i)
    }

    /// Saves the mask and dispositions this process was started with; the first call wins.
    /// Cheap: one `sigprocmask` and a few `sigaction` queries.
    pub fn save() {
        SAVED.get_or_init(|| {
            // SAFETY: queries only (null new action / new mask) into zeroed local structs.
            unsafe {
                let mut mask: libc::sigset_t = std::mem::zeroed();
                libc::pthread_sigmask(libc::SIG_SETMASK, std::ptr::null(), &mut mask);
                let ignored = watched()
                    .into_iter()
                    .map(|signal| (signal, action(signal, None) == Some(libc::SIG_IGN)))
                    .collect();
                Saved { mask, ignored }
            }
        });
    }

    /// Makes `cmd`'s child restore the saved state just before `exec`. Without a saved state
    /// (a library user that never called [`save`]) the child gets `Command`'s defaults.
    pub(super) fn hand_down(cmd: &mut Command) {
        use std::os::unix::process::CommandExt;
        let Some(saved) = SAVED.get() else {
            return;
        };
        // SAFETY: the hook only calls sigaction and pthread_sigmask, which are
        // async-signal-safe, on data saved before the fork; it allocates nothing.
        unsafe {
            cmd.pre_exec(move || restore(saved));
        }
    }

    /// The mask and the set of signals to reset to their default, for `posix_spawn`'s
    /// attributes: the saved mask, and every watched signal that was not ignored. Without a
    /// saved state, `Command`'s choice: an empty mask and SIGPIPE back to its default.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    pub(super) fn spawn_sets() -> (libc::sigset_t, libc::sigset_t) {
        // SAFETY: sigemptyset/sigaddset on local sets; the direct bit write below follows
        // glibc's sigset_t layout (an array of unsigned longs, bit n-1 for signal n), which
        // is how glibc itself tests membership, for the signals its sigaddset refuses.
        unsafe {
            let mut mask: libc::sigset_t = std::mem::zeroed();
            let mut default: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut mask);
            libc::sigemptyset(&mut default);
            let Some(saved) = SAVED.get() else {
                libc::sigaddset(&mut default, libc::SIGPIPE);
                return (mask, default);
            };
            for &(signal, ignored) in &saved.ignored {
                if !ignored && libc::sigaddset(&mut default, signal) != 0 {
                    let bit = (signal - 1) as usize;
                    let word_bits = 8 * std::mem::size_of::<libc::c_ulong>();
                    let words = (&mut default as *mut libc::sigset_t).cast::<libc::c_ulong>();
                    *words.add(bit / word_bits) |= 1 << (bit % word_bits);
                }
            }
            (saved.mask, default)
        }
    }

    fn restore(saved: &Saved) -> io::Result<()> {
        // SAFETY: see hand_down; the structs are local or were filled by save.
        unsafe {
            for &(signal, ignored) in &saved.ignored {
                let disposition = if ignored {
                    libc::SIG_IGN
                } else {
                    libc::SIG_DFL
                };
                action(signal, Some(disposition));
            }
            let rc = libc::pthread_sigmask(libc::SIG_SETMASK, &saved.mask, std::ptr::null_mut());
            if rc != 0 {
                return Err(io::Error::from_raw_os_error(rc));
            }
        }
        Ok(())
    }

    /// Sets `signal` to `new` (SIG_DFL or SIG_IGN) when given, and returns what it was.
    /// glibc's `sigaction` refuses its internal signals 32 and 33; the kernel does not, so on
    /// the architectures whose kernel `struct sigaction` is {handler, flags, restorer, mask}
    /// it is called directly. Async-signal-safe.
    #[cfg(all(
        target_os = "linux",
        any(
            target_arch = "x86_64",
            target_arch = "aarch64",
            target_arch = "riscv64",
            target_arch = "loongarch64"
        )
    ))]
    unsafe fn action(
        signal: libc::c_int,
        new: Option<libc::sighandler_t>,
    ) -> Option<libc::sighandler_t> {
        let mut old = [0u64; 4];
        let new = new.map(|handler| [handler as u64, 0, 0, 0]);
        let new_ptr = new.as_ref().map_or(std::ptr::null(), |n| n.as_ptr());
        // SAFETY: both structs are 32 bytes as the kernel expects; 8 is the kernel's sigset
        // size.
        let rc = unsafe {
            libc::syscall(
                libc::SYS_rt_sigaction,
                signal,
                new_ptr,
                old.as_mut_ptr(),
                8usize,
            )
        };
        (rc == 0).then_some(old[0] as libc::sighandler_t)
    }

    #[cfg(not(all(
        target_os = "linux",
        any(
            target_arch = "x86_64",
            target_arch = "aarch64",
            target_arch = "riscv64",
            target_arch = "loongarch64"
        )
    )))]
    unsafe fn action(
        signal: libc::c_int,
        new: Option<libc::sighandler_t>,
    ) -> Option<libc::sighandler_t> {
        // SAFETY: zeroed local structs; sigaction is async-signal-safe.
        unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            let mut act: libc::sigaction = std::mem::zeroed();
            let new_ptr = match new {
                Some(handler) => {
                    act.sa_sigaction = handler;
                    libc::sigemptyset(&mut act.sa_mask);
                    &act as *const libc::sigaction
                }
                None => std::ptr::null(),
            };
            (libc::sigaction(signal, new_ptr, &mut old) == 0).then_some(old.sa_sigaction)
        }
    }
}

#[cfg(not(unix))]
mod inherited {
    pub fn save() {}

    pub(super) fn hand_down(_cmd: &mut std::process::Command) {}
}

#[cfg(unix)]
mod signals {
    //! Every signal sent to the shim that would end the linker if sent to it is passed on
    //! to the linker while it runs (G9): the linker decides, and the shim then reports what
    //! happened to it (G1). Until issue 19 only SIGINT, SIGTERM, SIGHUP and SIGQUIT were;
    //! SIGUSR1, SIGALRM and the rest killed the shim and orphaned the linker.
    //!
    //! A signal ignored when the shim started is ignored by the linker too (`inherited`
    //! hands it down), so it is left ignored here: the shim survives it as the linker would.

    use std::sync::atomic::{AtomicI32, Ordering};

    /// Every signal whose default action ends a process and that can be caught, but the
    /// faults (SIGSEGV, SIGBUS, SIGFPE, SIGILL), which only the faulting process gets.
    pub(super) fn forwarded() -> Vec<libc::c_int> {
        // The same list the probes' handler catches: one list of what ends a process.
        crate::process::terminating_signals()
    }

    static CHILD_PID: AtomicI32 = AtomicI32::new(0);
    /// A signal that arrived between installing the handlers and knowing the child's pid.
    static PENDING: AtomicI32 = AtomicI32::new(0);

    extern "C" fn forward(
        signal: libc::c_int,
        info: *mut libc::siginfo_t,
        _context: *mut libc::c_void,
    ) {
        // A terminal's ^C goes to the whole foreground process group, the linker included;
        // forwarding it too would deliver it twice. Only signals sent by another process with
        // kill(2) (si_code <= 0: SI_USER, SI_QUEUE, SI_TKILL) reach us alone. What the shim
        // brings on itself (a write to a closed stderr is a SIGPIPE "from" our own pid) is
        // not the linker's.
        let from_other = info.is_null() || {
            // SAFETY: the kernel hands a valid siginfo_t to an SA_SIGINFO handler.
            let (code, pid) = unsafe { ((*info).si_code, (*info).si_pid()) };
            // SAFETY: getpid is async-signal-safe.
            code <= 0 && pid != unsafe { libc::getpid() }
        };
        if !from_other {
            return;
        }
        let pid = CHILD_PID.load(Ordering::SeqCst);
        if pid > 0 {
            // SAFETY: kill is async-signal-safe.
            unsafe { libc::kill(pid, signal) };
        } else {
            PENDING.store(signal, Ordering::SeqCst);
        }
    }

    /// The handlers, installed for the lifetime of this value; the previous ones come back on
    /// drop. A signal that was ignored when we started stays ignored (nohup).
    pub(super) struct Forwarding {
        previous: Vec<(libc::c_int, libc::sigaction)>,
    }

    impl Forwarding {
        pub(super) fn install() -> Forwarding {
            let mut previous = Vec::new();
            for signal in forwarded() {
                // SAFETY: sigaction with zeroed, then filled, structs; the handler only uses
                // async-signal-safe operations (atomics, getpid and kill).
                unsafe {
                    let mut old: libc::sigaction = std::mem::zeroed();
                    let ignored = match super::inherited::ignored_at_start(signal) {
                        Some(ignored) => ignored,
                        // No saved state (a library user): what it is now decides.
                        None => {
                            libc::sigaction(signal, std::ptr::null(), &mut old) != 0
                                || old.sa_sigaction == libc::SIG_IGN
                        }
                    };
                    if ignored {
                        continue;
                    }
                    let mut new: libc::sigaction = std::mem::zeroed();
                    new.sa_sigaction = forward as *const () as libc::sighandler_t;
                    new.sa_flags = libc::SA_SIGINFO | libc::SA_RESTART;
                    libc::sigemptyset(&mut new.sa_mask);
                    if libc::sigaction(signal, &new, &mut old) == 0 {
                        previous.push((signal, old));
                    }
                }
            }
            Forwarding { previous }
        }

        pub(super) fn child_started(&self, id: u32) {
            let pid = i32::try_from(id).unwrap_or(0);
            CHILD_PID.store(pid, Ordering::SeqCst);
            let pending = PENDING.swap(0, Ordering::SeqCst);
            if pending != 0 && pid > 0 {
                // SAFETY: plain kill on our own child.
                unsafe { libc::kill(pid, pending) };
            }
        }
    }

    impl Drop for Forwarding {
        fn drop(&mut self) {
            CHILD_PID.store(0, Ordering::SeqCst);
            for (signal, old) in &self.previous {
                // SAFETY: restores the action saved by install.
                unsafe { libc::sigaction(*signal, old, std::ptr::null_mut()) };
            }
        }
    }
}

#[cfg(windows)]
mod signals {
    //! Ctrl-C reaches every process on the console; the shim ignores it and lets the linker
    //! decide, as rustup's proxies do.

    type Handler = unsafe extern "system" fn(u32) -> i32;

    unsafe extern "system" {
        fn SetConsoleCtrlHandler(handler: Option<Handler>, add: i32) -> i32;
    }

    unsafe extern "system" fn ignore(_event: u32) -> i32 {
        1
    }

    pub(super) struct Forwarding;

    impl Forwarding {
        pub(super) fn install() -> Forwarding {
            // SAFETY: registers a handler that does nothing but return TRUE.
            unsafe { SetConsoleCtrlHandler(Some(ignore), 1) };
            Forwarding
        }

        pub(super) fn child_started(&self, _id: u32) {}
    }

    impl Drop for Forwarding {
        fn drop(&mut self) {
            // SAFETY: removes the handler added by install.
            unsafe { SetConsoleCtrlHandler(Some(ignore), 0) };
        }
    }
}

#[cfg(not(any(unix, windows)))]
mod signals {
    pub(super) struct Forwarding;

    impl Forwarding {
        pub(super) fn install() -> Forwarding {
            Forwarding
        }

        pub(super) fn child_started(&self, _id: u32) {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tee_keeps_a_bounded_copy() {
        let input = vec![b'x'; 200_000];
        let mut out = Vec::new();
        let (kept, truncated, broken) = tee(&input[..], &mut out, 100_000);
        assert_eq!(kept.len(), 100_000);
        assert!(truncated && !broken);
        assert_eq!(out, input, "everything is forwarded, whatever is kept");
        let (kept, truncated, broken) = tee(&b"short"[..], io::sink(), 100);
        assert_eq!(kept, b"short");
        assert!(!truncated && !broken);
    }

    /// Issue 19: a closed stderr stops the copy, for the caller to close the linker's.
    #[test]
    fn tee_stops_at_a_broken_pipe() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let (_, _, broken) = tee(&b"one\ntwo\n"[..], Closed, 100);
        assert!(broken);
    }
}
