//! GNU binutils 2.40: ld (bfd), the bfd library's error strings it prints (`%E`), and gas.
//!
//! Read from the message catalogs Debian's binutils-common 2.40-2 installs
//! (`/usr/share/locale/*/LC_MESSAGES/{ld,bfd,gas}.mo`, whose msgids are the source strings)
//! and the C files `ld/po/ld.pot` names for each; gas's strings also from the 2.40 cross
//! assemblers' binaries. `ld` prints `%P: ` (its own name) before each message, which
//! `messages::parse` takes off; the patterns match what follows.

use super::super::table::Shape;
use super::{Means, Read, Row, Says, Tool, read};

const AT: &str = "binutils-2_40 (Debian binutils 2.40-2 catalogs)";
const LDFILE: Read = read("bminor/binutils-gdb", "ld/ldfile.c", AT);
const LDLANG: Read = read("bminor/binutils-gdb", "ld/ldlang.c", AT);
const LDMAIN: Read = read("bminor/binutils-gdb", "ld/ldmain.c", AT);
const LDMISC: Read = read("bminor/binutils-gdb", "ld/ldmisc.c", AT);
const LDEMUL: Read = read("bminor/binutils-gdb", "ld/ldemul.c", AT);
const LEXSUP: Read = read("bminor/binutils-gdb", "ld/lexsup.c", AT);
const BFD: Read = read("bminor/binutils-gdb", "bfd/po/bfd.pot", AT);
const GAS: Read = read("bminor/binutils-gdb", "gas/read.c", AT);

const fn link(shape: Shape) -> Means {
    Means::Link(shape)
}

