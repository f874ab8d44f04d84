//! The gcc driver, cc1 and collect2, read from gcc's message catalog template
//! (`gcc/po/gcc.pot`, `libcpp/po/cpplib.pot`: the msgids are the source strings) at
//! releases/gcc-12.2.0 and checked against the strings of Debian's gcc-12 12.2.0-14
//! binaries; gcc quotes with ‘…’ in a UTF-8 locale and '…' in C. The host-path warnings
//! come from OpenEmbedded's `-Wpoison-system-directories` patch to gcc and binutils, and
//! Buildroot's toolchain wrapper.

use super::{Means, Read, Row, Says, Tool, read};

const AT: &str = "releases/gcc-12.2.0 (Debian gcc-12 12.2.0-14)";
const GCC_POT: Read = read("gcc-mirror/gcc", "gcc/po/gcc.pot", AT);
const CPP_POT: Read = read("gcc-mirror/gcc", "libcpp/po/cpplib.pot", AT);

const fn says(s: Says) -> Means {
    Means::Build(s)
}

pub(super) static ROWS: &[Row] = &[
    // A host driver given the target's flags (or the other way round).
    Row {
        tool: Tool::Gcc,
        means: says(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "unrecognized",
        pattern: r#"unrecognized (?:command[- ]line )?(?:option|argument) [‘'`"]?(?:-m(?:32|64|x32|float-abi|fpu|abi|arch|cpu|tune|thumb|arm|soft-float|hard-float|nan|fp|sse|avx|macosx-version-min|ios-version-min|outline-atomics|no-outline-atomics)|-arch\b)"#,
        read: GCC_POT,
        fixture: "aarch64-linux-gnu-gcc: error: unrecognized command-line option ‘-m64’",
    },
    Row {
        tool: Tool::Gcc,
        means: says(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "unrecognized argument in option",
        pattern: r#"unrecognized argument in option [‘'`"]?-m"#,
        read: GCC_POT,
        fixture: "arm-linux-gnueabihf-gcc: error: unrecognized argument in option ‘-march=x86-64’",
    },
    // Apple's linker options handed to a GNU driver.
    Row {
        tool: Tool::Gcc,
        means: says(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "unrecognized",
        pattern: r#"unrecognized (?:command[- ]line )?option [‘'`"]?-(?:all_load|framework|dead_strip|undefined dynamic_lookup)"#,
        read: GCC_POT,
        fixture: "armv6l-linux-gnueabihf-g++: error: unrecognized command-line option '-all_load'",
    },
    // `-march=`/`-mcpu=` values of another machine.
    Row {
        tool: Tool::Gcc,
        means: says(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "bad value",
        pattern: r#"bad value [‘'`"][^’'`"]+[’'`"] for [‘'`"]?-m(?:arch|tune|cpu)=?[’'`"]? switch"#,
        read: GCC_POT,
        fixture: "cc1: error: bad value ‘armv8-a’ for ‘-march=’ switch",
    },
    Row {
        tool: Tool::Gcc,
        means: says(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "unknown value",
        pattern: r#"unknown value [‘'`"][^’'`"]+[’'`"] for [‘'`"]?-m(?:arch|tune|cpu)"#,
        read: GCC_POT,
        fixture: "cc1: error: unknown value ‘x86-64’ for ‘-march’",
    },
    // The ARM driver's own wording (gcc/common/config/arm/arm-common.cc).
    Row {
        tool: Tool::Gcc,
        means: says(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "unrecognized -m",
        pattern: r"unrecognized -m(?:arch|cpu|tune) target: \S+",
        read: GCC_POT,
        fixture: "arm-linux-gnueabihf-gcc: error: unrecognized -march target: x86-64-v2",
    },
    Row {
        tool: Tool::Gcc,
        means: says(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "not compiled in",
        pattern: r"sorry, unimplemented: 64-bit mode not compiled in",
        read: GCC_POT,
        fixture: "cc1: sorry, unimplemented: 64-bit mode not compiled in",
    },
    // The C library headers of another multilib (a host gcc asked for `-m32`, a target
    // without them).
    Row {
        tool: Tool::Gcc,
        means: says(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "fatal error: ",
        pattern: r#"fatal error: ['"‘]?(?:bits/libc-header-start\.h|gnu/stubs-[A-Za-z0-9_]+\.h|bits/wordsize\.h|asm/[a-z_]+\.h)['"’]?(?:: No such file| file not found)"#,
        read: CPP_POT,
        fixture: "/usr/include/stdio.h:27:10: fatal error: bits/libc-header-start.h: No such file or directory",
    },
    // collect2: the linker `-fuse-ld=` (or the default one) names is not there.
    Row {
        tool: Tool::Gcc,
        means: says(Says::LinkerNotFound),
        kind: Some("linker-not-found"),
        anchor: "cannot find",
        pattern: r"collect2(?:\.exe)?: fatal error: cannot find ['‘](?P<linker>[^'’]+)['’]",
        read: read("gcc-mirror/gcc", "gcc/collect2.cc", AT),
        fixture: "collect2: fatal error: cannot find 'ld'",
    },
    // A header of a library the target's sysroot does not have.
    Row {
        tool: Tool::Gcc,
        means: says(Says::MissingLibrary),
        kind: Some("missing-library"),
        anchor: "fatal error: ",
        pattern: r"fatal error: (?P<lib>[A-Za-z0-9_][A-Za-z0-9_./+-]*\.h(?:pp)?): No such file or directory",
        read: CPP_POT,
        fixture: "src/compress.c:4:10: fatal error: zlib.h: No such file or directory",
    },
    // OpenEmbedded's gcc and ld: the build machine's dirs in a cross compile.
    Row {
        tool: Tool::Gcc,
        means: says(Says::HostPath),
        kind: Some("host-library-path"),
        anchor: "is unsafe for cross-compilation",
        pattern: r#"(?:include location|library search path) "(?P<path>[^"]+)" is unsafe for cross-compilation"#,
        read: read(
            "openembedded/openembedded-core",
            "meta/recipes-devtools/gcc/gcc/0002-gcc-poison-system-directories.patch (and binutils' 0009-…poison-system-directories.patch)",
            "kirkstone",
        ),
        fixture: "cc1: error: include location \"/usr/include/libnl3\" is unsafe for cross-compilation [-Werror=poison-system-directories]",
    },
    Row {
        tool: Tool::Gcc,
        means: says(Says::HostPath),
        kind: Some("host-library-path"),
        anchor: "unsafe header/library path",
        pattern: r"unsafe header/library path used in cross-compilation: '(?P<path>[^']+)'",
        read: read(
            "buildroot/buildroot",
            "toolchain/toolchain-wrapper.c",
            "2023.02",
        ),
        fixture: "arm-buildroot-linux-gnueabihf-gcc.br_real: ERROR: unsafe header/library path used in cross-compilation: '-I/usr/include'",
    },
];
