//! Diagnosing one failed link from its command line and the linker's stderr.
//!
//! Every input on the line is inspected (the linker stops at its first culprit), against a
//! target worked out from rustc's own inputs. Then what only a link shows: a linker for
//! another machine, `-L` dirs of the host, `-l` libraries that exist nowhere.

use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use crate::artifacts::inspect::{Inspection, inspect_path};
use crate::cargo::build_output::BuildRun;
use crate::cargo::layout;
use crate::linker::{self, ArgLevel, LinkInvocation};
use crate::messages::{self, LinkerMessage, MessageKind};
use crate::sanitize;
use crate::target::{self, TargetSpec};
use crate::toolchain::Machine;

use super::attribution::Units;
use super::compare::compare;
use super::expected::Expected;
use super::finding::{Finding, Kind, Provenance};
use super::fix;
use super::scan::{self, LinkIdentity, ScanOptions, ScanReport};

pub struct LinkDiagnosis {
    pub report: ScanReport,
    /// The cargo target dir the inputs live in, where the last report is kept.
    pub target_dir: Option<PathBuf>,
    /// The link's output (absolute), when the command line names one.
    pub output: Option<PathBuf>,
}

/// `linker_var` is the variable that named the real linker when it is not cargo's
/// `CARGO_TARGET_<T>_LINKER` (`XLINKDIAG_LINKER` behind a plain `xlinkdiag`, where cargo's
/// setting names the shim): the wrong-linker fix names it.
pub fn diagnose(
    linker: &Path,
    linker_var: Option<&str>,
    args: &[OsString],
    stderr: &[u8],
    cwd: &Path,
    machine: &dyn Machine,
) -> LinkDiagnosis {
    let inv = linker::invocation(linker, args, cwd);
    let abs = |p: &PathBuf| {
        if p.is_absolute() {
            p.clone()
        } else {
            cwd.join(p)
        }
    };
    let inputs: Vec<PathBuf> = inv.inputs.iter().map(abs).filter(|p| p.is_file()).collect();
    let search: Vec<PathBuf> = inv.search_dirs.iter().map(abs).collect();
    let (dumped, unanswered) = dump_machine(linker, &inv, machine);
    let rustc_inputs = inputs.iter().any(|p| {
        let n = p.to_string_lossy();
        n.ends_with(".rcgu.o") || n.ends_with(".rlib")
    });
    let inferred = infer_target(&inputs, &search, &inv)
        .or_else(|| Some((machine.target_override()?, "XLINKDIAG_TARGET".to_string())))
        // Without rustc's own inputs (a C-only link), the linker's own target is the best
        // word there is; with them, the scan judges by rustc's objects instead.
        .or_else(|| {
            let m = dumped.as_deref().filter(|_| !rustc_inputs)?;
            let t = target::gnu::rust_target(m)?;
            Some((
                t,
                format!("the linker's own target ({m}, from -dumpmachine)"),
            ))
        });
    let (spec, from) = match inferred {
        Some((s, f)) => (Some(s), Some(f)),
        None => (None, None),
    };
    let msgs = messages::parse(stderr);

    // -l libraries found in the host's library dirs are judged apart: the fix is the
    // search path, not the compiler.
    let mut scan_paths = inputs.clone();
    let mut host_libs = Vec::new();
    let mut resolved: Vec<(String, PathBuf)> = Vec::new();
    for lib in &inv.libs {
        if let Some(p) = linker::resolve_lib(lib, &search) {
            if p.parent().is_some_and(layout::is_host_lib_dir) {
                host_libs.push((lib.name.to_string_lossy().into_owned(), p));
            } else {
                resolved.push((lib.name.to_string_lossy().into_owned(), p.clone()));
                if !scan_paths.contains(&p) {
                    scan_paths.push(p);
                }
            }
        }
    }
    let mut report = scan::scan(&ScanOptions {
        paths: scan_paths,
        target: spec,
        link_inputs: true,
        target_from: from.clone(),
        linker: Some(real_linker(linker)),
        machine,
    });
    report.notes.extend(unanswered);
    let mut units = Units::near(&inputs);
    // The crates whose rlibs this link takes: a library dir or `-l` is theirs first.
    let linked: Vec<String> = inputs
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rlib"))
        .filter_map(|p| p.file_name().and_then(layout::crate_of_rlib))
        .collect();
    for p in units.problems.drain(..) {
        if !report.problems.contains(&p) {
            report.problems.push(p);
        }
    }
    if let Some(spec) = spec {
        let expected = Expected::from_spec(spec, from.clone().unwrap_or_default());
        report.findings.extend(wrong_linker(
            linker,
            linker_var,
            dumped.as_deref(),
            spec,
            &expected,
            &msgs,
        ));
        let mut prefix = fix::cross_prefix(spec, Some(&real_linker(linker)));
        if !host_libs.is_empty() {
            prefix.sysroot = machine.print_sysroot(linker, &linker::target_flags(&inv));
        }
        let owners = Owners {
            units: &units,
            linked: &linked,
            search: &search,
        };
        let hosted = host_library(
            &host_libs, &owners, spec, &expected, &prefix, &msgs, machine,
        );
        // A library found only for the host is then "not found" too: one finding is enough.
        let mut explained: Vec<String> = host_libs.iter().map(|(n, _)| n.clone()).collect();
        // A library the scan found foreign (an x86 archive a build script made) is what ld
        // skipped as incompatible before its `cannot find -l`: that finding says it all, a
        // second "missing" one would send the user to install what is there.
        for (name, p) in &resolved {
            if report
                .findings
                .iter()
                .any(|f| f.path == *p || f.also_in.contains(p))
            {
                explained.push(name.clone());
            }
        }
        report.findings.extend(hosted);
        let libc = missing_libc(&msgs);
        if !libc.is_empty() {
            // `-lc` not found is the C library missing, not a library a crate asked for.
            explained.push("c".into());
            report.findings.push(target_libc_missing(
                linker, &inv, spec, &expected, &libc, &msgs, machine,
            ));
        }
        report.findings.extend(super::symbols::findings(
            &msgs, spec, &expected, &prefix, cwd, &inputs, &units,
        ));
        super::symbols::explain_undefined(&mut report.findings, &msgs);
        report
            .findings
            .extend(missing_library(&msgs, &owners, spec, &expected, &explained));
    }
    LinkDiagnosis {
        target_dir: inputs.iter().find_map(|p| layout::target_dir_of(p)),
        report,
        output: None,
    }
}

