//! openssl-sys (not vendored): which of its variables gave the library dir, and the one fix
//! for "it took another machine's OpenSSL" that scan, the shim, annotate, doctor and `fix`
//! all give.
//!
//! The lookup order is openssl-sys's own (build/main.rs `env`, build/find_normal.rs
//! `get_openssl`, checked on 0.9.118): each name is read as `<TARGET>_<NAME>` (the target
//! upper-cased, `-` → `_`) and, only when that is unset, as `<NAME>`; the lib dir comes from
//! `OPENSSL_LIB_DIR`, and `OPENSSL_DIR` is read only when the lib or the include dir is
//! still missing. So a global `OPENSSL_LIB_DIR` beats a target's own `<T>_OPENSSL_DIR`,
//! while a target's own `<T>_OPENSSL_LIB_DIR` beats every global name.

use crate::target::TargetSpec;

use super::place::{self, LibPlace};
use super::{CrossPrefix, Fix};

/// The names openssl-sys reads for the lib dir, most decisive first.
pub const LIB_DIR: &str = "OPENSSL_LIB_DIR";
pub const INCLUDE_DIR: &str = "OPENSSL_INCLUDE_DIR";
pub const DIR: &str = "OPENSSL_DIR";
/// Every name of the lookup, for callers that only need to recognise them.
pub const NAMES: [&str; 3] = [LIB_DIR, INCLUDE_DIR, DIR];

/// What a mode knows of a variable the build script reads: `Some(Some(v))` set,
/// `Some(None)` known to be unset, `None` not known (a log shows no lookups).
pub type Vars<'a> = &'a dyn Fn(&str) -> Option<Option<String>>;

/// The prefix openssl-sys puts before each name for a target.
pub fn prefix(spec: &TargetSpec) -> String {
    crate::target::vars::openssl_prefix(spec.triple)
}

/// The target's own spelling of a name: `AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_LIB_DIR`.
pub fn target_var(spec: &TargetSpec, name: &str) -> String {
    format!("{}_{name}", prefix(spec))
}

/// A variable openssl-sys took, with its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Taken {
    pub name: String,
    pub value: String,
}

impl Taken {
    /// A global name reaches every build script, the host's too.
    pub fn is_global(&self) -> bool {
        NAMES.contains(&self.name.as_str())
    }
}

/// One name as openssl-sys reads it: the target's spelling, else the global one.
pub fn read(spec: &TargetSpec, name: &str, vars: Vars) -> Option<Taken> {
    [target_var(spec, name), name.to_string()]
        .into_iter()
        .find_map(|n| {
            let value = vars(&n).flatten()?;
            Some(Taken { name: n, value })
        })
}

/// Whether `OPENSSL_NO_VENDOR` (the target's spelling first) turns the `vendored` feature
/// off: set and not `0`, as openssl-sys reads it.
pub fn no_vendor(spec: &TargetSpec, vars: Vars) -> bool {
    read(spec, "OPENSSL_NO_VENDOR", vars).is_some_and(|t| t.value != "0")
}

/// The variable that decided where openssl-sys looked for the libraries: the lib dir
/// variable, else the dir variable (`None`: pkg-config or nothing decided it).
///
/// One case this does not see: with a lib dir but neither an include dir nor a dir
/// variable, openssl-sys asks pkg-config for the missing dir first, and a pkg-config that
/// answers ends the build script with its own libraries. Scan and the shim read what the
/// script recorded, so they are right there; doctor reports the lib dir variable.
pub fn lib_dir_from(spec: &TargetSpec, vars: Vars) -> Option<Taken> {
    read(spec, LIB_DIR, vars).or_else(|| read(spec, DIR, vars))
}

/// Whether openssl-sys will ask pkg-config: only when the lib or the include dir is still
/// unknown after its variables, and no dir variable gives them.
pub fn asks_pkg_config(spec: &TargetSpec, vars: Vars) -> bool {
    let both = read(spec, LIB_DIR, vars).is_some() && read(spec, INCLUDE_DIR, vars).is_some();
    !both && read(spec, DIR, vars).is_none()
}

