//! Understanding what a linker said: its stderr, parsed into [`LinkerMessage`]s.
//!
//! The wordings are data: `catalog` holds one row per message family of each tool, read from
//! the tool's source or message catalog at a named version, with a fixture line. Every line is
//! cleaned first (lossy UTF-8, terminal escapes removed); the linker's own name
//! (`/usr/bin/ld:`, `ld.lld:`, `mold:`) is looked for anywhere in the line, and what stands
//! before it is decoration (a timestamp, a CI prefix, rustc's `= note:`); a severity (`error:`,
//! `fatal:`, `warning:`) after it comes off too, and the rest is matched against the linkers'
//! rows. Lines that match nothing are skipped, as cargo's `BuildOutput::parse` skips what it
//! does not know: the parser never fails and never panics. Every regex is built through
//! `pattern`, and tested there.

pub mod catalog;
pub mod pattern;
mod table;

pub use table::Shape;

use std::borrow::Cow;
use std::path::PathBuf;

use pattern::Pattern;

/// Which linker's wording a message is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// GNU ld (bfd).
    GnuBfd,
    Gold,
    /// LLVM lld in any flavor (ld.lld, ld64.lld, lld-link, wasm-ld, rust-lld).
    Lld,
    Mold,
    /// Apple's ld64 (and ld-prime).
    Ld64,
    /// Microsoft link.exe.
    Msvc,
    /// zig's own linker.
    Zig,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// What a line says happened.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum MessageKind {
    /// The file is not an object the linker can read at all (`file in wrong format`,
    /// `file format not recognized`, gold's `incompatible target`).
    WrongFormat,
    /// An ELF file for another machine, by its `e_machine` number (`Relocations in generic
    /// ELF (EM: 62)`, gold's `unsupported ELF machine number 62`).
    ForeignElfMachine {
        machine: u16,
    },
    /// A library found while looking for `-l<lib>` was for another machine and was passed over.
    IncompatibleSkipped {
        lib: Option<String>,
    },
    /// lld: the file does not fit `with`, an emulation (`elf32btsmip`) or the first input.
    Incompatible {
        with: String,
    },
    /// Both machines are named: `found` in the file, `expected` by the link.
    MachineConflict {
        found: String,
        expected: Option<String>,
    },
    /// Apple ld: the file is for another platform or architecture (`macOS-x86_64`, `iOS`).
    PlatformMismatch {
        building_for: String,
        built_for: String,
    },
    EndianMismatch,
    /// MIPS: an object for another ABI (o32, n32, n64).
    AbiMismatch,
    /// Hard-float and soft-float objects mixed (MIPS `-mhard-float`/`-msoft-float`, ARM VFP
    /// register arguments).
    FloatAbiClash,
    UndefinedSymbol {
        symbol: String,
    },
    DuplicateSymbol {
        symbol: String,
    },
    MissingLibrary {
        lib: String,
    },
    /// An input named on the command line does not exist.
    MissingFile,
    /// An archive without a symbol index (`run ranlib`).
    NoArchiveIndex,
    /// Non-PIC code in a PIE or shared object (`recompile with -fPIC`).
    PicRelocation {
        relocation: String,
    },
    /// The linker does not know an option: often the wrong linker for the target.
    UnknownOption {
        option: String,
    },
    /// The linker cannot link for the emulation it was asked for (`-m elf64lriscv` to the
    /// build machine's ld): it is not a linker for the target.
    UnknownEmulation {
        emulation: String,
    },
}

/// One message of the linker, with what it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkerMessage {
    pub kind: MessageKind,
    pub family: Family,
    pub severity: Severity,
    /// The file the message is about; for an archive member, the archive.
    pub file: Option<PathBuf>,
    /// The archive member, when the linker named one (`lib.rlib(member.o)`).
    pub member: Option<String>,
    /// 1-based line number in the stderr.
    pub line: usize,
    /// The line as matched (lossy UTF-8, escapes removed).
    pub text: String,
    /// Lines that belong to this message (lld's and mold's `>>> referenced by …`, ld64's
    /// `referenced from:` block).
    pub context: Vec<String>,
}

impl LinkerMessage {
    /// The symbol the message is about, for undefined and duplicate symbols and relocations.
    pub fn symbol(&self) -> Option<&str> {
        match &self.kind {
            MessageKind::UndefinedSymbol { symbol } | MessageKind::DuplicateSymbol { symbol } => {
                Some(symbol)
            }
            _ => None,
        }
    }
}

/// Lines longer than this are cut before matching: a linker line is never this long, and a
/// runaway one must not cost much.
const MAX_LINE: usize = 16 * 1024;

static ANSI: Pattern = Pattern::new(r"\x1b\[[0-9;]*[A-Za-z]");

