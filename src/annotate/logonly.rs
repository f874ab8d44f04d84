//! A failed link diagnosed from the linker's words alone, for when its files are gone.
//!
//! `messages::parse` reads the linker's stderr; each message it understands is turned into a
//! finding kind, and the file it names into a culprit: `libminiz_sys-<hash>.rlib` is crate
//! `miniz_sys`, `build/<pkg>-<hash>/out/libfoo.a` is package `<pkg>`, a bare member (mold
//! names only that) is the one crate of the link that has a build script's objects. One
//! finding per kind and culprit; the fix comes from `diagnose::fix` as for the scan.

use super::log::{LinkFailure, Log};
use super::make::{self, LOG_ONLY, Parts};
use crate::artifacts::Format;
use crate::artifacts::machine;
use crate::cargo::build_output::BuildSystem;
use crate::cargo::layout;
use crate::diagnose::fix::{self, Fix};
use crate::diagnose::{Finding, Kind, symbols};
use crate::linker::{self, ArgLevel, LinkInvocation};
use crate::messages::{self, Family, LinkerMessage, MessageKind};
use crate::target::TargetSpec;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Evidence lines kept per finding.
const MAX_EVIDENCE: usize = 3;

/// A finding in the making: everything the messages about one culprit said.
struct Culprit {
    key: (Kind, String),
    kind: Kind,
    path: PathBuf,
    crate_name: Option<String>,
    members: Vec<String>,
    found_arch: Option<String>,
    machine: u32,
    format: Format,
    evidence: Vec<String>,
    /// The symbol, relocation or library the messages are about.
    subject: Option<String>,
    symbols: Vec<String>,
}

pub fn diagnose(link: &LinkFailure, log: &Log, spec: Option<&'static TargetSpec>) -> Vec<Finding> {
    let inv = link.command.as_ref().map(|c| {
        // `@file`s are left alone: a log must not make us read files it names.
        let args: Vec<OsString> = c
            .args
            .iter()
            .filter(|a| !a.to_string_lossy().starts_with('@'))
            .cloned()
            .collect();
        linker::parse(&args, ArgLevel::of_linker(Path::new(&c.linker)))
    });
    let linker_name = link.command.as_ref().map(|c| c.linker.as_str());
    let msgs = messages::parse(link.stderr.join("\n").as_bytes());
    let mut culprits: Vec<Culprit> = Vec::new();
    let mut skipped: Vec<(String, PathBuf)> = Vec::new();
    for m in &msgs {
        if let MessageKind::IncompatibleSkipped { lib: Some(lib) } = &m.kind
            && let Some(f) = &m.file
        {
            skipped.push((lib.trim_start_matches("-l").to_string(), f.clone()));
            continue;
        }
        let Some((kind, arch, subject)) = classify(m, spec) else {
            continue;
        };
        let (path, member) = subject_file(m, &link.stderr);
        let crate_name = crate_of(&path, member.as_deref(), inv.as_ref(), log);
        let key = culprit_key(kind, crate_name.as_deref(), &path, subject.as_deref());
        let c = match culprits.iter().position(|c| c.key == key) {
            Some(i) => &mut culprits[i],
            None => {
                culprits.push(Culprit {
                    key,
                    kind,
                    path: path.clone(),
                    crate_name,
                    members: Vec::new(),
                    found_arch: None,
                    machine: 0,
                    format: format_of(m.family),
                    evidence: Vec::new(),
                    subject: subject.clone(),
                    symbols: Vec::new(),
                });
                let last = culprits.len() - 1;
                &mut culprits[last]
            }
        };
        // An archive path beats a member-only one (GNU ld names both for one culprit).
        if c.path.parent().is_none_or(|p| p.as_os_str().is_empty()) {
            c.path = path;
        }
        if let Some(mem) = member
            && !c.members.contains(&mem)
        {
            c.members.push(mem);
        }
        if c.found_arch.is_none() {
            c.found_arch = arch;
            if let MessageKind::ForeignElfMachine { machine } = m.kind {
                c.machine = u32::from(machine);
            }
        }
        if let Some(sym) = m.symbol()
            && !c.symbols.iter().any(|x| x == sym)
        {
            c.symbols.push(sym.to_string());
        }
        if c.evidence.len() < MAX_EVIDENCE && !c.evidence.contains(&m.text) {
            c.evidence.push(m.text.clone());
        }
    }
    host_libraries(&msgs, &skipped, &mut culprits);
    culprits
        .into_iter()
        .map(|c| build(c, log, spec, linker_name, link))
        .collect()
}

