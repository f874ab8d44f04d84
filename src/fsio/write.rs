//! Atomic replacement of a file: a report, the cargo config `fix` writes. Appends to a
//! regular file: the GitHub step summary.
//!
//! What is replaced is only ever a regular file, a symlink, or nothing. A device, a FIFO, a
//! socket or a directory at the destination is refused with an error that names it, and so
//! is a symlink that resolves to one, or that passes through `/proc` (`/dev/stdout` →
//! `/proc/self/fd/1`: a descriptor, whatever its target's type says). Run as root in a CI
//! container, `XLINKDIAG_REPORT=/dev/null` would otherwise rename a regular file over the
//! real `/dev/null`.
//!
//! A symlink that resolves to a regular file, or to nothing, is itself replaced, not
//! followed: its target (which may be anyone's file) is never written.
//!
//! The check comes before the rename; what could change the destination in between is a
//! writer of its directory, which can replace that entry anyway.

use super::read::type_name;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// How a replacement is made beyond the temp file and the rename.
#[derive(Clone, Copy, Debug, Default)]
pub struct Replace {
    /// The new file keeps the old one's permission bits.
    pub keep_mode: bool,
    /// A file the user made read-only is refused, even for root, who could write it anyway.
    pub refuse_read_only: bool,
    /// The data and then the rename are made durable (`fsync`).
    pub sync: bool,
}

/// Writes `bytes` to `dest` through a temp file in the same directory and a rename.
///
/// `rename(2)` replaces the directory entry: two writers racing leave one whole report,
/// never the head of one and the tail of the other; and a symlink at `dest` is itself
/// replaced, so its target is never written.
pub fn write_atomic(dest: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(dest, bytes, Replace::default())
}

/// [`write_atomic`] with the choices of [`Replace`].
pub fn write_atomic_with(dest: &Path, bytes: &[u8], how: Replace) -> io::Result<()> {
    let meta = replaceable(dest)?;
    if how.refuse_read_only && meta.as_ref().is_some_and(|m| m.permissions().readonly()) {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only",
        ));
    }
    let tmp = temp_name(dest)?;
    // Removed by the signal handler if this process is killed before the rename.
    let _guard = crate::process::TempGuard::new(&tmp);
    let result = write_new(&tmp, bytes, how, meta.as_ref()).and_then(|()| fs::rename(&tmp, dest));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?;
    let dir = dest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if how.sync
        && let Ok(d) = fs::File::open(dir)
    {
        // The rename is durable once the dir is; failing that is not the user's concern.
        let _ = d.sync_all();
    }
    Ok(())
}

/// Makes `dest` a symlink to `target` (a path relative to `dest`'s dir), replacing whatever
/// `dest` was in one rename, as `write_atomic` does for a file. Where symlinks are not to be
/// had, `dest` becomes a copy of the target's bytes.
pub fn link_atomic(dest: &Path, target: &Path) -> io::Result<()> {
    replaceable(dest)?;
    let tmp = temp_name(dest)?;
    let _guard = crate::process::TempGuard::new(&tmp);
    #[cfg(unix)]
    let made = std::os::unix::fs::symlink(target, &tmp);
    #[cfg(not(unix))]
    let made = fs::copy(dest.with_file_name(target), &tmp).map(drop);
    let result = made.and_then(|()| fs::rename(&tmp, dest));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Appends `bytes` to the regular file `path` (made if missing). A FIFO, a device or a
/// socket there is refused, not opened for a write that could wait for a reader forever
/// (or, for a device, do whatever opening it does).
pub fn append_regular(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Ok(m) = fs::metadata(path)
        && !m.is_file()
    {
        return Err(refusal(&m, "not written"));
    }
    let mut options = fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A FIFO put there since the check then fails at once (ENXIO) instead of blocking.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let mut f = options.open(path)?;
    let meta = f.metadata()?;
    if !meta.is_file() {
        return Err(refusal(&meta, "not written"));
    }
    f.write_all(bytes)
}

/// Removes the temp files process `pid` left in `dir` (the shim's front, after it killed
/// the engine at its budget: a process killed with SIGKILL cleans nothing up itself).
pub fn remove_temps_of(dir: &Path, pid: u32) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let pid = pid.to_string();
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        // `.<name>.<pid>.<seq>.tmp`, as `temp_name` makes them.
        let ours = name
            .strip_prefix('.')
            .and_then(|n| n.strip_suffix(".tmp"))
            .and_then(|n| n.rsplit_once('.'))
            .and_then(|(rest, seq)| {
                let (_, p) = rest.rsplit_once('.')?;
                (p == pid && !seq.is_empty() && seq.bytes().all(|b| b.is_ascii_digit()))
                    .then_some(())
            })
            .is_some();
        if ours && e.file_type().is_ok_and(|t| !t.is_dir()) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// The destination's metadata when it is a regular file (a symlink: its target's), `None`
/// when there is nothing to replace (missing, or a dangling symlink); an error when it must
/// not be replaced.
fn replaceable(dest: &Path) -> io::Result<Option<fs::Metadata>> {
    let dir = dest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if in_proc(dir) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "a process's file descriptors (/proc); not replaced",
        ));
    }
    let own = match fs::symlink_metadata(dest) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if !own.file_type().is_symlink() {
        return if own.is_file() {
            Ok(Some(own))
        } else {
            Err(refusal(&own, "not replaced"))
        };
    }
    // Walk the chain ourselves: every hop is seen, `/proc`'s magic links included.
    let mut at = dest.to_path_buf();
    for _ in 0..40 {
        let to = fs::read_link(&at)?;
        let next = if to.is_absolute() {
            to
        } else {
            at.parent().unwrap_or(Path::new("/")).join(to)
        };
        if in_proc(&next) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "a symlink to {} (a process's file descriptor); not replaced",
                    next.display()
                ),
            ));
        }
        match fs::symlink_metadata(&next) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
            Ok(m) if m.file_type().is_symlink() => at = next,
            Ok(m) if m.is_file() => return Ok(Some(m)),
            Ok(m) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "a symlink to {}, {}; not replaced",
                        next.display(),
                        type_name(&m)
                    ),
                ));
            }
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        "a chain of more than 40 symlinks; not replaced",
    ))
}

