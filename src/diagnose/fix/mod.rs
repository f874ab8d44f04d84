//! The one fix builder: the settings that fix a cause, as concrete `VAR=value` pairs, the
//! variables to unset, and what to say. scan, the shim, annotate, doctor and `fix` all ask
//! it, so one cause gets one fix in every mode.

pub mod openssl;
pub mod place;
pub mod wording;

use std::collections::BTreeMap;

use crate::cargo::build_output::{BuildRun, BuildSystem};
use crate::cargo::config::ConfiguredLinker;
use crate::target::TargetSpec;
use crate::target::gnu::{debian_arch, triple as gnu_triple};

use super::finding::Kind;

/// The cross tools to suggest: a path prefix such that `<prefix>gcc`, `<prefix>ar` exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrossPrefix {
    pub prefix: String,
    /// Where the prefix came from, in words.
    pub from: String,
    /// The toolchain's sysroot, when its driver told us (`-print-sysroot`).
    pub sysroot: Option<String>,
    pub flavor: ToolFlavor,
}

/// Which family of tool names the target's toolchain uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToolFlavor {
    /// `<prefix>gcc`, `<prefix>ar`: GNU cross toolchains (Debian, OpenWrt, musl.cc).
    Gnu,
    /// Apple targets: clang with `--target`, as cc-rs drives it through xcrun.
    Apple,
    /// MSVC targets: clang-cl and llvm-lib, or cl.exe and lib.exe.
    Msvc,
}

impl CrossPrefix {
    /// The toolchain's tool for a GNU tool name (`gcc`, `g++`, `ar`).
    pub fn tool(&self, name: &str) -> String {
        let name = match (self.flavor, name) {
            (ToolFlavor::Apple, "gcc") => "clang",
            (ToolFlavor::Apple, "g++") => "clang++",
            (ToolFlavor::Msvc, "gcc" | "g++") => "clang-cl",
            (ToolFlavor::Msvc, "ar") => "llvm-lib",
            (_, n) => n,
        };
        format!("{}{name}", self.prefix)
    }
}

