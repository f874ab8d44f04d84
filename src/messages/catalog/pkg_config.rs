//! pkg-config, the tool (pkgconf 1.8.1 and freedesktop pkg-config print the same
//! not-found line) and the pkg-config crate, read at rust-lang/pkg-config-rs 0.3.34 (a8852cc1)
//! and, for its older wordings, 0.3.9 and 0.3.14.

use super::{Means, Read, Row, Says, Tool, read};

const RS: &str = "rust-lang/pkg-config-rs";
const NOW: Read = read(RS, "src/lib.rs", "0.3.34 (a8852cc1)");

const fn says(s: Says) -> Means {
    Means::Build(s)
}

pub(super) static ROWS: &[Row] = &[
    Row {
        tool: Tool::PkgConfig,
        means: says(Says::PkgConfigCross),
        kind: Some("pkg-config-cross"),
        anchor: "pkg-config has not been configured",
        pattern: r"pkg-config has not been configured to support cross-compilation",
        read: NOW,
        fixture: "  pkg-config has not been configured to support cross-compilation.",
    },
    // 0.3.9 – 0.3.18: `Cross compilation detected. Use PKG_CONFIG_ALLOW_CROSS=1 to override`.
    Row {
        tool: Tool::PkgConfig,
        means: says(Says::PkgConfigCross),
        kind: Some("pkg-config-cross"),
        anchor: "cross compilation detected",
        pattern: r"Cross compilation detected\. Use PKG_CONFIG_ALLOW_CROSS=1",
        read: read(RS, "src/lib.rs", "0.3.9"),
        fixture: "thread 'main' panicked at 'called `Result::unwrap()` on an `Err` value: \"Cross compilation detected. Use PKG_CONFIG_ALLOW_CROSS=1 to override\"', build.rs:5:5",
    },
    // The error's Debug form, as `unwrap()` prints it.
    Row {
        tool: Tool::PkgConfig,
        means: says(Says::PkgConfigCross),
        kind: Some("pkg-config-cross"),
        anchor: "crosscompilation",
        pattern: r"value: CrossCompilation\b",
        read: read(RS, "src/lib.rs", "0.3.14"),
        fixture: "thread 'main' panicked at 'called `Result::unwrap()` on an `Err` value: CrossCompilation', build.rs:10:40",
    },
    // The tool's own line (pkgconf `libpkgconf/pkg.c`, pkg-config `pkg.c`): no `.pc` for
    // the target where it looked.
    Row {
        tool: Tool::PkgConfig,
        means: says(Says::PkgConfigCross),
        kind: Some("pkg-config-cross"),
        anchor: "pkg-config search path",
        pattern: r"was not found in the pkg-config search path",
        read: read(
            "pkgconf/pkgconf",
            "cli/main.c",
            "pkgconf-1.8.1 (Debian pkgconf 1.8.1-1)",
        ),
        fixture: "  Package openssl was not found in the pkg-config search path.",
    },
    // pkg.m4's PKG_CHECK_MODULES in a configure script: `No package 'zlib' found`.
    Row {
        tool: Tool::PkgConfig,
        means: says(Says::PkgConfigCross),
        kind: Some("pkg-config-cross"),
        anchor: "no package '",
        pattern: r"^\s*No package '(?P<lib>[^']+)' found",
        read: read(
            "pkgconf/pkgconf",
            "cli/main.c",
            "pkgconf-1.8.1 (Debian pkgconf 1.8.1-1)",
        ),
        fixture: "No package 'libffi' found",
    },
];
