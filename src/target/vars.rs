//! The names of the variables that configure a cross build, one rule per reader, as each
//! reader's own source spells them (read 2026-12 at the versions named):
//!
//! - cc-rs (1.2, `Build::target_envs`), cmake-rs (0.1, `getenv_target`), pkg-config-rs
//!   (0.3, `targeted_env_var`): `<VAR>_<triple>`, then `<VAR>_<triple with '-' → '_'>` (a
//!   `.` stays: `CC_thumbv8m.main_none_eabi`), then `TARGET_<VAR>` (`HOST_<VAR>` for the
//!   build machine), then `<VAR>`; the first that is set wins.
//! - cargo (`ConfigKey`): `CARGO_TARGET_<TRIPLE>_<KEY>`, the triple upper-cased with `-`
//!   and `.` turned into `_` (cargo splits the key `target.<triple>.linker` on dots).
//! - openssl-sys (0.9, `env`): `<TRIPLE>_<NAME>`, the triple upper-cased with `-` → `_`,
//!   before `<NAME>`.
//!
//! Every per-target name xlinkdiag prints, reads or writes comes from here.

/// `<var>_<triple>`, `<var>_<triple_>`, `TARGET_<var>` (or `HOST_<var>`), `<var>`: the order
/// in which cc-rs, cmake-rs and pkg-config-rs read `var` for a build for `triple`.
pub fn lookup_order(var: &str, triple: &str, cross: bool) -> [String; 4] {
    let kind = if cross { "TARGET" } else { "HOST" };
    [
        format!("{var}_{triple}"),
        target_var(var, triple),
        format!("{kind}_{var}"),
        var.to_string(),
    ]
}

/// The per-target name a fix writes: `<var>_<triple with '-' → '_'>` (`CC_aarch64_unknown_linux_gnu`),
/// the spelling every shell can set. The hyphenated spelling is read first; a fix that must
/// change a hyphenated name the user set keeps that name instead ([`spelling_of`]).
pub fn target_var(var: &str, triple: &str) -> String {
    format!("{var}_{}", triple.replace('-', "_"))
}

/// The triple as the per-target names spell it after `<VAR>_`.
pub fn triple_suffix(triple: &str) -> String {
    triple.replace('-', "_")
}

/// Which spelling of a per-target name `name` is, for `var` and `triple`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spelling {
    /// `CC_aarch64-unknown-linux-gnu`: read first; no POSIX shell can `export` it.
    Hyphenated,
    /// `CC_aarch64_unknown_linux_gnu`.
    Underscored,
    /// `TARGET_CC`: every cross target's.
    TargetGlobal,
    /// `CC`: every build script's, the host's too.
    Global,
}

/// The spelling of `name` among `var`'s names for `triple`, if it is one of them.
pub fn spelling_of(name: &str, var: &str, triple: &str) -> Option<Spelling> {
    let [hyphen, under, target, global] = lookup_order(var, triple, true);
    if name == hyphen && hyphen != under {
        Some(Spelling::Hyphenated)
    } else if name == under {
        Some(Spelling::Underscored)
    } else if name == target {
        Some(Spelling::TargetGlobal)
    } else if name == global {
        Some(Spelling::Global)
    } else {
        None
    }
}

/// The base variable and spelling of a cc-rs-style name for `triple`
/// (`CC_aarch64-unknown-linux-gnu` → (`CC`, Hyphenated)), among the bases given.
pub fn split_name<'b>(name: &str, triple: &str, bases: &[&'b str]) -> Option<(&'b str, Spelling)> {
    bases
        .iter()
        .find_map(|b| spelling_of(name, b, triple).map(|s| (*b, s)))
}

/// The triple as cargo's environment keys spell it: `AARCH64_UNKNOWN_LINUX_GNU`,
/// `THUMBV8M_MAIN_NONE_EABI`.
pub fn cargo_triple(triple: &str) -> String {
    triple.replace(['-', '.'], "_").to_ascii_uppercase()
}

/// `CARGO_TARGET_<TRIPLE>_<KEY>` (`LINKER`, `RUSTFLAGS`, `RUNNER`).
pub fn cargo_var(triple: &str, key: &str) -> String {
    format!("CARGO_TARGET_{}_{key}", cargo_triple(triple))
}

/// openssl-sys's per-target name: `<TRIPLE>_<name>` (`AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_DIR`).
pub fn openssl_var(triple: &str, name: &str) -> String {
    format!("{}_{name}", openssl_prefix(triple))
}

/// The prefix openssl-sys puts before its names for `triple`.
pub fn openssl_prefix(triple: &str) -> String {
    triple.to_uppercase().replace('-', "_")
}

/// A name a POSIX shell can assign and `export` (`[A-Za-z_][A-Za-z0-9_]*`): a hyphenated
/// per-target name is not one, and `unset` of it silently does nothing in bash.
pub fn is_shell_name(name: &str) -> bool {
    let mut b = name.bytes();
    b.next()
        .is_some_and(|c| c == b'_' || c.is_ascii_alphabetic())
        && b.all(|c| c == b'_' || c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_reader_spells_a_dotted_triple_its_own_way() {
        let t = "thumbv8m.main-none-eabi";
        assert_eq!(
            lookup_order("CC", t, true),
            [
                "CC_thumbv8m.main-none-eabi",
                "CC_thumbv8m.main_none_eabi",
                "TARGET_CC",
                "CC"
            ]
        );
        assert_eq!(
            target_var("PKG_CONFIG_PATH", t),
            "PKG_CONFIG_PATH_thumbv8m.main_none_eabi"
        );
        assert_eq!(
            cargo_var(t, "LINKER"),
            "CARGO_TARGET_THUMBV8M_MAIN_NONE_EABI_LINKER"
        );
        assert_eq!(
            openssl_var(t, "OPENSSL_DIR"),
            "THUMBV8M.MAIN_NONE_EABI_OPENSSL_DIR"
        );
        assert_eq!(lookup_order("CC", t, false)[2], "HOST_CC");
    }

    #[test]
    fn spellings_are_told_apart() {
        let t = "aarch64-unknown-linux-gnu";
        assert_eq!(
            spelling_of("CC_aarch64-unknown-linux-gnu", "CC", t),
            Some(Spelling::Hyphenated)
        );
        assert_eq!(
            spelling_of("CC_aarch64_unknown_linux_gnu", "CC", t),
            Some(Spelling::Underscored)
        );
        assert_eq!(
            spelling_of("TARGET_CC", "CC", t),
            Some(Spelling::TargetGlobal)
        );
        assert_eq!(spelling_of("CC", "CC", t), Some(Spelling::Global));
        assert_eq!(spelling_of("CXX", "CC", t), None);
        assert_eq!(
            split_name("CXX_aarch64-unknown-linux-gnu", t, &["CC", "CXX"]),
            Some(("CXX", Spelling::Hyphenated))
        );
        // A triple without a hyphen has one spelling only.
        assert_eq!(
            spelling_of("CC_wasm32", "CC", "wasm32"),
            Some(Spelling::Underscored)
        );
    }

    #[test]
    fn shell_names() {
        assert!(is_shell_name("CC_aarch64_unknown_linux_gnu"));
        assert!(is_shell_name("_X1"));
        assert!(!is_shell_name("CC_aarch64-unknown-linux-gnu"));
        assert!(!is_shell_name("CC_thumbv8m.main_none_eabi"));
        assert!(!is_shell_name("1X"));
        assert!(!is_shell_name(""));
    }
}
