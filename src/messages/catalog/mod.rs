//! What the tools of a cross build print when it fails, read from their sources: one file per
//! tool, one [`Row`] per message family.
//!
//! A row holds the pattern, what the message means, the finding kind its fixture line gives
//! on its own, where and at which version the wording was read, and the fixture: the message
//! as the tool prints it, filled in. Rows are data; `messages::parse` reads the linkers' rows
//! (`Means::Link`), `annotate` the build steps' (`Means::Build`, through [`build_line`]).
//!
//! Every row has an anchor: a lower-case literal that any line the row matches holds. A log's
//! lines are searched for the anchors (all at once, in one pass) wherever they stand in the
//! line; only lines holding one are read further. Tests: every row compiles, matches its
//! fixture, holds its anchor and gives its meaning (`tests.rs`), and the fixture alone gives
//! the row's kind (`annotate`'s tests).

mod autoconf;
mod binutils;
mod binutils_po;
mod ccrs;
mod clang;
mod cmake;
mod gcc;
mod gold;
mod ld64;
mod lld;
mod make;
mod meson;
mod mold;
mod msvc;
mod openssl_sys;
mod pkg_config;
mod zig;

use std::sync::LazyLock;

use regex::{Captures, Regex, RegexSet};

use super::Family;
use super::pattern;
use super::table::Shape;

/// The tool whose wording a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tool {
    /// GNU ld (bfd) and the bfd library's messages it prints.
    Bfd,
    Gold,
    /// LLVM lld: ld.lld, ld64.lld, lld-link, wasm-ld (and rust-lld, any of these).
    Lld,
    Mold,
    /// Apple's ld64 and its successor ld-prime.
    Ld64,
    /// Microsoft link.exe (documented LNK errors).
    LinkExe,
    /// zig's own linker and its library search.
    Zig,
    /// The gcc driver and collect2.
    Gcc,
    /// The clang driver and LLVM's target registry.
    Clang,
    /// The cc crate.
    CcRs,
    /// pkg-config and the pkg-config crate.
    PkgConfig,
    OpensslSys,
    /// CMake's modules and try-compile.
    Cmake,
    Meson,
    /// autoconf's configure scripts.
    Autoconf,
    /// GNU make and the shells it runs.
    Make,
}

impl Tool {
    /// The linker family of a link row's message.
    pub fn family(self) -> Family {
        match self {
            Tool::Gold => Family::Gold,
            Tool::Lld => Family::Lld,
            Tool::Mold => Family::Mold,
            Tool::Ld64 => Family::Ld64,
            Tool::LinkExe => Family::Msvc,
            Tool::Zig => Family::Zig,
            _ => Family::GnuBfd,
        }
    }
}

/// What a build step's line says went wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Says {
    /// A compiler, archiver or other tool the step runs is not there (capture `tool`, when
    /// the line names it).
    ToolMissing,
    /// A compile for the target failed the way a compiler (or flags) for another machine
    /// fails; the line is the evidence.
    WrongCompiler,
    /// pkg-config refused a cross target, or found no `.pc` for it.
    PkgConfigCross,
    OpensslNotFound,
    /// The linker a driver was told to use is not there (capture `linker`).
    LinkerNotFound,
    /// A configure step found no library (or header) for the target (capture `lib`).
    MissingLibrary,
    /// A compiler or linker was pointed at the build machine's own dirs (capture `path`).
    HostPath,
}

