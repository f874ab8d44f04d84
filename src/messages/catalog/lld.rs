//! LLVM lld in every flavor: ld.lld (ELF), ld64.lld (Mach-O), lld-link (COFF), wasm-ld (and
//! rust-lld, which is any of them). Read in llvm/llvm-project at llvmorg-14.0.6, in the files
//! named per row, and checked against the strings of Debian's lld-14 1:14.0.6-12. The object
//! behind an undefined symbol comes on the following `>>>` lines (read in `messages::parse`).

use super::super::table::Shape;
use super::{Means, Row, Tool, read};

const AT: &str = "llvmorg-14.0.6 (Debian lld-14 1:14.0.6-12)";
const REPO: &str = "llvm/llvm-project";

const fn link(shape: Shape) -> Means {
    Means::Link(shape)
}

pub(super) static ROWS: &[Row] = &[
    // `x.o is incompatible with elf32btsmip` (an emulation) or `… with first.o`.
    Row {
        tool: Tool::Lld,
        means: link(Shape::Incompatible),
        kind: Some("wrong-architecture"),
        anchor: "is incompatible with",
        pattern: r"^(?P<file>.+?) is incompatible with (?P<with>\S+)$",
        read: read(REPO, "lld/ELF/InputFiles.cpp", AT),
        fixture: "ld.lld: error: /w/target/aarch64-linux-android/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o) is incompatible with aarch64linux",
    },
    // RISC-V: `x.o: cannot link object files with different floating-point ABI from y.o`.
    Row {
        tool: Tool::Lld,
        means: link(Shape::FloatAbiClash),
        kind: Some("abi-mismatch"),
        anchor: "cannot link object files with different",
        pattern: r"^(?P<file>.+?): cannot link object files with different (?:floating-point ABI|RISC-V E and non-E ABI|ABI)(?: from .+)?$",
        read: read(REPO, "lld/ELF/Arch/RISCV.cpp", AT),
        fixture: "ld.lld: error: /w/target/riscv64gc-unknown-linux-gnu/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o): cannot link object files with different floating-point ABI from /w/target/riscv64gc-unknown-linux-gnu/debug/deps/app.o",
    },
    Row {
        tool: Tool::Lld,
        means: link(Shape::MachineConflict),
        kind: Some("wrong-architecture"),
        anchor: "incompatible with target architecture",
        pattern: r"^(?P<file>.+) has architecture (?P<found>\S+) which is incompatible with target architecture (?P<expected>\S+)$",
        read: read(REPO, "lld/MachO/InputFiles.cpp", AT),
        fixture: "ld64.lld: error: /w/target/aarch64-apple-darwin/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o) has architecture x86_64 which is incompatible with target architecture arm64",
    },
    Row {
        tool: Tool::Lld,
        means: link(Shape::PlatformMismatch),
        kind: Some("abi-mismatch"),
        anchor: "different from target platform",
        pattern: r"^(?P<file>.+) has platform (?P<built_for>\S+), which is different from target platform (?P<building_for>.+)$",
        read: read(REPO, "lld/MachO/InputFiles.cpp", AT),
        fixture: "ld64.lld: error: /w/target/aarch64-apple-ios-sim/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o) has platform iOS, which is different from target platform iOS Simulator",
    },
    Row {
        tool: Tool::Lld,
        means: link(Shape::MachineConflict),
        kind: Some("wrong-architecture"),
        anchor: "conflicts with",
        pattern: r"^(?P<file>.+): machine type (?P<found>\S+) conflicts with (?P<expected>\S+)$",
        read: read(REPO, "lld/COFF/SymbolTable.cpp", AT),
        fixture: "lld-link: error: C:\\w\\target\\aarch64-pc-windows-msvc\\debug\\deps\\libfoo_sys-0123456789abcdef.rlib(foo.o): machine type x64 conflicts with arm64",
    },
    Row {
        tool: Tool::Lld,
        means: link(Shape::UndefinedSymbol),
        kind: Some("missing-atomics"),
        anchor: "undefined symbol",
        pattern: r"^undefined symbol: (?P<symbol>.+)$",
        read: read(REPO, "lld/ELF/Relocations.cpp", AT),
        fixture: "ld.lld: error: undefined symbol: __atomic_fetch_add_8",
    },
    Row {
        tool: Tool::Lld,
        means: link(Shape::DuplicateSymbol),
        kind: None,
        anchor: "duplicate symbol",
        pattern: r"^duplicate symbol: (?P<symbol>.+)$",
        read: read(REPO, "lld/ELF/Symbols.cpp", AT),
        fixture: "ld.lld: error: duplicate symbol: main",
    },
    Row {
        tool: Tool::Lld,
        means: link(Shape::MissingLibrary),
        kind: Some("missing-library"),
        anchor: "unable to find library -l",
        pattern: r"^unable to find library -l(?P<lib>.+)$",
        read: read(REPO, "lld/ELF/Driver.cpp", AT),
        fixture: "rust-lld: error: unable to find library -lssl",
    },
    Row {
        tool: Tool::Lld,
        means: link(Shape::MissingFile),
        kind: Some("host-library-path"),
        anchor: "cannot open ",
        pattern: r"^cannot open (?P<file>.+?): No such file or directory$",
        read: read(REPO, "lld/ELF/InputFiles.cpp", AT),
        fixture: "rust-lld: error: cannot open /usr/lib/x86_64-linux-gnu/libm.so.6: No such file or directory",
    },
    // lld-link: a `.lib` that is nowhere on its search path.
    Row {
        tool: Tool::Lld,
        means: link(Shape::MissingLibrary),
        kind: Some("missing-library"),
        anchor: "could not open '",
        pattern: r"^could not open '(?P<lib>[^']+\.lib)': (?:no such file or directory|No such file or directory)$",
        read: read(REPO, "lld/COFF/Driver.cpp", AT),
        fixture: "lld-link: error: could not open 'ssl.lib': no such file or directory",
    },
    Row {
        tool: Tool::Lld,
        means: link(Shape::PicRelocation),
        kind: Some("pic-mismatch"),
        anchor: "recompile with -fpic",
        pattern: r"^relocation (?P<reloc>R_\w+) cannot be used against .*; recompile with -fPIC$",
        read: read(REPO, "lld/ELF/Relocations.cpp", AT),
        fixture: "ld.lld: error: relocation R_AARCH64_ADR_PREL_PG_HI21 cannot be used against symbol 'table'; recompile with -fPIC",
    },
    Row {
        tool: Tool::Lld,
        means: link(Shape::UnknownOption),
        kind: Some("wrong-linker"),
        anchor: "unknown argument",
        pattern: r"^unknown argument '(?P<option>.+)'",
        read: read(REPO, "lld/ELF/DriverUtils.cpp", AT),
        fixture: "rust-lld: error: unknown argument '-Wl,--as-needed'",
    },
    // `-m` given an emulation lld does not know.
    Row {
        tool: Tool::Lld,
        means: link(Shape::UnknownEmulation),
        kind: Some("wrong-linker"),
        anchor: "unknown emulation",
        pattern: r"^unknown emulation: (?P<emulation>\S+)$",
        read: read(REPO, "lld/ELF/Driver.cpp", AT),
        fixture: "ld.lld: error: unknown emulation: elf32xtensa",
    },
    // wasm-ld and rust-lld for wasm: an archive of objects for another machine.
    Row {
        tool: Tool::Lld,
        means: link(Shape::WrongFormat),
        kind: Some("wrong-architecture"),
        anchor: "neither wasm object file nor llvm bitcode",
        pattern: r"^(?P<file>.+?): archive member '(?P<member>[^']+)' is neither Wasm object file nor LLVM bitcode$",
        read: read(REPO, "lld/wasm/Driver.cpp", AT),
        fixture: "rust-lld: warning: /w/target/wasm32-unknown-unknown/debug/deps/liblua_src-0123456789abcdef.rlib: archive member 'onelua.o' is neither Wasm object file nor LLVM bitcode",
    },
    Row {
        tool: Tool::Lld,
        means: link(Shape::WrongFormat),
        kind: Some("wrong-architecture"),
        anchor: "unknown file type: ",
        pattern: r"^unknown file type: (?P<file>.+)$",
        read: read(REPO, "lld/wasm/Driver.cpp", AT),
        fixture: "wasm-ld: error: unknown file type: /w/target/wasm32-unknown-emscripten/debug/build/foo-sys-0123456789abcdef/out/foo.o",
    },
    Row {
        tool: Tool::Lld,
        means: link(Shape::WrongFormat),
        kind: Some("wrong-architecture"),
        anchor: "machine type must be wasm32 or wasm64",
        pattern: r"^(?P<file>.+?): machine type must be wasm32 or wasm64$",
        read: read(REPO, "lld/wasm/InputFiles.cpp", AT),
        fixture: "wasm-ld: error: /w/target/wasm32-unknown-unknown/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o): machine type must be wasm32 or wasm64",
    },
];
