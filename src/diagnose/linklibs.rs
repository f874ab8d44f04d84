//! What the target dir records about the link beyond its own files: the
//! `cargo:rustc-link-search` and `cargo:rustc-link-lib` lines of each build script's output,
//! resolved as the linker would resolve them (`lib<name>.so` then `.a`, or `.a` only for
//! `static=`; a `.so` that is a GNU ld script is followed to the files it names).
//!
//! A library dir of the build machine (`/usr/lib/x86_64-linux-gnu`, as openssl-sys records
//! when `OPENSSL_LIB_DIR` or pkg-config points at the host) is a `host-library-path`
//! finding; a library resolved anywhere else that is for another machine is
//! `wrong-architecture`. Both name the crate, the variable the build script recorded, and
//! the fix. Out dirs are not looked at here: the scan walks them as files of the target dir.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::artifacts::{Inspection, ObjectId, inspect_path};
use crate::cargo::build_output::{BuildRun, BuildSystem};
use crate::cargo::layout;
use crate::target::TargetSpec;

use super::compare::compare;
use super::expected::Expected;
use super::finding::{Finding, Kind, Provenance, Severity};
use super::fix;

/// What was looked at, for the scan's summary.
#[derive(Debug, Default)]
pub struct Checked {
    /// `-l` libraries resolved outside the target dir and judged.
    pub libraries: usize,
    /// `-l` libraries recorded but found in none of the recorded dirs (the linker's own
    /// dirs decide those; not judged here).
    pub unresolved: Vec<String>,
    /// Recorded search dirs outside the target dir.
    pub dirs: usize,
    /// `-l` libraries found in a build script's out dir (judged as files of the target dir).
    pub in_target_dir: usize,
}

/// A foreign object found in a library: the file, what it is, and why it does not fit.
type Foreign = (PathBuf, ObjectId, String);
/// A recorded `-l` resolved: its name, the file, and what is foreign in it.
type Resolved = (String, PathBuf, Option<Foreign>);

/// One recorded `-l`: its name and whether only a static library will do.
fn lib_spec(spec: &str) -> Option<(String, bool)> {
    let (kind, name) = spec.split_once('=').unwrap_or(("", spec));
    let mut kind_parts = kind.split(':');
    let kind = kind_parts.next().unwrap_or("");
    if kind == "framework" || kind_parts.any(|m| m.contains("verbatim")) {
        return None;
    }
    // `name:rename`: the linker sees `name`.
    let name = name.split(':').next().unwrap_or(name).trim();
    (!name.is_empty()).then(|| (name.to_string(), kind == "static"))
}

/// The file `-l<name>` resolves to in `dirs`, as ld searches: dir by dir, `.so` before `.a`
/// unless static.
fn resolve(name: &str, static_: bool, dirs: &[&Path]) -> Option<PathBuf> {
    let exts: &[&str] = if static_ { &[".a"] } else { &[".so", ".a"] };
    dirs.iter()
        .flat_map(|d| exts.iter().map(move |e| d.join(format!("lib{name}{e}"))))
        .find(|p| p.is_file())
}

/// The first foreign object of a library (an archive's members, a shared library, the
/// files a linker script names), or `None` when it fits or cannot be read.
fn foreign(path: &Path, expected: &Expected, depth: usize) -> Option<Foreign> {
    match inspect_path(path).ok()? {
        Inspection::Object(id) => {
            let (_, reason) = compare(&id, expected)?;
            Some((path.to_path_buf(), id, reason))
        }
        Inspection::Archive(a) => a.members.into_iter().find_map(|m| {
            let id = m.id?;
            let (_, reason) = compare(&id, expected)?;
            Some((path.to_path_buf(), id, reason))
        }),
        Inspection::LinkerScript if depth < 2 => script_inputs(path)
            .iter()
            .find_map(|p| foreign(p, expected, depth + 1)),
        _ => None,
    }
}

/// The absolute paths a GNU ld script (`GROUP ( /lib/x/libc.so.6 … )`, `INPUT(…)`) names.
fn script_inputs(path: &Path) -> Vec<PathBuf> {
    let Ok(text) = crate::fsio::read_string_capped(path, 64 * 1024) else {
        return Vec::new();
    };
    text.split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter(|w| w.starts_with('/'))
        .map(PathBuf::from)
        .collect()
}

/// A library dir of the build machine rather than of the target: under the system's
/// library dirs, and not the target's own multiarch dir.
fn is_host_dir(dir: &Path, spec: &TargetSpec) -> bool {
    if !layout::is_host_lib_dir(dir) {
        return false;
    }
    let s = dir.to_string_lossy();
    let own = gnu_multiarch(spec);
    !own.is_some_and(|m| s.split('/').any(|c| c == m))
}

