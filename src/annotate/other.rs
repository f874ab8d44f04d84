//! The cross-build failures that come before any link: a crate that needs `proc_macro`,
//! a C compiler cc-rs or cmake cannot find, pkg-config refusing a cross target, openssl-sys
//! finding no OpenSSL, a configured linker that does not exist.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::log::{BuildFailure, Failure};
use super::make::{self, Parts};
use crate::cargo::build_output::BuildSystem;
use crate::cargo::sys_crates;
use crate::diagnose::fix;
use crate::diagnose::{Finding, Kind};
use crate::target::{TargetSpec, vars};

pub fn diagnose(b: &BuildFailure, spec: Option<&'static TargetSpec>) -> Finding {
    let package = b.package.clone();
    let crate_name = package.as_ref().map(|p| p.replace('-', "_"));
    let who = crate_name
        .as_deref()
        .map_or_else(|| "a crate".to_string(), |c| format!("crate `{c}`"));
    let target = spec.map_or("the target", |s| s.triple);
    let us = spec.map(TargetSpec::underscored);
    let upper = spec.map(TargetSpec::upper);
    let mut env = BTreeMap::new();
    let mut help: Vec<String> = Vec::new();
    let mut notes = Vec::new();
    let mut path = PathBuf::from(package.as_deref().unwrap_or("Cargo.toml"));
    let mut flags_unset: Vec<String> = Vec::new();
    let (kind, message, system) = match &b.what {
        Failure::ProcMacro => {
            if let Some((file, line)) = &b.source {
                path = PathBuf::from(file);
                notes.push(format!("rustc points at {file}:{line}"));
            }
            help.push("a crate that is not `proc-macro = true` may not use proc_macro: remove the stale `extern crate proc_macro` (or syn/quote dependency), or make the crate a real proc-macro crate".into());
            (
                Kind::ProcMacroUnavailable,
                format!(
                    "{who} uses `proc_macro` while being compiled for {target}, which has none: only proc-macro crates, built for the build machine, can"
                ),
                None,
            )
        }
        Failure::TargetStd { krate } => {
            if let Some((file, line)) = &b.source {
                notes.push(format!("rustc points at {file}:{line}"));
            }
            help.push(format!(
                "install the target's standard library for the toolchain that compiles: `rustup target add {target}` (mind rust-toolchain.toml and `+nightly`); a distribution's rustc takes its own package (Debian: libstd-rust-dev:<arch>)"
            ));
            help.push(format!(
                "a target rustup ships no std for (tier 3, or `{krate}` only for no_std targets) is built from source: `cargo +nightly build -Z build-std=core,alloc --target {target}` (add std,panic_abort where the target has std)"
            ));
            (
                Kind::TargetStdMissing,
                format!(
                    "{who} cannot be compiled for {target}: its `{krate}` is not installed for the toolchain in use"
                ),
                None,
            )
        }
        Failure::WrongCompiler {
            evidence,
            compiler,
            variable,
            flags_from: None,
        } if libc_missing(evidence, compiler.as_deref(), spec).is_some() => {
            let header = libc_missing(evidence, compiler.as_deref(), spec).unwrap_or_default();
            notes.push(format!("the compiler said: {evidence}"));
            let used = used(compiler, variable);
            help.push(make::libc_help(target, compiler.as_deref()));
            (
                Kind::TargetLibcMissing,
                format!(
                    "the build script of {who} compiled C for {target} with {used}, which is for {target} but has no C library for it: `{header}` is missing"
                ),
                Some("cc-rs"),
            )
        }
        Failure::WrongCompiler {
            evidence,
            flags_from: Some(flags),
            ..
        } => {
            notes.push(format!("the compiler said: {evidence}"));
            // cc-rs appends CFLAGS, TARGET_CFLAGS and CFLAGS_<target> in that order, so the
            // target's own names the target's CPU last; a build system that reads the global
            // alone (autotools) needs it gone.
            let base = if flags.starts_with("CXX") {
                "CXXFLAGS"
            } else if flags.starts_with("CPP") {
                "CPPFLAGS"
            } else {
                "CFLAGS"
            };
            if let Some(s) = spec {
                env.insert(
                    vars::target_var(base, s.triple),
                    target_cpu_flags(s).join(" "),
                );
            }
            let global = crate::diagnose::cause::is_global_tool_var(flags);
            let mut unset = Vec::new();
            if global {
                unset.push(flags.clone());
                help.push(format!(
                    "{flags} reaches every build script, for the host and {target} alike: keep it for the host as HOST_{base} and give {target} its own {base}_{}",
                    us.as_deref().unwrap_or("<target>")
                ));
            }
            help.push(format!(
                "cc-rs appends {base}, TARGET_{base} and {base}_<target> in that order: the last -march wins, so {base}_<target> can name {target}'s own; a build script that passes {base} on by itself (autotools configure) needs {flags} unset"
            ));
            flags_unset = unset;
            (
                Kind::WrongCompiler,
                format!(
                    "the build script of {who} compiled C for {target} with flags from {flags} that the compiler for {target} refused"
                ),
                Some("cc-rs"),
            )
        }
        Failure::WrongCompiler {
            evidence,
            compiler,
            variable,
            ..
        } => {
            notes.push(format!("the compiler said: {evidence}"));
            let used = used(compiler, variable);
            let known = package.as_deref().and_then(sys_crates::find);
            if let Some(s) = spec {
                let prefix = make::prefix(s, None);
                let mut f =
                    fix::suggest(Kind::WrongArchitecture, s, BuildSystem::CcRs, None, &prefix);
                // The crate's own tools and HOST_CC, as the scan's fix adds them.
                if let Some(k) = known {
                    let knowledge = sys_crates::Knowledge {
                        krate: k,
                        compiler: variable.clone().zip(compiler.clone()),
                    };
                    fix::sys_crate(&knowledge, s, &prefix, &mut f);
                }
                env = f.env;
                help = f.help;
                // A C++ compiler from CXX: the target's own C++ compiler, in CXX_<target>.
                if let (Some(c), Some(var)) = (compiler.as_deref(), variable.as_deref())
                    && is_cxx(c)
                {
                    let _ = var;
                    let own = vars::target_var("CXX", s.triple);
                    if let Some(cc) = env.remove(&vars::target_var("CC", s.triple)) {
                        let cxx = cc
                            .strip_suffix("gcc")
                            .map(|p| format!("{p}g++"))
                            .unwrap_or(cc);
                        env.insert(own, cxx);
                    }
                }
                // The variable that was set, in the spelling that was set (cc-rs reads the
                // hyphenated one first): the fix goes there.
                if let Some(var) = variable.as_deref()
                    && var.contains(s.triple)
                {
                    let under = var.replace(s.triple, &vars::triple_suffix(s.triple));
                    if let Some(v) = env.remove(&under) {
                        env.insert(var.to_string(), v);
                    }
                }
            }
            if let Some(var) = variable.as_deref().filter(|v| matches!(*v, "CC" | "CXX")) {
                let own = format!("{var}_{}", us.as_deref().unwrap_or("<target>"));
                help.push(fix::wording::global_leak(var, None, &own));
            }
            (
                Kind::WrongCompiler,
                format!(
                    "the build script of {who} compiled C for {target} with {used}, which failed as a compiler for another machine does"
                ),
                Some(known.map_or("cc-rs", |k| {
                    help.push(k.host_compiler.to_string());
                    k.build_system()
                })),
            )
        }
        Failure::ToolMissing { tool } => {
            let var = tool_var(tool);
            if let Some(us) = &us {
                env.insert(
                    format!("{var}_{us}"),
                    format!("<toolchain>/bin/{}", file_name(tool)),
                );
            }
            help.push(format!(
                "install the cross toolchain that has {tool}, or name the one you have (a full path works)"
            ));
            if let Some(s) = spec {
                help.push(format!(
                    "cc-rs guesses {} from the target (or from the linker's name) when no {var}_{} is set",
                    make::prefix(s, None).tool("gcc"),
                    s.underscored()
                ));
            }
            (
                Kind::CrossToolMissing,
                format!(
                    "the build script of {who} looked for the C tool {tool} for {target}, and it is not installed"
                ),
                Some("cc-rs"),
            )
        }
        Failure::PkgConfig { lib } => {
            if let Some(s) = spec {
                let f = fix::suggest(
                    Kind::PkgConfigCross,
                    s,
                    BuildSystem::PkgConfig,
                    None,
                    &make::prefix(s, None),
                );
                env = f.env;
                help = f.help;
            }
            help.push("pkg-config-rs looks up a cross target only when PKG_CONFIG_SYSROOT_DIR, PKG_CONFIG_<target> or PKG_CONFIG_ALLOW_CROSS is set: the host's .pc files would link the host's libraries".into());
            let lib = lib.as_deref().unwrap_or("a library");
            (
                Kind::PkgConfigCross,
                format!(
                    "pkg-config refused to look up {lib} for {target}, a cross target, in the build script of {who}"
                ),
                Some("pkg-config"),
            )
        }
        Failure::PcMissing { lib, dirs } => {
            // The target's pkg-config settings, as for a refusal: `fix` checks each dir for
            // the crate's `.pc` before writing it and names the package that has it.
            if let Some(s) = spec {
                env = fix::suggest(
                    Kind::PkgConfigCross,
                    s,
                    BuildSystem::PkgConfig,
                    None,
                    &make::prefix(s, None),
                )
                .env;
            }
            let lib = lib.as_deref().unwrap_or("a library");
            help.push(format!(
                "install {lib}'s -dev package for {target}'s architecture (on Debian `<package>:<arch>`; `xlinkdiag fix --from LOG` names it from the build machine's own package), or point PKG_CONFIG_LIBDIR at a sysroot that has its .pc"
            ));
            (
                Kind::MissingLibrary,
                format!(
                    "pkg-config looked for {lib} for {target} where it was pointed ({dirs}), and the target's {lib}.pc is not there: the build script of {who} stopped"
                ),
                Some("pkg-config"),
            )
        }
        Failure::Openssl => {
            if let Some(s) = spec {
                let f = fix::suggest(
                    Kind::OpensslNotFound,
                    s,
                    BuildSystem::OpensslSys,
                    None,
                    &make::prefix(s, None),
                );
                env = f.env;
                help = f.help;
            } else {
                help.push(
                    "or enable openssl's `vendored` feature to build OpenSSL for the target".into(),
                );
            }
            (
                Kind::OpensslNotFound,
                format!("openssl-sys found no OpenSSL for {target}"),
                Some("openssl-sys"),
            )
        }
        Failure::MissingLibrary { lib } => {
            help.push(format!(
                "install {lib} for {target} (its -dev package for the target's architecture, or into the toolchain's sysroot), or point the build at where it is for {target}"
            ));
            (
                Kind::MissingLibrary,
                format!("a configure step found no {lib} for {target}"),
                None,
            )
        }
        Failure::HostPath { path: dir } => {
            path = PathBuf::from(dir);
            help.push(format!(
                "{dir} is the build machine's: point pkg-config at the target's .pc files (PKG_CONFIG_LIBDIR, PKG_CONFIG_SYSROOT_DIR) and the compiler at the target's sysroot"
            ));
            (
                Kind::HostLibraryPath,
                format!("a compile for {target} was given the build machine's {dir}"),
                None,
            )
        }
        Failure::LinkerNotFound { linker } => {
            if let Some(u) = &upper {
                env.insert(
                    format!("CARGO_TARGET_{u}_LINKER"),
                    format!("<toolchain>/bin/{}", file_name(linker)),
                );
            }
            help.push(format!(
                "give the full path of {linker}, or put its toolchain's bin/ in PATH"
            ));
            (
                Kind::LinkerNotFound,
                format!("the linker {linker} configured for {target} does not exist here"),
                None,
            )
        }
    };
    for o in &b.outranked {
        notes.push(outranked_note(o));
    }
    notes.push(make::LOG_ONLY.into());
    let mut finding = make::finding(Parts {
        kind,
        path,
        members: Vec::new(),
        found: make::object(crate::artifacts::Format::Elf, None, 0),
        spec,
        crate_name,
        package,
        build_system: system,
        fix: fix::Fix {
            env,
            help,
            ..Default::default()
        },
        message,
        notes,
        symbols: Vec::new(),
    });
    // The compiler the log names, as a scan's provenance holds it.
    if let Failure::WrongCompiler {
        compiler,
        variable,
        flags_from,
        ..
    } = &b.what
    {
        finding.provenance.compiler = compiler.clone();
        finding.provenance.compiler_from = variable.clone();
        if finding.kind == Kind::WrongCompiler {
            finding.provenance.flags_from = flags_from.clone();
        }
    }
    finding.unset = flags_unset;
    finding
}

