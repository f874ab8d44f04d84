//! What a linker's file name tells rustc: rustc guesses the linker flavor from it, so the
//! shim keeps the name (`shim install`), and doctor and env say what a name will do.

use std::ffi::OsStr;
use std::path::Path;

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

/// rustc's rule: the file stem, less a `-<digits>` version suffix, against its list.
pub fn name_hint(linker: &Path) -> NameHint {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            name_hint(Path::new("mips-openwrt-linux-ld")),
            NameHint::Linker
        );
        // rustc takes the file stem: `ld.lld` is `ld` to it, `ld.lld.exe` is `ld.lld`.
        assert_eq!(name_hint(Path::new("ld.lld")), NameHint::Linker);
        assert_eq!(name_hint(Path::new("ld.lld.exe")), NameHint::Lld);
        assert_eq!(name_hint(Path::new("rust-lld")), NameHint::Lld);
        assert_eq!(name_hint(Path::new("cc")), NameHint::None);
        assert_eq!(
            name_hint(Path::new("mips-linux-gnu-gcc")),
            NameHint::CDriver
        );
    }
}
