//! Mach-O, COFF, XCOFF, wasm and LLVM bitcode headers.

use std::io;

use super::identity::{FileType, Format, ObjectId};
use super::machine;
use super::reader::Window;
use crate::target::Endian;

/// Fat Mach-O files with more slices than this are corrupt.
const MAX_FAT_SLICES: u32 = 64;

pub fn macho(w: &Window) -> io::Result<ObjectId> {
    let h = w.read_prefix(28)?;
    if h.len() < 28 {
        return Err(bad("truncated Mach-O header"));
    }
    let magic = u32::from_be_bytes([h[0], h[1], h[2], h[3]]);
    let (bits, endian) = match magic {
        0xfeed_face => (32, Endian::Big),
        0xfeed_facf => (64, Endian::Big),
        0xcefa_edfe => (32, Endian::Little),
        _ => (64, Endian::Little),
    };
    let word = |at: usize| {
        let b = [h[at], h[at + 1], h[at + 2], h[at + 3]];
        match endian {
            Endian::Little => u32::from_le_bytes(b),
            Endian::Big => u32::from_be_bytes(b),
        }
    };
    let cputype = word(4);
    let file_type = match word(12) {
        1 => FileType::Relocatable,
        2 => FileType::Executable,
        6 => FileType::SharedLibrary,
        _ => FileType::Other,
    };
    let arch = machine::macho_arch(cputype);
    let header_len = if bits == 64 { 32 } else { 28 };
    // A load-command area we cannot read leaves the platform unknown; the CPU still stands.
    let platform = macho_platform(w, header_len, word(16), word(20), endian)
        .ok()
        .flatten()
        .map(|p| match p {
            // Before LC_BUILD_VERSION, x86 "iOS" objects were simulator objects.
            "ios" if matches!(arch, "x86" | "x86_64") => "ios-simulator",
            p => p,
        });
    Ok(ObjectId {
        format: Format::MachO,
        arch: arch.to_string(),
        machine: cputype,
        // arm64_32 is a 64-bit CPU type with 32-bit pointers; the header class says which.
        bits: Some(bits),
        endian: Some(endian),
        file_type,
        abi: crate::artifacts::AbiInfo {
            platform,
            ..Default::default()
        },
        damage: None,
    })
}

/// Load commands past this size are not an object's.
const MAX_LOAD_COMMANDS: u64 = 1 << 20;
const LC_VERSION_MIN_MACOSX: u32 = 0x24;
const LC_VERSION_MIN_IPHONEOS: u32 = 0x25;
const LC_VERSION_MIN_TVOS: u32 = 0x2f;
const LC_VERSION_MIN_WATCHOS: u32 = 0x30;
const LC_BUILD_VERSION: u32 = 0x32;

fn macho_platform(
    w: &Window,
    header_len: u64,
    ncmds: u32,
    sizeofcmds: u32,
    endian: Endian,
) -> io::Result<Option<&'static str>> {
    let size = u64::from(sizeofcmds).min(MAX_LOAD_COMMANDS);
    let cmds = w.read_at(header_len, size.min(w.len.saturating_sub(header_len)))?;
    let word = |at: usize| -> Option<u32> {
        let b: [u8; 4] = cmds.get(at..at + 4)?.try_into().ok()?;
        Some(match endian {
            Endian::Little => u32::from_le_bytes(b),
            Endian::Big => u32::from_be_bytes(b),
        })
    };
    let mut at = 0usize;
    for _ in 0..ncmds.min(4096) {
        let (Some(cmd), Some(len)) = (word(at), word(at + 4)) else {
            break;
        };
        let found = match cmd {
            LC_BUILD_VERSION => word(at + 8).and_then(apple_platform),
            LC_VERSION_MIN_MACOSX => Some("macos"),
            LC_VERSION_MIN_IPHONEOS => Some("ios"),
            LC_VERSION_MIN_TVOS => Some("tvos"),
            LC_VERSION_MIN_WATCHOS => Some("watchos"),
            _ => None,
        };
        if found.is_some() {
            return Ok(found);
        }
        if len < 8 {
            break;
        }
        at += len as usize;
    }
    Ok(None)
}

/// `PLATFORM_*` numbers of <mach-o/loader.h>.
fn apple_platform(n: u32) -> Option<&'static str> {
    Some(match n {
        1 => "macos",
        2 => "ios",
        3 => "tvos",
        4 => "watchos",
        5 => "bridgeos",
        6 => "maccatalyst",
        7 => "ios-simulator",
        8 => "tvos-simulator",
        9 => "watchos-simulator",
        10 => "driverkit",
        11 => "visionos",
        12 => "visionos-simulator",
        _ => return None,
    })
}

