//! Which file of the repository a finding is shown on. GitHub annotations, code scanning and
//! GitLab's Code Quality widget show results on repository files only, and an rlib in
//! `target/` is none: the culprit crate's build.rs (its build script chose the compiler) or
//! Cargo.toml when the crate is in the workspace, rustc's own `-->` line for a source
//! error, else the workspace's Cargo.toml.
//!
//! Paths are relative to the repository root: `GITHUB_WORKSPACE` or `CI_PROJECT_DIR` when the
//! current dir is inside it (a workspace in a subdir of the repository), else the current dir.

use std::path::{Component, Path, PathBuf};

use super::log::Log;
use crate::diagnose::Finding;
use crate::report::github::RepoFile;

pub struct Repo<'a> {
    /// Where the workspace is checked out: the current dir.
    cwd: PathBuf,
    root: PathBuf,
    log: &'a Log,
}

impl<'a> Repo<'a> {
    pub fn new(cwd: PathBuf, log: &'a Log) -> Repo<'a> {
        let root = ["GITHUB_WORKSPACE", "CI_PROJECT_DIR"]
            .iter()
            .filter_map(|v| crate::env::var_os(v).map(PathBuf::from))
            .find(|r| r.is_absolute() && cwd.starts_with(r))
            .unwrap_or_else(|| cwd.clone());
        Repo { cwd, root, log }
    }

    pub fn locate(&self, f: &Finding) -> Option<RepoFile> {
        if let Some(line) = self.source_line(f) {
            let file = self.relative(&self.cwd.join(&f.path))?;
            return Some(RepoFile {
                path: file,
                line: Some(line),
            });
        }
        let package = f.package.clone().or_else(|| {
            let c = f.crate_name.as_deref()?;
            self.log.package_of_crate(c).map(str::to_string)
        });
        if let Some(dir) = package.and_then(|p| self.log.package_dir(&p).cloned())
            && let Some(here) = self.checkout_of(&dir)
        {
            for name in ["build.rs", "Cargo.toml"] {
                if here.join(name).is_file() {
                    return self
                        .relative(&here.join(name))
                        .map(|path| RepoFile { path, line: None });
                }
            }
        }
        let manifest = self.cwd.join("Cargo.toml");
        if manifest.is_file() {
            return self
                .relative(&manifest)
                .map(|path| RepoFile { path, line: None });
        }
        None
    }

    /// The line rustc pointed at, for a finding about a source file of the workspace.
    fn source_line(&self, f: &Finding) -> Option<u32> {
        if f.path.is_absolute() {
            return None;
        }
        let line = self
            .log
            .builds
            .iter()
            .filter_map(|b| b.source.as_ref())
            .find(|(file, _)| Path::new(file) == f.path)?
            .1;
        self.cwd.join(&f.path).is_file().then_some(line)
    }

    /// A package dir of the build machine, in this checkout: the same path, else its last
    /// one to three components under the current dir (`/build/ws/miniz-sys` → `./miniz-sys`).
    fn checkout_of(&self, dir: &Path) -> Option<PathBuf> {
        if dir.starts_with(&self.cwd) && dir.join("Cargo.toml").is_file() {
            return Some(dir.to_path_buf());
        }
        let names: Vec<&std::ffi::OsStr> = dir
            .components()
            .filter_map(|c| match c {
                Component::Normal(n) => Some(n),
                _ => None,
            })
            .collect();
        (1..=names.len().min(3))
            .map(|k| {
                self.cwd
                    .join(names[names.len() - k..].iter().collect::<PathBuf>())
            })
            .find(|d| d.join("Cargo.toml").is_file())
    }

    fn relative(&self, p: &Path) -> Option<String> {
        let rel = p.strip_prefix(&self.root).ok()?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| match c {
                Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect::<Option<_>>()?;
        (!parts.is_empty()).then(|| parts.join("/"))
    }
}
