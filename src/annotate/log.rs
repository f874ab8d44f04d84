//! What a CI log says: the failed links and the other cross-build failures, the packages
//! built, the targets named, and which package links which library.
//!
//! cargo's JSON messages (`--message-format=json`) are unfolded first: a `compiler-message`
//! becomes its `rendered` text (the same text the human output has, tagged with its
//! package), so one reader (`blocks`) serves both formats; `compiler-artifact` and
//! `build-script-executed` add what only they carry (manifest dirs, linked libraries).
//! Lines that are neither are plain text. Nothing here fails: what is not understood is
//! skipped, as cargo's `BuildOutput::parse` skips what it does not know.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufRead};
use std::path::PathBuf;

use serde_json::Value;

use super::blocks;
use super::clean;
use super::cmdline::CommandLine;
use crate::messages::pattern::Pattern;
use crate::target::{self, TargetSpec};

/// One line of cargo's text, with the package a JSON message said it is about.
#[derive(Clone)]
pub struct Line {
    pub text: String,
    pub package: Option<String>,
}

#[derive(Default)]
pub struct Log {
    pub links: Vec<LinkFailure>,
    pub builds: Vec<BuildFailure>,
    /// Packages in the order cargo built them: name and, for path packages, their dir.
    pub packages: Vec<(String, Option<PathBuf>)>,
    /// How often each target triple was named.
    pub targets: BTreeMap<&'static str, usize>,
    /// `-l` libraries by the package whose build script asked for them (JSON, `-vv`).
    pub linked_libs: Vec<(String, String)>,
    /// The linker the last ``linking with `X` failed`` header named: the linker of the
    /// fragments after it, whose lines rarely say.
    pub last_linker: Option<String>,
    /// Where each package is in `packages`: a log of thousands of crates stays linear.
    package_index: HashMap<String, usize>,
    /// What is kept of the failures, and how many were not (`caps`).
    pub caps: super::caps::Caps,
}

/// A link rustc reported: ``linking with `X` failed``, or the `linker stderr` lint of a
/// link that succeeded with warnings.
pub struct LinkFailure {
    pub command: Option<CommandLine>,
    /// The linker's own lines, in order.
    pub stderr: Vec<String>,
    /// False for a link that succeeded with warnings.
    pub failed: bool,
    /// The package being linked.
    pub package: Option<String>,
    /// The linker the text names, when no command line does: the header's, or the tool in
    /// front of the linker's lines (`aarch64-linux-gnu-ld:`).
    pub tool: Option<String>,
    /// The target the failure's own lines name (a `<triple>/` path, a cross tool's prefix,
    /// ld64's platform, link.exe's machine), for a fragment of a log that names no other.
    pub target: Option<&'static TargetSpec>,
    /// rustc's own link (cargo's `linking with`, or lines under rustc's `= note:`): its
    /// objects are rustc's, so a linker that refused none of them reads their machine.
    pub by_rustc: bool,
}

impl LinkFailure {
    /// The link's command line as the linker reads it. `@file`s are left alone: a log must
    /// not make us read files it names.
    pub fn invocation(&self) -> Option<crate::linker::LinkInvocation> {
        let c = self.command.as_ref()?;
        let args: Vec<std::ffi::OsString> = c
            .args
            .iter()
            .filter(|a| !a.to_string_lossy().starts_with('@'))
            .cloned()
            .collect();
        Some(crate::linker::parse(
            &args,
            crate::linker::ArgLevel::of_linker(std::path::Path::new(&c.linker)),
        ))
    }

    /// The linker by name: the command line's, else the one the text names.
    pub fn linker(&self) -> Option<&str> {
        self.command
            .as_ref()
            .map(|c| c.linker.as_str())
            .or(self.tool.as_deref())
    }
}

