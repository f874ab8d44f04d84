//! Where a target's libraries are on this machine. A fix names a dir only when the library
//! is there (checked with the file system), else it says what to install: a guessed path
//! that does not exist sends the user after nothing.

use std::path::{Path, PathBuf};

use crate::env::system_path;
use crate::target::TargetSpec;

use super::{CrossPrefix, debian_arch, gnu_triple};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LibPlace {
    /// The library for the target is here: its lib and include dirs, and how that layout
    /// is known, in words.
    Found {
        lib: PathBuf,
        include: PathBuf,
        how: String,
    },
    /// Not here: what to install, in words.
    Missing { install: String },
}

/// Where OpenSSL for the target is: the toolchain's own sysroot (`-print-sysroot`, an
/// OpenWrt SDK's `staging_dir/target-*`), Debian's multiarch dir, Debian's cross dir.
pub fn openssl(spec: &TargetSpec, prefix: &CrossPrefix) -> LibPlace {
    const FILES: [&str; 4] = ["libssl.so", "libssl.a", "libcrypto.so", "libcrypto.a"];
    let has = |dir: &Path| FILES.iter().any(|f| is_file(&dir.join(f)));
    for (lib, include, how) in candidates(spec, prefix) {
        if has(&lib) {
            return LibPlace::Found { lib, include, how };
        }
    }
    LibPlace::Missing {
        install: install_openssl(spec, prefix),
    }
}

/// The lib and include dirs that may hold the target's libraries, with how each is known.
/// Never the host's own `/usr/lib`: only dirs that belong to the target.
fn candidates(spec: &TargetSpec, prefix: &CrossPrefix) -> Vec<(PathBuf, PathBuf, String)> {
    let gnu = gnu_triple(spec);
    let mut out = Vec::new();
    let mut usr = |usr: PathBuf, how: String, multiarch: bool| {
        if multiarch {
            out.push((usr.join("lib").join(&gnu), usr.join("include"), how.clone()));
        }
        out.push((usr.join("lib"), usr.join("include"), how));
    };
    if let Some(s) = prefix.sysroot.as_deref().filter(|s| *s != "/") {
        usr(
            Path::new(s).join("usr"),
            format!("the toolchain's sysroot {s}"),
            true,
        );
    }
    for staging in openwrt_targets(&prefix.prefix) {
        let how = format!("the OpenWrt SDK's {}", staging.display());
        usr(staging.join("usr"), how, false);
    }
    if let Some(arch) = debian_arch(spec) {
        out.push((
            system_path(Path::new("/usr/lib").join(&gnu)),
            system_path("/usr/include"),
            format!("Debian multiarch, the `:{arch}` packages"),
        ));
    }
    out.push((
        system_path(Path::new("/usr").join(&gnu).join("lib")),
        system_path(Path::new("/usr").join(&gnu).join("include")),
        "the cross toolchain's own dir".into(),
    ));
    out
}

/// Where the target's `.pc` files are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PcPlace {
    /// A sysroot holding `usr/lib/pkgconfig`, and how it is known.
    Sysroot { root: PathBuf, how: String },
    /// Debian's multiarch `/usr/lib/<gnu triple>/pkgconfig`, with Debian's arch name.
    Multiarch { dir: PathBuf, arch: &'static str },
}

/// The target's `.pc` files on this machine: the toolchain's sysroot, an OpenWrt SDK's
/// `staging_dir/target-*`, Debian's multiarch dir; `None` when none is here.
pub fn pkg_config(spec: &TargetSpec, prefix: &CrossPrefix) -> Option<PcPlace> {
    let has_pc = |root: &Path| root.join("usr/lib/pkgconfig").is_dir();
    if let Some(s) = prefix.sysroot.as_deref().filter(|s| *s != "/")
        && has_pc(Path::new(s))
    {
        return Some(PcPlace::Sysroot {
            root: PathBuf::from(s),
            how: format!("the toolchain's sysroot {s}"),
        });
    }
    if let Some(t) = openwrt_targets(&prefix.prefix)
        .into_iter()
        .find(|t| has_pc(t))
    {
        let how = format!("the OpenWrt SDK's {}", t.display());
        return Some(PcPlace::Sysroot { root: t, how });
    }
    let dir = system_path(
        Path::new("/usr/lib")
            .join(gnu_triple(spec))
            .join("pkgconfig"),
    );
    let arch = debian_arch(spec)?;
    dir.is_dir().then_some(PcPlace::Multiarch { dir, arch })
}