/// What a step also said, below its primary error: at most a note (issue 21 item 1).
fn outranked_note(f: &Failure) -> String {
    let said = match f {
        Failure::PkgConfig { lib: Some(l) } => format!("pkg-config would not look up {l}"),
        Failure::PkgConfig { lib: None } => "pkg-config would not look up a library".into(),
        Failure::Openssl => "openssl-sys found no OpenSSL".into(),
        Failure::PcMissing { lib, .. } => format!(
            "pkg-config found no {} for the target",
            lib.as_deref().unwrap_or("library")
        ),
        Failure::MissingLibrary { lib } => format!("{lib} was not found"),
        Failure::HostPath { path } => format!("the build machine's {path} was used"),
        Failure::ToolMissing { tool } => format!("{tool} is not installed"),
        Failure::WrongCompiler { evidence, .. } => format!("the compiler said: {evidence}"),
        Failure::LinkerNotFound { linker } => format!("the linker {linker} is not here"),
        Failure::ProcMacro | Failure::TargetStd { .. } => "more".into(),
    };
    format!(
        "the build script also said {said}; it went on past that, and the error above is what failed it"
    )
}

/// How a finding names the compiler a build script ran: `` `gcc` (from CC) ``.
fn used(compiler: &Option<String>, variable: &Option<String>) -> String {
    match (compiler, variable) {
        (Some(c), Some(v)) => format!("`{c}` (from {v})"),
        (Some(c), None) => format!("`{c}`"),
        (None, Some(v)) => format!("the compiler {v} names"),
        (None, None) => "a compiler for another machine".to_string(),
    }
}

