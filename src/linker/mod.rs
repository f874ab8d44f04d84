//! Understanding the linker's command line: the inputs of a link.
//!
//! `response_file` expands `@file`s (for analysis; the linker always gets the literal
//! argument), `args` reads the line as a gcc/clang driver or ld reads it (`msvc_args` as
//! link.exe and lld-link do), and `search` finds
//! each `-l` as ld would, asking the driver for its own directories when needed.

pub mod args;
mod msvc_args;
pub mod name;
pub mod response_file;
pub mod search;

pub use args::{ArgLevel, LinkInvocation, parse};
pub use response_file::{Quoting, expand};
pub use search::{resolve_lib, target_flags};

use std::ffi::OsString;
use std::path::Path;

/// Reads the command line of a failed link: `@file`s expanded relative to `cwd`, then parsed
/// at the level `linker`'s name suggests (`rust-lld -flavor link` reads as lld-link).
pub fn invocation(linker: &Path, args: &[OsString], cwd: &Path) -> LinkInvocation {
    let (level, args) = match args {
        [flavor, link, rest @ ..] if flavor == "-flavor" && link == "link" => {
            (ArgLevel::Msvc, rest)
        }
        _ => (ArgLevel::of_linker(linker), args),
    };
    let quoting = if level == ArgLevel::Msvc {
        Quoting::Msvc
    } else {
        Quoting::Gnu
    };
    let expanded = expand(args, cwd, quoting);
    parse(&expanded, level)
}
