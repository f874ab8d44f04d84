//! The linker's and compilers' own words wherever they stand: in a fragment pasted into an
//! issue, a make, cmake or bitbake log, a build script's output, an old rustc's notes.
//!
//! `blocks` reads what cargo frames (``linking with `X` failed``, a failed build script);
//! every other line comes here. A cheap keyword test picks the lines that may hold a
//! diagnostic; lines that pass and stand close together form a cluster, read as a linker's
//! stderr (`messages::parse`) and as a build script's output (`blocks::build_script`). The
//! linker and the target come from the cluster's own text when no header names them.

use std::sync::LazyLock;

use regex::Regex;

use super::blocks;
use super::log::{BuildFailure, Failure, Line, LinkFailure, Log, targets_in};
use crate::messages::{self, MessageKind};
use crate::target::{self, TargetSpec};

/// Lines apart that still belong to one cluster.
const GAP: usize = 6;
/// Lines read before a cluster's first keyword line (bfd's ``in function`` line) and after
/// its last (lld's `>>>` lines, a cmake message's compiler name).
const BEFORE: usize = 2;
const AFTER: usize = 4;
/// Indented lines that may follow (ld64's `referenced from:` blocks).
const MAX_TAIL: usize = 200;
/// Lines of one cluster: a wall of linker errors is read in pieces of this size.
const MAX_CLUSTER: usize = 5_000;

/// Words, in lower case, that every diagnostic `messages` and `blocks::build_script` know
/// holds at least one of. Matched as literals, so a line costs one pass.
const KEYWORDS: &[&str] = &[
    "format",
    "generic elf",
    "incompatible",
    "find",
    "undefined",
    "vfp",
    "float",
    "mnan",
    "abicalls",
    "isa ",
    "specific data",
    "fpi",
    "pie object",
    "shared object",
    "lnk",
    "machine type",
    "built for",
    "building for",
    "architecture",
    "not found",
    "no such file",
    "unrecognized",
    "unknown ",
    "unsupported",
    "openssl",
    "header expansion",
    "pkg-config",
    "cross-compilation",
    "cross compilation",
    "cmake_c",
    "simple test program",
    "has no index",
    "endian",
    "not compiled in",
    "invalid linker name",
    "failed to locate",
    "pseudo-op",
    "junk at end of line",
    "no such instruction",
    "unknown mnemonic",
    "recognised but unhandled",
    "eabi version",
    "failed to execute",
    "could be found",
    crate::report::json::DATA_PREFIX,
    // zh_CN binutils: `skipping incompatible`, `cannot find`.
    "跳过不兼容",
    "找不到",
];

static KEYWORD: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let alternatives: Vec<String> = KEYWORDS.iter().map(|k| regex::escape(k)).collect();
    Regex::new(&alternatives.join("|")).ok()
});

/// What pasted logs put in front of the linker's words: rustc's `= note:`, an old rustc's
/// `note:`, `linker stderr:`, Markdown's `- `, an editor's or a viewer's line number.
static DECORATION: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:(?:=\s*)?(?:note|help):\s*|linker std(?:err|out):\s*|\d{1,6}[.:)]\s+|\d{1,6}\s*\|\s?|[-*]\s+|\|\s?|\[[^\]\[]{0,40}\]\s+|\d\d:\d\d:\d\d(?:\.\d+)?\s+|[A-Za-z0-9_.+-]{1,40}>\s+)+",
    )
    .ok()
});

static LINKER_MISSING: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?:collect2(?:\.exe)?: fatal error: cannot find ['‘](?P<ld>[^'’]+)['’]|linker `(?P<path>[^`]+)` was not found in PATH|invalid linker name in argument '-fuse-ld=(?P<fuse>[^']+)'|failed to locate (?P<locate>link\.exe|lld-link(?:\.exe)?))",
    )
    .ok()
});

/// ld64: `building for macOS-arm64`, `for architecture arm64`; link.exe: `target machine
/// type 'ARM64'` (and `/MACHINE:ARM64`).
static PLATFORM: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)building for (?P<plat>macOS|iOS Simulator|iOS|tvOS|watchOS|visionOS|Mac Catalyst)-(?P<arch>[a-z0-9_]+)|target machine type '?(?P<msvc>x64|x86|ARM64|ARM64EC|ARM|X86|X64)'?",
    )
    .ok()
});

