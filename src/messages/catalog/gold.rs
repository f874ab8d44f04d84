//! GNU gold (binutils 2.40): read from its catalog (Debian binutils-common 2.40-2,
//! `gold.mo`), the C++ files named per row, and the strings of Debian's `ld.gold` 2.40-2.
//! Its `cannot find -lY` is the bfd wording (a `binutils.rs` row reads it; the family then
//! comes from the `ld.gold:` prefix). gold puts the severity inside the line.

use super::super::table::Shape;
use super::{Means, Read, Row, Tool, read};

const AT: &str = "binutils-2_40 (Debian binutils 2.40-2, gold.mo and ld.gold)";
const OBJECT: Read = read("bminor/binutils-gdb", "gold/object.cc", AT);

pub(super) static ROWS: &[Row] = &[
    Row {
        tool: Tool::Gold,
        means: Means::Link(Shape::ForeignElfMachine),
        kind: Some("wrong-architecture"),
        anchor: "machine number",
        pattern: r"^(?P<file>.+): unsupported ELF machine number (?P<machine>\d+)$",
        read: OBJECT,
        fixture: "/usr/bin/aarch64-linux-gnu-ld.gold: error: /w/target/aarch64-unknown-linux-gnu/debug/build/foo-sys-0123456789abcdef/out/libfoo.a(foo.o): unsupported ELF machine number 62",
    },
    Row {
        tool: Tool::Gold,
        means: Means::Link(Shape::WrongFormat),
        kind: Some("wrong-architecture"),
        anchor: "incompatible target",
        pattern: r"^(?P<file>.+): incompatible target$",
        read: read("bminor/binutils-gdb", "gold/target-select.cc", AT),
        fixture: "/usr/bin/ld.gold: error: /w/target/aarch64-unknown-linux-gnu/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o): incompatible target",
    },
    Row {
        tool: Tool::Gold,
        means: Means::Link(Shape::WrongFormat),
        kind: Some("wrong-architecture"),
        anchor: "not configured to support",
        pattern: r"^(?P<file>.+): not configured to support .+ object$",
        read: OBJECT,
        fixture: "/usr/bin/ld.gold: error: /w/target/mips-unknown-linux-gnu/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o): not configured to support 32-bit big-endian object",
    },
    Row {
        tool: Tool::Gold,
        means: Means::Link(Shape::IncompatibleSkipped),
        kind: Some("host-library-path"),
        anchor: "skipping incompatible",
        pattern: r"^skipping incompatible (?P<file>.+) while searching for (?:-l)?(?P<lib>.+)$",
        read: read("bminor/binutils-gdb", "gold/fileread.cc", AT),
        fixture: "/usr/bin/aarch64-linux-gnu-ld.gold: warning: skipping incompatible /usr/lib/x86_64-linux-gnu/libz.so while searching for z",
    },
    // A bare ld given a compiler driver's flags: `-Wl,--as-needed: unknown option`.
    Row {
        tool: Tool::Gold,
        means: Means::Link(Shape::UnknownOption),
        kind: Some("wrong-linker"),
        anchor: "unknown option",
        pattern: r"^(?P<option>-\S+): unknown option$",
        read: read("bminor/binutils-gdb", "gold/options.cc", AT),
        fixture: "/usr/bin/arm-linux-androideabi-ld.gold: -Wl,--as-needed: unknown option",
    },
    // Non-PIC code in a PIE or shared object.
    Row {
        tool: Tool::Gold,
        means: Means::Link(Shape::PicRelocation),
        kind: Some("pic-mismatch"),
        anchor: "recompile with -fpic",
        pattern: r"^(?P<file>.+): requires dynamic (?P<reloc>R_\w+) reloc against .*; recompile with -fPIC$",
        read: read("bminor/binutils-gdb", "gold/x86_64.cc", AT),
        fixture: "/usr/bin/ld.gold: error: /w/target/x86_64-unknown-linux-gnu/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o): requires dynamic R_X86_64_32 reloc against 'table' which may overflow at runtime; recompile with -fPIC",
    },
    // `%s: %s: error: undefined reference to '%s'`: the object first, severity inside.
    Row {
        tool: Tool::Gold,
        means: Means::Link(Shape::UndefinedSymbol),
        kind: Some("missing-atomics"),
        anchor: "undefined reference",
        pattern: r"^(?P<loc>.+?): error: undefined reference to '(?P<symbol>[^']+)'(?:, version '[^']*')?$",
        read: read("bminor/binutils-gdb", "gold/errors.cc", AT),
        fixture: "/usr/bin/arm-linux-gnueabi-ld.gold: /w/target/armv5te-unknown-linux-gnueabi/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o):foo.c:function bump: error: undefined reference to '__atomic_fetch_add_8'",
    },
];