/// The lib dir openssl-sys will search, as it derives it (`<dir>/lib64` when that exists,
/// else `<dir>/lib`).
pub fn lib_dir(spec: &TargetSpec, vars: Vars) -> Option<(std::path::PathBuf, Taken)> {
    let taken = lib_dir_from(spec, vars)?;
    let dir = std::path::PathBuf::from(&taken.value);
    let dir = if taken.name.ends_with(LIB_DIR) {
        dir
    } else {
        ["lib64", "lib"]
            .iter()
            .map(|s| dir.join(s))
            .find(|p| p.is_dir())
            .unwrap_or_else(|| dir.join("lib"))
    };
    Some((dir, taken))
}

/// The fix for openssl-sys finding another machine's OpenSSL (or none): the target's own
/// lib and include dirs where they exist here (read before every global name, so nothing
/// else has to change for the target), the global variable that took effect named and to
/// be unset, else what to install.
pub fn fix(spec: &TargetSpec, vars: Vars, toolchain: &CrossPrefix) -> Fix {
    let mut fix = Fix::default();
    let (lib_var, inc_var) = (target_var(spec, LIB_DIR), target_var(spec, INCLUDE_DIR));
    if let Some(t) = lib_dir_from(spec, vars) {
        let line = took_effect(spec, &t, vars);
        if t.is_global() {
            fix.unset.push((t.name.clone(), line));
        } else {
            fix.help.push(line);
        }
    }
    match place::openssl(spec, toolchain) {
        LibPlace::Found { lib, include, how } => {
            fix.env.insert(lib_var, lib.display().to_string());
            fix.env.insert(inc_var, include.display().to_string());
            fix.help.push(format!(
                "{} holds OpenSSL for {} ({how})",
                lib.display(),
                spec.triple
            ));
        }
        LibPlace::Missing { install } => {
            fix.help.push(format!(
                "no OpenSSL for {} is installed here: {install}; then set {lib_var} and {inc_var} to its dirs",
                spec.triple
            ));
        }
    }
    fix.help.push(vendored(spec));
    fix
}

/// The way out that needs no OpenSSL for the target at all.
pub fn vendored(spec: &TargetSpec) -> String {
    format!(
        "or build OpenSSL from source for {}: the `vendored` feature of the openssl crate (`cargo add openssl --features vendored`), which needs only the target's C compiler (CC_{})",
        spec.triple,
        spec.underscored()
    )
}

