//! Microsoft link.exe: `object : error LNKnnnn: text`. Its source is not published; the rows
//! are its documented errors, read in MicrosoftDocs/cpp-docs (`docs/error-messages/
//! tool-errors/linker-tools-error-lnk<code>.md`), and the machine names it prints.

use super::super::table::Shape;
use super::{Means, Read, Row, Tool, read};

const REPO: &str = "MicrosoftDocs/cpp-docs";
const AT: &str = "main (2026)";

const fn doc(path: &'static str) -> Read {
    read(REPO, path, AT)
}

const fn link(shape: Shape) -> Means {
    Means::Link(shape)
}

pub(super) static ROWS: &[Row] = &[
    Row {
        tool: Tool::LinkExe,
        means: link(Shape::MachineConflict),
        kind: Some("wrong-architecture"),
        anchor: "lnk1112",
        pattern: r"^(?P<file>.+?) : fatal error LNK1112: module machine type '(?P<found>[^']+)' conflicts with target machine type '(?P<expected>[^']+)'$",
        read: doc("docs/error-messages/tool-errors/linker-tools-error-lnk1112.md"),
        fixture: r"foo.lib(foo.obj) : fatal error LNK1112: module machine type 'x64' conflicts with target machine type 'ARM64'",
    },
    Row {
        tool: Tool::LinkExe,
        means: link(Shape::MachineConflict),
        kind: Some("wrong-architecture"),
        anchor: "lnk4272",
        pattern: r"^(?P<file>.+?) : warning LNK4272: library machine type '(?P<found>[^']+)' conflicts with target machine type '(?P<expected>[^']+)'$",
        // cpp-docs has no page for LNK4272: its wording as link.exe prints it in public logs.
        read: read(
            "Microsoft link.exe (closed source)",
            "LNK4272 as printed in public logs (tests/fixtures/stderr/link.exe)",
            "MSVC 14.x",
        ),
        fixture: r"C:\w\target\aarch64-pc-windows-msvc\debug\build\foo-sys-0123456789abcdef\out\foo.lib : warning LNK4272: library machine type 'x64' conflicts with target machine type 'ARM64'",
    },
    // The same two codes in any language: the machine names are never translated.
    Row {
        tool: Tool::LinkExe,
        means: link(Shape::MachineConflict),
        kind: Some("wrong-architecture"),
        anchor: "lnk",
        pattern: r"(?:^|\s)LNK(?:1112|4272)\b\D*?\b(?P<found>x64|x86|ARM64EC|ARM64|ARM|IA64|THUMB)\b\D*?\b(?P<expected>x64|x86|ARM64EC|ARM64|ARM|IA64|THUMB)\b",
        read: doc("docs/error-messages/tool-errors/linker-tools-error-lnk1112.md"),
        fixture: "foo.lib(foo.obj) : fatal error LNK1112: 模块计算机类型“x64”与目标计算机类型“ARM64”冲突",
    },
    Row {
        tool: Tool::LinkExe,
        means: link(Shape::UndefinedSymbol),
        kind: None,
        anchor: "unresolved external symbol",
        pattern: r"^(?P<file>.+?) : error LNK20(?:19|01): unresolved external symbol (?P<symbol>\S+)",
        read: doc("docs/error-messages/tool-errors/linker-tools-error-lnk2019.md"),
        fixture: "main.obj : error LNK2019: unresolved external symbol foo referenced in function main",
    },
    Row {
        tool: Tool::LinkExe,
        means: link(Shape::MissingLibrary),
        kind: Some("missing-library"),
        anchor: "lnk1181",
        pattern: r"^LINK : fatal error LNK1181: cannot open input file '(?P<lib>.+)'$",
        read: doc("docs/error-messages/tool-errors/linker-tools-error-lnk1181.md"),
        fixture: "LINK : fatal error LNK1181: cannot open input file 'libssl.lib'",
    },
    // `cannot open file 'msvcrt.lib'`: a library of the target's SDK or VC tools is not
    // installed (the ARM64 build tools), or a `-l` library is nowhere.
    Row {
        tool: Tool::LinkExe,
        means: link(Shape::MissingLibrary),
        kind: Some("missing-library"),
        anchor: "lnk1104",
        pattern: r"^LINK : fatal error LNK1104: cannot open file '(?P<lib>[^']+\.lib)'$",
        read: doc("docs/error-messages/tool-errors/linker-tools-error-lnk1104.md"),
        fixture: "LINK : fatal error LNK1104: cannot open file 'msvcrt.lib'",
    },
    // An ELF or Mach-O archive (a host `ar`'s output) handed to link.exe.
    Row {
        tool: Tool::LinkExe,
        means: link(Shape::WrongFormat),
        kind: Some("wrong-architecture"),
        anchor: "lnk1107",
        pattern: r"^(?P<file>.+?) : fatal error LNK1107: invalid or corrupt file",
        read: doc("docs/error-messages/tool-errors/linker-tools-error-lnk1107.md"),
        fixture: r"C:\w\target\x86_64-pc-windows-msvc\debug\build\foo-sys-0123456789abcdef\out\libfoo.a : fatal error LNK1107: invalid or corrupt file: cannot read at 0x1F4",
    },
    Row {
        tool: Tool::LinkExe,
        means: link(Shape::DuplicateSymbol),
        kind: None,
        anchor: "lnk2005",
        pattern: r"^(?P<file>.+?) : error LNK2005: (?P<symbol>\S+) already defined in .+$",
        read: doc("docs/error-messages/tool-errors/linker-tools-error-lnk2005.md"),
        fixture: "b.obj : error LNK2005: shared already defined in a.obj",
    },
];
