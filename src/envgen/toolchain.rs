//! Finding the toolchain to write settings for: an OpenWrt SDK or toolchain dir (at any
//! level: SDK root, `staging_dir`, `toolchain-*`, its `bin/`), a prefix of a cross
//! toolchain (`mips-linux-gnu-`, `/opt/x/bin/mips-linux-musl-`), or, given only the
//! target, the first toolchain in `PATH` named for it.

use std::path::{Path, PathBuf};

use crate::target::TargetSpec;
use crate::target::gnu::triple as gnu_triple;
use crate::toolchain::{ccrs, probe};

use super::openwrt::{self, ToolchainName};

#[derive(Clone, Debug)]
pub struct Toolchain {
    pub cc: String,
    pub cxx: Option<String>,
    pub ar: String,
    /// OpenWrt: the toolchain's name facts and the SDK's `staging_dir`.
    pub openwrt: Option<(ToolchainName, PathBuf)>,
    /// Where the target's libraries and `.pc` files are, when known.
    pub sysroot: Option<PathBuf>,
    /// In words, for the header comment.
    pub describe: String,
}

impl Toolchain {
    /// The Rust target the toolchain's name says it is for.
    pub fn named_target(&self) -> Option<&'static str> {
        self.openwrt.as_ref().and_then(|(n, _)| n.triple())
    }

    pub fn staging_dir(&self) -> Option<&Path> {
        self.openwrt.as_ref().map(|(_, s)| s.as_path())
    }
}

/// Why no toolchain was found, with what was looked at: the verdict `env` exits 1 with, and
/// the reason `fix` gives for not writing a compiler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoToolchain {
    /// `--toolchain DIR` could not be resolved.
    Unreadable { dir: PathBuf, error: String },
    /// `--toolchain PREFIX` names no compiler in `PATH`.
    NoCompiler { arg: String, cc: String },
    /// Nothing named for the target is in `PATH`: every name looked for, each once.
    NotInPath {
        target: &'static str,
        looked: Vec<String>,
    },
    /// A dir with several OpenWrt toolchains and no target to pick one by.
    Several { dir: PathBuf, found: Vec<PathBuf> },
    /// An OpenWrt toolchain dir whose `bin/` holds no OpenWrt gcc.
    NoOpenwrtGcc { bin: PathBuf },
    /// A dir that is neither an OpenWrt SDK nor a toolchain with one `*-gcc`.
    NotAToolchain { dir: PathBuf },
}

impl std::fmt::Display for NoToolchain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoToolchain::Unreadable { dir, error } => write!(f, "{}: {error}", dir.display()),
            NoToolchain::NoCompiler { arg, cc } => write!(
                f,
                "--toolchain {arg}: no `{cc}` (not a directory, and no such compiler in PATH)"
            ),
            NoToolchain::NotInPath { target, looked } => write!(
                f,
                "no cross compiler for {target} in PATH (looked for {}); give --toolchain DIR (an OpenWrt SDK or toolchain) or a prefix",
                looked.join(", ")
            ),
            NoToolchain::Several { dir, found } => write!(
                f,
                "{} holds several toolchains ({}); pick one with --toolchain or --target",
                dir.display(),
                found
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            NoToolchain::NoOpenwrtGcc { bin } => {
                write!(
                    f,
                    "{}: no <arch>-openwrt-linux-<libc>-gcc in it",
                    bin.display()
                )
            }
            NoToolchain::NotAToolchain { dir } => write!(
                f,
                "{}: not an OpenWrt SDK or toolchain (no staging_dir/toolchain-<arch>_<cpu>_gcc-<ver>_<libc>) and no single *-gcc in it or its bin/",
                dir.display()
            ),
        }
    }
}

/// For `fix`'s plan, which gives the reason in its own sentence.
impl From<NoToolchain> for String {
    fn from(e: NoToolchain) -> String {
        e.to_string()
    }
}

/// `--toolchain ARG`: a dir, else a prefix.
pub fn from_arg(arg: &str, want: Option<&TargetSpec>) -> Result<Toolchain, NoToolchain> {
    let p = Path::new(arg);
    if p.is_dir() {
        let abs = std::fs::canonicalize(p).map_err(|e| NoToolchain::Unreadable {
            dir: p.to_path_buf(),
            error: e.to_string(),
        })?;
        return from_dir(&abs, want);
    }
    let prefix = match arg.strip_suffix("gcc") {
        Some(p) => p.to_string(),
        None if arg.ends_with('-') => arg.to_string(),
        None => format!("{arg}-"),
    };
    let cc = format!("{prefix}gcc");
    if probe::which(&cc).is_none() {
        return Err(NoToolchain::NoCompiler {
            arg: arg.to_string(),
            cc,
        });
    }
    Ok(with_prefix(
        prefix,
        None,
        None,
        format!("the cross toolchain {cc}"),
    ))
}

