//! Apple ld64 and its successor ld-prime. `Undefined symbols for architecture …:` blocks are
//! read in `mod.rs`, line by line.

use std::sync::LazyLock;

use regex::Regex;

use super::table::{self, Row, Shape};

pub(super) static ROWS: &[Row] = &[
    // ld64: `ignoring file X, building for macOS-arm64 but attempting to link with file built
    // for macOS-x86_64`
    Row {
        shape: Shape::PlatformMismatch,
        pattern: r"^ignoring file (?P<file>.+?), building for (?P<building_for>.+?) but attempting to link with file built for (?P<built_for>.+?)$",
    },
    // ld-prime: `ignoring file 'lib.a[3](x.o)': found architecture 'arm64', required
    // architecture 'x86_64'`
    Row {
        shape: Shape::MachineConflict,
        pattern: r"^ignoring file '(?P<file>.+)': found architecture '(?P<found>[^']+)', required architecture '(?P<expected>[^']+)'$",
    },
    // `in lib.a(x.o), building for iOS Simulator, but linking in object file built for iOS,
    // file 'lib.a' for architecture arm64`
    Row {
        shape: Shape::PlatformMismatch,
        pattern: r"^(?:in (?P<file>.+?), )?building for (?P<building_for>.+?), but linking in (?:object file|dylib) built for (?P<built_for>[^,]+)(?:, file '(?P<libfile>.+)')?(?:,.*)?$",
    },
    // ld-prime: `building for 'iOS-simulator', but linking in object file (x.a[3](y.o)) built
    // for 'iOS'`.
    Row {
        shape: Shape::PlatformMismatch,
        pattern: r"^building for '(?P<building_for>[^']+)', but linking in (?:object file|dylib|library|\.tbd file) \((?P<file>.+)\) built for '(?P<built_for>[^']+)'$",
    },
    // Xcode: `Building for iOS Simulator, but the linked library 'libgtest.a' was built for
    // macOS.`
    Row {
        shape: Shape::PlatformMismatch,
        pattern: r"^building for (?P<building_for>.+?), but the linked (?:library|framework) '(?P<file>[^']+)' was built for (?P<built_for>[^.]+)\.?$",
    },
    // ld64 given a GNU ld option: `ld: unknown option: --as-needed`.
    Row {
        shape: Shape::UnknownOption,
        pattern: r"^unknown options?: (?P<option>\S+)(?: .*)?$",
    },
    // Older ld64: `URGENT: building for iOS simulator, but linking against dylib (x) built for
    // OSX. Note: This will be an error in the future.`
    Row {
        shape: Shape::PlatformMismatch,
        pattern: r"^URGENT: building for (?P<building_for>.+?), but linking (?:against|in) (?:dylib|object file|\.tbd file) \((?P<file>[^)]+)\) built for (?P<built_for>[^.]+)\..*$",
    },
    Row {
        shape: Shape::MissingLibrary,
        pattern: r"^library not found for -l(?P<lib>.+)$",
    },
];

pub(super) static REGEXES: LazyLock<Vec<Option<Regex>>> = LazyLock::new(|| table::compile(ROWS));
