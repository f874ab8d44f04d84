//! Running a tool to see what it really makes: `-dumpmachine`, and a compile of a tiny C
//! file whose object the engine identifies. A compiler's name says little (`gcc`, `cc`,
//! wrapper scripts); its object says everything the linker will see: machine, word size,
//! byte order, float ABI, ISA.
//!
//! Every run has a time limit and its own temp dir; a tool that is missing, hangs or fails
//! is a result (`Err` with the reason), never a panic. Questions to a driver (`-dumpmachine`,
//! `-print-sysroot`) all go through [`query`].
//!
//! The commands that probe many tools (`doctor`, `env`, `fix`) run every probe through one
//! [`Budget`]: the limits add up to one deadline for the run, and a tool that hung once is
//! not run again in that run (issue 19: a hanging compiler probed seven times at 30 s each).

use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::process;

/// A compiler that takes longer than this on a one-line file is not going to help.
pub const PROBE_LIMIT: Duration = Duration::from_secs(30);

/// A driver answers `-dumpmachine` and `-print-*` at once; one that does not within this
/// is hung (the shim's time budget cuts it shorter still, see `crate::process`).
pub const QUERY_LIMIT: Duration = Duration::from_secs(5);

/// The variable that sets a run's probe budget, in seconds (`XLINKDIAG_PROBE_BUDGET=2.5`).
pub const BUDGET_VAR: &str = "XLINKDIAG_PROBE_BUDGET";

/// What one `doctor`, `env` or `fix` run may spend on probes in all, when the variable is
/// unset: a healthy toolchain answers all of doctor's probes in a few seconds.
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(90);

/// A program as a setting names it: a path, or a name looked up in `PATH`.
pub fn which(program: &str) -> Option<PathBuf> {
    if program.is_empty() {
        return None;
    }
    let p = Path::new(program);
    if p.components().count() > 1 || p.is_absolute() {
        return is_executable(p).then(|| p.to_path_buf());
    }
    let path = crate::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|c| is_executable(c))
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

/// The output of a finished run.
#[derive(Debug)]
pub struct Run {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// `<program> <flags> <question>` (`-print-sysroot`, `--verbose`, …): the program's stdout
/// when it answered with success within `limit`. The one runner of these questions.
pub fn query(
    program: &Path,
    flags: &[OsString],
    question: &str,
    limit: Duration,
) -> Option<Vec<u8>> {
    let out = process::run(
        Command::new(program).args(flags).arg(OsStr::new(question)),
        limit,
    )
    .ok()?;
    out.status.success().then_some(out.stdout)
}

/// `<program> <flags> -dumpmachine`: the compiler driver's default target, when it answers.
pub fn dumpmachine(program: &Path, flags: &[OsString], limit: Duration) -> Option<String> {
    first_line(&query(program, flags, "-dumpmachine", limit)?)
}

/// `<program> <flags> -print-sysroot`: the driver's sysroot, when it has one (Debian's cross
/// compilers answer `/` or nothing).
pub fn print_sysroot(program: &Path, flags: &[OsString], limit: Duration) -> Option<String> {
    first_line(&query(program, flags, "-print-sysroot", limit)?)
}

fn first_line(out: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(out);
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| line.to_string())
}

/// A scratch dir removed on drop.
pub struct Scratch {
    pub dir: PathBuf,
}

impl Scratch {
    pub fn new() -> Result<Scratch, String> {
        static SEQ: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "xlinkdiag-probe-{}-{nanos}-{}",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        ));
        fs::create_dir_all(&dir).map_err(|e| format!("temp dir {}: {e}", dir.display()))?;
        Ok(Scratch { dir })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Why a budgeted probe gave no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProbeError {
    /// The program could not be started (or waited for).
    Spawn(String),
    /// It ran and failed; what it said.
    Failed(String),
    /// Killed at its limit; `again` when it had already timed out earlier in this run and
    /// was not started a second time.
    TimedOut {
        program: PathBuf,
        after: Duration,
        again: bool,
    },
    /// The run's budget was used up before this probe could start.
    OutOfTime { program: PathBuf, budget: Duration },
}