/// The text a line holds once decorations are off.
pub(super) fn undecorate(text: &str) -> &str {
    match DECORATION.as_ref().and_then(|r| r.find(text)) {
        Some(m) => &text[m.end()..],
        None => text.trim_start(),
    }
}

/// Whether a line holds a keyword, in any ASCII case; `lower` is a buffer reused across
/// lines (literal search in lower case runs SIMD; a case-blind one does not).
fn has_keyword(text: &str, lower: &mut String) -> bool {
    let Some(re) = KEYWORD.as_ref() else {
        return false;
    };
    if !text.bytes().any(|b| b.is_ascii_uppercase()) {
        return re.is_match(text);
    }
    lower.clear();
    lower.push_str(text);
    lower.make_ascii_lowercase();
    re.is_match(lower)
}

/// Reads the lines no block claimed.
pub fn read(lines: &[Line], log: &mut Log) {
    let mut start: Option<(usize, usize)> = None;
    let mut lower = String::new();
    for (i, l) in lines.iter().enumerate() {
        if !has_keyword(&l.text, &mut lower) {
            continue;
        }
        start = match start {
            Some((first, last)) if i - last <= GAP && i - first < MAX_CLUSTER => Some((first, i)),
            Some((first, last)) => {
                cluster(lines, first, last, log);
                Some((i, i))
            }
            None => Some((i, i)),
        };
    }
    if let Some((first, last)) = start {
        cluster(lines, first, last, log);
    }
}

fn cluster(lines: &[Line], first: usize, last: usize, log: &mut Log) {
    let from = first.saturating_sub(BEFORE);
    let mut to = (last + AFTER + 1).min(lines.len());
    while to < lines.len()
        && to - last < MAX_TAIL
        && lines[to].text.starts_with(char::is_whitespace)
        && !lines[to].text.trim().is_empty()
    {
        to += 1;
    }
    let part = &lines[from..to];
    let stderr: Vec<String> = part
        .iter()
        .map(|l| undecorate(&l.text).to_string())
        .collect();
    // The package is often named a little before the failure (cargo's `process didn't exit
    // successfully: …/build/<pkg>-<hash>/build-script-build`).
    let package = part
        .iter()
        .find_map(|l| l.package.clone())
        .or_else(|| package_in(stderr.iter().map(String::as_str)))
        .or_else(|| {
            package_in(
                lines[from.saturating_sub(30)..to]
                    .iter()
                    .map(|l| undecorate(&l.text)),
            )
        });
    // A triple the text spells out decides; a cross tool's prefix or a platform name is a
    // guess, taken only while the log has named no target of its own.
    let target = strong_target(&stderr).or_else(|| {
        log.targets.is_empty().then(|| {
            guessed_target(&stderr).or_else(|| {
                log.last_linker
                    .as_deref()
                    .and_then(target::gnu::target_of_tool)
            })
        })?
    });

    // rustc's `= note:` around the lines: they are a linker's, even where the header that
    // said so was not copied (a compiler's refused flag is then the linker's).
    let in_link_note = part.iter().any(|l| {
        let t = l.text.trim_start();
        t.starts_with("= note:") || t.starts_with("note: \"")
    });
    let is_link_failure = |k: &MessageKind| is_link_failure(k, in_link_note);
    let mut msgs = messages::parse(stderr.join("\n").as_bytes());
    let mut stderr = stderr;
    if !msgs.iter().any(|m| is_link_failure(&m.kind)) {
        // A viewer or a forum may have wrapped the linker's line: read it joined back.
        let joined = rejoin(&stderr);
        let again = messages::parse(joined.join("\n").as_bytes());
        if again.iter().any(|m| is_link_failure(&m.kind)) {
            msgs = again;
            stderr = joined;
        }
    }
    let shim_data = stderr.iter().any(|l| l.contains(super::shim_data::PREFIX));
    if shim_data || msgs.iter().any(|m| is_link_failure(&m.kind)) {
        let tool = stderr
            .iter()
            .find_map(|l| messages::tool_prefix(l))
            .filter(|t| target::gnu::target_of_tool(t).is_some())
            .map(str::to_string)
            .or_else(|| log.last_linker.clone());
        log.links.push(LinkFailure {
            command: None,
            stderr: stderr.clone(),
            failed: true,
            package: package.clone(),
            tool,
            target,
        });
    }
    let undecorated: Vec<Line> = stderr.iter().map(|t| Line::plain(t.as_str())).collect();
    let linked = log.links.len();
    let link_found = linked > 0 && log.links[linked - 1].stderr == stderr;
    if let Some(mut f) = blocks::build_script(&undecorated, false).filter(|f| {
        // cmake's `is not able to compile a simple test program` wraps the linker's own
        // words, which say more; in a linker's note, a refused flag is the linker's.
        !(link_found
            && matches!(&f.what, Failure::WrongCompiler { evidence, .. }
                if in_link_note || evidence.contains("simple test program")))
    }) {
        f.package = package.clone().or_else(|| {
            // openssl-sys's report is its own: nothing else says `Header expansion error`.
            (f.what == Failure::Openssl).then(|| "openssl-sys".to_string())
        });
        f.target = f.target.or(target);
        log.builds.push(f);
    }
    if let Some(c) = stderr
        .iter()
        .find_map(|l| LINKER_MISSING.as_ref().and_then(|r| r.captures(l)))
    {
        let linker = c
            .name("ld")
            .or_else(|| c.name("fuse"))
            .or_else(|| c.name("locate"))
            .or_else(|| c.name("path"))
            .map_or("ld", |m| m.as_str());
        log.builds.push(BuildFailure {
            what: Failure::LinkerNotFound {
                linker: linker.to_string(),
            },
            package,
            target,
            source: None,
        });
    }
}

