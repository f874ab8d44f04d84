//! CI logs as the lines cargo wrote: what CI systems and viewers add in front of and inside
//! each line is taken off, so the readers after this see cargo's and rustc's own text.
//!
//! Inside a line: a CR-overwritten start (progress bars, GitLab's `section_start:…\r`),
//! terminal escapes (colour, erase-line, OSC), GitHub's line anchors spliced into words.
//!
//! In front of a line there is no list of formats to keep: the decoration is learned. Where
//! one of cargo's or rustc's own words (`error:`, `warning:`, `Compiling `, `= note:` …)
//! stands after other text, that text is the log's decoration (a timestamp of any format, a
//! job or step tag, a stream marker, a line number); its shape (digits and letters-with-digits
//! as any such run, the rest as written) is kept, and taken off every following line that
//! starts with that shape, until another anchored line shows another one. The `> ` of a log
//! quoted in an issue or an e-mail comes off too. Indentation after a decoration is kept: it
//! is how rustc marks the linker's continuation lines.
//!
//! Every line of a log passes through here, so the common case (no escape, no CR, no
//! decoration) costs one UTF-8 check, one literal search and a copy.

use super::super::messages::pattern::Pattern;

/// A line longer than this is cut: a cargo JSON message with a whole verbose link line fits,
/// and a runaway line costs nothing more.
pub const MAX_LINE: usize = 4 * 1024 * 1024;

static ESCAPES: Pattern =
    Pattern::new(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]?");

/// cargo's and rustc's own words, which start their lines: text before one of them is a
/// decoration.
static ANCHOR: Pattern = Pattern::new(
    r"(?:error(?:\[E\d{4}\])?|warning|= note|note|help): |(?:Compiling|Checking|Running|Finished|Fresh|Building|Downloaded|Updating) |Caused by:|--- std(?:out|err)|process didn't exit",
);

/// The longest decoration learned: a timestamp and a tag or two.
const MAX_DECORATION: usize = 96;

/// One line, cleaned, on its own (a decoration it shows is taken off it, nothing is kept).
/// Never fails: bytes that are not UTF-8 become U+FFFD.
pub fn line(raw: &[u8]) -> String {
    Cleaner::default().line(raw)
}

/// Cleans the lines of one log in order, learning its decoration as it goes.
#[derive(Default)]
pub struct Cleaner {
    decoration: Option<Shape>,
}

