//! Atomic replacement of a report file.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes `bytes` to `dest` through a temp file in the same directory and a rename.
///
/// `rename(2)` replaces the directory entry: two writers racing leave one whole report,
/// never the head of one and the tail of the other; and a symlink at `dest` is itself
/// replaced, so its target (which may be anyone's file) is never written.
pub fn write_atomic(dest: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = temp_name(dest)?;
    // Removed by the signal handler if this process is killed before the rename.
    let _guard = crate::process::TempGuard::new(&tmp);
    let result = write_new(&tmp, bytes).and_then(|()| fs::rename(&tmp, dest));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Makes `dest` a symlink to `target` (a path relative to `dest`'s dir), replacing whatever
/// `dest` was in one rename, as `write_atomic` does for a file. Where symlinks are not to be
/// had, `dest` becomes a copy of the target's bytes.
pub fn link_atomic(dest: &Path, target: &Path) -> io::Result<()> {
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
/// socket there is refused, not opened for a write that could wait for a reader forever.
pub fn append_regular(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A FIFO without a reader then fails at once (ENXIO) instead of blocking.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let mut f = options.open(path)?;
    let meta = f.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file; not written",
        ));
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

fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    // create_new: never write through a symlink or into someone else's file planted at the
    // temp name.
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)
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
}
