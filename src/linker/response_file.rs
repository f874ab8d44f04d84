//! `@file` expansion, for analysis only: the linker itself always gets the literal `@file`.
//!
//! Like libiberty's `expandargv` (gcc, GNU ld) and sccache's `ExpandIncludeFile`: an argument
//! `@path` is replaced by the arguments in that file, nested `@`s are expanded too, and a file
//! that cannot be read leaves the argument as it was.

use std::ffi::OsString;
use std::path::Path;

/// How the file splits into arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quoting {
    /// libiberty `buildargv`: whitespace separates; `'…'` and `"…"` quote; a backslash escapes
    /// the next character anywhere (rustc writes its gcc-flavor files this way).
    Gnu,
    /// The Windows command-line rules link.exe and lld-link use: `"…"` quotes, backslashes are
    /// literal except before a `"`.
    Msvc,
}

/// Nesting deeper than this is left literal (a file including itself would never end).
const MAX_DEPTH: usize = 16;
/// Response files larger than this are left literal.
const MAX_FILE: u64 = 64 << 20;
/// No more arguments than this come out of expansion.
const MAX_ARGS: usize = 1 << 20;
/// Bytes read from all response files of one command line together: a file that names
/// itself a thousand times would otherwise be read a thousand times at every level
/// (issue 19), whatever the count and depth caps.
const MAX_TOTAL: u64 = 64 << 20;

/// `args` with every readable `@file` replaced by its arguments; relative paths are relative to
/// `cwd`, the linker's working directory.
pub fn expand(args: &[OsString], cwd: &Path, quoting: Quoting) -> Vec<OsString> {
    let mut out = Vec::with_capacity(args.len());
    let mut budget = MAX_TOTAL;
    expand_into(args, cwd, quoting, 0, &mut budget, &mut out);
    out
}

fn expand_into(
    args: &[OsString],
    cwd: &Path,
    quoting: Quoting,
    depth: usize,
    budget: &mut u64,
    out: &mut Vec<OsString>,
) {
    for arg in args {
        if out.len() >= MAX_ARGS {
            return;
        }
        let bytes = arg.as_encoded_bytes();
        // Past the byte budget an `@file` stays literal, as an unreadable one does.
        let inner = match bytes.strip_prefix(b"@") {
            Some(path) if depth < MAX_DEPTH && !path.is_empty() => read(path, cwd, budget),
            _ => None,
        };
        match inner {
            Some(text) => {
                let nested = split(&text, quoting);
                expand_into(&nested, cwd, quoting, depth + 1, budget, out);
            }
            None => out.push(arg.clone()),
        }
    }
}

/// The file's bytes, charged to `budget` (a file larger than what is left is not read).
fn read(path: &[u8], cwd: &Path, budget: &mut u64) -> Option<Vec<u8>> {
    let path = bytes_to_path(path)?;
    let path = cwd.join(path);
    let meta = std::fs::metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > MAX_FILE || meta.len() > *budget {
        return None;
    }
    let bytes = crate::fsio::read_capped(&path, (*budget).min(MAX_FILE)).ok()?;
    // What was read, not what the metadata said: the file may have grown since.
    *budget = budget.saturating_sub(bytes.len() as u64);
    Some(decode(bytes))
}

/// The file's text as bytes to split: rustc writes link.exe's response files in UTF-16LE
/// with a byte-order mark (link.exe and lld-link read UTF-16 either way round); a UTF-8 mark
/// is dropped; anything else is taken as it is.
fn decode(bytes: Vec<u8>) -> Vec<u8> {
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16| -> Vec<u8> {
        let units = rest.chunks_exact(2).map(|c| unit([c[0], c[1]]));
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
            .into_bytes()
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        [0xEF, 0xBB, 0xBF, rest @ ..] => rest.to_vec(),
        _ => bytes,
    }
}

#[cfg(unix)]
fn bytes_to_path(bytes: &[u8]) -> Option<std::path::PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    Some(std::ffi::OsStr::from_bytes(bytes).into())
}

#[cfg(not(unix))]
fn bytes_to_path(bytes: &[u8]) -> Option<std::path::PathBuf> {
    std::str::from_utf8(bytes).ok().map(Into::into)
}