fn is_cxx(compiler: &str) -> bool {
    let name = file_name(compiler);
    name.ends_with("g++") || name.ends_with("c++") || name.ends_with("clang++")
}

/// The C library header a compile stopped at, when the compiler that ran is the target's own
/// (its name or dir holds the target's machine): its C library is what is missing. A
/// compiler for another machine (the host's `gcc`) missing it is the wrong compiler.
fn libc_missing(
    evidence: &str,
    compiler: Option<&str>,
    spec: Option<&'static TargetSpec>,
) -> Option<String> {
    let s = spec?;
    let arch = super::logonly::arch_in_path(std::path::Path::new(compiler?))?;
    if crate::artifacts::machine::family(arch) != crate::artifacts::machine::family(s.arch) {
        return None;
    }
    // autoconf's first check links a program: the target's own compiler failing it, with no
    // flags of another machine, has no C library (crt files, libc) to link with.
    if evidence.contains("compiler cannot create executables") {
        return Some("the C library configure's test program links with".into());
    }
    let header = evidence
        .split_once("fatal error: ")?
        .1
        .split([':', '’', '\''])
        .find(|w| !w.is_empty() && !w.starts_with('‘'))?
        .trim_start_matches('‘')
        .to_string();
    super::blocks::is_libc_header(&header).then_some(header)
}