fn real_linker(linker: &Path) -> crate::cargo::config::ConfiguredLinker {
    crate::cargo::config::ConfiguredLinker {
        linker: linker.to_string_lossy().into_owned(),
        source: "the real linker of this link".into(),
    }
}

/// rustc's own inputs say the target: a path under `<triple>/`, the sysroot's
/// `lib/rustlib/<triple>/lib`, a clang `--target`.
fn infer_target(
    inputs: &[PathBuf],
    search: &[PathBuf],
    inv: &LinkInvocation,
) -> Option<(&'static TargetSpec, String)> {
    // rustc's own symbols.o (in its temp dir) last: an rlib or object names the target better.
    let ordered = inputs
        .iter()
        .filter(|p| !crate::artifacts::inspect::is_rustc_symbols_object(p))
        .chain(
            inputs
                .iter()
                .filter(|p| crate::artifacts::inspect::is_rustc_symbols_object(p)),
        );
    for p in ordered {
        if let Some(t) = crate::cargo::layout::locate(p).triple {
            return Some((
                t,
                format!("the input path {} (`{}/`)", p.display(), t.triple),
            ));
        }
    }
    for p in search.iter().chain(inputs) {
        let comps: Vec<Component> = p.components().collect();
        for w in comps.windows(3) {
            if w[0].as_os_str() == "rustlib"
                && w[2].as_os_str() == "lib"
                && let Some(t) = target::from_path_component(w[1].as_os_str())
            {
                return Some((
                    t,
                    format!("rustc's sysroot on the command line ({})", p.display()),
                ));
            }
        }
    }
    if let Some(t) = inv.target_flag.as_deref().and_then(target::lookup) {
        return Some((t, format!("the linker's --target={}", t.triple)));
    }
    let machine = inv.machine.as_deref()?;
    let t = target::lookup(msvc_triple(machine)?)?;
    Some((t, format!("the linker's /MACHINE:{machine}")))
}

