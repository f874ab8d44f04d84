//! The cc crate (and its predecessor gcc-rs), read at rust-lang/cc-rs across its versions: a
//! compiler or archiver that is not there is `Failed to find tool. Is `x` installed?` until
//! cc 1.2.14 and `failed to find tool "x": <os error>` from 1.2.15; cc ≥ 1.0.91 first tries
//! the compiler to learn its family and warns `Compiler family detection failed due to
//! error: ToolNotFound: …`; gcc-rs 0.2–0.3.52 said `is `x` not installed?`.

use super::{Means, Row, Says, Tool, read};

const REPO: &str = "rust-lang/cc-rs";

const fn says(s: Says) -> Means {
    Means::Build(s)
}

pub(super) static ROWS: &[Row] = &[
    // A warning while learning the compiler's family; the compile after it fails the same way.
    // A script that goes on to succeed prints it too: alone it is no failure (`blocks` reads
    // it only in a script cargo said failed).
    Row {
        tool: Tool::CcRs,
        means: says(Says::ToolMissing),
        kind: None,
        anchor: "family detection failed",
        pattern: r#"Compiler family detection failed due to error: ToolNotFound: (?:failed to find tool |Failed to find tool\. Is )["`](?P<tool>[^"`]+)["`]"#,
        read: read(REPO, "src/tool.rs", "cc-v1.2.15 (src/lib.rs from 1.0.91)"),
        fixture: "warning: ring@0.17.8: Compiler family detection failed due to error: ToolNotFound: failed to find tool \"x86_64-linux-musl-gcc\": No such file or directory (os error 2)",
    },
    Row {
        tool: Tool::CcRs,
        means: says(Says::ToolMissing),
        kind: Some("cross-tool-missing"),
        anchor: "failed to find tool",
        pattern: r#"failed to find tool "(?P<tool>[^"]+)""#,
        read: read(
            REPO,
            "src/command_helpers.rs",
            "cc-v1.2.15 (and 1.4.2, a91e05ec)",
        ),
        fixture: "  error occurred in cc-rs: failed to find tool \"aarch64-linux-gnu-gcc\": No such file or directory (os error 2)",
    },
    Row {
        tool: Tool::CcRs,
        means: says(Says::ToolMissing),
        kind: Some("cross-tool-missing"),
        anchor: "failed to find tool",
        pattern: r"Failed to find tool\. Is `(?P<tool>[^`]+)` installed",
        read: read(
            REPO,
            "src/command_helpers.rs",
            "cc-v1.2.14 (src/lib.rs in 1.0.x)",
        ),
        fixture: "  error occurred: Failed to find tool. Is `arm-linux-gnueabihf-gcc` installed?",
    },
    Row {
        tool: Tool::CcRs,
        means: says(Says::ToolMissing),
        kind: Some("cross-tool-missing"),
        anchor: "not installed?",
        pattern: r"is `(?P<tool>[^`]+)` not installed\?",
        read: read(REPO, "src/lib.rs", "gcc-rs 0.3.52"),
        fixture: "is `arm-linux-gnueabihf-gcc` not installed?",
    },
];
