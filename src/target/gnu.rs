//! GNU toolchain naming, in one place: the triple cross tools are named after
//! (`mips-linux-musl-gcc`), Debian's architecture names, and the way back from a GNU triple
//! (`-dumpmachine`, a tool's prefix) to a Rust target. Every direction is read from the one
//! table below, so the directions cannot disagree.

use super::{Endian, FloatAbi, TargetSpec, lookup};

use Endian::{Big, Little};

/// A GNU triple's first word, Rust's `target_arch` and the byte order that word names, and
/// Debian's architecture name. For an arch and byte order, the first row is the word cross
/// toolchains are named with; the later ones are other spellings `-dumpmachine` may answer.
/// ARM is not here: its words are many (`armv7`, `thumbv7neon`, `armeb`, …), see [`arch`].
const ARCHES: &[(&str, &str, Endian, Option<&str>)] = &[
    ("x86_64", "x86_64", Little, Some("amd64")),
    ("amd64", "x86_64", Little, None),
    ("i686", "x86", Little, Some("i386")),
    ("i586", "x86", Little, None),
    ("i486", "x86", Little, None),
    ("i386", "x86", Little, None),
    ("aarch64", "aarch64", Little, Some("arm64")),
    ("arm64", "aarch64", Little, None),
    ("aarch64_be", "aarch64", Big, None),
    ("mips", "mips", Big, None),
    ("mipsel", "mips", Little, Some("mipsel")),
    ("mipsisa32r6", "mips32r6", Big, None),
    ("mipsisa32r6el", "mips32r6", Little, None),
    ("mips64", "mips64", Big, None),
    ("mips64el", "mips64", Little, Some("mips64el")),
    ("mipsisa64r6", "mips64r6", Big, None),
    ("mipsisa64r6el", "mips64r6", Little, None),
    ("powerpc", "powerpc", Big, Some("powerpc")),
    ("ppc", "powerpc", Big, None),
    ("powerpc64", "powerpc64", Big, Some("ppc64")),
    ("ppc64", "powerpc64", Big, None),
    ("powerpc64le", "powerpc64", Little, Some("ppc64el")),
    ("ppc64le", "powerpc64", Little, None),
    ("riscv32", "riscv32", Little, None),
    ("riscv64", "riscv64", Little, Some("riscv64")),
    ("s390x", "s390x", Big, Some("s390x")),
    ("loongarch64", "loongarch64", Little, Some("loong64")),
    ("sparc", "sparc", Big, None),
    ("sparc64", "sparc64", Big, None),
    ("sparcv9", "sparc64", Big, None),
    ("m68k", "m68k", Big, None),
];

/// The table's first row for a target's arch and byte order.
fn row(
    spec: &TargetSpec,
) -> Option<&'static (&'static str, &'static str, Endian, Option<&'static str>)> {
    ARCHES
        .iter()
        .find(|(_, arch, endian, _)| *arch == spec.arch && *endian == spec.endian)
}

/// The GNU toolchain triple for a Rust target, as Debian and cc-rs name cross compilers.
pub fn triple(spec: &TargetSpec) -> String {
    let arch = row(spec).map_or(spec.arch, |(word, ..)| *word);
    match spec.os {
        "linux" => {
            let env = if spec.env.is_empty() { "gnu" } else { spec.env };
            let abi = if spec.arch == "arm" {
                if spec.abi.is_empty() {
                    "eabi"
                } else {
                    spec.abi
                }
            } else if spec.arch.starts_with("mips64") && env == "gnu" {
                "abi64"
            } else {
                ""
            };
            format!("{arch}-linux-{env}{abi}")
        }
        "windows" if spec.env == "gnu" || spec.env == "gnullvm" => format!("{arch}-w64-mingw32"),
        "none" if spec.arch == "arm" => "arm-none-eabi".to_string(),
        "none" if spec.arch.starts_with("riscv") => format!("{arch}-unknown-elf"),
        _ => spec.triple.to_string(),
    }
}

