//! Whose is a file the linker named: the crate of an rlib (`lib<crate>-<hash>.rlib`) or the
//! package of a build script's out dir (`build/<package>-<hash>/`), wherever they stand in the
//! path and with either separator; for a member named alone (mold's `codec.o`), the archive
//! the same log names it in, else the one rlib or archive of the link line it fits; the
//! package that asked for a `-l` library.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::super::log::Log;
use crate::cargo::layout;
use crate::linker::LinkInvocation;
use crate::messages::LinkerMessage;

/// The file a message is about. A relocation message may name only a source location
/// (`nopic.c:(.text+0xc)`); then the object of the `in function` line above it is meant.
pub(super) fn subject_file(m: &LinkerMessage, stderr: &[String]) -> (PathBuf, Option<String>) {
    let named = m.file.clone().unwrap_or_default();
    let is_source = named
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "c" | "cc" | "cpp" | "h" | "S" | "s"))
        || named.to_string_lossy().contains(":(");
    if (is_source || m.file.is_none()) && m.member.is_none() {
        let above = stderr[..m.line.saturating_sub(1).min(stderr.len())]
            .iter()
            .rev()
            .take(4)
            .find_map(|l| {
                l.strip_suffix("':")
                    .and_then(|l| l.split_once(": in function `"))
                    .map(|(obj, _)| obj)
            });
        if let Some(obj) = above {
            let obj = obj.rsplit(": ").next().unwrap_or(obj);
            return split_member(obj);
        }
    }
    (named, m.member.clone())
}

fn split_member(named: &str) -> (PathBuf, Option<String>) {
    match named.strip_suffix(')').and_then(|b| b.rsplit_once('(')) {
        Some((archive, member)) if !archive.is_empty() && !member.is_empty() => {
            (PathBuf::from(archive), Some(member.to_string()))
        }
        _ => (PathBuf::from(named), None),
    }
}

/// The crate a file of the link belongs to. `members`: the archives the link's messages
/// name each member in (`X.rlib(codec.o)`), for a member another message names alone.
pub(super) fn crate_of(
    path: &Path,
    member: Option<&str>,
    inv: Option<&LinkInvocation>,
    log: &Log,
    members: &HashMap<String, PathBuf>,
) -> Option<String> {
    let text = path.to_string_lossy();
    if let Some(c) = rlib_crate_in(&text) {
        return Some(c);
    }
    let name = path.file_name()?;
    if path.extension().is_some_and(|e| e == "rlib") {
        return layout::crate_of_rlib(name);
    }
    // A file a crate ships: `…/registry/src/<index>/windows_aarch64_msvc-0.32.0/lib/x.lib`.
    if let Some(pkg) = registry_package(&path.to_string_lossy()) {
        return Some(pkg.replace('-', "_"));
    }
    // rustc's own objects: `app-<hash>.app.<hash>-cgu.0.rcgu.o`, `app.app.<hash>-cgu.0.rcgu.o`.
    if let Some(n) = name.to_str().filter(|n| n.ends_with(".rcgu.o")) {
        let first = n.split(['.', '-']).next().filter(|c| !c.is_empty())?;
        return Some(first.to_string());
    }
    if let Some(pkg) = build_package_in(&text) {
        return Some(pkg.replace('-', "_"));
    }
    if let Some(u) = layout::locate(path).unit {
        return Some(u.package.replace('-', "_"));
    }
    let bare = path.parent().is_none_or(|p| p.as_os_str().is_empty());
    if bare && member.is_none() {
        let alone = name.to_str()?;
        // Another message of the same link names the member with its archive.
        if let Some(archive) = members.get(alone)
            && archive != path
        {
            return crate_of(archive, Some(alone), inv, log, &HashMap::new());
        }
        let inv = inv?;
        return fitting_input(alone, inv).or_else(|| only_crate_with_build_script(inv));
    }
    // `libfoo.a` a build script asked for by name.
    let lib = name
        .to_str()?
        .strip_prefix("lib")?
        .split('.')
        .next()?
        .to_string();
    log.linked_libs
        .iter()
        .find(|(_, l)| *l == lib)
        .map(|(p, _)| p.replace('-', "_"))
}

