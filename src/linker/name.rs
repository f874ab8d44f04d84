//! What a linker's file name says, decided in one place: what rustc reads into it (the
//! linker flavor), how its command line reads (driver, ld, link.exe), which linker family
//! prints its messages, and the cross prefix of its toolchain. The shim keeps the real
//! linker's name (`shim install`) because rustc and cc-rs read these from it.

use std::ffi::OsStr;
use std::path::Path;

use super::args::ArgLevel;
use crate::messages::Family;

/// What a linker's file name tells rustc about the flavor (`infer_linker_hints` in
/// rustc_target), applied over the target spec's flavor when `-C linker-flavor` is not given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameHint {
    /// `gcc`, `g++`, `clang`, `clang++`, `emcc`, or `…-gcc`, `…-g++`, `…-clang`, `…-clang++`:
    /// a C driver with its own ld (no lld).
    CDriver,
    /// `ld`, `…-ld`, `link`: the linker itself, not through a C driver, no lld.
    Linker,
    /// `ld.lld`, `lld`, `rust-lld`, `lld-link`, `wasm-ld`, `…-wasm-ld`: lld itself.
    Lld,
    /// Anything else (`cc`, `xlinkdiag`, `aarch64-linux-gnu-gcc-12`): the spec's flavor stays.
    None,
}

/// Everything a linker's file name says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkerName {
    /// What rustc reads into the name.
    pub rustc: NameHint,
    /// How the linker reads its command line.
    pub args: ArgLevel,
    /// The linker family whose words it prints, when the name is distinctive (plain `ld`
    /// could be GNU or Apple; a driver says nothing).
    pub family: Option<Family>,
    /// The cross prefix of its toolchain, with its directory (`/sdk/bin/mips-openwrt-linux-`
    /// for `/sdk/bin/mips-openwrt-linux-gcc`), when the name is `<prefix>gcc`, `cc`, `clang`,
    /// `g++`, `clang++` or `ld`.
    pub prefix: Option<String>,
}

/// Reads a linker's path (or a bare name) once for all its uses.
pub fn classify(linker: &Path) -> LinkerName {
    LinkerName {
        rustc: rustc_hint(linker),
        args: arg_level(linker),
        family: linker.to_str().and_then(family),
        prefix: prefix(linker),
    }
}

/// rustc's rule: the file stem, less a `-<digits>` version suffix, against its list.
fn rustc_hint(linker: &Path) -> NameHint {
    let Some(stem) = linker.file_stem().and_then(OsStr::to_str) else {
        return NameHint::None;
    };
    let stem = stem
        .split_once('-')
        .and_then(|(name, version)| version.chars().all(|c| c.is_ascii_digit()).then_some(name))
        .unwrap_or(stem);
    let ends = |suffixes: &[&str]| suffixes.iter().any(|s| stem.ends_with(s));
    if ["gcc", "g++", "clang", "clang++", "emcc"].contains(&stem)
        || ends(&["-gcc", "-g++", "-clang", "-clang++"])
    {
        NameHint::CDriver
    } else if ["wasm-ld", "ld.lld", "lld", "rust-lld", "lld-link"].contains(&stem)
        || ends(&["-wasm-ld"])
    {
        NameHint::Lld
    } else if ["ld", "link"].contains(&stem) || ends(&["-ld"]) {
        NameHint::Linker
    } else {
        NameHint::None
    }
}

/// How the command line reads, as rustc's flavor guess would have it written.
fn arg_level(linker: &Path) -> ArgLevel {
    let name = linker
        .file_stem()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name == "link" || name.starts_with("lld-link") {
        return ArgLevel::Msvc;
    }
    let ld_like = name == "ld"
        || name.ends_with("-ld")
        || name.starts_with("ld.")
        || name.contains("-ld.")
        || name == "mold"
        || name == "rust-lld"
        || name == "lld"
        || name == "gold";
    if ld_like {
        ArgLevel::Ld
    } else {
        ArgLevel::Driver
    }
}

/// The family a tool's name (a path or the word before `:` in its message) gives away.
pub fn family(tool: &str) -> Option<Family> {
    let name = tool.rsplit(['/', '\\']).next().unwrap_or(tool);
    if name.contains("mold") {
        Some(Family::Mold)
    } else if name.contains("gold") {
        Some(Family::Gold)
    } else if name.contains("lld") || name.starts_with("wasm-ld") {
        Some(Family::Lld)
    } else {
        None
    }
}

/// `…/mips-openwrt-linux-` of `…/mips-openwrt-linux-gcc`: the prefix the toolchain's other
/// tools share.
fn prefix(linker: &Path) -> Option<String> {
    let s = linker.to_str()?;
    ["gcc", "g++", "clang++", "clang", "cc", "ld"]
        .iter()
        .find_map(|tool| s.strip_suffix(tool).filter(|p| p.ends_with('-')))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_rustc_reads_into_a_name() {
        let hint = |n: &str| classify(Path::new(n)).rustc;
        assert_eq!(hint("mips-openwrt-linux-ld"), NameHint::Linker);
        // rustc takes the file stem: `ld.lld` is `ld` to it, `ld.lld.exe` is `ld.lld`.
        assert_eq!(hint("ld.lld"), NameHint::Linker);
        assert_eq!(hint("ld.lld.exe"), NameHint::Lld);
        assert_eq!(hint("rust-lld"), NameHint::Lld);
        assert_eq!(hint("cc"), NameHint::None);
        assert_eq!(hint("clang-14"), NameHint::CDriver);
        assert_eq!(hint("aarch64-linux-gnu-gcc-12"), NameHint::None);
        assert_eq!(hint("mips-linux-gnu-gcc"), NameHint::CDriver);
    }

    #[test]
    fn every_fact_of_one_name() {
        let n = classify(Path::new("/sdk/bin/mips-openwrt-linux-gcc"));
        assert_eq!(n.args, ArgLevel::Driver);
        assert_eq!(n.family, None);
        assert_eq!(n.prefix.as_deref(), Some("/sdk/bin/mips-openwrt-linux-"));
        let n = classify(Path::new("/usr/bin/ld.mold"));
        assert_eq!((n.args, n.family), (ArgLevel::Ld, Some(Family::Mold)));
        assert_eq!(n.prefix, None);
        assert_eq!(classify(Path::new("lld-link")).args, ArgLevel::Msvc);
        assert_eq!(
            classify(Path::new("aarch64-linux-gnu-ld"))
                .prefix
                .as_deref(),
            Some("aarch64-linux-gnu-")
        );
        // A bare `gcc` has no prefix to share.
        assert_eq!(classify(Path::new("gcc")).prefix, None);
    }
}