impl ProbeError {
    /// Whether the probe ran out of time (now, earlier, or the run's): never a pass.
    pub fn is_time(&self) -> bool {
        matches!(
            self,
            ProbeError::TimedOut { .. } | ProbeError::OutOfTime { .. }
        )
    }
}

impl std::fmt::Display for ProbeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProbeError::Spawn(e) | ProbeError::Failed(e) => f.write_str(e),
            ProbeError::TimedOut {
                program,
                after,
                again: false,
            } => write!(
                f,
                "`{}` did not finish within {}: killed",
                program.display(),
                seconds(*after)
            ),
            ProbeError::TimedOut { program, after, .. } => write!(
                f,
                "`{}` timed out after {} earlier in this run: not run again",
                program.display(),
                seconds(*after)
            ),
            ProbeError::OutOfTime { program, budget } => write!(
                f,
                "`{}` not run: the run's probe budget of {} ({BUDGET_VAR}) was used up",
                program.display(),
                seconds(*budget)
            ),
        }
    }
}

/// `2.0s`, `30.0s`.
pub fn seconds(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

/// A tool that timed out in this run, and after how long.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimedOut {
    pub program: PathBuf,
    pub after: Duration,
}

/// One deadline for every probe of a run, and the tools that ran out of it. Cloning shares
/// it. Each probe gets its own limit cut to what is left, so the limits add up to the
/// budget however many tools hang; a tool that timed out is answered from the record.
#[derive(Clone, Debug)]
pub struct Budget {
    inner: Arc<BudgetInner>,
}

#[derive(Debug)]
struct BudgetInner {
    total: Duration,
    deadline: Instant,
    timed_out: Mutex<Vec<TimedOut>>,
    /// Programs not started because the budget was used up.
    starved: Mutex<Vec<PathBuf>>,
}

impl Budget {
    pub fn new(total: Duration) -> Budget {
        Budget {
            inner: Arc::new(BudgetInner {
                total,
                deadline: Instant::now() + total,
                timed_out: Mutex::new(Vec::new()),
                starved: Mutex::new(Vec::new()),
            }),
        }
    }

    /// The budget [`BUDGET_VAR`] sets, else [`DEFAULT_BUDGET`]; a value that is not a
    /// positive number of seconds is an error (a typo must not mean "no limit").
    pub fn from_env() -> Result<Budget, String> {
        match crate::env::var(BUDGET_VAR).filter(|v| !v.trim().is_empty()) {
            None => Ok(Budget::new(DEFAULT_BUDGET)),
            Some(v) => parse_seconds(&v)
                .map(Budget::new)
                .ok_or_else(|| format!("{BUDGET_VAR}={v}: not a number of seconds greater than 0")),
        }
    }

    pub fn total(&self) -> Duration {
        self.inner.total
    }

    pub fn deadline(&self) -> Instant {
        self.inner.deadline
    }

    /// The tools that timed out so far, in the order they did.
    pub fn timed_out(&self) -> Vec<TimedOut> {
        lock(&self.inner.timed_out).clone()
    }

    /// The programs not started because the budget was used up.
    pub fn starved(&self) -> Vec<PathBuf> {
        lock(&self.inner.starved).clone()
    }

    /// Whether `program` timed out in this run (then it is not run again).
    pub fn has_timed_out(&self, program: &Path) -> Option<TimedOut> {
        lock(&self.inner.timed_out)
            .iter()
            .find(|t| t.program == program)
            .cloned()
    }

