//! A fix's settings as lines a POSIX shell runs as they are: `export NAME=value …` and
//! `unset NAME …`. A per-target name no shell can assign or unset (`CC_aarch64-unknown-linux-gnu`,
//! which cc-rs reads first; `unset` of it exits 0 in bash and does nothing) is given to
//! `env` on the cargo command line instead. Every renderer prints settings through here.

use std::collections::BTreeMap;

use crate::target::vars::is_shell_name;

/// The lines that make the fix's settings take effect in the shell that runs cargo:
/// `unset`, then `export`, then one `env … cargo build` line for names a shell cannot
/// handle. `triple` completes the cargo command (`--target <triple>`).
pub fn lines(
    env: &BTreeMap<String, String>,
    unset: &[String],
    triple: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    let (plain_unset, odd_unset): (Vec<&String>, Vec<&String>) = unset
        .iter()
        .filter(|n| !env.contains_key(*n))
        .partition(|n| is_shell_name(n));
    if !plain_unset.is_empty() {
        let names: Vec<&str> = plain_unset.iter().map(|n| n.as_str()).collect();
        out.push(format!("unset {}", names.join(" ")));
    }
    type Pairs<'a> = Vec<(&'a String, &'a String)>;
    let (plain_set, odd_set): (Pairs, Pairs) = env.iter().partition(|(k, _)| is_shell_name(k));
    if !plain_set.is_empty() {
        let set: Vec<String> = plain_set
            .iter()
            .map(|(k, v)| format!("{k}={}", quote(v)))
            .collect();
        out.push(format!("export {}", set.join(" ")));
    }
    if !odd_unset.is_empty() || !odd_set.is_empty() {
        let mut words = vec!["env".to_string()];
        for n in odd_unset {
            words.push("-u".into());
            words.push(quote(n));
        }
        for (k, v) in odd_set {
            words.push(quote(&format!("{k}={v}")));
        }
        words.push("cargo build".into());
        if let Some(t) = triple {
            words.push(format!("--target {t}"));
        }
        out.push(words.join(" "));
    }
    out
}

/// The one line that writes the same settings where cargo reads them.
pub const FIX_APPLY: &str = "xlinkdiag fix --apply";

/// A word the shell takes literally: as it is when it holds only characters no shell
/// treats specially, else in single quotes (a `'` inside as `'\''`).
pub fn quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-./:,+=@%^".contains(&b));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn settings_become_exports_and_odd_names_go_to_env() {
        let l = lines(
            &env(&[
                ("CC_aarch64_unknown_linux_gnu", "aarch64-linux-gnu-gcc"),
                ("CARGO_TARGET_X_RUSTFLAGS", "-C link-arg=-latomic"),
            ]),
            &["CC".into(), "CC_aarch64-unknown-linux-gnu".into()],
            Some("aarch64-unknown-linux-gnu"),
        );
        assert_eq!(
            l,
            [
                "unset CC",
                "export CARGO_TARGET_X_RUSTFLAGS='-C link-arg=-latomic' CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc",
                "env -u CC_aarch64-unknown-linux-gnu cargo build --target aarch64-unknown-linux-gnu",
            ]
        );
    }

    #[test]
    fn a_name_set_and_unset_is_only_set() {
        let l = lines(&env(&[("CC_x", "y")]), &["CC_x".into()], None);
        assert_eq!(l, ["export CC_x=y"]);
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("a-b/c.d"), "a-b/c.d");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote("$(x)"), "'$(x)'");
        assert_eq!(quote(""), "''");
    }
}