/// One finding per kind and crate (or file); one per library for libraries; one per link
/// for the wrong linker.
fn culprit_key(
    kind: Kind,
    crate_name: Option<&str>,
    path: &Path,
    subject: Option<&str>,
) -> (Kind, String) {
    let who = match kind {
        Kind::WrongLinker => String::new(),
        Kind::MissingLibrary => subject.unwrap_or_default().to_string(),
        _ => crate_name.map_or_else(|| path.to_string_lossy().into_owned(), str::to_string),
    };
    (kind, who)
}

/// The kind a message shows, the architecture it says the object has, and its subject.
fn classify(
    m: &LinkerMessage,
    spec: Option<&'static TargetSpec>,
) -> Option<(Kind, Option<String>, Option<String>)> {
    let target_family = spec.map(|s| machine::family(s.arch));
    // An object of the target itself rejected: the linker is the one for another machine.
    let of_target = |arch: &str| target_family == Some(machine::family(arch));
    Some(match &m.kind {
        // rustc's own object refused: the linker is not one for the target.
        MessageKind::WrongFormat | MessageKind::Incompatible { .. } if is_rustc_object(m) => {
            (Kind::WrongLinker, None, None)
        }
        MessageKind::WrongFormat | MessageKind::Incompatible { .. } => {
            (Kind::WrongArchitecture, None, None)
        }
        MessageKind::EndianMismatch => (
            Kind::WrongArchitecture,
            spec.map(|s| s.arch.to_string()),
            Some(BYTE_ORDER.into()),
        ),
        MessageKind::ForeignElfMachine { machine } => {
            let bits = if *machine == machine::EM_MIPS { 32 } else { 64 };
            let arch = machine::elf_arch(*machine, bits, 0).to_string();
            let kind = if of_target(&arch) {
                Kind::WrongLinker
            } else {
                Kind::WrongArchitecture
            };
            (kind, Some(arch), None)
        }
        MessageKind::MachineConflict { found, .. } => {
            let arch = rust_arch(found).map(str::to_string);
            let kind = match &arch {
                Some(a) if of_target(a) => Kind::WrongLinker,
                _ => Kind::WrongArchitecture,
            };
            (kind, arch, None)
        }
        MessageKind::PlatformMismatch { .. }
        | MessageKind::AbiMismatch
        | MessageKind::FloatAbiClash => (Kind::AbiMismatch, None, None),
        MessageKind::UndefinedSymbol { symbol } => {
            if symbols::is_atomic64(symbol) && spec.is_none_or(|s| s.max_atomic_width < 64) {
                (Kind::MissingAtomics, None, Some(symbol.clone()))
            } else if symbols::is_glibc_only(symbol) && spec.is_none_or(|s| s.env == "musl") {
                (Kind::LibcMismatch, None, Some(symbol.clone()))
            } else {
                return None;
            }
        }
        MessageKind::NoArchiveIndex => (Kind::ArchiveNoIndex, None, None),
        MessageKind::PicRelocation { relocation } => {
            (Kind::PicMismatch, None, Some(relocation.clone()))
        }
        MessageKind::MissingLibrary { lib } => (Kind::MissingLibrary, None, Some(lib.clone())),
        _ => return None,
    })
}