/// A failure before any link.
pub struct BuildFailure {
    pub what: Failure,
    pub package: Option<String>,
    /// A target the failure itself names (openssl-sys's `$TARGET`, cc-rs's `CC_<target>`).
    pub target: Option<&'static TargetSpec>,
    /// The source line rustc pointed at (`--> src/lib.rs:8:1`), as printed.
    pub source: Option<(String, u32)>,
    /// What else the step's output said, ranked below `what` (`Says::rank`): a build
    /// script's note it went on from, kept to be said, never the answer.
    pub outranked: Vec<Failure>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    ProcMacro,
    /// E0463 for `std`, `core` or `alloc`: the target's standard library is not installed.
    TargetStd {
        krate: String,
    },
    /// A C compile for the target failed the way a compiler for another machine fails.
    WrongCompiler {
        evidence: String,
        /// The compiler cc-rs's `running:` line names, and the variable its lookups found.
        compiler: Option<String>,
        variable: Option<String>,
        /// The flags variable whose value holds the option the compiler refused
        /// (`CFLAGS` for `unknown value 'x86-64-v2' for '-march'`).
        flags_from: Option<String>,
    },
    ToolMissing {
        tool: String,
    },
    PkgConfig {
        lib: Option<String>,
    },
    /// pkg-config-rs was pointed at the target's `.pc` dirs (its command line sets
    /// `PKG_CONFIG_LIBDIR` or a sysroot) and the library's `.pc` is not there: the target's
    /// -dev package is missing, not the cross setup.
    PcMissing {
        lib: Option<String>,
        dirs: String,
    },
    Openssl,
    LinkerNotFound {
        linker: String,
    },
    /// A configure step (cmake, meson, a compile's header) found no library for the target.
    MissingLibrary {
        lib: String,
    },
    /// A compile or link for the target was pointed at the build machine's own dirs.
    HostPath {
        path: String,
    },
}

impl Log {
    /// The target the log is about: the one named most often.
    pub fn main_target(&self) -> Option<&'static TargetSpec> {
        self.targets
            .iter()
            .max_by_key(|(_, n)| **n)
            .and_then(|(t, _)| target::lookup(t))
    }

    /// The source dir of a path package.
    pub fn package_dir(&self, name: &str) -> Option<&PathBuf> {
        self.packages
            .iter()
            .find(|(n, d)| n == name && d.is_some())
            .and_then(|(_, d)| d.as_ref())
    }

    /// The package a crate name belongs to (`miniz_sys` → `miniz-sys`), if it was built.
    pub fn package_of_crate(&self, crate_name: &str) -> Option<&str> {
        self.packages
            .iter()
            .map(|(n, _)| n.as_str())
            .find(|n| n.replace('-', "_") == crate_name)
    }

    fn note_targets(&mut self, text: &str) {
        // cc-rs's `HOST = Some(x86_64-unknown-linux-gnu)` and the `HOST_CC` lookups name the
        // build machine; its `TARGET = Some(…)` names the target, surely.
        let head = text.trim_start();
        if head.starts_with("HOST") {
            return;
        }
        let weight = if cc_rs_target(head).is_some() { 10 } else { 1 };
        for t in targets_in(text) {
            *self.targets.entry(t.triple).or_default() += weight;
        }
    }

    fn note_package(&mut self, name: &str, dir: Option<PathBuf>) {
        match self.package_index.get(name) {
            Some(&i) => {
                if self.packages[i].1.is_none() {
                    self.packages[i].1 = dir;
                }
            }
            None => {
                self.package_index
                    .insert(name.to_string(), self.packages.len());
                self.packages.push((name.to_string(), dir));
            }
        }
    }
}

/// Reads a log held in memory (the tests' way; the commands stream, `read_from`).
#[cfg(test)]
pub fn read(raw: &[u8]) -> Log {
    read_from(raw).unwrap_or_default()
}

