//! Checks of a proposed setting against this machine, before anyone writes it: does the
//! compiler exist, compile a file that includes the C library's headers, and link it, for
//! the target; which archiver goes with a driver; does a pkg-config dir hold the `.pc`
//! files a crate asks for; does a library dir hold the library, built for the target's
//! machine. Each answer is a typed verdict a fix builder can act on (the package to
//! install, the header that is missing), never a guess.
//!
//! A [`Verifier`] lives for one command run: every probe goes through its [`Budget`]
//! (one deadline, a hung tool not run twice), and each check runs at most once per
//! (tool, flags, target), so every mode can ask again without paying again.
//!
//! What is judged here is what the headers of the files say about the machine (format,
//! family, word size, byte order). The ABI within a machine (float ABI, ISA revision) is
//! the diagnosis's judgement (`diagnose::fit`), which gets the identified object.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fs;
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::artifacts::machine::family;
use crate::artifacts::{Format, Inspection, ObjectId, inspect_path};
use crate::target::TargetSpec;

use super::probe::{self, Budget, ProbeError, Scratch};

mod dirs;
mod stderr;

pub use dirs::{LibraryCheck, MissingPc, PcCheck};
pub use stderr::classify;

/// The libc-free probe: identifies what the compiler makes even when it has no C library.
/// A double makes every ABI that records the float convention (MIPS `.MIPS.abiflags`, ARM
/// `Tag_ABI_VFP_args`, RISC-V e_flags) record it in the object.
const PROBE_C: &str = "double xlinkdiag_probe(double x) { return x * 2.0; }\n";

/// The C library's headers and a link against it: what every -sys crate's C needs.
const LIBC_C: &str = "#include <stdio.h>\n#include <stdlib.h>\n\
int main(int argc, char **argv) {\n  (void)argv;\n  printf(\"%d\\n\", argc);\n  return atoi(\"0\");\n}\n";

/// The C++ library too: `<cstdio>` and a `std::string`, so libstdc++ (or libc++) is linked.
const LIBC_CXX: &str = "#include <cstdio>\n#include <string>\n\
int main(int argc, char **) {\n  std::string s(\"xlinkdiag\");\n  s += std::to_string(argc);\n  std::printf(\"%s\\n\", s.c_str());\n  return 0;\n}\n";

/// Which compiler: C (`CC`) or C++ (`CXX`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    C,
    Cxx,
}

/// A step of the compiler check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// `-c` of the libc-free probe: what the compiler makes.
    Compile,
    /// `-c` of a file that includes the C (C++) library's headers.
    CompileLibc,
    /// Linking that file into a program: startup files and the C library.
    Link,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Compile => "compiling a test file",
            Step::CompileLibc => "compiling a file that includes the C library's headers",
            Step::Link => "linking a test program",
        }
    }
}

/// The libc-free probe object, identified by its headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compiled {
    pub object: ObjectId,
    pub path: PathBuf,
}

/// Why a compiler check failed, typed so a fix can say what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Not in `PATH` (or the path does not exist / is not executable).
    NotFound { program: String },
    /// Killed at its limit, timed out earlier in this run, or the run's budget was spent.
    Time(ProbeError),
    /// It could not be started.
    Spawn(String),
    /// It refused a flag (`unrecognized command-line option '-mfpu=neon'`,
    /// `unknown value 'x86-64-v9' for '-march'`): a flag for another machine.
    FlagRefused {
        step: Step,
        flag: String,
        line: String,
    },
    /// The target's C library headers are not there (`stdio.h`, `bits/libc-header-start.h`,
    /// `gnu/stubs-hard.h`: the named header is the one the compiler stopped at).
    HeadersMissing { header: String, line: String },
    /// The link found no startup file or C runtime library (`Scrt1.o`, `crti.o`, `-lc`,
    /// `-lstdc++`).
    LibcMissing { file: String, line: String },
    /// The compiler makes objects for another machine than the target's (the object is
    /// the check's `compiled`).
    WrongMachine { reason: String },
    /// It said it succeeded but left no object it could be identified by.
    NotAnObject { step: Step, detail: String },
    /// Anything else, with the first error line.
    Failed { step: Step, line: String },
}