    /// Runs `cmd` (whose program is `program`) for at most `limit`, cut to what is left of
    /// the budget. Stdin is closed and the process group killed at the end (`crate::process`).
    pub fn run_command(
        &self,
        program: &Path,
        cmd: &mut Command,
        limit: Duration,
    ) -> Result<process::Finished, ProbeError> {
        if let Some(t) = self.has_timed_out(program) {
            return Err(ProbeError::TimedOut {
                program: t.program,
                after: t.after,
                again: true,
            });
        }
        let left = self
            .inner
            .deadline
            .saturating_duration_since(Instant::now());
        if left.is_zero() {
            let mut starved = lock(&self.inner.starved);
            if !starved.iter().any(|p| p == program) {
                starved.push(program.to_path_buf());
            }
            return Err(ProbeError::OutOfTime {
                program: program.to_path_buf(),
                budget: self.inner.total,
            });
        }
        match process::run(cmd, limit.min(left)) {
            Ok(f) => Ok(f),
            Err(process::RunError::TimedOut(after)) => {
                let mut list = lock(&self.inner.timed_out);
                if !list.iter().any(|t| t.program == program) {
                    list.push(TimedOut {
                        program: program.to_path_buf(),
                        after,
                    });
                }
                Err(ProbeError::TimedOut {
                    program: program.to_path_buf(),
                    after,
                    again: false,
                })
            }
            Err(e) => Err(ProbeError::Spawn(format!("{}: {e}", program.display()))),
        }
    }

    /// Runs `program args` (stdin closed) within the budget.
    pub fn run(
        &self,
        program: &Path,
        args: &[OsString],
        cwd: Option<&Path>,
        limit: Duration,
    ) -> Result<Run, ProbeError> {
        let mut cmd = Command::new(program);
        cmd.args(args);
        if let Some(d) = cwd {
            cmd.current_dir(d);
        }
        let r = self.run_command(program, &mut cmd, limit)?;
        Ok(Run {
            success: r.status.success(),
            stdout: String::from_utf8_lossy(&r.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&r.stderr).into_owned(),
        })
    }

    /// [`query`] within the budget: `Ok(None)` when the program answered with a failure.
    pub fn query(
        &self,
        program: &Path,
        flags: &[OsString],
        question: &str,
        limit: Duration,
    ) -> Result<Option<Vec<u8>>, ProbeError> {
        let mut cmd = Command::new(program);
        cmd.args(flags).arg(OsStr::new(question));
        let out = self.run_command(program, &mut cmd, limit)?;
        Ok(out.status.success().then_some(out.stdout))
    }

    /// [`dumpmachine`] within the budget.
    pub fn dumpmachine(
        &self,
        program: &Path,
        flags: &[OsString],
    ) -> Result<Option<String>, ProbeError> {
        Ok(self
            .query(program, flags, "-dumpmachine", QUERY_LIMIT)?
            .and_then(|o| first_line(&o)))
    }

    /// [`print_sysroot`] within the budget.
    pub fn print_sysroot(
        &self,
        program: &Path,
        flags: &[OsString],
    ) -> Result<Option<String>, ProbeError> {
        Ok(self
            .query(program, flags, "-print-sysroot", QUERY_LIMIT)?
            .and_then(|o| first_line(&o)))
    }

