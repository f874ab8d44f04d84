//! A cross compiler (or binutils tool) the build runs that is not there, as the program that
//! tried to run it says: GNU make 4.3 running it itself (`make: x: No such file or
//! directory`; make 3.81 said `Command not found`), the shells make runs (dash: `/bin/sh: 1:
//! x: not found`; bash: `x: command not found`), Windows' cmd, Linux's Kconfig, and ring's
//! build script. Read from the programs named per row, at Debian 12's versions.

use super::{Means, Row, Says, Tool, read};

const fn says(s: Says) -> Means {
    Means::Build(s)
}

/// The cross tool's name: a GNU-style prefix and a compiler or binutils program, or the
/// prefix alone (`arm-linux-gnueabihf-`: a `$(CROSS_COMPILE)` run with no program after it).
macro_rules! cross_tool {
    () => {
        r"(?P<tool>[A-Za-z0-9_.+/\\-]*[A-Za-z0-9](?:-(?:gcc|g\+\+|c\+\+|cc|clang|clang\+\+|ld|ar|as|ranlib|strip|objcopy|nm)(?:-[0-9.]+)?(?:\.exe)?|-[A-Za-z0-9_]+-))"
    };
}

pub(super) static ROWS: &[Row] = &[
    Row {
        tool: Tool::Make,
        means: says(Says::ToolMissing),
        kind: Some("cross-tool-missing"),
        anchor: "not found",
        pattern: concat!(
            r"(?:^|[\s:])",
            cross_tool!(),
            r":\s*(?:[Cc]ommand )?not found"
        ),
        read: read(
            "Debian dash",
            "src/exec.c (`%s: not found`); bash 5.2 `command not found`; GNU make before 4.4, job.c (`%s: Command not found`)",
            "dash 0.5.12-2, bash 5.2.15",
        ),
        fixture: "/bin/sh: 1: aarch64-linux-gnu-gcc: not found",
    },
    Row {
        tool: Tool::Make,
        means: says(Says::ToolMissing),
        kind: Some("cross-tool-missing"),
        anchor: "no such file or directory",
        pattern: concat!(
            r"(?:^|[\s:])",
            cross_tool!(),
            r":\s*No such file or directory"
        ),
        read: read(
            "GNU make",
            "src/job.c (exec failure, `%s: %s` with strerror)",
            "make 4.3 (Debian 4.3-4.1)",
        ),
        fixture: "make: arm-linux-gnueabihf-gcc: No such file or directory",
    },
    Row {
        tool: Tool::Make,
        means: says(Says::ToolMissing),
        kind: Some("cross-tool-missing"),
        anchor: "not found",
        pattern: concat!(
            r"(?:^|[\s:`'])",
            cross_tool!(),
            r"[`']? not found(?: in PATH|$)"
        ),
        read: read(
            "GNU make",
            "as quoted by build scripts (`x not found`)",
            "make 4.3",
        ),
        fixture: "aarch64-linux-musl-gcc not found",
    },
    Row {
        tool: Tool::Make,
        means: says(Says::ToolMissing),
        kind: Some("cross-tool-missing"),
        anchor: "is not recognized as an internal or external command",
        pattern: r"'(?P<tool>[^']+)' is not recognized as an internal or external command",
        read: read(
            "Microsoft cmd.exe",
            "its message for a program not on PATH",
            "Windows 10/11",
        ),
        fixture: "'aarch64-linux-gnu-gcc' is not recognized as an internal or external command,",
    },
    // Linux's `scripts/Kconfig.include`: `C compiler '$(CC)' not found`.
    Row {
        tool: Tool::Make,
        means: says(Says::ToolMissing),
        kind: Some("cross-tool-missing"),
        anchor: "not found",
        pattern: r"compiler '(?P<tool>[^']+)' not found",
        read: read("torvalds/linux", "scripts/Kconfig.include", "v6.1"),
        fixture: "scripts/Kconfig.include:40: C compiler 'riscv64-unknown-linux-gnu-gcc' not found",
    },
    // ring's build script before 0.17: `failed to execute ["musl-gcc" "-O3" …]: No such file`.
    Row {
        tool: Tool::Make,
        means: says(Says::ToolMissing),
        kind: Some("cross-tool-missing"),
        anchor: "failed to execute",
        pattern: r#"failed to execute \["(?P<tool>[^"]+)""#,
        read: read("briansmith/ring", "build.rs", "0.16.20"),
        fixture: "thread 'main' panicked at 'failed to execute [\"musl-gcc\" \"-O3\" \"-c\" \"crypto/crypto.c\"]: No such file or directory (os error 2)', build.rs:650:9",
    },
];