pub(super) static ROWS: &[Row] = &[
    Row {
        tool: Tool::Bfd,
        means: link(Shape::NoArchiveIndex),
        kind: Some("archive-no-index"),
        anchor: "has no index",
        pattern: r"^(?P<file>.+?):\s*(?:error adding symbols:\s*)?archive has no index; run ranlib to add one$",
        read: BFD,
        fixture: "/usr/bin/ld: /b/target/aarch64-unknown-linux-gnu/debug/build/foo-sys-0123456789abcdef/out/libfoo.a: error adding symbols: archive has no index; run ranlib to add one",
    },
    // `%pB: error adding symbols: %E`: whatever bfd's reason, the file is what comes before.
    Row {
        tool: Tool::Bfd,
        means: link(Shape::WrongFormat),
        kind: Some("wrong-architecture"),
        anchor: "error adding symbols",
        pattern: r"^(?P<file>.+?): error adding symbols: (?P<reason>.+)$",
        read: LDLANG,
        fixture: "/usr/bin/ld: /w/target/mips-unknown-linux-musl/debug/deps/libminiz_sys-9df090e5aeaaf6af.rlib: error adding symbols: file format not recognized",
    },
    // Before 2.26: `%B: could not read symbols: %E`.
    Row {
        tool: Tool::Bfd,
        means: link(Shape::WrongFormat),
        kind: Some("wrong-architecture"),
        anchor: "could not read symbols",
        pattern: r"^(?P<file>.+?): could not read symbols: (?P<reason>.+)$",
        read: LDMAIN,
        fixture: "/usr/bin/ld: /w/target/armv7-unknown-linux-gnueabihf/release/deps/libring-0123456789abcdef.rlib(aes-x86_64.o): could not read symbols: File in wrong format",
    },
    Row {
        tool: Tool::Bfd,
        means: link(Shape::WrongFormat),
        kind: Some("wrong-architecture"),
        anchor: "file not recognized",
        pattern: r"^(?P<file>.+?): file not recognized: (?P<reason>.+?)(?:; matching formats:.*)?$",
        read: LDLANG,
        fixture: "/usr/bin/ld: /w/target/aarch64-unknown-linux-gnu/debug/build/zstd-sys-0123456789abcdef/out/libzstd.a(zstd.o): file not recognized: file format not recognized",
    },
    Row {
        tool: Tool::Bfd,
        means: link(Shape::WrongFormat),
        kind: Some("wrong-architecture"),
        anchor: "wrong format",
        pattern: r"^(?P<file>.+?): (?:archive object )?file in wrong format$",
        read: BFD,
        fixture: "/usr/bin/mips-linux-gnu-ld: /w/target/mips-unknown-linux-gnu/debug/build/miniz-sys-0123456789abcdef/out/libminiz.a(miniz.o): file in wrong format",
    },
    Row {
        tool: Tool::Bfd,
        means: link(Shape::WrongFormat),
        kind: Some("wrong-architecture"),
        anchor: "format not recognized",
        pattern: r"^(?P<file>.+?): file format not recognized",
        read: BFD,
        fixture: "/usr/bin/ld: /w/target/aarch64-unknown-linux-gnu/debug/build/foo-sys-0123456789abcdef/out/libfoo.so: file format not recognized; treating as linker script",
    },
    // `%pB: file class %s incompatible with %s`: a 32-bit object in a 64-bit link.
    Row {
        tool: Tool::Bfd,
        means: link(Shape::WrongFormat),
        kind: Some("wrong-architecture"),
        anchor: "file class",
        pattern: r"^(?P<file>.+?): file class \S+ incompatible with \S+$",
        read: BFD,
        fixture: "/usr/bin/aarch64-linux-gnu-ld: /w/target/aarch64-unknown-linux-gnu/debug/build/foo-sys-0123456789abcdef/out/libfoo.a(foo.o): file class ELFCLASS32 incompatible with ELFCLASS64",
    },
    Row {
        tool: Tool::Bfd,
        means: link(Shape::ForeignElfMachine),
        kind: Some("wrong-architecture"),
        anchor: "generic elf",
        pattern: r"^(?P<file>.+): Relocations in generic ELF \(EM: (?P<machine>\d+)\)$",
        read: BFD,
        fixture: "/usr/bin/aarch64-linux-gnu-ld: /w/target/aarch64-unknown-linux-gnu/debug/deps/libring-0123456789abcdef.rlib(aesni-x86_64-elf.o): Relocations in generic ELF (EM: 62)",
    },
    Row {
        tool: Tool::Bfd,
        means: link(Shape::IncompatibleSkipped),
        kind: Some("host-library-path"),
        anchor: "skipping incompatible",
        pattern: r"^skipping incompatible (?P<file>.+?) when searching for (?:-l(?P<lib>\S+)|(?P<libfile>\S+))$",
        read: LDFILE,
        fixture: "/usr/bin/aarch64-linux-gnu-ld: skipping incompatible /usr/lib/x86_64-linux-gnu/libssl.so when searching for -lssl",
    },
    Row {
        tool: Tool::Bfd,
        means: link(Shape::MachineConflict),
        kind: Some("wrong-architecture"),
        anchor: "architecture of input file",
        pattern: r"^(?P<found>\S+) architecture of input file [`'‘](?P<file>.+)['’] is incompatible with (?P<expected>\S+) output$",
        read: LDLANG,
        fixture: "/usr/bin/aarch64-linux-gnu-ld: i386:x86-64 architecture of input file `/w/target/aarch64-unknown-linux-gnu/debug/build/foo-sys-0123456789abcdef/out/libfoo.a(foo.o)' is incompatible with aarch64 output",
    },
    Row {
        tool: Tool::Bfd,
        means: link(Shape::EndianMismatch),
        kind: Some("wrong-architecture"),
        anchor: "endian system",
        pattern: r"^(?P<file>.+): compiled for a (?:big|little) endian system and target is (?:big|little) endian$",
        read: BFD,
        fixture: "/usr/bin/mips-linux-gnu-ld: /w/target/mips-unknown-linux-gnu/debug/build/foo-sys-0123456789abcdef/out/libfoo.a(foo.o): compiled for a little endian system and target is big endian",
    },
    Row {
        tool: Tool::Bfd,
        means: link(Shape::EndianMismatch),
        kind: Some("wrong-architecture"),
        anchor: "endianness incompatible",
        pattern: r"^(?P<file>.+): endianness incompatible with that of the selected emulation$",
        read: BFD,
        fixture: "/usr/bin/mips-linux-gnu-ld: /w/target/mips-unknown-linux-gnu/debug/build/foo-sys-0123456789abcdef/out/libfoo.a(foo.o): endianness incompatible with that of the selected emulation",
    },
    Row {
        tool: Tool::Bfd,
        means: link(Shape::AbiMismatch),
        kind: Some("abi-mismatch"),
        anchor: "abi is incompatible",
        pattern: r"^(?P<file>.+): ABI is incompatible with that of the selected emulation$",
        read: BFD,
        fixture: "/usr/bin/mips-linux-gnu-ld: /w/target/mips64-unknown-linux-gnuabi64/debug/build/foo-sys-0123456789abcdef/out/libfoo.a(foo.o): ABI is incompatible with that of the selected emulation",
    },
    // MIPS, binutils ≥ 2.32: `%pB: warning: %s uses %s (set by %pB), %pB uses %s`.
    Row {
        tool: Tool::Bfd,
        means: link(Shape::FloatAbiClash),
        kind: Some("abi-mismatch"),
        anchor: "-float (set by",
        pattern: r"^.+ uses -m(?:hard|soft|single|double)-float \(set by .+\), (?P<file>.+) uses -m(?:hard|soft|single|double)-float$",
        read: BFD,
        fixture: "/usr/bin/mips-linux-gnu-ld: warning: /w/target/mips-unknown-linux-musl/debug/deps/app uses -mhard-float (set by /usr/mips-linux-gnu/lib/crti.o), /w/target/mips-unknown-linux-musl/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o) uses -msoft-float",
    },
    // MIPS, binutils ≤ 2.25: `Warning: %B uses hard float, %B uses soft float`.
    Row {
        tool: Tool::Bfd,
        means: link(Shape::FloatAbiClash),
        kind: Some("abi-mismatch"),
        anchor: " float, ",
        pattern: r"^.+ uses (?:hard|soft|single|double) float, (?P<file>.+) uses (?:hard|soft|single|double) float$",
        read: BFD,
        fixture: "/usr/bin/mips-linux-gnu-ld: Warning: /w/target/mips-unknown-linux-gnu/debug/deps/app uses hard float, /w/target/mips-unknown-linux-gnu/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o) uses soft float",
    },
    // ARM: `%pB uses VFP register arguments, %pB does not`.
    Row {
        tool: Tool::Bfd,
        means: link(Shape::FloatAbiClash),
        kind: Some("abi-mismatch"),
        anchor: "register arguments, ",
        pattern: r"^.+ uses VFP register arguments, (?P<file>.+) does not$",
        read: BFD,
        fixture: "/usr/bin/arm-linux-gnueabihf-ld: error: /w/target/armv7-unknown-linux-gnueabihf/debug/deps/app uses VFP register arguments, /w/target/armv7-unknown-linux-gnueabihf/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o) does not",
    },
    // RISC-V: `%pB: can't link %s modules with %s modules`.
    Row {
        tool: Tool::Bfd,
        means: link(Shape::FloatAbiClash),
        kind: Some("abi-mismatch"),
        anchor: "float modules",
        pattern: r"^(?P<file>.+?): can't link (?:hard|soft|single|double|quad)-float modules with (?:hard|soft|single|double|quad)-float modules$",
        read: BFD,
        fixture: "/usr/bin/riscv64-linux-gnu-ld: /w/target/riscv64gc-unknown-linux-gnu/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o): can't link soft-float modules with double-float modules",
    },
    // MIPS: NaN encoding, PIC model, word size, ISA; ARM: architecture, EABI version.
    Row {
        tool: Tool::Bfd,
        means: link(Shape::AbiMismatch),
        kind: Some("abi-mismatch"),
        anchor: "-mnan=",
        pattern: r"^(?P<file>.+?): (?:warning: )?linking -mnan=\S+ module with previous -mnan=\S+ modules$",
        read: BFD,
        fixture: "/usr/bin/mips-linux-gnu-ld: /w/target/mips-unknown-linux-gnu/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o): linking -mnan=2008 module with previous -mnan=legacy modules",
    },
    Row {
        tool: Tool::Bfd,
        means: link(Shape::AbiMismatch),
        kind: Some("abi-mismatch"),
        anchor: "abicalls",
        pattern: r"^(?P<file>.+?): (?:warning: )?linking abicalls files with non-abicalls files$",
        read: BFD,
        fixture: "/usr/bin/mips-linux-gnu-ld: /w/target/mips-unknown-linux-gnu/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o): warning: linking abicalls files with non-abicalls files",
    },
    Row {
        tool: Tool::Bfd,
        means: link(Shape::AbiMismatch),
        kind: Some("abi-mismatch"),
        anchor: "32-bit code",
        pattern: r"^(?P<file>.+?): (?:warning: )?linking 32-bit code with 64-bit code$",
        read: BFD,
        fixture: "/usr/bin/mips-linux-gnu-ld: /w/target/mips-unknown-linux-gnu/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o): linking 32-bit code with 64-bit code",
    },
    Row {
        tool: Tool::Bfd,
        means: link(Shape::AbiMismatch),
        kind: Some("abi-mismatch"),
        anchor: "module with previous",
        pattern: r"^(?P<file>.+?): (?:warning: )?(?:ABI mismatch: |ASE mismatch: )?linking \S+ module with previous \S+ modules$",
        read: BFD,
        fixture: "/usr/bin/mips-linux-gnu-ld: /w/target/mips-unknown-linux-gnu/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o): linking mips:isa64r6 module with previous mips:isa32r2 modules",
    },
    Row {
        tool: Tool::Bfd,
        means: link(Shape::AbiMismatch),
        kind: Some("abi-mismatch"),
        anchor: "conflicting cpu architectures",
        pattern: r"^(?P<file>.+?): (?:warning: )?conflicting CPU architectures \d+/\d+$",
        read: BFD,
        fixture: "/usr/bin/arm-linux-gnueabi-ld: error: /w/target/arm-unknown-linux-gnueabi/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o): conflicting CPU architectures 13/1",
    },
    Row {
        tool: Tool::Bfd,
        means: link(Shape::AbiMismatch),
        kind: Some("abi-mismatch"),
        anchor: "isa",
        pattern: r"^(?P<file>.+?): (?:warning: )?(?:.*unsupported ISA subset.*|mis-matched ISA (?:version|subset).*)$",
        read: BFD,
        fixture: "/usr/bin/riscv64-linux-gnu-ld: /w/target/riscv64gc-unknown-linux-gnu/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o): mis-matched ISA version 2.0 for 'i' extension, the output version is 2.1",
    },
    Row {
        tool: Tool::Bfd,
        means: link(Shape::AbiMismatch),
        kind: Some("abi-mismatch"),
        anchor: "is not compatible with abi version",
        pattern: r"^(?P<file>.+?): (?:warning: )?ABI version \d+ is not compatible with ABI version \d+ output$",
        read: BFD,
        fixture: "/usr/bin/powerpc64le-linux-gnu-ld: /w/target/powerpc64le-unknown-linux-gnu/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o): ABI version 1 is not compatible with ABI version 2 output",
    },
    Row {
        tool: Tool::Bfd,
        means: link(Shape::AbiMismatch),
        kind: Some("abi-mismatch"),
        anchor: "register arguments",
        pattern: r"^(?P<file>.+?): (?:warning: )?.*uses (?:iWMMXt|VFP) register arguments.*$",
        read: BFD,
        fixture: "/usr/bin/arm-linux-gnueabihf-ld: /w/target/armv7-unknown-linux-gnueabihf/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o): warning: foo.o uses VFP register arguments",
    },
    // ARM: `source object %pB has EABI version %d, but target %pB has EABI version %d`.
    Row {
        tool: Tool::Bfd,
        means: link(Shape::AbiMismatch),
        kind: Some("abi-mismatch"),
        anchor: "eabi version",
        pattern: r"^(?:error: )?source object (?P<file>.+) has EABI version \d+, but target .+ has EABI version \d+$",
        read: BFD,
        fixture: "/usr/bin/arm-linux-gnueabihf-ld: error: source object /w/target/armv7-unknown-linux-gnueabihf/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o) has EABI version 0, but target /w/target/armv7-unknown-linux-gnueabihf/debug/deps/app has EABI version 5",
    },
    // MinGW: an import library for another machine (`0xaa64`: arm64).
    Row {
        tool: Tool::Bfd,
        means: link(Shape::WrongFormat),
        kind: Some("wrong-architecture"),
        anchor: "recognised but unhandled",
        pattern: r"^(?P<file>.+?): recognised but unhandled machine type \(0x[0-9a-fA-F]+\) in Import Library Format archive$",
        read: BFD,
        fixture: "C:/msys64/mingw64/bin/../lib/gcc/x86_64-w64-mingw32/13.2.0/../../../../x86_64-w64-mingw32/bin/ld.exe: C:/w/target/x86_64-pc-windows-gnu/debug/build/foo-sys-0123456789abcdef/out/foo.lib: recognised but unhandled machine type (0xaa64) in Import Library Format archive",
    },
    Row {
        tool: Tool::Bfd,
        means: link(Shape::PicRelocation),
        kind: Some("pic-mismatch"),
        anchor: "be used when making",
        pattern: r"^(?P<file>.+?): (?:warning: )?relocation (?P<reloc>R_\w+) against .+ can ?not be used when making an? (?:PIE object|shared object|PDE object)",
        read: BFD,
        fixture: "/usr/bin/aarch64-linux-gnu-ld: /w/target/aarch64-unknown-linux-gnu/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o): relocation R_AARCH64_ADR_PREL_PG_HI21 against symbol `table' which may bind externally can not be used when making a shared object; recompile with -fPIC",
    },
    Row {
        tool: Tool::Bfd,
        means: link(Shape::MissingLibrary),
        kind: Some("missing-library"),
        anchor: "cannot find -l",
        pattern: r"^cannot find -l(?P<lib>.+?)(?:: No such file or directory)?$",
        read: LDFILE,
        fixture: "/usr/bin/aarch64-linux-gnu-ld: cannot find -lssl: No such file or directory",
    },
    // The C library's start files: the target's libc is not where the linker looks.
    Row {
        tool: Tool::Bfd,
        means: link(Shape::MissingFile),
        kind: Some("target-libc-missing"),
        anchor: "cannot find ",
        pattern: r"^cannot find (?P<file>[^-\s].*?)(?:: No such file or directory)?$",
        read: LDFILE,
        fixture: "/usr/bin/arm-linux-gnueabihf-ld: cannot find crt1.o: No such file or directory",
    },
    // `%pB: undefined reference to `%pT'` and its `in function` companion (read in
    // `messages::parse`).
    Row {
        tool: Tool::Bfd,
        means: link(Shape::UndefinedSymbol),
        kind: Some("missing-atomics"),
        anchor: "undefined reference",
        pattern: r"^(?:(?P<loc>.*): )?(?:more )?undefined references? to [`'‘](?P<symbol>.+)['’](?: follow)?$",
        read: LDMISC,
        fixture: "/usr/bin/arm-linux-gnueabi-ld: /w/target/armv5te-unknown-linux-gnueabi/debug/deps/libfoo_sys-0123456789abcdef.rlib(foo.o): in function `bump': foo.c:(.text+0x24): undefined reference to `__atomic_fetch_add_8'",
    },
    // The same, as a forum ate the quotes, or with lld's `[--no-allow-shlib-undefined]`.
    Row {
        tool: Tool::Bfd,
        means: link(Shape::UndefinedSymbol),
        kind: Some("libc-mismatch"),
        anchor: "undefined reference",
        pattern: r"^(?:(?P<loc>.*): )?(?:more )?undefined references? to (?P<symbol>[A-Za-z_][A-Za-z0-9_.$@]*)'?(?: \[--[a-z-]+\])?$",
        read: LDMISC,
        fixture: "/usr/bin/x86_64-linux-musl-ld: foo.c:(.text+0x5a): undefined reference to __memcpy_chk",
    },
    // A symbol of a shared library the link does not name (then `DSO missing from command
    // line`).
    Row {
        tool: Tool::Bfd,
        means: link(Shape::UndefinedSymbol),
        kind: Some("missing-atomics"),
        anchor: "undefined reference to symbol",
        pattern: r"^(?:(?P<loc>.*): )?undefined reference to symbol [`'‘](?P<symbol>[^'’@]+)(?:@@?[^'’]*)?['’]$",
        read: LDMAIN,
        fixture: "/usr/bin/arm-linux-gnueabihf-ld: /w/target/armv7-unknown-linux-gnueabihf/debug/deps/app.o: undefined reference to symbol '__atomic_load_8@@LIBATOMIC_1.0'",
    },
    Row {
        tool: Tool::Bfd,
        means: link(Shape::DuplicateSymbol),
        kind: None,
        anchor: "multiple definition",
        pattern: r"^(?:(?P<loc>.*): )?multiple definition of [`'‘](?P<symbol>.+?)['’](?:; .*)?$",
        read: LDMAIN,
        fixture: "/usr/bin/ld: b.o: in function `shared': b.c:(.text+0x0): multiple definition of `shared'; a.o:a.c:(.text+0x0): first defined here",
    },
    // A bare ld given a compiler driver's options.
    Row {
        tool: Tool::Bfd,
        means: link(Shape::UnknownOption),
        kind: Some("wrong-linker"),
        anchor: "unrecognized",
        pattern: r"^unrecognized (?:command[- ]line )?option [`'‘](?P<option>[^'’]+)['’](?:;.*)?$",
        read: LEXSUP,
        fixture: "aarch64-linux-gnu-ld: unrecognized option '-Wl,--as-needed'",
    },
    // The build machine's ld, driven by clang for another target (`-m elf64lriscv`).
    Row {
        tool: Tool::Bfd,
        means: link(Shape::UnknownEmulation),
        kind: Some("wrong-linker"),
        anchor: "emulation mode",
        // ldemul.c prints `Supported emulations: …` right after it: a log that lost the
        // newline keeps both on one line.
        pattern: r"^unrecogni[sz]ed emulation mode: (?P<emulation>\S+)(?:\s+Supported emulations:.*)?$",
        read: LDEMUL,
        fixture: "/usr/bin/ld: unrecognised emulation mode: elf64lriscv",
    },
];

