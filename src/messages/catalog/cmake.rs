//! CMake's modules and try-compile, read at Kitware/CMake v4.4.2-768 (03676b05); the same
//! words in Debian's cmake 3.25.1. A compiler that cannot build for the target fails the
//! `CMakeTest<Lang>Compiler` try-compile; one that is not there fails before
//! (`cmGlobalGenerator.cxx`); a package not found for the target fails
//! `find_package_handle_standard_args` or `pkg_check_modules`.

use super::{Means, Row, Says, Tool, read};

const REPO: &str = "Kitware/CMake";
const AT: &str = "v4.4.2-768-g03676b05 (same words in Debian cmake 3.25.1)";

const fn says(s: Says) -> Means {
    Means::Build(s)
}

pub(super) static ROWS: &[Row] = &[
    Row {
        tool: Tool::Cmake,
        means: says(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "simple test program",
        pattern: r"is not able to compile a simple test program",
        read: read(REPO, "Modules/CMakeTestCCompiler.cmake", AT),
        fixture: "  is not able to compile a simple test program.",
    },
    Row {
        tool: Tool::Cmake,
        means: says(Says::ToolMissing),
        kind: Some("cross-tool-missing"),
        anchor: "could be found",
        pattern: r"No CMAKE_(?P<tool>C|CXX|ASM)_COMPILER could be found",
        read: read(REPO, "Source/cmGlobalGenerator.cxx", AT),
        fixture: "  No CMAKE_C_COMPILER could be found.",
    },
    // `Could NOT find ZLIB (missing: ZLIB_LIBRARY ZLIB_INCLUDE_DIR)`: a required package (the
    // STATUS form of an optional one starts with `-- `).
    Row {
        tool: Tool::Cmake,
        means: says(Says::MissingLibrary),
        kind: Some("missing-library"),
        anchor: "could not find ",
        pattern: r"^\s*Could NOT find (?P<lib>[A-Za-z0-9_.+-]+)[ ,:(]",
        read: read(REPO, "Modules/FindPackageHandleStandardArgs.cmake", AT),
        fixture: "  Could NOT find ZLIB (missing: ZLIB_LIBRARY) (found version \"1.2.13\")",
    },
    // A program CMake looked for and did not find is run as `<VAR>-NOTFOUND`, the value
    // find_program() leaves (`Help/command/FIND_XXX.txt`): the shell cannot find it.
    Row {
        tool: Tool::Cmake,
        means: says(Says::ToolMissing),
        kind: Some("cross-tool-missing"),
        anchor: "-notfound",
        pattern: r"(?P<tool>CMAKE_[A-Z0-9_]+)-NOTFOUND:\s*(?:[Cc]ommand )?not found",
        read: read(REPO, "Help/command/FIND_XXX.txt", AT),
        fixture: "/bin/sh: CMAKE_AR-NOTFOUND: command not found",
    },
    Row {
        tool: Tool::Cmake,
        means: says(Says::PkgConfigCross),
        kind: Some("pkg-config-cross"),
        anchor: "required packages were not found",
        pattern: r"The following required packages were not found",
        read: read(REPO, "Modules/FindPkgConfig.cmake", AT),
        fixture: "  The following required packages were not found:",
    },
];
