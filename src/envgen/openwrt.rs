//! OpenWrt's names for a target and Rust's, both ways.
//!
//! OpenWrt names a toolchain `toolchain-<arch>_<cpu>[+<fpu>]_gcc-<ver>_<libc>[_eabi]` and
//! its tools `<gnu-arch>-openwrt-linux-<libc>-gcc` (plus a short `…-openwrt-linux-gcc`);
//! the target's staging dir is `target-<arch>_<cpu>[+<fpu>]_<libc>[_eabi]`. The Rust triple
//! follows OpenWrt's own `lang/rust/rust-values.mk`: the GNU name with `openwrt` →
//! `unknown`, ARM by CPU generation and FPU, i386 by CPU (pentium4 has SSE2: i686).

use crate::target::lookup;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolchainName {
    /// `mips_24kc`, `arm_cortex-a7+neon-vfpv4`, `mips64_octeonplus_64`, as in the dir name:
    /// the part the staging dirs share.
    pub arch_cpu: String,
    /// `mips`, `arm`, `x86_64`, `i386` (OpenWrt's ARCH).
    pub arch: String,
    /// `24kc`, `cortex-a7`, `pentium4`; empty for x86_64.
    pub cpu: String,
    /// `neon-vfpv4`, `vfpv3-d16`, `vfp`; empty without an FPU suffix.
    pub fpu: String,
    pub gcc: String,
    /// `musl`, `glibc`, `uClibc-…`.
    pub libc: String,
    pub eabi: bool,
}

impl ToolchainName {
    /// `target-mips_24kc_musl`: where the SDK keeps the target's libraries and `.pc` files.
    pub fn target_dir_name(&self) -> String {
        let eabi = if self.eabi { "_eabi" } else { "" };
        format!("target-{}_{}{eabi}", self.arch_cpu, self.libc)
    }

    pub fn triple(&self) -> Option<&'static str> {
        triple_for(&self.arch, &self.cpu, &self.fpu, &self.libc)
    }
}

/// Parses `toolchain-mips_24kc_gcc-12.3.0_musl` (and `…_musl_eabi`).
pub fn parse_toolchain_dir(name: &str) -> Option<ToolchainName> {
    let rest = name.strip_prefix("toolchain-")?;
    let (arch_cpu, tail) = rest.split_once("_gcc-")?;
    let mut parts = tail.split('_');
    let gcc = parts.next()?.to_string();
    let libc = parts.next()?.to_string();
    let eabi = parts.next() == Some("eabi");
    let (arch, cpu, fpu) = split_arch_cpu(arch_cpu)?;
    Some(ToolchainName {
        arch_cpu: arch_cpu.to_string(),
        arch,
        cpu,
        fpu,
        gcc,
        libc,
        eabi,
    })
}

/// `arm_cortex-a7+neon-vfpv4` or the package-arch spelling `arm_cortex-a7_neon-vfpv4` →
/// (arm, cortex-a7, neon-vfpv4); `x86_64` → (x86_64, "", "").
pub fn split_arch_cpu(s: &str) -> Option<(String, String, String)> {
    let (arch, rest) = if let Some(r) = s.strip_prefix("x86_64") {
        ("x86_64", r.trim_start_matches('_'))
    } else {
        match s.split_once('_') {
            Some((a, r)) => (a, r),
            None => (s, ""),
        }
    };
    if arch.is_empty() {
        return None;
    }
    let (cpu, fpu) = match rest.split_once(['+', '_']) {
        Some((c, f)) => (c, f),
        None => (rest, ""),
    };
    Some((arch.to_string(), cpu.to_string(), fpu.to_string()))
}

fn libc_env(libc: &str) -> Option<&'static str> {
    let l = libc.to_ascii_lowercase();
    if l.starts_with("musl") {
        Some("musl")
    } else if l.starts_with("glibc") || l == "gnu" {
        Some("gnu")
    } else if l.starts_with("uclibc") {
        Some("uclibc")
    } else {
        None
    }
}

/// ARM CPU generation by OpenWrt CPU name: 7 for Cortex-A, 6 for ARM11, else 5.
fn arm_generation(cpu: &str) -> u8 {
    if cpu.starts_with("cortex-a") {
        7
    } else if cpu.starts_with("arm11") || cpu.starts_with("arm1176") || cpu.starts_with("mpcore") {
        6
    } else {
        5
    }
}

