//! Undoing the linker flavor rustc chose only because the linker is called `xlinkdiag`.
//!
//! rustc picks the linker flavor from the target spec, refined by the linker's file name
//! (`LinkerFlavor::infer_linker_hints` in rustc_target): a name that says gcc or clang means
//! "a C driver, no lld". On targets whose spec says `gnu-lld-cc` with a self-contained linker
//! (x86_64, aarch64 and arm `*-linux-gnu*` on rustup's toolchains), a name that says nothing
//! (`xlinkdiag`) keeps lld, and rustc adds `-B<sysroot>/lib/rustlib/<host>/bin/gcc-ld` (one
//! per tools dir) and `-fuse-ld=lld`: the C driver would then run rust-lld, not the
//! toolchain's own ld. Called with the real linker's name, rustc would not have added them.
//!
//! So when xlinkdiag stands in for the real linker under its own name (`XLINKDIAG_LINKER`,
//! `xlinkdiag link --linker`), and the real linker's name is one rustc takes for gcc or
//! clang, exactly those words are taken off the line: the `-B…/lib/rustlib/…/bin/gcc-ld` run
//! and the `-fuse-ld=lld` right after it, the shape rustc writes them in. They stay when:
//! - the real linker's name does not say gcc or clang (`cc`, `gcc-wrapper`): rustc would
//!   have added them for that name too;
//! - rustc (the parent process) was asked for a flavor or linker features explicitly
//!   (`-C linker-flavor`, `-C`/`-Z linker-features`; read on Linux only): then the name did
//!   not decide;
//! - they are elsewhere on the line.
//!
//! When rustc passes its arguments in a response file (a command line too long for the OS:
//! the line is then `@<tmp>/linker-arguments` alone), the same words are taken off the
//! file's lines, into a copy next to it (`linker-arguments.xlinkdiag`) that the linker gets
//! instead; rustc's own file is not changed. If the copy cannot be written, the line stays.
//!
//! The shim installed under the real linker's name needs none of this: rustc sees that name.

use std::ffi::{OsStr, OsString};
use std::path::Path;

use crate::linker::name::{NameHint, classify};

/// `-fuse-ld=lld`, as rustc writes it after its `-B…/gcc-ld` words.
const FUSE_LLD: &str = "-fuse-ld=lld";

/// Takes rustc's name-driven lld words off `args` (see the module doc); true when it did.
pub(crate) fn undo_name_driven_lld(real: &Path, args: &mut Vec<OsString>) -> bool {
    if let [only] = args.as_slice()
        && let Some(file) = only.to_str().and_then(|a| a.strip_prefix('@'))
    {
        let Some(copy) = undo_in_response_file(real, Path::new(file)) else {
            return false;
        };
        let mut arg = OsString::from("@");
        arg.push(copy);
        args[0] = arg;
        return true;
    }
    // The common line has no `-fuse-ld=lld` at all: one pass of comparisons, nothing read.
    let Some(range) = rustc_lld_words(args) else {
        return false;
    };
    if !names_a_c_driver_without_lld(real) || parent_chose_the_flavor() {
        return false;
    }
    args.drain(range);
    true
}

/// Where rustc's `-B…/gcc-ld` run and the `-fuse-ld=lld` after it stand in `args`.
/// A `-fuse-ld=lld` of the user's own (`-Z pre-link-arg`, `-C link-arg`) has no such run
/// before it and is passed over.
fn rustc_lld_words(args: &[OsString]) -> Option<std::ops::RangeInclusive<usize>> {
    args.iter()
        .enumerate()
        .filter(|(_, a)| *a == FUSE_LLD)
        .find_map(|(fuse, _)| {
            let run = args[..fuse]
                .iter()
                .rev()
                .take_while(|a| is_rustc_gcc_ld(a))
                .count();
            (run > 0).then(|| fuse - run..=fuse)
        })
}

