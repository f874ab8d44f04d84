//! What cc-rs does when nothing names a compiler for the target, as of cc 1.11.3
//! (`Build::get_base_compiler`, `prefix_for_target`, `GNU_PREFIXES`,
//! `GNU_PREFIX_CANDIDATES`, `env_tool`, `add_default_flags`). Kept as data so a cc-rs
//! upgrade is a diff of this file.

use crate::target::TargetSpec;

/// cc-rs's own table: the GNU prefix of a target's cross tools (`<prefix>-gcc`), sorted by
/// target for the binary search.
const GNU_PREFIXES: &[(&str, &str)] = &[
    ("aarch64-pc-windows-gnullvm", "aarch64-w64-mingw32"),
    ("aarch64-unknown-helenos", "aarch64-helenos"),
    ("aarch64-unknown-linux-gnu", "aarch64-linux-gnu"),
    ("aarch64-unknown-linux-musl", "aarch64-linux-musl"),
    ("aarch64-unknown-linux-relibc", "aarch64-linux-relibc"),
    ("aarch64-unknown-netbsd", "aarch64--netbsd"),
    ("aarch64-uwp-windows-gnu", "aarch64-w64-mingw32"),
    ("aarch64_be-unknown-linux-gnu", "aarch64_be-linux-gnu"),
    ("arm-unknown-linux-gnueabi", "arm-linux-gnueabi"),
    ("arm-unknown-linux-gnueabihf", "arm-linux-gnueabihf"),
    ("arm-unknown-linux-musleabi", "arm-linux-musleabi"),
    ("arm-unknown-linux-musleabihf", "arm-linux-musleabihf"),
    ("arm-unknown-netbsd-eabi", "arm--netbsdelf-eabi"),
    ("armeb-unknown-linux-gnueabi", "armeb-linux-gnueabi"),
    ("armebv7r-none-eabi", "arm-none-eabi"),
    ("armebv7r-none-eabihf", "arm-none-eabi"),
    ("armv4t-none-eabi", "arm-none-eabi"),
    ("armv4t-unknown-linux-gnueabi", "arm-linux-gnueabi"),
    ("armv5te-none-eabi", "arm-none-eabi"),
    ("armv5te-unknown-helenos-eabi", "arm-helenos"),
    ("armv5te-unknown-linux-gnueabi", "arm-linux-gnueabi"),
    ("armv5te-unknown-linux-musleabi", "arm-linux-gnueabi"),
    ("armv6-none-eabi", "arm-none-eabi"),
    ("armv6-none-eabihf", "arm-none-eabi"),
    ("armv6-unknown-netbsd-eabihf", "armv6--netbsdelf-eabihf"),
    ("armv7-unknown-linux-gnueabi", "arm-linux-gnueabi"),
    ("armv7-unknown-linux-gnueabihf", "arm-linux-gnueabihf"),
    ("armv7-unknown-linux-musleabihf", "arm-linux-musleabihf"),
    ("armv7-unknown-netbsd-eabihf", "armv7--netbsdelf-eabihf"),
    ("armv7a-none-eabi", "arm-none-eabi"),
    ("armv7a-none-eabihf", "arm-none-eabi"),
    ("armv7neon-unknown-linux-gnueabihf", "arm-linux-gnueabihf"),
    ("armv7neon-unknown-linux-musleabihf", "arm-linux-musleabihf"),
    ("armv7r-none-eabi", "arm-none-eabi"),
    ("armv7r-none-eabihf", "arm-none-eabi"),
    ("armv8r-none-eabihf", "arm-none-eabi"),
    ("hexagon-unknown-linux-musl", "hexagon-linux-musl"),
    ("i586-unknown-linux-musl", "musl"),
    ("i686-pc-windows-gnu", "i686-w64-mingw32"),
    ("i686-pc-windows-gnullvm", "i686-w64-mingw32"),
    ("i686-unknown-helenos", "i686-helenos"),
    ("i686-unknown-linux-musl", "musl"),
    ("i686-unknown-netbsd", "i486--netbsdelf"),
    ("i686-uwp-windows-gnu", "i686-w64-mingw32"),
    ("loongarch64-unknown-linux-gnu", "loongarch64-linux-gnu"),
    ("m68k-unknown-linux-gnu", "m68k-linux-gnu"),
    ("mips-unknown-linux-gnu", "mips-linux-gnu"),
    ("mips-unknown-linux-musl", "mips-linux-musl"),
    ("mips64-unknown-linux-gnuabi64", "mips64-linux-gnuabi64"),
    ("mips64el-unknown-linux-gnuabi64", "mips64el-linux-gnuabi64"),
    ("mipsel-unknown-linux-gnu", "mipsel-linux-gnu"),
    ("mipsel-unknown-linux-musl", "mipsel-linux-musl"),
    ("mipsisa32r6-unknown-linux-gnu", "mipsisa32r6-linux-gnu"),
    ("mipsisa32r6el-unknown-linux-gnu", "mipsisa32r6el-linux-gnu"),
    (
        "mipsisa64r6-unknown-linux-gnuabi64",
        "mipsisa64r6-linux-gnuabi64",
    ),
    (
        "mipsisa64r6el-unknown-linux-gnuabi64",
        "mipsisa64r6el-linux-gnuabi64",
    ),
    ("powerpc-unknown-helenos", "ppc-helenos"),
    ("powerpc-unknown-linux-gnu", "powerpc-linux-gnu"),
    ("powerpc-unknown-linux-gnuspe", "powerpc-linux-gnuspe"),
    ("powerpc-unknown-netbsd", "powerpc--netbsd"),
    ("powerpc64-unknown-linux-gnu", "powerpc64-linux-gnu"),
    ("powerpc64le-unknown-linux-gnu", "powerpc64le-linux-gnu"),
    ("riscv32gc-unknown-linux-gnu", "riscv32-linux-gnu"),
    ("riscv32gc-unknown-linux-musl", "riscv32-linux-musl"),
    ("riscv32imac-esp-espidf", "riscv32-esp-elf"),
    ("riscv32imc-esp-espidf", "riscv32-esp-elf"),
    ("riscv64a23-unknown-linux-gnu", "riscv64-linux-gnu"),
    ("riscv64gc-unknown-linux-gnu", "riscv64-linux-gnu"),
    ("riscv64gc-unknown-linux-musl", "riscv64-linux-musl"),
    ("riscv64gc-unknown-netbsd", "riscv64--netbsd"),
    ("s390x-unknown-linux-gnu", "s390x-linux-gnu"),
    ("sparc-unknown-linux-gnu", "sparc-linux-gnu"),
    ("sparc64-unknown-helenos", "sparc64-helenos"),
    ("sparc64-unknown-linux-gnu", "sparc64-linux-gnu"),
    ("sparc64-unknown-netbsd", "sparc64--netbsd"),
    ("sparcv9-sun-solaris", "sparcv9-sun-solaris"),
    ("thumbv4t-none-eabi", "arm-none-eabi"),
    ("thumbv5te-none-eabi", "arm-none-eabi"),
    ("thumbv6-none-eabi", "arm-none-eabi"),
    ("thumbv6m-none-eabi", "arm-none-eabi"),
    ("thumbv7-unknown-linux-gnueabihf", "arm-linux-gnueabihf"),
    ("thumbv7-unknown-linux-musleabihf", "arm-linux-musleabihf"),
    ("thumbv7a-none-eabi", "arm-none-eabi"),
    ("thumbv7a-none-eabihf", "arm-none-eabi"),
    ("thumbv7em-none-eabi", "arm-none-eabi"),
    ("thumbv7em-none-eabihf", "arm-none-eabi"),
    ("thumbv7m-none-eabi", "arm-none-eabi"),
    ("thumbv7neon-unknown-linux-gnueabihf", "arm-linux-gnueabihf"),
    (
        "thumbv7neon-unknown-linux-musleabihf",
        "arm-linux-musleabihf",
    ),
    ("thumbv7r-none-eabi", "arm-none-eabi"),
    ("thumbv7r-none-eabihf", "arm-none-eabi"),
    ("thumbv8m.base-none-eabi", "arm-none-eabi"),
    ("thumbv8m.main-none-eabi", "arm-none-eabi"),
    ("thumbv8m.main-none-eabihf", "arm-none-eabi"),
    ("thumbv8r-none-eabihf", "arm-none-eabi"),
    ("x86_64-pc-windows-gnu", "x86_64-w64-mingw32"),
    ("x86_64-pc-windows-gnullvm", "x86_64-w64-mingw32"),
    ("x86_64-rumprun-netbsd", "x86_64-rumprun-netbsd"),
    ("x86_64-unknown-helenos", "amd64-helenos"),
    ("x86_64-unknown-netbsd", "x86_64--netbsd"),
    ("x86_64-uwp-windows-gnu", "x86_64-w64-mingw32"),
    ("xtensa-esp32-espidf", "xtensa-esp-elf"),
    ("xtensa-esp32-none-elf", "xtensa-esp-elf"),
    ("xtensa-esp32s2-espidf", "xtensa-esp-elf"),
    ("xtensa-esp32s2-none-elf", "xtensa-esp-elf"),
    ("xtensa-esp32s3-espidf", "xtensa-esp-elf"),
    ("xtensa-esp32s3-none-elf", "xtensa-esp-elf"),
];