/// The linker's (or driver's) name, wherever it stands in a line: `/usr/bin/ld: `,
/// `aarch64-linux-gnu-ld: `, `ld.lld: `, `lld-link-14: `, `mold: `, `C:\…\ld.exe: `,
/// `collect2: `. What comes before it is decoration; French catalogs put a no-break space
/// before the colon.
static TOOL: Pattern = Pattern::new(
    r"(?:^|[\s>|\[(=\x22'`])(?P<tool>(?:[A-Za-z]:)?(?:[^\s:>|\[(\x22'`]*[/\\-])?(?:ld|ld\.bfd|ld\.gold|gold|ld\.lld|ld\.mold|ld64\.lld|ld64|lld-link|lld|rust-lld|wasm-ld|mold|collect2|clang|clang\+\+|gcc|g\+\+|cc|c\+\+)(?:-\d+(?:\.\d+)*)?(?:\.real)?(?:\.exe)?)[ \x{a0}]?:[ \x{a0}]?",
);

static SEVERITY: Pattern = Pattern::new(r"^(?i:(?P<sev>fatal error|fatal|error|warning))\s?: ");

/// bfd names the object before its undefined references: ``x.o: in function `main':``.
static IN_FUNCTION: Pattern =
    Pattern::new(r"^(?P<file>.+): (?i:in function) [`'‘](?P<func>.*)['’]:$");

static FAILED_MERGE: Pattern =
    Pattern::new(r"^failed to merge target specific data of file (?P<file>.+)$");

/// Apple ld's block header; the symbols follow on indented lines.
static LD64_UNDEFINED_HEADER: Pattern =
    Pattern::new(r"^Undefined symbols(?: for architecture (?P<arch>\S+))?:$");
static LD64_UNDEFINED_SYMBOL: Pattern = Pattern::new(r#"^\s*"(?P<symbol>.+)", referenced from:$"#);
static LD64_REFERENCED_IN: Pattern = Pattern::new(r"^\s*.+ in (?P<file>\S.*)$");

/// zig's linker names the file on the line after its error.
static ZIG_WHILE_PARSING: Pattern = Pattern::new(r"^\s*note: while parsing (?P<file>\S.*)$");

/// Parses a linker's stderr. Never fails: what is not understood is skipped.
pub fn parse(stderr: &[u8]) -> Vec<LinkerMessage> {
    let mut out: Vec<LinkerMessage> = Vec::new();
    // The object named by bfd's last `in function` line.
    let mut current_object: Option<String> = None;
    let mut in_ld64_undefined = false;
    for (index, raw) in stderr.split(|&b| b == b'\n').enumerate() {
        let text = clean(raw);
        if text.trim().is_empty() {
            continue;
        }
        let line = index + 1;
        if text.trim_start().starts_with(">>>") {
            if let Some(last) = out.last_mut() {
                attach_lld_context(last, &text);
            }
            continue;
        }
        if in_ld64_undefined {
            if let Some(c) = LD64_UNDEFINED_SYMBOL.captures(&text) {
                out.push(LinkerMessage {
                    kind: MessageKind::UndefinedSymbol {
                        symbol: c["symbol"].to_owned(),
                    },
                    family: Family::Ld64,
                    severity: Severity::Error,
                    file: None,
                    member: None,
                    line,
                    text: text.clone().into_owned(),
                    context: Vec::new(),
                });
                continue;
            }
            // The block's lines are indented; a log that lost the indentation still ends the
            // block only at the linker's next own line.
            if text.starts_with(char::is_whitespace) || !starts_with_tool(&text) {
                if let Some(last) = out.last_mut() {
                    if last.file.is_none()
                        && let Some(c) = LD64_REFERENCED_IN.captures(&text)
                    {
                        set_file(last, &c["file"]);
                    }
                    last.context.push(text.trim().to_owned());
                }
                continue;
            }
            in_ld64_undefined = false;
        }

        // What stands before the linker's name is decoration (zig and some wrappers put a
        // severity there: `error: ld.lld: undefined symbol: x`).
        let (tool, rest) = strip_tool(&text);
        let rest = if tool.is_some() {
            rest
        } else {
            rest.trim_start()
        };
        let (severity, body) = strip_severity(rest);
        if let Some(c) = ZIG_WHILE_PARSING.captures(body) {
            if let Some(last) = out.last_mut().filter(|m| m.file.is_none()) {
                set_file(last, &c["file"]);
            }
            continue;
        }
        if LD64_UNDEFINED_HEADER.is_match(body) {
            in_ld64_undefined = true;
            continue;
        }
        if let Some(c) = IN_FUNCTION.captures(body) {
            current_object = Some(c["file"].to_owned());
            continue;
        }
        // bfd follows an ABI clash with the input it could not merge: that file is the
        // culprit, whichever of the two the clash named first.
        if let Some(c) = FAILED_MERGE.captures(body) {
            if let Some(last) = out.last_mut().filter(|m| {
                matches!(
                    m.kind,
                    MessageKind::FloatAbiClash | MessageKind::AbiMismatch
                )
            }) {
                set_file(last, &c["file"]);
            }
            continue;
        }
        if let Some(message) = match_rows(body, current_object.as_deref()) {
            let (kind, family, file) = message;
            let family = tool.and_then(crate::linker::name::family).unwrap_or(family);
            let severity = severity.unwrap_or_else(|| severity_in(body));
            let mut msg = LinkerMessage {
                kind,
                family,
                severity,
                file: None,
                member: None,
                line,
                text: text.clone().into_owned(),
                context: Vec::new(),
            };
            if let Some(file) = file {
                set_file(&mut msg, &file);
            }
            out.push(msg);
        }
    }
    out
}

/// The first linker row that matches `body`, with the kind and file its captures give. One
/// pass of the row set says which rows match; only those are run for their captures.
fn match_rows(
    body: &str,
    current_object: Option<&str>,
) -> Option<(MessageKind, Family, Option<String>)> {
    let hits = catalog::LINK_SET.as_ref()?.matches(body);
    if !hits.matched_any() {
        return None;
    }
    let regexes: &[Option<regex::Regex>] = &catalog::LINK_REGEXES;
    for (i, row) in catalog::link_rows().enumerate() {
        if !hits.matched(i) {
            continue;
        }
        let catalog::Means::Link(shape) = row.means else {
            continue;
        };
        let Some(c) = regexes[i].as_ref().and_then(|r| r.captures(body)) else {
            continue;
        };
        if let Some((kind, file)) = table::build(shape, &c, current_object) {
            return Some((kind, row.tool.family(), file));
        }
    }
    None
}

fn clean(raw: &[u8]) -> Cow<'_, str> {
    let raw = &raw[..raw.len().min(MAX_LINE)];
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    let text = String::from_utf8_lossy(raw);
    if text.contains('\x1b')
        && let Some(ansi) = ANSI.regex()
    {
        return Cow::Owned(ansi.replace_all(&text, "").into_owned());
    }
    text
}

