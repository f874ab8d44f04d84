//! What an object is: the facts compared with a target.

use serde::{Deserialize, Deserializer, Serialize};

use crate::target::Endian;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    #[default]
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

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileType {
    #[default]
    Relocatable,
    Executable,
    SharedLibrary,
    ImportLibrary,
    Other,
}

/// Float ABI as an object records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
/// Read back leniently: a report written by another version may leave a fact out.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ObjectId {
    #[serde(default)]
    pub format: Format,
    /// Rust's `target_arch` name, or `unknown` with the raw machine number kept.
    #[serde(default = "unknown")]
    pub arch: String,
    #[serde(default)]
    pub machine: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bits: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endian: Option<Endian>,
    #[serde(default)]
    pub file_type: FileType,
    #[serde(default, skip_serializing_if = "AbiInfo::is_empty")]
    pub abi: AbiInfo,
    /// Why only part of the object could be read (cut before its section headers, an
    /// unreadable section table): the facts above stand, the rest was not judged.
    #[serde(skip)]
    pub damage: Option<String>,
}

fn unknown() -> String {
    "unknown".into()
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

/// The names the ABI fields take (MIPS ABIs and ISAs, Apple platforms), so that a report read
/// back keeps them as the `&'static str` the engine uses; a name not among them is dropped.
const KNOWN_NAMES: &[&str] = &[
    "o32",
    "n32",
    "n64",
    "o64",
    "eabi32",
    "eabi64",
    "mips1",
    "mips2",
    "mips3",
    "mips4",
    "mips5",
    "mips32",
    "mips64",
    "mips32r2",
    "mips64r2",
    "mips32r6",
    "mips64r6",
    "unknown",
    "macos",
    "ios",
    "tvos",
    "watchos",
    "bridgeos",
    "maccatalyst",
    "ios-simulator",
    "tvos-simulator",
    "watchos-simulator",
    "driverkit",
    "visionos",
    "visionos-simulator",
];

fn known_name(name: Option<String>) -> Option<&'static str> {
    name.and_then(|n| KNOWN_NAMES.iter().copied().find(|k| *k == n))
}

/// `AbiInfo` as JSON holds it, with owned names.
#[derive(Deserialize, Default)]
#[serde(default)]
struct AbiInfoRead {
    float: Option<FoundFloat>,
    mips_abi: Option<String>,
    mips_isa: Option<String>,
    nan2008: Option<bool>,
    arm_eabi: Option<u8>,
    rve: Option<bool>,
    ppc64_abi: Option<u8>,
    platform: Option<String>,
}

impl<'de> Deserialize<'de> for AbiInfo {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<AbiInfo, D::Error> {
        let r = AbiInfoRead::deserialize(d)?;
        Ok(AbiInfo {
            float: r.float,
            mips_abi: known_name(r.mips_abi),
            mips_isa: known_name(r.mips_isa),
            nan2008: r.nan2008,
            arm_eabi: r.arm_eabi,
            rve: r.rve,
            ppc64_abi: r.ppc64_abi,
            platform: known_name(r.platform),
        })
    }
}

impl<'de> Deserialize<'de> for Endian {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Endian, D::Error> {
        match String::deserialize(d)?.as_str() {
            "little" => Ok(Endian::Little),
            "big" => Ok(Endian::Big),
            other => Err(serde::de::Error::unknown_variant(other, &["little", "big"])),
        }
    }
}

impl Serialize for Endian {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match self {
            Endian::Little => "little",
            Endian::Big => "big",
        })
    }
}
