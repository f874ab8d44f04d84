//! The environment variables the shim reads.
//!
//! Every read goes through `crate::env`, the one door to the environment; none of them can
//! fail, so the shim can decide before anything else is set up.

use std::ffi::OsString;
use std::time::Duration;

pub use crate::shim_setup::LINKER_VAR;
/// Anything but empty, `0`, `false`, `no` or `off` turns the shim into a pure pass-through.
pub const DISABLE_VAR: &str = "XLINKDIAG_DISABLE";
/// Hop counter: the one variable the shim adds to the linker's environment.
pub const DEPTH_VAR: &str = "XLINKDIAG_DEPTH";
/// Time budget of the diagnosis in milliseconds (default [`super::DEFAULT_BUDGET`]).
pub const BUDGET_MS_VAR: &str = "XLINKDIAG_BUDGET_MS";

/// The shim refuses to go on once it has been entered this many times in one chain.
pub const MAX_DEPTH: u32 = 8;

pub(crate) fn linker() -> Option<OsString> {
    crate::env::var_os(LINKER_VAR).filter(|v| !v.is_empty())
}

pub(crate) fn disabled() -> bool {
    crate::env::var_os(DISABLE_VAR).is_some_and(|v| is_truthy(&v))
}

pub(crate) fn depth() -> u32 {
    crate::env::var_os(DEPTH_VAR)
        .and_then(|v| v.to_str().and_then(|s| s.trim().parse().ok()))
        .unwrap_or(0)
}

pub(crate) fn budget() -> Duration {
    crate::env::var_os(BUDGET_MS_VAR)
        .and_then(|v| v.to_str().and_then(|s| s.trim().parse().ok()))
        .map(Duration::from_millis)
        .unwrap_or(super::DEFAULT_BUDGET)
}

pub(crate) fn path() -> Option<OsString> {
    crate::env::var_os("PATH")
}

fn is_truthy(value: &std::ffi::OsStr) -> bool {
    let v = value.to_string_lossy();
    let v = v.trim();
    !(v.is_empty()
        || v == "0"
        || v.eq_ignore_ascii_case("false")
        || v.eq_ignore_ascii_case("no")
        || v.eq_ignore_ascii_case("off"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disable_values() {
        for on in ["1", "yes", "true", "on", "anything"] {
            assert!(is_truthy(on.as_ref()), "{on}");
        }
        for off in ["", "0", "false", "FALSE", "no", "off", " 0 "] {
            assert!(!is_truthy(off.as_ref()), "{off:?}");
        }
    }
}