/// Lines put back together where a log viewer wrapped them: a line that starts flush left
/// without a tool's name continues the one before. A wrap inside a path (the line before
/// ends in a path) takes no space; a wrap between words takes one.
fn rejoin(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for l in lines {
        let continues = !l.is_empty()
            && !l.starts_with(char::is_whitespace)
            && !messages::starts_with_tool(l)
            && out.last().is_some_and(|p| p.len() >= 40);
        match out.last_mut() {
            Some(prev) if continues => {
                let last_word = prev.rsplit(' ').next().unwrap_or_default();
                let in_path =
                    (last_word.contains('/') || last_word.contains('\\')) && !prev.ends_with(':');
                if !in_path {
                    prev.push(' ');
                }
                prev.push_str(l);
            }
            _ => out.push(l.clone()),
        }
    }
    out
}

/// The messages that make a link failure worth a finding; an unknown option or a duplicate
/// symbol alone is not a cross-build failure.
///
/// A refused option is a linker's when it is an ld option or a `-Wl,` (a bare ld given a
/// driver's line, ld64 given GNU options); a compiler flag (`-m64`) is only in a linker's note.
fn is_link_failure(kind: &MessageKind, in_link_note: bool) -> bool {
    match kind {
        MessageKind::UnknownOption { option } => {
            (option.starts_with("-Wl,") || option.starts_with("--") || in_link_note)
                && super::logonly::is_driver_flag(option)
        }
        MessageKind::DuplicateSymbol { .. } => false,
        _ => true,
    }
}