impl Says {
    /// Which of a failed step's messages is its primary error, lowest first (issue 21 item
    /// 1): the hard errors of the tools the step ran (a compiler, assembler or linker for
    /// another machine, or not there at all; then what such a tool did not find) rank
    /// above what a build script says of its own lookups (pkg-config-rs, openssl-sys),
    /// which a script that falls back to building its bundled C prints and goes on
    /// (libz-sys's pkg-config note, then gcc's error). One rule for every crate.
    pub fn rank(self) -> u8 {
        match self {
            Says::ToolMissing | Says::WrongCompiler | Says::LinkerNotFound => 0,
            Says::MissingLibrary | Says::HostPath => 1,
            Says::OpensslNotFound => 2,
            Says::PkgConfigCross => 3,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Means {
    /// A linker's message, read by `messages::parse` (after the linker's name and the
    /// severity are taken off the line).
    Link(Shape),
    /// A build step's line, read anywhere in the line.
    Build(Says),
}

/// Where a row's wording was read: the repository (or publisher), the file, the version.
#[derive(Clone, Copy, Debug)]
pub struct Read {
    pub repo: &'static str,
    pub path: &'static str,
    pub at: &'static str,
}

pub const fn read(repo: &'static str, path: &'static str, at: &'static str) -> Read {
    Read { repo, path, at }
}

pub struct Row {
    pub tool: Tool,
    pub means: Means,
    /// The finding kind (docs/diagnostics.md) the fixture line gives on its own; `None` for a
    /// message that is no cross-build failure by itself (an ordinary undefined symbol).
    pub kind: Option<&'static str>,
    /// Lower-case literal every line the pattern matches holds.
    pub anchor: &'static str,
    pub pattern: &'static str,
    pub read: Read,
    pub fixture: &'static str,
}

/// The linkers' rows, in the order they are tried: the more distinctive wordings first.
pub fn link_tables() -> [&'static [Row]; 8] {
    [
        msvc::ROWS,
        ld64::ROWS,
        lld::ROWS,
        zig::LINK_ROWS,
        mold::ROWS,
        gold::ROWS,
        binutils::ROWS,
        binutils_po::ROWS,
    ]
}

/// The build steps' rows, in the order they are tried.
pub fn build_tables() -> [&'static [Row]; 11] {
    [
        openssl_sys::ROWS,
        pkg_config::ROWS,
        ccrs::ROWS,
        cmake::ROWS,
        meson::ROWS,
        autoconf::ROWS,
        make::ROWS,
        gcc::ROWS,
        clang::ROWS,
        zig::BUILD_ROWS,
        binutils::BUILD_ROWS,
    ]
}

/// Every row of the catalog.
pub fn rows() -> impl Iterator<Item = &'static Row> {
    link_tables()
        .into_iter()
        .chain(build_tables())
        .flat_map(|t| t.iter())
}

pub(super) fn link_rows() -> impl Iterator<Item = &'static Row> {
    link_tables().into_iter().flat_map(|t| t.iter())
}

fn build_rows() -> impl Iterator<Item = &'static Row> {
    build_tables().into_iter().flat_map(|t| t.iter())
}

/// Linker rows are matched against what is left of a line once the linker's name and the
/// severity are off; wordings changed case over the years (`File in wrong format`).
pub(super) static LINK_REGEXES: LazyLock<Vec<Option<Regex>>> = LazyLock::new(|| {
    link_rows()
        .map(|r| pattern::build(r.pattern, true).ok())
        .collect()
});
pub(super) static LINK_SET: LazyLock<Option<RegexSet>> =
    LazyLock::new(|| pattern::build_set(link_rows().map(|r| r.pattern), true).ok());

static BUILD_REGEXES: LazyLock<Vec<Option<Regex>>> = LazyLock::new(|| {
    build_rows()
        .map(|r| pattern::build(r.pattern, false).ok())
        .collect()
});
static BUILD_SET: LazyLock<Option<RegexSet>> =
    LazyLock::new(|| pattern::build_set(build_rows().map(|r| r.pattern), false).ok());

/// A build step's line, understood: what it says and what it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildHit {
    pub says: Says,
    pub tool: Tool,
    /// The tool, linker, library or path the line names (`tool`, `linker`, `lib`, `path`).
    pub named: Option<String>,
}

/// What a build step's line says, by the first row that matches it anywhere in the line.
pub fn build_line(text: &str) -> Option<BuildHit> {
    let set = BUILD_SET.as_ref()?;
    let hits = set.matches(text);
    if !hits.matched_any() {
        return None;
    }
    let regexes: &[Option<Regex>] = &BUILD_REGEXES;
    for (i, row) in build_rows().enumerate() {
        if !hits.matched(i) {
            continue;
        }
        let Some(c) = regexes[i].as_ref().and_then(|r| r.captures(text)) else {
            continue;
        };
        let Means::Build(says) = row.means else {
            continue;
        };
        return Some(BuildHit {
            says,
            tool: row.tool,
            named: named(&c),
        });
    }
    None
}

fn named(c: &Captures<'_>) -> Option<String> {
    ["tool", "linker", "lib", "path"]
        .iter()
        .find_map(|n| c.name(n))
        .map(|m| m.as_str().trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Every anchor of the catalog, once: the words a line must hold to be worth reading.
pub fn anchors() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = rows().map(|r| r.anchor).collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests;