impl Cleaner {
    pub fn line(&mut self, raw: &[u8]) -> String {
        let raw = &raw[..raw.len().min(MAX_LINE)];
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        // A CR inside a line overwrote what came before it on a terminal.
        let raw = match memchr::memrchr(b'\r', raw) {
            Some(i) => &raw[i + 1..],
            None => raw,
        };
        let text = String::from_utf8_lossy(raw);
        let mut text = match ESCAPES.regex() {
            Some(re) if text.contains('\x1b') => re.replace_all(&text, "").into_owned(),
            _ => text.into_owned(),
        };
        let known = self
            .decoration
            .as_ref()
            .and_then(|d| d.match_len(&text))
            .filter(|&n| n > 0);
        match known {
            Some(n) => {
                text.replace_range(..n, "");
            }
            None => {
                if let Some((at, shape)) = learn(&text) {
                    text.replace_range(..at, "");
                    self.decoration = Some(shape);
                }
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
}

/// The decoration in front of `text`, when one of cargo's words stands after it: where the
/// line's own text starts, and the decoration's shape.
fn learn(text: &str) -> Option<(usize, Shape)> {
    let mut end = text.len().min(MAX_DECORATION + 32);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let m = ANCHOR.find(head)?;
    let start = m.start();
    let before = &text[..start];
    if before.trim().is_empty() || start > MAX_DECORATION {
        return None;
    }
    // A word of its own: `error:` in `cargo:error=` or `myerror:` is no anchor.
    if before
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '=')
    {
        return None;
    }
    let trimmed = before.trim_end();
    // A compiler's location (`foo.c:12:5: fatal error:`) or a program's name (`ld: error:`,
    // `xlinkdiag:   = note:`, `warning: x@1.0: error:`) is the message's own text, not a
    // decoration: a decoration never ends in a colon.
    if trimmed.contains(": ") || trimmed.ends_with(':') || trimmed.ends_with("fatal") {
        return None;
    }
    // Text of the log's own (a build script's `cargo:` line, a JSON message cut in two, a
    // quoted word) is no decoration.
    if trimmed.contains("cargo:") || trimmed.contains(['=', '"', '{', '}', '`']) {
        return None;
    }
    // rustc's gutter (`  |`) is layout, kept.
    if trimmed.starts_with(char::is_whitespace) && trimmed.trim() == "|" {
        return None;
    }
    // The decoration keeps one separating blank; more is the line's own indentation.
    let ws = before.len() - trimmed.len();
    let cut = trimmed.len() + ws.min(1);
    Some((cut, Shape::of(&text[..cut])))
}

/// A decoration's shape: runs of letters and digits holding a digit stand for any such run
/// (the clock, the step number, a stream tag like `00O`), blanks inside for any blank run,
/// the rest for itself.
#[derive(Debug, PartialEq, Eq)]
struct Shape(Vec<Token>);

#[derive(Debug, PartialEq, Eq)]
enum Token {
    /// Blanks at the very start: any number, none included.
    Lead,
    /// A run of letters and digits that holds a digit.
    Word,
    /// Blanks inside: at least one.
    Blank,
    /// The one blank that ends a decoration.
    LastBlank,
    Lit(String),
}

impl Shape {
    fn of(decoration: &str) -> Shape {
        let mut tokens = Vec::new();
        let b = decoration.as_bytes();
        let mut i = 0;
        let lead = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
        if lead > 0 {
            tokens.push(Token::Lead);
            i = lead;
        }
        while i < b.len() {
            let c = b[i];
            if c.is_ascii_alphanumeric() {
                let end = i + b[i..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .count();
                let run = &decoration[i..end];
                if run.bytes().any(|c| c.is_ascii_digit()) {
                    tokens.push(Token::Word);
                } else {
                    push_lit(&mut tokens, run);
                }
                i = end;
            } else if c.is_ascii_whitespace() {
                let end = i + b[i..]
                    .iter()
                    .take_while(|c| c.is_ascii_whitespace())
                    .count();
                tokens.push(if end == b.len() {
                    Token::LastBlank
                } else {
                    Token::Blank
                });
                i = end;
            } else {
                let ch = decoration[i..].chars().next().unwrap_or(' ');
                push_lit(&mut tokens, &decoration[i..i + ch.len_utf8()]);
                i += ch.len_utf8();
            }
        }
        Shape(tokens)
    }

    /// How many bytes at the start of `text` the shape covers, if it covers a start.
    fn match_len(&self, text: &str) -> Option<usize> {
        let b = text.as_bytes();
        let mut i = 0;
        for t in &self.0 {
            match t {
                Token::Lead => {
                    i += b[i..]
                        .iter()
                        .take_while(|c| c.is_ascii_whitespace())
                        .count()
                }
                Token::Word => {
                    let n = b[i..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .count();
                    if n == 0 || !b[i..i + n].iter().any(u8::is_ascii_digit) {
                        return None;
                    }
                    i += n;
                }
                Token::Blank => {
                    let n = b[i..]
                        .iter()
                        .take_while(|c| c.is_ascii_whitespace())
                        .count();
                    if n == 0 {
                        return None;
                    }
                    i += n;
                }
                Token::LastBlank => {
                    if !b.get(i).is_some_and(u8::is_ascii_whitespace) {
                        // A decoration at the very end of a line (an empty line of the log).
                        if i == b.len() {
                            continue;
                        }
                        return None;
                    }
                    i += 1;
                }
                Token::Lit(s) => {
                    if !b[i..].starts_with(s.as_bytes()) {
                        return None;
                    }
                    i += s.len();
                }
            }
        }
        Some(i)
    }
}

fn push_lit(tokens: &mut Vec<Token>, s: &str) {
    match tokens.last_mut() {
        Some(Token::Lit(prev)) => prev.push_str(s),
        _ => tokens.push(Token::Lit(s.to_string())),
    }
}

/// GitHub's web log copied as Markdown splices a line anchor into words:
/// `error[E046[3](https://github.com/…#step:5:3)]` is `error[E0463]`.
fn unlink_anchors(text: &mut String) {
    static LINK_ANCHOR: Pattern = Pattern::new(r"\[(\d+)\]\(https?://[^)\s]*\)");
    if let Some(re) = LINK_ANCHOR.regex() {
        *text = re.replace_all(text, "$1").into_owned();
    }
}

/// `> ` (or `>> `) of a quoted log comes off, and an indented `       > `; lld's own `>>> `
/// lines keep theirs.
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
    use super::*;

    fn all(lines: &[&str]) -> Vec<String> {
        let mut c = Cleaner::default();
        lines.iter().map(|l| c.line(l.as_bytes())).collect()
    }

    #[test]
    fn decorations_are_learned_from_cargos_words() {
        assert_eq!(
            all(&[
                "2026-11-26T06:12:28.1234567Z   Compiling app v0.1.0",
                "2026-11-26T06:12:29.0000001Z error: linking with `cc` failed: exit status: 1",
                "2026-11-26T06:12:29.0000002Z   = note: /usr/bin/ld: x",
                "2026-11-26T06:12:29.0000003Z           collect2: error: ld returned 1",
            ]),
            [
                "  Compiling app v0.1.0",
                "error: linking with `cc` failed: exit status: 1",
                "  = note: /usr/bin/ld: x",
                "          collect2: error: ld returned 1",
            ]
        );
        // Formats no list ever named.
        assert_eq!(
            line(b"[13:45:12] error: linker `x86_64-linux-musl-cc` not found"),
            "error: linker `x86_64-linux-musl-cc` not found"
        );
        assert_eq!(
            all(&[
                "#12 3.456 error: linking with `cc` failed",
                "#12 3.457           collect2: error: ld returned 1",
                "#13 10.2   = note: x",
            ]),
            [
                "error: linking with `cc` failed",
                "          collect2: error: ld returned 1",
                "  = note: x",
            ]
        );
        assert_eq!(
            all(&["| error: linking with `cc` failed", "|   = note: y"]),
            ["error: linking with `cc` failed", "  = note: y"]
        );
        assert_eq!(
            all(&[
                "myjob-12 | 00O+ error: linking with `cc` failed",
                "myjob-12 | 00E   = note: y"
            ]),
            ["error: linking with `cc` failed", "  = note: y"]
        );
    }

    #[test]
    fn a_message_is_not_its_own_decoration() {
        // A compiler's location, another tool's name, a cargo warning's package.
        assert_eq!(
            line(b"src/foo.c:12:5: error: unknown type name"),
            "src/foo.c:12:5: error: unknown type name"
        );
        assert_eq!(line(b"ld: error: x"), "ld: error: x");
        assert_eq!(
            line(b"warning: ring@0.17.8: error: unrecognized"),
            "warning: ring@0.17.8: error: unrecognized"
        );
        assert_eq!(
            line(b"cargo:warning=x error: y"),
            "cargo:warning=x error: y"
        );
        assert_eq!(line(b"   Compiling x v1"), "   Compiling x v1");
        // A learned decoration does not eat a line that lacks it.
        assert_eq!(
            all(&["[13:45] error: x", "cc -c foo.c", "[13:46]   Compiling y"]),
            ["error: x", "cc -c foo.c", "  Compiling y"]
        );
    }

    #[test]
    fn escapes_and_overwrites_come_off() {
        assert_eq!(
            line(b"2026-11-26T06:12:28.1Z \x1b[1m\x1b[31merror\x1b[0m: x\r"),
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
