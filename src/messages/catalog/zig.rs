//! zig's own linker and its library search, read at ziglang/zig 0638721e
//! (`src/link/Elf/Object.zig`, `src/main.zig`). When zig links through lld its lines are
//! lld's, prefixed `error: ld.lld: ` (read by the lld rows). The self-hosted linker names the
//! file on the `note: while parsing` line after its error.

use super::super::table::Shape;
use super::{Means, Row, Says, Tool, read};

const REPO: &str = "ziglang/zig";
const AT: &str = "0638721e (0.15 development)";

pub(super) static LINK_ROWS: &[Row] = &[
    Row {
        tool: Tool::Zig,
        means: Means::Link(Shape::MachineConflict),
        kind: Some("wrong-architecture"),
        anchor: "invalid elf machine type",
        pattern: r"^invalid ELF machine type: (?P<found>\S+)$",
        read: read(REPO, "src/link/Elf/Object.zig", AT),
        fixture: "error: invalid ELF machine type: X86_64",
    },
    Row {
        tool: Tool::Zig,
        means: Means::Link(Shape::FloatAbiClash),
        kind: Some("abi-mismatch"),
        anchor: "different floating-point abi",
        pattern: r"^cannot link object file targeting a different floating-point ABI\. targeting \S+, found \S+$",
        read: read(REPO, "src/link/Elf/Object.zig", AT),
        fixture: "error: cannot link object file targeting a different floating-point ABI. targeting double, found soft",
    },
];

pub(super) static BUILD_ROWS: &[Row] = &[Row {
    tool: Tool::Zig,
    means: Means::Build(Says::MissingLibrary),
    kind: Some("missing-library"),
    anchor: "system library",
    pattern: r"unable to find (?:\S+ )?system library '(?P<lib>[^']+)' using strategy",
    read: read(REPO, "src/main.zig", AT),
    fixture: "error: unable to find dynamic system library 'ssl' using strategy 'paths_first'. searched paths: none",
}];
