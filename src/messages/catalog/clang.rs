//! The clang driver and the LLVM target registry it asks, read in llvm/llvm-project at
//! llvmorg-14.0.6 (`clang/include/clang/Basic/DiagnosticDriverKinds.td`,
//! `DiagnosticCommonKinds.td`, `llvm/lib/MC/TargetRegistry.cpp`) and checked against the
//! strings of Debian's libclang-cpp 14.0.6.

use super::{Means, Row, Says, Tool, read};

const REPO: &str = "llvm/llvm-project";
const AT: &str = "llvmorg-14.0.6 (Debian clang-14 1:14.0.6-12)";

const fn says(s: Says) -> Means {
    Means::Build(s)
}

pub(super) static ROWS: &[Row] = &[
    // A clang built without the target's backend (Apple's, a distribution's trimmed one).
    Row {
        tool: Tool::Clang,
        means: says(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "no available targets are compatible",
        // LLVM before 3.9 said `with this triple` (TargetRegistry.cpp of that time, as the
        // code index holds it).
        pattern: r"No available targets are compatible with (?:this )?triple",
        read: read(REPO, "llvm/lib/MC/TargetRegistry.cpp", AT),
        fixture: "error: unable to create target: 'No available targets are compatible with triple \"riscv64-unknown-linux-gnu\"'",
    },
    Row {
        tool: Tool::Clang,
        means: says(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "unknown target",
        pattern: r"unknown target (?:triple|CPU)",
        read: read(
            REPO,
            "clang/include/clang/Basic/DiagnosticCommonKinds.td",
            AT,
        ),
        fixture: "error: unknown target CPU 'x86-64'",
    },
    Row {
        tool: Tool::Clang,
        means: says(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "for target",
        pattern: r#"(?:unsupported|unknown) (?:option|argument):? [‘'`"]?-m(?:32|64|float-abi|fpu|abi|arch|cpu|thumb)[^ ]* for target"#,
        read: read(
            REPO,
            "clang/include/clang/Basic/DiagnosticDriverKinds.td",
            AT,
        ),
        fixture: "clang: error: unsupported option '-mfloat-abi=' for target 'x86_64-unknown-linux-gnu'",
    },
    Row {
        tool: Tool::Clang,
        means: says(Says::LinkerNotFound),
        kind: Some("linker-not-found"),
        anchor: "invalid linker name",
        pattern: r"invalid linker name in argument '-fuse-ld=(?P<linker>[^']+)'",
        read: read(
            REPO,
            "clang/include/clang/Basic/DiagnosticDriverKinds.td",
            AT,
        ),
        fixture: "clang: error: invalid linker name in argument '-fuse-ld=lld'",
    },
    // The driver could not run the program it chose: `unable to execute command: %0`
    // (DiagnosticDriverKinds.td) with LLVM Support's `Executable "%s" doesn't exist!`
    // (llvm/lib/Support/Unix/Program.inc). A linker first, then any other tool.
    Row {
        tool: Tool::Clang,
        means: says(Says::LinkerNotFound),
        kind: Some("linker-not-found"),
        anchor: "doesn't exist",
        pattern: r#"unable to execute command: Executable "(?P<linker>(?:[^"]*[/\\])?(?:[A-Za-z0-9_.+]+-)*(?:ld|ld\.lld|ld\.gold|ld\.bfd|ld\.mold|lld|ld64\.lld|lld-link|mold|wasm-ld)(?:\.exe)?)" doesn't exist"#,
        read: read(REPO, "llvm/lib/Support/Unix/Program.inc", AT),
        fixture: "clang: error: unable to execute command: Executable \"ld.lld\" doesn't exist!",
    },
    Row {
        tool: Tool::Clang,
        means: says(Says::ToolMissing),
        kind: Some("cross-tool-missing"),
        anchor: "doesn't exist",
        pattern: r#"unable to execute command: Executable "(?P<tool>[^"]+)" doesn't exist"#,
        read: read(REPO, "llvm/lib/Support/Unix/Program.inc", AT),
        fixture: "clang: error: unable to execute command: Executable \"arm-none-eabi-as\" doesn't exist!",
    },
    // `-Wpoison-system-directories`, as an error (`-Werror`): Xcode's clang warns about
    // its own `/usr/local/include` on every compile, so the warning alone says nothing.
    Row {
        tool: Tool::Clang,
        means: says(Says::HostPath),
        kind: Some("host-library-path"),
        anchor: "is unsafe for cross-compilation",
        pattern: r"error: include location '(?P<path>[^']+)' is unsafe for cross-compilation",
        read: read(
            REPO,
            "clang/include/clang/Basic/DiagnosticCommonKinds.td",
            AT,
        ),
        fixture: "clang-14: error: include location '/usr/include' is unsafe for cross-compilation [-Werror,-Wpoison-system-directories]",
    },
    Row {
        tool: Tool::Clang,
        means: says(Says::MissingLibrary),
        kind: Some("missing-library"),
        anchor: "file not found",
        pattern: r"fatal error: '(?P<lib>[A-Za-z0-9_][A-Za-z0-9_./+-]*\.h(?:pp)?)' file not found",
        read: read(REPO, "clang/include/clang/Basic/DiagnosticLexKinds.td", AT),
        fixture: "src/compress.c:4:10: fatal error: 'zlib.h' file not found",
    },
];