/// Reads a log as a stream, in one pass: memory stays bounded by the window `blocks` needs
/// (a block and the lines after it that name its package), whatever the log's size.
pub fn read_from(mut input: impl BufRead + Send) -> io::Result<Log> {
    let mut log = Log::default();
    let mut window = Window::default();
    let mut json = JsonJoin::default();
    // Two stages on two threads: reading and cleaning lines, and reading them. Batches keep
    // the hand-over cheap; a bounded channel keeps memory bounded when one stage is slower.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<String>>(4);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || -> io::Result<()> {
            let mut raw = Vec::new();
            let mut batch = Vec::with_capacity(BATCH);
            let mut cleaner = clean::Cleaner::default();
            while next_line(&mut input, &mut raw)? {
                batch.push(cleaner.line(&raw));
                if batch.len() == BATCH
                    && tx
                        .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                        .is_err()
                {
                    return Ok(());
                }
            }
            let _ = tx.send(batch);
            Ok(())
        });
        for batch in rx {
            for text in batch {
                for line in json.push(text, &mut log) {
                    window.push(line, &mut log);
                }
            }
        }
        reader
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the log reader panicked")))
    })?;
    for line in json.finish() {
        window.push(line, &mut log);
    }
    window.finish(&mut log);
    Ok(log)
}

/// Lines handed from the reading stage to the next at a time.
const BATCH: usize = 4096;

/// One line of `input` into `out`, cut at `clean::MAX_LINE` bytes (the rest of a longer one is
/// skipped, not kept). False at the end of the input.
fn next_line(input: &mut impl BufRead, out: &mut Vec<u8>) -> io::Result<bool> {
    out.clear();
    let mut any = false;
    loop {
        let buf = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(any);
        }
        any = true;
        let (chunk, used, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (&buf[..i], i + 1, true),
            None => (buf, buf.len(), false),
        };
        let room = clean::MAX_LINE.saturating_sub(out.len());
        out.extend_from_slice(&chunk[..chunk.len().min(room)]);
        input.consume(used);
        if done {
            return Ok(true);
        }
    }
}

/// What one cleaned line tells the log as a whole: the targets it names, the package cargo
/// compiles, a library a build script links.
fn note_line(log: &mut Log, text: &str) {
    log.note_targets(text);
    let head = text.trim_start();
    if let Some((name, dir)) = compiling(head) {
        log.note_package(name, dir);
    }
    if head.starts_with('[')
        && let Some(c) = VV_LINK_LIB.captures(text)
    {
        log.linked_libs
            .push((c["pkg"].to_string(), lib_name(&c["lib"]).to_string()));
    }
}

/// `Compiling app v0.1.0 (/w/app)`, `Fresh …`, `Checking …`: the package and, for a path
/// package, its dir.
fn compiling(head: &str) -> Option<(&str, Option<PathBuf>)> {
    let rest = head
        .strip_prefix("Compiling ")
        .or_else(|| head.strip_prefix("Fresh "))
        .or_else(|| head.strip_prefix("Checking "))?;
    let (name, rest) = rest.split_once(' ')?;
    let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    if name.is_empty() || !name.chars().all(valid) || !rest.starts_with('v') {
        return None;
    }
    let (version, src) = match rest.split_once(' ') {
        Some((v, src)) => (v, Some(src.trim_end())),
        None => (rest.trim_end(), None),
    };
    if version.len() < 2 {
        return None;
    }
    let dir = src
        .and_then(|s| s.strip_prefix('(')?.strip_suffix(')'))
        .map(PathBuf::from)
        .filter(|p| p.is_absolute());
    match src {
        Some(s) if !s.starts_with('(') => None,
        _ => Some((name, dir)),
    }
}

/// The lines `blocks` has not read yet. A block starts on one line and ends at most
/// `blocks::REACH` lines later, so once the window holds more than that past a line, every
/// block starting there can be read and the lines before it dropped.
#[derive(Default)]
struct Window {
    lines: Vec<Line>,
    bytes: usize,
}

/// Bytes the window may hold before it is read early: a log of a few huge lines (whole
/// link command lines) must not fill memory either.
const WINDOW_BYTES: usize = 64 * 1024 * 1024;

impl Window {
    fn push(&mut self, line: Line, log: &mut Log) {
        note_line(log, &line.text);
        self.bytes += line.text.len();
        self.lines.push(line);
        if self.lines.len() >= 2 * blocks::REACH {
            let stop = self.lines.len() - blocks::REACH;
            self.read(stop, log);
        } else if self.bytes > WINDOW_BYTES {
            let stop = self.lines.len() / 2;
            self.read(stop.max(1), log);
        }
    }