/// gas, fed assembly for another machine (a host compiler's output, or x86 sources built for
/// an ARM target): read as a compile that failed the way a wrong compiler fails.
pub(super) static BUILD_ROWS: &[Row] = &[
    Row {
        tool: Tool::Bfd,
        means: Means::Build(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "pseudo-op",
        pattern: r"\.(?:[Ss]|asm):\d+: Error: unknown pseudo-op: ",
        read: GAS,
        fixture: "crypto/chacha/asm/chacha-x86_64.S:11: Error: unknown pseudo-op: `.att_syntax'",
    },
    Row {
        tool: Tool::Bfd,
        means: Means::Build(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "junk at end of line",
        pattern: r"\.(?:[Ss]|asm):\d+: Error: junk at end of line",
        read: GAS,
        fixture: "src/asm/x86_64.S:42: Error: junk at end of line, first unrecognized character is `,'",
    },
    // Another machine's assembly through this machine's gas: its relocation operators and
    // registers are undefined symbols to it.
    Row {
        tool: Tool::Bfd,
        means: Means::Build(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "invalid operands (",
        pattern: r"\.(?:[Ss]|asm):\d+: Error: invalid operands \(\*UND\* and \*UND\* sections\)",
        read: read("bminor/binutils-gdb", "gas/expr.c", AT),
        fixture: "../src/aarch64/sysv.S:729: Error: invalid operands (*UND* and *UND* sections) for `|'",
    },
    Row {
        tool: Tool::Bfd,
        means: Means::Build(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "no such instruction",
        pattern: r"\.(?:[Ss]|asm):\d+: Error: no such instruction",
        read: read(
            "bminor/binutils-gdb",
            "gas/config/tc-i386.c",
            "binutils-2_40 (Debian x86_64-linux-gnu-as 2.40-2)",
        ),
        fixture: "aesv8-armx.S:17: Error: no such instruction: `aese v0.16b,v1.16b'",
    },
    Row {
        tool: Tool::Bfd,
        means: Means::Build(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "unknown mnemonic",
        pattern: r"\.(?:[Ss]|asm):\d+: Error: unknown mnemonic",
        read: read(
            "bminor/binutils-gdb",
            "gas/config/tc-aarch64.c",
            "binutils-2_40 (Debian aarch64-linux-gnu-as 2.40-2)",
        ),
        fixture: "x86_64-mont.S:23: Error: unknown mnemonic `movq' -- `movq %rsp,%rax'",
    },
    Row {
        tool: Tool::Bfd,
        means: Means::Build(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "bad instruction",
        pattern: r"\.(?:[Ss]|asm):\d+: Error: bad instruction",
        read: read(
            "bminor/binutils-gdb",
            "gas/config/tc-arm.c",
            "binutils-2_40 (Debian arm-linux-gnueabihf-as 2.40-2)",
        ),
        fixture: "x86_64-mont.S:23: Error: bad instruction `movq %rsp,%rax'",
    },
];
