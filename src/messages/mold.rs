//! mold. Its `undefined symbol:` and `>>>` lines are lld's wording, read by the lld table (the
//! family then comes from the `mold:` prefix).

use std::sync::LazyLock;

use regex::Regex;

use super::table::{self, Row, Shape};

pub(super) static ROWS: &[Row] = &[
    // `x.o: incompatible file type: x86_64 is expected but got arm64`
    Row {
        shape: Shape::MachineConflict,
        pattern: r"^(?P<file>.+): incompatible file type: (?P<expected>\S+) is expected but got (?P<found>\S+)$",
    },
    Row {
        shape: Shape::IncompatibleSkipped,
        pattern: r"^(?P<file>.+): skipping incompatible file\b",
    },
    Row {
        shape: Shape::MissingLibrary,
        pattern: r"^library not found: (?P<lib>.+)$",
    },
    // `x.o:(.text): R_X86_64_32 relocation at offset 0x5 against symbol `v' can not be used; …`
    Row {
        shape: Shape::PicRelocation,
        pattern: r"^(?P<file>.+?):\(.*\): (?P<reloc>R_\w+) relocation at offset \S+ against .* can ?not be used; recompile with -fPIC$",
    },
    Row {
        shape: Shape::UnknownOption,
        pattern: r"^unknown command line option: (?P<option>.+)$",
    },
];

pub(super) static REGEXES: LazyLock<Vec<Option<Regex>>> = LazyLock::new(|| table::compile(ROWS));
