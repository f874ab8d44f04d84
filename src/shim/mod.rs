//! The linker shim: run the real linker exactly as asked and, only when it fails, explain why.
//!
//! # Which invocations are linker calls
//!
//! [`main_entry`] decides this *before* clap runs, from argv alone, so that nothing that could
//! fail (argument parsing, config, logging) stands between rustc and the real linker.
//! [`shim_mode`] holds the rule:
//!
//! 1. **Installed under a linker's name.** When the file name of argv\[0\] does not start with
//!    `xlinkdiag` (a symlink or copy named `mips-openwrt-linux-gcc`, `cc`, …), every invocation
//!    is a linker call. The real linker is the one pinned by `xlinkdiag shim install`
//!    (`<shim dir>/.xlinkdiag-real/<name>`), else the next program of that name in `PATH` that
//!    is not xlinkdiag itself, else `XLINKDIAG_LINKER`.
//! 2. **Called as `xlinkdiag`.** The invocation is a linker call when the first argument is not
//!    one of the tool's own words ([`TOOL_WORDS`]: `scan`, `annotate`, `doctor`, `env`, `fix`,
//!    `link`, `shim`, `explain`, `help`; `cli` tests that they are clap's) and
//!    - the first argument is a response file (`@…`: rustc's
//!      `@/tmp/rustcXXXX/linker-arguments`) or `/NOLOGO` (any case: rustc's first word for
//!      link.exe and lld-link), or
//!    - any argument before a lone `--` is `-o`, a single-dash option of three bytes or more
//!      (`-m64`, `-fuse-ld=lld`, `-Wl,--as-needed`, `-nodefaultlibs`, `-flavor`, `-L/path`),
//!      or `/OUT:…`.
//!
//!    Every linker line rustc writes has such a word (`-o`, or `/OUT:` for link.exe), whatever
//!    comes first: its own `symbols.o`, a CRT object, or a plain object from
//!    `-Z pre-link-arg=start.o` or a target spec's pre-link objects (issue 11). The tool's own
//!    command lines never have one: its options are `--long`, and the two-byte `-h` and `-V`.
//!    So `xlinkdiag foo.o` and `xlinkdiag a.o b.o --format json` are scans, and
//!    `xlinkdiag start.o app.o -o app` is a link. The real linker is `XLINKDIAG_LINKER`.
//!    Nothing is read from disk to decide.
//! 3. **`xlinkdiag link --linker REAL -- ARGS…`** (or `--linker=REAL`), recognised here in
//!    exactly that form; other forms of `link` go to clap, which routes them through
//!    [`run_link`].
//!
//! # What the shim guarantees
//!
//! Comments elsewhere cite these by number (`G1`…`G10`); tests/integration/shim.rs checks them at the
//! process level.
//!
//! - **G1 Same outcome.** The shim exits with the linker's exit code; a linker killed by a
//!   signal has that signal re-raised on the shim with the default action ([`LinkerStatus`]).
//!   No finding and no internal error changes the status.
//! - **G2 Same argv.** The arguments go to the linker as the exact `OsString`s received: no
//!   re-quoting, `@file`s untouched; only a copy is parsed. The one change: behind a plain
//!   `xlinkdiag` (or `link --linker`), the lld words rustc added only because of that name are
//!   taken out, so the link is the one rustc makes with the real linker (`flavor`, issue 11).
//! - **G3 Same environment and cwd.** Inherited unchanged but for one added variable, the hop
//!   counter `XLINKDIAG_DEPTH`; stdin is inherited and never read, and the signal mask and
//!   dispositions rustc gave us are handed down (`save_inherited_signals`).
//! - **G4 Same streams.** stdout is inherited; stderr is teed: each chunk is forwarded at once
//!   and at most [`STDERR_CAP`] bytes are kept for the diagnosis, read on a thread of its own.
//! - **G5 Quiet on success.** A link that succeeds gets nothing added. On failure the
//!   diagnosis comes after the linker's stderr, every line prefixed `xlinkdiag:`.
//! - **G6 Diagnosis cannot break the link.** It runs in the engine process behind
//!   `catch_unwind` and a time budget ([`DEFAULT_BUDGET`], `XLINKDIAG_BUDGET_MS`) with capped
//!   input; a panic, a timeout or an error is at most one `xlinkdiag:` line, and G1 holds.
//! - **G7 An off switch.** `XLINKDIAG_DISABLE=1` is pure pass-through (`exec` on Unix), as are
//!   calls that are not links (`-c`, `-E`, `-S`, `-dumpmachine`, `--version`, `-print-*`, …).
//! - **G8 Never itself.** A candidate real linker that is the running executable is skipped
//!   (`resolve`), and a chain of shims stops after [`MAX_DEPTH`] hops (126).
//! - **G9 Signals while the linker runs.** Every signal sent to the shim that would end the
//!   linker (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1/2, SIGALRM, SIGPIPE, the real-time
//!   ones, …; not the faults) is passed on to the linker, which decides; then G1 reports
//!   what happened to it. One ignored at the shim's start stays ignored, as for the linker.
//!   With the shim's stderr a closed pipe, the linker's becomes one too (SIGPIPE kept).
//! - **G10 rustc's linker-flavor guess keeps working.** `shim install` puts the shim under the
//!   real linker's own name (argv\[0\] dispatch), with the sibling tools linked next to it.