    /// Whether the compiler is clang (cc-rs then adds `--target=<triple>` itself); a tool that
    /// cannot answer is not.
    pub fn is_clang(&self, cc: &Path) -> bool {
        self.run(cc, &["--version".into()], None, QUERY_LIMIT)
            .is_ok_and(|r| r.stdout.contains("clang"))
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic elsewhere while holding it leaves a list that is still whole.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// `2`, `0.5`, `30s` as a positive duration.
fn parse_seconds(v: &str) -> Option<Duration> {
    let n: f64 = v.trim().trim_end_matches('s').parse().ok()?;
    (n.is_finite() && n > 0.0 && n < 1e9).then(|| Duration::from_secs_f64(n))
}

/// Archives `object` with `ar crs` and says whether the archive got a symbol index (a `/`
/// or `__.SYMDEF` first member): an archiver that cannot read the target's objects writes
/// none, and the linker then says `archive has no index`.
pub fn archive_indexes(
    budget: &Budget,
    ar: &Path,
    ar_args: &[String],
    object: &Path,
    scratch: &Scratch,
) -> Result<bool, ProbeError> {
    let lib = scratch.dir.join("libxlinkdiag_probe.a");
    let _ = fs::remove_file(&lib);
    let mut a: Vec<OsString> = ar_args.iter().map(OsString::from).collect();
    a.extend([
        OsString::from("crs"),
        lib.clone().into_os_string(),
        object.as_os_str().to_os_string(),
    ]);
    let r = budget.run(ar, &a, Some(&scratch.dir), PROBE_LIMIT)?;
    if !r.success {
        return Err(ProbeError::Failed(format!(
            "`{} crs` failed: {}",
            ar.display(),
            r.stderr.lines().next().unwrap_or("no message").trim()
        )));
    }
    let head = crate::fsio::read_capped(&lib, 24)
        .map_err(|e| ProbeError::Failed(format!("{}: {e}", lib.display())))?;
    let member = head.get(8..).unwrap_or(&[]);
    Ok(member.starts_with(b"/ ")
        || member.starts_with(b"/SYM64/")
        || member.starts_with(b"__.SYMDEF"))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A script that never answers, as a hung compiler.
    fn hang(scratch: &Scratch) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let p = scratch.dir.join("hang-gcc");
        fs::write(&p, "#!/bin/sh\nwhile :; do sleep 1; done\n").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
        p
    }

    #[test]
    fn a_hung_tool_is_run_once() {
        let s = Scratch::new().unwrap();
        let tool = hang(&s);
        let b = Budget::new(Duration::from_secs(20));
        let t = Instant::now();
        let e = b.dumpmachine(&tool, &[]).unwrap_err();
        assert!(
            matches!(&e, ProbeError::TimedOut { again: false, .. }),
            "{e}"
        );
        assert!(t.elapsed() >= QUERY_LIMIT && t.elapsed() < QUERY_LIMIT * 3);
        let t = Instant::now();
        for _ in 0..5 {
            let e = b.run(&tool, &["-c".into()], None, PROBE_LIMIT).unwrap_err();
            assert!(
                matches!(&e, ProbeError::TimedOut { again: true, .. }),
                "{e}"
            );
            assert!(e.to_string().contains("not run again"), "{e}");
        }
        assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
        assert_eq!(b.timed_out().len(), 1);
        assert_eq!(b.timed_out()[0].program, tool);
    }

    #[test]
    fn limits_add_up_to_the_budget() {
        let s = Scratch::new().unwrap();
        let b = Budget::new(Duration::from_millis(600));
        let t = Instant::now();
        // Two different hung tools: the first takes what is left, the second gets nothing.
        let one = hang(&s);
        let two = s.dir.join("hang-cc");
        fs::copy(&one, &two).unwrap();
        let e1 = b.run(&one, &[], None, PROBE_LIMIT).unwrap_err();
        assert!(matches!(e1, ProbeError::TimedOut { .. }), "{e1}");
        let e2 = b.run(&two, &[], None, PROBE_LIMIT).unwrap_err();
        assert!(matches!(e2, ProbeError::OutOfTime { .. }), "{e2}");
        assert!(e2.to_string().contains(BUDGET_VAR), "{e2}");
        assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
        assert_eq!(b.starved(), [two]);
        // A tool that answers in time is unaffected by others' records.
        let b2 = Budget::new(Duration::from_secs(20));
        let sh = Path::new("/bin/sh");
        let r = b2
            .run(sh, &["-c".into(), "echo ok".into()], None, PROBE_LIMIT)
            .unwrap();
        assert!(r.success && r.stdout == "ok\n");
    }

    #[test]
    fn budget_values() {
        assert_eq!(parse_seconds("2"), Some(Duration::from_secs(2)));
        assert_eq!(parse_seconds(" 0.5s "), Some(Duration::from_millis(500)));
        for bad in ["0", "-1", "x", "inf", "NaN", ""] {
            assert_eq!(parse_seconds(bad), None, "{bad}");
        }
    }
}