/// The subject of a byte-order complaint.
const BYTE_ORDER: &str = "byte order";

/// `app-….rcgu.o`, `symbols.o`: objects rustc made for the target itself.
fn is_rustc_object(m: &LinkerMessage) -> bool {
    m.member.is_none()
        && m.file
            .as_ref()
            .and_then(|f| f.file_name())
            .is_some_and(|n| {
                let n = n.to_string_lossy();
                n.ends_with(".rcgu.o") || n == "symbols.o"
            })
}

/// Linkers' names for machines (mold, bfd, link.exe, ld64) → Rust's `target_arch`.
fn rust_arch(name: &str) -> Option<&'static str> {
    let n = name.to_ascii_lowercase();
    Some(match n.as_str() {
        "x86_64" | "x86-64" | "i386:x86-64" | "x64" | "amd64" | "elf_x86_64" => "x86_64",
        "i386" | "i686" | "x86" | "elf_i386" => "x86",
        "arm64" | "aarch64" | "arm64e" | "aarch64linux" => "aarch64",
        "arm" | "arm32" | "armv7" | "thumb" => "arm",
        "riscv64" => "riscv64",
        "riscv32" => "riscv32",
        "ppc64" | "ppc64v1" | "ppc64v2" | "ppc64le" | "powerpc:common64" => "powerpc64",
        "ppc32" | "ppc" | "powerpc:common" => "powerpc",
        "s390x" => "s390x",
        "sparc64" => "sparc64",
        "loongarch64" => "loongarch64",
        n if n.starts_with("mips") => "mips",
        _ => return None,
    })
}

fn format_of(f: Family) -> Format {
    match f {
        Family::Ld64 => Format::MachO,
        Family::Msvc => Format::Coff,
        _ => Format::Elf,
    }
}

/// The file a message is about. A relocation message may name only a source location
/// (`nopic.c:(.text+0xc)`); then the object of the `in function` line above it is meant.
fn subject_file(m: &LinkerMessage, stderr: &[String]) -> (PathBuf, Option<String>) {
    let named = m.file.clone().unwrap_or_default();
    let is_source = named
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "c" | "cc" | "cpp" | "h" | "S" | "s"))
        || named.to_string_lossy().contains(":(");
    if (is_source || m.file.is_none()) && m.member.is_none() {
        let above = stderr[..m.line.saturating_sub(1).min(stderr.len())]
            .iter()
            .rev()
            .take(4)
            .find_map(|l| {
                l.strip_suffix("':")
                    .and_then(|l| l.split_once(": in function `"))
                    .map(|(obj, _)| obj)
            });
        if let Some(obj) = above {
            let obj = obj.rsplit(": ").next().unwrap_or(obj);
            return split_member(obj);
        }
    }
    (named, m.member.clone())
}

fn split_member(named: &str) -> (PathBuf, Option<String>) {
    match named.strip_suffix(')').and_then(|b| b.rsplit_once('(')) {
        Some((archive, member)) if !archive.is_empty() && !member.is_empty() => {
            (PathBuf::from(archive), Some(member.to_string()))
        }
        _ => (PathBuf::from(named), None),
    }
}

/// The crate a file of the link belongs to.
fn crate_of(
    path: &Path,
    member: Option<&str>,
    inv: Option<&LinkInvocation>,
    log: &Log,
) -> Option<String> {
    let name = path.file_name()?;
    if path.extension().is_some_and(|e| e == "rlib") {
        return layout::crate_of_rlib(name);
    }
    if let Some(u) = layout::locate(path).unit {
        return Some(u.package.replace('-', "_"));
    }
    let bare = path.parent().is_none_or(|p| p.as_os_str().is_empty());
    if bare && member.is_none() {
        return only_crate_with_build_script(inv?);
    }
    // `libfoo.a` a build script asked for by name.
    let lib = name
        .to_str()?
        .strip_prefix("lib")?
        .split('.')
        .next()?
        .to_string();
    log.linked_libs
        .iter()
        .find(|(_, l)| *l == lib)
        .map(|(p, _)| p.replace('-', "_"))
}