mod child;
mod diagnosis;
mod dispatch;
pub mod engine;
mod flavor;
mod install;
mod report;
mod resolve;
mod status;
mod vars;

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::exit::ExitStatus;
use std::time::Duration;

pub use child::save_inherited_signals;
pub use diagnosis::{DiagnoseFn, set_diagnoser};
pub use dispatch::{LinkerSource, ShimRequest, TOOL_WORDS, is_link, shim_mode};
pub use install::{PIN_DIR, install, setup_lines};
pub use report::{report_for_shim, still_current};
pub use status::LinkerStatus;
pub use vars::{BUDGET_MS_VAR, DEPTH_VAR, DISABLE_VAR, LINKER_VAR, MAX_DEPTH};

/// What the diagnosis of a failed link gets to look at.
#[derive(Clone, Debug)]
pub struct LinkFailure {
    /// The real linker that ran, as it was spawned (not canonicalised).
    pub linker: PathBuf,
    /// True when `XLINKDIAG_LINKER` named the real linker: a fix for the linker changes that
    /// variable, since cargo's linker setting names the shim.
    pub linker_from_var: bool,
    /// The arguments exactly as the linker got them (`@file`s not expanded).
    pub args: Vec<OsString>,
    /// The linker's stderr, at most [`STDERR_CAP`] bytes of its beginning.
    pub stderr: Vec<u8>,
    /// True when the linker wrote more than [`STDERR_CAP`] bytes.
    pub stderr_truncated: bool,
    /// The linker's working directory, which relative paths on the line are relative to.
    pub cwd: PathBuf,
    /// How the linker ended.
    pub status: LinkerStatus,
}

/// How much of the linker's stderr is kept for analysis; the rest is still forwarded.
pub const STDERR_CAP: usize = 4 << 20;

/// Default time the diagnosis may take before the shim gives up on it.
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(3);

/// The entry `main` calls before anything else: `None` when this process is not a linker call,
/// else the exit code to return from `main` (a signal death of the linker has already been
/// re-raised on this process by then, so `main` only returns when that did not kill it).
pub fn main_entry() -> Option<ExitCode> {
    let mut argv = std::env::args_os();
    let argv0 = argv.next().unwrap_or_default();
    let args: Vec<OsString> = argv.collect();
    let request = shim_mode(&argv0, &args)?;
    Some(run(request).mirror())
}

/// `xlinkdiag link --linker REAL -- ARGS…`: run `real` (a path, or a name looked up in `PATH`
/// skipping xlinkdiag itself) with `args`, exactly as the argv\[0\] shim would.
pub fn run_link(real: PathBuf, args: Vec<OsString>) -> LinkerStatus {
    run(ShimRequest {
        source: LinkerSource::Explicit(real),
        args,
    })
}

/// What `xlinkdiag shim install` was asked.
pub struct InstallOptions<'a> {
    pub linker: &'a Path,
    pub dir: &'a Path,
    pub target: Option<&'static crate::target::TargetSpec>,
    /// Install even when the linker links for another machine than the target.
    pub force: bool,
    /// One line per sibling tool instead of a count.
    pub verbose: bool,
}

/// `xlinkdiag shim install --linker LINKER DIR`: checks that the linker links for the target,
/// installs, then prints the settings to use on stdout.
pub fn run_install(o: &InstallOptions) -> Result<ExitStatus, crate::exit::Error> {
    if let Some(spec) = o.target
        && let Some(wrong) = install::links_for_another_machine(o.linker, spec)
    {
        if !o.force {
            return Err(crate::exit::Error::with_status(
                ExitStatus::Findings,
                format!(
                    "not installing: {wrong}; name the target's cross linker \
                     (e.g. {}), or pass --force",
                    install::cross_linker_example(spec)
                ),
            ));
        }
        say(&format!("warning: {wrong}; installed anyway (--force)"));
    }
    match install(o.linker, o.dir) {
        Ok(created) => {
            let mut out = std::io::stdout().lock();
            let shim = created.first().cloned().unwrap_or_default();
            let siblings = &created[1.min(created.len())..];
            let mut text = String::new();
            if o.verbose {
                for path in siblings {
                    text.push_str(&format!("# sibling: {}\n", path.display()));
                }
            } else if let Some(line) = install::siblings_summary(&shim, siblings) {
                text.push_str(&line);
                text.push('\n');
            }
            for line in setup_lines(&shim, o.target.map(|t| t.triple)) {
                text.push_str(&line);
                text.push('\n');
            }
            // A closed stdout is the reader's choice; the install itself has succeeded.
            let _ = out.write_all(text.as_bytes());
            Ok(ExitStatus::Clean)
        }
        Err(err) => Err(crate::exit::Error::usage(format!(
            "cannot install the shim into {}: {err}",
            o.dir.display()
        ))),
    }
}