/// rustc's response file without its lld words, written next to it; the copy's path, or
/// `None` when there is nothing to take off or the copy cannot be made. rustc writes one
/// argument per line, escaping `\` and spaces with a backslash (GNU style, UTF-8).
fn undo_in_response_file(real: &Path, file: &Path) -> Option<std::path::PathBuf> {
    // rustc's files are a few hundred kB at most; a larger one is not rustc's.
    const CAP: u64 = 64 << 20;
    if !names_a_c_driver_without_lld(real) {
        return None;
    }
    let meta = std::fs::metadata(file).ok()?;
    if !meta.is_file() || meta.len() > CAP {
        return None;
    }
    let text = crate::fsio::read_string_capped(file, CAP).ok()?;
    if !text.contains(FUSE_LLD) {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let args: Vec<OsString> = lines.iter().map(|l| OsString::from(unescape(l))).collect();
    let range = rustc_lld_words(&args)?;
    if parent_chose_the_flavor() {
        return None;
    }
    let mut kept = String::with_capacity(text.len());
    for (i, line) in lines.iter().enumerate() {
        if !range.contains(&i) {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    let mut name = file.file_name()?.to_os_string();
    name.push(".xlinkdiag");
    let copy = file.with_file_name(name);
    crate::fsio::write_atomic(&copy, kept.as_bytes()).ok()?;
    Some(copy)
}

/// One line of a GNU-style response file as rustc writes it: a backslash escapes the next
/// character.
fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// `-B<dir>` where `<dir>` ends in `lib/rustlib/<triple>/bin/gcc-ld`: the directory of
/// rustc's own `ld.lld` wrapper, inside a rustc sysroot.
fn is_rustc_gcc_ld(arg: &OsString) -> bool {
    // A sysroot that is not UTF-8 is left alone, with its words.
    let Some(dir) = arg.to_str().and_then(|a| a.strip_prefix("-B")) else {
        return false;
    };
    let tail: Vec<&OsStr> = Path::new(dir).iter().rev().take(5).collect();
    matches!(tail.as_slice(), [ld, bin, _triple, rustlib, lib]
        if *ld == "gcc-ld" && *bin == "bin" && *rustlib == "rustlib" && *lib == "lib")
}

fn names_a_c_driver_without_lld(linker: &Path) -> bool {
    classify(linker).rustc == NameHint::CDriver
}

/// True when the parent process (rustc, which runs the linker) was given the flavor or the
/// linker features explicitly, so the linker's name did not decide them. Read only when the
/// line holds rustc's lld words, which a build through the installed shim never does.
#[cfg(target_os = "linux")]
fn parent_chose_the_flavor() -> bool {
    // SAFETY: getppid cannot fail.
    let parent = unsafe { libc::getppid() };
    let Ok(cmdline) = std::fs::read(format!("/proc/{parent}/cmdline")) else {
        return false;
    };
    cmdline.split(|&b| b == 0).any(|arg| {
        let arg = String::from_utf8_lossy(arg);
        arg.contains("linker-flavor") || arg.contains("linker-features")
    })
}

#[cfg(not(target_os = "linux"))]
fn parent_chose_the_flavor() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn rustc_names_of_c_drivers() {
        for yes in [
            "gcc",
            "/usr/bin/aarch64-linux-gnu-gcc",
            "gcc-12",
            "clang-14",
            "clang++",
            "mips-openwrt-linux-musl-gcc",
            "arm-linux-gnueabi-g++",
            "x86_64-w64-mingw32-gcc.exe",
        ] {
            assert!(names_a_c_driver_without_lld(Path::new(yes)), "{yes}");
        }
        // rustc keeps the target's flavor for these names, lld included.
        for no in [
            "cc",
            "xlinkdiag",
            "aarch64-linux-gnu-gcc-12",
            "ld",
            "ld.lld",
            "gcc-wrapper",
            "c++",
        ] {
            assert!(!names_a_c_driver_without_lld(Path::new(no)), "{no}");
        }
    }

    const GCC_LD: &str = "-B/root/.rustup/toolchains/nightly-x86_64-unknown-linux-gnu/lib/rustlib/x86_64-unknown-linux-gnu/bin/gcc-ld";

    #[test]
    fn takes_off_exactly_rustcs_words() {
        let line = [
            "-fuse-ld=lld",
            "/w/start.o",
            "-Wl,-Bdynamic",
            GCC_LD,
            "-fuse-ld=lld",
            "-Wl,--eh-frame-hdr",
            "-o",
            "app",
            "-fuse-ld=lld",
        ];
        let mut args = os(&line);
        let gcc = Path::new("/usr/bin/aarch64-linux-gnu-gcc");
        assert!(undo_name_driven_lld(gcc, &mut args));
        assert_eq!(
            args,
            os(&[
                // A `-Z pre-link-arg=-fuse-ld=lld` of the user's stays.
                "-fuse-ld=lld",
                "/w/start.o",
                "-Wl,-Bdynamic",
                "-Wl,--eh-frame-hdr",
                "-o",
                "app",
                // The user's own `-C link-arg=-fuse-ld=lld` stays.
                "-fuse-ld=lld",
            ])
        );
        // Two tools dirs: both -B words go.
        let mut args = os(&["a.o", GCC_LD, GCC_LD, "-fuse-ld=lld", "-o", "x"]);
        assert!(undo_name_driven_lld(gcc, &mut args));
        assert_eq!(args, os(&["a.o", "-o", "x"]));
    }

    #[test]
    fn response_file_gets_a_copy_without_rustcs_words() {
        let dir = std::env::temp_dir().join(format!("xlinkdiag-flavor-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("linker-arguments");
        let escaped_gcc_ld = GCC_LD.replace("nightly-x86_64", "my\\ nightly-x86_64");
        let text =
            format!("/w/start.o\n-Wl,-Bdynamic\n{escaped_gcc_ld}\n-fuse-ld=lld\n-o\nmy\\ app\n");
        std::fs::write(&file, &text).unwrap();
        let mut args = vec![OsString::from(format!("@{}", file.display()))];
        let gcc = Path::new("/usr/bin/aarch64-linux-gnu-gcc");
        assert!(undo_name_driven_lld(gcc, &mut args));
        let copy = dir.join("linker-arguments.xlinkdiag");
        assert_eq!(args, [OsString::from(format!("@{}", copy.display()))]);
        assert_eq!(
            std::fs::read_to_string(&copy).unwrap(),
            "/w/start.o\n-Wl,-Bdynamic\n-o\nmy\\ app\n"
        );
        // rustc's own file is untouched; for `cc` nothing is done.
        assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
        let mut args = vec![OsString::from(format!("@{}", file.display()))];
        assert!(!undo_name_driven_lld(Path::new("cc"), &mut args));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn leaves_the_line_alone_otherwise() {
        let gcc = Path::new("aarch64-linux-gnu-gcc");
        for (linker, line) in [
            // rustc adds them for `cc` too.
            (Path::new("cc"), &[GCC_LD, "-fuse-ld=lld", "-o", "x"][..]),
            // Not rustc's words: no -B into a sysroot's gcc-ld right before.
            (gcc, &["-fuse-ld=lld", "-o", "x"][..]),
            (gcc, &["-B/opt/gcc-ld", "-fuse-ld=lld", "-o", "x"][..]),
            (gcc, &[GCC_LD, "-o", "x", "-fuse-ld=lld"][..]),
            (gcc, &["-o", "x"][..]),
        ] {
            let mut args = os(line);
            assert!(!undo_name_driven_lld(linker, &mut args), "{line:?}");
            assert_eq!(args, os(line));
        }
    }
}
