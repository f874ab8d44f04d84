//! CI logs as the lines cargo wrote: what CI systems add in front of and inside each line is
//! taken off, so the readers after this see cargo's and rustc's own text.
//!
//! Taken off, in this order: a CR-overwritten start (progress bars, GitLab's
//! `section_start:…\r`), terminal escapes (colour, erase-line, OSC), a GitHub Actions
//! timestamp (`2026-11-26T06:12:28.1234567Z `, with GitLab's `00O ` stream tag), a Jenkins
//! `[timestamp] `, a docker BuildKit `#12 3.45 ` step prefix, bitbake's `| `, and the `> `
//! of a log quoted in an issue or an e-mail. Indentation after the prefixes is kept: it is how
//! rustc marks the linker's continuation lines.
//!
//! Every line of a log passes through here, so the common case (no escape, no CR, a first
//! byte no prefix starts with) costs one UTF-8 check and a copy.

use std::sync::LazyLock;

use regex::Regex;

/// A line longer than this is cut: a cargo JSON message with a whole verbose link line fits,
/// and a runaway line costs nothing more.
pub const MAX_LINE: usize = 4 * 1024 * 1024;

static ESCAPES: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]?").ok()
});

static PREFIXES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // GitHub Actions (and GitLab's timestamped logs, whose stream tag follows).
        r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z(?: \d\d[OE]\+?)? ?",
        // Jenkins timestamper.
        r"^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?\] ",
        // docker BuildKit plain progress: `#12 3.456 `.
        r"^#\d+ \d+(?:\.\d+)?(?: |$)",
        // bitbake's task log as shown on failure: `| `.
        r"^\| ?",
    ]
    .iter()
    .filter_map(|p| Regex::new(p).ok())
    .collect()
});

/// One line, cleaned. Never fails: bytes that are not UTF-8 become U+FFFD.
pub fn line(raw: &[u8]) -> String {
    let raw = &raw[..raw.len().min(MAX_LINE)];
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    // A CR inside a line overwrote what came before it on a terminal.
    let raw = match memchr::memrchr(b'\r', raw) {
        Some(i) => &raw[i + 1..],
        None => raw,
    };
    let text = String::from_utf8_lossy(raw);
    let mut text = match ESCAPES.as_ref() {
        Some(re) if text.contains('\x1b') => re.replace_all(&text, "").into_owned(),
        _ => text.into_owned(),
    };
    // Each prefix starts with its own byte: the regexes run only where one could match.
    for (first, re) in PREFIX_STARTS.iter().zip(PREFIXES.iter()) {
        if text.as_bytes().first().is_some_and(|b| first(*b))
            && let Some(m) = re.find(&text)
        {
            text.replace_range(..m.end(), "");
        }
    }
    strip_quote(&mut text);
    // A log pasted inside Markdown inline code keeps a stray backtick in front.
    if text.starts_with('`') && !text.starts_with("```") {
        text.remove(0);
    }
    if text.contains("](http") {
        unlink_anchors(&mut text);
    }
    text
}

/// GitHub's web log copied as Markdown splices a line anchor into words:
/// `error[E046[3](https://github.com/…#step:5:3)]` is `error[E0463]`.
fn unlink_anchors(text: &mut String) {
    static ANCHOR: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"\[(\d+)\]\(https?://[^)\s]*\)").ok());
    if let Some(re) = ANCHOR.as_ref() {
        *text = re.replace_all(text, "$1").into_owned();
    }
}

const PREFIX_STARTS: [fn(u8) -> bool; 4] = [
    |b| b.is_ascii_digit(),
    |b| b == b'[',
    |b| b == b'#',
    |b| b == b'|',
];

/// `> ` (or `>> `) of a quoted log comes off, and Nix's indented `       > ` before each line
/// of a failed builder; lld's own `>>> ` lines keep theirs.
fn strip_quote(text: &mut String) {
    let b = text.as_bytes();
    let indent = b.iter().take_while(|&&c| c == b' ').count();
    let mut cut = if b[indent..].starts_with(b"> ") && !b[indent..].starts_with(b">>>") {
        indent
    } else {
        0
    };
    while b.get(cut) == Some(&b'>') && !b[cut..].starts_with(b">>>") {
        cut += 1;
        if b.get(cut) == Some(&b' ') {
            cut += 1;
        }
    }
    if cut > 0 {
        text.replace_range(..cut, "");
    }
}

#[cfg(test)]
mod tests {
    use super::line;

    #[test]
    fn ci_prefixes_come_off() {
        assert_eq!(
            line(b"2026-11-26T06:12:28.1234567Z   Compiling app v0.1.0"),
            "  Compiling app v0.1.0"
        );
        assert_eq!(
            line(b"#12 3.456           collect2: error: ld returned 1"),
            "          collect2: error: ld returned 1"
        );
        assert_eq!(
            line(b"| error: linking with `cc` failed"),
            "error: linking with `cc` failed"
        );
        assert_eq!(
            line(b"2026-11-26T06:12:28.1Z #5 0.1 | \x1b[1m\x1b[31merror\x1b[0m: x\r"),
            "error: x"
        );
        assert_eq!(line(b"section_start:1:build\r\x1b[0KBuilding"), "Building");
        assert_eq!(line(b"  |"), "  |");
        assert_eq!(line(b"\xff\x1b"), "\u{fffd}");
    }

    #[test]
    fn quotes_come_off_but_not_llds_arrows() {
        assert_eq!(
            line(b"> error: linking with `cc` failed"),
            "error: linking with `cc` failed"
        );
        assert_eq!(line(b">> > x"), "x");
        assert_eq!(line(b"> >>> defined in a.o"), ">>> defined in a.o");
        assert_eq!(line(b">>> referenced by b.o"), ">>> referenced by b.o");
    }
}
