//! A failed link diagnosed from the linker's words alone, for when its files are gone.
//!
//! `messages::parse` reads the linker's stderr; each message it understands is turned into a
//! finding kind, and the file it names into a culprit: `libminiz_sys-<hash>.rlib` is crate
//! `miniz_sys`, `build/<pkg>-<hash>/out/libfoo.a` is package `<pkg>`, a bare member (mold
//! names only that) is the one crate of the link that has a build script's objects. One
//! finding per kind and culprit; the fix comes from `diagnose::fix` as for the scan.
//!
//! `who` finds the culprit a message names, `say` words the finding and its fix.

mod say;
mod who;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::log::{LinkFailure, Log};
use crate::artifacts::Format;
use crate::artifacts::machine;
use crate::diagnose::{Finding, Kind, symbols};
use crate::messages::pattern::Pattern;
use crate::messages::{self, Family, LinkerMessage, MessageKind};
use crate::target::TargetSpec;
use say::build;
pub(super) use who::registry_package;
use who::{crate_of, subject_file};

/// Evidence lines kept per finding.
const MAX_EVIDENCE: usize = 3;

/// A finding in the making: everything the messages about one culprit said.
pub(super) struct Culprit {
    kind: Kind,
    path: PathBuf,
    crate_name: Option<String>,
    members: Vec<String>,
    member_set: HashSet<String>,
    found_arch: Option<String>,
    machine: u32,
    format: Format,
    evidence: Vec<String>,
    /// The symbol, relocation or library the messages are about.
    subject: Option<String>,
    symbols: Vec<String>,
    /// What of the target's C library the linker did not find (`Scrt1.o`, `crti.o`, `-lc`).
    missing: Vec<String>,
}

impl Culprit {
    fn new(kind: Kind, path: PathBuf, format: Format) -> Culprit {
        Culprit {
            kind,
            path,
            crate_name: None,
            members: Vec::new(),
            member_set: HashSet::new(),
            found_arch: None,
            machine: 0,
            format,
            evidence: Vec::new(),
            subject: None,
            symbols: Vec::new(),
            missing: Vec::new(),
        }
    }
}

