//! Sentences more than one mode says about the same cause, written once: the fix builder
//! and doctor both use them, so a leaked `CC` or a missing libatomic reads the same in
//! every report.

use crate::target::TargetSpec;

/// A global tool variable (`CC`, `CXX`, `AR`) that reached the target's build scripts,
/// with its value when the mode saw it.
pub fn global_leak(var: &str, value: Option<&str>, target_var: &str) -> String {
    let set = value.map_or_else(|| var.to_string(), |v| format!("{var}={v}"));
    format!(
        "a global {set} reaches every build script, for the host and the target alike; keep it for the host as HOST_{var} and give the target its own {target_var}"
    )
}

/// cmake-rs passes cc-rs's compiler on, so `CC_<t>` fixes CMake builds too.
pub fn cmake_takes_cc(spec: &TargetSpec) -> String {
    let us = spec.underscored();
    format!(
        "cmake-rs takes the compiler from CC_{us} too; a CMAKE_TOOLCHAIN_FILE_{us} for {} is the other way",
        spec.triple
    )
}

/// The fix's words for atomics the target has only in libatomic.
pub fn missing_atomics(spec: &TargetSpec) -> String {
    format!(
        "{} has no native atomics for what the code calls (64-bit ones, or any on older cores): link libatomic (`-C link-arg=-latomic`), or enable the crate's `portable-atomic` feature where it has one",
        spec.triple
    )
}

/// The finding's message for atomics the target has only in libatomic (or libgcc): `who`
/// calls them; `symbols`, when known, are named; `lacks` says the link had no libatomic
/// (the linker said so), which a scan cannot know.
pub fn missing_atomics_message(who: &str, symbols: &[String], target: &str, lacks: bool) -> String {
    let all64 = symbols
        .iter()
        .all(|s| crate::diagnose::symbols::is_atomic64(s));
    let lacking = if lacks { ", which the link lacks" } else { "" };
    match (symbols.is_empty(), all64) {
        (true, _) => format!(
            "{who} holds C objects that call 64-bit atomics, which {target} has only in libatomic"
        ),
        (false, true) => format!(
            "{who} calls 64-bit atomics ({}) that {target} implements only in libatomic{lacking}",
            symbols.join(", ")
        ),
        (false, false) => format!(
            "{who} calls atomic helpers ({}) that {target} gets only from libatomic or libgcc{lacking}",
            symbols.join(", ")
        ),
    }
}
