//! Machine numbers of each object format mapped to Rust's `target_arch` names.

/// ELF e_machine → Rust arch. MIPS and RISC-V need the class and flags too, see
/// [`elf_arch`].
const ELF_MACHINES: &[(u16, &str)] = &[
    (2, "sparc"),
    (3, "x86"),
    (4, "m68k"),
    (6, "x86"), // EM_IAMCU
    (8, "mips"),
    (18, "sparc"), // EM_SPARC32PLUS
    (20, "powerpc"),
    (21, "powerpc64"),
    (22, "s390x"),
    (40, "arm"),
    (43, "sparc64"),
    (62, "x86_64"),
    (83, "avr"),
    (94, "xtensa"),
    (105, "msp430"),
    (164, "hexagon"),
    (183, "aarch64"),
    (190, "nvptx64"),
    (224, "amdgpu"),
    (243, "riscv64"),
    (247, "bpf"),
    (252, "csky"),
    (258, "loongarch64"),
];

pub const EM_MIPS: u16 = 8;
pub const EM_ARM: u16 = 40;
pub const EM_PPC64: u16 = 21;
pub const EM_RISCV: u16 = 243;
pub const EM_LOONGARCH: u16 = 258;

const EF_MIPS_ABI2: u32 = 0x20;
const EF_MIPS_ARCH: u32 = 0xf000_0000;
const EF_MIPS_ARCH_32R6: u32 = 0x9000_0000;
const EF_MIPS_ARCH_64R6: u32 = 0xa000_0000;

pub fn elf_arch(machine: u16, bits: u8, e_flags: u32) -> &'static str {
    match machine {
        EM_MIPS => {
            let r6 = matches!(
                e_flags & EF_MIPS_ARCH,
                EF_MIPS_ARCH_32R6 | EF_MIPS_ARCH_64R6
            );
            let wide = bits == 64 || e_flags & EF_MIPS_ABI2 != 0;
            match (wide, r6) {
                (false, false) => "mips",
                (false, true) => "mips32r6",
                (true, false) => "mips64",
                (true, true) => "mips64r6",
            }
        }
        EM_RISCV if bits == 32 => "riscv32",
        EM_LOONGARCH if bits == 32 => "loongarch32",
        EM_PPC64 if bits == 32 => "powerpc64",
        _ => ELF_MACHINES
            .iter()
            .find(|(m, _)| *m == machine)
            .map_or("unknown", |(_, a)| a),
    }
}

/// The ELF machine number of a Rust arch, read back from the same table: what a linker
/// names when it rejects an object of that machine.
pub fn elf_machine(arch: &str) -> Option<u16> {
    match family(arch) {
        "mips" | "mips64" => Some(EM_MIPS),
        "riscv32" | "riscv64" => Some(EM_RISCV),
        "loongarch32" | "loongarch64" => Some(EM_LOONGARCH),
        "powerpc64" => Some(EM_PPC64),
        a => ELF_MACHINES.iter().find(|(_, n)| *n == a).map(|(m, _)| *m),
    }
}

/// The family a linker treats as one machine: `mips32r6` objects are still EM_MIPS, and
/// r2-vs-r6 is an ABI question, not a machine one.
pub fn family(arch: &str) -> &str {
    match arch {
        "mips32r6" => "mips",
        "mips64r6" => "mips64",
        other => other,
    }
}

pub fn macho_arch(cputype: u32) -> &'static str {
    match cputype {
        7 => "x86",
        0x0100_0007 => "x86_64",
        12 => "arm",
        0x0100_000c => "aarch64",
        0x0200_000c => "aarch64", // arm64_32
        18 => "powerpc",
        0x0100_0012 => "powerpc64",
        _ => "unknown",
    }
}

pub fn coff_arch(machine: u16) -> &'static str {
    match machine {
        0x014c => "x86",
        0x8664 => "x86_64",
        0xaa64 => "aarch64",
        0xa641 => "arm64ec",
        0xa64e => "aarch64", // ARM64X
        0x01c0 | 0x01c2 | 0x01c4 => "arm",
        0x5032 => "riscv32",
        0x5064 => "riscv64",
        _ => "unknown",
    }
}

/// Whether a COFF machine number is one object would recognise; used to tell a COFF object
/// from arbitrary bytes, since COFF has no magic number.
pub fn is_known_coff_machine(machine: u16) -> bool {
    coff_arch(machine) != "unknown"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elf_machine_table_sorted_unique() {
        assert!(ELF_MACHINES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    /// The way back from an arch to its machine number agrees with the way there.
    #[test]
    fn elf_machines_of_arches() {
        for (arch, machine) in [
            ("x86_64", 62),
            ("x86", 3),
            ("aarch64", 183),
            ("arm", 40),
            ("mips", 8),
            ("mips64r6", 8),
            ("powerpc", 20),
            ("powerpc64", 21),
            ("riscv32", 243),
            ("riscv64", 243),
            ("s390x", 22),
            ("loongarch64", 258),
            ("sparc64", 43),
        ] {
            assert_eq!(elf_machine(arch), Some(machine), "{arch}");
        }
        assert_eq!(elf_machine("wasm32"), None);
        for &(machine, arch) in ELF_MACHINES {
            let back = elf_machine(arch).unwrap();
            assert_eq!(
                family(elf_arch(back, 64, 0)),
                family(elf_arch(machine, 64, 0)),
                "{arch}"
            );
        }
    }

    #[test]
    fn mips_variants() {
        assert_eq!(elf_arch(EM_MIPS, 32, 0x7000_1007), "mips");
        assert_eq!(elf_arch(EM_MIPS, 32, 0x9000_0400), "mips32r6");
        assert_eq!(elf_arch(EM_MIPS, 32, 0x8000_0020), "mips64");
        assert_eq!(elf_arch(EM_MIPS, 64, 0x8000_0007), "mips64");
        assert_eq!(family("mips32r6"), "mips");
    }

    #[test]
    fn riscv_by_class() {
        assert_eq!(elf_arch(EM_RISCV, 32, 0), "riscv32");
        assert_eq!(elf_arch(EM_RISCV, 64, 5), "riscv64");
    }
}