/// Targets with several candidate prefixes: cc-rs takes the first with a `-gcc` in `PATH`,
/// else the first.
const GNU_PREFIX_CANDIDATES: &[(&str, &[&str])] = &[
    (
        "i686-unknown-linux-gnu",
        &["i686-linux-gnu", "x86_64-linux-gnu"],
    ),
    ("x86_64-unknown-linux-gnu", &["x86_64-linux-gnu"]),
    ("x86_64-unknown-linux-musl", &["x86_64-linux-musl", "musl"]),
    (
        "x86_64-unknown-linux-relibc",
        &["x86_64-linux-relibc", "relibc"],
    ),
];

/// Compiler wrappers cc-rs recognises as the first word of `CC` (`CC="ccache gcc"`).
const KNOWN_WRAPPERS: &[&str] = &[
    "buildcache",
    "cachepot",
    "ccache",
    "distcc",
    "icecc",
    "kache",
    "sccache",
];

/// cc-rs's built-in prefix for a target, without `CROSS_COMPILE` or `RUSTC_LINKER`.
pub fn table_prefix(triple: &str) -> Option<String> {
    if let Ok(i) = GNU_PREFIXES.binary_search_by(|(t, _)| t.cmp(&triple)) {
        return Some(GNU_PREFIXES[i].1.to_string());
    }
    let (_, candidates) = GNU_PREFIX_CANDIDATES.iter().find(|(t, _)| *t == triple)?;
    candidates
        .iter()
        .find(|p| super::probe::which(&format!("{p}-gcc")).is_some())
        .or_else(|| candidates.first())
        .map(|p| p.to_string())
}

