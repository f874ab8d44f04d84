//! The files of a failed link, when they are still there: the engine's scan on them.
//!
//! The log names the link's files by the paths of the machine that built them. They are
//! looked for where they were, then under each `--target-dir` given, then under the
//! current dir by the tail of their target dir's path (`/build/ws/target/…` is
//! `./target/…` in a checkout of the same workspace, or `./ws/target/…`). The first place
//! where some of them exist is used for all.

use std::path::{Component, Path, PathBuf};

use super::log::LinkFailure;
use crate::cargo::config::ConfiguredLinker;
use crate::cargo::layout;
use crate::diagnose::scan::{self, ScanOptions, ScanReport};
use crate::messages;
use crate::target::TargetSpec;

/// The log's root (the dir above `<triple>/`) and where it is on this machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rebase {
    pub from: PathBuf,
    pub to: PathBuf,
}

impl Rebase {
    /// `None` for a path outside the log's root, or one that climbs out of it with `..`.
    pub fn apply(&self, p: &Path) -> Option<PathBuf> {
        let rest = p.strip_prefix(&self.from).ok()?;
        if rest
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return None;
        }
        Some(self.to.join(rest))
    }
}

/// Every path of the link the log shows: inputs, `-L` dirs, files the linker named.
pub fn paths_of(link: &LinkFailure) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut inputs = Vec::new();
    let mut dirs = Vec::new();
    if let Some(inv) = link.invocation() {
        inputs.extend(inv.inputs.into_iter().filter(|p| p.is_absolute()));
        dirs.extend(inv.search_dirs.into_iter().filter(|p| p.is_absolute()));
    }
    let mut known: std::collections::HashSet<PathBuf> = inputs.iter().cloned().collect();
    for m in messages::parse(link.stderr.join("\n").as_bytes()) {
        if let Some(f) = m.file
            && f.is_absolute()
            && known.insert(f.clone())
        {
            inputs.push(f);
        }
    }
    (inputs, dirs)
}

/// The output of the failed link, as its command line in the log names it.
pub fn output_of(link: &LinkFailure) -> Option<PathBuf> {
    link.invocation()?.output
}

/// Where the log's files are on this machine, if anywhere.
pub fn locate(inputs: &[PathBuf], given: &[PathBuf], cwd: &Path) -> Option<Rebase> {
    let mut roots: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|p| crate::cargo::layout::target_dir_of(p))
        .collect();
    roots.dedup();
    for from in &roots {
        let mut candidates: Vec<PathBuf> = given.to_vec();
        if given.is_empty() {
            candidates.push(from.clone());
            // `/a/b/ws/target` → ./target, ./ws/target, ./b/ws/target.
            let names: Vec<&std::ffi::OsStr> = from
                .components()
                .filter_map(|c| match c {
                    Component::Normal(n) => Some(n),
                    _ => None,
                })
                .collect();
            for k in 1..=names.len().min(4) {
                let tail: PathBuf = names[names.len() - k..].iter().collect();
                candidates.push(cwd.join(tail));
            }
        }
        for to in candidates {
            let r = Rebase {
                from: from.clone(),
                to,
            };
            if inputs
                .iter()
                .filter_map(|p| r.apply(p))
                .any(|p| p.is_file())
            {
                return Some(r);
            }
        }
    }
    None
}

/// The engine on the link's files: its inputs and the build scripts' `-L` dirs in the target
/// dir, checked against the link's target, with fixes named after its linker.
pub fn scan_link(
    inputs: &[PathBuf],
    dirs: &[PathBuf],
    rebase: &Rebase,
    spec: &'static TargetSpec,
    linker: Option<&str>,
) -> ScanReport {
    let mut paths: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|p| rebase.apply(p))
        .filter(|p| p.is_file())
        .collect();
    // A build script's out dir is where the C objects were made: the scan attributes them
    // (compiler, variables) from there.
    paths.extend(
        dirs.iter()
            .filter(|d| layout::locate(d).unit.is_some())
            .filter_map(|d| rebase.apply(d))
            .filter(|d| d.is_dir()),
    );
    paths.sort();
    paths.dedup();
    scan::scan(&ScanOptions {
        paths,
        target: Some(spec),
        link_inputs: true,
        target_from: Some(format!(
            "the failed link's files in the log (`{}/`)",
            spec.triple
        )),
        linker: linker.map(|l| ConfiguredLinker {
            linker: l.to_string(),
            source: "the linker of the failed link in the log".into(),
        }),
        machine: &crate::toolchain::Live,
    })
}

/// The target a link's own paths name (`…/mips-unknown-linux-musl/debug/…`).
pub fn target_of(inputs: &[PathBuf], dirs: &[PathBuf]) -> Option<&'static TargetSpec> {
    inputs
        .iter()
        .chain(dirs)
        .find_map(|p| layout::locate(p).triple)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_and_rebase() {
        let p =
            Path::new("/b/ws/target/mips-unknown-linux-musl/debug/deps/liba-0123456789abcdef.rlib");
        assert_eq!(
            crate::cargo::layout::target_dir_of(p),
            Some(PathBuf::from("/b/ws/target"))
        );
        let r = Rebase {
            from: "/b/ws/target".into(),
            to: "/here/target".into(),
        };
        assert_eq!(
            r.apply(p),
            Some(PathBuf::from(
                "/here/target/mips-unknown-linux-musl/debug/deps/liba-0123456789abcdef.rlib"
            ))
        );
        assert_eq!(r.apply(Path::new("/elsewhere/x")), None);
        assert_eq!(r.apply(Path::new("/b/ws/target/../../etc/passwd")), None);
        assert_eq!(
            crate::cargo::layout::target_dir_of(Path::new("/no/triple")),
            None
        );
    }
}