    fn read(&mut self, stop: usize, log: &mut Log) {
        let (links, builds) = (log.links.len(), log.builds.len());
        let next = blocks::read(&self.lines, log, stop).min(self.lines.len());
        log.caps
            .apply(&mut log.links, links, &mut log.builds, builds);
        let gone: usize = self.lines[..next].iter().map(|l| l.text.len()).sum();
        self.bytes -= gone;
        self.lines.drain(..next);
    }

    fn finish(mut self, log: &mut Log) {
        let n = self.lines.len();
        self.read(n, log);
    }
}

/// cargo's JSON messages, joined back when a log wrapped one across lines.
#[derive(Default)]
struct JsonJoin {
    parts: Vec<String>,
    bytes: usize,
}

impl JsonJoin {
    /// The lines `text` completes: none while a JSON message is still being joined.
    fn push(&mut self, text: String, log: &mut Log) -> Vec<Line> {
        if self.parts.is_empty() {
            if !text.starts_with("{\"reason\"") {
                return vec![plain(text)];
            }
            if let Ok(v) = serde_json::from_str::<Value>(&text) {
                return message_lines(&v, log);
            }
            self.bytes = text.len();
            self.parts.push(text);
            return Vec::new();
        }
        self.bytes += text.len();
        self.parts.push(text);
        if let Ok(v) = serde_json::from_str::<Value>(&self.parts.concat()) {
            self.parts.clear();
            return message_lines(&v, log);
        }
        if self.parts.len() > MAX_JSON_PARTS || self.bytes >= MAX_JSON_BYTES {
            // Not a wrapped message after all: its first line is text, and the others are
            // read again, since one of them may start a message of its own.
            let mut parts = std::mem::take(&mut self.parts).into_iter();
            let mut out = parts.next().map(plain).into_iter().collect::<Vec<_>>();
            for p in parts {
                out.extend(self.push(p, log));
            }
            return out;
        }
        Vec::new()
    }

    fn finish(self) -> Vec<Line> {
        self.parts.into_iter().map(plain).collect()
    }
}

fn plain(text: String) -> Line {
    Line::plain(text)
}

impl Line {
    /// A line no JSON message tagged with a package.
    pub fn plain(text: impl Into<String>) -> Line {
        Line {
            text: text.into(),
            package: None,
        }
    }
}

/// `-vv` shows build-script output as `[openssl-sys 0.9.118] cargo:rustc-link-lib=ssl`.
static VV_LINK_LIB: Pattern =
    Pattern::new(r"^\s*\[(?P<pkg>[A-Za-z0-9_.-]+) [^\]]+\] cargo::?rustc-link-lib=(?P<lib>\S+)");

/// Rust targets a line names: as a word of its own (`--target aarch64-unknown-linux-gnu`,
/// `$TARGET = …`), as a path component (`target/mips-unknown-linux-musl/debug`), or at the end
/// of a variable named after it (cc-rs's `CC_mips-unknown-linux-musl = None`,
/// `PKG_CONFIG_ALLOW_CROSS_<target>`). Every line of a log is asked, so words are split by
/// hand and looked up in the sorted table, with no regex.
/// cc-rs's (and cargo's build-script environment dump's) `TARGET = Some(aarch64-…)`.
pub fn cc_rs_target(line: &str) -> Option<&'static TargetSpec> {
    let rest = line.trim().strip_prefix("TARGET = Some(")?;
    let triple = rest.trim_end_matches(')').trim_matches('"');
    target::lookup(triple)
}

pub fn targets_in(text: &str) -> Vec<&'static TargetSpec> {
    let mut out: Vec<&'static TargetSpec> = Vec::new();
    if !text.contains('-') {
        return out;
    }
    // Split on bytes: every byte a triple holds is ASCII, so a word's bounds are char bounds.
    let words = text
        .as_bytes()
        .split(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')))
        .filter(|w| w.len() >= 8 && w.contains(&b'-'))
        .filter_map(|w| std::str::from_utf8(w).ok());
    for word in words {
        let dash = word.find('-').unwrap_or(0);
        // The word itself, then what follows each `_` before its first `-`.
        let found = std::iter::once(word)
            .chain(word[..dash].match_indices('_').map(|(i, _)| &word[i + 1..]))
            .find_map(target::lookup);
        if let Some(t) = found
            && !out.contains(&t)
        {
            out.push(t);
        }
    }
    out
}