impl Failure {
    /// Whether the target's C (or C++) library is what is missing: the compiler works, its
    /// sysroot is incomplete.
    pub fn is_libc(&self) -> bool {
        matches!(
            self,
            Failure::HeadersMissing { .. } | Failure::LibcMissing { .. }
        )
    }

    /// The failure in words, after "`<program>` …".
    pub fn describe(&self) -> String {
        match self {
            Failure::NotFound { program } => {
                format!("`{program}` is not installed or not in PATH")
            }
            Failure::Time(e) => e.to_string(),
            Failure::Spawn(e) => format!("cannot run it: {e}"),
            Failure::FlagRefused { flag, line, .. } => {
                format!("it refuses the flag `{flag}` ({line})")
            }
            Failure::HeadersMissing { header, .. } => {
                format!("the target's C library headers are missing: `{header}` not found")
            }
            Failure::LibcMissing { file, .. } => {
                format!("the target's C library is missing at the link: `{file}` not found")
            }
            Failure::WrongMachine { reason, .. } => {
                format!("it makes objects for another machine: {reason}")
            }
            Failure::NotAnObject { step, detail } => {
                format!("{} made no object: {detail}", step.as_str())
            }
            Failure::Failed { step, line } => format!("{} failed: {line}", step.as_str()),
        }
    }
}

/// What checking one compiler (with flags, for a target) showed. `failure` is the first
/// step that failed; `None` when it compiled the probe, compiled the libc file and linked
/// it (or, for a target without an OS, compiled the probe).
#[derive(Clone, Debug)]
pub struct CompilerCheck {
    pub lang: Lang,
    pub program: String,
    pub flags: Vec<String>,
    /// The program as found.
    pub path: Option<PathBuf>,
    /// `-dumpmachine`, when it answers.
    pub dumpmachine: Option<String>,
    /// The libc-free probe object, when the compile made one (also when its machine is
    /// wrong or a later step failed).
    pub compiled: Option<Compiled>,
    /// Whether the libc steps ran (they do not for targets without an OS).
    pub libc_checked: bool,
    pub failure: Option<Failure>,
}

impl CompilerCheck {
    pub fn works(&self) -> bool {
        self.failure.is_none()
    }
}

/// An archiver found for a driver.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Archiver {
    /// As a setting names it (`mips-linux-gnu-ar`, or the path the driver gave).
    pub name: String,
    pub path: PathBuf,
    pub from: ArchiverSource,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArchiverSource {
    /// `<prefix>ar` next to (or named like) the driver.
    Prefix,
    /// The driver's own answer to `-print-prog-name=ar` (a wrapper-script gcc's real one).
    Driver,
}

/// No archiver exists for the driver: the names tried, and why the driver did not say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoArchiver {
    pub tried: Vec<String>,
    pub driver_answer: Option<String>,
    pub failure: Option<Failure>,
}

/// Where the target's C library comes from for a compiler: what decides the package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LibcLayout {
    /// A sysroot of its own (`--sysroot`, or a `-print-sysroot` other than `/`): the C
    /// library belongs there.
    Sysroot(PathBuf),
    /// Debian's cross gcc (its runtime under `/usr/lib/gcc-cross/<gnu>/`): the C library
    /// comes from `libc6-dev-<arch>-cross` into `/usr/<gnu>`.
    DebianCross {
        gnu: String,
    },
    /// A compiler reading Debian's multiarch dirs (`/usr/lib/gcc/<gnu>/`): `libc6-dev:<arch>`.
    Multiarch {
        gnu: String,
    },
    Unknown,
}

