//! The settings that fix a culprit, as concrete `VAR=value` pairs.

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
    if let Some(l) = linker {
        for suffix in ["gcc", "cc", "clang"] {
            if let Some(p) = l.linker.strip_suffix(suffix)
                && p.ends_with('-')
            {
                return CrossPrefix {
                    prefix: p.to_string(),
                    from: format!("the configured linker {} ({})", l.linker, l.source),
                    sysroot: None,
                    flavor: ToolFlavor::Gnu,
                };
            }
        }
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

pub struct Fix {
    pub env: BTreeMap<String, String>,
    pub help: Vec<String>,
}

impl Fix {
    /// The help lines with the `set VAR=value …` line first, as reports show them.
    pub fn help_with_settings(&self) -> Vec<String> {
        let mut help = self.help.clone();
        if !self.env.is_empty() {
            let set: Vec<String> = self.env.iter().map(|(k, v)| format!("{k}={v}")).collect();
            help.insert(0, format!("set {}", set.join(" ")));
        }
        help
    }
}

pub fn suggest(
    kind: Kind,
    spec: &TargetSpec,
    system: BuildSystem,
    run: Option<&BuildRun>,
    prefix: &CrossPrefix,
) -> Fix {
    let us = spec.underscored();
    let mut env = BTreeMap::new();
    let mut help = Vec::new();
    let cc = prefix.tool("gcc");
    match kind {
        Kind::MissingAtomics => {
            env.insert(spec.rustflags_var(), "-C link-arg=-latomic".into());
            help.push(format!(
                "{} has no native atomics for what the code calls (64-bit ones, or any on older cores): link libatomic (`-C link-arg=-latomic`), or enable the crate's `portable-atomic` feature where it has one",
                spec.triple
            ));
            return Fix { env, help };
        }
        Kind::ArchiveNoIndex => {
            env.insert(format!("AR_{us}"), prefix.tool("ar"));
            help.push(format!(
                "the archive was made by an `ar` that wrote no symbol index for {} (often the host's, leaked like CC): give the target its own archiver",
                spec.triple
            ));
            return Fix { env, help };
        }
        Kind::PicMismatch => {
            env.insert(format!("CFLAGS_{us}"), "-fPIC".into());
            help.push(
                "rustc links position-independent executables: C code in them must be built with -fPIC"
                    .into(),
            );
            return Fix { env, help };
        }
        Kind::LibcMismatch => {
            env.insert(format!("CC_{us}"), cc);
            help.push(format!(
                "glibc-only symbols: the C was compiled against glibc's headers (or with _FORTIFY_SOURCE by a glibc compiler); build it with the musl cross compiler for {}",
                spec.triple
            ));
            return Fix { env, help };
        }
        _ => {}
    }
    match system {
        BuildSystem::Prebuilt if kind == Kind::AbiMismatch => {
            help.push(format!(
                "the crate links a library it ships prebuilt, for {}'s machine but another ABI: rebuild it for the target's ABI (a feature that builds it from source), or build for the target whose ABI it has{}",
                spec.triple,
                matching_target(spec)
                    .map(|t| format!(" ({t})"))
                    .unwrap_or_default()
            ));
        }
        BuildSystem::Prebuilt => {
            help.push(format!(
                "the crate links a library it ships prebuilt; it has no {} build: look for a feature that builds it from source or a {} copy of the library",
                spec.triple, spec.arch
            ));
        }
        BuildSystem::PkgConfig | BuildSystem::OpensslSys => {
            library_lookup(spec, system, prefix, &mut env, &mut help);
        }
        _ if kind == Kind::AbiMismatch => {
            if let Some(flag) = float_flag(spec) {
                env.insert(format!("CFLAGS_{us}"), flag.to_string());
                help.push(format!(
                    "the C compiler is for the right machine but the wrong ABI; {flag} makes it match {}",
                    spec.triple
                ));
                if let Some(t) = matching_target(spec) {
                    help.push(format!(
                        "objects that must keep their float ABI (a vendor's library) need the target that has it: {t}"
                    ));
                }
            } else {
                env.insert(format!("CC_{us}"), cc.clone());
                help.push(format!(
                    "build the C code with a compiler configured for {}",
                    spec.triple
                ));
            }
        }
        _ => {
            env.insert(format!("CC_{us}"), cc.clone());
            env.insert(format!("AR_{us}"), prefix.tool("ar"));
            if run.is_some_and(|r| r.lookups.iter().any(|(n, _)| n.starts_with("CXX"))) {
                env.insert(format!("CXX_{us}"), prefix.tool("g++"));
            }
            if let Some((var, value)) = run.and_then(|r| r.cc_source(spec.triple))
                && var == "CC"
            {
                env.insert("HOST_CC".into(), value.clone());
                help.push(format!(
                        "a global CC={value} reaches every build script, for the host and the target alike; keep it for the host as HOST_CC and give the target its own CC_{us}"
                    ));
            }
            if system == BuildSystem::Cmake {
                help.push(format!(
                    "cmake-rs takes the compiler from CC_{us} too; a CMAKE_TOOLCHAIN_FILE_{us} for {} is the other way",
                    spec.triple
                ));
            }
            // Debian's and other glibc MIPS toolchains default to hard float; musl ones
            // built for routers (OpenWrt's) are soft-float already.
            if spec.arch.starts_with("mips")
                && spec.float_abi == crate::target::FloatAbi::Soft
                && prefix.prefix.contains("-linux-gnu")
            {
                env.insert(format!("CFLAGS_{us}"), "-msoft-float".into());
            }
        }
    }
    Fix { env, help }
}

/// Where the target's libraries are: a multiarch system (sysroot `/`, as Debian's cross
/// gcc reports) keeps them in /usr/lib/<triple>; a real sysroot (OpenWrt's staging dir)
/// under <sysroot>/usr; without a word from the driver, Debian's /usr/<triple>.
fn library_lookup(
    spec: &TargetSpec,
    system: BuildSystem,
    prefix: &CrossPrefix,
    env: &mut BTreeMap<String, String>,
    help: &mut Vec<String>,
) {
    let us = spec.underscored();
    let name = prefix.prefix.trim_end_matches('-');
    let gnu = name.rsplit('/').next().unwrap_or(name).to_string();
    let openssl = system == BuildSystem::OpensslSys;
    match prefix.sysroot.as_deref() {
        Some("/") => {
            let lib = format!("/usr/lib/{gnu}");
            if openssl {
                env.insert(format!("{}_OPENSSL_LIB_DIR", spec.upper()), lib.clone());
                env.insert(
                    format!("{}_OPENSSL_INCLUDE_DIR", spec.upper()),
                    "/usr/include".into(),
                );
            }
            env.insert(format!("PKG_CONFIG_PATH_{us}"), format!("{lib}/pkgconfig"));
            env.insert(format!("PKG_CONFIG_ALLOW_CROSS_{us}"), "1".into());
            let pkg = if openssl {
                "libssl-dev"
            } else {
                "the library's -dev package"
            };
            match debian_arch(spec) {
                Some(arch) => help.push(format!(
                    "the toolchain is multiarch: install {pkg} for {arch} (`dpkg --add-architecture {arch}`, then `apt-get install {}:{arch}`) and look in {lib}",
                    if openssl { "libssl-dev" } else { "<lib>-dev" }
                )),
                None => help.push(format!("install {pkg} for {} and look in {lib}", spec.triple)),
            }
        }
        sysroot => {
            let guessed = sysroot.is_none();
            let root = sysroot.map_or_else(|| format!("/usr/{gnu}"), str::to_string);
            let usr = format!("{}/usr", root.trim_end_matches('/'));
            if openssl {
                env.insert(format!("{}_OPENSSL_DIR", spec.upper()), usr.clone());
            }
            env.insert(format!("PKG_CONFIG_SYSROOT_DIR_{us}"), root.clone());
            env.insert(
                format!("PKG_CONFIG_PATH_{us}"),
                format!("{usr}/lib/pkgconfig"),
            );
            help.push(format!(
                "point the library lookup at the {} sysroot, not the host's /usr{}",
                spec.triple,
                if guessed {
                    " (the sysroot shown is where Debian's cross toolchains keep it: use your toolchain's)"
                } else {
                    ""
                }
            ));
        }
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
