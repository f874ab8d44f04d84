//! GNU gold. Its `cannot find -lY` is the bfd wording, read by the bfd table (the family then
//! comes from the `ld.gold:` prefix).

use std::sync::LazyLock;

use regex::Regex;

use super::table::{self, Row, Shape};

pub(super) static ROWS: &[Row] = &[
    Row {
        shape: Shape::ForeignElfMachine,
        pattern: r"^(?P<file>.+): unsupported ELF machine number (?P<machine>\d+)$",
    },
    Row {
        shape: Shape::WrongFormat,
        pattern: r"^(?P<file>.+): incompatible target$",
    },
    Row {
        shape: Shape::WrongFormat,
        pattern: r"^(?P<file>.+): not configured to support .+ object$",
    },
    Row {
        shape: Shape::IncompatibleSkipped,
        pattern: r"^skipping incompatible (?P<file>.+) while searching for (?P<lib>.+)$",
    },
    // A bare ld given a compiler driver's flags: `-Wl,--as-needed: unknown option`.
    Row {
        shape: Shape::UnknownOption,
        pattern: r"^(?P<option>-\S+): unknown option$",
    },
    // Non-PIC code in a PIE or shared object: `X.rlib(m.o): requires dynamic R_X86_64_32
    // reloc against 'v' which may overflow at runtime; recompile with -fPIC`.
    Row {
        shape: Shape::PicRelocation,
        pattern: r"^(?P<file>.+): requires dynamic (?P<reloc>R_\w+) reloc against .*; recompile with -fPIC$",
    },
    // gold puts the object first and the severity inside the line, and quotes with '…'.
    Row {
        shape: Shape::UndefinedSymbol,
        pattern: r"^(?P<loc>.+?): error: undefined reference to '(?P<symbol>.+)'$",
    },
];

pub(super) static REGEXES: LazyLock<Vec<Option<Regex>>> = LazyLock::new(|| table::compile(ROWS));