/// OpenWrt's arch, CPU, FPU and libc → the Rust target, when rustc has one.
pub fn triple_for(arch: &str, cpu: &str, fpu: &str, libc: &str) -> Option<&'static str> {
    let env = libc_env(libc)?;
    let triple = match arch {
        "x86_64" => format!("x86_64-unknown-linux-{env}"),
        "i386" | "i486" | "i586" | "i686" => {
            let sse2 = matches!(cpu, "pentium4" | "core2" | "atom" | "x86-64" | "i686");
            format!("{}-unknown-linux-{env}", if sse2 { "i686" } else { "i586" })
        }
        "mips" | "mipsel" => format!("{arch}-unknown-linux-{env}"),
        "mips64" if env == "musl" => "mips64-openwrt-linux-musl".into(),
        "mips64" | "mips64el" => format!("{arch}-unknown-linux-{env}abi64"),
        "aarch64" => format!("aarch64-unknown-linux-{env}"),
        "arm" => {
            let hf = if fpu.is_empty() { "" } else { "hf" };
            match arm_generation(cpu) {
                7 => format!("armv7-unknown-linux-{env}eabi{hf}"),
                6 => format!("arm-unknown-linux-{env}eabi{hf}"),
                _ => format!("armv5te-unknown-linux-{env}eabi"),
            }
        }
        "powerpc" if cpu.starts_with("85") => format!("powerpc-unknown-linux-{env}spe"),
        "powerpc" | "powerpc64" => format!("{arch}-unknown-linux-{env}"),
        "riscv64" => format!("riscv64gc-unknown-linux-{env}"),
        "loongarch64" => format!("loongarch64-unknown-linux-{env}"),
        _ => return None,
    };
    lookup(&triple).map(|s| s.triple)
}

/// The OpenWrt side of a Rust target: the GNU arch in tool names, a typical package arch
/// (`ARCH_PACKAGES`), the libc word of tool names (`musl`, `muslgnueabi`, `gnu`…).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenwrtSide {
    pub gnu_arch: &'static str,
    pub package_arch: &'static str,
    pub libc: &'static str,
    pub tool_libc: String,
}

impl OpenwrtSide {
    /// `mips-openwrt-linux-musl-`, `arm-openwrt-linux-muslgnueabi-`.
    pub fn prefix(&self) -> String {
        format!("{}-openwrt-linux-{}-", self.gnu_arch, self.tool_libc)
    }

    /// `mips-openwrt-linux-`.
    pub fn short_prefix(&self) -> String {
        format!("{}-openwrt-linux-", self.gnu_arch)
    }
}