/// Prefers the configured linker's own prefix (`…/mips-openwrt-linux-gcc` →
/// `…/mips-openwrt-linux-`), since that toolchain is the one the link will use; else the
/// GNU name cc-rs itself would guess for the triple.
pub fn cross_prefix(spec: &TargetSpec, linker: Option<&ConfiguredLinker>) -> CrossPrefix {
    if let Some(l) = linker
        && let Some(p) = crate::linker::name::classify(std::path::Path::new(&l.linker)).prefix
    {
        return CrossPrefix {
            prefix: p,
            from: format!("the configured linker {} ({})", l.linker, l.source),
            sysroot: None,
            flavor: ToolFlavor::Gnu,
        };
    }
    if spec.format == crate::target::BinaryFormat::MachO {
        return CrossPrefix {
            prefix: String::new(),
            from: format!("Apple's clang, which cc-rs drives for {}", spec.triple),
            sysroot: None,
            flavor: ToolFlavor::Apple,
        };
    }
    if spec.env == "msvc" {
        return CrossPrefix {
            prefix: String::new(),
            from: format!("LLVM's MSVC-compatible tools for {}", spec.triple),
            sysroot: None,
            flavor: ToolFlavor::Msvc,
        };
    }
    CrossPrefix {
        prefix: format!("{}-", gnu_triple(spec)),
        from: format!("the usual GNU toolchain name for {}", spec.triple),
        sysroot: None,
        flavor: ToolFlavor::Gnu,
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fix {
    pub env: BTreeMap<String, String>,
    /// Variables that took effect and must go, each with the line that says why
    /// (`unset OPENSSL_LIB_DIR: …`).
    pub unset: Vec<(String, String)>,
    pub help: Vec<String>,
    /// The settings name the cross tools of a prefix (`CC_<t>`, `AR_<t>`).
    pub names_tools: bool,
}

/// The fix for one cause (a finding's kind, the build system that made the culprit), from
/// what the mode knows: the build script's recorded lookups (`run`: scan and the shim;
/// `None` from a log alone) and the toolchain (`prefix`).
pub fn suggest(
    kind: Kind,
    spec: &TargetSpec,
    system: BuildSystem,
    run: Option<&BuildRun>,
    prefix: &CrossPrefix,
) -> Fix {
    let us = spec.underscored();
    let mut fix = Fix::default();
    let cc = prefix.tool("gcc");
    match kind {
        Kind::MissingAtomics => {
            fix.env
                .insert(spec.rustflags_var(), "-C link-arg=-latomic".into());
            fix.help.push(wording::missing_atomics(spec));
            return fix;
        }
        Kind::ArchiveNoIndex => {
            fix.env.insert(format!("AR_{us}"), prefix.tool("ar"));
            fix.help.push(format!(
                "the archive was made by an `ar` that wrote no symbol index for {} (often the host's, leaked like CC): give the target its own archiver",
                spec.triple
            ));
            fix.names_tools = true;
            return fix;
        }
        Kind::PicMismatch => {
            fix.env.insert(format!("CFLAGS_{us}"), "-fPIC".into());
            fix.help.push(
                "rustc links position-independent executables: C code in them must be built with -fPIC"
                    .into(),
            );
            return fix;
        }
        Kind::LibcMismatch => {
            fix.env.insert(format!("CC_{us}"), cc);
            fix.help.push(format!(
                "glibc-only symbols: the C was compiled against glibc's headers (or with _FORTIFY_SOURCE by a glibc compiler); build it with the musl cross compiler for {}",
                spec.triple
            ));
            fix.names_tools = true;
            return fix;
        }
        _ => {}
    }
    match system {
        BuildSystem::Prebuilt if kind == Kind::AbiMismatch => {
            fix.help.push(format!(
                "the crate links a library it ships prebuilt, for {}'s machine but another ABI: rebuild it for the target's ABI (a feature that builds it from source), or build for the target whose ABI it has{}",
                spec.triple,
                matching_target(spec)
                    .map(|t| format!(" ({t})"))
                    .unwrap_or_default()
            ));
        }
        BuildSystem::Prebuilt => {
            fix.help.push(format!(
                "the crate links a library it ships prebuilt; it has no {} build: look for a feature that builds it from source or a {} copy of the library",
                spec.triple, spec.arch
            ));
        }
        BuildSystem::OpensslSys => {
            let vars = |n: &str| run.and_then(|r| r.lookup(n).map(|v| v.map(str::to_string)));
            return openssl::fix(spec, &vars, prefix);
        }
        BuildSystem::PkgConfig => pkg_config(spec, prefix, &mut fix),
        _ if kind == Kind::AbiMismatch => {
            if let Some(flag) = float_flag(spec) {
                fix.env.insert(format!("CFLAGS_{us}"), flag.to_string());
                fix.help.push(format!(
                    "the C compiler is for the right machine but the wrong ABI; {flag} makes it match {}",
                    spec.triple
                ));
                if let Some(t) = matching_target(spec) {
                    fix.help.push(format!(
                        "objects that must keep their float ABI (a vendor's library) need the target that has it: {t}"
                    ));
                }
            } else {
                fix.env.insert(format!("CC_{us}"), cc.clone());
                fix.help.push(format!(
                    "build the C code with a compiler configured for {}",
                    spec.triple
                ));
                fix.names_tools = true;
            }
        }
        _ => {
            fix.names_tools = true;
            fix.env.insert(format!("CC_{us}"), cc.clone());
            fix.env.insert(format!("AR_{us}"), prefix.tool("ar"));
            if run.is_some_and(|r| r.lookups.iter().any(|(n, _)| n.starts_with("CXX"))) {
                fix.env.insert(format!("CXX_{us}"), prefix.tool("g++"));
            }
            if let Some((var, value)) = run.and_then(|r| r.cc_source(spec.triple))
                && var == "CC"
            {
                fix.env.insert("HOST_CC".into(), value.clone());
                fix.help.push(wording::global_leak(
                    "CC",
                    Some(&value),
                    &format!("CC_{us}"),
                ));
            }
            if system == BuildSystem::Cmake {
                fix.help.push(wording::cmake_takes_cc(spec));
            }
            // Debian's and other glibc MIPS toolchains default to hard float; musl ones
            // built for routers (OpenWrt's) are soft-float already.
            if spec.arch.starts_with("mips")
                && spec.float_abi == crate::target::FloatAbi::Soft
                && prefix.prefix.contains("-linux-gnu")
            {
                fix.env
                    .insert(format!("CFLAGS_{us}"), "-msoft-float".into());
            }
        }
    }
    fix
}

/// The fix for a linker that links for another machine: the variable that names the
/// linker (`real_var`, `XLINKDIAG_LINKER`, when the linker cargo runs is a plain xlinkdiag;
/// else cargo's `CARGO_TARGET_<T>_LINKER`) set to a cross linker `cc` for the target.
pub fn wrong_linker(spec: &TargetSpec, real_var: Option<&str>, cc: String) -> Fix {
    let cargo_var = spec.linker_var();
    let var = real_var.map_or_else(|| cargo_var.clone(), str::to_string);
    let mut fix = Fix::default();
    fix.help.push(format!(
        "{var} names the linker for {}: a cross gcc (or clang --target) for it, not the build machine's cc",
        spec.triple
    ));
    if let Some(v) = real_var {
        fix.help.push(format!(
            "{v} names the real linker behind xlinkdiag; {cargo_var} names xlinkdiag and stays"
        ));
    }
    fix.env.insert(var, cc);
    fix
}

/// A global variable a build script recorded taking (`ZSTD_LIB_DIR = …`): it reaches every
/// build script, the host's too, and the script took it because the target's own spelling
/// was unset. `None` for pkg-config and for names already the target's own.
pub fn recorded_global(
    spec: &TargetSpec,
    run: &BuildRun,
    name: &str,
    value: &str,
) -> Option<String> {
    let upper = crate::target::vars::openssl_prefix(spec.triple);
    if name == "pkg-config" || name.starts_with(&upper) || value.is_empty() {
        return None;
    }
    let own = format!("{upper}_{name}");
    let read_first = if run.lookup(&own) == Some(None) {
        format!(
            "; the build script took it because {own} was unset, and reads the target's own variables first"
        )
    } else {
        String::new()
    };
    Some(format!(
        "unset {name}: it reaches every build script, for the host and the target alike{read_first}"
    ))
}

/// pkg-config-rs: the target's `.pc` files where they are here, and only those
/// (`PKG_CONFIG_LIBDIR` replaces the host's default dirs, as `xlinkdiag env` sets it): the
/// toolchain's sysroot or an OpenWrt SDK's `staging_dir/target-*` (with
/// `PKG_CONFIG_SYSROOT_DIR`), Debian's multiarch dir; else what to point it at, in words.
fn pkg_config(spec: &TargetSpec, prefix: &CrossPrefix, fix: &mut Fix) {
    let us = spec.underscored();
    match place::pkg_config(spec, prefix) {
        Some(place::PcPlace::Sysroot { root, how }) => {
            let root = root.display().to_string();
            fix.env
                .insert(format!("PKG_CONFIG_SYSROOT_DIR_{us}"), root.clone());
            fix.env.insert(
                format!("PKG_CONFIG_LIBDIR_{us}"),
                format!("{root}/usr/lib/pkgconfig:{root}/usr/share/pkgconfig"),
            );
            fix.help.push(format!(
                "point the library lookup at {how}, not the host's /usr"
            ));
        }
        Some(place::PcPlace::Multiarch { dir, arch }) => {
            fix.env
                .insert(format!("PKG_CONFIG_LIBDIR_{us}"), dir.display().to_string());
            fix.env
                .insert(format!("PKG_CONFIG_ALLOW_CROSS_{us}"), "1".into());
            fix.help.push(format!(
                "the toolchain is multiarch: the .pc files for {} are in {} (a library's `:{arch}` -dev package puts them there: `dpkg --add-architecture {arch}`, then `apt-get install <lib>-dev:{arch}`)",
                spec.triple,
                dir.display()
            ));
        }
        None => fix.help.push(format!(
            "no sysroot for {} was found here: point PKG_CONFIG_SYSROOT_DIR_{us} and PKG_CONFIG_LIBDIR_{us} at the target's sysroot (the toolchain's `-print-sysroot`), not the host's /usr; `xlinkdiag env --toolchain DIR` prints them for an OpenWrt SDK",
            spec.triple
        )),
    }
}

/// The flag that selects the target's float ABI on a GNU-like compiler, for targets where
/// one flag is the whole difference.
/// The ARM target with the other float ABI: `arm-unknown-linux-gnueabi` ↔
/// `arm-unknown-linux-gnueabihf`, `…-musleabi` ↔ `…-musleabihf`.
fn matching_target(spec: &TargetSpec) -> Option<&'static str> {
    if spec.arch != "arm" {
        return None;
    }
    let t = spec.triple;
    let other = if let Some(base) = t.strip_suffix("hf") {
        base.to_string()
    } else if t.ends_with("eabi") {
        format!("{t}hf")
    } else {
        return None;
    };
    crate::target::lookup(&other).map(|s| s.triple)
}

pub fn float_flag(spec: &TargetSpec) -> Option<&'static str> {
    let soft = spec.float_abi == crate::target::FloatAbi::Soft;
    match spec.arch {
        a if a.starts_with("mips") => Some(if soft { "-msoft-float" } else { "-mhard-float" }),
        "arm" => Some(if soft {
            "-mfloat-abi=soft"
        } else {
            "-mfloat-abi=hard"
        }),
        "riscv32" | "riscv64" => match spec.llvm_abiname {
            "lp64d" => Some("-mabi=lp64d"),
            "lp64" => Some("-mabi=lp64"),
            "ilp32d" => Some("-mabi=ilp32d"),
            "ilp32" => Some("-mabi=ilp32"),
            "ilp32f" => Some("-mabi=ilp32f"),
            _ => None,
        },
        _ => None,
    }
}

