//! Recognising a file by its first bytes.

/// How many leading bytes [`sniff`] needs to decide.
pub const SNIFF_LEN: usize = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Elf,
    MachO,
    MachOFat,
    Coff,
    /// A short import object inside a Windows import library.
    CoffImport,
    Pe,
    Wasm,
    Xcoff,
    LlvmBitcode,
    Archive,
    ThinArchive,
    AixBigArchive,
    /// A GNU ld text script such as glibc's libc.so (`GROUP ( … )`).
    LinkerScript,
    /// rustc's crate metadata (lib.rmeta and .rmeta files): not an object, never an error.
    RustMetadata,
    Unknown,
}

pub fn sniff(head: &[u8]) -> Kind {
    let b = |n: usize| head.get(..n);
    if b(4) == Some(b"\x7fELF") {
        return Kind::Elf;
    }
    if b(8) == Some(b"!<arch>\n") {
        return Kind::Archive;
    }
    if b(8) == Some(b"!<thin>\n") {
        return Kind::ThinArchive;
    }
    if b(8) == Some(b"<bigaf>\n") {
        return Kind::AixBigArchive;
    }
    if b(4) == Some(b"\0asm") {
        return Kind::Wasm;
    }
    if b(4) == Some(b"BC\xc0\xde") || b(4) == Some(&[0xde, 0xc0, 0x17, 0x0b]) {
        return Kind::LlvmBitcode;
    }
    if b(4) == Some(b"rust") {
        return Kind::RustMetadata;
    }
    if let Some(m) = b(4) {
        let be = u32::from_be_bytes([m[0], m[1], m[2], m[3]]);
        match be {
            0xfeed_face | 0xfeed_facf | 0xcefa_edfe | 0xcffa_edfe => return Kind::MachO,
            // 0xcafebabe is also a Java class file; a fat header has a small arch count
            // where a class file has its version.
            0xcafe_babe | 0xcafe_babf => {
                let n = head
                    .get(4..8)
                    .map_or(u32::MAX, |x| u32::from_be_bytes([x[0], x[1], x[2], x[3]]));
                if n > 0 && n < 30 {
                    return Kind::MachOFat;
                }
            }
            _ => {}
        }
    }
    if b(2) == Some(b"MZ") {
        return Kind::Pe;
    }
    if b(4) == Some(&[0, 0, 0xff, 0xff]) {
        return Kind::CoffImport;
    }
    if let Some(m) = b(2) {
        let be = u16::from_be_bytes([m[0], m[1]]);
        if be == 0x01df || be == 0x01f7 {
            return Kind::Xcoff;
        }
        let le = u16::from_le_bytes([m[0], m[1]]);
        if super::machine::is_known_coff_machine(le) && looks_like_coff_header(head) {
            return Kind::Coff;
        }
    }
    if is_linker_script(head) {
        return Kind::LinkerScript;
    }
    Kind::Unknown
}

/// COFF has no magic: accept a known machine only with a plausible section count and no
/// optional header (objects have none).
fn looks_like_coff_header(head: &[u8]) -> bool {
    let Some(h) = head.get(..20) else {
        return false;
    };
    let sections = u16::from_le_bytes([h[2], h[3]]);
    let opt = u16::from_le_bytes([h[16], h[17]]);
    sections < 4096 && opt == 0
}

fn is_linker_script(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start();
    t.starts_with("/* GNU ld script")
        || ["GROUP", "INPUT", "OUTPUT_FORMAT", "SEARCH_DIR", "INCLUDE"]
            .iter()
            .any(|k| t.starts_with(k) && t[k.len()..].trim_start().starts_with('('))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magics() {
        assert_eq!(sniff(b"\x7fELF\x01\x02"), Kind::Elf);
        assert_eq!(sniff(b"!<arch>\nfoo"), Kind::Archive);
        assert_eq!(sniff(b"!<thin>\n"), Kind::ThinArchive);
        assert_eq!(sniff(b"\0asm\x01\0\0\0"), Kind::Wasm);
        assert_eq!(sniff(b"BC\xc0\xde5"), Kind::LlvmBitcode);
        assert_eq!(sniff(b"\xcf\xfa\xed\xfe\x0c\0\0\x01"), Kind::MachO);
        assert_eq!(sniff(b"\xca\xfe\xba\xbe\0\0\0\x02"), Kind::MachOFat);
        // A Java class file (version 52) is not a fat Mach-O.
        assert_eq!(sniff(b"\xca\xfe\xba\xbe\0\0\0\x34"), Kind::Unknown);
        assert_eq!(sniff(b"rust\0\0\0\x08"), Kind::RustMetadata);
        assert_eq!(sniff(b""), Kind::Unknown);
        assert_eq!(sniff(b"\x7fEL"), Kind::Unknown);
    }

    #[test]
    fn linker_scripts() {
        assert_eq!(
            sniff(b"/* GNU ld script\n   Use the shared library */\nOUTPUT_FORMAT(elf64"),
            Kind::LinkerScript
        );
        assert_eq!(sniff(b"INPUT(-lfoo)"), Kind::LinkerScript);
        assert_eq!(sniff(b"GROUP ( /lib/libc.so.6 )"), Kind::LinkerScript);
        assert_eq!(sniff(b"GROUPIE"), Kind::Unknown);
    }

    #[test]
    fn coff_object() {
        let mut h = vec![0u8; 20];
        h[0..2].copy_from_slice(&0x8664u16.to_le_bytes());
        h[2] = 3;
        assert_eq!(sniff(&h), Kind::Coff);
        h[16] = 0xe0; // has an optional header: an image, not an object
        assert_eq!(sniff(&h), Kind::Unknown);
    }
}