/// Where a log names the package whose build script failed: its out dir
/// (`build/<pkg>-<hash>/`), its registry source (`registry/src/<index>/<pkg>-<version>/`),
/// pkg-config's ``required by crate `<pkg>` ``, openssl-sys's report, cargo's
/// `warning: <pkg>@<version>:` lines.
static PACKAGE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        [/\\]build[/\\]+(?P<out>[A-Za-z0-9_-]+?)-[0-9a-f]{16}[/\\]
        | [/\\]registry[/\\]src[/\\][^/\\]+[/\\](?P<src>[A-Za-z0-9_-]+?)-\d+\.\d+\.\d+
        | required\ by\ crate\ `(?P<req>[A-Za-z0-9_-]+)`
        | ^\s*(?P<ossl>openssl-sys)\ =\ \d
        | ^warning:\ (?P<warn>[A-Za-z0-9_-]+)@\d
        | custom\ build\ command\ for\ `(?P<cmd>[A-Za-z0-9_-]+)\ v
        ",
    )
    .ok()
});

fn package_in<'a>(mut lines: impl Iterator<Item = &'a str>) -> Option<String> {
    let re = PACKAGE.as_ref()?;
    lines.find_map(|l| {
        let c = re.captures(l)?;
        ["out", "src", "req", "ossl", "warn", "cmd"]
            .iter()
            .find_map(|n| c.name(n))
            .map(|m| m.as_str().to_string())
    })
}

/// The target a cluster's own words name: a `<triple>/` path, `--target`.
fn strong_target(lines: &[String]) -> Option<&'static TargetSpec> {
    lines.iter().find_map(|l| targets_in(l).into_iter().next())
}

/// The target a cluster's words suggest: the prefix of a cross tool (`aarch64-linux-gnu-ld:`),
/// ld64's platform, link.exe's target machine.
fn guessed_target(lines: &[String]) -> Option<&'static TargetSpec> {
    for l in lines {
        if let Some(t) = messages::tool_prefix(l).and_then(target::gnu::target_of_tool) {
            return Some(t);
        }
        if let Some(c) = PLATFORM.as_ref().and_then(|r| r.captures(l)) {
            let triple = match (c.name("plat"), c.name("arch"), c.name("msvc")) {
                (_, _, Some(m)) => match m.as_str().to_ascii_lowercase().as_str() {
                    "x64" => "x86_64-pc-windows-msvc",
                    "x86" => "i686-pc-windows-msvc",
                    "arm64" => "aarch64-pc-windows-msvc",
                    "arm64ec" => "arm64ec-pc-windows-msvc",
                    _ => "thumbv7a-pc-windows-msvc",
                },
                (Some(p), Some(a), None) => apple(p.as_str(), a.as_str())?,
                _ => continue,
            };
            return target::lookup(triple);
        }
    }
    None
}

fn apple(platform: &str, arch: &str) -> Option<&'static str> {
    let arm = matches!(arch, "arm64" | "arm64e");
    Some(match (platform.to_ascii_lowercase().as_str(), arm) {
        ("macos", true) => "aarch64-apple-darwin",
        ("macos", false) => "x86_64-apple-darwin",
        ("ios simulator", true) => "aarch64-apple-ios-sim",
        ("ios simulator", false) => "x86_64-apple-ios",
        ("ios", _) => "aarch64-apple-ios",
        ("mac catalyst", true) => "aarch64-apple-ios-macabi",
        ("mac catalyst", false) => "x86_64-apple-ios-macabi",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<Line> {
        s.lines().map(Line::plain).collect()
    }

    #[test]
    fn decorations_come_off() {
        assert_eq!(undecorate("  = note: /usr/bin/ld: x"), "/usr/bin/ld: x");
        assert_eq!(undecorate("note: /usr/bin/ld: x"), "/usr/bin/ld: x");
        assert_eq!(undecorate("12. ld: error: y"), "ld: error: y");
        assert_eq!(undecorate("    ld: error: y"), "ld: error: y");
    }

    #[test]
    fn a_lone_linker_line_is_a_link_failure() {
        let mut log = Log::default();
        read(
            &lines(
                "Oh no\n/home/j/target/mips-unknown-linux-musl/debug/deps/libminiz_sys-9df090e5aeaaf6af.rlib: error adding symbols: File in wrong format\nmore prose",
            ),
            &mut log,
        );
        assert_eq!(log.links.len(), 1);
        assert_eq!(
            log.links[0].target.map(|t| t.triple),
            Some("mips-unknown-linux-musl")
        );
    }

    #[test]
    fn prose_is_not_a_failure() {
        let mut log = Log::default();
        read(
            &lines("the float type is not found in this architecture\nfine"),
            &mut log,
        );
        assert!(log.links.is_empty() && log.builds.is_empty());
    }
}