/// The crate of `lib<crate>-<hash>.rlib` wherever it stands in a text (a path, an archive
/// member's name, a line).
pub(in crate::annotate) fn rlib_crate_in(text: &str) -> Option<String> {
    text.match_indices(".rlib").find_map(|(end, _)| {
        let start = text[..end]
            .rfind(['/', '\\', ' ', '\'', '"', '('])
            .map_or(0, |i| i + 1);
        let name = text[start..end].strip_prefix("lib")?;
        let (krate, hash) = name.rsplit_once('-')?;
        let is_hash = !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_hexdigit());
        let is_crate = !krate.is_empty()
            && krate
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_');
        (is_hash && is_crate).then(|| krate.to_string())
    })
}

/// The package of a build script's out dir, `build/<package>-<16 hex>/`, wherever it stands
/// in a path, with either separator.
pub(in crate::annotate) fn build_package_in(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    text.match_indices("build").find_map(|(at, _)| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        if !matches!(before, Some(b'/' | b'\\')) {
            return None;
        }
        let rest = &text[at + "build".len()..];
        let rest = rest.strip_prefix(['/', '\\'])?;
        let dir = rest.split(['/', '\\']).next()?;
        if dir.len() == rest.len() {
            return None;
        }
        let (pkg, hash) = dir.rsplit_once('-')?;
        let ok = hash.len() == 16
            && hash.bytes().all(|b| b.is_ascii_hexdigit())
            && !pkg.is_empty()
            && pkg
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        ok.then_some(pkg)
    })
}

/// The one rlib or archive of the link line a member's name fits: its stem is the crate's
/// or the library's name, or names it (`zstd.o` in `libzstd_sys-….rlib`, cc-rs's
/// `3f2a…-codec.o` in `libcodec.a`).
fn fitting_input(member: &str, inv: &LinkInvocation) -> Option<String> {
    let stem = member.rsplit_once('.').map_or(member, |(s, _)| s);
    // cc-rs names its objects `<hash>-<source>.o`.
    let stem = stem
        .split_once('-')
        .filter(|(h, _)| h.len() >= 8 && h.bytes().all(|b| b.is_ascii_hexdigit()))
        .map_or(stem, |(_, s)| s)
        .to_ascii_lowercase()
        .replace('-', "_");
    if stem.len() < 3 {
        return None;
    }
    let mut fits: Vec<String> = inv
        .inputs
        .iter()
        .filter_map(|p| {
            let n = p.file_name()?.to_str()?;
            let owner = layout::crate_of_rlib(p.file_name()?)
                .or_else(|| build_package_in(&p.to_string_lossy()).map(|s| s.replace('-', "_")))
                .or_else(|| {
                    let lib = n.strip_prefix("lib")?.split('.').next()?;
                    Some(lib.replace('-', "_"))
                })?;
            let name = owner.trim_end_matches("_sys").to_string();
            (name == stem || owner == stem || (name.len() >= 3 && stem.starts_with(&name)))
                .then_some(owner)
        })
        .collect();
    fits.sort();
    fits.dedup();
    (fits.len() == 1).then(|| fits.remove(0))
}

/// The package of a file under cargo's registry sources, with either separator.
pub(in crate::annotate) fn registry_package(path: &str) -> Option<&str> {
    let at = path
        .find("registry/src/")
        .or_else(|| path.find("registry\\src\\"))?;
    let mut parts = path[at + "registry/src/".len()..].split(['/', '\\']);
    let dir = parts.nth(1)?;
    // `<name>-<version>`: the name is what comes before the last `-` followed by a digit.
    let cut = dir
        .match_indices('-')
        .filter(|(i, _)| dir[i + 1..].starts_with(|c: char| c.is_ascii_digit()))
        .map(|(i, _)| i)
        .next_back()?;
    Some(&dir[..cut])
}