/// Rust target → OpenWrt, for the targets OpenWrt builds (one typical CPU each).
pub fn openwrt_for(triple: &str) -> Option<OpenwrtSide> {
    let (base, env) = triple.rsplit_once("-linux-")?;
    let libc = if env.starts_with("musl") {
        "musl"
    } else if env.starts_with("gnu") {
        "glibc"
    } else {
        return None;
    };
    let arm = |package_arch| ("arm", package_arch);
    let (gnu_arch, package_arch) = match base.split('-').next()? {
        "mips" => ("mips", "mips_24kc"),
        "mipsel" => ("mipsel", "mipsel_24kc"),
        "mips64" => ("mips64", "mips64_octeonplus"),
        "mips64el" => ("mips64el", "mips64el_mips64r2"),
        "aarch64" => ("aarch64", "aarch64_cortex-a53"),
        "x86_64" => ("x86_64", "x86_64"),
        "i686" => ("i486", "i386_pentium4"),
        "i586" => ("i486", "i386_pentium-mmx"),
        "armv7" if env.ends_with("hf") => arm("arm_cortex-a7_neon-vfpv4"),
        "armv7" => arm("arm_cortex-a9"),
        "arm" if env.ends_with("hf") => arm("arm_arm1176jzf-s_vfp"),
        "armv5te" => arm("arm_arm926ej-s"),
        "powerpc" if env.ends_with("spe") => ("powerpc", "powerpc_8548"),
        "powerpc" => ("powerpc", "powerpc_464fp"),
        "powerpc64" => ("powerpc64", "powerpc64_e5500"),
        "riscv64gc" => ("riscv64", "riscv64_riscv64"),
        "loongarch64" => ("loongarch64", "loongarch64_generic"),
        _ => return None,
    };
    let gnu = if libc == "musl" { "musl" } else { "gnu" };
    let tool_libc = if gnu_arch == "arm" {
        // OpenWrt's ARM tools are `arm-openwrt-linux-muslgnueabi-gcc` / `…-gnueabi-gcc`.
        if libc == "musl" {
            "muslgnueabi".to_string()
        } else {
            "gnueabi".to_string()
        }
    } else {
        gnu.to_string()
    };
    Some(OpenwrtSide {
        gnu_arch,
        package_arch,
        libc,
        tool_libc,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toolchain_dirs_to_triples() {
        let cases = [
            (
                "toolchain-mips_24kc_gcc-12.3.0_musl",
                "mips-unknown-linux-musl",
            ),
            (
                "toolchain-mipsel_24kc_gcc-12.3.0_musl",
                "mipsel-unknown-linux-musl",
            ),
            (
                "toolchain-mipsel_74kc_gcc-8.4.0_musl",
                "mipsel-unknown-linux-musl",
            ),
            (
                "toolchain-arm_cortex-a7+neon-vfpv4_gcc-12.3.0_musl_eabi",
                "armv7-unknown-linux-musleabihf",
            ),
            (
                "toolchain-arm_cortex-a9_gcc-12.3.0_musl_eabi",
                "armv7-unknown-linux-musleabi",
            ),
            (
                "toolchain-arm_arm1176jzf-s+vfp_gcc-12.3.0_musl_eabi",
                "arm-unknown-linux-musleabihf",
            ),
            (
                "toolchain-arm_arm926ej-s_gcc-12.3.0_musl_eabi",
                "armv5te-unknown-linux-musleabi",
            ),
            (
                "toolchain-aarch64_cortex-a53_gcc-12.3.0_musl",
                "aarch64-unknown-linux-musl",
            ),
            (
                "toolchain-x86_64_gcc-12.3.0_musl",
                "x86_64-unknown-linux-musl",
            ),
            (
                "toolchain-i386_pentium4_gcc-12.3.0_musl",
                "i686-unknown-linux-musl",
            ),
            (
                "toolchain-i386_pentium-mmx_gcc-12.3.0_musl",
                "i586-unknown-linux-musl",
            ),
            (
                "toolchain-mips_24kc_gcc-12.3.0_glibc",
                "mips-unknown-linux-gnu",
            ),
            (
                "toolchain-mips64_octeonplus_64_gcc-12.3.0_musl",
                "mips64-openwrt-linux-musl",
            ),
            (
                "toolchain-riscv64_riscv64_gcc-12.3.0_musl",
                "riscv64gc-unknown-linux-musl",
            ),
            (
                "toolchain-powerpc_8548_gcc-12.3.0_musl",
                "powerpc-unknown-linux-muslspe",
            ),
        ];
        for (dir, triple) in cases {
            let t = parse_toolchain_dir(dir).unwrap_or_else(|| panic!("{dir} did not parse"));
            assert_eq!(t.triple(), Some(triple), "{dir}");
        }
        let a7 =
            parse_toolchain_dir("toolchain-arm_cortex-a7+neon-vfpv4_gcc-12.3.0_musl_eabi").unwrap();
        assert_eq!(
            a7.target_dir_name(),
            "target-arm_cortex-a7+neon-vfpv4_musl_eabi"
        );
        assert_eq!(
            parse_toolchain_dir("toolchain-x86_64_gcc-12.3.0_musl")
                .unwrap()
                .target_dir_name(),
            "target-x86_64_musl"
        );
        let octeon = parse_toolchain_dir("toolchain-mips64_octeonplus_64_gcc-12.3.0_musl").unwrap();
        assert_eq!(octeon.target_dir_name(), "target-mips64_octeonplus_64_musl");
    }

    #[test]
    fn package_arch_spelling_too() {
        let (a, c, f) = split_arch_cpu("arm_cortex-a7_neon-vfpv4").unwrap();
        assert_eq!(
            triple_for(&a, &c, &f, "musl"),
            Some("armv7-unknown-linux-musleabihf")
        );
    }

    #[test]
    fn both_ways() {
        for triple in [
            "mips-unknown-linux-musl",
            "mipsel-unknown-linux-musl",
            "armv7-unknown-linux-musleabihf",
            "armv7-unknown-linux-musleabi",
            "arm-unknown-linux-musleabihf",
            "armv5te-unknown-linux-musleabi",
            "aarch64-unknown-linux-musl",
            "x86_64-unknown-linux-musl",
            "i686-unknown-linux-musl",
            "i586-unknown-linux-musl",
            "mips64-openwrt-linux-musl",
            "riscv64gc-unknown-linux-musl",
            "powerpc-unknown-linux-musl",
            "mips-unknown-linux-gnu",
            "aarch64-unknown-linux-gnu",
        ] {
            let side =
                openwrt_for(triple).unwrap_or_else(|| panic!("{triple} has no OpenWrt side"));
            let (a, c, f) = split_arch_cpu(side.package_arch).unwrap();
            assert_eq!(
                triple_for(&a, &c, &f, side.libc),
                Some(triple),
                "{triple} via {}",
                side.package_arch
            );
        }
        let m = openwrt_for("mips-unknown-linux-musl").unwrap();
        assert_eq!(m.prefix(), "mips-openwrt-linux-musl-");
        assert_eq!(
            openwrt_for("armv7-unknown-linux-musleabihf")
                .unwrap()
                .prefix(),
            "arm-openwrt-linux-muslgnueabi-"
        );
        assert_eq!(
            openwrt_for("i686-unknown-linux-musl")
                .unwrap()
                .short_prefix(),
            "i486-openwrt-linux-"
        );
        assert_eq!(openwrt_for("thumbv7em-none-eabihf"), None);
    }
}