/// The Rust target a link.exe `/MACHINE:` value links for.
fn msvc_triple(machine: &str) -> Option<&'static str> {
    Some(match machine.to_ascii_uppercase().as_str() {
        "X64" | "AMD64" => "x86_64-pc-windows-msvc",
        "X86" | "I386" => "i686-pc-windows-msvc",
        "ARM64" => "aarch64-pc-windows-msvc",
        "ARM64EC" => "arm64ec-pc-windows-msvc",
        "ARM" => "thumbv7a-pc-windows-msvc",
        _ => return None,
    })
}

/// The linker for another machine: asked with `-dumpmachine` when it is a gcc or clang
/// driver, else told by the linker rejecting rustc's own objects as foreign.
fn wrong_linker(
    linker: &Path,
    linker_var: Option<&str>,
    machine: Option<&str>,
    spec: &'static TargetSpec,
    expected: &Expected,
    msgs: &[LinkerMessage],
) -> Option<Finding> {
    let linker_arch = machine.and_then(target::gnu::arch);
    let target_machine = crate::artifacts::machine::elf_machine(spec.arch);
    let rejects_target = msgs.iter().any(|m| {
        matches!(&m.kind, MessageKind::ForeignElfMachine { machine } if target_machine == Some(*machine))
    });
    let wrong = match linker_arch {
        Some((arch, endian)) => {
            arch != crate::artifacts::machine::family(spec.arch) || endian != spec.endian
        }
        None => rejects_target,
    };
    if !wrong {
        return None;
    }
    let fixed = fix::wrong_linker(spec, linker_var, fix::cross_prefix(spec, None).tool("gcc"));
    let what = machine.map_or_else(|| "another machine".to_string(), |m| m.trim().to_string());
    Some(finding(
        Kind::WrongLinker,
        linker.to_path_buf(),
        expected,
        None,
        super::words::wrong_linker(
            Some(&linker.display().to_string()),
            &format!("it links for {what}"),
            spec.triple,
        ),
        vec![format!(
            "rustc's objects are for {}; this linker cannot link them",
            spec.arch
        )],
        fixed,
    ))
}

/// The driver's own target (`-dumpmachine`), and the note to give when it did not answer
/// in time: a hung linker is said, not passed over (issue 19).
fn dump_machine(
    linker: &Path,
    inv: &LinkInvocation,
    machine: &dyn Machine,
) -> (Option<String>, Option<String>) {
    let Some(name) = linker.file_name().map(|n| n.to_string_lossy().to_string()) else {
        return (None, None);
    };
    let driver = ["gcc", "cc", "clang", "c++", "g++"]
        .iter()
        .any(|d| name == *d || name.ends_with(&format!("-{d}")) || name.starts_with("clang"));
    if !driver {
        return (None, None);
    }
    let target: Vec<OsString> = inv
        .target_flag
        .iter()
        .map(|t| OsString::from(format!("--target={t}")))
        .collect();
    match machine.dumpmachine(linker, &target) {
        Ok(said) => (said, None),
        Err(waited) => (
            None,
            Some(format!(
                "the linker {} did not answer `-dumpmachine` within {} ms (killed): which machine it links for was not checked",
                linker.display(),
                waited.as_millis()
            )),
        ),
    }
}

/// A `-l` found in a host dir: its name, its file, and what the file is built for.
type HostLib = (String, PathBuf, crate::artifacts::ObjectId);

/// The build-script runs of the link's target dir and the crates this link takes: whose
/// build script put a dir or a `-l` on this link.
struct Owners<'a> {
    units: &'a Units,
    linked: &'a [String],
    /// The link's `-L` dirs, in order.
    search: &'a [PathBuf],
}

impl Owners<'_> {
    fn emitting(&self, dir: Option<&Path>, names: &[&str]) -> Option<&BuildRun> {
        self.units.emitting_for_link(dir, names, self.linked)
    }
}

