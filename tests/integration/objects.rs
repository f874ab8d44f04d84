//! The long tail of machines: objects written by `object::write` for every architecture it
//! can write, identified from their headers and judged against the generated target table.

use std::fs;

use object::write::Object;
use object::{Architecture, BinaryFormat, Endianness};
use xlinkdiag::artifacts::{Inspection, inspect_path};
use xlinkdiag::diagnose::compare::compare;
use xlinkdiag::diagnose::expected::Expected;

/// (object's architecture, format, endianness, the Rust arch we must report, a target
/// triple whose objects look like that).
const CASES: &[(Architecture, BinaryFormat, Endianness, &str, &str)] = &[
    (
        Architecture::X86_64,
        BinaryFormat::Elf,
        Endianness::Little,
        "x86_64",
        "x86_64-unknown-linux-gnu",
    ),
    (
        Architecture::I386,
        BinaryFormat::Elf,
        Endianness::Little,
        "x86",
        "i686-unknown-linux-gnu",
    ),
    (
        Architecture::Aarch64,
        BinaryFormat::Elf,
        Endianness::Little,
        "aarch64",
        "aarch64-unknown-linux-gnu",
    ),
    (
        Architecture::Aarch64,
        BinaryFormat::Elf,
        Endianness::Big,
        "aarch64",
        "aarch64_be-unknown-linux-gnu",
    ),
    (
        Architecture::Arm,
        BinaryFormat::Elf,
        Endianness::Little,
        "arm",
        "armv7-unknown-linux-gnueabihf",
    ),
    (
        Architecture::Mips,
        BinaryFormat::Elf,
        Endianness::Big,
        "mips",
        "mips-unknown-linux-gnu",
    ),
    (
        Architecture::Mips,
        BinaryFormat::Elf,
        Endianness::Little,
        "mips",
        "mipsel-unknown-linux-gnu",
    ),
    (
        Architecture::Mips64,
        BinaryFormat::Elf,
        Endianness::Big,
        "mips64",
        "mips64-unknown-linux-gnuabi64",
    ),
    (
        Architecture::PowerPc,
        BinaryFormat::Elf,
        Endianness::Big,
        "powerpc",
        "powerpc-unknown-linux-gnu",
    ),
    (
        Architecture::PowerPc64,
        BinaryFormat::Elf,
        Endianness::Little,
        "powerpc64",
        "powerpc64le-unknown-linux-gnu",
    ),
    (
        Architecture::Riscv64,
        BinaryFormat::Elf,
        Endianness::Little,
        "riscv64",
        "riscv64gc-unknown-linux-gnu",
    ),
    (
        Architecture::Riscv32,
        BinaryFormat::Elf,
        Endianness::Little,
        "riscv32",
        "riscv32imac-unknown-none-elf",
    ),
    (
        Architecture::S390x,
        BinaryFormat::Elf,
        Endianness::Big,
        "s390x",
        "s390x-unknown-linux-gnu",
    ),
    (
        Architecture::Sparc64,
        BinaryFormat::Elf,
        Endianness::Big,
        "sparc64",
        "sparc64-unknown-linux-gnu",
    ),
    (
        Architecture::LoongArch64,
        BinaryFormat::Elf,
        Endianness::Little,
        "loongarch64",
        "loongarch64-unknown-linux-gnu",
    ),
    (
        Architecture::Hexagon,
        BinaryFormat::Elf,
        Endianness::Little,
        "hexagon",
        "hexagon-unknown-linux-musl",
    ),
    (
        Architecture::Bpf,
        BinaryFormat::Elf,
        Endianness::Little,
        "bpf",
        "bpfel-unknown-none",
    ),
    (
        Architecture::Msp430,
        BinaryFormat::Elf,
        Endianness::Little,
        "msp430",
        "msp430-none-elf",
    ),
    (
        Architecture::Avr,
        BinaryFormat::Elf,
        Endianness::Little,
        "avr",
        "avr-none",
    ),
    (
        Architecture::Csky,
        BinaryFormat::Elf,
        Endianness::Little,
        "csky",
        "csky-unknown-linux-gnuabiv2",
    ),
    (
        Architecture::Xtensa,
        BinaryFormat::Elf,
        Endianness::Little,
        "xtensa",
        "xtensa-esp32-none-elf",
    ),
    (
        Architecture::X86_64,
        BinaryFormat::MachO,
        Endianness::Little,
        "x86_64",
        "x86_64-apple-darwin",
    ),
    (
        Architecture::Aarch64,
        BinaryFormat::MachO,
        Endianness::Little,
        "aarch64",
        "aarch64-apple-darwin",
    ),
    (
        Architecture::X86_64,
        BinaryFormat::Coff,
        Endianness::Little,
        "x86_64",
        "x86_64-pc-windows-msvc",
    ),
    (
        Architecture::Aarch64,
        BinaryFormat::Coff,
        Endianness::Little,
        "aarch64",
        "aarch64-pc-windows-msvc",
    ),
    (
        Architecture::I386,
        BinaryFormat::Coff,
        Endianness::Little,
        "x86",
        "i686-pc-windows-msvc",
    ),
];

fn write_object(arch: Architecture, format: BinaryFormat, endian: Endianness) -> Vec<u8> {
    let mut obj = Object::new(format, arch, endian);
    let text = obj.section_id(object::write::StandardSection::Text);
    obj.append_section_data(text, &[0; 4], 4);
    obj.write().unwrap()
}

#[test]
fn every_machine_is_named_and_fits_only_its_own_targets() {
    let dir = std::env::temp_dir().join(format!("xlinkdiag-objects-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let mut ids = Vec::new();
    for (i, &(arch, format, endian, rust_arch, _)) in CASES.iter().enumerate() {
        let path = dir.join(format!("{i}.o"));
        fs::write(&path, write_object(arch, format, endian)).unwrap();
        let Inspection::Object(id) = inspect_path(&path).unwrap() else {
            panic!("{arch:?} {format:?} not identified as an object");
        };
        assert_eq!(id.arch, rust_arch, "{arch:?} {format:?}");
        ids.push(id);
    }
    for (i, id) in ids.iter().enumerate() {
        for (j, &(.., triple)) in CASES.iter().enumerate() {
            let spec = xlinkdiag::target::lookup(triple).unwrap_or_else(|| panic!("{triple}"));
            let exp = Expected::from_spec(spec, "test".into());
            let verdict = compare(id, &exp);
            let same =
                CASES[i].3 == CASES[j].3 && CASES[i].1 == CASES[j].1 && CASES[i].2 == CASES[j].2;
            if same {
                // Same machine, format and byte order: only an ABI question can remain,
                // and object::write sets no ABI flags except the defaults.
                assert!(
                    verdict
                        .as_ref()
                        .is_none_or(|(k, _)| k.as_str() == "abi-mismatch"),
                    "{} vs {triple}: {verdict:?}",
                    id.describe()
                );
            } else {
                let (kind, reason) =
                    verdict.unwrap_or_else(|| panic!("{} passed as {triple}", id.describe()));
                assert_eq!(kind.as_str(), "wrong-architecture", "{reason}");
            }
        }
    }
    let _ = fs::remove_dir_all(&dir);
}