/// `staging_dir/target-*` next to the toolchain an OpenWrt prefix names
/// (`…/staging_dir/toolchain-*/bin/mips-openwrt-linux-`).
fn openwrt_targets(prefix: &str) -> Vec<PathBuf> {
    let Some(staging) = Path::new(prefix)
        .ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == "staging_dir"))
    else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(staging) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("target-"))
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn is_file(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| m.is_file())
}

/// What to install for OpenSSL: Debian's package for the target's architecture, the SDK's
/// package, or the library built for the target.
pub fn install_openssl(spec: &TargetSpec, prefix: &CrossPrefix) -> String {
    if !openwrt_targets(&prefix.prefix).is_empty() {
        return "build the SDK's openssl package (`./scripts/feeds install openssl && make package/openssl/compile`) so it lands in staging_dir/target-*".into();
    }
    match debian_arch(spec) {
        Some(arch) if is_file(&system_path("/usr/bin/dpkg")) => format!(
            "install libssl-dev:{arch} (`dpkg --add-architecture {arch} && apt-get update && apt-get install libssl-dev:{arch}`), which puts it in /usr/lib/{}",
            gnu_triple(spec)
        ),
        _ => format!(
            "install OpenSSL built for {} into the toolchain's sysroot",
            spec.triple
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::fix::{ToolFlavor, cross_prefix};
    use crate::target::lookup;

    fn tmp(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("xlinkdiag-place-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn an_openwrt_sdk_target_dir_is_found_from_the_linkers_prefix() {
        let root = tmp("openwrt");
        let staging = root.join("staging_dir");
        let bin = staging.join("toolchain-mips_24kc_gcc-12.3.0_musl/bin");
        let lib = staging.join("target-mips_24kc_musl/usr/lib");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::create_dir_all(&lib).unwrap();
        std::fs::write(lib.join("libssl.so"), b"").unwrap();
        let spec = lookup("mips-unknown-linux-musl").unwrap();
        let prefix = CrossPrefix {
            prefix: format!("{}/mips-openwrt-linux-", bin.display()),
            from: String::new(),
            sysroot: None,
            flavor: ToolFlavor::Gnu,
        };
        match openssl(spec, &prefix) {
            LibPlace::Found {
                lib: l, include, ..
            } => {
                assert_eq!(l, lib);
                assert_eq!(include, staging.join("target-mips_24kc_musl/usr/include"));
            }
            m => panic!("{m:?}"),
        }
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn pkg_config_files_are_found_in_the_sdk_and_only_there() {
        let root = tmp("pc");
        let staging = root.join("staging_dir");
        let bin = staging.join("toolchain-mips_24kc_gcc-12.3.0_musl/bin");
        let target = staging.join("target-mips_24kc_musl");
        std::fs::create_dir_all(&bin).unwrap();
        let spec = lookup("mips-unknown-linux-musl").unwrap();
        let prefix = CrossPrefix {
            prefix: format!("{}/mips-openwrt-linux-", bin.display()),
            from: String::new(),
            sysroot: Some("/nonexistent-xlinkdiag-sysroot".into()),
            flavor: ToolFlavor::Gnu,
        };
        // No .pc dir yet: nothing is named.
        assert_eq!(pkg_config(spec, &prefix), None);
        std::fs::create_dir_all(target.join("usr/lib/pkgconfig")).unwrap();
        match pkg_config(spec, &prefix) {
            Some(PcPlace::Sysroot { root: r, .. }) => assert_eq!(r, target),
            m => panic!("{m:?}"),
        }
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn a_path_that_is_not_here_is_never_named() {
        let spec = lookup("mips64-unknown-linux-muslabi64").unwrap();
        let mut prefix = cross_prefix(spec, None);
        prefix.sysroot = Some("/nonexistent-xlinkdiag-sysroot".into());
        match openssl(spec, &prefix) {
            LibPlace::Missing { install } => {
                assert!(!install.contains("nonexistent"), "{install}")
            }
            m => panic!("{m:?}"),
        }
    }
}