/// The Apple platform a Rust target links for.
pub fn target_platform(os: &str, abi: &str) -> Option<&'static str> {
    let sim = abi == "sim";
    Some(match os {
        "macos" => "macos",
        "ios" if abi == "macabi" => "maccatalyst",
        "ios" if sim => "ios-simulator",
        "ios" => "ios",
        "tvos" if sim => "tvos-simulator",
        "tvos" => "tvos",
        "watchos" if sim => "watchos-simulator",
        "watchos" => "watchos",
        "visionos" if sim => "visionos-simulator",
        "visionos" => "visionos",
        _ => return None,
    })
}

/// A fat (universal) Mach-O file's slices: `(arch name, offset, size)`.
pub fn fat_slices(w: &Window) -> io::Result<Vec<(String, u64, u64)>> {
    let h = w.read_prefix(8)?;
    if h.len() < 8 {
        return Err(bad("truncated fat Mach-O header"));
    }
    let wide = h[3] == 0xbf;
    let n = u32::from_be_bytes([h[4], h[5], h[6], h[7]]);
    if n > MAX_FAT_SLICES {
        return Err(bad("fat Mach-O header claims too many slices"));
    }
    let entry = if wide { 32 } else { 20 };
    let table = w.read_at(8, u64::from(n) * entry)?;
    let mut out = Vec::new();
    for e in table.chunks_exact(entry as usize) {
        let be32 = |at: usize| u32::from_be_bytes([e[at], e[at + 1], e[at + 2], e[at + 3]]);
        let be64 = |at: usize| u64::from(be32(at)) << 32 | u64::from(be32(at + 4));
        let (offset, size) = if wide {
            (be64(8), be64(16))
        } else {
            (u64::from(be32(8)), u64::from(be32(12)))
        };
        out.push((machine::macho_arch(be32(0)).to_string(), offset, size));
    }
    Ok(out)
}

pub fn coff(w: &Window) -> io::Result<ObjectId> {
    let h = w.read_prefix(20)?;
    if h.len() < 20 {
        return Err(bad("truncated COFF header"));
    }
    let m = u16::from_le_bytes([h[0], h[1]]);
    Ok(coff_id(m, FileType::Relocatable))
}

/// A short import object (`00 00 ff ff`, version, machine) inside a Windows import library.
pub fn coff_import(w: &Window) -> io::Result<ObjectId> {
    let h = w.read_prefix(8)?;
    if h.len() < 8 {
        return Err(bad("truncated COFF import header"));
    }
    let m = u16::from_le_bytes([h[6], h[7]]);
    Ok(coff_id(m, FileType::ImportLibrary))
}

/// A PE image: the COFF header follows the `PE\0\0` signature at e_lfanew.
pub fn pe(w: &Window) -> io::Result<ObjectId> {
    let dos = w.read_prefix(64)?;
    if dos.len() < 64 {
        return Err(bad("truncated DOS header"));
    }
    let lfanew = u64::from(u32::from_le_bytes([dos[60], dos[61], dos[62], dos[63]]));
    let sig = w.read_at(lfanew, 6)?;
    if &sig[..4] != b"PE\0\0" {
        return Err(bad("MZ file without a PE signature"));
    }
    Ok(coff_id(
        u16::from_le_bytes([sig[4], sig[5]]),
        FileType::Executable,
    ))
}

fn coff_id(m: u16, file_type: FileType) -> ObjectId {
    let arch = machine::coff_arch(m);
    let bits = match arch {
        "x86" | "arm" | "riscv32" => 32,
        _ => 64,
    };
    ObjectId {
        format: Format::Coff,
        arch: arch.to_string(),
        machine: u32::from(m),
        bits: Some(bits),
        endian: Some(Endian::Little),
        file_type,
        abi: Default::default(),
        damage: None,
    }
}

pub fn xcoff(w: &Window) -> io::Result<ObjectId> {
    let h = w.read_prefix(2)?;
    let m = u16::from_be_bytes([h[0], h[1]]);
    let (arch, bits) = if m == 0x01f7 {
        ("powerpc64", 64)
    } else {
        ("powerpc", 32)
    };
    Ok(ObjectId {
        format: Format::Xcoff,
        arch: arch.to_string(),
        machine: u32::from(m),
        bits: Some(bits),
        endian: Some(Endian::Big),
        file_type: FileType::Relocatable,
        abi: Default::default(),
        damage: None,
    })
}

pub fn wasm() -> ObjectId {
    ObjectId {
        format: Format::Wasm,
        arch: "wasm32".to_string(),
        machine: 0,
        bits: None,
        endian: Some(Endian::Little),
        file_type: FileType::Relocatable,
        abi: Default::default(),
        damage: None,
    }
}

/// LLVM bitcode carries its triple deep inside a bitstream; its arch is left unknown and it
/// is never compared (a linker plugin decides for it).
pub fn bitcode() -> ObjectId {
    ObjectId {
        format: Format::LlvmBitcode,
        arch: "unknown".to_string(),
        machine: 0,
        bits: None,
        endian: None,
        file_type: FileType::Relocatable,
        abi: Default::default(),
        damage: None,
    }
}

fn bad(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_string())
}
