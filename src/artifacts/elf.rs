//! ELF headers, and the few small sections that decide ABI compatibility.

use std::io;

use super::attributes;
use super::identity::{AbiInfo, FileType, Format, FoundFloat, ObjectId};
use super::machine::{self, EM_ARM, EM_MIPS, EM_PPC64, EM_RISCV};
use super::reader::Window;
use crate::target::Endian;

/// Sections above this size are not the small metadata sections we look for.
const MAX_NOTE_SECTION: u64 = 64 << 10;
const MAX_SECTIONS: u64 = 1 << 16;

const SHT_MIPS_ABIFLAGS: u32 = 0x7000_002a;

#[derive(Clone, Copy, Debug)]
pub struct Header {
    pub bits: u8,
    pub endian: Endian,
    pub e_type: u16,
    pub machine: u16,
    pub flags: u32,
    shoff: u64,
    shentsize: u16,
    shnum: u16,
    shstrndx: u16,
}

struct Section {
    name: Vec<u8>,
    sh_type: u32,
    flags: u64,
    offset: u64,
    size: u64,
    link: u32,
    info: u32,
}

pub fn header(w: &Window) -> io::Result<Header> {
    let h = w.read_prefix(64)?;
    if h.len() < 52 || &h[..4] != b"\x7fELF" {
        return Err(bad("truncated ELF header"));
    }
    let bits = match h[4] {
        1 => 32,
        2 => 64,
        c => return Err(bad(&format!("ELF class {c} is neither 32- nor 64-bit"))),
    };
    let endian = match h[5] {
        1 => Endian::Little,
        2 => Endian::Big,
        d => return Err(bad(&format!("ELF data encoding {d} is unknown"))),
    };
    if bits == 64 && h.len() < 64 {
        return Err(bad("truncated ELF64 header"));
    }
    let r = Fields { h: &h, endian };
    Ok(if bits == 32 {
        Header {
            bits,
            endian,
            e_type: r.u16(16),
            machine: r.u16(18),
            flags: r.u32(36),
            shoff: u64::from(r.u32(32)),
            shentsize: r.u16(46),
            shnum: r.u16(48),
            shstrndx: r.u16(50),
        }
    } else {
        Header {
            bits,
            endian,
            e_type: r.u16(16),
            machine: r.u16(18),
            flags: r.u32(48),
            shoff: r.u64(40),
            shentsize: r.u16(58),
            shnum: r.u16(60),
            shstrndx: r.u16(62),
        }
    })
}

/// Identifies an ELF object. Only MIPS and ARM objects cost more than the 64-byte header:
/// their float ABI lives in a small section, not in e_flags.
pub fn identify(w: &Window) -> io::Result<ObjectId> {
    let h = header(w)?;
    let mut abi = flags_abi(&h);
    let mut damage = table_past_end(w, &h);
    if matches!(h.machine, EM_MIPS | EM_ARM) && h.e_type != 4 && damage.is_none() {
        // A section table we cannot read leaves the float ABI unknown; the machine facts
        // from the header still stand, and the caller says what was not judged.
        match sections(w, &h) {
            Ok(secs) => {
                if let Some(f) = section_float(w, &h, &secs) {
                    abi.float = Some(f);
                }
            }
            Err(e) => damage = Some(format!("{e}: its float ABI was not judged")),
        }
    }
    let file_type = match h.e_type {
        1 => FileType::Relocatable,
        2 => FileType::Executable,
        3 => FileType::SharedLibrary,
        _ => FileType::Other,
    };
    Ok(ObjectId {
        format: Format::Elf,
        arch: machine::elf_arch(h.machine, h.bits, h.flags).to_string(),
        machine: u32::from(h.machine),
        bits: Some(h.bits),
        endian: Some(h.endian),
        file_type,
        abi,
        damage,
    })
}

/// Says so when the section header table lies past the end: a file cut short, whose
/// sections (float ABI, symbols, producer) cannot be read. Costs no read.
fn table_past_end(w: &Window, h: &Header) -> Option<String> {
    if h.shoff == 0 || h.shnum == 0 {
        return None;
    }
    let end = u64::from(h.shnum)
        .checked_mul(u64::from(h.shentsize))
        .and_then(|n| n.checked_add(h.shoff));
    match end {
        Some(end) if end <= w.len => None,
        _ => Some(format!(
            "truncated ELF: its section headers (at byte {}) lie past the end of its {} bytes; only the ELF header was judged",
            h.shoff, w.len
        )),
    }
}

