//! The finding a culprit makes: its message, notes and the fix, in the scan's words where
//! the engine has them (`diagnose::fix::suggest`).

use super::super::log::{LinkFailure, Log};
use super::super::make::{self, LOG_ONLY, Parts};
use super::who::package_of_lib;
use super::{BYTE_ORDER, Culprit};
use crate::cargo::build_output::BuildSystem;
use crate::diagnose::{Finding, Kind};
use crate::diagnose::{fix, words};
use crate::target::TargetSpec;

pub(super) fn build(
    c: Culprit,
    log: &Log,
    spec: Option<&'static TargetSpec>,
    linker: Option<&str>,
    link: &LinkFailure,
) -> Finding {
    let owner = Owner::of(&c, log);
    let system = build_system(&c.members);
    let mut notes = notes(&c, link);
    let (message, fix) = message_and_fix(&c, &owner.who, system, spec, linker, &mut notes);
    notes.push(LOG_ONLY.into());
    let found = found_object(&c, spec);
    make::finding(Parts {
        kind: c.kind,
        path: c.path,
        members: c.members,
        found,
        spec,
        crate_name: owner.crate_name,
        package: owner.package,
        build_system: (system != BuildSystem::Unknown).then(|| system.as_str()),
        fix: fix.unwrap_or_else(|| make::advice(Vec::new())),
        message,
        notes,
        symbols: c.symbols,
    })
}

/// Whose objects they are, as far as the log tells.
struct Owner {
    crate_name: Option<String>,
    package: Option<String>,
    /// How the message names it: the crate, else the file the linker named.
    who: String,
}

impl Owner {
    fn of(c: &Culprit, log: &Log) -> Owner {
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
        let who = match &crate_name {
            Some(k) => format!("crate `{k}`"),
            // link.exe's Error List and some ld64 lines name no file.
            None if c.path.as_os_str().is_empty() => "an object of the link".to_string(),
            None => format!("`{}`", c.path.display()),
        };
        Owner {
            crate_name,
            package,
            who,
        }
    }
}

/// What the log itself showed: the linker's words and which link it was.
fn notes(c: &Culprit, link: &LinkFailure) -> Vec<String> {
    let mut notes = Vec::new();
    if !c.members.is_empty() {
        notes.push(format!("the linker named: {}", c.members.join(", ")));
    }
    notes.extend(c.evidence.iter().map(|e| format!("the linker said: {e}")));
    if !link.failed {
        notes.push("the link succeeded with this warning; the binary may still misbehave".into());
    }
    if let Some(p) = link.package.as_deref() {
        notes.push(format!("in the link of `{p}`"));
    }
    notes
}

