//! The one output sanitiser: text from files and logs (paths, member names, crate names,
//! compiler strings, rustc's escaped command lines) may hold terminal escapes, line breaks,
//! invisible characters or workflow commands, and every renderer (human, JSON, GitHub,
//! SARIF, GitLab, Markdown; doctor, env, the shim) passes it through here, so none reaches
//! the output raw.
//!
//! What is shown escaped (`\u{1b}`, `\n`, `\u{202e}`), so the name stays readable, on its
//! line and in its order:
//! - control characters: C0 (with tab and newline), DEL and C1 (U+0080–U+009F), that is
//!   `char::is_control`. ESC starts CSI/OSC sequences (a retitled terminal, a hyperlink), a
//!   C1 CSI (U+009B) does the same on terminals that honour it, and a newline would let a
//!   name start a line of its own, such as a GitHub workflow command (`::error::…`);
//! - format characters (Unicode category Cf) and the line and paragraph separators: bidi
//!   overrides and isolates (U+202A–U+202E, U+2066–U+2069) and marks (U+200E, U+200F,
//!   U+061C) reorder what a reader sees (a path that displays as another), zero-width ones
//!   (U+200B, U+2060, U+FEFF) hide text, U+2028/U+2029 end a line in some viewers;
//! - the `[` of `##[`: GitHub's runner still reads the legacy workflow syntax
//!   (`##[add-mask]…`, `##[stop-commands]…`, `##[error]…`) *anywhere* in a line of the log,
//!   not only at its start, so no output may hold that sequence.
//!
//! JSON keeps every value exactly: the same characters are written as `\uXXXX` escapes,
//! which a JSON reader turns back into the very same string ([`JsonOut`]).

use std::borrow::Cow;
use std::io::{self, Write};

/// Format characters (Unicode 15 category Cf), as ranges.
const FORMAT: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
];

/// Whether `c` is never written as it is: a control or format character, or a line or
/// paragraph separator.
pub fn is_hidden(c: char) -> bool {
    if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
        return true;
    }
    let n = c as u32;
    // The table is sorted and disjoint: the one range that could hold `n` is the last one
    // starting at or before it.
    let i = FORMAT.partition_point(|&(start, _)| start <= n);
    i > 0 && n <= FORMAT[i - 1].1
}

/// The legacy workflow-command prefix the runner looks for anywhere in a line.
const LEGACY_COMMAND: &str = "##[";

/// `s` with every hidden character shown as a Rust escape and every `##[` broken as
/// `##\u{5b}`.
pub fn text(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hidden) && !s.contains(LEGACY_COMMAND) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut hashes = 0;
    for c in s.chars() {
        if is_hidden(c) {
            // `\n`, `\t` for the usual controls, `\u{…}` for the rest.
            out.extend(c.escape_default());
        } else if c == '[' && hashes >= 2 {
            out.push_str("\\u{5b}");
        } else {
            out.push(c);
        }
        hashes = if c == '#' { hashes + 1 } else { 0 };
    }
    Cow::Owned(out)
}

/// A writer that passes serde's JSON (valid UTF-8) on with every hidden character written
/// as a `\uXXXX` escape and the `[` of `##[` as `\u005b`, as it streams: a document of any
/// size is written without being held whole. serde escapes C0 (ESC included) but writes
/// DEL, C1 and format characters as they are; in its output a non-ASCII character or a `#`
/// can only be inside a string, where the escape keeps the same value.
pub struct JsonOut<W: Write> {
    inner: W,
    /// The start of a UTF-8 sequence the last write cut in two.
    partial: Vec<u8>,
    /// How many `#` were the last characters written.
    hashes: usize,
    chunk: Vec<u8>,
}

impl<W: Write> JsonOut<W> {
    pub fn new(inner: W) -> JsonOut<W> {
        JsonOut {
            inner,
            partial: Vec::new(),
            hashes: 0,
            chunk: Vec::new(),
        }
    }

    fn push_str(&mut self, s: &str) {
        let mut buf = [0u8; 4];
        for c in s.chars() {
            match c {
                '#' => {
                    self.chunk.push(b'#');
                    self.hashes += 1;
                    continue;
                }
                '[' if self.hashes >= 2 => self.chunk.extend_from_slice(b"\\u005b"),
                // serde escapes C0 in strings; outside them, newlines and spaces are the
                // layout.
                c if c.is_ascii() && c != '\u{7f}' => self.chunk.push(c as u8),
                c if is_hidden(c) => {
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        self.chunk
                            .extend_from_slice(format!("\\u{u:04x}").as_bytes());
                    }
                }
                c => self
                    .chunk
                    .extend_from_slice(c.encode_utf8(&mut buf).as_bytes()),
            }
            self.hashes = 0;
        }
    }
}

