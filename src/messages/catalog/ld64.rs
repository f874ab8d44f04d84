//! Apple's ld64, read at apple-oss-distributions/ld64 ld64-956.6 (1a438966) and, for the
//! wordings it no longer has, ld64-609; and its successor ld-prime (Xcode 15 and later),
//! whose source is not published: its rows are its wording as public logs print it (the
//! lines are in `tests/fixtures/stderr/public/`). `Undefined symbols for architecture …:`
//! blocks are read in `messages::parse`, line by line.

use super::super::table::Shape;
use super::{Means, Read, Row, Tool, read};

const REPO: &str = "apple-oss-distributions/ld64";
const NOW: &str = "ld64-956.6 (1a438966)";
const OLD: &str = "ld64-609";
const INPUT_FILES: Read = read(REPO, "src/ld/InputFiles.cpp", NOW);
const PLATFORM: Read = read(REPO, "src/ld/PlatformSupport.cpp", NOW);
const OPTIONS: Read = read(REPO, "src/ld/Options.cpp", NOW);
const LD_PRIME: Read = read(
    "Apple ld-prime (closed source)",
    "wording as printed in public logs (tests/fixtures/stderr/public)",
    "Xcode 15-16",
);

const fn link(shape: Shape) -> Means {
    Means::Link(shape)
}

