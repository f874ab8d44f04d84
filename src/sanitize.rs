//! The one output sanitiser: text from files and logs (paths, member names, crate names,
//! compiler strings, rustc's escaped command lines) may hold terminal escapes or line breaks,
//! and every renderer (human, JSON, GitHub, SARIF, GitLab, Markdown; doctor, env, the shim)
//! passes it through here, so none reaches the output raw.
//!
//! Control characters are C0 (with tab and newline), DEL and C1 (U+0080–U+009F), that is
//! `char::is_control`: ESC starts CSI/OSC sequences (a retitled terminal, a hyperlink), a
//! C1 CSI (U+009B) does the same on terminals that honour it, and a newline would let a
//! name start a line of its own, such as a GitHub workflow command (`::error::…`). They are
//! shown escaped (`\u{1b}`, `\n`), so the name stays readable and on its line.

use std::borrow::Cow;

/// `s` with every control character shown as a Rust escape.
pub fn text(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_control()) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Serialised JSON with DEL and C1 escaped as `\u007f`/`\u0080`…: serde escapes C0 (ESC
/// included) but writes DEL and C1 as they are. In serde's output, valid UTF-8, DEL is
/// always the character itself and the byte 0xC2 followed by 0x80–0x9F always encodes a C1
/// character, which can only be inside a string: the escape keeps the same string value.
pub fn json(bytes: Vec<u8>) -> Vec<u8> {
    let raw = |i: usize| {
        bytes[i] == 0x7f
            || (bytes[i] == 0xc2 && bytes.get(i + 1).is_some_and(|b| (0x80..0xa0).contains(b)))
    };
    if !(0..bytes.len()).any(raw) {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len() + 16);
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0x7f {
            out.extend_from_slice(b"\\u007f");
            i += 1;
        } else if raw(i) {
            out.extend_from_slice(format!("\\u00{:02x}", bytes[i + 1]).as_bytes());
            i += 2;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// Writes `value` as pretty JSON through [`json`].
pub fn write_json<T: serde::Serialize + ?Sized>(
    value: &T,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let bytes = serde_json::to_vec_pretty(value)?;
    out.write_all(&json(bytes))?;
    writeln!(out)
}

/// `write_json` on one line, with no newline inside (serde escapes them in strings).
pub fn write_json_line<T: serde::Serialize + ?Sized>(
    value: &T,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let bytes = serde_json::to_vec(value)?;
    out.write_all(&json(bytes))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_shown_not_sent() {
        assert_eq!(text("a\x1b[31mb"), "a\\u{1b}[31mb");
        assert_eq!(text("plain"), "plain");
        assert_eq!(text("x\n::error::boom"), "x\\n::error::boom");
        assert_eq!(text("c1 \u{9b}31m del \x7f"), "c1 \\u{9b}31m del \\u{7f}");
    }

    #[test]
    fn json_keeps_its_value_without_raw_controls() {
        let value = "esc \x1b]0;title\x07 c1 \u{9b} \u{85} del \x7f é ü";
        let out = json(serde_json::to_vec(value).unwrap());
        assert!(
            !out.iter().any(|&b| b < 0x20 || b == 0x7f)
                && !out
                    .windows(2)
                    .any(|w| w[0] == 0xc2 && (0x80..0xa0).contains(&w[1])),
            "{}",
            String::from_utf8_lossy(&out)
        );
        assert_eq!(serde_json::from_slice::<String>(&out).unwrap(), value);
    }
}