fn bytes_to_os(bytes: Vec<u8>) -> OsString {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        OsString::from_vec(bytes)
    }
    #[cfg(not(unix))]
    {
        OsString::from(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// Splits the text of a response file into arguments.
pub fn split(text: &[u8], quoting: Quoting) -> Vec<OsString> {
    match quoting {
        Quoting::Gnu => split_gnu(text),
        Quoting::Msvc => split_msvc(text),
    }
    .into_iter()
    .map(bytes_to_os)
    .collect()
}

fn split_gnu(text: &[u8]) -> Vec<Vec<u8>> {
    let mut args = Vec::new();
    let mut arg = Vec::new();
    // An argument exists once anything, even an empty pair of quotes, was seen.
    let mut started = false;
    let (mut squote, mut dquote, mut escaped) = (false, false, false);
    for &b in text {
        if escaped {
            arg.push(b);
            escaped = false;
            started = true;
        } else if b == b'\\' {
            escaped = true;
            started = true;
        } else if squote {
            if b == b'\'' {
                squote = false;
            } else {
                arg.push(b);
            }
        } else if dquote {
            if b == b'"' {
                dquote = false;
            } else {
                arg.push(b);
            }
        } else if b.is_ascii_whitespace() {
            if started {
                args.push(std::mem::take(&mut arg));
                started = false;
            }
        } else if b == b'\'' {
            squote = true;
            started = true;
        } else if b == b'"' {
            dquote = true;
            started = true;
        } else {
            arg.push(b);
            started = true;
        }
    }
    if started {
        args.push(arg);
    }
    args
}

fn split_msvc(text: &[u8]) -> Vec<Vec<u8>> {
    let mut args = Vec::new();
    let mut arg = Vec::new();
    let mut started = false;
    let mut quoted = false;
    let mut backslashes = 0usize;
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        if b == b'\\' {
            backslashes += 1;
            started = true;
        } else if b == b'"' {
            // 2n backslashes + `"`: n backslashes and a quote toggle; 2n+1: n and a literal `"`.
            arg.extend(std::iter::repeat_n(b'\\', backslashes / 2));
            if backslashes % 2 == 1 {
                arg.push(b'"');
            } else if quoted && text.get(i + 1) == Some(&b'"') {
                // `""` inside quotes is a literal quote.
                arg.push(b'"');
                i += 1;
            } else {
                quoted = !quoted;
            }
            backslashes = 0;
            started = true;
        } else {
            arg.extend(std::iter::repeat_n(b'\\', backslashes));
            backslashes = 0;
            if b.is_ascii_whitespace() && !quoted {
                if started {
                    args.push(std::mem::take(&mut arg));
                    started = false;
                }
            } else {
                arg.push(b);
                started = true;
            }
        }
        i += 1;
    }
    arg.extend(std::iter::repeat_n(b'\\', backslashes));
    if started {
        args.push(arg);
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(args: Vec<OsString>) -> Vec<String> {
        args.into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn gnu_quoting() {
        let text = br#"-o 'out file' "a b".o back\ slash\\x '' "it's" 'say "hi"' tab	end"#;
        assert_eq!(
            strs(split(text, Quoting::Gnu)),
            [
                "-o",
                "out file",
                "a b.o",
                "back slash\\x",
                "",
                "it's",
                "say \"hi\"",
                "tab",
                "end"
            ]
        );
        // rustc's own format: one argument per line, spaces and backslashes escaped.
        let rustc = b"-m64\n/tmp/rustc x/symbols.o\n/path\\ with\\ space/a.o\n";
        assert_eq!(
            strs(split(rustc, Quoting::Gnu)),
            ["-m64", "/tmp/rustc", "x/symbols.o", "/path with space/a.o"]
        );
    }

    #[test]
    fn msvc_quoting() {
        let text = br#"/OUT:"C:\out dir\a.exe" C:\lib\x.lib "a\"b" "c\\" d\\e "x""y""#;
        assert_eq!(
            strs(split(text, Quoting::Msvc)),
            [
                r"/OUT:C:\out dir\a.exe",
                r"C:\lib\x.lib",
                "a\"b",
                "c\\",
                r"d\\e",
                "x\"y"
            ]
        );
    }

    #[test]
    fn utf16_files_as_rustc_writes_them_for_link_exe() {
        let text = "\"/OUT:C:\\t\\app.exe\"\n\"C:\\t\\é x.rlib\"\n";
        let le: Vec<u8> = std::iter::once(0xFEFF)
            .chain(text.encode_utf16())
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = std::iter::once(0xFEFF)
            .chain(text.encode_utf16())
            .flat_map(u16::to_be_bytes)
            .collect();
        for bytes in [le, be] {
            assert_eq!(
                strs(split(&decode(bytes), Quoting::Msvc)),
                [r"/OUT:C:\t\app.exe", r"C:\t\é x.rlib"]
            );
        }
        assert_eq!(decode(b"\xEF\xBB\xBFa.o".to_vec()), b"a.o");
        assert_eq!(decode(b"\xFFa".to_vec()), b"\xFFa");
        // An odd trailing byte is dropped, an unpaired surrogate replaced: never a panic.
        assert_eq!(
            decode(vec![0xFF, 0xFE, b'a', 0, 0x00, 0xD8, 7]),
            "a\u{FFFD}".as_bytes()
        );
    }

    #[test]
    fn expands_nested_and_keeps_unreadable() {
        let dir = std::env::temp_dir().join(format!("xlinkdiag-rsp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("outer"), "a.o @inner 'b c.o'").unwrap();
        std::fs::write(dir.join("inner"), "-lfoo @self").unwrap();
        std::fs::write(dir.join("self"), "@self").unwrap();
        let args: Vec<OsString> = ["-m64", "@outer", "@missing", "@"]
            .iter()
            .map(OsString::from)
            .collect();
        let expanded = strs(expand(&args, &dir, Quoting::Gnu));
        assert_eq!(expanded[..4], ["-m64", "a.o", "-lfoo", "@self"]);
        assert_eq!(expanded[expanded.len() - 3..], ["b c.o", "@missing", "@"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Issue 19: a file that names itself many times is read within the byte budget, not
    /// once per mention at every level (64 mentions, 16 levels deep, would be 64^16 reads).
    #[test]
    fn expansion_is_bounded_in_bytes() {
        let dir = std::env::temp_dir().join(format!("xlinkdiag-rsp-bomb-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // 1 MiB of blanks (no arguments: the count cap never stops it), then the file itself
        // 64 times.
        let mut text = " ".repeat(1 << 20);
        text.push_str(&"@bomb ".repeat(64));
        std::fs::write(dir.join("bomb"), &text).unwrap();
        let mut budget = MAX_TOTAL;
        let mut out = Vec::new();
        let started = std::time::Instant::now();
        expand_into(
            &[OsString::from("@bomb")],
            &dir,
            Quoting::Gnu,
            0,
            &mut budget,
            &mut out,
        );
        // 64 MiB is 64 reads of the 1 MiB file at most; the rest stayed literal.
        assert!(budget < 2 << 20, "{budget} bytes of the budget left");
        assert!(out.len() <= MAX_ARGS, "{}", out.len());
        assert!(out.iter().any(|a| a == "@bomb"), "past the budget, literal");
        assert!(started.elapsed() < std::time::Duration::from_secs(60));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Issue 11: an `@file` that is a FIFO or a device is kept as it is, at once (opening a
    /// FIFO would wait for a writer, reading /dev/zero would never end).
    #[cfg(unix)]
    #[test]
    fn fifo_and_device_response_files_are_not_read() {
        use std::os::unix::ffi::OsStrExt;
        let dir = std::env::temp_dir().join(format!("xlinkdiag-rsp-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("fifo");
        let c = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        std::os::unix::fs::symlink("/dev/zero", dir.join("zero")).unwrap();
        let args: Vec<OsString> = ["@fifo", "@zero"].iter().map(OsString::from).collect();
        let started = std::time::Instant::now();
        assert_eq!(strs(expand(&args, &dir, Quoting::Gnu)), ["@fifo", "@zero"]);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
