//! Whose is a file the linker named: the crate of an rlib, the package of a build script's
//! out dir, the one crate with a build script when mold names a bare member, the package
//! that asked for a `-l` library.

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

/// The crate a file of the link belongs to.
pub(super) fn crate_of(
    path: &Path,
    member: Option<&str>,
    inv: Option<&LinkInvocation>,
    log: &Log,
) -> Option<String> {
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
    if let Some(u) = layout::locate(path).unit {
        return Some(u.package.replace('-', "_"));
    }
    let bare = path.parent().is_none_or(|p| p.as_os_str().is_empty());
    if bare && member.is_none() {
        return only_crate_with_build_script(inv?);
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
