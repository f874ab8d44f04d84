//! Finding a `-l` library the way ld does, and asking a driver where it looks.
//!
//! Only called when a link has failed: asking the driver runs it twice (a few milliseconds).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::args::{LibRef, LinkInvocation};
use crate::toolchain::probe;

/// The file ld would pick for `lib`: in each directory in order, `lib<name>.so` then
/// `lib<name>.a` (only `.a` under `-Bstatic`); `-l:file` is that exact name.
pub fn resolve_lib(lib: &LibRef, search_dirs: &[PathBuf]) -> Option<PathBuf> {
    let names = candidate_names(lib);
    search_dirs
        .iter()
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|path| path.is_file())
}

fn candidate_names(lib: &LibRef) -> Vec<OsString> {
    if lib.verbatim {
        return vec![lib.name.clone()];
    }
    let with = |ext: &str| {
        let mut name = OsString::from("lib");
        name.push(&lib.name);
        name.push(ext);
        name
    };
    if lib.static_ {
        vec![with(".a")]
    } else {
        vec![with(".so"), with(".a")]
    }
}

/// The library directories a gcc or clang driver searches after the `-L`s, from
/// `-print-search-dirs` (its `libraries: =a:b` line), for the same target and sysroot as the
/// failed link. An ld (no such option) is asked `--verbose` for its `SEARCH_DIR`s instead.
/// Empty when the linker cannot tell.
// Never called by the diagnosis yet (a missing `-l` is looked up in the line's `-L` dirs
// only), though the README says `-l`s are resolved as the driver would: kept, tested, until
// that is wired in or the README changed.
#[cfg_attr(
    not(test),
    expect(dead_code, reason = "not wired into the link diagnosis")
)]
pub fn driver_search_dirs(linker: &Path, invocation: &LinkInvocation) -> Vec<PathBuf> {
    let flags = target_flags(invocation);
    if let Some(out) = run(linker, &flags, "-print-search-dirs") {
        let dirs = parse_print_search_dirs(&out);
        if !dirs.is_empty() {
            return dirs;
        }
    }
    run(linker, &[], "--verbose")
        .map(|out| parse_ld_verbose(&out))
        .unwrap_or_default()
}

/// The driver's sysroot (`-print-sysroot`), when it has one.
pub fn driver_sysroot(linker: &Path, invocation: &LinkInvocation) -> Option<PathBuf> {
    probe::print_sysroot(linker, &target_flags(invocation), probe::QUERY_LIMIT).map(PathBuf::from)
}

/// The flags that change which directories the driver answers with.
fn target_flags(invocation: &LinkInvocation) -> Vec<OsString> {
    let mut flags = Vec::new();
    if let Some(target) = &invocation.target_flag {
        flags.push(OsString::from(format!("--target={target}")));
    }
    if let Some(sysroot) = &invocation.sysroot {
        let mut flag = OsString::from("--sysroot=");
        flag.push(sysroot);
        flags.push(flag);
    }
    // `-m32`/`-m64`/`-mabi=…` pick a multilib directory.
    for word in &invocation.unknown {
        let bytes = word.as_encoded_bytes();
        if bytes.starts_with(b"-m") && !bytes.starts_with(b"-mllvm") {
            flags.push(word.clone());
        }
    }
    flags
}

fn run(linker: &Path, flags: &[OsString], question: &str) -> Option<Vec<u8>> {
    probe::query(linker, flags, question, probe::QUERY_LIMIT)
}

fn parse_print_search_dirs(out: &[u8]) -> Vec<PathBuf> {
    let text = String::from_utf8_lossy(out);
    let Some(list) = text
        .lines()
        .find_map(|line| line.strip_prefix("libraries: "))
    else {
        return Vec::new();
    };
    let list = list.trim().strip_prefix('=').unwrap_or(list.trim());
    std::env::split_paths(list)
        .filter(|p| !p.as_os_str().is_empty())
        .map(|p| normalize(&p))
        .collect()
}