/// Runs one linker call to the end: resolve, run, and diagnose when it failed.
pub fn run(request: ShimRequest) -> LinkerStatus {
    let depth = vars::depth();
    if depth >= MAX_DEPTH {
        say(&format!(
            "the linker shim has called itself {depth} times in a row ({DEPTH_VAR}); \
             the real linker leads back to xlinkdiag: set {LINKER_VAR}=/path/to/real/linker"
        ));
        return LinkerStatus::Exited(ExitStatus::CannotRun.code().into());
    }
    let (real, linker_from_var) = match resolve::real_linker(&request.source) {
        Ok(found) => found,
        Err(err) => {
            say(&err.to_string());
            return LinkerStatus::Exited(err.exit_status().code().into());
        }
    };
    let mut args = request.args;
    // Under its own name xlinkdiag made rustc keep lld where the real linker's name would
    // not have; in a name-keeping setup rustc saw the real name already. Done with
    // XLINKDIAG_DISABLE=1 too: turning the diagnosis off must not change the link.
    if !matches!(request.source, LinkerSource::NamedAfter { .. }) {
        flavor::undo_name_driven_lld(&real, &mut args);
    }
    if vars::disabled() || !is_link(&args) {
        // Returns only when the exec itself failed.
        let err = child::pass_through(&real, &args, depth + 1);
        return cannot_run(&real, &err);
    }
    let outcome = match child::run_teed(&real, &args, depth + 1, STDERR_CAP) {
        Ok(outcome) => outcome,
        Err(err) => return cannot_run(&real, &err),
    };
    // Nothing to explain on success, nor when the linker was killed (an interrupted build, or
    // a crash of the linker itself): its status is mirrored as it is.
    if !matches!(outcome.status, LinkerStatus::Exited(code) if code != 0) {
        if matches!(outcome.status, LinkerStatus::Exited(0)) {
            forget_report(&args);
        }
        return outcome.status;
    }
    let failure = LinkFailure {
        linker: real,
        linker_from_var,
        args,
        stderr: outcome.stderr,
        stderr_truncated: outcome.truncated,
        cwd: std::env::current_dir().unwrap_or_default(),
        status: outcome.status,
    };
    if let Some(diagnose) = diagnosis::diagnoser() {
        let text = diagnosis::run_guarded(diagnose, failure, vars::budget());
        if !text.is_empty() {
            // stderr is the only stream the shim may add to; a failed write changes nothing.
            let _ = std::io::stderr().lock().write_all(&text);
        }
    }
    outcome.status
}

/// A link that succeeds supersedes the report of its own earlier failure: that report is
/// removed, so `last-link.json` (a link to it) no longer answers for this output. One
/// `unlink` on the success path, no file read; an output inside an `@file` is not looked for.
fn forget_report(args: &[OsString]) {
    let mut output = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let b = a.as_encoded_bytes();
        if b == b"-o" {
            output = it.next().map(PathBuf::from);
        } else if let Some(rest) = b
            .strip_prefix(b"/OUT:")
            .or_else(|| b.strip_prefix(b"-out:"))
        {
            output = Some(PathBuf::from(std::ffi::OsStr::new(
                &String::from_utf8_lossy(rest).into_owned(),
            )));
        }
    }
    let Some(output) = output else { return };
    let output = if output.is_absolute() {
        output
    } else {
        match std::env::current_dir() {
            Ok(cwd) => cwd.join(output),
            Err(_) => return,
        }
    };
    if let Some(dir) = crate::cargo::layout::target_dir_of(&output) {
        let _ = std::fs::remove_file(crate::cargo::layout::link_report(&dir, &output));
    }
}

fn cannot_run(real: &Path, err: &std::io::Error) -> LinkerStatus {
    say(&format!(
        "cannot run the real linker {}: {err}",
        real.display()
    ));
    let status = if err.kind() == std::io::ErrorKind::NotFound {
        ExitStatus::NotFound
    } else {
        ExitStatus::CannotRun
    };
    LinkerStatus::Exited(status.code().into())
}

/// One line from the shim itself, always on stderr and always prefixed, so that it reads right
/// inside rustc's "linking with `…` failed" note.
fn say(message: &str) {
    let line = format!("xlinkdiag: {}\n", crate::sanitize::text(message));
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}