/// The linker or driver a line names as its speaker (`aarch64-linux-gnu-ld`, `ld.lld`,
/// `collect2`), wherever that stands in the line, if one does.
pub fn tool_prefix(text: &str) -> Option<&str> {
    strip_tool(text).0
}

/// Whether a line starts with a linker's or driver's name (after indentation), as each of its
/// messages does.
pub fn starts_with_tool(text: &str) -> bool {
    let indent = text.len() - text.trim_start().len();
    TOOL.captures(text)
        .and_then(|c| c.name("tool"))
        .is_some_and(|m| m.start() == indent)
}

/// The linker's name and what follows it; what stood before it is dropped.
fn strip_tool(text: &str) -> (Option<&str>, &str) {
    match TOOL.captures(text) {
        Some(c) => {
            let end = c.get(0).map_or(0, |m| m.end());
            (c.name("tool").map(|m| m.as_str()), &text[end..])
        }
        None => (None, text),
    }
}

fn strip_severity(text: &str) -> (Option<Severity>, &str) {
    match SEVERITY.captures(text) {
        Some(c) => {
            let end = c.get(0).map_or(0, |m| m.end());
            let severity = if c["sev"].eq_ignore_ascii_case("warning") {
                Severity::Warning
            } else {
                Severity::Error
            };
            (Some(severity), &text[end..])
        }
        None => (None, text),
    }
}

/// gold and link.exe put the severity inside the line (`…: error: undefined reference`,
/// `x.obj : warning LNK4272`).
fn severity_in(body: &str) -> Severity {
    if body.contains(": warning") || body.contains(" warning LNK") {
        Severity::Warning
    } else {
        Severity::Error
    }
}

/// `>>> referenced by x.c` / `>>>               x.o:(main)` / `>>> defined in x.o`.
fn attach_lld_context(message: &mut LinkerMessage, text: &str) {
    let detail = text.trim_start_matches('>').trim();
    // A file taken from `defined in` is only a stand-in: the object that holds the
    // reference (`m.o:(sym) in archive X.rlib`, on a later line) is the one to blame.
    let stand_in = message.context.iter().any(|c| c.starts_with("defined in "));
    message.context.push(detail.to_owned());
    if message.file.is_some() && !stand_in {
        return;
    }
    // `defined in X.rlib(m.o)`: lld names an archive member this way.
    if let Some(named) = detail.strip_prefix("defined in ") {
        if message.file.is_none() {
            set_file(message, named);
        }
        return;
    }
    let detail = detail
        .strip_prefix("referenced by ")
        .or_else(|| detail.strip_prefix("defined at "))
        .unwrap_or(detail);
    // Only the `object:(section or symbol)` form names the object; a bare name is the source.
    // An archive member reads `m.o:(sym) in archive X.rlib`.
    if let Some(at) = detail.find(":(") {
        let object = &detail[..at];
        match detail[at..].rsplit_once(") in archive ") {
            Some((_, archive)) if !archive.is_empty() => {
                message.file = Some(PathBuf::from(archive));
                message.member = Some(object.to_owned());
            }
            _ => set_file(message, object),
        }
    }
}

fn set_file(message: &mut LinkerMessage, named: &str) {
    let (file, member) = table::split_member(named);
    message.file = Some(file);
    message.member = member;
}

#[cfg(test)]
mod tests;