/// The producer strings in `.comment` (`GCC: (Debian 12.2.0-14) 12.2.0`, `rustc version …`).
pub fn comment(w: &Window) -> io::Result<Vec<String>> {
    let h = header(w)?;
    let secs = sections(w, &h)?;
    let Some(s) = secs.iter().find(|s| s.name == b".comment") else {
        return Ok(Vec::new());
    };
    let data = w.read_at(s.offset, s.size.min(MAX_NOTE_SECTION))?;
    let mut out: Vec<String> = Vec::new();
    for part in data.split(|&b| b == 0) {
        let t = String::from_utf8_lossy(part).trim().to_string();
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    Ok(out)
}

/// Global and weak symbols of an object: `(name, defined)`. Read only on a failure path
/// (a failed link's undefined symbols), so the symbol table is read whole, within a cap.
pub fn symbols(w: &Window) -> io::Result<Vec<(Vec<u8>, bool)>> {
    const SHT_SYMTAB: u32 = 2;
    let h = header(w)?;
    let secs = sections(w, &h)?;
    let Some(tab) = secs.iter().find(|s| s.sh_type == SHT_SYMTAB) else {
        return Ok(Vec::new());
    };
    let strtab = secs
        .get(tab.link as usize)
        .ok_or_else(|| bad("symbol table without a string table"))?;
    let syms = w.read_at(tab.offset, tab.size)?;
    let names = w.read_at(strtab.offset, strtab.size)?;
    let entsize = if h.bits == 32 { 16 } else { 24 };
    let mut out = Vec::new();
    for e in syms.chunks_exact(entsize).skip(1) {
        let f = Fields {
            h: e,
            endian: h.endian,
        };
        let (info, shndx) = if h.bits == 32 {
            (e[12], f.u16(14))
        } else {
            (e[4], f.u16(6))
        };
        let binding = info >> 4;
        if binding != 1 && binding != 2 {
            continue;
        }
        let name = names
            .get(f.u32(0) as usize..)
            .and_then(|n| n.split(|&b| b == 0).next())
            .unwrap_or_default();
        if !name.is_empty() {
            out.push((name.to_vec(), shndx != 0));
        }
    }
    Ok(out)
}

/// Whether an x86-64 relocatable object uses absolute 32-bit relocations
/// (`R_X86_64_32`, `R_X86_64_32S`) in loaded sections: code built without -fPIC, which a
/// PIE cannot hold. Debug sections use them legitimately and are skipped.
pub fn x86_64_non_pic(w: &Window) -> io::Result<bool> {
    const SHT_RELA: u32 = 4;
    const SHF_ALLOC: u64 = 2;
    const EM_X86_64: u16 = 62;
    let h = header(w)?;
    if h.machine != EM_X86_64 || h.bits != 64 || h.e_type != 1 {
        return Ok(false);
    }
    let secs = sections(w, &h)?;
    for rela in secs.iter().filter(|s| s.sh_type == SHT_RELA) {
        let loaded = secs
            .get(rela.info as usize)
            .is_some_and(|t| t.flags & SHF_ALLOC != 0);
        if !loaded {
            continue;
        }
        let data = w.read_at(rela.offset, rela.size)?;
        for e in data.chunks_exact(24) {
            let f = Fields {
                h: e,
                endian: h.endian,
            };
            if matches!(f.u32(8), 10 | 11) {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

fn flags_abi(h: &Header) -> AbiInfo {
    let f = h.flags;
    let mut abi = AbiInfo::default();
    match h.machine {
        EM_MIPS => {
            abi.mips_abi = Some(if h.bits == 64 {
                "n64"
            } else if f & 0x20 != 0 {
                "n32"
            } else {
                match f & 0xf000 {
                    0x2000 => "o64",
                    0x3000 => "eabi32",
                    0x4000 => "eabi64",
                    _ => "o32",
                }
            });
            abi.mips_isa = Some(match f & 0xf000_0000 {
                0x0000_0000 => "mips1",
                0x1000_0000 => "mips2",
                0x2000_0000 => "mips3",
                0x3000_0000 => "mips4",
                0x4000_0000 => "mips5",
                0x5000_0000 => "mips32",
                0x6000_0000 => "mips64",
                0x7000_0000 => "mips32r2",
                0x8000_0000 => "mips64r2",
                0x9000_0000 => "mips32r6",
                0xa000_0000 => "mips64r6",
                _ => "unknown",
            });
            abi.nan2008 = Some(f & 0x400 != 0);
        }
        EM_ARM => {
            abi.arm_eabi = Some((f >> 24) as u8);
            // EABI5 records the float ABI in e_flags only for executables; objects keep
            // it in .ARM.attributes, read separately.
            if f & 0x400 != 0 {
                abi.float = Some(FoundFloat::Hard);
            } else if f & 0x200 != 0 {
                abi.float = Some(FoundFloat::Soft);
            }
        }
        EM_RISCV => {
            abi.float = Some(match f & 0x6 {
                0 => FoundFloat::Soft,
                2 => FoundFloat::Single,
                4 => FoundFloat::Hard,
                _ => FoundFloat::Quad,
            });
            abi.rve = Some(f & 0x8 != 0);
        }
        EM_PPC64 if f & 3 != 0 => abi.ppc64_abi = Some((f & 3) as u8),
        _ => {}
    }
    abi
}

fn section_float(w: &Window, h: &Header, secs: &[Section]) -> Option<FoundFloat> {
    let small = |s: &Section| -> Option<Vec<u8>> {
        (s.size <= MAX_NOTE_SECTION)
            .then(|| w.read_at(s.offset, s.size).ok())
            .flatten()
    };
    if h.machine == EM_MIPS {
        if let Some(d) = secs
            .iter()
            .find(|s| s.sh_type == SHT_MIPS_ABIFLAGS)
            .and_then(small)
            && let Some(&fp) = d.get(7)
        {
            return Some(mips_fp(u64::from(fp)));
        }
        let d = secs
            .iter()
            .find(|s| s.name == b".gnu.attributes")
            .and_then(small)?;
        let ints = attributes::file_ints(&d, h.endian, "gnu");
        // Tag_GNU_MIPS_ABI_FP
        return ints.iter().find(|(t, _)| *t == 4).map(|&(_, v)| mips_fp(v));
    }
    let d = secs
        .iter()
        .find(|s| s.name == b".ARM.attributes")
        .and_then(small)?;
    let ints = attributes::file_ints(&d, h.endian, "aeabi");
    // Tag_ABI_VFP_args: 0 base (soft), 1 VFP registers (hard), 3 compatible with both.
    // An absent tag means its default, 0: GNU ld refuses such an object in a hard-float
    // link ("uses VFP register arguments, … does not") even when it uses no floats; but
    // not when its Tag_ABI_FP_number_model (23) is absent or 0, "none": bfd's
    // elf32_arm_merge_eabi_attributes ignores the mismatch for an object that says it uses
    // no floating point. Assembly (`as` without `-mfloat-abi`; compiler_builtins' `*.S.o`
    // in Debian's armhf std) has neither tag, and links into any float ABI.
    let tag = |n: u64| ints.iter().find(|(t, _)| *t == n).map(|&(_, v)| v);
    if tag(23).unwrap_or(0) == 0 {
        return Some(FoundFloat::Any);
    }
    match tag(28).unwrap_or(0) {
        0 => Some(FoundFloat::Soft),
        1 => Some(FoundFloat::Hard),
        3 => Some(FoundFloat::Any),
        _ => None,
    }
}

fn mips_fp(v: u64) -> FoundFloat {
    match v {
        0 => FoundFloat::Any,
        2 => FoundFloat::Single,
        3 => FoundFloat::Soft,
        _ => FoundFloat::Hard,
    }
}

fn sections(w: &Window, h: &Header) -> io::Result<Vec<Section>> {
    let entsize = u64::from(h.shentsize);
    let need = if h.bits == 32 { 40 } else { 64 };
    if h.shoff == 0 || h.shnum == 0 {
        return Ok(Vec::new());
    }
    if entsize < need || u64::from(h.shnum) > MAX_SECTIONS {
        return Err(bad("implausible ELF section header table"));
    }
    let table = w.read_at(h.shoff, entsize * u64::from(h.shnum))?;
    // Section names come from the string table, itself a section: read the headers first.
    let mut secs: Vec<(u32, Section)> = Vec::with_capacity(usize::from(h.shnum));
    for i in 0..usize::from(h.shnum) {
        let e = &table[i * entsize as usize..][..need as usize];
        let f = Fields {
            h: e,
            endian: h.endian,
        };
        let wide = h.bits == 64;
        let word = |at32: usize, at64: usize| {
            if wide {
                f.u64(at64)
            } else {
                u64::from(f.u32(at32))
            }
        };
        let section = Section {
            name: Vec::new(),
            sh_type: f.u32(4),
            flags: word(8, 8),
            offset: word(16, 24),
            size: word(20, 32),
            link: f.u32(if wide { 40 } else { 24 }),
            info: f.u32(if wide { 44 } else { 28 }),
        };
        secs.push((f.u32(0), section));
    }
    let names = secs
        .get(usize::from(h.shstrndx))
        .filter(|(_, s)| s.size <= super::reader::MAX_READ)
        .and_then(|(_, s)| w.read_at(s.offset, s.size).ok())
        .unwrap_or_default();
    Ok(secs
        .into_iter()
        .map(|(name_off, mut s)| {
            s.name = names
                .get(name_off as usize..)
                .and_then(|n| n.split(|&b| b == 0).next())
                .unwrap_or_default()
                .to_vec();
            s
        })
        .collect())
}

struct Fields<'a> {
    h: &'a [u8],
    endian: Endian,
}

impl Fields<'_> {
    fn u16(&self, at: usize) -> u16 {
        let b = [self.h[at], self.h[at + 1]];
        match self.endian {
            Endian::Little => u16::from_le_bytes(b),
            Endian::Big => u16::from_be_bytes(b),
        }
    }
    fn u32(&self, at: usize) -> u32 {
        let b: [u8; 4] = self.h[at..at + 4].try_into().unwrap_or_default();
        match self.endian {
            Endian::Little => u32::from_le_bytes(b),
            Endian::Big => u32::from_be_bytes(b),
        }
    }
    fn u64(&self, at: usize) -> u64 {
        let b: [u8; 8] = self.h[at..at + 8].try_into().unwrap_or_default();
        match self.endian {
            Endian::Little => u64::from_le_bytes(b),
            Endian::Big => u64::from_be_bytes(b),
        }
    }
}

fn bad(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_string())
}
