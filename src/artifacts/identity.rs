//! What an object is: the facts compared with a target.

use serde::Serialize;

use crate::target::Endian;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Elf,
    MachO,
    Coff,
    Wasm,
    Xcoff,
    LlvmBitcode,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Elf => "ELF",
            Format::MachO => "Mach-O",
            Format::Coff => "COFF",
            Format::Wasm => "wasm",
            Format::Xcoff => "XCOFF",
            Format::LlvmBitcode => "LLVM bitcode",
        }
    }

    pub fn from_target(f: crate::target::BinaryFormat) -> Format {
        use crate::target::BinaryFormat as B;
        match f {
            B::Elf => Format::Elf,
            B::MachO => Format::MachO,
            B::Coff => Format::Coff,
            B::Wasm => Format::Wasm,
            B::Xcoff => Format::Xcoff,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileType {
    Relocatable,
    Executable,
    SharedLibrary,
    ImportLibrary,
    Other,
}

/// Float ABI as an object records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FoundFloat {
    Soft,
    Hard,
    /// Single-precision hard float (MIPS -msingle-float, RISC-V ilp32f/lp64f).
    Single,
    /// Quad-precision hard float (RISC-V lp64q).
    Quad,
    /// The object declares it works with either (MIPS fpxx, no floating point used).
    Any,
}

/// ABI facts that decide whether objects of one machine can be linked together.
/// Each is `None` when the object does not record it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct AbiInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub float: Option<FoundFloat>,
    /// MIPS: o32, n32, n64, o64, eabi32, eabi64.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mips_abi: Option<&'static str>,
    /// MIPS ISA from e_flags (mips1 … mips32r2, mips32r6, mips64r6).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mips_isa: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nan2008: Option<bool>,
    /// ARM EABI version from e_flags (5 for every current toolchain).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arm_eabi: Option<u8>,
    /// RISC-V RV32E/RV64E.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rve: Option<bool>,
    /// PowerPC64 ELF ABI version (1 or 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ppc64_abi: Option<u8>,
    /// Apple platform from LC_BUILD_VERSION / LC_VERSION_MIN_* (macos, ios,
    /// ios-simulator, maccatalyst, tvos, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<&'static str>,
}

impl AbiInfo {
    pub fn is_empty(&self) -> bool {
        *self == AbiInfo::default()
    }
}

/// One object's identity, from its headers.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ObjectId {
    pub format: Format,
    /// Rust's `target_arch` name, or `unknown` with the raw machine number kept.
    pub arch: String,
    pub machine: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bits: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endian: Option<Endian>,
    pub file_type: FileType,
    #[serde(skip_serializing_if = "AbiInfo::is_empty")]
    pub abi: AbiInfo,
    /// Why only part of the object could be read (cut before its section headers, an
    /// unreadable section table): the facts above stand, the rest was not judged.
    #[serde(skip)]
    pub damage: Option<String>,
}

impl ObjectId {
    /// A short human description: `x86_64 (ELF 64-bit little-endian)`.
    pub fn describe(&self) -> String {
        describe(&self.arch, self.format, self.bits, self.endian)
    }
}

/// `x86_64 (ELF 64-bit little-endian)`: what an object is, or what a target needs.
pub fn describe(arch: &str, format: Format, bits: Option<u8>, endian: Option<Endian>) -> String {
    let mut s = format!("{arch} ({}", format.as_str());
    if let Some(b) = bits {
        s.push_str(&format!(" {b}-bit"));
    }
    if let Some(e) = endian {
        s.push_str(match e {
            Endian::Little => " little-endian",
            Endian::Big => " big-endian",
        });
    }
    s.push(')');
    s
}

impl Serialize for Endian {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match self {
            Endian::Little => "little",
            Endian::Big => "big",
        })
    }
}