/// mold names only the member. When exactly one rlib of the link belongs to a package whose
/// build script put objects in a `-L` dir, that crate holds it.
fn only_crate_with_build_script(inv: &LinkInvocation) -> Option<String> {
    let scripted: Vec<String> = inv
        .search_dirs
        .iter()
        .filter_map(|d| layout::locate(d).unit)
        .map(|u| u.package.replace('-', "_"))
        .collect();
    let mut crates: Vec<String> = inv
        .inputs
        .iter()
        .filter_map(|p| p.file_name().and_then(layout::crate_of_rlib))
        .filter(|c| scripted.contains(c))
        .collect();
    crates.dedup();
    (crates.len() == 1).then(|| crates.remove(0))
}

/// `cannot find -lssl` after `skipping incompatible /usr/lib/x86_64-linux-gnu/libssl.so`:
/// the library exists, for the build machine. Otherwise it is missing.
fn host_libraries(msgs: &[LinkerMessage], skipped: &[(String, PathBuf)], out: &mut [Culprit]) {
    for c in out.iter_mut().filter(|c| c.kind == Kind::MissingLibrary) {
        let Some(lib) = &c.subject else { continue };
        if let Some((_, file)) = skipped
            .iter()
            .find(|(l, f)| l == lib && f.parent().is_some_and(is_host_lib_dir))
        {
            c.kind = Kind::HostLibraryPath;
            c.path = file.clone();
            if let Some(m) = msgs.iter().find(|m| {
                matches!(&m.kind, MessageKind::IncompatibleSkipped { lib: Some(l) } if l.trim_start_matches("-l") == lib)
            }) {
                c.evidence.insert(0, m.text.clone());
            }
        } else {
            c.path = PathBuf::from(format!("-l{lib}"));
        }
    }
}

/// The build machine's library dirs (multiarch ones included).
pub fn is_host_lib_dir(dir: &Path) -> bool {
    let s = dir.to_string_lossy();
    ["/usr/lib", "/lib", "/usr/local/lib", "/usr/lib64", "/lib64"]
        .iter()
        .any(|h| s == *h || s.starts_with(&format!("{h}/")))
        && !s.contains("gcc-cross")
        && !s.contains("/rustlib/")
}

/// `-lssl` → openssl-sys: the packages that link well-known libraries, for when the log does
/// not say which build script asked for one.
const KNOWN_LIBS: &[(&str, &str)] = &[
    ("asound", "alsa-sys"),
    ("bz2", "bzip2-sys"),
    ("crypto", "openssl-sys"),
    ("curl", "curl-sys"),
    ("dbus-1", "libdbus-sys"),
    ("git2", "libgit2-sys"),
    ("lzma", "lzma-sys"),
    ("sqlite3", "libsqlite3-sys"),
    ("ssh2", "libssh2-sys"),
    ("ssl", "openssl-sys"),
    ("udev", "libudev-sys"),
    ("z", "libz-sys"),
    ("zstd", "zstd-sys"),
];

fn package_of_lib(lib: &str, log: &Log) -> Option<String> {
    log.linked_libs
        .iter()
        .find(|(_, l)| l == lib)
        .map(|(p, _)| p.clone())
        .or_else(|| {
            let known = KNOWN_LIBS.iter().find(|(l, _)| *l == lib)?.1;
            log.packages
                .iter()
                .any(|(n, _)| n == known)
                .then(|| known.to_string())
        })
}

