//! Finding a `-l` library the way ld does in the line's `-L` dirs, and asking a driver for
//! its sysroot.
//!
//! Only called when a link has failed: asking the driver runs it (a few milliseconds).

use std::ffi::OsString;
use std::path::PathBuf;

use super::args::{LibRef, LinkInvocation};

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

/// The driver's sysroot (`-print-sysroot`), when it has one.
/// The flags that change which directories the driver answers with.
pub fn target_flags(invocation: &LinkInvocation) -> Vec<OsString> {
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
}
