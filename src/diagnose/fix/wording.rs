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

/// A `host-library-path` finding's message: `-l` libraries found only in the build
/// machine's `dir`. `who` is the crate whose build script put the dir on the link, when
/// known; `arch` what the libraries there are built for, when read.
pub fn host_library(
    who: Option<&str>,
    libs: &[&str],
    dir: &std::path::Path,
    arch: Option<&str>,
    target: &str,
) -> String {
    let libs: Vec<String> = libs.iter().map(|l| format!("-l{l}")).collect();
    let objects = arch.map(|a| format!(" ({a} objects)")).unwrap_or_default();
    match who {
        Some(w) => format!(
            "{w} links {} from the build machine's {}{objects}, not for {target}",
            libs.join(" "),
            dir.display(),
        ),
        None => format!(
            "{} {} found only in the build machine's {}{objects}, not for {target}",
            libs.join(" "),
            if libs.len() == 1 { "was" } else { "were" },
            dir.display(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn host_library_names_every_library_and_the_crate_when_known() {
        let dir = Path::new("/usr/lib/x86_64-linux-gnu");
        let t = "aarch64-unknown-linux-gnu";
        assert_eq!(
            host_library(
                Some("crate `openssl_sys`"),
                &["ssl", "crypto"],
                dir,
                Some("x86_64"),
                t
            ),
            "crate `openssl_sys` links -lssl -lcrypto from the build machine's /usr/lib/x86_64-linux-gnu (x86_64 objects), not for aarch64-unknown-linux-gnu"
        );
        assert_eq!(
            host_library(None, &["ssl"], dir, None, t),
            "-lssl was found only in the build machine's /usr/lib/x86_64-linux-gnu, not for aarch64-unknown-linux-gnu"
        );
    }

    #[test]
    fn missing_atomics_says_what_each_mode_knows() {
        let t = "mips-unknown-linux-musl";
        let who = "crate `a`";
        assert!(missing_atomics_message(who, &[], t, false).contains("holds C objects"));
        let m = missing_atomics_message(who, &["__atomic_fetch_add_8".into()], t, true);
        assert!(
            m.contains("64-bit atomics (__atomic_fetch_add_8)")
                && m.ends_with("which the link lacks"),
            "{m}"
        );
        let m = missing_atomics_message(who, &["__sync_synchronize".into()], t, false);
        assert!(m.contains("atomic helpers") && !m.contains("lacks"), "{m}");
    }
}
