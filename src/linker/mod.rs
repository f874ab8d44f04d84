//! Understanding the linker's command line: the inputs of a link.
//!
//! `response_file` expands `@file`s (for analysis; the linker always gets the literal
//! argument), `args` reads the line as a gcc/clang driver or ld reads it, and `search` finds
//! each `-l` as ld would, asking the driver for its own directories when needed.

pub mod args;
pub mod response_file;
pub mod search;

pub use args::{ArgLevel, LibRef, LinkInvocation, parse};
pub use response_file::{Quoting, expand};
pub use search::{driver_search_dirs, driver_sysroot, resolve_lib};

use std::ffi::OsString;
use std::path::Path;

/// Reads the command line of a failed link: `@file`s expanded relative to `cwd`, then parsed
/// at the level `linker`'s name suggests.
pub fn invocation(linker: &Path, args: &[OsString], cwd: &Path) -> LinkInvocation {
    let quoting = if is_msvc_like(linker) {
        Quoting::Msvc
    } else {
        Quoting::Gnu
    };
    let expanded = expand(args, cwd, quoting);
    parse(&expanded, ArgLevel::of_linker(linker))
}

fn is_msvc_like(linker: &Path) -> bool {
    linker
        .file_stem()
        .map(|s| s.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|s| s == "link" || s.starts_with("lld-link"))
}