fn build(
    c: Culprit,
    log: &Log,
    spec: Option<&'static TargetSpec>,
    linker: Option<&str>,
    link: &LinkFailure,
) -> Finding {
    let (failed, linking) = (link.failed, link.package.as_deref());
    let mut package = c
        .crate_name
        .as_deref()
        .and_then(|k| log.package_of_crate(k))
        .map(str::to_string);
    let mut crate_name = c.crate_name.clone();
    if crate_name.is_none()
        && matches!(c.kind, Kind::HostLibraryPath | Kind::MissingLibrary)
        && let Some(p) = c.subject.as_deref().and_then(|l| package_of_lib(l, log))
    {
        crate_name = Some(p.replace('-', "_"));
        package = Some(p);
    }
    let system = build_system(&c.members);
    let who = match &crate_name {
        Some(k) => format!("crate `{k}`"),
        None => format!("`{}`", c.path.display()),
    };
    let target = spec.map_or("the target", |s| s.triple);
    let want = spec.map_or("unknown", |s| s.arch);
    let found = c.found_arch.clone().unwrap_or_else(|| "foreign".into());
    let mut notes = Vec::new();
    if !c.members.is_empty() {
        notes.push(format!("the linker named: {}", c.members.join(", ")));
    }
    notes.extend(c.evidence.iter().map(|e| format!("the linker said: {e}")));
    if !failed {
        notes.push("the link succeeded with this warning; the binary may still misbehave".into());
    }
    if let Some(p) = linking {
        notes.push(format!("in the link of `{p}`"));
    }
    let syms = c.symbols.join(", ");
    let suggest = |kind: Kind, system: BuildSystem, prefix: &fix::CrossPrefix| {
        spec.map(|s| fix::suggest(kind, s, system, None, prefix, None))
    };
    let linker_prefix = spec.map(|s| make::prefix(s, linker));
    let (message, fix) = match c.kind {
        Kind::WrongArchitecture if c.subject.as_deref() == Some(BYTE_ORDER) => {
            notes.push("its C was most likely compiled by a compiler for the other byte order (mipsel for mips, or the reverse)".into());
            (
                format!(
                    "{who} holds {want} objects of the other byte order, which the target {target} cannot link"
                ),
                linker_prefix.and_then(|p| suggest(c.kind, system, &p)),
            )
        }
        Kind::WrongArchitecture => {
            notes.push("its C was most likely compiled by the build machine's compiler: a global CC reached the build script, or nothing named a compiler for the target".into());
            (
                format!("{who} holds {found} objects, but the target {target} needs {want}"),
                linker_prefix.and_then(|p| suggest(c.kind, system, &p)),
            )
        }
        Kind::AbiMismatch => (
            format!("{who} holds objects with an ABI the target {target} cannot link"),
            linker_prefix.and_then(|p| suggest(c.kind, BuildSystem::CcRs, &p)),
        ),
        Kind::WrongLinker => {
            let linker = linker.unwrap_or("the linker");
            (
                format!(
                    "the linker {linker} does not link for {target}: it rejected rustc's own {found} objects"
                ),
                spec.map(|s| {
                    let var = format!("CARGO_TARGET_{}_LINKER", s.upper());
                    let gcc = make::prefix(s, None).tool("gcc");
                    Fix {
                        env: BTreeMap::from([(var.clone(), gcc.clone())]),
                        help: vec![format!(
                            "{var} names the linker for {}: a cross gcc (or clang --target) for it, not the build machine's cc",
                            s.triple
                        )],
                    }
                }),
            )
        }
        Kind::MissingAtomics => (
            format!(
                "{who} calls 64-bit atomics ({syms}) that {target} implements only in libatomic, which the link lacks"
            ),
            linker_prefix.and_then(|p| suggest(c.kind, system, &p)),
        ),
        Kind::LibcMismatch => (
            format!(
                "{who} needs glibc-only symbols ({syms}) in a {} link: its C was built against glibc's headers",
                spec.map_or("non-glibc", |s| s.env)
            ),
            spec.and_then(|s| suggest(c.kind, system, &musl_prefix(s, linker))),
        ),
        Kind::ArchiveNoIndex => (
            format!("{who} is a static library without a symbol index"),
            linker_prefix.and_then(|p| suggest(c.kind, system, &p)),
        ),
        Kind::PicMismatch => (
            format!(
                "{who} holds C code built without -fPIC ({}), linked into a position-independent executable",
                c.subject.as_deref().unwrap_or("a relocation")
            ),
            linker_prefix.and_then(|p| suggest(c.kind, system, &p)),
        ),
        Kind::HostLibraryPath => {
            let lib = c.subject.clone().unwrap_or_default();
            let sys = if lib == "ssl" || lib == "crypto" {
                BuildSystem::OpensslSys
            } else {
                BuildSystem::PkgConfig
            };
            (
                format!(
                    "-l{lib} was found only in the build machine's {}, not for {target}",
                    c.path
                        .parent()
                        .map_or_else(String::new, |p| p.display().to_string())
                ),
                linker_prefix.and_then(|p| suggest(c.kind, sys, &p)),
            )
        }
        _ => {
            let lib = c.subject.clone().unwrap_or_default();
            (
                format!("-l{lib} exists nowhere the linker looks for {target}"),
                Some(make::advice(vec![format!(
                    "install lib{lib} for {target} in the toolchain's sysroot, or point the crate at one (its -L)"
                )])),
            )
        }
    };
    notes.push(LOG_ONLY.into());
    let found = found_object(&c, spec);
    make::finding(Parts {
        kind: c.kind,
        path: c.path,
        members: c.members,
        found,
        spec,
        crate_name,
        package,
        build_system: (system != BuildSystem::Unknown).then(|| system.as_str()),
        fix: fix.unwrap_or_else(|| make::advice(Vec::new())),
        message,
        notes,
        symbols: c.symbols,
    })
}

