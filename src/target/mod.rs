//! What a Rust target's objects must look like.
//!
//! The table in `table.rs` is generated from rustc's own target specs by
//! `scripts/gen-targets.py`; do not edit it by hand.

use std::ffi::OsStr;

pub mod gnu;
mod table;
pub mod vars;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Endian {
    Little,
    Big,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryFormat {
    Elf,
    MachO,
    Coff,
    Wasm,
    Xcoff,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FloatAbi {
    Soft,
    Hard,
    /// The spec does not pin it (the platform default applies).
    Unspecified,
}

/// One row of the generated table: the facts of a target spec that decide whether an object
/// can be linked into that target.
#[derive(Debug, PartialEq, Eq)]
pub struct TargetSpec {
    pub triple: &'static str,
    /// Rust's `target_arch` name (x86_64, aarch64, arm, mips, mips64, riscv64, powerpc, …).
    pub arch: &'static str,
    pub pointer_width: u8,
    pub endian: Endian,
    pub format: BinaryFormat,
    pub os: &'static str,
    pub env: &'static str,
    pub abi: &'static str,
    /// The spec's `cpu`, or "" when LLVM's default applies.
    pub cpu: &'static str,
    /// The spec's `features` string, verbatim (e.g. "+mips32r2,+soft-float").
    pub features: &'static str,
    pub llvm_abiname: &'static str,
    pub float_abi: FloatAbi,
    pub max_atomic_width: u16,
    pub linker_flavor: &'static str,
}

/// Looks a triple up in the generated table.
pub fn lookup(triple: &str) -> Option<&'static TargetSpec> {
    table::TARGETS
        .binary_search_by(|t| t.triple.cmp(triple))
        .ok()
        .map(|i| &table::TARGETS[i])
}

/// A triple the table does not know, as `--target` or a setting gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTarget(pub String);

impl std::fmt::Display for UnknownTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "unknown target `{}` (see `rustc --print target-list`)",
            self.0
        )
    }
}

impl std::error::Error for UnknownTarget {}

/// [`lookup`], with the error every command says for a triple it does not know.
pub fn known(triple: &str) -> Result<&'static TargetSpec, UnknownTarget> {
    lookup(triple).ok_or_else(|| UnknownTarget(triple.to_string()))
}

/// A `--target` value: none, or a known target.
pub fn from_arg(triple: Option<&str>) -> Result<Option<&'static TargetSpec>, UnknownTarget> {
    triple.map(known).transpose()
}

/// Every target rustc knew when the table was generated, sorted by triple.
pub fn all() -> &'static [TargetSpec] {
    table::TARGETS
}

/// A path component that names a known target, as cargo lays out `target/<triple>/<profile>`.
pub fn from_path_component(component: &OsStr) -> Option<&'static TargetSpec> {
    component.to_str().and_then(lookup)
}

impl TargetSpec {
    /// The triple as cc-rs, cmake-rs and pkg-config-rs spell it after `CC_` (`-` → `_`; see
    /// [`vars`]).
    pub fn underscored(&self) -> String {
        vars::triple_suffix(self.triple)
    }

    /// `CARGO_TARGET_<TRIPLE>_LINKER`: cargo's variable for this target's linker.
    pub fn linker_var(&self) -> String {
        vars::cargo_var(self.triple, "LINKER")
    }

    /// `CARGO_TARGET_<TRIPLE>_RUSTFLAGS`.
    pub fn rustflags_var(&self) -> String {
        vars::cargo_var(self.triple, "RUSTFLAGS")
    }

    /// The triple as cargo's environment keys spell it (`AARCH64_UNKNOWN_LINUX_GNU`).
    pub fn upper(&self) -> String {
        vars::cargo_triple(self.triple)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(triple: &str) -> &'static TargetSpec {
        lookup(triple).unwrap_or_else(|| panic!("{triple} missing from the table"))
    }

    #[test]
    fn table_is_sorted_without_duplicates() {
        let targets = all();
        assert!(targets.len() > 200, "only {} targets", targets.len());
        for pair in targets.windows(2) {
            assert!(
                pair[0].triple < pair[1].triple,
                "{} must sort strictly before {}",
                pair[0].triple,
                pair[1].triple
            );
        }
        // Every row is reachable through the binary search.
        for t in targets {
            assert!(std::ptr::eq(lookup(t.triple).unwrap(), t), "{}", t.triple);
        }
    }

