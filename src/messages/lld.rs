//! LLVM lld in every flavor: ld.lld (ELF), ld64.lld (Mach-O), lld-link (COFF), wasm-ld. The
//! object behind an undefined symbol comes on the following `>>>` lines.

use std::sync::LazyLock;

use regex::Regex;

use super::table::{self, Row, Shape};

pub(super) static ROWS: &[Row] = &[
    // `x.o is incompatible with elf32btsmip` (an emulation) or `… with first.o`.
    Row {
        shape: Shape::Incompatible,
        pattern: r"^(?P<file>.+?) is incompatible with (?P<with>\S+)$",
    },
    // RISC-V: `x.o: cannot link object files with different floating-point ABI from y.o`.
    Row {
        shape: Shape::FloatAbiClash,
        pattern: r"^(?P<file>.+?): cannot link object files with different (?:floating-point ABI|RISC-V E and non-E ABI|ABI)(?: from .+)?$",
    },
    // ld64.lld
    Row {
        shape: Shape::MachineConflict,
        pattern: r"^(?P<file>.+) has architecture (?P<found>\S+) which is incompatible with target architecture (?P<expected>\S+)$",
    },
    // lld-link
    Row {
        shape: Shape::MachineConflict,
        pattern: r"^(?P<file>.+): machine type (?P<found>\S+) conflicts with (?P<expected>\S+)$",
    },
    Row {
        shape: Shape::UndefinedSymbol,
        pattern: r"^undefined symbol: (?P<symbol>.+)$",
    },
    Row {
        shape: Shape::DuplicateSymbol,
        pattern: r"^duplicate symbol: (?P<symbol>.+)$",
    },
    Row {
        shape: Shape::MissingLibrary,
        pattern: r"^unable to find library -l(?P<lib>.+)$",
    },
    Row {
        shape: Shape::MissingFile,
        pattern: r"^cannot open (?P<file>.+?): No such file or directory$",
    },
    Row {
        shape: Shape::PicRelocation,
        pattern: r"^relocation (?P<reloc>R_\w+) cannot be used against .*; recompile with -fPIC$",
    },
    Row {
        shape: Shape::UnknownOption,
        pattern: r"^unknown argument '(?P<option>.+)'",
    },
];

pub(super) static REGEXES: LazyLock<Vec<Option<Regex>>> = LazyLock::new(|| table::compile(ROWS));
