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
use crate::messages::catalog::{self, Says};
use crate::messages::pattern::{self, Pattern};
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
/// Lines after a cluster looked at for the package it belongs to.
const PACKAGE_AFTER: usize = 12;

/// Words, in lower case, a line must hold to be read further, besides the catalog's anchors:
/// what `messages::parse` and `blocks::build_script` read outside the catalog's rows.
const EXTRA_KEYWORDS: &[&str] = &[
    // bfd's companion line of an ABI clash; ld64's undefined-symbols block.
    "specific data",
    "undefined symbols",
    // cmake's compiler lines, read across lines.
    "cmake_c",
    "compiler identification is unknown",
    "compiler identification source file",
    // Linkers that are not there, as LDC and esp-hal's build script say.
    "failed to locate",
    "was not found in path",
    // An assembler fed another machine's flags or instructions; a program that is not there.
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

/// The words to look for: every anchor of the catalog and the extras, without those that hold
/// another (a line holding the longer one holds the shorter).
fn keywords() -> Vec<&'static str> {
    let mut all = catalog::anchors();
    all.extend(EXTRA_KEYWORDS);
    all.sort_unstable();
    all.dedup();
    let kept: Vec<&'static str> = all
        .iter()
        .copied()
        .filter(|k| !all.iter().any(|o| o != k && k.contains(o)))
        .collect();
    kept
}

/// One pass of literals over a line, in lower case.
static KEYWORD: LazyLock<Option<Regex>> = LazyLock::new(|| pattern::build_words(keywords()).ok());

/// What pasted logs put in front of the linker's words that is rustc's own (`= note:`, an old
/// rustc's `note:`, `linker stderr:`, its `|` gutter) or Markdown's list bullet. A CI's
/// decoration is learned in `clean`, and a linker's name is found wherever it stands.
static DECORATION: Pattern =
    Pattern::new(r"^\s*(?:(?:=\s*)?(?:note|help):\s*|linker std(?:err|out):\s*|\|\s?|[-*]\s+)+");

/// Linkers that are not there, as tools outside the catalog say it: LDC's `failed to locate
/// link.exe` and esp-hal's build script (``linker `x` was not found in PATH``).
static LINKER_MISSING: Pattern = Pattern::new(
    r"(?:linker `(?P<path>[^`]+)` was not found in PATH|failed to locate (?P<locate>link\.exe|lld-link(?:\.exe)?))",
);

/// ld64: `building for macOS-arm64`, `for architecture arm64`; link.exe: `target machine
/// type 'ARM64'` (and `/MACHINE:ARM64`).
static PLATFORM: Pattern = Pattern::new(
    r"(?i)building for (?P<plat>macOS|iOS Simulator|iOS|tvOS|watchOS|visionOS|Mac Catalyst)-(?P<arch>[a-z0-9_]+)|target machine type '?(?P<msvc>x64|x86|ARM64|ARM64EC|ARM|X86|X64)'?",
);

/// The text a line holds once decorations are off.
pub(super) fn undecorate(text: &str) -> &str {
    match DECORATION.find(text) {
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
    // successfully: …/build/<pkg>-<hash>/build-script-build`), or just after it (the build
    // script's panic in `registry/src/<index>/<pkg>-<version>/build.rs`).
    let package = part
        .iter()
        .find_map(|l| l.package.clone())
        .or_else(|| package_in(stderr.iter().map(String::as_str)))
        .or_else(|| {
            package_in(
                lines[from.saturating_sub(30)..(to + PACKAGE_AFTER).min(lines.len())]
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
            by_rustc: in_link_note,
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
    if let Some(linker) = stderr.iter().find_map(|l| missing_linker(l)) {
        log.builds.push(BuildFailure {
            what: Failure::LinkerNotFound { linker },
            package,
            target,
            source: None,
            outranked: Vec::new(),
        });
    }
}

/// The linker a line says is not there: a driver's words (collect2's `cannot find 'ld'`,
/// clang's `-fuse-ld=`), LDC's and esp-hal's.
fn missing_linker(line: &str) -> Option<String> {
    if let Some(hit) = catalog::build_line(line).filter(|h| h.says == Says::LinkerNotFound) {
        return Some(hit.named.unwrap_or_else(|| "ld".into()));
    }
    let c = LINKER_MISSING.captures(line)?;
    let linker = c.name("locate").or_else(|| c.name("path"))?;
    Some(linker.as_str().to_string())
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
/// pkg-config's ``required by crate `<pkg>` `` (and, from pkg-config-rs's
/// `Error::ProbeFailure`, `required by the '<pkg>' crate`), openssl-sys's report, cargo's
/// `warning: <pkg>@<version>:` lines.
static PACKAGE: Pattern = Pattern::new(
    r"(?x)
        [/\\]build[/\\]+(?P<out>[A-Za-z0-9_-]+?)-[0-9a-f]{16}[/\\]
        | [/\\]registry[/\\]src[/\\][^/\\]+[/\\](?P<src>[A-Za-z0-9_-]+?)-\d+\.\d+\.\d+
        | required\ by\ crate\ `(?P<req>[A-Za-z0-9_-]+)`
        | required\ by\ the\ '(?P<probe>[A-Za-z0-9_-]+)'\ crate
        | ^\s*(?P<ossl>openssl-sys)\ =\ \d
        | ^warning:\ (?P<warn>[A-Za-z0-9_-]+)@\d
        | custom\ build\ command\ for\ `(?P<cmd>[A-Za-z0-9_-]+)\ v
        ",
);

fn package_in<'a>(mut lines: impl Iterator<Item = &'a str>) -> Option<String> {
    lines.find_map(|l| {
        let c = PACKAGE.captures(l)?;
        ["out", "src", "req", "probe", "ossl", "warn", "cmd"]
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
        if let Some(c) = PLATFORM.captures(l) {
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
        // A viewer's line number stays; the linker's name is found behind it.
        assert_eq!(undecorate("12. ld: error: y"), "12. ld: error: y");
        assert_eq!(messages::tool_prefix("12. ld: error: y"), Some("ld"));
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

    /// Every catalog row's fixture, alone as a log, gives the row's finding kind and no
    /// other error; a row without a kind gives no error.
    #[test]
    fn every_catalog_fixture_gives_its_kind() {
        use crate::diagnose::{Kind, Severity};
        let cwd = std::env::temp_dir().join("xlinkdiag-catalog-fixtures-not-here");
        let mut wrong = Vec::new();
        for row in catalog::rows() {
            if let Some(k) = row.kind {
                assert!(Kind::from_name(k).is_some(), "{k} is no kind");
            }
            let report = super::super::log_findings_of(row.fixture.as_bytes(), None, &cwd);
            let kinds: Vec<&str> = report
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| f.kind.as_str())
                .collect();
            let right = match row.kind {
                Some(k) => !kinds.is_empty() && kinds.iter().all(|x| *x == k),
                None => kinds.is_empty(),
            };
            if !right {
                wrong.push(format!(
                    "{:?} {:?}: expected {:?}, got {kinds:?}\n    {}",
                    row.tool, row.means, row.kind, row.fixture
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// Only a few words are searched for: every anchor is held by one of them.
    #[test]
    fn keywords_cover_every_anchor() {
        let k = keywords();
        for a in catalog::anchors() {
            assert!(k.iter().any(|w| a.contains(w)), "{a}");
        }
        assert!(KEYWORD.is_some());
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