/// A tool setting split the way cc-rs splits it: the whole value when it is an existing
/// file, else words, with a known wrapper (`ccache`) skipped and the rest taken as
/// arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolValue {
    pub program: String,
    pub wrapper: Option<String>,
    pub args: Vec<String>,
}

pub fn split_tool(value: &str) -> Option<ToolValue> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    if std::path::Path::new(v).is_file() {
        return Some(ToolValue {
            program: v.to_string(),
            wrapper: None,
            args: Vec::new(),
        });
    }
    let mut words = v.split_whitespace().map(str::to_string);
    let first = words.next()?;
    let stem = std::path::Path::new(&first)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let rest: Vec<String> = words.collect();
    if KNOWN_WRAPPERS.iter().any(|w| w.eq_ignore_ascii_case(stem))
        && let Some((program, args)) = rest.split_first()
    {
        return Some(ToolValue {
            program: program.clone(),
            wrapper: Some(first),
            args: args.to_vec(),
        });
    }
    Some(ToolValue {
        program: first,
        wrapper: None,
        args: rest,
    })
}

/// The variables cc-rs reads for `var`, in its order (the one rule: `target::vars`).
pub fn lookup_names(var: &str, triple: &str, cross: bool) -> [String; 4] {
    crate::target::vars::lookup_order(var, triple, cross)
}

/// The target flags cc-rs adds for a GNU-like compiler (`add_default_flags`), the ones that
/// change what kind of object comes out. Clang gets `--target=` instead.
pub fn target_flags(spec: &TargetSpec, clang: bool) -> Vec<String> {
    let mut f: Vec<&str> = Vec::new();
    let full_arch = spec.triple.split('-').next().unwrap_or("");
    if clang {
        return vec![format!("--target={}", spec.triple)];
    }
    match spec.arch {
        "x86" => f.push("-m32"),
        "x86_64" | "powerpc64" => f.push("-m64"),
        _ => {}
    }
    if spec.os == "linux" {
        if full_arch.starts_with("armv7") || full_arch.starts_with("thumbv7") {
            f.push("-march=armv7-a");
            if spec.abi == "eabihf" {
                f.extend(["-mfpu=vfpv3-d16", "-mfloat-abi=hard"]);
            }
        }
        match full_arch {
            "armv4t" => f.extend(["-march=armv4t", "-marm", "-mfloat-abi=soft"]),
            "armv5te" => f.extend(["-march=armv5te", "-marm", "-mfloat-abi=soft"]),
            "arm" if spec.abi == "eabihf" => f.extend(["-march=armv6", "-marm", "-mfpu=vfp"]),
            "arm" => f.extend(["-march=armv6", "-marm", "-mfloat-abi=soft"]),
            "i586" => f.push("-march=pentium"),
            "i686" => f.push("-march=i686"),
            _ => {}
        }
        if spec.arch == "riscv64" {
            f.extend(["-march=rv64gc", "-mabi=lp64d"]);
        } else if spec.arch == "riscv32" {
            f.extend(["-march=rv32gc", "-mabi=ilp32d"]);
        }
    }
    if full_arch.starts_with("thumb") {
        f.push("-mthumb");
    }
    f.into_iter().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_table_is_sorted_without_duplicates() {
        for w in GNU_PREFIXES.windows(2) {
            assert!(w[0].0 < w[1].0, "{} before {}", w[0].0, w[1].0);
        }
    }

    #[test]
    fn known_prefixes() {
        assert_eq!(
            table_prefix("mips-unknown-linux-musl").as_deref(),
            Some("mips-linux-musl")
        );
        assert_eq!(
            table_prefix("i686-unknown-linux-musl").as_deref(),
            Some("musl")
        );
        assert_eq!(table_prefix("no-such-target"), None);
    }

    #[test]
    fn tool_values_split_like_cc_rs() {
        let t = split_tool("ccache mips-linux-gnu-gcc -msoft-float").unwrap();
        assert_eq!(t.program, "mips-linux-gnu-gcc");
        assert_eq!(t.wrapper.as_deref(), Some("ccache"));
        assert_eq!(t.args, ["-msoft-float"]);
        let t = split_tool("  gcc ").unwrap();
        assert_eq!((t.program.as_str(), t.args.len()), ("gcc", 0));
        assert_eq!(split_tool("   "), None);
    }
}