pub fn diagnose(link: &LinkFailure, log: &Log, spec: Option<&'static TargetSpec>) -> Vec<Finding> {
    let inv = link.invocation();
    let linker_name = link.linker();
    let msgs = messages::parse(link.stderr.join("\n").as_bytes());
    // Without a target, the linker's own name tells whose machine it links for: one with
    // no cross prefix anywhere in its path is the build machine's.
    let tools: Vec<&str> = link
        .linker()
        .into_iter()
        .chain(link.stderr.iter().filter_map(|l| messages::tool_prefix(l)))
        .collect();
    let unprefixed = tools.iter().all(|t| !is_cross_tool(t));
    let host_linker = spec.is_none() && unprefixed;
    // A linker seen, none of it a cross one: the build machine's own. In rustc's link it read
    // rustc's objects without a word, so it links for their machine: a library it skips is the
    // wrong one, not the linker (a build script's link, the host's, finding the target's zlib).
    let host_ld = unprefixed && !tools.is_empty() && !link.by_rustc;
    let mut culprits: Vec<Culprit> = Vec::new();
    // A wall of errors names thousands of culprits: find each by its key, not by a search.
    let mut index: HashMap<(Kind, String), usize> = HashMap::new();
    let mut skipped: Vec<(String, PathBuf)> = Vec::new();
    // The archive each member is named in, for a message that names the member alone.
    let members: HashMap<String, PathBuf> = msgs
        .iter()
        .filter_map(|m| Some((m.member.clone()?, m.file.clone()?)))
        .collect();
    for m in &msgs {
        if let MessageKind::IncompatibleSkipped { lib } = &m.kind
            && let Some(f) = &m.file
            && let Some(lib) = lib.clone().or_else(|| lib_of_file(f))
        {
            skipped.push((lib.trim_start_matches("-l").to_string(), f.clone()));
            continue;
        }
        let Some((kind, arch, subject)) = classify(m, spec, host_linker) else {
            continue;
        };
        let (path, member) = subject_file(m, &link.stderr);
        // The wrong linker is no crate's fault, whichever object it refused first.
        let crate_name = (!matches!(kind, Kind::WrongLinker | Kind::TargetLibcMissing))
            .then(|| crate_of(&path, member.as_deref(), inv.as_ref(), log, &members))
            .flatten();
        let key = culprit_key(kind, crate_name.as_deref(), &path, subject.as_deref());
        let c = match index.get(&key) {
            Some(&i) => &mut culprits[i],
            None => {
                index.insert(key, culprits.len());
                let mut c = Culprit::new(kind, path.clone(), format_of(m.family));
                c.crate_name = crate_name;
                c.subject = subject.clone();
                culprits.push(c);
                let last = culprits.len() - 1;
                &mut culprits[last]
            }
        };
        if kind == Kind::TargetLibcMissing {
            if let Some(s) = &subject
                && !c.missing.contains(s)
            {
                c.missing.push(s.clone());
            }
        // An archive path beats a member-only one (GNU ld names both for one culprit).
        } else if c.path.parent().is_none_or(|p| p.as_os_str().is_empty()) {
            c.path = path;
        }
        if let Some(mem) = member
            && c.member_set.insert(mem.clone())
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
    let skipped_by_host = |file: &Path| host_ld && for_target(file, spec);
    host_libraries(&msgs, &skipped, &mut culprits, &skipped_by_host);
    // A library for another machine passed over, and nothing else said: in a failed link that
    // is the one lead (a 32-bit libc in a 64-bit toolchain, a Win32 OpenSSL for MinGW-w64).
    if culprits.is_empty()
        && link.failed
        && let Some((lib, file)) = skipped.first()
    {
        let kind = if skipped_by_host(file) {
            Kind::WrongLinker
        } else {
            Kind::WrongArchitecture
        };
        let mut c = Culprit::new(kind, file.clone(), Format::Elf);
        c.subject = Some(lib.clone());
        c.evidence.extend(
            msgs.iter()
                .find(|m| matches!(m.kind, MessageKind::IncompatibleSkipped { .. }))
                .map(|m| m.text.clone()),
        );
        culprits.push(c);
    }
    // Start files missing beside the build machine's libraries found instead: the target's
    // libraries are not installed at all, and the host dirs searched are the lead.
    if culprits
        .iter()
        .any(|c| matches!(c.kind, Kind::HostLibraryPath | Kind::WrongLinker))
    {
        culprits.retain(|c| {
            !(matches!(c.kind, Kind::MissingLibrary | Kind::TargetLibcMissing)
                && c.subject.as_deref().is_some_and(|s| s.ends_with(".o")))
        });
    } else {
        // The C library's own libraries: part of what is missing when its start files are
        // too, and `-lc` alone when a cross linker for a target with a C library misses it.
        let crt_missing = culprits.iter().any(|c| c.kind == Kind::TargetLibcMissing);
        let cross = !host_ld
            && tools
                .iter()
                .any(|t| is_cross_tool(t) && !t.contains("mingw"))
            && spec.is_none_or(|s| s.os != "windows");
        for c in culprits
            .iter_mut()
            .filter(|c| c.kind == Kind::MissingLibrary)
        {
            let Some(lib) = c.subject.clone() else {
                continue;
            };
            if (crt_missing && LIBC_LIBS.contains(&lib.as_str())) || (cross && lib == "c") {
                c.kind = Kind::TargetLibcMissing;
                c.subject = Some(format!("-l{lib}"));
            }
        }
    }
    // One answer for the link: its start files and libc together.
    libc_together(&mut culprits);
    // `file in wrong format` names no machine: when the linker itself is the wrong one, the
    // same refusals are its, not foreign objects'.
    if culprits.iter().any(|c| c.kind == Kind::WrongLinker) {
        culprits.retain(|c| {
            !(c.kind == Kind::WrongArchitecture && c.found_arch.is_none() && c.members.is_empty())
        });
    }
    culprits
        .into_iter()
        .map(|c| build(c, log, spec, linker_name, link))
        .collect()
}

/// The libraries the C library's own -dev package holds (glibc's, musl's; Alpine's musl-dev
/// has `libssp_nonshared.a`).
const LIBC_LIBS: &[&str] = &[
    "c",
    "m",
    "pthread",
    "dl",
    "rt",
    "util",
    "resolv",
    "crypt",
    "ssp_nonshared",
];

/// The target's C library missing is one culprit per link, whichever of its files the linker
/// named first: the others are its evidence.
fn libc_together(culprits: &mut Vec<Culprit>) {
    let mut first: Option<usize> = None;
    let mut i = 0;
    while i < culprits.len() {
        if culprits[i].kind != Kind::TargetLibcMissing {
            i += 1;
            continue;
        }
        match first {
            None => {
                first = Some(i);
                i += 1;
            }
            Some(f) => {
                let c = culprits.remove(i);
                let keep = &mut culprits[f];
                if let Some(s) = c.subject
                    && !keep.missing.contains(&s)
                {
                    keep.missing.push(s);
                }
                for e in c.evidence {
                    if keep.evidence.len() < MAX_EVIDENCE && !keep.evidence.contains(&e) {
                        keep.evidence.push(e);
                    }
                }
            }
        }
    }
    if let Some(f) = first {
        let c = &mut culprits[f];
        if let Some(s) = c.subject.clone()
            && !c.missing.contains(&s)
        {
            c.missing.insert(0, s);
        }
    }
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
        Kind::WrongLinker | Kind::TargetLibcMissing => String::new(),
        Kind::MissingLibrary => subject.unwrap_or_default().to_string(),
        _ => crate_name.map_or_else(|| path.to_string_lossy().into_owned(), str::to_string),
    };
    (kind, who)
}