impl<W: Write> Write for JsonOut<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.chunk.clear();
        let mut bytes = std::mem::take(&mut self.partial);
        bytes.extend_from_slice(buf);
        let mut rest = bytes.as_slice();
        while !rest.is_empty() {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    self.push_str(s);
                    rest = &[];
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    self.push_str(std::str::from_utf8(good).unwrap_or_default());
                    match e.error_len() {
                        // A sequence the next write completes.
                        None => {
                            self.partial = bad.to_vec();
                            rest = &[];
                        }
                        // Not UTF-8 (serde never writes it): passed on as it is.
                        Some(n) => {
                            self.chunk.extend_from_slice(&bad[..n]);
                            self.hashes = 0;
                            rest = &bad[n..];
                        }
                    }
                }
            }
        }
        let chunk = std::mem::take(&mut self.chunk);
        self.inner.write_all(&chunk)?;
        self.chunk = chunk;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.partial.is_empty() {
            let partial = std::mem::take(&mut self.partial);
            self.inner.write_all(&partial)?;
        }
        self.inner.flush()
    }
}

/// Writes `value` as pretty JSON through [`JsonOut`], streamed.
pub fn write_json<T: serde::Serialize + ?Sized>(value: &T, out: &mut dyn Write) -> io::Result<()> {
    let mut w = JsonOut::new(&mut *out);
    serde_json::to_writer_pretty(&mut w, value)?;
    w.flush()?;
    writeln!(out)
}

/// `write_json` on one line, with no newline inside (serde escapes them in strings).
pub fn write_json_line<T: serde::Serialize + ?Sized>(
    value: &T,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut w = JsonOut::new(&mut *out);
    serde_json::to_writer(&mut w, value)?;
    w.flush()?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(bytes: Vec<u8>) -> Vec<u8> {
        let mut out = Vec::new();
        JsonOut::new(&mut out).write_all(&bytes).unwrap();
        out
    }

    #[test]
    fn escapes_are_shown_not_sent() {
        assert_eq!(text("a\x1b[31mb"), "a\\u{1b}[31mb");
        assert_eq!(text("plain"), "plain");
        assert_eq!(text("x\n::error::boom"), "x\\n::error::boom");
        assert_eq!(text("c1 \u{9b}31m del \x7f"), "c1 \\u{9b}31m del \\u{7f}");
    }

    #[test]
    fn format_characters_and_legacy_commands_are_shown_escaped() {
        assert_eq!(
            text("lib\u{202e}txt.a \u{2066}x\u{2069} \u{200e}\u{200f}\u{61c}\u{feff}"),
            "lib\\u{202e}txt.a \\u{2066}x\\u{2069} \\u{200e}\\u{200f}\\u{61c}\\u{feff}"
        );
        assert_eq!(text("a\u{2028}b\u{e0041}"), "a\\u{2028}b\\u{e0041}");
        assert_eq!(
            text("x ##[add-mask]s ###[stop-commands]t #[ok] [ok]"),
            "x ##\\u{5b}add-mask]s ###\\u{5b}stop-commands]t #[ok] [ok]"
        );
        // Letters, accents and emoji are not hidden.
        assert_eq!(text("é ü 日本 👍 ‐"), "é ü 日本 👍 ‐");
        for c in ['\u{ad}', '\u{600}', '\u{13439}', '\u{1d173}', '\u{e007f}'] {
            assert!(is_hidden(c), "{c:?}");
        }
        for c in [
            'a',
            '\u{ac}',
            '\u{ae}',
            '\u{2065}',
            '\u{13440}',
            '\u{e0080}',
        ] {
            assert!(!is_hidden(c), "{c:?}");
        }
    }

    #[test]
    fn json_keeps_its_value_without_raw_hidden_characters() {
        let value = "esc \x1b]0;title\x07 c1 \u{9b} \u{85} del \x7f é ü \u{202e}rtl\u{2066} \u{e0001} ##[add-mask]x";
        let out = json(serde_json::to_vec(value).unwrap());
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(
            !text.chars().any(is_hidden) && !text.contains("##["),
            "{text}"
        );
        assert!(
            text.contains("\\u202e") && text.contains("\\udb40\\udc01"),
            "{text}"
        );
        assert_eq!(serde_json::from_slice::<String>(&out).unwrap(), value);
    }

    /// Streamed in pieces that cut characters and `##[` in two, the output is the same.
    #[test]
    fn json_streams_across_any_cut() {
        let value = serde_json::json!({"a": "x ##[error]y \u{202e} é \u{9b}", "b": ["##", "["]});
        let whole = json(serde_json::to_vec(&value).unwrap());
        let raw = serde_json::to_vec(&value).unwrap();
        for cut in 0..raw.len() {
            let mut out = Vec::new();
            let mut w = JsonOut::new(&mut out);
            w.write_all(&raw[..cut]).unwrap();
            w.write_all(&raw[cut..]).unwrap();
            w.flush().unwrap();
            assert_eq!(out, whole, "cut at {cut}");
        }
        let back: serde_json::Value = serde_json::from_slice(&whole).unwrap();
        assert_eq!(back, value);
    }
}
