//! The one door to the process environment.
//!
//! Everything xlinkdiag reads from the environment goes through here (clippy.toml bans
//! `std::env::var*` elsewhere), so tests can see every variable that matters and a
//! diagnosis can say which variables it consulted.

use std::ffi::OsString;

pub fn var_os(name: &str) -> Option<OsString> {
    #[allow(clippy::disallowed_methods)]
    std::env::var_os(name)
}

/// The whole environment, for handing it to a child process unchanged.
pub fn vars_os() -> std::env::VarsOs {
    std::env::vars_os()
}

/// A variable's value when set and valid UTF-8 (non-UTF-8 values count as unset).
pub fn var(name: &str) -> Option<String> {
    var_os(name).and_then(|v| v.into_string().ok())
}

/// Set to a non-empty value other than `0`.
pub fn flag(name: &str) -> bool {
    var_os(name).is_some_and(|v| !v.is_empty() && v != "0")
}

/// `NO_COLOR` set to anything non-empty disables color (no-color.org).
pub fn no_color() -> bool {
    var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// The linker cargo would use for `triple` from the environment:
/// `CARGO_TARGET_<TRIPLE>_LINKER`.
pub fn cargo_target_linker(triple_upper: &str) -> Option<String> {
    var(&format!("CARGO_TARGET_{triple_upper}_LINKER"))
}

/// The build machine's own system path `p` (an absolute path such as
/// `/usr/lib/aarch64-linux-gnu`, `/usr/aarch64-linux-gnu`, `/var/lib/dpkg`), as xlinkdiag
/// reads it when it looks there by itself: under `XLINKDIAG_SYSTEM_ROOT` when that is set
/// (the fresh-machine test run points it at an empty dir, so that no assertion can depend on
/// what this machine has installed), else `p` itself. Paths a user, a log, a build script or
/// a toolchain's own answer gave are never re-rooted.
pub fn system_path(p: impl AsRef<std::path::Path>) -> std::path::PathBuf {
    let p = p.as_ref();
    match var_os("XLINKDIAG_SYSTEM_ROOT").filter(|r| !r.is_empty()) {
        Some(root) => std::path::Path::new(&root).join(p.strip_prefix("/").unwrap_or(p)),
        None => p.to_path_buf(),
    }
}
