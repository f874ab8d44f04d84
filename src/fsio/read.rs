//! Bounded reads of regular files only (see the module above for why).

use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// The file type, in the words of a warning (reads and writes refuse in the same words).
pub(super) fn type_name(m: &Metadata) -> &'static str {
    let ft = m.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

fn refuse(m: &Metadata) -> io::Error {
    let what = type_name(m);
    let text = if what.starts_with("not") {
        what.to_string()
    } else {
        format!("not a regular file ({what}); not read")
    };
    io::Error::new(io::ErrorKind::InvalidInput, text)
}

/// Whether `e` is the refusal of a file that is not a regular one (as opposed to a missing
/// or unreadable file), which callers report even where a missing file is normal.
pub fn is_not_regular(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::InvalidInput && e.to_string().starts_with("not a regular file")
}

/// Opens `path` for reading if, and only if, it is a regular file (symlinks followed).
pub fn open_regular(path: &Path) -> io::Result<File> {
    let before = fs::metadata(path)?;
    if !before.is_file() {
        return Err(refuse(&before));
    }
    let file = open_nonblocking(path)?;
    let after = file.metadata()?;
    if !after.is_file() {
        return Err(refuse(&after));
    }
    Ok(file)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK changes nothing for reads of a regular file; it only keeps the open of a
    // FIFO (put there after the check) from waiting for a writer. O_NOCTTY: a terminal
    // device must never become our controlling terminal.
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// At most `cap` bytes from the start of the regular file `path`.
pub fn read_capped(path: &Path, cap: u64) -> io::Result<Vec<u8>> {
    read_stream_capped(open_regular(path)?, cap)
}

/// The regular file `path` as UTF-8 text, at most `cap` bytes of it.
pub fn read_string_capped(path: &Path, cap: u64) -> io::Result<String> {
    String::from_utf8(read_capped(path, cap)?)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// At most `cap` bytes of a stream (stdin, a pipe), counted as they arrive.
pub fn read_stream_capped(r: impl Read, cap: u64) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    r.take(cap).read_to_end(&mut buf)?;
    Ok(buf)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn scratch(tag: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("xlinkdiag-fsio-{tag}-{}", std::process::id()));
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

    #[test]
    fn fifo_is_refused_at_once() {
        let d = scratch("fifo");
        let p = d.join("output");
        mkfifo(&p);
        let t = Instant::now();
        let e = read_capped(&p, 1 << 20).unwrap_err();
        assert!(t.elapsed() < Duration::from_secs(2));
        assert!(is_not_regular(&e), "{e}");
        assert!(e.to_string().contains("a FIFO"), "{e}");
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn dev_zero_through_a_symlink_is_refused() {
        let d = scratch("zero");
        let p = d.join("root-output");
        std::os::unix::fs::symlink("/dev/zero", &p).unwrap();
        let e = read_capped(&p, 1 << 20).unwrap_err();
        assert!(e.to_string().contains("character device"), "{e}");
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn reads_are_capped_by_bytes_read() {
        let d = scratch("cap");
        let p = d.join("f");
        fs::write(&p, b"0123456789").unwrap();
        assert_eq!(read_capped(&p, 4).unwrap(), b"0123");
        assert_eq!(read_string_capped(&p, 100).unwrap(), "0123456789");
        // A stream that never ends stops at the cap.
        assert_eq!(read_stream_capped(io::repeat(0), 1000).unwrap().len(), 1000);
        assert!(!is_not_regular(
            &read_capped(&d.join("absent"), 1).unwrap_err()
        ));
        let _ = fs::remove_dir_all(&d);
    }
}