/// The finding's sentence and its fix, per kind; a kind may add a note on the likely cause.
fn message_and_fix(
    c: &Culprit,
    who: &str,
    system: BuildSystem,
    spec: Option<&'static TargetSpec>,
    linker: Option<&str>,
    notes: &mut Vec<String>,
) -> (String, Option<fix::Fix>) {
    let target = spec.map_or("the target", |s| s.triple);
    let want = spec.map_or("unknown", |s| s.arch);
    let found = c.found_arch.clone().unwrap_or_else(|| "foreign".into());
    let suggest = |kind: Kind, system: BuildSystem, prefix: &fix::CrossPrefix| {
        spec.map(|s| fix::suggest(kind, s, system, None, prefix))
    };
    let linker_prefix = spec.map(|s| make::prefix(s, linker));
    match c.kind {
        Kind::WrongArchitecture if c.subject.as_deref() == Some(BYTE_ORDER) => {
            notes.push("its C was most likely compiled by a compiler for the other byte order (mipsel for mips, or the reverse)".into());
            (
                words::other_byte_order(who, want, target),
                linker_prefix.and_then(|p| suggest(c.kind, system, &p)),
            )
        }
        Kind::WrongArchitecture => {
            notes.push("its C was most likely compiled by the build machine's compiler: a global CC reached the build script, or nothing named a compiler for the target".into());
            (
                match spec {
                    Some(_) => words::wrong_machine(who, c.found_arch.as_deref(), target, want),
                    None => words::foreign_machine(who, &found),
                },
                linker_prefix.and_then(|p| suggest(c.kind, system, &p)),
            )
        }
        Kind::AbiMismatch => (
            words::abi(who, target, None),
            linker_prefix.and_then(|p| suggest(c.kind, BuildSystem::CcRs, &p)),
        ),
        Kind::WrongLinker => {
            let why = match c.subject.as_deref() {
                Some(flag) if flag.starts_with('-') => format!(
                    "it refused `{flag}`, an option rustc gives a C compiler driver: a bare ld, or a driver for another machine"
                ),
                Some(emulation) if c.evidence.iter().any(|e| e.contains("emulation mode")) => {
                    format!("it has no emulation {emulation} (it links for another machine)")
                }
                _ if c.found_arch.is_some() => {
                    format!("it rejected the build's own {found} objects")
                }
                // The target's own library passed over as incompatible (`skipping
                // incompatible /usr/aarch64-linux-gnu/lib/libssl.so`).
                Some(lib)
                    if c.path.file_name().is_some()
                        && c.path.parent().is_some_and(|p| !p.as_os_str().is_empty()) =>
                {
                    format!(
                        "it passed over the target's own {} as incompatible (-l{lib})",
                        c.path.display()
                    )
                }
                _ => "it rejected the build's own objects".to_string(),
            };
            // A plain xlinkdiag as cargo's linker runs the one XLINKDIAG_LINKER names: that
            // variable is the one to change, and cargo's stays.
            let shim = linker.is_some_and(is_plain_shim);
            let real_var = shim.then_some(crate::shim_setup::LINKER_VAR);
            let named = if shim {
                Some(format!(
                    "behind xlinkdiag ({})",
                    crate::shim_setup::LINKER_VAR
                ))
            } else {
                linker.map(str::to_string)
            };
            (
                words::wrong_linker(named.as_deref(), &why, target),
                spec.map(|s| fix::wrong_linker(s, real_var, make::prefix(s, None).tool("gcc"))),
            )
        }
        Kind::MissingAtomics => (
            fix::wording::missing_atomics_message(who, &c.symbols, target, true),
            linker_prefix.and_then(|p| suggest(c.kind, system, &p)),
        ),
        Kind::LibcMismatch => (
            words::glibc_only(who, &c.symbols, target),
            spec.and_then(|s| suggest(c.kind, system, &musl_prefix(s, linker))),
        ),
        Kind::ArchiveNoIndex => (
            words::no_index(who),
            linker_prefix.and_then(|p| suggest(c.kind, system, &p)),
        ),
        Kind::PicMismatch => (
            words::not_pic(who, target, c.subject.as_deref()),
            linker_prefix.and_then(|p| suggest(c.kind, system, &p)),
        ),
        Kind::TargetLibcMissing => {
            let missing = if c.missing.is_empty() {
                c.subject.clone().unwrap_or_else(|| "its C library".into())
            } else {
                c.missing.join(", ")
            };
            let tool = linker.map(|l| format!("the linker {l}"));
            (
                words::target_libc_missing(tool.as_deref(), &missing, target),
                Some(make::advice(vec![make::libc_help(target, linker)])),
            )
        }
        Kind::HostLibraryPath => {
            let lib = c.subject.clone().unwrap_or_default();
            let sys = if lib == "ssl" || lib == "crypto" {
                BuildSystem::OpensslSys
            } else {
                BuildSystem::PkgConfig
            };
            (
                fix::wording::host_library(
                    None,
                    &[lib.as_str()],
                    c.path.parent().unwrap_or(std::path::Path::new("")),
                    None,
                    target,
                ),
                linker_prefix.and_then(|p| suggest(c.kind, sys, &p)),
            )
        }
        _ => {
            let lib = c.subject.clone().unwrap_or_default();
            (
                words::missing_library(&lib, target),
                Some(make::advice(vec![format!(
                    "install lib{lib} for {target} in the toolchain's sysroot, or point the crate at one (its -L)"
                )])),
            )
        }
    }
}

/// cargo's linker is xlinkdiag itself, not installed under a real linker's name.
fn is_plain_shim(linker: &str) -> bool {
    let name = linker.rsplit(['/', '\\']).next().unwrap_or(linker);
    matches!(name, "xlinkdiag" | "xlinkdiag.exe")
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
    fn members_say_the_build_system() {
        assert_eq!(
            build_system(&["1d1ea73a2512983e-xxhash.o".into()]),
            BuildSystem::CcRs
        );
        assert_eq!(build_system(&["cmlib.c.o".into()]), BuildSystem::Cmake);
    }
}
