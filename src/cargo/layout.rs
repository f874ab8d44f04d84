//! Cargo's target-dir layouts, old and new.
//!
//! Old: `target/<triple>/<profile>/{deps,build/<pkg>-<hash>/{out,output,stderr,root-output}}`.
//! New (`-Zbuild-dir-new-layout`, default since cargo 1.100): units live at
//! `build/<pkg>/<hash>/{out,run/{stdout,stderr,root-output}}` and the build dir may be apart
//! from the target dir. In a cross build everything under `<triple>/` is for the target and
//! everything else (`target/<profile>/…`: build-script executables, proc macros) is host.

use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use crate::target::{self, TargetSpec};

/// Where a file sits in a target dir.
#[derive(Clone, Debug, Default)]
pub struct Location {
    /// The `<triple>` component above the file, if any.
    pub triple: Option<&'static TargetSpec>,
    /// The build-script unit the file lives in (its `build/<pkg>-<hash>` dir).
    pub unit: Option<UnitDir>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitDir {
    pub dir: PathBuf,
    pub package: String,
    pub new_layout: bool,
}

pub fn locate(path: &Path) -> Location {
    let comps: Vec<Component> = path.components().collect();
    let mut loc = Location::default();
    for (i, c) in comps.iter().enumerate() {
        let Component::Normal(name) = c else { continue };
        if loc.triple.is_none() {
            loc.triple = target::from_path_component(name);
        }
        if *name == "build" && loc.unit.is_none() {
            loc.unit = unit_at(&comps, i);
        }
    }
    loc
}

/// The unit dir starting after the `build` component at `i`, if the names fit a unit.
fn unit_at(comps: &[Component], i: usize) -> Option<UnitDir> {
    let name = |k: usize| match comps.get(k) {
        Some(Component::Normal(n)) => n.to_str(),
        _ => None,
    };
    let first = name(i + 1)?;
    let prefix: PathBuf = comps[..=i].iter().collect();
    if let Some(pkg) = split_hash(first) {
        return Some(UnitDir {
            dir: prefix.join(first),
            package: pkg.to_string(),
            new_layout: false,
        });
    }
    let second = name(i + 2)?;
    is_hash(second).then(|| UnitDir {
        dir: prefix.join(first).join(second),
        package: first.to_string(),
        new_layout: true,
    })
}

/// `miniz-sys-9df090e5aeaaf6af` → `miniz-sys`.
pub fn split_hash(name: &str) -> Option<&str> {
    let (pkg, hash) = name.rsplit_once('-')?;
    (is_hash(hash) && !pkg.is_empty()).then_some(pkg)
}

fn is_hash(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `libminiz_sys-9df090e5aeaaf6af.rlib` → `miniz_sys`; also `.a`, `.so`, `.rmeta`.
pub fn crate_of_artifact(file_name: &OsStr) -> Option<String> {
    let name = file_name.to_str()?;
    let stem = name.strip_prefix("lib")?;
    let stem = stem.split('.').next()?;
    split_hash(stem).map(str::to_string)
}

/// The crate an rlib holds: `libminiz_sys-<hash>.rlib`, or an uplifted `libminiz_sys.rlib`.
pub fn crate_of_rlib(file_name: &OsStr) -> Option<String> {
    crate_of_artifact(file_name).or_else(|| {
        let n = file_name.to_str()?;
        let c = n.strip_prefix("lib")?.strip_suffix(".rlib")?;
        (!c.is_empty()).then(|| c.to_string())
    })
}

/// The cargo target (or build) dir a file lies in: the path above its `<triple>/`
/// component, when that is a cargo target dir. A toolchain's files are under a `<triple>/`
/// too (`<sysroot>/lib/rustlib/<triple>/lib/libstd-….rlib`, on every native link line):
/// a dir named `rustlib`, or one inside rustup's or cargo's home, is never taken for a
/// target dir, and below it there must be cargo's `<profile>/…`.
pub fn target_dir_of(path: &Path) -> Option<PathBuf> {
    let mut acc = PathBuf::new();
    let mut comps = path.components();
    for c in comps.by_ref() {
        if let Component::Normal(n) = c
            && target::from_path_component(n).is_some()
        {
            let cargo_shape = comps.clone().count() >= 2;
            let toolchain = acc.file_name().is_some_and(|n| n == "rustlib")
                || toolchain_homes().iter().any(|h| acc.starts_with(h));
            return (cargo_shape && !toolchain).then_some(acc);
        }
        acc.push(c);
    }
    None
}

/// rustup's and cargo's homes (`RUSTUP_HOME`, `CARGO_HOME`, else `~/.rustup`, `~/.cargo`):
/// toolchains and registries, never a build's target dir.
fn toolchain_homes() -> Vec<PathBuf> {
    let home = crate::env::var_os("HOME").map(PathBuf::from);
    [("RUSTUP_HOME", ".rustup"), ("CARGO_HOME", ".cargo")]
        .into_iter()
        .filter_map(|(var, dot)| {
            crate::env::var_os(var)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .or_else(|| home.as_ref().map(|h| h.join(dot)))
        })
        .filter(|p| p.is_absolute())
        .collect()
}

/// The shim's report of the last failed link, under a target dir.
pub const LAST_LINK: &str = "xlinkdiag/last-link.json";

/// Where the shim keeps the report of a failed link of `output`: one file per output, so that
/// a later success of that same link removes its own report (and only its own), and a log's
/// failed link finds the report of exactly that link. `last-link.json` points at the newest.
pub fn link_report(target_dir: &Path, output: &Path) -> PathBuf {
    // FNV-1a: a stable name from the path's bytes, with no dependency and no allocation.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in output.as_os_str().as_encoded_bytes() {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    target_dir
        .join("xlinkdiag/links")
        .join(format!("{h:016x}.json"))
}

/// Library dirs that belong to the build machine, where pkg-config and openssl-sys point
/// when nobody tells them about the target.
pub fn is_host_lib_dir(dir: &Path) -> bool {
    let s = dir.to_string_lossy();
    ["/usr/lib", "/lib", "/usr/local/lib", "/usr/lib64", "/lib64"]
        .iter()
        .any(|h| s == *h || s.starts_with(&format!("{h}/")))
        && !s.contains("gcc-cross")
        && !s.contains("/rustlib/")
}

/// Files a scan never needs to open: incremental caches, fingerprints, docs.
pub fn is_skipped_dir(name: &OsStr) -> bool {
    matches!(
        name.to_str(),
        Some("incremental" | ".fingerprint" | "doc" | "tmp" | "xlinkdiag" | "CMakeFiles")
    )
}

/// The file names worth sniffing: what a linker can be handed.
pub fn is_candidate_file(name: &OsStr) -> bool {
    let Some(n) = name.to_str() else {
        // Non-UTF-8 names are still sniffed: the bytes decide, not the name.
        return true;
    };
    let ext = n.rsplit_once('.').map(|(_, e)| e);
    matches!(
        ext,
        Some("rlib" | "a" | "o" | "obj" | "lib" | "so" | "dylib" | "dll" | "lo")
    ) || n.contains(".so.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_layout_unit() {
        let p = Path::new(
            "/t/target/mips-unknown-linux-musl/debug/build/miniz-sys-9df090e5aeaaf6af/out/libminiz.a",
        );
        let loc = locate(p);
        assert_eq!(loc.triple.unwrap().triple, "mips-unknown-linux-musl");
        let u = loc.unit.unwrap();
        assert_eq!(u.package, "miniz-sys");
        assert!(u.dir.ends_with("build/miniz-sys-9df090e5aeaaf6af"));
        assert!(!u.new_layout);
    }

    #[test]
    fn new_layout_unit() {
        let p =
            Path::new("/b/mips-unknown-linux-musl/debug/build/miniz-sys/9df090e5aeaaf6af/out/x.o");
        let u = locate(p).unit.unwrap();
        assert_eq!(u.package, "miniz-sys");
        assert!(u.new_layout);
    }

    #[test]
    fn host_side_has_no_triple() {
        let loc = locate(Path::new(
            "/t/target/debug/deps/libserde_derive-0123456789abcdef.so",
        ));
        assert!(loc.triple.is_none());
    }

    /// Issue 19: a native link names the sysroot's rlibs under `<triple>/`; that is no
    /// target dir, and neither is anything in rustup's or cargo's home.
    #[test]
    fn toolchain_dirs_are_not_target_dirs() {
        assert_eq!(
            target_dir_of(Path::new(
                "/w/target/aarch64-unknown-linux-gnu/debug/deps/liba-0123456789abcdef.rlib"
            )),
            Some(PathBuf::from("/w/target"))
        );
        assert_eq!(
            target_dir_of(Path::new(
                "/opt/rust/lib/rustlib/x86_64-unknown-linux-gnu/lib/libstd-0123456789abcdef.rlib"
            )),
            None
        );
        // The triple as the last component (a dir, not a file in cargo's layout).
        assert_eq!(
            target_dir_of(Path::new("/w/target/aarch64-unknown-linux-gnu")),
            None
        );
        if let Some(home) = toolchain_homes().first() {
            let p = home.join("toolchains/x/aarch64-unknown-linux-gnu/debug/deps/a.rlib");
            assert_eq!(target_dir_of(&p), None, "{p:?}");
        }
    }

    #[test]
    fn crate_names() {
        assert_eq!(
            crate_of_artifact(OsStr::new("libminiz_sys-9df090e5aeaaf6af.rlib")).as_deref(),
            Some("miniz_sys")
        );
        assert_eq!(crate_of_artifact(OsStr::new("libminiz.a")), None);
        assert_eq!(split_hash("a-b-c"), None);
    }
}