/// The kind a message shows, the architecture it says the object has, and its subject.
///
/// `host_linker`: no target is known and the linker is the build machine's; an object for a
/// machine other than the build machine's then means that linker is the wrong one.
fn classify(
    m: &LinkerMessage,
    spec: Option<&'static TargetSpec>,
    host_linker: bool,
) -> Option<(Kind, Option<String>, Option<String>)> {
    let target_family = spec.map(|s| machine::family(s.arch));
    // ld64 and link.exe link for whichever machine they are told: only a GNU-style linker
    // is built for one.
    // A prebuilt archive for another machine is that, whichever linker reads it: only the
    // build's own objects refused tell that the linker is the wrong one.
    let host_linker = host_linker
        && matches!(m.family, Family::GnuBfd | Family::Gold | Family::Mold)
        && m.member.is_none();
    // An object of the target itself rejected: the linker is the one for another machine.
    let of_target = |arch: &str| {
        target_family == Some(machine::family(arch)) || (host_linker && !is_build_machine(arch))
    };
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
        MessageKind::MachineConflict { found, expected } => {
            let arch = rust_arch(found).map(str::to_string);
            // `arm64` in an `arm64e` link: one machine, two ABIs.
            let same_machine = expected.as_deref().is_some_and(|e| {
                !e.eq_ignore_ascii_case(found)
                    && rust_arch(e).is_some()
                    && rust_arch(e) == rust_arch(found)
            });
            // The output's machine is the build machine's: the host's linker was used.
            let host_output = host_linker
                && expected
                    .as_deref()
                    .and_then(rust_arch)
                    .is_some_and(is_build_machine);
            let kind = match &arch {
                _ if same_machine => Kind::AbiMismatch,
                _ if host_output => Kind::WrongLinker,
                Some(a) if of_target(a) => Kind::WrongLinker,
                _ => Kind::WrongArchitecture,
            };
            (kind, arch, None)
        }
        // `building for macOS-arm64 but … built for macOS-x86_64`: another machine;
        // `building for iOS Simulator … built for iOS`: the same one, another platform.
        MessageKind::PlatformMismatch {
            building_for,
            built_for,
        } => {
            let arch_of = |p: &str| p.rsplit_once('-').and_then(|(_, a)| rust_arch(a));
            match (arch_of(building_for), arch_of(built_for)) {
                (Some(a), Some(b)) if a != b => {
                    (Kind::WrongArchitecture, Some(b.to_string()), None)
                }
                _ => (Kind::AbiMismatch, None, None),
            }
        }
        MessageKind::AbiMismatch | MessageKind::FloatAbiClash => (Kind::AbiMismatch, None, None),
        MessageKind::UndefinedSymbol { symbol } => {
            if symbols::is_atomic_helper(symbol) {
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
        // A compiler driver's flag refused by the linker: a bare `ld` where rustc expects a
        // `cc`, or a driver for another machine (`-m64` on an aarch64 gcc).
        MessageKind::UnknownOption { option } if is_driver_flag(option) => {
            (Kind::WrongLinker, None, Some(option.clone()))
        }
        // rust-lld opening the build machine's `/usr/lib/libm.so.6` from a linker script.
        MessageKind::MissingFile if m.file.as_deref().is_some_and(in_host_libs) => {
            (Kind::HostLibraryPath, None, None)
        }
        // The C library's start files: the target's libc is not where the linker looks.
        MessageKind::MissingFile if m.file.as_deref().is_some_and(is_libc_start_file) => {
            let name = m.file.as_deref().and_then(Path::file_name);
            (
                Kind::TargetLibcMissing,
                None,
                name.map(|n| n.to_string_lossy().into_owned()),
            )
        }
        // The build machine's linker asked for the target's emulation (`-m elf64lriscv`).
        MessageKind::UnknownEmulation { emulation } => {
            (Kind::WrongLinker, None, Some(emulation.clone()))
        }
        _ => return None,
    })
}

