//! GNU ld (bfd), as printed through gcc's collect2 or directly.

use std::sync::LazyLock;

use regex::Regex;

use super::table::{self, Row, Shape};

pub(super) static ROWS: &[Row] = &[
    Row {
        shape: Shape::NoArchiveIndex,
        pattern: r"^(?P<file>.+?):\s*(?:error adding symbols:\s*)?archive has no index; run ranlib to add one$",
    },
    Row {
        shape: Shape::WrongFormat,
        pattern: r"^(?P<file>.+?): (?:(?:error adding symbols|could not read symbols): )?[Ff]ile in wrong format$",
    },
    Row {
        shape: Shape::WrongFormat,
        pattern: r"^(?P<file>.+?): file (?:not recognized: file )?format not recognized",
    },
    Row {
        shape: Shape::ForeignElfMachine,
        pattern: r"^(?P<file>.+): Relocations in generic ELF \(EM: (?P<machine>\d+)\)$",
    },
    Row {
        shape: Shape::IncompatibleSkipped,
        pattern: r"^skipping incompatible (?P<file>.+) when searching for (?:-l(?P<lib>.+)|(?P<libfile>.+))$",
    },
    Row {
        shape: Shape::MachineConflict,
        pattern: r"^(?P<found>\S+) architecture of input file [`'](?P<file>.+)' is incompatible with (?P<expected>\S+) output$",
    },
    Row {
        shape: Shape::EndianMismatch,
        pattern: r"^(?P<file>.+): compiled for a (?:big|little) endian system and target is (?:big|little) endian$",
    },
    Row {
        shape: Shape::EndianMismatch,
        pattern: r"^(?P<file>.+): endianness incompatible with that of the selected emulation$",
    },
    Row {
        shape: Shape::AbiMismatch,
        pattern: r"^(?P<file>.+): ABI is incompatible with that of the selected emulation$",
    },
    // MIPS, binutils ≥ 2.32: `out uses -mhard-float (set by crti.o), x.o uses -msoft-float`.
    Row {
        shape: Shape::FloatAbiClash,
        pattern: r"^.+ uses -m(?:hard|soft|single|double)-float \(set by .+\), (?P<file>.+) uses -m(?:hard|soft|single|double)-float$",
    },
    // MIPS, binutils ≤ 2.25: `Warning: out uses hard float, x.o uses soft float`.
    Row {
        shape: Shape::FloatAbiClash,
        pattern: r"^.+ uses (?:hard|soft|single|double) float, (?P<file>.+) uses (?:hard|soft|single|double) float$",
    },
    // ARM: `out uses VFP register arguments, x.o does not`.
    Row {
        shape: Shape::FloatAbiClash,
        pattern: r"^.+ uses VFP register arguments, (?P<file>.+) does not$",
    },
    // RISC-V: `x.o: can't link double-float modules with soft-float modules`.
    Row {
        shape: Shape::FloatAbiClash,
        pattern: r"^(?P<file>.+?): can't link (?:hard|soft|single|double|quad)-float modules with (?:hard|soft|single|double|quad)-float modules$",
    },
    // MIPS: NaN encoding, PIC model, word size, ISA; ARM: architecture and EABI version.
    Row {
        shape: Shape::AbiMismatch,
        pattern: r"^(?P<file>.+?): (?:warning: )?(?:linking -mnan=\S+ module with previous -mnan=\S+ modules|linking abicalls files with non-abicalls files|linking 32-bit code with 64-bit code|linking \S+ module with previous \S+ modules|conflicting CPU architectures \d+/\d+|.*unsupported ISA subset.*|mis-matched ISA (?:version|subset).*|ABI version \d+ is not compatible with ABI version \d+ output|.*uses (?:iWMMXt|VFP) register arguments.*)$",
    },
    // Translated binutils (LANG=zh_CN, fr_FR): the same messages in other words.
    Row {
        shape: Shape::IncompatibleSkipped,
        pattern: r"^当搜索用于 (?P<file>\S+) 时跳过不兼容的 -l(?P<lib>\S+)$",
    },
    Row {
        shape: Shape::MissingLibrary,
        pattern: r"^找不到 -l(?P<lib>\S+)$",
    },
    Row {
        shape: Shape::MachineConflict,
        pattern: r"^architecture (?P<found>\S+) du fichier d'entrée [«“]\s*(?P<file>.+?)\s*[»”] est incompatible avec la sortie (?P<expected>\S*).*$",
    },
    // ARM: `source object X has EABI version 5, but target Y has EABI version 0`.
    Row {
        shape: Shape::AbiMismatch,
        pattern: r"^source object (?P<file>.+) has EABI version \d+, but target .+ has EABI version \d+$",
    },
    // MinGW: an import library for another machine (`0xaa64`: arm64).
    Row {
        shape: Shape::WrongFormat,
        pattern: r"^(?P<file>.+?): recognised but unhandled machine type \(0x[0-9a-fA-F]+\) in Import Library Format archive$",
    },
    Row {
        shape: Shape::PicRelocation,
        pattern: r"^(?P<file>.+?): (?:warning: )?relocation (?P<reloc>R_\w+) against .+ can ?not be used when making an? (?:PIE object|shared object|PDE object)",
    },
    Row {
        shape: Shape::MissingLibrary,
        pattern: r"^cannot find -l(?P<lib>.+?)(?:: No such file or directory)?$",
    },
    Row {
        shape: Shape::MissingFile,
        pattern: r"^cannot find (?P<file>[^-\s].*?)(?:: No such file or directory)?$",
    },
    Row {
        shape: Shape::UndefinedSymbol,
        pattern: r"^(?:(?P<loc>.*): )?(?:more )?undefined references? to `(?P<symbol>.+)'(?: follow)?$",
    },
    // The same, as a forum ate the quotes, or with lld's `[--no-allow-shlib-undefined]`.
    Row {
        shape: Shape::UndefinedSymbol,
        pattern: r"^(?:(?P<loc>.*): )?(?:more )?undefined references? to (?P<symbol>[A-Za-z_][A-Za-z0-9_.$@]*)'?(?: \[--[a-z-]+\])?$",
    },
    // A symbol of a shared library the link does not name: `undefined reference to symbol
    // '__atomic_load_1@@LIBATOMIC_1.0'` (then `DSO missing from command line`).
    Row {
        shape: Shape::UndefinedSymbol,
        pattern: r"^(?:(?P<loc>.*): )?undefined reference to symbol '(?P<symbol>[^'@]+)(?:@@?[^']*)?'$",
    },
    Row {
        shape: Shape::DuplicateSymbol,
        pattern: r"^(?:(?P<loc>.*): )?multiple definition of [`'](?P<symbol>.+?)'(?:; .*)?$",
    },
    Row {
        shape: Shape::UnknownOption,
        pattern: r"^unrecognized (?:command[- ]line )?option [`'‘](?P<option>[^'’]+)['’](?:;.*)?$",
    },
];

pub(super) static REGEXES: LazyLock<Vec<Option<Regex>>> = LazyLock::new(|| table::compile(ROWS));