/// Debian's multiarch dir name of a target (`aarch64-linux-gnu`).
fn gnu_multiarch(spec: &TargetSpec) -> Option<String> {
    let prefix = fix::cross_prefix(spec, None).prefix;
    let name = prefix.trim_end_matches('-');
    Some(name.rsplit('/').next().unwrap_or(name).to_string()).filter(|n| !n.is_empty())
}

/// The variable the build script recorded that put `dir` on the link: its value is the dir,
/// or a prefix of it (`OPENSSL_DIR=/usr` → `/usr/lib`). pkg-config when none did and the
/// script asked pkg-config.
fn source_var(run: &BuildRun, dir: &Path) -> Option<(String, String)> {
    let found = run.lookups.iter().find_map(|(n, v)| {
        let v = v.as_deref()?;
        let vp = Path::new(v.trim_end_matches('/'));
        (v.starts_with('/') && (dir == vp || dir.starts_with(vp)) && vp != Path::new("/"))
            .then(|| (n.clone(), v.to_string()))
    });
    found.or_else(|| {
        run.rerun_env
            .iter()
            .any(|v| v.starts_with("PKG_CONFIG"))
            .then(|| ("pkg-config".to_string(), dir.display().to_string()))
    })
}

/// Findings for the recorded link of every build-script run made for `spec`, and what was
/// checked.
pub fn findings<'a>(
    runs: impl IntoIterator<Item = &'a BuildRun>,
    spec: &'static TargetSpec,
    expected: &Expected,
    linker: Option<&crate::cargo::config::ConfiguredLinker>,
    machine: &dyn crate::toolchain::Machine,
) -> (Vec<Finding>, Checked) {
    let mut checked = Checked::default();
    let mut out = Vec::new();
    for run in runs {
        if run.target().is_some_and(|t| t != spec.triple) {
            continue;
        }
        let all: Vec<&Path> = run.link_search.iter().map(PathBuf::as_path).collect();
        let dirs: Vec<&Path> = all.iter().copied().filter(|d| !run.is_out_dir(d)).collect();
        checked.dirs += dirs.len();
        // Per dir: the libraries it gives the link, judged.
        let mut by_dir: BTreeMap<&Path, Vec<Resolved>> = BTreeMap::new();
        for (name, static_) in run.link_libs.iter().filter_map(|l| lib_spec(l)) {
            match resolve(&name, static_, &all) {
                // In the out dir: a file of the target dir, judged by the scan itself.
                Some(p) if p.parent().is_some_and(|d| run.is_out_dir(d)) => {
                    checked.in_target_dir += 1;
                }
                Some(p) => {
                    checked.libraries += 1;
                    let dir = dirs
                        .iter()
                        .copied()
                        .find(|d| p.parent() == Some(*d))
                        .unwrap_or(Path::new(""));
                    let bad = foreign(&p, expected, 0);
                    by_dir.entry(dir).or_default().push((name, p, bad));
                }
                None => checked.unresolved.push(name),
            }
        }
        for dir in &dirs {
            let libs = by_dir.remove(dir).unwrap_or_default();
            let host = is_host_dir(dir, spec);
            let bad: Vec<&Resolved> = libs.iter().filter(|(_, _, b)| b.is_some()).collect();
            if !host && bad.is_empty() {
                continue;
            }
            // A host dir that gave no foreign library is still the build machine's: an
            // error when it names another machine's triple, else a warning (a /usr/lib may
            // hold only arch-independent files, but any host library there comes first).
            let names_other_triple = dir
                .to_string_lossy()
                .split('/')
                .any(|c| c.ends_with("-linux-gnu") || c.ends_with("-linux-musl"));
            let mut f = finding(run, dir, host, &bad, spec, expected, linker);
            if host && bad.is_empty() && !names_other_triple {
                f.severity = Severity::Warning;
            }
            // ld passes over a host library as incompatible and goes on searching: where the
            // target's own copy is in its default dirs, the link takes that one and succeeds
            // (pkg-config allowed to answer for the host, the target's -dev installed too).
            if host && !bad.is_empty() {
                let own: Vec<(String, PathBuf)> = bad
                    .iter()
                    .filter_map(|(n, _, _)| Some((n.clone(), machine.target_library(spec, n)?)))
                    .collect();
                if own.len() == bad.len() {
                    f.severity = Severity::Warning;
                    f.notes.push(format!(
                        "the linker passes over the build machine's copies as incompatible and links the target's own ({}): the link does not fail for this, but the dir is the build machine's",
                        own.iter()
                            .map(|(_, p)| p.display().to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            }
            out.push(f);
        }
    }
    (out, checked)
}

fn finding(
    run: &BuildRun,
    dir: &Path,
    host: bool,
    bad: &[&Resolved],
    spec: &'static TargetSpec,
    expected: &Expected,
    linker: Option<&crate::cargo::config::ConfiguredLinker>,
) -> Finding {
    let unit = run.unit.as_ref();
    let package = unit.map(|u| u.package.clone());
    let crate_name = package.as_ref().map(|p| p.replace('-', "_"));
    let who = crate_name
        .as_deref()
        .map_or_else(|| "a build script".to_string(), |c| format!("crate `{c}`"));
    let names: Vec<&str> = bad.iter().map(|(n, _, _)| n.as_str()).collect();
    let libs: Vec<String> = names.iter().map(|n| format!("-l{n}")).collect();
    let first = bad.first().and_then(|(_, _, b)| b.as_ref());
    let kind = if host {
        Kind::HostLibraryPath
    } else {
        Kind::WrongArchitecture
    };
    let system = run.build_system(None);
    let prefix = fix::cross_prefix(spec, linker);
    let mut fixed = fix::suggest(kind, spec, system, Some(run), &prefix);
    let var = source_var(run, dir);
    // A lookup the builder has no table for (`ZSTD_LIB_DIR`): the recorded global name.
    if fixed.unset.is_empty()
        && let Some((name, value)) = &var
        && let Some(line) = fix::recorded_global(spec, run, name, value)
    {
        fixed.unset.push((name.clone(), line));
    }
    let mut notes = Vec::new();
    if let Some((name, value)) = &var {
        if name == "pkg-config" {
            notes.push(
                "the dir came from pkg-config, which answered for the build machine (PKG_CONFIG_ALLOW_CROSS lets it)".into(),
            );
        } else {
            notes.push(format!(
                "the build script recorded {name} = {value} in its output: that is what put {} on the link",
                dir.display()
            ));
        }
    }
    notes.push(format!(
        "cargo:rustc-link-search={} in {}",
        dir.display(),
        unit.map_or_else(
            || "a build script's output".into(),
            |u| u.dir.display().to_string()
        )
    ));
    if let Some((p, _, reason)) = first {
        notes.push(format!("{}: {reason}", p.display()));
    }
    let message = match (host, libs.is_empty()) {
        (true, true) => format!(
            "{who} puts the build machine's library dir {} on the link for {}",
            dir.display(),
            spec.triple
        ),
        (true, false) => fix::wording::host_library(
            Some(&who),
            &names,
            dir,
            Some(first.map_or("foreign", |(_, id, _)| id.arch.as_str())),
            spec.triple,
        ),
        (false, _) => format!(
            "{who} links {} from {}, built for {}, but the target {} needs {}",
            libs.join(" "),
            dir.display(),
            first.map_or("another machine", |(_, id, _)| id.arch.as_str()),
            spec.triple,
            expected.arch
        ),
    };
    let path = bad
        .first()
        .map(|(_, p, _)| p.clone())
        .unwrap_or_else(|| dir.to_path_buf());
    let mut f = Finding::new(
        kind,
        path,
        first.map_or_else(crate::artifacts::formats::bitcode, |(_, id, _)| id.clone()),
        expected.desc(),
        message,
    );
    f.crate_name = crate_name;
    f.package = package;
    f.also_in = bad.iter().skip(1).map(|(_, p, _)| p.clone()).collect();
    f.provenance = Provenance {
        build_system: Some(if system == BuildSystem::Unknown {
            "build script".into()
        } else {
            system.as_str().to_string()
        }),
        build_dir: unit.map(|u| u.dir.clone()),
        library_from: var.map(|(n, v)| {
            if n == "pkg-config" {
                n
            } else {
                format!("{n}={v}")
            }
        }),
        ..Default::default()
    };
    f.notes = notes;
    f.set_fix(fixed);
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lib_specs() {
        assert_eq!(lib_spec("dylib=ssl"), Some(("ssl".into(), false)));
        assert_eq!(lib_spec("static=z"), Some(("z".into(), true)));
        assert_eq!(lib_spec("crypto"), Some(("crypto".into(), false)));
        assert_eq!(
            lib_spec("static:+whole-archive=foo"),
            Some(("foo".into(), true))
        );
        assert_eq!(lib_spec("framework=Security"), None);
        assert_eq!(lib_spec("static:+verbatim=foo.o"), None);
    }

    #[test]
    fn host_dirs() {
        let a64 = crate::target::lookup("aarch64-unknown-linux-gnu").unwrap();
        assert!(is_host_dir(Path::new("/usr/lib/x86_64-linux-gnu"), a64));
        assert!(is_host_dir(Path::new("/usr/lib"), a64));
        assert!(!is_host_dir(Path::new("/usr/lib/aarch64-linux-gnu"), a64));
        assert!(!is_host_dir(Path::new("/opt/vendor/lib"), a64));
    }
}
