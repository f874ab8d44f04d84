//! A link.exe or lld-link command line, read as they read it.
//!
//! Options start with `/` or `-`, are case-insensitive, and take their value after a colon
//! (`/OUT:a.exe`, `-libpath:dir`). A word that starts with `/` is a path, not an option, when
//! its name part holds a path character (`/tmp/a.obj` on Unix): lld-link decides the same way
//! by looking the name up among its options. A bare `name.lib` is a library searched in the
//! `/LIBPATH:` directories; every other word is an input file.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use super::args::{LibRef, LinkInvocation};

pub(super) fn parse(args: &[OsString]) -> LinkInvocation {
    let mut inv = LinkInvocation::default();
    for arg in args {
        match option(arg) {
            Some((name, value)) => apply(&name, value, arg, &mut inv),
            None if is_bare_library(arg) => inv.libs.push(library(arg.clone())),
            None => inv.inputs.push(PathBuf::from(arg)),
        }
    }
    inv
}

/// `/NAME[:value]` or `-NAME[:value]` → (upper-cased name, value).
fn option(arg: &OsStr) -> Option<(String, Option<OsString>)> {
    let bytes = arg.as_encoded_bytes();
    let rest = bytes
        .strip_prefix(b"/")
        .or_else(|| bytes.strip_prefix(b"-"))?;
    let colon = rest.iter().position(|&b| b == b':');
    let name = &rest[..colon.unwrap_or(rest.len())];
    if name.is_empty() || !name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_') {
        return None;
    }
    let value = colon.map(|c| {
        // SAFETY: split right after an ASCII ':' of an OsStr's encoded bytes.
        unsafe { OsStr::from_encoded_bytes_unchecked(&rest[c + 1..]) }.to_os_string()
    });
    Some((String::from_utf8_lossy(name).to_ascii_uppercase(), value))
}

fn apply(name: &str, value: Option<OsString>, arg: &OsStr, inv: &mut LinkInvocation) {
    match (name, value) {
        ("OUT", Some(v)) => inv.output = Some(PathBuf::from(v)),
        ("LIBPATH", Some(v)) => inv.search_dirs.push(PathBuf::from(v)),
        ("MACHINE", Some(v)) => inv.machine = Some(v.to_string_lossy().into_owned()),
        ("DEFAULTLIB", Some(v)) => inv.libs.push(library(v)),
        ("NODEFAULTLIB", None) => inv.nostdlib = true,
        _ => inv.unknown.push(arg.to_os_string()),
    }
}

/// `kernel32.lib`: a library name, looked up in the search directories; `dir/x.lib` is a path.
fn is_bare_library(arg: &OsStr) -> bool {
    let bytes = arg.as_encoded_bytes();
    bytes.len() > 4
        && bytes[bytes.len() - 4..].eq_ignore_ascii_case(b".lib")
        && !bytes.iter().any(|&b| b == b'/' || b == b'\\')
}

/// link.exe adds `.lib` to a library name without an extension.
fn library(name: OsString) -> LibRef {
    let name = if std::path::Path::new(&name).extension().is_some() {
        name
    } else {
        let mut with = name;
        with.push(".lib");
        with
    };
    LibRef {
        name,
        verbatim: true,
        static_: true,
        whole_archive: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn rustc_msvc_line() {
        // The shape rustc gives link.exe for x86_64-pc-windows-msvc.
        let inv = parse(&os(&[
            "/NOLOGO",
            "C:\\t\\x86_64-pc-windows-msvc\\debug\\deps\\app.app.abc-cgu.0.rcgu.o",
            "C:\\t\\x86_64-pc-windows-msvc\\debug\\deps\\libz_sys-1.rlib",
            "/LIBPATH:C:\\t\\x86_64-pc-windows-msvc\\debug\\build\\libz-sys-2\\out\\lib",
            "z.lib",
            "kernel32.lib",
            "/defaultlib:msvcrt",
            "/NXCOMPAT",
            "/OUT:C:\\t\\x86_64-pc-windows-msvc\\debug\\deps\\app.exe",
            "/OPT:REF,NOICF",
            "/DEBUG",
            "-machine:x64",
        ]));
        assert_eq!(inv.inputs.len(), 2);
        assert_eq!(
            inv.output,
            Some(PathBuf::from(
                "C:\\t\\x86_64-pc-windows-msvc\\debug\\deps\\app.exe"
            ))
        );
        assert_eq!(inv.search_dirs.len(), 1);
        let libs: Vec<_> = inv.libs.iter().map(|l| l.name.clone()).collect();
        assert_eq!(libs, os(&["z.lib", "kernel32.lib", "msvcrt.lib"]));
        assert!(inv.libs.iter().all(|l| l.verbatim));
        assert_eq!(inv.machine.as_deref(), Some("x64"));
        assert_eq!(
            inv.unknown,
            os(&["/NOLOGO", "/NXCOMPAT", "/OPT:REF,NOICF", "/DEBUG"])
        );
    }

    #[test]
    fn unix_paths_are_inputs_not_options() {
        let inv = parse(&os(&[
            "/tmp/a.obj",
            "-out:/tmp/a.exe",
            "/tmp/lib/x.lib",
            "-",
        ]));
        assert_eq!(
            inv.inputs,
            vec![
                PathBuf::from("/tmp/a.obj"),
                PathBuf::from("/tmp/lib/x.lib"),
                PathBuf::from("-")
            ]
        );
        assert_eq!(inv.output, Some(PathBuf::from("/tmp/a.exe")));
    }
}