/// mold names only the member. When exactly one rlib of the link belongs to a package whose
/// build script put objects in a `-L` dir, that crate holds it.
fn only_crate_with_build_script(inv: &LinkInvocation) -> Option<String> {
    let scripted: Vec<String> = inv
        .search_dirs
        .iter()
        .filter_map(|d| layout::locate(d).unit)
        .map(|u| u.package.replace('-', "_"))
        .collect();
    let mut crates: Vec<String> = inv
        .inputs
        .iter()
        .filter_map(|p| p.file_name().and_then(layout::crate_of_rlib))
        .filter(|c| scripted.contains(c))
        .collect();
    crates.dedup();
    (crates.len() == 1).then(|| crates.remove(0))
}

/// `-lssl` → openssl-sys: the packages that link well-known libraries, for when the log does
/// not say which build script asked for one.
const KNOWN_LIBS: &[(&str, &str)] = &[
    ("asound", "alsa-sys"),
    ("bz2", "bzip2-sys"),
    ("crypto", "openssl-sys"),
    ("curl", "curl-sys"),
    ("dbus-1", "libdbus-sys"),
    ("git2", "libgit2-sys"),
    ("lzma", "lzma-sys"),
    ("sqlite3", "libsqlite3-sys"),
    ("ssh2", "libssh2-sys"),
    ("ssl", "openssl-sys"),
    ("udev", "libudev-sys"),
    ("z", "libz-sys"),
    ("zstd", "zstd-sys"),
];

pub(super) fn package_of_lib(lib: &str, log: &Log) -> Option<String> {
    log.linked_libs
        .iter()
        .find(|(_, l)| l == lib)
        .map(|(p, _)| p.clone())
        .or_else(|| {
            let known = KNOWN_LIBS.iter().find(|(l, _)| *l == lib)?.1;
            log.packages
                .iter()
                .any(|(n, _)| n == known)
                .then(|| known.to_string())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crates_and_packages_anywhere_in_a_path() {
        assert_eq!(
            rlib_crate_in("/t/deps/libfoo_sys-0123456789abcdef.rlib: error adding symbols")
                .as_deref(),
            Some("foo_sys")
        );
        assert_eq!(
            rlib_crate_in(r"C:\t\deps\libring-0123abcd.rlib(x.o)").as_deref(),
            Some("ring")
        );
        assert_eq!(rlib_crate_in("/t/libstd.rlib"), None);
        assert_eq!(
            build_package_in(
                "/t/aarch64-unknown-linux-gnu/release/build/zstd-sys-0123456789abcdef/out/libzstd.a"
            ),
            Some("zstd-sys")
        );
        assert_eq!(
            build_package_in(r"C:\t\release\build\openssl-sys-0123456789abcdef\out\lib\ssl.lib"),
            Some("openssl-sys")
        );
        assert_eq!(build_package_in("/src/build/foo/bar.o"), None);
    }

    #[test]
    fn a_lone_member_fits_one_input() {
        let args: Vec<std::ffi::OsString> = [
            "-o",
            "app",
            "/t/deps/libzstd_sys-0123456789abcdef.rlib",
            "/t/deps/libminiz_sys-0123456789abcdef.rlib",
            "/t/deps/libcore-0123456789abcdef.rlib",
        ]
        .iter()
        .map(Into::into)
        .collect();
        let inv = crate::linker::parse(&args, crate::linker::ArgLevel::Driver);
        assert_eq!(fitting_input("zstd.o", &inv).as_deref(), Some("zstd_sys"));
        assert_eq!(
            fitting_input("0123abcd9f8e7d6c-miniz.o", &inv).as_deref(),
            Some("miniz_sys")
        );
        assert_eq!(fitting_input("codec.o", &inv), None);
    }
}
