//! Running a tool to see what it really makes: `-dumpmachine`, and a compile of a tiny C
//! file whose object the engine identifies. A compiler's name says little (`gcc`, `cc`,
//! wrapper scripts); its object says everything the linker will see: machine, word size,
//! byte order, float ABI, ISA.
//!
//! Every run has a time limit and its own temp dir; a tool that is missing, hangs or fails
//! is a result (`Err` with the reason), never a panic. Questions to a driver (`-dumpmachine`,
//! `-print-sysroot`) all go through [`query`].

use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::artifacts::{Inspection, ObjectId, inspect_path};
use crate::process;

/// A compiler that takes longer than this on a one-line file is not going to help.
pub const PROBE_LIMIT: Duration = Duration::from_secs(30);

/// A driver answers `-dumpmachine` and `-print-*` at once; one that does not within this
/// is hung (the shim's time budget cuts it shorter still, see `crate::process`).
pub const QUERY_LIMIT: Duration = Duration::from_secs(5);

/// Uses a double so every ABI that records the float convention (MIPS `.MIPS.abiflags`,
/// ARM `Tag_ABI_VFP_args`, RISC-V e_flags) records it in the probe object.
const PROBE_C: &str = "double xlinkdiag_probe(double x) { return x * 2.0; }\n";

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
pub struct Run {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `program args` with stdin closed, within the time limit, killed with everything it
/// started at the limit (see `crate::process`).
pub fn run(program: &Path, args: &[OsString], cwd: Option<&Path>) -> Result<Run, String> {
    let mut cmd = Command::new(program);
    cmd.args(args);
    if let Some(d) = cwd {
        cmd.current_dir(d);
    }
    let r =
        process::run(&mut cmd, PROBE_LIMIT).map_err(|e| format!("{}: {e}", program.display()))?;
    Ok(Run {
        success: r.status.success(),
        stdout: String::from_utf8_lossy(&r.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&r.stderr).into_owned(),
    })
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

/// Whether the compiler is clang (cc-rs then adds `--target=<triple>` itself).
pub fn is_clang(cc: &Path) -> bool {
    run(cc, &["--version".into()], None).is_ok_and(|r| r.stdout.contains("clang"))
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

/// What compiling the probe file gave.
pub struct Compiled {
    pub object: ObjectId,
    pub path: PathBuf,
}

/// Compiles the probe C file with `cc args -c` into `scratch` and identifies the object.
pub fn compile(
    cc: &Path,
    args: &[String],
    scratch: &Scratch,
    name: &str,
) -> Result<Compiled, String> {
    let src = scratch.dir.join("xlinkdiag_probe.c");
    fs::write(&src, PROBE_C).map_err(|e| format!("writing {}: {e}", src.display()))?;
    let obj = scratch.dir.join(format!("{name}.o"));
    let mut argv: Vec<String> = args.to_vec();
    argv.extend([
        "-c".to_string(),
        "-o".to_string(),
        obj.display().to_string(),
        src.display().to_string(),
    ]);
    let os: Vec<OsString> = argv.iter().map(OsString::from).collect();
    let r = run(cc, &os, Some(&scratch.dir))?;
    let mut shown = vec![cc.display().to_string()];
    shown.extend(args.iter().cloned());
    shown.extend(["-c".into(), "probe.c".into()]);
    if !r.success {
        let first = r
            .stderr
            .lines()
            .find(|l| l.contains("error"))
            .or_else(|| r.stderr.lines().next())
            .unwrap_or("no message");
        return Err(format!("`{}` failed: {}", shown.join(" "), first.trim()));
    }
    match inspect_path(&obj) {
        Ok(Inspection::Object(id)) => Ok(Compiled {
            object: id,
            path: obj,
        }),
        Ok(_) => Err(format!(
            "`{}` made something that is not an object",
            shown.join(" ")
        )),
        Err(e) => Err(format!("reading the probe object: {e}")),
    }
}

/// Archives `object` with `ar crs` and says whether the archive got a symbol index (a `/`
/// or `__.SYMDEF` first member): an archiver that cannot read the target's objects writes
/// none, and the linker then says `archive has no index`.
pub fn archive_indexes(
    ar: &Path,
    ar_args: &[String],
    object: &Path,
    scratch: &Scratch,
) -> Result<bool, String> {
    let lib = scratch.dir.join("libxlinkdiag_probe.a");
    let _ = fs::remove_file(&lib);
    let mut a: Vec<OsString> = ar_args.iter().map(OsString::from).collect();
    a.extend([
        OsString::from("crs"),
        lib.clone().into_os_string(),
        object.as_os_str().to_os_string(),
    ]);
    let r = run(ar, &a, Some(&scratch.dir))?;
    if !r.success {
        return Err(format!(
            "`{} crs` failed: {}",
            ar.display(),
            r.stderr.lines().next().unwrap_or("no message").trim()
        ));
    }
    let head = crate::fsio::read_capped(&lib, 24).map_err(|e| format!("{}: {e}", lib.display()))?;
    let member = head.get(8..).unwrap_or(&[]);
    Ok(member.starts_with(b"/ ")
        || member.starts_with(b"/SYM64/")
        || member.starts_with(b"__.SYMDEF"))
}
