//! Finding the real linker without ever finding ourselves (G8 in `shim/mod.rs`).
//!
//! Every candidate is compared with the running executable (on Unix by device and inode, from
//! the one `stat` that also tells whether it is executable; elsewhere by canonical path); a
//! `PATH` entry that holds xlinkdiag under the wanted name is skipped, as sccache does. What is
//! returned is the path as found, not canonicalised: drivers such as clang and gcc read
//! their own argv\[0\] (target prefix, install prefix), so a symlink's name must survive.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::fs::Metadata;
use std::path::{Path, PathBuf};

use super::dispatch::LinkerSource;
use super::vars::{self, LINKER_VAR};

/// Why no real linker could be chosen; `Display` is the one line the shim prints.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ResolveError {
    /// `XLINKDIAG_LINKER` is needed and not set.
    Unset,
    /// No program of that name (other than xlinkdiag) in `PATH`.
    NotInPath(OsString),
    /// A path that does not exist or is not an executable file.
    Missing(PathBuf),
    /// The chosen linker is xlinkdiag itself.
    IsSelf(PathBuf),
}

impl ResolveError {
    pub(crate) fn exit_status(&self) -> crate::exit::ExitStatus {
        match self {
            ResolveError::IsSelf(_) => crate::exit::ExitStatus::CannotRun,
            _ => crate::exit::ExitStatus::NotFound,
        }
    }
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::Unset => write!(
                f,
                "cannot find the real linker: set {LINKER_VAR}=/path/to/linker"
            ),
            ResolveError::NotInPath(name) => write!(
                f,
                "cannot find the real linker: no `{}` in PATH other than xlinkdiag itself; \
                 set {LINKER_VAR}=/path/to/linker",
                Path::new(name).display()
            ),
            ResolveError::Missing(path) => write!(
                f,
                "cannot find the real linker: {} is not an executable file; \
                 set {LINKER_VAR}=/path/to/linker",
                path.display()
            ),
            ResolveError::IsSelf(path) => write!(
                f,
                "the real linker {} is xlinkdiag itself; set {LINKER_VAR}=/path/to/real/linker",
                path.display()
            ),
        }
    }
}

/// The real linker for `source`, and whether `XLINKDIAG_LINKER` named it (then that variable,
/// not cargo's linker setting, is the one to change when it is the wrong linker).
pub(crate) fn real_linker(source: &LinkerSource) -> Result<(PathBuf, bool), ResolveError> {
    let me = SelfExe::get();
    let path = vars::path();
    let from_var =
        |value: OsString| by_name_or_path(&value, path.as_deref(), &me).map(|p| (p, true));
    match source {
        LinkerSource::NamedAfter { invoked_as, name } => {
            if let Some(pinned) = pinned(invoked_as, name, path.as_deref(), &me) {
                return check(pinned, &me).map(|p| (p, false));
            }
            if let Some(found) = search_path(name, path.as_deref(), &me) {
                return Ok((found, false));
            }
            match vars::linker() {
                Some(value) => from_var(value),
                None => Err(ResolveError::NotInPath(name.clone())),
            }
        }
        LinkerSource::EnvVar => match vars::linker() {
            Some(value) => from_var(value),
            None => Err(ResolveError::Unset),
        },
        LinkerSource::Explicit(real) => {
            by_name_or_path(real.as_os_str(), path.as_deref(), &me).map(|p| (p, false))
        }
    }
}

/// A bare name is looked up in `PATH` (skipping xlinkdiag); anything with a separator is a
/// path, relative to the cwd as a shell would take it.
fn by_name_or_path(
    value: &OsStr,
    path: Option<&OsStr>,
    me: &SelfExe,
) -> Result<PathBuf, ResolveError> {
    let as_path = Path::new(value);
    if as_path.components().count() == 1 && !as_path.has_root() {
        return search_path(value, path, me).ok_or_else(|| ResolveError::NotInPath(value.into()));
    }
    check(as_path.to_path_buf(), me)
}

fn check(candidate: PathBuf, me: &SelfExe) -> Result<PathBuf, ResolveError> {
    let Some(meta) = executable(&candidate) else {
        return Err(ResolveError::Missing(candidate));
    };
    if me.is_meta(&candidate, &meta) {
        return Err(ResolveError::IsSelf(candidate));
    }
    Ok(candidate)
}

/// `shim install` leaves `<dir>/.xlinkdiag-real/<name>` pointing at the linker it wrapped, so
/// the shim works even when that linker is not in `PATH`.
fn pinned(invoked_as: &Path, name: &OsStr, path: Option<&OsStr>, me: &SelfExe) -> Option<PathBuf> {
    let shim_dir = if invoked_as.components().count() > 1 {
        invoked_as.parent().map(Path::to_path_buf)
    } else {
        // Started through PATH: our directory is the first entry holding us under this name.
        path.into_iter()
            .flat_map(std::env::split_paths)
            .find(|dir| me.is(&dir.join(name)))
    }?;
    // The pin is a symlink whose target is the linker path as the user gave it; spawning
    // that path (not the pin) keeps the linker's own name in its argv[0].
    crate::shim_setup::pinned_real(&shim_dir, name)
}

/// The first `dir/name` in `path` that is an executable file and not xlinkdiag.
pub(crate) fn search_path(name: &OsStr, path: Option<&OsStr>, me: &SelfExe) -> Option<PathBuf> {
    for dir in std::env::split_paths(path?) {
        // An empty PATH entry means the cwd, as in execvp.
        let dir = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        };
        for candidate in candidates(&dir, name) {
            if let Some(meta) = executable(&candidate)
                && !me.is_meta(&candidate, &meta)
            {
                return Some(candidate);
            }
        }
    }
    None
}

