//! The linker command line as rustc prints it in ``linking with `cc` failed``:
//! `LC_ALL="C" "cc" "/t/deps/rustcX/symbols.o" "<8 object files omitted>" "-Wl,-Bstatic"
//! "/t/deps/{libzstd_sys-dd32…,libminiz_sys-91d9…}.rlib" "-L" …`.
//!
//! Each argument is a Rust `Debug` string (`\"`, `\\`, `\u{1b}`, `\xff` escapes). Environment
//! assignments in front are skipped. Without `--verbose` rustc leaves rustc's own objects out
//! (`<N object files omitted>`) and folds rlibs of one directory into a `{a,b}.rlib` group,
//! which is expanded here so every rlib of the link is known.

use std::ffi::OsString;

pub struct CommandLine {
    pub linker: String,
    pub args: Vec<OsString>,
}

/// Never fails on text: a line that holds no quoted program gives `None`.
pub fn parse(text: &str) -> Option<CommandLine> {
    let mut words = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            words.push(Word::Quoted(quoted(&mut chars)));
        } else {
            // An `NAME="value"` environment assignment, or stray text: skipped whole.
            let mut bare = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                chars.next();
                if c == '"' {
                    quoted(&mut chars);
                    bare.push_str("\"…\"");
                } else {
                    bare.push(c);
                }
            }
            words.push(Word::Bare);
        }
    }
    let mut quoted_words = words.into_iter().filter_map(|w| match w {
        Word::Quoted(s) => Some(s),
        Word::Bare => None,
    });
    let linker = quoted_words.next()?;
    let mut args = Vec::new();
    for w in quoted_words {
        // rustc's own objects, left out of what it printed: nothing to look at.
        if is_omitted(&w) {
            continue;
        }
        args.extend(expand_group(&w).into_iter().map(OsString::from));
    }
    Some(CommandLine { linker, args })
}

enum Word {
    Quoted(String),
    Bare,
}

/// Reads a `Debug`-escaped string up to its closing quote (or the end of the text).
fn quoted(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut bytes: Vec<u8> = Vec::new();
    let push = |c: char, bytes: &mut Vec<u8>| {
        let mut buf = [0; 4];
        bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    };
    while let Some(c) = chars.next() {
        match c {
            '"' => break,
            '\\' => match chars.next() {
                Some('n') => bytes.push(b'\n'),
                Some('r') => bytes.push(b'\r'),
                Some('t') => bytes.push(b'\t'),
                Some('0') => bytes.push(0),
                Some('x') => {
                    let hex: String = (0..2).filter_map(|_| chars.next()).collect();
                    if let Ok(b) = u8::from_str_radix(&hex, 16) {
                        bytes.push(b);
                    }
                }
                Some('u') => {
                    let mut hex = String::new();
                    if chars.peek() == Some(&'{') {
                        chars.next();
                        for c in chars.by_ref() {
                            if c == '}' {
                                break;
                            }
                            hex.push(c);
                        }
                    }
                    if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        push(c, &mut bytes);
                    }
                }
                Some(other) => push(other, &mut bytes),
                None => break,
            },
            c => push(c, &mut bytes),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `<8 object files omitted>`.
fn is_omitted(word: &str) -> bool {
    word.strip_prefix('<')
        .and_then(|w| w.strip_suffix(" object files omitted>"))
        .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
}

/// `/d/{liba-1,libb-2}.rlib` → `/d/liba-1.rlib`, `/d/libb-2.rlib`; anything else as is.
fn expand_group(word: &str) -> Vec<String> {
    let (Some(open), Some(close)) = (word.find('{'), word.rfind('}')) else {
        return vec![word.to_string()];
    };
    if close < open || word[open + 1..close].contains('{') {
        return vec![word.to_string()];
    }
    let (head, tail) = (&word[..open], &word[close + 1..]);
    word[open + 1..close]
        .split(',')
        .map(|part| format!("{head}{part}{tail}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rustc_line() {
        let c = parse(
            r#" LC_ALL="C" PATH="/a:/b" "mips-linux-gnu-gcc" "/t/symbols.o" "<1 object files omitted>" "/t/deps/{liba-1,libb-2}.rlib" "-L" "/t/o\"q\\x" "\u{1b}\xff""#,
        )
        .unwrap();
        assert_eq!(c.linker, "mips-linux-gnu-gcc");
        let args: Vec<String> = c
            .args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            args,
            [
                "/t/symbols.o",
                "/t/deps/liba-1.rlib",
                "/t/deps/libb-2.rlib",
                "-L",
                "/t/o\"q\\x",
                "\u{1b}\u{fffd}"
            ]
        );
    }

    #[test]
    fn garbage_is_no_command() {
        assert!(parse("no quotes here").is_none());
        assert!(parse(r#""unterminated \u{zz"#).is_some());
        assert!(parse(r#""\x"#).is_some());
        assert_eq!(expand_group("a}b{c"), ["a}b{c"]);
    }
}