type CompilerKey = (Lang, String, Vec<String>, &'static str);
type IndexKey = (PathBuf, Vec<String>, PathBuf);

/// The checks of one command run, memoized.
pub struct Verifier {
    budget: Budget,
    scratch: Scratch,
    seq: AtomicUsize,
    compilers: Mutex<HashMap<CompilerKey, Arc<CompilerCheck>>>,
    archivers: Mutex<HashMap<String, Result<Archiver, NoArchiver>>>,
    layouts: Mutex<HashMap<(String, Vec<String>), LibcLayout>>,
    indexes: Mutex<HashMap<IndexKey, Result<bool, ProbeError>>>,
}

fn memo<K: Eq + Hash, V: Clone>(map: &Mutex<HashMap<K, V>>, key: K, make: impl FnOnce() -> V) -> V {
    if let Some(v) = lock(map).get(&key) {
        return v.clone();
    }
    // Not held while the check runs: a check may ask another one (an archiver test needs
    // a target object).
    let v = make();
    lock(map).entry(key).or_insert(v).clone()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Verifier {
    pub fn new(budget: Budget) -> Result<Verifier, String> {
        Ok(Verifier {
            budget,
            scratch: Scratch::new()?,
            seq: AtomicUsize::new(0),
            compilers: Mutex::default(),
            archivers: Mutex::default(),
            layouts: Mutex::default(),
            indexes: Mutex::default(),
        })
    }

    pub fn budget(&self) -> &Budget {
        &self.budget
    }

    /// Checks `program flags` as the target's C or C++ compiler: found, `-dumpmachine`,
    /// the probe object and its machine, then a file with the C library's headers, then a
    /// link. Once per (lang, program, flags, target) in a run.
    pub fn compiler(
        &self,
        lang: Lang,
        program: &str,
        flags: &[String],
        spec: &'static TargetSpec,
    ) -> Arc<CompilerCheck> {
        let key = (lang, program.to_string(), flags.to_vec(), spec.triple);
        memo(&self.compilers, key, || {
            Arc::new(self.check_compiler(lang, program, flags, spec))
        })
    }

    fn check_compiler(
        &self,
        lang: Lang,
        program: &str,
        flags: &[String],
        spec: &'static TargetSpec,
    ) -> CompilerCheck {
        let mut c = CompilerCheck {
            lang,
            program: program.to_string(),
            flags: flags.to_vec(),
            path: None,
            dumpmachine: None,
            compiled: None,
            libc_checked: false,
            failure: None,
        };
        let Some(path) = probe::which(program) else {
            c.failure = Some(Failure::NotFound {
                program: program.to_string(),
            });
            return c;
        };
        c.path = Some(path.clone());
        match self.budget.dumpmachine(&path, &[]) {
            Ok(m) => c.dumpmachine = m,
            Err(e) => {
                c.failure = Some(Failure::Time(e));
                return c;
            }
        }
        let n = self.seq.fetch_add(1, Ordering::Relaxed);
        let compiled = match self.compile(&path, flags, &format!("probe-{n}.c"), PROBE_C) {
            Ok(obj) => match identify(&obj) {
                Ok(object) => Compiled { object, path: obj },
                Err(detail) => {
                    c.failure = Some(Failure::NotAnObject {
                        step: Step::Compile,
                        detail,
                    });
                    return c;
                }
            },
            Err(f) => {
                c.failure = Some(f);
                return c;
            }
        };
        c.compiled = Some(compiled.clone());
        if let Some(reason) = machine_mismatch(&compiled.object, spec) {
            c.failure = Some(Failure::WrongMachine { reason });
            return c;
        }
        if !hosted(spec) {
            return c;
        }
        c.libc_checked = true;
        let (name, text) = match lang {
            Lang::C => (format!("libc-{n}.c"), LIBC_C),
            Lang::Cxx => (format!("libcxx-{n}.cpp"), LIBC_CXX),
        };
        let obj = match self.compile(&path, flags, &name, text) {
            Ok(o) => o,
            Err(f) => {
                c.failure = Some(relabel(f, Step::CompileLibc));
                return c;
            }
        };
        if let Err(f) = self.link(&path, flags, &obj, &format!("prog-{n}")) {
            c.failure = Some(f);
        }
        c
    }

    /// `cc flags -c -o <name>.o <name>` in the scratch dir: the object's path.
    fn compile(
        &self,
        cc: &Path,
        flags: &[String],
        name: &str,
        text: &str,
    ) -> Result<PathBuf, Failure> {
        let src = self.scratch.dir.join(name);
        fs::write(&src, text)
            .map_err(|e| Failure::Spawn(format!("writing {}: {e}", src.display())))?;
        let obj = self.scratch.dir.join(format!("{name}.o"));
        let mut args: Vec<OsString> = flags.iter().map(OsString::from).collect();
        args.extend([
            "-c".into(),
            "-o".into(),
            obj.clone().into_os_string(),
            src.into_os_string(),
        ]);
        let out = self.run(cc, &args, probe::PROBE_LIMIT)?;
        if !out.0 {
            return Err(classify(&out.1, Step::Compile));
        }
        if !obj.is_file() {
            return Err(Failure::NotAnObject {
                step: Step::Compile,
                detail: "no output file".into(),
            });
        }
        Ok(obj)
    }

    fn link(&self, cc: &Path, flags: &[String], obj: &Path, name: &str) -> Result<(), Failure> {
        let out_path = self.scratch.dir.join(name);
        let mut args: Vec<OsString> = flags.iter().map(OsString::from).collect();
        args.extend([
            obj.as_os_str().to_os_string(),
            "-o".into(),
            out_path.into_os_string(),
        ]);
        let out = self.run(cc, &args, probe::PROBE_LIMIT)?;
        if out.0 {
            Ok(())
        } else {
            Err(classify(&out.1, Step::Link))
        }
    }

    /// Runs a toolchain program in the C locale (so its messages read as this module
    /// expects): success and stderr.
    fn run(
        &self,
        program: &Path,
        args: &[OsString],
        limit: std::time::Duration,
    ) -> Result<(bool, String), Failure> {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .current_dir(&self.scratch.dir)
            .env("LC_ALL", "C")
            .env_remove("LANGUAGE");
        match self.budget.run_command(program, &mut cmd, limit) {
            Ok(f) => Ok((
                f.status.success(),
                String::from_utf8_lossy(&f.stderr).into_owned(),
            )),
            Err(e) if e.is_time() => Err(Failure::Time(e)),
            Err(e) => Err(Failure::Spawn(e.to_string())),
        }
    }

    /// The archiver that goes with a compiler driver (`/sdk/bin/mips-openwrt-linux-gcc`,
    /// `aarch64-linux-gnu-gcc`): `<prefix>ar` when it exists, else the driver's answer to
    /// `-print-prog-name=ar` when that is an existing file (a wrapper-script gcc's real
    /// binutils). Never a name that is not there.
    pub fn archiver(&self, driver: &str) -> Result<Archiver, NoArchiver> {
        memo(&self.archivers, driver.to_string(), || {
            self.find_archiver(driver)
        })
    }

    fn find_archiver(&self, driver: &str) -> Result<Archiver, NoArchiver> {
        let mut tried = Vec::new();
        if let Some(prefix) = driver_prefix(driver) {
            let name = format!("{prefix}ar");
            if let Some(path) = probe::which(&name) {
                return Ok(Archiver {
                    name,
                    path,
                    from: ArchiverSource::Prefix,
                });
            }
            tried.push(name);
        }
        let mut none = NoArchiver {
            tried,
            driver_answer: None,
            failure: None,
        };
        let Some(path) = probe::which(driver) else {
            none.failure = Some(Failure::NotFound {
                program: driver.to_string(),
            });
            return Err(none);
        };
        let answer = match self
            .budget
            .query(&path, &[], "-print-prog-name=ar", probe::QUERY_LIMIT)
        {
            Ok(Some(out)) => String::from_utf8_lossy(&out).trim().to_string(),
            Ok(None) => return Err(none),
            Err(e) => {
                none.failure = Some(Failure::Time(e));
                return Err(none);
            }
        };
        none.driver_answer = Some(answer.clone());
        // A bare `ar` is the driver saying it has none of its own.
        let answered = Path::new(&answer);
        if answered.is_absolute() && is_executable(answered) {
            let path = fs::canonicalize(answered).unwrap_or_else(|_| answered.to_path_buf());
            return Ok(Archiver {
                name: path.display().to_string(),
                path,
                from: ArchiverSource::Driver,
            });
        }
        Err(none)
    }

    /// Whether `ar crs` packs `object` with a symbol index (`probe::archive_indexes`), once
    /// per (archiver, args, object).
    pub fn archive_indexes(
        &self,
        ar: &Path,
        args: &[String],
        object: &Path,
    ) -> Result<bool, ProbeError> {
        let key = (ar.to_path_buf(), args.to_vec(), object.to_path_buf());
        memo(&self.indexes, key, || {
            probe::archive_indexes(&self.budget, ar, args, object, &self.scratch)
        })
    }

    /// How the compiler finds the target's C library: decides which package provides it.
    pub fn libc_layout(&self, program: &str, flags: &[String]) -> LibcLayout {
        let key = (program.to_string(), flags.to_vec());
        memo(&self.layouts, key, || self.find_layout(program, flags))
    }

    fn find_layout(&self, program: &str, flags: &[String]) -> LibcLayout {
        if let Some(s) = sysroot_flag(flags) {
            return LibcLayout::Sysroot(PathBuf::from(s));
        }
        let Some(path) = probe::which(program) else {
            return LibcLayout::Unknown;
        };
        let os: Vec<OsString> = flags.iter().map(OsString::from).collect();
        if let Ok(Some(s)) = self.budget.print_sysroot(&path, &os)
            && s != "/"
        {
            return LibcLayout::Sysroot(PathBuf::from(s));
        }
        let libgcc = self
            .budget
            .query(&path, &os, "-print-libgcc-file-name", probe::QUERY_LIMIT)
            .ok()
            .flatten()
            .map(|o| String::from_utf8_lossy(&o).trim().to_string())
            .unwrap_or_default();
        let machine = self.budget.dumpmachine(&path, &os).ok().flatten();
        layout_from(&libgcc, machine.as_deref())
    }

    /// The `.pc` files `names` (and what their `Requires` name) in `dirs`, as pkg-config
    /// would find them (first dir first).
    pub fn pc_files(&self, dirs: &[PathBuf], names: &[&str]) -> PcCheck {
        dirs::pc_files(dirs, names)
    }

    /// `lib<name>.so` / `lib<name>.a` in `dirs`, judged by its machine (an ld script `.so`
    /// followed to the library it names).
    pub fn library(&self, dirs: &[PathBuf], name: &str, spec: &TargetSpec) -> LibraryCheck {
        dirs::library(dirs, name, spec)
    }
}

/// Targets without an OS (`thumbv7em-none-eabi`, UEFI) have no C library to link against.
fn hosted(spec: &TargetSpec) -> bool {
    !matches!(spec.os, "none" | "uefi" | "") && spec.env != "msvc"
}

fn is_executable(p: &Path) -> bool {
    probe::which(&p.display().to_string()).is_some()
}

fn identify(obj: &Path) -> Result<ObjectId, String> {
    match inspect_path(obj) {
        Ok(Inspection::Object(id)) => Ok(id),
        Ok(_) => Err("the output is not an object file".into()),
        Err(e) => Err(format!("reading {}: {e}", obj.display())),
    }
}

/// A failure of the libc compile is that step's, not the probe's.
fn relabel(f: Failure, step: Step) -> Failure {
    match f {
        Failure::FlagRefused { flag, line, .. } => Failure::FlagRefused { step, flag, line },
        Failure::NotAnObject { detail, .. } => Failure::NotAnObject { step, detail },
        Failure::Failed { line, .. } => Failure::Failed { step, line },
        other => other,
    }
}

/// Whether an object is for another machine than the target's (format, family, word size,
/// byte order), in words. The ABI within the machine is not judged here.
pub fn machine_mismatch(found: &ObjectId, spec: &TargetSpec) -> Option<String> {
    let format = Format::from_target(spec.format);
    if found.format == Format::LlvmBitcode {
        return None;
    }
    if found.format != format {
        return Some(format!(
            "{} object where {} needs {}",
            found.format.as_str(),
            spec.triple,
            format.as_str()
        ));
    }
    if found.format != Format::Wasm && family(&found.arch) != family(spec.arch) {
        return Some(format!(
            "built for {}, the target is {}",
            found.arch, spec.arch
        ));
    }
    let bits = if format == Format::Elf {
        spec.pointer_width.max(32)
    } else {
        spec.pointer_width
    };
    if let Some(b) = found.bits
        && b != bits
    {
        return Some(format!("{b}-bit object, the target is {bits}-bit"));
    }
    if let Some(e) = found.endian
        && e != spec.endian
    {
        return Some(
            format!(
                "{e:?}-endian object, the target is {:?}-endian",
                spec.endian
            )
            .to_lowercase(),
        );
    }
    None
}

/// The cross prefix of a driver's name, dir kept: `/sdk/bin/mips-openwrt-linux-gcc` →
/// `/sdk/bin/mips-openwrt-linux-`; `gcc` has none.
pub fn driver_prefix(driver: &str) -> Option<String> {
    let name = Path::new(driver).file_name()?.to_str()?;
    let dir_len = driver.len() - name.len();
    // `aarch64-linux-gnu-gcc-12`: the version suffix is not part of the prefix.
    let stem = match name.rsplit_once('-') {
        Some((s, v)) if !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.') => s,
        _ => name,
    };
    for tool in ["gcc", "g++", "clang++", "clang", "cc", "c++"] {
        if let Some(p) = stem.strip_suffix(tool)
            && p.ends_with('-')
            && p.len() > 1
        {
            return Some(format!("{}{p}", &driver[..dir_len]));
        }
    }
    None
}

fn sysroot_flag(flags: &[String]) -> Option<String> {
    let mut it = flags.iter();
    let mut found = None;
    while let Some(f) = it.next() {
        if let Some(v) = f.strip_prefix("--sysroot=") {
            found = Some(v.to_string());
        } else if f == "--sysroot" {
            found = it.next().cloned();
        }
    }
    found
}

/// The layout from `-print-libgcc-file-name` and `-dumpmachine`.
fn layout_from(libgcc: &str, machine: Option<&str>) -> LibcLayout {
    let gnu_in = |marker: &str| {
        let rest = &libgcc[libgcc.find(marker)? + marker.len()..];
        rest.split('/')
            .next()
            .filter(|g| !g.is_empty())
            .map(str::to_string)
    };
    if let Some(gnu) = gnu_in("/gcc-cross/") {
        return LibcLayout::DebianCross { gnu };
    }
    if let Some(gnu) = gnu_in("/lib/gcc/")
        && machine.is_none_or(|m| m == gnu)
    {
        return LibcLayout::Multiarch { gnu };
    }
    LibcLayout::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::lookup;

    #[test]
    fn driver_prefixes() {
        assert_eq!(
            driver_prefix("/sdk/bin/mips-openwrt-linux-gcc").as_deref(),
            Some("/sdk/bin/mips-openwrt-linux-")
        );
        assert_eq!(
            driver_prefix("aarch64-linux-gnu-gcc-12").as_deref(),
            Some("aarch64-linux-gnu-")
        );
        assert_eq!(
            driver_prefix("arm-linux-gnueabihf-g++").as_deref(),
            Some("arm-linux-gnueabihf-")
        );
        assert_eq!(driver_prefix("gcc"), None);
        assert_eq!(driver_prefix("/usr/bin/cc"), None);
    }

    #[test]
    fn layouts() {
        assert_eq!(
            layout_from(
                "/usr/lib/gcc-cross/aarch64-linux-gnu/12/libgcc.a",
                Some("aarch64-linux-gnu")
            ),
            LibcLayout::DebianCross {
                gnu: "aarch64-linux-gnu".into()
            }
        );
        assert_eq!(
            layout_from(
                "/usr/lib/gcc/x86_64-linux-gnu/12/libgcc.a",
                Some("x86_64-linux-gnu")
            ),
            LibcLayout::Multiarch {
                gnu: "x86_64-linux-gnu".into()
            }
        );
        assert_eq!(layout_from("libgcc.a", None), LibcLayout::Unknown);
        assert_eq!(
            sysroot_flag(&[
                "-O2".into(),
                "--sysroot=/a".into(),
                "--sysroot".into(),
                "/b".into()
            ])
            .as_deref(),
            Some("/b")
        );
    }

    #[test]
    fn machines() {
        let a64 = lookup("aarch64-unknown-linux-gnu").unwrap();
        let host_like = ObjectId {
            format: Format::Elf,
            arch: "x86_64".into(),
            machine: 62,
            bits: Some(64),
            endian: Some(crate::target::Endian::Little),
            file_type: Default::default(),
            abi: Default::default(),
            damage: None,
        };
        let why = machine_mismatch(&host_like, a64).unwrap();
        assert!(why.contains("x86_64") && why.contains("aarch64"), "{why}");
        let mut right = host_like.clone();
        right.arch = "aarch64".into();
        assert_eq!(machine_mismatch(&right, a64), None);
        right.endian = Some(crate::target::Endian::Big);
        assert!(
            machine_mismatch(&right, a64)
                .unwrap()
                .contains("big-endian")
        );
    }
}