/// `crt1.o`, `Scrt1.o`, `crti.o`, `crtbegin.o`…: the C library's and the compiler's start
/// files, which a target's sysroot holds.
fn is_libc_start_file(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    name.is_some_and(|n| {
        path.parent().is_none_or(|p| p.as_os_str().is_empty())
            && n.ends_with(".o")
            && (n.starts_with("crt") || n.starts_with("Scrt") || n.starts_with("gcrt"))
    })
}

/// The `-l` name of a library file: `/usr/lib/libssl.so.3` → `ssl`.
fn lib_of_file(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_prefix("lib")?;
    let end = stem
        .find(".so")
        .or_else(|| stem.find(".a"))
        .or_else(|| stem.find(".dylib"))?;
    (end > 0).then(|| stem[..end].to_string())
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

/// Options rustc gives a C compiler driver, and GNU ld options a driver passes on: refused,
/// they say the linker is a bare ld, another vendor's (ld64 given `--as-needed`), or a driver
/// for another machine.
pub(in crate::annotate) fn is_driver_flag(option: &str) -> bool {
    option.starts_with("-Wl,")
        || matches!(
            option,
            "--as-needed"
                | "--gc-sections"
                | "--eh-frame-hdr"
                | "--no-undefined"
                | "--whole-archive"
                | "--no-whole-archive"
                | "--version-script"
                | "-Bstatic"
                | "-Bdynamic"
        )
        || matches!(
            option,
            "-m64" | "-m32" | "-arch" | "-framework" | "-nodefaultlibs" | "-pie" | "-no-pie"
        )
        || option.starts_with("-mfloat-abi")
}

/// The machines build machines are: objects for them in a failed cross link are leaked host
/// objects, not a sign of the wrong linker.
fn is_build_machine(arch: &str) -> bool {
    matches!(arch, "x86_64" | "x86")
}

/// A linker or driver for a cross target: a GNU triple in its name or its dir
/// (`aarch64-linux-gnu-ld`, `…/gcc-cross/aarch64-linux-gnu/12/…/bin/ld`), not the host's.
fn is_cross_tool(tool: &str) -> bool {
    let t = tool.to_ascii_lowercase();
    let host = [
        "x86_64-linux-gnu",
        "x86_64-pc-linux-gnu",
        "x86_64-redhat-linux",
    ];
    [
        "-linux-",
        "-none-",
        "-elf",
        "-eabi",
        "-android",
        "-mingw32",
        "-apple-",
        "-openwrt-",
        "-w64-",
        "-wasi",
        "-musl",
    ]
    .iter()
    .any(|m| t.contains(m))
        && !host.iter().any(|h| t.contains(h))
}

/// Linkers' names for machines (mold, bfd, link.exe, ld64) → Rust's `target_arch`.
fn rust_arch(name: &str) -> Option<&'static str> {
    let n = name.to_ascii_lowercase();
    // ld64's `arm64e.old`: the arm64e of an older ABI version.
    let n = n.strip_suffix(".old").unwrap_or(&n).to_string();
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

/// Libraries the linker found for another machine. `cannot find -lssl` after `skipping
/// incompatible /usr/lib/x86_64-linux-gnu/libssl.so`: the link searched the build machine's
/// libraries; after `skipping incompatible ./lib/libfoo.so`: the only libfoo there is is for
/// another machine. Without a skipped candidate the library is missing. A host library
/// passed over, or refused outright, is a host path even when the link went on.
///
/// `skipped_by_host`: the file is the target's own library (its path names the target's
/// machine) and the linker is the build machine's: that linker is the wrong one.
fn host_libraries(
    msgs: &[LinkerMessage],
    skipped: &[(String, PathBuf)],
    out: &mut Vec<Culprit>,
    skipped_by_host: &dyn Fn(&Path) -> bool,
) {
    let said = |lib: &str| {
        msgs.iter().find(|m| {
            matches!(&m.kind, MessageKind::IncompatibleSkipped { lib: Some(l) } if l.trim_start_matches("-l") == lib)
        })
    };
    for c in out.iter_mut() {
        if matches!(c.kind, Kind::WrongArchitecture | Kind::WrongLinker) && in_system_libs(&c.path)
        {
            c.kind = Kind::HostLibraryPath;
        }
    }
    for c in out.iter_mut().filter(|c| c.kind == Kind::MissingLibrary) {
        let Some(lib) = c.subject.clone() else {
            continue;
        };
        let candidate = skipped
            .iter()
            .filter(|(l, _)| *l == lib)
            .min_by_key(|(_, f)| !in_host_libs(f));
        match candidate {
            Some((_, file)) => {
                c.kind = if in_host_libs(file) {
                    Kind::HostLibraryPath
                } else if skipped_by_host(file) {
                    Kind::WrongLinker
                } else {
                    Kind::WrongArchitecture
                };
                c.path = file.clone();
                if let Some(m) = said(&lib) {
                    c.evidence.insert(0, m.text.clone());
                }
            }
            // A start file the linker named by its file name keeps that name.
            None if lib.ends_with(".o") => c.path = PathBuf::from(&lib),
            None => c.path = PathBuf::from(format!("-l{lib}")),
        }
    }
    for (lib, file) in skipped.iter().filter(|(_, f)| in_host_libs(f)) {
        let known = out
            .iter()
            .any(|c| c.kind == Kind::HostLibraryPath && c.subject.as_deref() == Some(lib.as_str()));
        if !known {
            let mut c = Culprit::new(Kind::HostLibraryPath, file.clone(), Format::Elf);
            c.subject = Some(lib.clone());
            c.evidence.extend(said(lib).map(|m| m.text.clone()));
            out.push(c);
        }
    }
}

/// A GNU triple in a path (`/usr/aarch64-linux-gnu/lib`, a Nix store name
/// `…-aarch64-unknown-linux-gnu-255.6`): the machine the library there is for.
static TRIPLE_IN_PATH: Pattern = Pattern::new(
    r"(?:^|[/_.-])(?P<arch>aarch64(?:_be)?|arm(?:v[0-9a-z]+)?|armeb|mips[0-9a-z]*|powerpc(?:64)?(?:le)?|ppc64(?:le)?|riscv(?:32|64)|s390x|i[3-6]86|x86_64|loongarch64|sparc64)-(?:[a-z0-9_]+-)?(?:linux|none|elf|w64|apple|freebsd|android)",
);

/// The machine a path's GNU triple names, as a Rust arch.
pub(in crate::annotate) fn arch_in_path(path: &Path) -> Option<&'static str> {
    let s = path.to_string_lossy().to_ascii_lowercase();
    let c = TRIPLE_IN_PATH.captures(&s)?;
    let a = &c["arch"];
    Some(match a {
        _ if a.starts_with("aarch64") => "aarch64",
        _ if a.starts_with("arm") => "arm",
        _ if a.starts_with("mips") => "mips",
        _ if a.starts_with("powerpc64") || a.starts_with("ppc64") => "powerpc64",
        "powerpc" | "powerpcle" => "powerpc",
        "x86_64" => "x86_64",
        _ if a.starts_with('i') => "x86",
        _ => return rust_arch(a),
    })
}