/// Debian's architecture name for a target, for multiarch installs.
pub fn debian_arch(spec: &TargetSpec) -> Option<&'static str> {
    if spec.arch == "arm" {
        return Some(if spec.float_abi == FloatAbi::Hard {
            "armhf"
        } else {
            "armel"
        });
    }
    row(spec)?.3
}

/// The Rust arch family (as `artifacts::machine::family` names it) and byte order a GNU
/// triple's first word names: `mipsel-linux-gnu` → mips, little. For reading `-dumpmachine`.
pub fn arch(triple: &str) -> Option<(&'static str, Endian)> {
    let first = triple.trim().split('-').next()?;
    let Some(&(_, arch, endian, _)) = ARCHES.iter().find(|(word, ..)| *word == first) else {
        // `arm64` is in the table; every other `arm…` and `thumb…` word is 32-bit ARM.
        if !(first.starts_with("arm") || first.starts_with("thumb")) {
            return None;
        }
        let big =
            first.starts_with("armeb") || first.starts_with("thumbeb") || first.ends_with("eb");
        return Some(("arm", if big { Big } else { Little }));
    };
    // A linker treats r2 and r6 as one machine (`artifacts::machine::family`).
    let family = match arch {
        "mips32r6" => "mips",
        "mips64r6" => "mips64",
        a => a,
    };
    Some((family, endian))
}

/// The Rust target a GNU triple names: `mips-linux-gnu` → mips-unknown-linux-gnu,
/// `mips-openwrt-linux-musl` → mips-unknown-linux-musl, `x86_64-w64-mingw32` →
/// x86_64-pc-windows-gnu. GNU triples leave out the vendor or name another one than Rust's.
pub fn rust_target(gnu: &str) -> Option<&'static TargetSpec> {
    let gnu = gnu.trim();
    let parts: Vec<&str> = gnu.split('-').collect();
    let (arch, last) = (*parts.first()?, *parts.last()?);
    let mut candidates = vec![gnu.to_string()];
    if parts.len() >= 2 {
        if last == "mingw32" {
            candidates.push(format!("{arch}-pc-windows-gnu"));
        }
        if parts.contains(&"android") || last.starts_with("android") {
            candidates.push(format!("{arch}-linux-{last}"));
        }
    }
    match parts.len() {
        3 => candidates.push(format!("{arch}-unknown-{}", parts[1..].join("-"))),
        4 => candidates.push(format!("{arch}-unknown-{}", parts[2..].join("-"))),
        _ => {}
    }
    if parts.len() >= 2 && parts.contains(&"linux") {
        candidates.push(format!("{arch}-unknown-linux-{last}"));
    }
    candidates.iter().find_map(|c| lookup(c))
}