pub(super) static ROWS: &[Row] = &[
    // `ignoring file X, building for macOS-arm64 but attempting to link with file built for
    // macOS-x86_64` (InputFiles.cpp, prefixed by `ignoring file %s, `).
    Row {
        tool: Tool::Ld64,
        means: link(Shape::PlatformMismatch),
        kind: Some("wrong-architecture"),
        anchor: "attempting to link with file built for",
        pattern: r"^ignoring file (?P<file>.+?), building for (?P<building_for>.+?) but attempting to link with file built for (?P<built_for>.+?)$",
        read: INPUT_FILES,
        fixture: "ld: warning: ignoring file /w/target/aarch64-apple-darwin/debug/build/ring-0123456789abcdef/out/libring_core.a, building for macOS-arm64 but attempting to link with file built for macOS-x86_64",
    },
    // ld64 until ld64-609: `ignoring file X, file was built for x86_64 which is not the
    // architecture being linked (arm64): X`.
    Row {
        tool: Tool::Ld64,
        means: link(Shape::MachineConflict),
        kind: Some("wrong-architecture"),
        anchor: "not the architecture being linked",
        pattern: r"^(?:ignoring file (?P<file>.+?), )?(?:lto )?file was built for (?P<found>.+?) which is not the architecture being linked \((?P<expected>[^)]+)\)(?::.*)?$",
        read: read(REPO, "src/ld/InputFiles.cpp", OLD),
        fixture: "ld: warning: ignoring file /w/target/aarch64-apple-ios/debug/build/foo-sys-0123456789abcdef/out/libfoo.a, file was built for archive which is not the architecture being linked (arm64): /w/target/aarch64-apple-ios/debug/build/foo-sys-0123456789abcdef/out/libfoo.a",
    },
    Row {
        tool: Tool::Ld64,
        means: link(Shape::WrongFormat),
        kind: Some("wrong-architecture"),
        anchor: "missing required architecture",
        pattern: r"^(?:ignoring file .+?, )?missing required architecture \S+ in file (?P<file>.+?) \(\d+ slices?\)$",
        read: read(REPO, "src/ld/InputFiles.cpp", OLD),
        fixture: "ld: warning: ignoring file /w/target/aarch64-apple-darwin/debug/build/foo-sys-0123456789abcdef/out/libfoo.a, missing required architecture arm64 in file /w/target/aarch64-apple-darwin/debug/build/foo-sys-0123456789abcdef/out/libfoo.a (2 slices)",
    },
    Row {
        tool: Tool::Ld64,
        means: link(Shape::WrongFormat),
        kind: Some("wrong-architecture"),
        anchor: "but does not contain the",
        pattern: r"^(?:ignoring file .+?, )?file is universal \(.*\) but does not contain the \S+ architecture: (?P<file>.+)$",
        read: INPUT_FILES,
        fixture: "ld: file is universal (2 slices) but does not contain the arm64 architecture: /w/target/aarch64-apple-darwin/debug/build/foo-sys-0123456789abcdef/out/libfoo.a",
    },
    // ld-prime: `ignoring file 'lib.a[3](x.o)': found architecture 'arm64', required
    // architecture 'x86_64'`.
    Row {
        tool: Tool::Ld64,
        means: link(Shape::MachineConflict),
        kind: Some("wrong-architecture"),
        anchor: "required architecture",
        pattern: r"^ignoring file '(?P<file>.+)': found architecture '(?P<found>[^']+)', required architecture '(?P<expected>[^']+)'$",
        read: LD_PRIME,
        fixture: "ld: warning: ignoring file '/w/target/x86_64-apple-darwin/debug/deps/libzstd_sys-0123456789abcdef.rlib[4](zstd.o)': found architecture 'arm64', required architecture 'x86_64'",
    },
    // `in lib.a(x.o), building for iOS Simulator, but linking in object file built for iOS,
    // file 'lib.a' for architecture arm64` (PlatformSupport.cpp, with `in %s, ` from the
    // caller).
    Row {
        tool: Tool::Ld64,
        means: link(Shape::PlatformMismatch),
        kind: Some("abi-mismatch"),
        anchor: "but linking in",
        pattern: r"^(?:in (?P<file>.+?), )?building for (?P<building_for>.+?), but linking in (?:object file|dylib) built for (?P<built_for>[^,]+)(?:, file '(?P<libfile>.+)')?(?:,.*)?$",
        read: PLATFORM,
        fixture: "ld: in /w/target/aarch64-apple-ios-sim/debug/deps/libblake3-0123456789abcdef.rlib(blake3_neon.o), building for iOS Simulator, but linking in object file built for iOS, file '/w/target/aarch64-apple-ios-sim/debug/deps/libblake3-0123456789abcdef.rlib' for architecture arm64",
    },
    // The warning form names the object in parentheses; ld-prime quotes the platforms.
    Row {
        tool: Tool::Ld64,
        means: link(Shape::PlatformMismatch),
        kind: Some("abi-mismatch"),
        anchor: "but linking in",
        pattern: r"^building for '?(?P<building_for>[^',]+)'?, but linking in (?:object file|dylib|library|\.tbd file) \((?P<file>.+)\) built for '?(?P<built_for>[^',]+)'?,?$",
        read: PLATFORM,
        fixture: "ld: building for 'iOS-simulator', but linking in object file (/w/target/aarch64-apple-ios-sim/debug/build/foo-sys-0123456789abcdef/out/libfoo.a[3](foo.o)) built for 'iOS'",
    },
    // Xcode: `Building for iOS Simulator, but the linked library 'libgtest.a' was built for
    // macOS.`
    Row {
        tool: Tool::Ld64,
        means: link(Shape::PlatformMismatch),
        kind: Some("abi-mismatch"),
        anchor: "but the linked",
        pattern: r"^building for (?P<building_for>.+?), but the linked (?:library|framework) '(?P<file>[^']+)' was built for (?P<built_for>[^.]+)\.?$",
        read: LD_PRIME,
        fixture: "error: Building for iOS Simulator, but the linked library 'libfoo.a' was built for iOS.",
    },
    // ld64 given a GNU ld option: `ld: unknown option: --as-needed`; ld-prime lists them.
    Row {
        tool: Tool::Ld64,
        means: link(Shape::UnknownOption),
        kind: Some("wrong-linker"),
        anchor: "unknown option",
        pattern: r"^unknown options?: (?P<option>\S+)(?: .*)?$",
        read: OPTIONS,
        fixture: "ld: unknown option: --as-needed",
    },
    // Older ld64: `URGENT: building for iOS simulator, but linking against dylib (x) built
    // for OSX. Note: This will be an error in the future.`
    Row {
        tool: Tool::Ld64,
        means: link(Shape::PlatformMismatch),
        kind: Some("abi-mismatch"),
        anchor: "urgent: building for",
        pattern: r"^URGENT: building for (?P<building_for>.+?), but linking (?:against|in) (?:dylib|object file|\.tbd file) \((?P<file>[^)]+)\) built for (?P<built_for>[^.]+)\..*$",
        read: read(REPO, "src/ld/parsers/macho_dylib_file.cpp", "ld64-409.12"),
        fixture: "ld: warning: URGENT: building for iOS simulator, but linking against dylib (/usr/lib/libSystem.dylib) built for OSX. Note: This will be an error in the future.",
    },
    Row {
        tool: Tool::Ld64,
        means: link(Shape::MissingLibrary),
        kind: Some("missing-library"),
        anchor: "library not found for -l",
        pattern: r"^library not found for -l(?P<lib>.+)$",
        read: OPTIONS,
        fixture: "ld: library not found for -liconv",
    },
    Row {
        tool: Tool::Ld64,
        means: link(Shape::MissingLibrary),
        kind: Some("missing-library"),
        anchor: "framework not found",
        pattern: r"^framework not found (?P<lib>.+)$",
        read: OPTIONS,
        fixture: "ld: framework not found UIKit",
    },
];