/// GNU ld's built-in script: `SEARCH_DIR("=/usr/local/lib/x86_64-linux-gnu"); …`. A leading
/// `=` means "under the sysroot"; with none configured it is the path itself.
fn parse_ld_verbose(out: &[u8]) -> Vec<PathBuf> {
    let text = String::from_utf8_lossy(out);
    let mut dirs = Vec::new();
    for part in text.split("SEARCH_DIR(\"").skip(1) {
        if let Some(end) = part.find("\")") {
            let dir = &part[..end];
            dirs.push(PathBuf::from(dir.strip_prefix('=').unwrap_or(dir)));
        }
    }
    dirs
}

/// `/usr/lib/gcc/x86_64-linux-gnu/12/../../../x86_64-linux-gnu/` → its lexical normal form,
/// so the same directory compares equal however the driver spelt it.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_ld() {
        let root = std::env::temp_dir().join(format!("xlinkdiag-search-{}", std::process::id()));
        let (a, b) = (root.join("a"), root.join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("libz.a"), "").unwrap();
        std::fs::write(b.join("libz.so"), "").unwrap();
        std::fs::write(b.join("zz.o"), "").unwrap();
        let dirs = vec![a.clone(), b.clone()];
        let lib = |name: &str, verbatim, static_| LibRef {
            name: name.into(),
            verbatim,
            static_,
            whole_archive: false,
        };
        // The first directory wins, whatever the extension.
        assert_eq!(
            resolve_lib(&lib("z", false, false), &dirs),
            Some(a.join("libz.a"))
        );
        assert_eq!(
            resolve_lib(&lib("z", false, false), &[b.clone(), a.clone()]),
            Some(b.join("libz.so"))
        );
        assert_eq!(
            resolve_lib(&lib("z", false, true), &[b.clone(), a.clone()]),
            Some(a.join("libz.a"))
        );
        assert_eq!(
            resolve_lib(&lib("zz.o", true, false), &dirs),
            Some(b.join("zz.o"))
        );
        assert_eq!(resolve_lib(&lib("nosuch", false, false), &dirs), None);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn print_search_dirs() {
        let out = b"install: /usr/lib/gcc/x86_64-linux-gnu/12/\nprograms: =/usr/libexec/gcc\nlibraries: =/usr/lib/gcc/x86_64-linux-gnu/12/:/usr/lib/gcc/x86_64-linux-gnu/12/../../../x86_64-linux-gnu/:/lib/\n";
        assert_eq!(
            parse_print_search_dirs(out),
            vec![
                PathBuf::from("/usr/lib/gcc/x86_64-linux-gnu/12"),
                PathBuf::from("/usr/lib/x86_64-linux-gnu"),
                PathBuf::from("/lib"),
            ]
        );
        assert!(parse_print_search_dirs(b"garbage").is_empty());
    }

    #[test]
    fn ld_verbose() {
        let out = br#"SEARCH_DIR("=/usr/local/lib/x86_64-linux-gnu"); SEARCH_DIR("=/lib"); SEARCH_DIR("/opt/x");"#;
        assert_eq!(
            parse_ld_verbose(out),
            vec![
                PathBuf::from("/usr/local/lib/x86_64-linux-gnu"),
                PathBuf::from("/lib"),
                PathBuf::from("/opt/x"),
            ]
        );
    }

    /// Against the real drivers installed here; skipped where they are missing.
    #[test]
    fn real_drivers() {
        for (driver, expect) in [
            ("gcc", "x86_64-linux-gnu"),
            ("mips-linux-gnu-gcc", "mips-linux-gnu"),
        ] {
            let dirs = driver_search_dirs(Path::new(driver), &LinkInvocation::default());
            if dirs.is_empty() {
                continue;
            }
            assert!(
                dirs.iter().any(|d| d.to_string_lossy().contains(expect)),
                "{driver}: {dirs:?}"
            );
        }
        let ld = driver_search_dirs(Path::new("ld"), &LinkInvocation::default());
        if !ld.is_empty() {
            assert!(ld.iter().any(|d| d == Path::new("/lib")), "{ld:?}");
        }
    }
}