/// Given only the target: OpenWrt's names for it, cc-rs's, the GNU name, and for musl
/// targets the same machine's glibc toolchain, first found in `PATH`.
pub fn search(spec: &TargetSpec) -> Result<Toolchain, NoToolchain> {
    let mut prefixes = Vec::new();
    if let Some(side) = openwrt::openwrt_for(spec.triple) {
        prefixes.push(side.prefix());
        prefixes.push(side.short_prefix());
    }
    if let Some(p) = ccrs::table_prefix(spec.triple) {
        prefixes.push(format!("{p}-"));
    }
    let gnu = gnu_triple(spec);
    prefixes.push(format!("{gnu}-"));
    if spec.env == "musl" {
        prefixes.push(format!("{}-", gnu.replace("-musl", "-gnu")));
    }
    // cc-rs's table and the GNU name are often the same: each name is looked for once.
    let mut seen = std::collections::HashSet::new();
    prefixes.retain(|p| seen.insert(p.clone()));
    let found = prefixes
        .iter()
        .find(|p| probe::which(&format!("{p}gcc")).is_some());
    match found {
        Some(p) => Ok(with_prefix(
            p.clone(),
            None,
            None,
            format!("{p}gcc, found in PATH"),
        )),
        None => Err(NoToolchain::NotInPath {
            target: spec.triple,
            looked: prefixes.iter().map(|p| format!("{p}gcc")).collect(),
        }),
    }
}

fn with_prefix(
    prefix: String,
    openwrt: Option<(ToolchainName, PathBuf)>,
    sysroot: Option<PathBuf>,
    describe: String,
) -> Toolchain {
    let tool = |t: &str| Some(format!("{prefix}{t}")).filter(|c| probe::which(c).is_some());
    let ar = tool("ar")
        .or_else(|| tool("gcc-ar"))
        .unwrap_or_else(|| format!("{prefix}ar"));
    Toolchain {
        cc: format!("{prefix}gcc"),
        cxx: tool("g++"),
        ar,
        openwrt,
        sysroot,
        describe,
    }
}

fn from_dir(dir: &Path, want: Option<&TargetSpec>) -> Result<Toolchain, NoToolchain> {
    let candidates = toolchain_dirs(dir);
    let chosen = match candidates.as_slice() {
        [] => return plain_dir(dir),
        [one] => one.clone(),
        many => {
            let matching: Vec<&(PathBuf, ToolchainName)> = many
                .iter()
                .filter(|(_, n)| want.is_some_and(|w| n.triple() == Some(w.triple)))
                .collect();
            match matching.as_slice() {
                [one] => (*one).clone(),
                _ => {
                    return Err(NoToolchain::Several {
                        dir: dir.to_path_buf(),
                        found: many.iter().map(|(p, _)| p.clone()).collect(),
                    });
                }
            }
        }
    };
    let (tc_dir, name) = chosen;
    let bin = tc_dir.join("bin");
    let prefix =
        openwrt_prefix(&bin).ok_or_else(|| NoToolchain::NoOpenwrtGcc { bin: bin.clone() })?;
    let staging = tc_dir.parent().unwrap_or(Path::new("/")).to_path_buf();
    let target_dir = staging.join(name.target_dir_name());
    let sysroot = target_dir.is_dir().then_some(target_dir);
    let describe = format!("the OpenWrt toolchain {}", tc_dir.display());
    Ok(with_prefix(
        format!("{}/{prefix}", bin.display()),
        Some((name, staging)),
        sysroot,
        describe,
    ))
}

/// `toolchain-*` dirs at or below `dir`: the dir itself, its parent (for `bin/`), its
/// `toolchain-*` children (a `staging_dir`), or `staging_dir/toolchain-*` (an SDK root).
fn toolchain_dirs(dir: &Path) -> Vec<(PathBuf, ToolchainName)> {
    let named = |p: &Path| {
        p.file_name()
            .and_then(|n| n.to_str())
            .and_then(openwrt::parse_toolchain_dir)
            .map(|n| (p.to_path_buf(), n))
    };
    if let Some(t) = named(dir) {
        return vec![t];
    }
    if dir.file_name().is_some_and(|n| n == "bin")
        && let Some(t) = dir.parent().and_then(named)
    {
        return vec![t];
    }
    for staging in [dir.to_path_buf(), dir.join("staging_dir")] {
        let mut found: Vec<(PathBuf, ToolchainName)> = std::fs::read_dir(&staging)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| named(&e.path()))
            .collect();
        if !found.is_empty() {
            found.sort_by(|a, b| a.0.cmp(&b.0));
            return found;
        }
    }
    Vec::new()
}

/// In an OpenWrt `bin/`: the long `<arch>-openwrt-linux-<libc>-` prefix, else the short one.
fn openwrt_prefix(bin: &Path) -> Option<String> {
    let mut names: Vec<String> = std::fs::read_dir(bin)
        .ok()?
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with("-gcc") && n.contains("-openwrt-linux-"))
        .collect();
    names.sort();
    let long = names.iter().find(|n| {
        n.split("-openwrt-linux-")
            .nth(1)
            .is_some_and(|r| r.contains('-'))
    });
    long.or(names.first())
        .and_then(|n| n.strip_suffix("gcc"))
        .map(str::to_string)
}

/// A dir that is not OpenWrt's: a toolchain root or `bin/` holding exactly one `*-gcc`.
fn plain_dir(dir: &Path) -> Result<Toolchain, NoToolchain> {
    for bin in [dir.join("bin"), dir.to_path_buf()] {
        let gccs: Vec<String> = std::fs::read_dir(&bin)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with("-gcc") && n.matches('-').count() >= 2)
            .collect();
        if let [one] = gccs.as_slice() {
            let prefix = format!("{}/{}", bin.display(), one.trim_end_matches("gcc"));
            let describe = format!("the cross toolchain {}/{one}", bin.display());
            return Ok(with_prefix(prefix, None, None, describe));
        }
    }
    Err(NoToolchain::NotAToolchain {
        dir: dir.to_path_buf(),
    })
}