/// `static=miniz`, `dylib=ssl:+verbatim` → `miniz`, `ssl`.
fn lib_name(spec: &str) -> &str {
    let name = spec.rsplit_once('=').map_or(spec, |(_, n)| n);
    name.split(':').next().unwrap_or(name)
}

/// The package name in a cargo package id: `path+file:///w/app#0.1.0` → `app`,
/// `registry+https://…#shlex@2.0.1` → `shlex`, `path+file:///w/x#my-app@0.1.0` → `my-app`.
fn package_of_id(id: &str) -> Option<String> {
    let (url, frag) = id.rsplit_once('#')?;
    match frag.split_once('@') {
        Some((name, _)) => Some(name.to_string()),
        None => url
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .map(str::to_string),
    }
}

/// Joins a JSON message a log wrapped across lines, up to this many lines and bytes.
const MAX_JSON_PARTS: usize = 64;
const MAX_JSON_BYTES: usize = 1024 * 1024;

fn message_lines(v: &Value, log: &mut Log) -> Vec<Line> {
    let package = v["package_id"].as_str().and_then(package_of_id);
    if let (Some(p), Some(m)) = (&package, v["manifest_path"].as_str())
        && v["package_id"]
            .as_str()
            .is_some_and(|id| id.starts_with("path+"))
    {
        log.note_package(p, PathBuf::from(m).parent().map(PathBuf::from));
    }
    match v["reason"].as_str() {
        Some("compiler-message") => {
            let rendered = v["message"]["rendered"].as_str().unwrap_or_default();
            rendered
                .split('\n')
                .map(|t| Line {
                    text: clean::line(t.as_bytes()),
                    package: package.clone(),
                })
                .collect()
        }
        Some("compiler-artifact") => {
            for f in v["filenames"].as_array().into_iter().flatten() {
                if let Some(f) = f.as_str() {
                    log.note_targets(f);
                }
            }
            Vec::new()
        }
        Some("build-script-executed") => {
            if let Some(p) = &package {
                for l in v["linked_libs"].as_array().into_iter().flatten() {
                    if let Some(l) = l.as_str() {
                        log.linked_libs.push((p.clone(), lib_name(l).to_string()));
                    }
                }
            }
            if let Some(d) = v["out_dir"].as_str() {
                log.note_targets(d);
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_ids() {
        assert_eq!(
            package_of_id("path+file:///w/app#0.1.0").as_deref(),
            Some("app")
        );
        assert_eq!(
            package_of_id("registry+https://x/index#shlex@2.0.1").as_deref(),
            Some("shlex")
        );
        assert_eq!(package_of_id("nohash"), None);
        assert_eq!(lib_name("dylib=ssl:+verbatim"), "ssl");
    }

    #[test]
    fn targets_from_words() {
        let t = |s: &str| targets_in(s).iter().map(|t| t.triple).collect::<Vec<_>>();
        assert_eq!(
            t("/t/target/mips-unknown-linux-musl/debug/deps/x"),
            ["mips-unknown-linux-musl"]
        );
        assert_eq!(
            t("rustc --target aarch64-unknown-linux-gnu"),
            ["aarch64-unknown-linux-gnu"]
        );
        assert!(t("/usr/lib/gcc-cross/mips-linux-gnu/12/").is_empty());
    }

    #[test]
    fn wrapped_json_is_joined() {
        let raw = b"{\"reason\":\"compiler-message\",\"package_id\":\"path+file:///w/app#0.1.0\",\"mess\nage\":{\"rendered\":\"error: linker `x` not found\\n\"}}\n";
        let log = read(raw);
        assert_eq!(log.builds.len(), 1);
        assert_eq!(log.builds[0].package.as_deref(), Some("app"));
    }
}