/// Whether `p`, made absolute and with its dirs resolved as far as they exist, is in
/// `/proc`.
fn in_proc(p: &Path) -> bool {
    let lexical = |p: &Path| {
        p.components()
            .find(|c| !matches!(c, Component::RootDir | Component::CurDir))
            .is_some_and(|c| c.as_os_str() == "proc")
            && p.is_absolute()
    };
    if lexical(p) {
        return true;
    }
    // `/dev/fd` is a symlink to `/proc/self/fd`: resolve the deepest dir that exists.
    let mut dir = p.to_path_buf();
    loop {
        if let Ok(real) = fs::canonicalize(&dir) {
            return lexical(&real);
        }
        if !dir.pop() {
            return false;
        }
    }
}

fn refusal(m: &fs::Metadata, what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("not a regular file ({}); {what}", type_name(m)),
    )
}

fn temp_name(dest: &Path) -> io::Result<PathBuf> {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let name = dest
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let mut tmp = std::ffi::OsString::from(".");
    tmp.push(name);
    tmp.push(format!(
        ".{}.{}.tmp",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    Ok(dest.with_file_name(tmp))
}

fn write_new(
    path: &Path,
    bytes: &[u8],
    how: Replace,
    old: Option<&fs::Metadata>,
) -> io::Result<()> {
    // create_new: never write through a symlink or into someone else's file planted at the
    // temp name.
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    if how.keep_mode
        && let Some(m) = old
    {
        f.set_permissions(m.permissions())?;
    }
    f.write_all(bytes)?;
    if how.sync {
        f.sync_all()?;
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn replaces_a_symlink_not_its_target() {
        let d = std::env::temp_dir().join(format!("xlinkdiag-atomic-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        let victim = d.join("victim");
        fs::write(&victim, "keep").unwrap();
        let link = d.join("report.json");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        write_atomic(&link, b"{}").unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep");
        assert!(
            !fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&link).unwrap(), "{}");
        // No temp file is left behind.
        assert_eq!(fs::read_dir(&d).unwrap().count(), 2);
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn a_directory_in_the_way_is_an_error() {
        let d = std::env::temp_dir().join(format!("xlinkdiag-atomic-dir-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(d.join("report.json")).unwrap();
        assert!(write_atomic(&d.join("report.json"), b"{}").is_err());
        assert_eq!(fs::read_dir(&d).unwrap().count(), 1);
        let _ = fs::remove_dir_all(&d);
    }

    fn scratch(tag: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("xlinkdiag-replace-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    fn mkfifo(p: &Path) {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(p.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    }

    /// Whether `dest` is still exactly what `was` says (same inode, same type).
    fn untouched(dest: &Path, was: &fs::Metadata) -> bool {
        use std::os::unix::fs::MetadataExt;
        fs::symlink_metadata(dest)
            .is_ok_and(|m| m.ino() == was.ino() && m.file_type() == was.file_type())
    }

    #[test]
    fn special_files_and_links_to_them_are_never_replaced() {
        use std::os::unix::fs::symlink;
        let d = scratch("special");
        let fifo = d.join("fifo");
        mkfifo(&fifo);
        let socket = d.join("socket");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let cases: Vec<(PathBuf, &str)> = vec![
            (fifo.clone(), "a FIFO"),
            (socket.clone(), "a socket"),
            (d.join("to-null"), "a character device"),
            (d.join("to-fifo"), "a FIFO"),
            (d.join("to-stdout"), "file descriptor"),
            (d.join("to-fd"), "file descriptor"),
            (d.join("chain"), "a character device"),
            (d.join("dir"), "a directory"),
        ];
        symlink("/dev/null", d.join("to-null")).unwrap();
        symlink(&fifo, d.join("to-fifo")).unwrap();
        symlink("/dev/stdout", d.join("to-stdout")).unwrap();
        symlink("/proc/self/fd/2", d.join("to-fd")).unwrap();
        symlink("to-null", d.join("chain")).unwrap();
        fs::create_dir(d.join("dir")).unwrap();
        for (dest, what) in &cases {
            let was = fs::symlink_metadata(dest).unwrap();
            for result in [
                write_atomic(dest, b"{}"),
                write_atomic_with(
                    dest,
                    b"{}",
                    Replace {
                        keep_mode: true,
                        refuse_read_only: true,
                        sync: true,
                    },
                ),
                link_atomic(dest, Path::new("x")),
            ] {
                let e = result.expect_err(&format!("{dest:?} replaced"));
                assert_eq!(e.kind(), io::ErrorKind::InvalidInput, "{dest:?}: {e}");
                assert!(e.to_string().contains(what), "{dest:?}: {e}");
            }
            assert!(untouched(dest, &was), "{dest:?} changed");
        }
        // `/dev/fd/N` is `/proc/self/fd/N` by another name.
        let e = write_atomic(Path::new("/dev/fd/2"), b"{}").unwrap_err();
        assert!(e.to_string().contains("/proc"), "{e}");
        // No temp file is left behind.
        let names: Vec<String> = fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(names.is_empty(), "{names:?}");
        let _ = fs::remove_dir_all(&d);
    }

    /// As root, a device node made here (never the real one): refused by its type.
    #[test]
    fn a_device_node_is_never_replaced() {
        let d = scratch("device");
        let node = d.join("null");
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(node.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; makedev(1, 3) is what /dev/null is.
        let made = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) };
        if made != 0 {
            let _ = io::Write::write_all(
                &mut io::stderr(),
                b"skipping a_device_node_is_never_replaced: mknod needs root\n",
            );
            let _ = fs::remove_dir_all(&d);
            return;
        }
        let was = fs::symlink_metadata(&node).unwrap();
        let e = write_atomic(&node, b"{}").unwrap_err();
        assert!(e.to_string().contains("a character device"), "{e}");
        assert!(untouched(&node, &was));
        let e = append_regular(&node, b"x").unwrap_err();
        assert!(e.to_string().contains("a character device"), "{e}");
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn a_dangling_symlink_is_replaced() {
        let d = scratch("dangling");
        let link = d.join("report.json");
        std::os::unix::fs::symlink(d.join("gone"), &link).unwrap();
        write_atomic(&link, b"{}").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().is_file());
        assert!(!d.join("gone").exists());
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn config_writes_keep_the_mode_and_refuse_read_only() {
        use std::os::unix::fs::PermissionsExt;
        let d = scratch("mode");
        let f = d.join("config.toml");
        fs::write(&f, "a").unwrap();
        fs::set_permissions(&f, fs::Permissions::from_mode(0o640)).unwrap();
        let how = Replace {
            keep_mode: true,
            refuse_read_only: true,
            sync: true,
        };
        write_atomic_with(&f, b"b", how).unwrap();
        assert_eq!(fs::read_to_string(&f).unwrap(), "b");
        assert_eq!(
            fs::metadata(&f).unwrap().permissions().mode() & 0o777,
            0o640
        );
        fs::set_permissions(&f, fs::Permissions::from_mode(0o444)).unwrap();
        let e = write_atomic_with(&f, b"c", how).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(fs::read_to_string(&f).unwrap(), "b");
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn appends_refuse_a_fifo_without_opening_it() {
        let d = scratch("append");
        let fifo = d.join("summary.md");
        mkfifo(&fifo);
        let e = append_regular(&fifo, b"x").unwrap_err();
        assert!(e.to_string().contains("a FIFO"), "{e}");
        let f = d.join("real.md");
        append_regular(&f, b"a").unwrap();
        append_regular(&f, b"b").unwrap();
        assert_eq!(fs::read_to_string(&f).unwrap(), "ab");
        let _ = fs::remove_dir_all(&d);
    }
}
