//! Which build systems the project's crates use, from `Cargo.lock`: a leaked `CC` only
//! matters if some build script runs cc-rs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::model::Usage;

/// Lock files larger than this are not read (a large workspace's lock is well under it).
const MAX_LOCK: u64 = 16 << 20;

/// The build-system crates and the name doctor reports them under.
const SYSTEMS: &[(&str, &str)] = &[
    ("cc", "cc-rs"),
    ("cmake", "cmake-rs"),
    ("openssl-src", "openssl-src"),
    ("openssl-sys", "openssl-sys"),
    ("pkg-config", "pkg-config-rs"),
];

/// The manifest cargo would use: `--manifest-path`, else the nearest `Cargo.toml` from `cwd`
/// upwards.
pub fn manifest(cwd: &Path, given: Option<&Path>) -> Option<PathBuf> {
    if let Some(g) = given {
        return Some(g.to_path_buf());
    }
    cwd.ancestors()
        .map(|d| d.join("Cargo.toml"))
        .find(|p| p.is_file())
}

/// The workspace's `Cargo.lock`: the nearest one from the manifest's dir upwards.
pub fn lock_file(manifest: &Path) -> Option<PathBuf> {
    let dir = std::fs::canonicalize(manifest)
        .ok()?
        .parent()?
        .to_path_buf();
    dir.ancestors()
        .map(|d| d.join("Cargo.lock"))
        .find(|p| p.is_file())
}

pub fn usage(lock: Option<&Path>) -> Usage {
    let Some(lock) = lock else {
        return Usage::default();
    };
    let Some(table) = std::fs::metadata(lock)
        .ok()
        .filter(|m| m.len() <= MAX_LOCK)
        .and_then(|_| crate::fsio::read_string_capped(lock, MAX_LOCK).ok())
        .and_then(|t| t.parse::<toml::Table>().ok())
    else {
        return Usage::default();
    };
    let mut users: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    let packages = table
        .get("package")
        .and_then(|p| p.as_array())
        .cloned()
        .unwrap_or_default();
    for p in &packages {
        let Some(name) = p.get("name").and_then(|n| n.as_str()) else {
            continue;
        };
        let deps = p.get("dependencies").and_then(|d| d.as_array());
        for d in deps.into_iter().flatten().filter_map(|d| d.as_str()) {
            // `cc`, or `cc 1.2.3` when several versions are locked.
            let dep = d.split_whitespace().next().unwrap_or("");
            if let Some((_, system)) = SYSTEMS.iter().find(|(c, _)| *c == dep) {
                let list = users.entry(system).or_default();
                // cmake-rs and openssl-src use cc-rs themselves; name the crates above them.
                if !SYSTEMS.iter().any(|(c, _)| *c == name) && !list.iter().any(|n| n == name) {
                    list.push(name.to_string());
                }
            }
        }
        if let Some((_, system)) = SYSTEMS.iter().find(|(c, _)| *c == name) {
            users.entry(system).or_default();
        }
    }
    // openssl-sys asks pkg-config, and the vendored build runs cc-rs, even when no other
    // crate does.
    if users.contains_key("openssl-sys") {
        users
            .entry("pkg-config-rs")
            .or_default()
            .push("openssl-sys".into());
    }
    if users.contains_key("openssl-src") {
        users.entry("cc-rs").or_default().push("openssl-src".into());
    }
    users.retain(|_, v| !v.is_empty());
    Usage {
        lock_file: Some(lock.display().to_string()),
        users,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_build_systems_from_a_lock() {
        let dir = std::env::temp_dir().join(format!("xlinkdiag-lock-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let lock = dir.join("Cargo.lock");
        std::fs::write(
            &lock,
            "version = 4\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"miniz-sys\"]\n\
             [[package]]\nname = \"miniz-sys\"\nversion = \"0.1.0\"\ndependencies = [\"cc\"]\n\
             [[package]]\nname = \"cmlib-sys\"\nversion = \"0.1.0\"\ndependencies = [\"cmake\"]\n\
             [[package]]\nname = \"cmake\"\nversion = \"0.1.58\"\ndependencies = [\"cc\"]\n\
             [[package]]\nname = \"cc\"\nversion = \"1.11.3\"\n",
        )
        .unwrap();
        let u = usage(Some(&lock));
        assert_eq!(u.users.get("cc-rs").unwrap(), &["miniz-sys"]);
        assert_eq!(u.users.get("cmake-rs").unwrap(), &["cmlib-sys"]);
        assert!(u.uses("cc-rs") && !u.uses("pkg-config-rs") && !u.uses("openssl-sys"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