/// What the linker's words say about the culprit's objects.
fn found_object(c: &Culprit, spec: Option<&'static TargetSpec>) -> crate::artifacts::ObjectId {
    let mut o = make::object(c.format, c.found_arch.as_deref(), c.machine);
    if c.subject.as_deref() == Some(BYTE_ORDER)
        && let Some(s) = spec
    {
        o.endian = Some(match s.endian {
            crate::target::Endian::Big => crate::target::Endian::Little,
            crate::target::Endian::Little => crate::target::Endian::Big,
        });
    }
    o
}

/// cc-rs names members `<16 hex>-file.o`; CMake's are `file.c.o`.
fn build_system(members: &[String]) -> BuildSystem {
    let cc_rs = |m: &String| {
        m.split_once('-')
            .is_some_and(|(h, _)| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    if members.iter().any(cc_rs) {
        BuildSystem::CcRs
    } else if members
        .iter()
        .any(|m| m.ends_with(".c.o") || m.ends_with(".cpp.o"))
    {
        BuildSystem::Cmake
    } else {
        BuildSystem::Unknown
    }
}

/// A musl target needs a musl compiler: the failed link's toolchain only if it is one.
fn musl_prefix(spec: &TargetSpec, linker: Option<&str>) -> fix::CrossPrefix {
    let p = make::prefix(spec, linker);
    if spec.env == "musl" && !p.prefix.contains("musl") && !p.prefix.contains("openwrt") {
        make::prefix(spec, None)
    } else {
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arch_names() {
        assert_eq!(rust_arch("arm64"), Some("aarch64"));
        assert_eq!(rust_arch("i386:x86-64"), Some("x86_64"));
        assert_eq!(rust_arch("weird"), None);
    }

    #[test]
    fn members_say_the_build_system() {
        assert_eq!(
            build_system(&["1d1ea73a2512983e-xxhash.o".into()]),
            BuildSystem::CcRs
        );
        assert_eq!(build_system(&["cmlib.c.o".into()]), BuildSystem::Cmake);
    }
}
