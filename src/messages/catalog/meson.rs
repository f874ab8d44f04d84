//! meson, read at mesonbuild/meson 1.12.0-102 (cd1a097e): `mesonbuild/compilers/detect.py`,
//! `compilers.py`, `dependencies/detect.py`. Its errors print as `ERROR: <text>`.

use super::{Means, Row, Says, Tool, read};

const REPO: &str = "mesonbuild/meson";
const AT: &str = "1.12.0-102-gcd1a097e";

const fn says(s: Says) -> Means {
    Means::Build(s)
}

pub(super) static ROWS: &[Row] = &[
    // `Unknown compiler(s): [['aarch64-linux-gnu-gcc']]` (older meson), `Unknown compiler
    // [['…']]` now: no compiler of the cross file could be run. With no compiler named for
    // that machine, meson 0.4x–0.5x tried its defaults and printed the list as is
    // (`['cc', 'gcc', 'clang']`, environment.py `_handle_exceptions`), and 0.3x joined it in
    // quotes (`"cc, gcc"`): none of them is installed.
    Row {
        tool: Tool::Meson,
        means: says(Says::ToolMissing),
        kind: Some("cross-tool-missing"),
        anchor: "unknown compiler",
        pattern: r"ERROR: Unknown compiler(?:\(s\))?:? \[\['(?P<tool>[^']+)'",
        read: read(REPO, "mesonbuild/compilers/detect.py", AT),
        fixture: "meson.build:1:0: ERROR: Unknown compiler(s): [['aarch64-linux-gnu-gcc']]",
    },
    Row {
        tool: Tool::Meson,
        means: says(Says::ToolMissing),
        kind: Some("cross-tool-missing"),
        anchor: "unknown compiler",
        pattern: r#"ERROR: Unknown compiler(?:\(s\))?: (?:\['|")(?P<tool>[^'",]+)"#,
        read: read(
            REPO,
            "mesonbuild/environment.py (`_handle_exceptions`, `Unknown compiler(s): \"…\"`)",
            "0.3x–0.5x, as the code index holds them",
        ),
        fixture: "meson.build:1:0: ERROR: Unknown compiler(s): ['cc', 'gcc', 'clang']",
    },
    Row {
        tool: Tool::Meson,
        means: says(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "cannot compile programs",
        pattern: r"ERROR: Compiler .+ cannot compile programs",
        read: read(REPO, "mesonbuild/compilers/compilers.py", AT),
        fixture: "meson.build:1:0: ERROR: Compiler arm-linux-gnueabihf-gcc cannot compile programs.",
    },
    // A cross compiler in a build meson was told is native (no cross file).
    Row {
        tool: Tool::Meson,
        means: says(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "are not runnable",
        pattern: r"ERROR: Executables created by \S+ compiler .+ are not runnable",
        read: read(REPO, "mesonbuild/compilers/compilers.py", AT),
        fixture: "meson.build:1:0: ERROR: Executables created by c compiler aarch64-linux-gnu-gcc are not runnable.",
    },
    Row {
        tool: Tool::Meson,
        means: says(Says::MissingLibrary),
        kind: Some("missing-library"),
        anchor: "not found",
        pattern: r#"ERROR: Dependency ["'](?P<lib>[^"']+)["'] (?:not found|is required but not found)"#,
        read: read(REPO, "mesonbuild/dependencies/detect.py", AT),
        fixture: "meson.build:12:0: ERROR: Dependency \"zlib\" not found, tried pkgconfig and cmake",
    },
];
