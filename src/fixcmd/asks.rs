//! What `fix` takes from a finding: keys to look things up by, never values to write.
//!
//! Findings reach `fix` from a CI log (annotate's pipeline, including the shim's
//! `xlinkdiag: data:` line, which any build can print), from a report file anyone can plant
//! (`--from report.json`, `target/xlinkdiag/last-link.json`) or from a scan of build
//! scripts' output. None of them is this machine's word. So an [`Ask`] keeps only: the kind;
//! the build system, when it is one of the names xlinkdiag writes; crate and package names
//! that are names; the names of the variables the finding asks for, when they are variable
//! names; a build-script run dir, which `plan` reads only where cargo's layout says it is one.
//! The values the finding gives those variables are kept to be shown (sanitised by the
//! renderer), never written and never run: `plan` derives every value it writes on this
//! machine.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::cargo::build_output::BuildSystem;
use crate::diagnose::{Finding, Kind, Severity};

/// One finding, as keys.
#[derive(Clone, Debug)]
pub struct Ask {
    pub kind: Kind,
    pub crate_name: Option<String>,
    pub package: Option<String>,
    pub system: BuildSystem,
    /// The variables it asks for, each with the value its source gave: shown, never written.
    pub names: BTreeMap<String, String>,
    /// Names that are no variable names (`CC; rm -rf /`): dropped, and counted to be said.
    pub bad_names: usize,
    pub build_dir: Option<PathBuf>,
    /// Its help lines, the source's words: shown with what no setting fixes.
    pub help: Vec<String>,
    /// The library a link took from the wrong place or missed (`freetype` of
    /// `…/libfreetype.so`), when the finding's file is a library: a name to look up in this
    /// machine's own dirs, never a path to use.
    pub library: Option<String>,
    /// The finding's file is one of rustc's own sysroot libraries (`…/lib/rustlib/<t>/lib/`,
    /// std's `compiler_builtins`): shipped for the target's ABI, never the cause to fix.
    pub in_rust_sysroot: bool,
}

/// The findings `fix` acts on (errors and warnings), as keys.
pub fn from_findings(findings: &[Finding]) -> Vec<Ask> {
    findings
        .iter()
        .filter(|f| matches!(f.severity, Severity::Error | Severity::Warning))
        .map(ask)
        .collect()
}

fn ask(f: &Finding) -> Ask {
    let (names, bad): (Vec<_>, Vec<_>) = f.env.iter().partition(|(n, _)| is_var_name(n));
    Ask {
        kind: f.kind,
        crate_name: f.crate_name.clone().filter(|c| is_name(c)),
        package: f.package.clone().filter(|p| is_name(p)),
        system: match system(f.provenance.build_system.as_deref(), f.kind) {
            BuildSystem::Unknown => by_names(f.env.keys().map(String::as_str)),
            known => known,
        },
        names: names
            .into_iter()
            .map(|(n, v)| (n.clone(), v.clone()))
            .collect(),
        bad_names: bad.len(),
        build_dir: f.provenance.build_dir.clone(),
        help: f.help.clone(),
        library: matches!(f.kind, Kind::HostLibraryPath | Kind::MissingLibrary)
            .then(|| library_name(&f.path))
            .flatten(),
        in_rust_sysroot: in_rust_sysroot(&f.path),
    }
}

/// `<sysroot>/lib/rustlib/<target>/lib/<file>`: rustc's own libraries for a target.
fn in_rust_sysroot(path: &std::path::Path) -> bool {
    let parts: Vec<_> = path.components().map(|c| c.as_os_str()).collect();
    let n = parts.len();
    n >= 5 && parts[n - 2] == "lib" && parts[n - 4] == "rustlib" && parts[n - 5] == "lib"
}

/// `lib<name>.so[.N]` or `lib<name>.a` → `name`, when `name` is a name.
fn library_name(path: &std::path::Path) -> Option<String> {
    let file = path.file_name()?.to_str()?;
    let stem = file.strip_prefix("lib")?;
    let name = match stem.split_once(".so") {
        Some((n, rest)) if rest.is_empty() || rest.starts_with('.') => n,
        _ => stem.strip_suffix(".a")?,
    };
    is_name(name).then(|| name.to_string())
}