/// Which variable took effect, and why it beat the target's own names.
fn took_effect(spec: &TargetSpec, t: &Taken, vars: Vars) -> String {
    let own = target_var(spec, LIB_DIR);
    if !t.is_global() {
        return format!(
            "openssl-sys took {}={} for {}: it points at another machine's OpenSSL; change it",
            t.name, t.value, spec.triple
        );
    }
    // A target's own dir variable loses to any lib dir variable.
    let beaten = read(spec, DIR, vars).filter(|d| !d.is_global() && t.name == LIB_DIR);
    let why = match beaten {
        Some(d) => format!(
            "; it overrides {}={}, because openssl-sys reads the lib dir variables before the dir ones",
            d.name, d.value
        ),
        None => format!(
            " because {own} was unset; a global {} reaches every build script, for the host and the target alike",
            t.name
        ),
    };
    format!(
        "unset {}: openssl-sys took {}={} for {}{why}",
        t.name, t.name, t.value, spec.triple
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::fix::cross_prefix;
    use crate::target::lookup;

    fn vars(
        set: &'static [(&'static str, &'static str)],
    ) -> impl Fn(&str) -> Option<Option<String>> {
        move |n: &str| {
            Some(
                set.iter()
                    .find(|(k, _)| *k == n)
                    .map(|(_, v)| v.to_string()),
            )
        }
    }

    #[test]
    fn no_vendor_is_set_and_not_zero_the_targets_spelling_first() {
        let spec = lookup("aarch64-unknown-linux-gnu").unwrap();
        assert!(!no_vendor(spec, &vars(&[])));
        assert!(no_vendor(spec, &vars(&[("OPENSSL_NO_VENDOR", "1")])));
        assert!(!no_vendor(spec, &vars(&[("OPENSSL_NO_VENDOR", "0")])));
        assert!(!no_vendor(
            spec,
            &vars(&[
                ("AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_NO_VENDOR", "0"),
                ("OPENSSL_NO_VENDOR", "1"),
            ])
        ));
    }

    #[test]
    fn a_global_lib_dir_beats_the_targets_own_dir() {
        let spec = lookup("aarch64-unknown-linux-gnu").unwrap();
        let v = vars(&[
            ("OPENSSL_LIB_DIR", "/usr/lib/x86_64-linux-gnu"),
            ("AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_DIR", "/opt/arm64/usr"),
        ]);
        let t = lib_dir_from(spec, &v).unwrap();
        assert_eq!(t.name, "OPENSSL_LIB_DIR");
        let f = fix(spec, &v, &cross_prefix(spec, None));
        assert_eq!(f.unset.len(), 1);
        let (name, line) = &f.unset[0];
        assert_eq!(name, "OPENSSL_LIB_DIR");
        assert!(
            line.starts_with(
                "unset OPENSSL_LIB_DIR: openssl-sys took OPENSSL_LIB_DIR=/usr/lib/x86_64-linux-gnu for aarch64-unknown-linux-gnu;"
            ) && line.contains("overrides AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_DIR=/opt/arm64/usr"),
            "{line}"
        );
        // The target's own pair is what is set (it beats every global name), never _DIR.
        assert!(
            f.env
                .keys()
                .all(|k| k.ends_with("_OPENSSL_LIB_DIR") || k.ends_with("_OPENSSL_INCLUDE_DIR")),
            "{:?}",
            f.env
        );
    }

    #[test]
    fn the_targets_own_lib_dir_beats_every_global_name() {
        let spec = lookup("aarch64-unknown-linux-gnu").unwrap();
        let v = vars(&[
            ("OPENSSL_LIB_DIR", "/usr/lib/x86_64-linux-gnu"),
            ("OPENSSL_DIR", "/usr"),
            ("AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_LIB_DIR", "/opt/a"),
        ]);
        assert_eq!(
            lib_dir_from(spec, &v).map(|t| t.name),
            Some("AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_LIB_DIR".into())
        );
        let f = fix(spec, &v, &cross_prefix(spec, None));
        assert!(f.unset.is_empty());
        assert!(f.help[0].contains("change it"), "{:?}", f.help);
    }

    #[test]
    fn pkg_config_is_asked_only_without_the_pair_or_a_dir() {
        let spec = lookup("aarch64-unknown-linux-gnu").unwrap();
        assert!(asks_pkg_config(spec, &vars(&[])));
        assert!(asks_pkg_config(spec, &vars(&[("OPENSSL_LIB_DIR", "/x")])));
        assert!(!asks_pkg_config(
            spec,
            &vars(&[
                ("AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_LIB_DIR", "/x"),
                ("OPENSSL_INCLUDE_DIR", "/y"),
            ])
        ));
        assert!(!asks_pkg_config(spec, &vars(&[("OPENSSL_DIR", "/usr")])));
    }

    #[test]
    fn a_dir_gives_lib64_or_lib() {
        let spec = lookup("mips-unknown-linux-musl").unwrap();
        let v = vars(&[("OPENSSL_DIR", "/nonexistent-xlinkdiag")]);
        let (dir, t) = lib_dir(spec, &v).unwrap();
        assert_eq!(dir, std::path::Path::new("/nonexistent-xlinkdiag/lib"));
        assert_eq!(t.name, "OPENSSL_DIR");
        assert_eq!(lib_dir(spec, &vars(&[])), None);
    }

    #[test]
    fn nothing_known_names_no_variable_and_no_path_that_is_not_here() {
        // MIPS musl has no multiarch dir on any Debian: the fix says what to install.
        let spec = lookup("mips-unknown-linux-musl").unwrap();
        let f = fix(spec, &|_| None, &cross_prefix(spec, None));
        assert!(f.unset.is_empty());
        assert!(f.env.is_empty(), "{:?}", f.env);
        assert!(f.help[0].contains("no OpenSSL for mips-unknown-linux-musl is installed here"));
    }

    #[test]
    fn prefixes_as_openssl_sys_spells_them() {
        let spec = lookup("armv7-unknown-linux-gnueabihf").unwrap();
        assert_eq!(
            target_var(spec, LIB_DIR),
            "ARMV7_UNKNOWN_LINUX_GNUEABIHF_OPENSSL_LIB_DIR"
        );
    }
}
