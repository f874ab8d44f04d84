//! mold, read at rui314/mold v2.42.0-27 (c2822be6) and checked against Debian's mold 1.10.1
//! binary: the same wordings. Its `undefined symbol:` and `>>>` lines are lld's wording,
//! read by an lld row (the family then comes from the `mold:` prefix).

use super::super::table::Shape;
use super::{Means, Read, Row, Tool, read};

const AT: &str = "v2.42.0-27-gc2822be6 (same words in Debian mold 1.10.1)";
const MAIN: Read = read("rui314/mold", "src/main.cc", AT);

pub(super) static ROWS: &[Row] = &[
    // `<file>: incompatible file type: <emulation> is expected but got <machine>`.
    Row {
        tool: Tool::Mold,
        means: Means::Link(Shape::MachineConflict),
        kind: Some("wrong-architecture"),
        anchor: "incompatible file type",
        pattern: r"^(?P<file>.+): incompatible file type: (?P<expected>\S+) is expected but got (?P<found>\S+)$",
        read: MAIN,
        fixture: "mold: fatal: /w/target/aarch64-unknown-linux-gnu/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o): incompatible file type: aarch64 is expected but got x86_64",
    },
    Row {
        tool: Tool::Mold,
        means: Means::Link(Shape::IncompatibleSkipped),
        kind: Some("host-library-path"),
        anchor: "skipping incompatible file",
        pattern: r"^(?P<file>.+): skipping incompatible file\b",
        read: MAIN,
        fixture: "mold: warning: /usr/lib/x86_64-linux-gnu/libssl.so: skipping incompatible file: x86_64 (e_machine 183)",
    },
    Row {
        tool: Tool::Mold,
        means: Means::Link(Shape::WrongFormat),
        kind: Some("wrong-architecture"),
        anchor: "unknown file type",
        pattern: r"^(?P<file>.+): (?:unknown file type|unknown machine type|not an ELF file)$",
        read: MAIN,
        fixture: "mold: fatal: /w/target/aarch64-apple-darwin/debug/build/foo-sys-0123456789abcdef/out/libfoo.a(foo.o): unknown file type",
    },
    Row {
        tool: Tool::Mold,
        means: Means::Link(Shape::MissingLibrary),
        kind: Some("missing-library"),
        anchor: "library not found: ",
        pattern: r"^library not found: (?P<lib>.+)$",
        read: MAIN,
        fixture: "mold: fatal: library not found: ssl",
    },
    // `<section>: <reloc> relocation at offset 0x… against symbol `v' can not be used;
    // recompile with -fPIC`.
    Row {
        tool: Tool::Mold,
        means: Means::Link(Shape::PicRelocation),
        kind: Some("pic-mismatch"),
        anchor: "recompile with -fpic",
        pattern: r"^(?P<file>.+?):\(.*\): (?P<reloc>R_\w+) relocation at offset \S+ against .* can ?not be used; recompile with -fPIC$",
        read: read("rui314/mold", "src/input-sections.cc", AT),
        fixture: "mold: error: /w/target/x86_64-unknown-linux-gnu/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o):(.text): R_X86_64_32 relocation at offset 0x5 against symbol `table' can not be used; recompile with -fPIC",
    },
    Row {
        tool: Tool::Mold,
        means: Means::Link(Shape::UnknownOption),
        kind: Some("wrong-linker"),
        anchor: "unknown command line option",
        pattern: r"^unknown command line option: (?P<option>.+)$",
        read: read("rui314/mold", "src/cmdline.cc", AT),
        fixture: "mold: fatal: unknown command line option: -Wl,--as-needed",
    },
    // `-m` given an emulation this mold does not link for.
    Row {
        tool: Tool::Mold,
        means: Means::Link(Shape::UnknownEmulation),
        kind: Some("wrong-linker"),
        anchor: "unknown -m argument",
        pattern: r"^unknown -m argument: (?P<emulation>\S+)$",
        read: read("rui314/mold", "src/cmdline.cc", AT),
        fixture: "mold: fatal: unknown -m argument: elf32ltsmip",
    },
];
