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
    // openssl-sys asks pkg-config and builds its probe (expando.c) with cc-rs, and the
    // vendored build runs cc-rs, even when no other crate does.
    if users.contains_key("openssl-sys") {
        users
            .entry("pkg-config-rs")
            .or_default()
            .push("openssl-sys".into());
        let cc = users.entry("cc-rs").or_default();
        if !cc.iter().any(|n| n == "openssl-sys") {
            cc.push("openssl-sys".into());
        }
    }
    if users.contains_key("openssl-src") {
        users.entry("cc-rs").or_default().push("openssl-src".into());
    }
    users.retain(|_, v| !v.is_empty());
    Usage {
        lock_file: Some(lock.display().to_string()),
        users,
        openssl_vendored: false,
    }
}

/// Each package's enabled features, from `cargo tree -f "{p}|{f}"` lines (`name vX.Y.Z
/// (path)|feat1,feat2`), as every target and kind of dependency unify them.
pub fn parse_features(tree: &str) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in tree.lines() {
        let Some((pkg, feats)) = line.split_once('|') else {
            continue;
        };
        let Some(name) = pkg.split_whitespace().next() else {
            continue;
        };
        let list = out.entry(name.to_string()).or_default();
        for f in feats.split(',').map(str::trim).filter(|f| !f.is_empty()) {
            if !list.iter().any(|x| x == f) {
                list.push(f.to_string());
            }
        }
    }
    out
}

/// Takes out of `usage` the pkg-config users whose features keep their build script from
/// asking pkg-config (zstd-sys without `pkg-config`, a bundled libsqlite3-sys, a vendored
/// openssl-sys).
pub fn apply_features(usage: &mut Usage, features: &BTreeMap<String, Vec<String>>) {
    usage.openssl_vendored = features
        .get("openssl-sys")
        .is_some_and(|f| f.iter().any(|f| f == "vendored"));
    let Some(users) = usage.users.get_mut("pkg-config-rs") else {
        return;
    };
    users.retain(|u| {
        crate::cargo::sys_crates::asks_pkg_config(u, features.get(u.as_str()).map(Vec::as_slice))
    });
    usage.users.retain(|_, v| !v.is_empty());
}

/// The features cargo resolves for the project, from `cargo tree` (offline: doctor never
/// downloads); `None` when cargo cannot tell (nothing fetched yet, no cargo).
pub fn resolved_features(
    budget: &crate::toolchain::probe::Budget,
    manifest: &Path,
    target: &str,
) -> Option<BTreeMap<String, Vec<String>>> {
    let cargo = crate::env::var("CARGO").unwrap_or_else(|| "cargo".into());
    let program = crate::toolchain::probe::which(&cargo)?;
    let mut cmd = std::process::Command::new(&program);
    cmd.arg("tree")
        .arg("--manifest-path")
        .arg(manifest)
        .args(["--offline", "--prefix", "none", "--edges", "all"])
        .args(["--target", target, "--format", "{p}|{f}"]);
    let out = budget
        .run_command(&program, &mut cmd, std::time::Duration::from_secs(20))
        .ok()?;
    out.status
        .success()
        .then(|| parse_features(&String::from_utf8_lossy(&out.stdout)))
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

    #[test]
    fn features_decide_who_asks_pkg_config() {
        let tree = "app v0.1.0 (/w/app)|\nzstd-sys v2.0.9+zstd.1.5.5|legacy,std,zdict_builder\n\
                    libsqlite3-sys v0.28.0|bundled,cc\nfoo-sys v1.0.0|default\n";
        let features = parse_features(tree);
        assert_eq!(features["zstd-sys"], ["legacy", "std", "zdict_builder"]);
        let mut u = Usage {
            lock_file: Some("Cargo.lock".into()),
            users: BTreeMap::from([(
                "pkg-config-rs",
                vec!["zstd-sys".into(), "libsqlite3-sys".into(), "foo-sys".into()],
            )]),
            openssl_vendored: false,
        };
        apply_features(&mut u, &features);
        assert_eq!(u.users["pkg-config-rs"], ["foo-sys"]);
        // zstd-sys with its `pkg-config` feature asks it.
        let mut u2 = Usage {
            lock_file: Some("Cargo.lock".into()),
            users: BTreeMap::from([("pkg-config-rs", vec!["zstd-sys".into()])]),
            openssl_vendored: false,
        };
        apply_features(&mut u2, &parse_features("zstd-sys v2.0.9|pkg-config,std\n"));
        assert_eq!(u2.users["pkg-config-rs"], ["zstd-sys"]);
        assert!(!u2.openssl_vendored);
        apply_features(
            &mut u2,
            &parse_features("openssl-sys v0.9.118|openssl-src,vendored\n"),
        );
        assert!(u2.openssl_vendored);
    }
}