/// What a `-sys` crate's own build adds to the fix of its foreign objects (its row in
/// `cargo::sys_crates`): the other tools it runs for the target, and the host's compiler
/// kept as HOST_CC when the crate's own lookup took a global CC.
pub fn sys_crate(
    k: &crate::cargo::sys_crates::Knowledge,
    spec: &TargetSpec,
    prefix: &CrossPrefix,
    f: &mut Fix,
) {
    if !f.env.keys().any(|v| v.starts_with("CC_")) {
        return;
    }
    for (var, tool) in k.krate.tools {
        f.env
            .entry(format!("{var}_{}", spec.underscored()))
            .or_insert_with(|| prefix.tool(tool));
    }
    if let Some((var, value)) = &k.compiler
        && var == "CC"
    {
        f.env.entry("HOST_CC".into()).or_insert(value.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::lookup;

    #[test]
    fn arm_targets_of_the_other_float_abi() {
        let m = |t: &str| matching_target(lookup(t).unwrap());
        assert_eq!(
            m("arm-unknown-linux-gnueabi"),
            Some("arm-unknown-linux-gnueabihf")
        );
        assert_eq!(
            m("armv7-unknown-linux-gnueabihf"),
            Some("armv7-unknown-linux-gnueabi")
        );
        assert_eq!(
            m("arm-unknown-linux-musleabi"),
            Some("arm-unknown-linux-musleabihf")
        );
        assert_eq!(m("aarch64-unknown-linux-gnu"), None);
    }

    #[test]
    fn prefix_from_openwrt_linker() {
        let spec = lookup("mips-unknown-linux-musl").unwrap();
        let l = ConfiguredLinker {
            linker: "/sdk/staging_dir/toolchain/bin/mips-openwrt-linux-gcc".into(),
            source: "CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER".into(),
        };
        let p = cross_prefix(spec, Some(&l));
        assert_eq!(
            p.tool("ar"),
            "/sdk/staging_dir/toolchain/bin/mips-openwrt-linux-ar"
        );
        let p = cross_prefix(spec, None);
        assert_eq!(p.tool("gcc"), "mips-linux-musl-gcc");
    }
}
