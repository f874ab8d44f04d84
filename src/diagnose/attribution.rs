//! Which build script run produced a foreign object.
//!
//! Strongest evidence first: the object's file lives in a unit's out dir; a member name of
//! an rlib equals a file or archive member in a unit's out dir (cc-rs names them
//! `<hash>-<file>.o` and rustc bundles them under the same name); last, the rlib's crate
//! name equals the package name with `-` turned into `_`.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::cargo::build_output::{self, BuildRun};
use crate::cargo::layout::{self, UnitDir};

#[derive(Default)]
pub struct Units {
    runs: Vec<BuildRun>,
    /// Build-script files that are there but could not be read, for the scan's warnings.
    pub problems: Vec<(PathBuf, String)>,
    by_member: HashMap<Vec<u8>, usize>,
    /// Each run by its unit dir: looked up per archive member, so never searched.
    by_dir: HashMap<PathBuf, usize>,
}

impl Units {
    /// Loads every unit under the `build` dirs next to the given artifact dirs, and every
    /// unit a scanned file lives in.
    pub fn discover(unit_dirs: impl IntoIterator<Item = UnitDir>, build_dirs: &[PathBuf]) -> Units {
        let mut dirs: Vec<UnitDir> = unit_dirs.into_iter().collect();
        for b in build_dirs {
            let Ok(rd) = fs::read_dir(b) else { continue };
            for e in rd.filter_map(Result::ok) {
                let p = e.path();
                if !p.is_dir() {
                    continue;
                }
                let name = e.file_name();
                let Some(name) = name.to_str() else { continue };
                if let Some(pkg) = layout::split_hash(name) {
                    dirs.push(UnitDir {
                        dir: p,
                        package: pkg.to_string(),
                        new_layout: false,
                    });
                } else if let Ok(hashes) = fs::read_dir(&p) {
                    for h in hashes.filter_map(Result::ok) {
                        let hp = h.path();
                        if hp.join("run").is_dir() || hp.join("out").is_dir() {
                            dirs.push(UnitDir {
                                dir: hp,
                                package: name.to_string(),
                                new_layout: true,
                            });
                        }
                    }
                }
            }
        }
        dirs.sort();
        dirs.dedup();
        // Units without a run record (a compiled build script, a lib unit) explain nothing.
        let mut runs: Vec<BuildRun> = dirs.iter().map(build_output::load).collect();
        let problems = runs
            .iter_mut()
            .flat_map(|r| std::mem::take(&mut r.problems))
            .collect();
        runs.retain(|r| r.has_run);
        let mut by_dir = HashMap::new();
        for (i, r) in runs.iter().enumerate() {
            if let Some(u) = &r.unit {
                by_dir.entry(u.dir.clone()).or_insert(i);
            }
        }
        Units {
            runs,
            problems,
            by_member: HashMap::new(),
            by_dir,
        }
    }

    /// Records that a file or archive member named `name` was found in `unit`'s out dir.
    pub fn index_member(&mut self, unit: &Path, name: &[u8]) {
        if let Some(&i) = self.by_dir.get(unit) {
            self.by_member.entry(name.to_vec()).or_insert(i);
        }
    }

    /// The build-script runs next to the rlibs among `inputs` (`<profile>/build`, as
    /// `<profile>/deps/*.rlib` sits beside it; in the new layout, the `build` dir above).
    pub fn near(inputs: &[PathBuf]) -> Units {
        let mut build_dirs: Vec<PathBuf> = inputs
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "rlib"))
            .flat_map(|p| p.ancestors().skip(1).take(4).map(|a| a.join("build")))
            .filter(|b| b.is_dir())
            .collect();
        build_dirs.sort();
        build_dirs.dedup();
        Units::discover(std::iter::empty(), &build_dirs)
    }

    /// Every build-script run found.
    pub fn runs(&self) -> &[BuildRun] {
        &self.runs
    }

    /// The run whose build script printed `cargo:rustc-link-search` for `dir`.
    pub fn emitting_search(&self, dir: &Path) -> Option<&BuildRun> {
        self.runs
            .iter()
            .find(|r| r.link_search.iter().any(|p| p == dir))
    }

    /// The run whose build script printed `cargo:rustc-link-lib` for `lib`.
    pub fn emitting_lib(&self, lib: &str) -> Option<&BuildRun> {
        self.runs.iter().find(|r| emits_lib(r, lib))
    }

    /// The run that put `-L dir` and `-l<names>` on one link whose rlibs are of the crates
    /// `linked`: of the crates in that link, the one that printed both, else the library,
    /// else the dir; only then any run that did (several crates may record the same host
    /// dir, and each link is the fault of its own).
    pub fn emitting_for_link(
        &self,
        dir: Option<&Path>,
        names: &[&str],
        linked: &[String],
    ) -> Option<&BuildRun> {
        let in_link = |r: &&BuildRun| {
            r.unit
                .as_ref()
                .is_some_and(|u| linked.contains(&u.package.replace('-', "_")))
        };
        let lib = |r: &&BuildRun| names.iter().any(|n| emits_lib(r, n));
        let search = |r: &&BuildRun| dir.is_some_and(|d| r.link_search.iter().any(|p| p == d));
        let mine = || self.runs.iter().filter(in_link);
        mine()
            .find(|r| lib(r) && search(r))
            .or_else(|| mine().find(lib))
            .or_else(|| mine().find(search))
            .or_else(|| dir.and_then(|d| self.emitting_search(d)))
            .or_else(|| names.iter().find_map(|n| self.emitting_lib(n)))
    }

    pub fn by_dir(&self, dir: &Path) -> Option<&BuildRun> {
        self.by_dir.get(dir).map(|&i| &self.runs[i])
    }

    pub fn by_member(&self, name: &[u8]) -> Option<&BuildRun> {
        self.by_member.get(name).map(|&i| &self.runs[i])
    }

    /// Units of a package whose name matches the crate, preferring ones that ran for
    /// `triple` (a package can have a host run and a target run).
    pub fn by_crate(&self, crate_name: &str, triple: Option<&str>) -> Option<&BuildRun> {
        let mut matches = self.runs.iter().filter(|r| {
            r.unit
                .as_ref()
                .is_some_and(|u| u.package.replace('-', "_") == crate_name)
        });
        let all: Vec<&BuildRun> = matches.by_ref().collect();
        all.iter()
            .find(|r| triple.is_some() && r.target() == triple)
            .or_else(|| all.first())
            .copied()
    }
}

/// Whether the build script printed `cargo:rustc-link-lib` for `lib` (`static=z`,
/// `dylib=ssl:renamed`).
fn emits_lib(r: &BuildRun, lib: &str) -> bool {
    r.link_libs.iter().any(|l| {
        l.rsplit_once('=')
            .map_or(l.as_str(), |(_, n)| n)
            .split(':')
            .next()
            == Some(lib)
    })
}