    #[test]
    fn rows_are_plausible() {
        for t in all() {
            assert!(!t.arch.is_empty(), "{}", t.triple);
            assert!(!t.os.is_empty(), "{}", t.triple);
            assert!(
                matches!(t.pointer_width, 16 | 32 | 64),
                "{}: {}",
                t.triple,
                t.pointer_width
            );
            assert!(t.max_atomic_width <= 128, "{}", t.triple);
            assert!(!t.linker_flavor.is_empty(), "{}", t.triple);
        }
    }

    #[test]
    fn unknown_triples() {
        assert!(lookup("").is_none());
        assert!(lookup("x86_64-unknown-linux-gnux").is_none());
        assert!(lookup("zzz-unknown-none").is_none());
        assert!(from_path_component(OsStr::new("debug")).is_none());
        assert_eq!(
            from_path_component(OsStr::new("x86_64-unknown-linux-gnu")).map(|t| t.triple),
            Some("x86_64-unknown-linux-gnu")
        );
    }

    #[test]
    fn mips_musl_is_big_endian_soft_float() {
        let t = get("mips-unknown-linux-musl");
        assert_eq!(t.arch, "mips");
        assert_eq!(t.pointer_width, 32);
        assert_eq!(t.endian, Endian::Big);
        assert_eq!(t.format, BinaryFormat::Elf);
        assert_eq!(t.float_abi, FloatAbi::Soft);
        assert_eq!(t.max_atomic_width, 32);
        assert_eq!(t.cpu, "mips32r2");
        assert_eq!(t.os, "linux");
        assert_eq!(t.env, "musl");
        assert!(t.features.contains("+soft-float"), "{}", t.features);
    }

    #[test]
    fn x86_64_linux_gnu() {
        let t = get("x86_64-unknown-linux-gnu");
        assert_eq!(t.arch, "x86_64");
        assert_eq!(t.pointer_width, 64);
        assert_eq!(t.endian, Endian::Little);
        assert_eq!(t.format, BinaryFormat::Elf);
        assert_eq!(t.os, "linux");
        assert_eq!(t.env, "gnu");
    }

    #[test]
    fn float_abis() {
        assert_eq!(
            get("armv7-unknown-linux-gnueabihf").float_abi,
            FloatAbi::Hard
        );
        assert_eq!(get("arm-unknown-linux-gnueabi").float_abi, FloatAbi::Soft);
        assert_eq!(get("riscv64gc-unknown-linux-gnu").float_abi, FloatAbi::Hard);
        assert_eq!(get("riscv64gc-unknown-linux-gnu").llvm_abiname, "lp64d");
        assert_eq!(
            get("riscv32imac-unknown-none-elf").float_abi,
            FloatAbi::Soft
        );
        assert_eq!(
            get("x86_64-unknown-linux-gnu").float_abi,
            FloatAbi::Unspecified
        );
    }

    #[test]
    fn binary_formats() {
        assert_eq!(get("aarch64-apple-ios-sim").format, BinaryFormat::MachO);
        assert_eq!(get("aarch64-apple-darwin").format, BinaryFormat::MachO);
        assert_eq!(get("aarch64-pc-windows-msvc").format, BinaryFormat::Coff);
        assert_eq!(get("x86_64-pc-windows-gnu").format, BinaryFormat::Coff);
        assert_eq!(get("wasm32-unknown-unknown").format, BinaryFormat::Wasm);
        assert_eq!(get("powerpc64-ibm-aix").format, BinaryFormat::Xcoff);
        assert_eq!(get("aarch64-unknown-linux-gnu").format, BinaryFormat::Elf);
    }

    #[test]
    fn bare_metal_defaults() {
        // rustc leaves `os` out of the JSON for bare-metal targets: target_os = "none".
        let t = get("thumbv7em-none-eabihf");
        assert_eq!(t.os, "none");
        assert_eq!(t.float_abi, FloatAbi::Hard);
        // No max-atomic-width in the spec: rustc falls back to the pointer width.
        assert_eq!(get("thumbv6m-none-eabi").max_atomic_width, 32);
    }

    #[test]
    fn env_var_spellings() {
        let t = get("mips-unknown-linux-musl");
        assert_eq!(t.underscored(), "mips_unknown_linux_musl");
        assert_eq!(t.upper(), "MIPS_UNKNOWN_LINUX_MUSL");

        let t = get("thumbv8m.main-none-eabi");
        assert_eq!(t.underscored(), "thumbv8m.main_none_eabi");
        assert_eq!(t.upper(), "THUMBV8M_MAIN_NONE_EABI");
    }
}