/// The Rust target a GNU tool's name says: `aarch64-linux-gnu-ld` → aarch64-unknown-linux-gnu,
/// `/opt/x/bin/mips-openwrt-linux-musl-gcc` → mips-unknown-linux-musl. A tool without a cross
/// prefix (`ld`, `rust-lld`) names no target.
pub fn target_of_tool(tool: &str) -> Option<&'static TargetSpec> {
    let name = tool.rsplit(['/', '\\']).next().unwrap_or(tool);
    let (prefix, _) = name.rsplit_once('-')?;
    if !prefix.contains('-') {
        return None;
    }
    rust_target(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(t: &str) -> &'static TargetSpec {
        lookup(t).unwrap()
    }

    #[test]
    fn gnu_triples() {
        let t = |s| triple(spec(s));
        assert_eq!(t("mips-unknown-linux-musl"), "mips-linux-musl");
        assert_eq!(t("mipsel-unknown-linux-gnu"), "mipsel-linux-gnu");
        assert_eq!(t("aarch64-unknown-linux-gnu"), "aarch64-linux-gnu");
        assert_eq!(t("armv7-unknown-linux-gnueabihf"), "arm-linux-gnueabihf");
        assert_eq!(t("x86_64-pc-windows-gnu"), "x86_64-w64-mingw32");
        assert_eq!(t("mips64-unknown-linux-gnuabi64"), "mips64-linux-gnuabi64");
        assert_eq!(t("i686-unknown-linux-gnu"), "i686-linux-gnu");
        assert_eq!(t("powerpc64le-unknown-linux-gnu"), "powerpc64le-linux-gnu");
        assert_eq!(t("aarch64_be-unknown-linux-gnu"), "aarch64_be-linux-gnu");
        assert_eq!(
            t("mipsisa32r6el-unknown-linux-gnu"),
            "mipsisa32r6el-linux-gnu"
        );
        assert_eq!(t("riscv64gc-unknown-linux-gnu"), "riscv64-linux-gnu");
    }

    #[test]
    fn debian_names() {
        let d = |s| debian_arch(spec(s));
        assert_eq!(d("x86_64-unknown-linux-gnu"), Some("amd64"));
        assert_eq!(d("aarch64-unknown-linux-gnu"), Some("arm64"));
        assert_eq!(d("armv7-unknown-linux-gnueabihf"), Some("armhf"));
        assert_eq!(d("arm-unknown-linux-gnueabi"), Some("armel"));
        assert_eq!(d("mipsel-unknown-linux-gnu"), Some("mipsel"));
        assert_eq!(d("mips-unknown-linux-gnu"), None);
        assert_eq!(d("powerpc64le-unknown-linux-gnu"), Some("ppc64el"));
        assert_eq!(d("powerpc64-unknown-linux-gnu"), Some("ppc64"));
        assert_eq!(d("loongarch64-unknown-linux-gnu"), Some("loong64"));
    }

    #[test]
    fn arches_of_triples() {
        assert_eq!(arch("x86_64-linux-gnu"), Some(("x86_64", Little)));
        assert_eq!(arch("mipsel-linux-gnu"), Some(("mips", Little)));
        assert_eq!(
            arch("mipsisa64r6el-linux-gnuabi64"),
            Some(("mips64", Little))
        );
        assert_eq!(arch("armeb-linux-gnueabi"), Some(("arm", Big)));
        assert_eq!(arch("armv5teb-linux-gnueabi"), Some(("arm", Big)));
        assert_eq!(arch("arm-openwrt-linux-muslgnueabi"), Some(("arm", Little)));
        assert_eq!(arch("ppc64le-linux-gnu"), Some(("powerpc64", Little)));
        assert_eq!(arch("wasm32-unknown-unknown"), None);
        // Every naming row reads back as its own arch.
        for &(word, rust, endian, _) in ARCHES {
            let family = arch(word).map(|(a, _)| a);
            assert!(family.is_some_and(|f| rust.starts_with(f)), "{word}");
            assert_eq!(arch(word).map(|(_, e)| e), Some(endian), "{word}");
        }
    }

    #[test]
    fn rust_targets_of_gnu_names() {
        let r = |s: &str| rust_target(s).map(|t| t.triple);
        assert_eq!(r("mips-linux-gnu"), Some("mips-unknown-linux-gnu"));
        assert_eq!(
            r("mips-openwrt-linux-musl"),
            Some("mips-unknown-linux-musl")
        );
        assert_eq!(
            r("x86_64-unknown-linux-gnu"),
            Some("x86_64-unknown-linux-gnu")
        );
        assert_eq!(r("x86_64-w64-mingw32"), Some("x86_64-pc-windows-gnu"));
        assert_eq!(r("aarch64-linux-android"), Some("aarch64-linux-android"));
        assert_eq!(r("x86_64-linux-gnu\n"), Some("x86_64-unknown-linux-gnu"));
    }

    #[test]
    fn gnu_tools_name_targets() {
        let t = |s: &str| target_of_tool(s).map(|t| t.triple);
        assert_eq!(t("aarch64-linux-gnu-ld"), Some("aarch64-unknown-linux-gnu"));
        assert_eq!(
            t("/opt/x/bin/mips-openwrt-linux-musl-gcc"),
            Some("mips-unknown-linux-musl")
        );
        assert_eq!(
            t("arm-linux-gnueabihf-ld.bfd"),
            Some("arm-unknown-linux-gnueabihf")
        );
        assert_eq!(t("x86_64-w64-mingw32-ld"), Some("x86_64-pc-windows-gnu"));
        assert_eq!(t("ld"), None);
        assert_eq!(t("rust-lld"), None);
    }
}