fn host_library(
    host_libs: &[(String, PathBuf)],
    owners: &Owners,
    spec: &'static TargetSpec,
    expected: &Expected,
    prefix: &fix::CrossPrefix,
    msgs: &[LinkerMessage],
    machine: &dyn Machine,
) -> Vec<Finding> {
    // One finding per host dir, naming every -l found there (`-lssl -lcrypto`), as scan
    // groups the libraries a build script records.
    let mut by_dir: Vec<(PathBuf, Vec<HostLib>)> = Vec::new();
    for (name, path) in host_libs {
        let foreign = match inspect_path(path) {
            Ok(Inspection::Object(id)) => compare(&id, expected).map(|_| id),
            Ok(Inspection::Archive(a)) => a
                .members
                .into_iter()
                .filter_map(|m| m.id)
                .find(|id| compare(id, expected).is_some()),
            _ => None,
        };
        let Some(found) = foreign else { continue };
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let entry = (name.clone(), path.clone(), found);
        match by_dir.iter_mut().find(|(d, _)| *d == dir) {
            Some((_, libs)) => libs.push(entry),
            None => by_dir.push((dir, vec![entry])),
        }
    }
    let mut out = Vec::new();
    for (dir, libs) in by_dir {
        let names: Vec<&str> = libs.iter().map(|(n, _, _)| n.as_str()).collect();
        let run = owners.emitting(Some(&dir), &names).or_else(|| {
            owners
                .search
                .iter()
                .find_map(|d| owners.units.emitting_search(d))
        });
        let system = match run.map(|r| r.build_system(None)) {
            _ if names.iter().any(|n| *n == "ssl" || *n == "crypto") => {
                crate::cargo::build_output::BuildSystem::OpensslSys
            }
            Some(s) => s,
            None => crate::cargo::build_output::BuildSystem::PkgConfig,
        };
        let sys = fix::suggest(Kind::HostLibraryPath, spec, system, run, prefix);
        let (_, first, found) = &libs[0];
        let who = run
            .and_then(|r| r.unit.as_ref())
            .map(|u| format!("crate `{}`", u.package.replace('-', "_")));
        let mut f = finding(
            Kind::HostLibraryPath,
            first.clone(),
            expected,
            run,
            fix::wording::host_library(
                who.as_deref(),
                &names,
                &dir,
                Some(&found.arch),
                spec.triple,
            ),
            vec![format!(
                "-L {} is the build machine's library dir{}",
                dir.display(),
                run.and_then(|r| r.unit.as_ref())
                    .map(|u| format!(", emitted by the build script of {}", u.package))
                    .unwrap_or_default()
            )],
            sys,
        );
        f.found = found.clone();
        f.also_in = libs.iter().skip(1).map(|(_, p, _)| p.clone()).collect();
        // ld passes over the host's copy as incompatible and takes the target's own from
        // its default dirs: not what failed this link. Only where the linker did not say it
        // found none (`-L`s, a `--sysroot` elsewhere, can keep it from the target's).
        let own: Vec<PathBuf> = names
            .iter()
            .filter_map(|n| machine.target_library(spec, n))
            .collect();
        let unfound = msgs.iter().any(|m| {
            matches!(&m.kind, MessageKind::MissingLibrary { lib } if names.contains(&lib.as_str()))
        });
        if own.len() == names.len() && !unfound {
            f.severity = super::finding::Severity::Warning;
            f.notes.push(format!(
                "the linker passes over the build machine's copies as incompatible and links the target's own ({}): not what failed this link",
                own.iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        out.push(f);
    }
    out
}

/// The target C library's own files the linker said it cannot find: the start files
/// (`crt1.o`, `Scrt1.o`, `crti.o`, `crtn.o`…) and `-lc`, in the order it named them. The
/// compiler's own (`crtbegin.o`, `-lgcc`) are not the C library's.
fn missing_libc(msgs: &[LinkerMessage]) -> Vec<String> {
    const START_FILES: &[&str] = &[
        "crt1.o", "Scrt1.o", "rcrt1.o", "gcrt1.o", "Mcrt1.o", "grcrt1.o", "crti.o", "crtn.o",
    ];
    let mut out: Vec<String> = Vec::new();
    for m in msgs {
        let name = match &m.kind {
            MessageKind::MissingLibrary { lib } if lib == "c" => "-lc".to_string(),
            MessageKind::MissingFile => {
                let Some(n) = m.file.as_deref().and_then(Path::file_name) else {
                    continue;
                };
                let n = n.to_string_lossy();
                if !START_FILES.contains(&n.as_ref()) {
                    continue;
                }
                n.into_owned()
            }
            _ => continue,
        };
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// `target-libc-missing`: a linker for the target that finds no C library for it. Nothing
/// about the objects is wrong, and no compiler setting fixes it: the target's C library is
/// to be installed where this linker looks.
fn target_libc_missing(
    linker: &Path,
    inv: &LinkInvocation,
    spec: &'static TargetSpec,
    expected: &Expected,
    missing: &[String],
    msgs: &[LinkerMessage],
    machine: &dyn Machine,
) -> Finding {
    let flags = linker::target_flags(inv);
    let mut notes: Vec<String> = msgs
        .iter()
        .filter(|m| match &m.kind {
            MessageKind::MissingFile => m
                .file
                .as_deref()
                .and_then(Path::file_name)
                .is_some_and(|n| missing.iter().any(|x| *x == n.to_string_lossy())),
            MessageKind::MissingLibrary { lib } => lib == "c",
            _ => false,
        })
        .map(|m| format!("the linker said: {}", m.text))
        .collect();
    // Where it looked: its sysroot (a toolchain of its own), else its built-in dirs.
    let looked = match machine.print_sysroot(linker, &flags) {
        Some(s) if !s.trim().is_empty() && s.trim() != "/" => {
            format!("its sysroot {}", s.trim())
        }
        _ => "its own library dirs (no sysroot of its own: `-print-sysroot` names none)".into(),
    };
    notes.push(format!(
        "{} looked for the target's C library in {looked}",
        linker.display()
    ));
    let strings: Vec<String> = flags
        .iter()
        .map(|f| f.to_string_lossy().into_owned())
        .collect();
    let mut fix = fix::Fix::default();
    fix.help.push(
        machine
            .libc_advice(linker, &strings, spec, &missing[0])
            .unwrap_or_else(|| {
                format!(
                    "install the C library for {} (its -dev files: crt*.o, libc) where {} looks, or use a toolchain that has it",
                    spec.triple,
                    linker.display()
                )
            }),
    );
    fix.help.push(
        "no compiler or flag setting fixes this: rustc's and the crates' objects are not at fault"
            .into(),
    );
    finding(
        Kind::TargetLibcMissing,
        linker.to_path_buf(),
        expected,
        None,
        super::words::target_libc_missing(
            Some(&linker.display().to_string()),
            &missing.join(", "),
            spec.triple,
        ),
        notes,
        fix,
    )
}

fn missing_library(
    msgs: &[LinkerMessage],
    owners: &Owners,
    spec: &'static TargetSpec,
    expected: &Expected,
    explained: &[String],
) -> Vec<Finding> {
    let mut seen: Vec<String> = explained.to_vec();
    let mut out = Vec::new();
    for m in msgs {
        let MessageKind::MissingLibrary { lib } = &m.kind else {
            continue;
        };
        if seen.contains(lib) {
            continue;
        }
        seen.push(lib.clone());
        let run = owners.emitting(None, &[lib.as_str()]);
        let mut fix = fix::Fix::default();
        if let Some(r) = run
            && r.build_system(None) == crate::cargo::build_output::BuildSystem::PkgConfig
        {
            fix.env.insert(
                format!("PKG_CONFIG_PATH_{}", spec.underscored()),
                "<sysroot>/usr/lib/pkgconfig".into(),
            );
        }
        fix.help.push(format!(
            "install lib{lib} for {} in the toolchain's sysroot, or point the crate at one (its -L)",
            spec.triple
        ));
        out.push(finding(
            Kind::MissingLibrary,
            PathBuf::from(format!("-l{lib}")),
            expected,
            run,
            super::words::missing_library(lib, spec.triple),
            vec![m.text.clone()],
            fix,
        ));
    }
    out
}

fn finding(
    kind: Kind,
    path: PathBuf,
    expected: &Expected,
    run: Option<&BuildRun>,
    message: String,
    notes: Vec<String>,
    fix: fix::Fix,
) -> Finding {
    let unit = run.and_then(|r| r.unit.as_ref());
    let mut f = Finding::new(
        kind,
        path,
        crate::artifacts::formats::bitcode(),
        expected.desc(),
        message,
    );
    f.crate_name = unit.map(|u| u.package.replace('-', "_"));
    f.package = unit.map(|u| u.package.clone());
    f.provenance = Provenance {
        build_system: run.map(|r| r.build_system(None).as_str().to_string()),
        build_dir: unit.map(|u| u.dir.clone()),
        ..Default::default()
    };
    f.notes = notes;
    f.set_fix(fix);
    f
}

/// A failed link as the shim reports it: [`diagnose`], plus the link's identity (its output,
/// its command line's digest, the linker's first line) that tells its report from another
/// link's.
pub fn diagnose_failure(
    linker: &Path,
    linker_var: Option<&str>,
    args: &[OsString],
    stderr: &[u8],
    cwd: &Path,
    machine: &dyn Machine,
) -> LinkDiagnosis {
    let mut d = diagnose(linker, linker_var, args, stderr, cwd, machine);
    let output = crate::linker::parse(args, ArgLevel::of_linker(linker))
        .output
        .map(|o| if o.is_absolute() { o } else { cwd.join(o) });
    d.report.link = output.as_ref().map(|o| LinkIdentity {
        output: o.to_string_lossy().into_owned(),
        linker: linker.to_string_lossy().into_owned(),
        time: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |t| t.as_secs()),
        digest: digest(args),
        first_line: first_line(stderr),
    });
    d.output = output;
    d
}

/// The first line the linker wrote, as a log shows it (trimmed, escapes off).
fn first_line(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| sanitize::text(l).chars().take(500).collect())
        .unwrap_or_default()
}

/// FNV-1a of the linker's arguments: two reports of the same command line have one digest.
fn digest(args: &[OsString]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for a in args {
        for b in a.as_encoded_bytes().iter().chain(std::iter::once(&0u8)) {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 21 item 3: armv7hf's link without the target's libc (the real words of
    /// Debian's arm-linux-gnueabihf-ld, testdata/logs/crates/armhf-no-libc-link.log).
    #[test]
    fn the_target_libc_missing_at_the_link_is_named() {
        let stderr = "/usr/bin/arm-linux-gnueabihf-ld: cannot find Scrt1.o: No such file or directory\n\
                      /usr/bin/arm-linux-gnueabihf-ld: cannot find crti.o: No such file or directory\n\
                      /usr/bin/arm-linux-gnueabihf-ld: cannot find -lc: No such file or directory\n\
                      /usr/bin/arm-linux-gnueabihf-ld: cannot find -lssl: No such file or directory\n\
                      collect2: error: ld returned 1 exit status\n";
        let msgs = messages::parse(stderr.as_bytes());
        assert_eq!(missing_libc(&msgs), ["Scrt1.o", "crti.o", "-lc"]);
        // The compiler's own start files and other libraries are not the C library's.
        let other = messages::parse(
            b"/usr/bin/ld: cannot find crtbeginS.o: No such file or directory\n/usr/bin/ld: cannot find -lssl\n",
        );
        assert!(missing_libc(&other).is_empty());

        let spec = target::lookup("armv7-unknown-linux-gnueabihf").unwrap();
        let expected = Expected::from_spec(spec, "test".into());
        let linker = Path::new("/usr/bin/arm-linux-gnueabihf-gcc");
        let inv = linker::invocation(linker, &[], Path::new("/"));
        let f = target_libc_missing(
            linker,
            &inv,
            spec,
            &expected,
            &missing_libc(&msgs),
            &msgs,
            &crate::toolchain::machine::Nothing,
        );
        assert_eq!(f.kind, Kind::TargetLibcMissing);
        assert!(f.message.contains("Scrt1.o, crti.o, -lc"), "{}", f.message);
        assert!(f.crate_name.is_none());
        assert!(
            f.notes.iter().any(|n| n.contains("cannot find crti.o")),
            "{:?}",
            f.notes
        );
        // Nothing to set: no compiler setting fixes a missing C library.
        assert!(f.env.is_empty(), "{:?}", f.env);
    }
}