/// The flags that name the target's own CPU for a GNU compiler: cc-rs's own for the target,
/// else the machine's baseline `-march`.
fn target_cpu_flags(spec: &TargetSpec) -> Vec<String> {
    let own: Vec<String> = crate::toolchain::ccrs::target_flags(spec, false)
        .into_iter()
        .filter(|f| {
            f.starts_with("-march") || f.starts_with("-mfpu") || f.starts_with("-mfloat-abi")
        })
        .collect();
    if own.iter().any(|f| f.starts_with("-march")) {
        return own;
    }
    let base = match spec.arch {
        "aarch64" => Some("armv8-a"),
        "x86_64" => Some("x86-64"),
        "x86" => Some("i686"),
        "riscv64" => Some("rv64gc"),
        "arm" => Some("armv6"),
        _ => None,
    };
    own.into_iter()
        .chain(base.map(|b| format!("-march={b}")))
        .collect()
}

/// The cc-rs variable that names a tool: `g++` → CXX, `ar` → AR, else CC.
fn tool_var(tool: &str) -> &'static str {
    let name = file_name(tool);
    if name.ends_with("g++") || name.ends_with("c++") || name.ends_with("clang++") {
        "CXX"
    } else if name.ends_with("ar") {
        "AR"
    } else {
        "CC"
    }
}

fn file_name(tool: &str) -> &str {
    tool.rsplit(['/', '\\']).next().unwrap_or(tool)
}

#[cfg(test)]
mod tests {
    #[test]
    fn tool_vars() {
        assert_eq!(super::tool_var("mips-linux-musl-g++"), "CXX");
        assert_eq!(super::tool_var("/x/mips-linux-musl-ar"), "AR");
        assert_eq!(super::tool_var("mips-linux-musl-gcc"), "CC");
    }
}
