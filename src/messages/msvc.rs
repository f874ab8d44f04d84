//! Microsoft link.exe: `object : error LNKnnnn: text`.

use std::sync::LazyLock;

use regex::Regex;

use super::table::{self, Row, Shape};

pub(super) static ROWS: &[Row] = &[
    Row {
        shape: Shape::MachineConflict,
        pattern: r"^(?P<file>.+?) : fatal error LNK1112: module machine type '(?P<found>[^']+)' conflicts with target machine type '(?P<expected>[^']+)'$",
    },
    Row {
        shape: Shape::MachineConflict,
        pattern: r"^(?P<file>.+?) : warning LNK4272: library machine type '(?P<found>[^']+)' conflicts with target machine type '(?P<expected>[^']+)'$",
    },
    // The same two codes in any language: the machine names are never translated.
    Row {
        shape: Shape::MachineConflict,
        pattern: r"(?:^|\s)LNK(?:1112|4272)\b\D*?\b(?P<found>x64|x86|ARM64EC|ARM64|ARM|IA64|THUMB)\b\D*?\b(?P<expected>x64|x86|ARM64EC|ARM64|ARM|IA64|THUMB)\b",
    },
    Row {
        shape: Shape::UndefinedSymbol,
        pattern: r"^(?P<file>.+?) : error LNK20(?:19|01): unresolved external symbol (?P<symbol>\S+)",
    },
    Row {
        shape: Shape::MissingLibrary,
        pattern: r"^LINK : fatal error LNK1181: cannot open input file '(?P<lib>.+)'$",
    },
    Row {
        shape: Shape::DuplicateSymbol,
        pattern: r"^(?P<file>.+?) : error LNK2005: (?P<symbol>\S+) already defined in .+$",
    },
];

pub(super) static REGEXES: LazyLock<Vec<Option<Regex>>> = LazyLock::new(|| table::compile(ROWS));