/// A library of the target's machine (of one not the build machine's, without a target),
/// by the triple its path names.
fn for_target(file: &Path, spec: Option<&'static TargetSpec>) -> bool {
    arch_in_path(file).is_some_and(|a| match spec {
        Some(s) => machine::family(a) == machine::family(s.arch),
        None => !is_build_machine(a),
    })
}

/// The build machine's system library dirs, where a library for the target never is on a
/// distribution that keeps the target's elsewhere. `/usr/local/lib` and Homebrew hold what
/// a user installed, maybe for the target: a refused library there is for another machine.
fn in_system_libs(path: &Path) -> bool {
    let s = path.to_string_lossy();
    in_host_libs(path) && !s.starts_with("/usr/local/") && !s.starts_with("/opt/")
}

/// The build machine's own library dirs: the system's, and Homebrew's on a Mac.
fn in_host_libs(path: &Path) -> bool {
    let s = path.to_string_lossy();
    path.parent()
        .is_some_and(crate::cargo::layout::is_host_lib_dir)
        || ["/opt/homebrew/", "/usr/local/Cellar/", "/usr/local/opt/"]
            .iter()
            .any(|p| s.starts_with(p))
}

/// The build machine's library dirs (multiarch ones included).
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triples_in_paths() {
        let a = |p: &str| arch_in_path(Path::new(p));
        assert_eq!(
            a("/usr/aarch64-linux-gnu/usr/lib/libcrypto.so"),
            Some("aarch64")
        );
        assert_eq!(
            a("/nix/store/w-systemd-minimal-libs-aarch64-unknown-linux-gnu-255.6/lib/libudev.so"),
            Some("aarch64")
        );
        assert_eq!(a("/usr/lib/i386-linux-gnu/libc.so"), Some("x86"));
        assert_eq!(
            a("/opt/x-tools/armv7-rpi2-linux-gnueabihf/lib/libz.a"),
            Some("arm")
        );
        assert_eq!(a("/usr/lib/libssl.so"), None);
        let aarch64 = crate::target::lookup("aarch64-unknown-linux-gnu");
        assert!(for_target(
            Path::new("/usr/aarch64-linux-gnu/lib/libz.so"),
            aarch64
        ));
        assert!(!for_target(
            Path::new("/usr/lib/i386-linux-gnu/libz.so"),
            None
        ));
    }

    #[test]
    fn arch_names() {
        assert_eq!(rust_arch("arm64"), Some("aarch64"));
        assert_eq!(rust_arch("i386:x86-64"), Some("x86_64"));
        assert_eq!(rust_arch("weird"), None);
    }
}