#[cfg(not(windows))]
fn candidates(dir: &Path, name: &OsStr) -> impl Iterator<Item = PathBuf> {
    std::iter::once(dir.join(name))
}

#[cfg(windows)]
fn candidates(dir: &Path, name: &OsStr) -> impl Iterator<Item = PathBuf> {
    let plain = dir.join(name);
    let has_ext = Path::new(name).extension().is_some();
    let exe = {
        let mut n = name.to_os_string();
        n.push(".exe");
        dir.join(n)
    };
    std::iter::once(plain).chain((!has_ext).then_some(exe))
}

/// The metadata of `path` (through symlinks) when it is an executable file.
fn executable(path: &Path) -> Option<Metadata> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let runnable = {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    };
    #[cfg(not(unix))]
    let runnable = meta.is_file();
    runnable.then_some(meta)
}

/// The running executable, when it can be known, and the front when the engine is running:
/// a linker that is either one leads back to xlinkdiag.
pub(crate) struct SelfExe(Vec<Identity>);

#[cfg(unix)]
type Identity = (u64, u64);
#[cfg(not(unix))]
type Identity = PathBuf;

impl SelfExe {
    pub(crate) fn get() -> SelfExe {
        let Ok(exe) = std::env::current_exe() else {
            return SelfExe(Vec::new());
        };
        let front = crate::shim_setup::front_of(&exe);
        SelfExe(
            std::iter::once(exe)
                .chain(front)
                .filter_map(|p| identity(&p))
                .collect(),
        )
    }

    #[cfg(test)]
    pub(crate) fn at(path: Option<PathBuf>) -> SelfExe {
        SelfExe(path.and_then(|p| identity(&p)).into_iter().collect())
    }

    /// True when `candidate` is this executable, through any symlinks (or a hard link). A copy
    /// of xlinkdiag is not caught here; the hop counter stops that loop.
    pub(crate) fn is(&self, candidate: &Path) -> bool {
        std::fs::metadata(candidate).is_ok_and(|meta| self.is_meta(candidate, &meta))
    }

    /// [`SelfExe::is`] with the candidate's metadata already at hand.
    #[cfg(unix)]
    fn is_meta(&self, _candidate: &Path, meta: &Metadata) -> bool {
        use std::os::unix::fs::MetadataExt;
        self.0.contains(&(meta.dev(), meta.ino()))
    }

    #[cfg(not(unix))]
    fn is_meta(&self, candidate: &Path, _meta: &Metadata) -> bool {
        identity(candidate).is_some_and(|id| self.0.contains(&id))
    }
}

#[cfg(unix)]
fn identity(path: &Path) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<Identity> {
    std::fs::canonicalize(path).ok()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::shim_setup::PIN_DIR;
    use std::os::unix::fs::{PermissionsExt, symlink};

    fn scratch(tag: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("xlinkdiag-resolve-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn exe(path: &Path) {
        std::fs::write(path, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    #[test]
    fn path_search_skips_self_and_non_executables() {
        let root = scratch("path");
        let (a, b, c) = (root.join("a"), root.join("b"), root.join("c"));
        for d in [&a, &b, &c] {
            std::fs::create_dir(d).unwrap();
        }
        let me = root.join("me");
        exe(&me);
        symlink(&me, a.join("cc")).unwrap();
        std::fs::write(b.join("cc"), "not executable").unwrap();
        exe(&c.join("cc"));
        let path = std::env::join_paths([&a, &b, &c]).unwrap();
        let me = SelfExe::at(Some(me));
        assert_eq!(
            search_path("cc".as_ref(), Some(&path), &me),
            Some(c.join("cc"))
        );
        assert_eq!(search_path("ld".as_ref(), Some(&path), &me), None);
        assert_eq!(
            by_name_or_path(a.join("cc").as_os_str(), Some(&path), &me),
            Err(ResolveError::IsSelf(a.join("cc")))
        );
        assert_eq!(
            by_name_or_path(b.join("cc").as_os_str(), Some(&path), &me),
            Err(ResolveError::Missing(b.join("cc")))
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn pin_found_from_path_lookup_of_self() {
        let root = scratch("pin");
        let me = root.join("me");
        exe(&me);
        let shim_dir = root.join("shim");
        std::fs::create_dir_all(shim_dir.join(PIN_DIR)).unwrap();
        symlink(&me, shim_dir.join("gcc")).unwrap();
        symlink("/opt/real/gcc", shim_dir.join(PIN_DIR).join("gcc")).unwrap();
        let me = SelfExe::at(Some(me));
        let path = std::env::join_paths([&root, &shim_dir]).unwrap();
        assert_eq!(
            pinned("gcc".as_ref(), "gcc".as_ref(), Some(&path), &me),
            Some(PathBuf::from("/opt/real/gcc"))
        );
        assert_eq!(
            pinned(&shim_dir.join("gcc"), "gcc".as_ref(), None, &me),
            Some(PathBuf::from("/opt/real/gcc"))
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn messages_name_the_variable() {
        assert!(
            ResolveError::Unset
                .to_string()
                .contains("XLINKDIAG_LINKER=/path/to/linker")
        );
        let e = ResolveError::NotInPath("mips-openwrt-linux-gcc".into());
        assert!(e.to_string().contains("`mips-openwrt-linux-gcc`"));
        assert_eq!(e.exit_status().code(), 127);
    }
}