/// The build system from the names xlinkdiag writes (`BuildSystem::as_str`, a `-sys`
/// crate's builder); anything else is a build script like any other.
fn system(name: Option<&str>, kind: Kind) -> BuildSystem {
    match name {
        Some("cc-rs") => BuildSystem::CcRs,
        Some("cmake") => BuildSystem::Cmake,
        Some("pkg-config") => BuildSystem::PkgConfig,
        Some("openssl-sys") => BuildSystem::OpensslSys,
        Some("prebuilt" | "a prebuilt library") => BuildSystem::Prebuilt,
        _ if kind == Kind::OpensslNotFound => BuildSystem::OpensslSys,
        _ if kind == Kind::PkgConfigCross => BuildSystem::PkgConfig,
        _ => BuildSystem::Unknown,
    }
}

/// The library lookup a finding's variable names belong to (`<T>_OPENSSL_LIB_DIR`,
/// `PKG_CONFIG_LIBDIR_<t>`), when its build system is not named: names are keys.
fn by_names<'a>(names: impl Iterator<Item = &'a str>) -> BuildSystem {
    let openssl = |n: &str| {
        crate::diagnose::fix::openssl::NAMES
            .iter()
            .any(|o| n.ends_with(&format!("_{o}")))
    };
    let mut system = BuildSystem::Unknown;
    for n in names {
        if openssl(n) {
            return BuildSystem::OpensslSys;
        }
        if n.starts_with("PKG_CONFIG_") {
            system = BuildSystem::PkgConfig;
        }
    }
    system
}

/// A crate or package name as cargo allows it: ASCII letters, digits, `-` and `_`.
pub fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A variable name as cargo's and cc-rs's per-target names spell them: a letter or `_`, then
/// letters, digits, `_`, and the `-` and `.` of a target triple (`CC_thumbv8m.main-none-eabi`).
pub fn is_var_name(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 128
        && (b[0].is_ascii_alphabetic() || b[0] == b'_')
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_names() {
        for ok in [
            "CC_aarch64_unknown_linux_gnu",
            "CC_aarch64-unknown-linux-gnu",
            "CFLAGS_thumbv8m.main-none-eabi",
            "HOST_CC",
            "_X",
        ] {
            assert!(is_var_name(ok), "{ok}");
        }
        for bad in [
            "",
            "1CC",
            "CC X",
            "CC=x",
            "CC\n::error::",
            "CC;rm",
            "CC/x",
            "é",
        ] {
            assert!(!is_var_name(bad), "{bad:?}");
        }
        assert!(is_name("openssl-sys") && is_name("tinyz_sys"));
        assert!(!is_name("a b") && !is_name("x/../y") && !is_name(""));
    }

    #[test]
    fn rusts_own_sysroot_libraries_are_known() {
        let p = |s: &str| in_rust_sysroot(std::path::Path::new(s));
        assert!(p(
            "/usr/lib/rustlib/armv7-unknown-linux-gnueabihf/lib/libcompiler_builtins-04ff.rlib"
        ));
        assert!(p(
            "/home/u/.rustup/toolchains/x/lib/rustlib/aarch64-unknown-linux-gnu/lib/libstd-1.rlib"
        ));
        assert!(!p(
            "/w/target/aarch64-unknown-linux-gnu/debug/deps/libfoo-1.rlib"
        ));
        assert!(!p("/usr/lib/rustlib/x/lib/sub/libx.a"));
    }

    #[test]
    fn library_names_from_library_files_only() {
        let n = |p: &str| library_name(std::path::Path::new(p));
        assert_eq!(
            n("/usr/lib/x86_64-linux-gnu/libfreetype.so"),
            Some("freetype".into())
        );
        assert_eq!(n("libudev.so.1"), Some("udev".into()));
        assert_eq!(n("/x/libz.a"), Some("z".into()));
        assert_eq!(n("libScrt1.o"), None);
        assert_eq!(n("/x/lib$(rm).so"), None);
        assert_eq!(n("libfoo.sox"), None);
    }

    #[test]
    fn build_systems_are_read_from_known_names_only() {
        assert_eq!(
            system(Some("openssl-sys"), Kind::WrongArchitecture),
            BuildSystem::OpensslSys
        );
        assert_eq!(
            system(Some("a prebuilt library"), Kind::WrongArchitecture),
            BuildSystem::Prebuilt
        );
        assert_eq!(system(None, Kind::OpensslNotFound), BuildSystem::OpensslSys);
        assert_eq!(
            system(Some("/tmp/evil"), Kind::WrongArchitecture),
            BuildSystem::Unknown
        );
    }
}
