//! Finding the files worth inspecting under the paths a user gave.
//!
//! Symlinked directories are not entered (cargo never makes them, and a loop must not trap
//! the scan); symlinked files are followed, and a dangling or looping one is a problem
//! reported for that path alone.

use std::fs;
use std::path::{Path, PathBuf};

use crate::cargo::layout;

/// Directory depth past which a tree is not a target dir.
const MAX_DEPTH: usize = 64;

#[derive(Default)]
pub struct Walked {
    pub files: Vec<PathBuf>,
    /// Paths that could not be read, with the reason.
    pub problems: Vec<(PathBuf, String)>,
}

/// Walks `root`: a single file is taken as it is (whatever its name); a directory
/// contributes the files a linker could be handed.
pub fn walk(root: &Path, out: &mut Walked) {
    match fs::metadata(root) {
        Ok(m) if m.is_file() => out.files.push(root.to_path_buf()),
        Ok(m) if m.is_dir() => walk_dir(root, 0, out),
        Ok(_) => refuse(root, out),
        Err(e) => out.problems.push((root.to_path_buf(), describe(&e))),
    }
}

fn walk_dir(dir: &Path, depth: usize, out: &mut Walked) {
    if depth > MAX_DEPTH {
        out.problems
            .push((dir.to_path_buf(), "directory tree too deep".into()));
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.problems.push((dir.to_path_buf(), describe(&e)));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    // A stable order makes reports and tests repeatable.
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            if !layout::is_skipped_dir(&name) {
                walk_dir(&path, depth + 1, out);
            }
        } else if layout::is_candidate_file(&name) {
            if ft.is_symlink() {
                match fs::metadata(&path) {
                    Ok(m) if m.is_file() => out.files.push(path),
                    Ok(m) if m.is_dir() => {}
                    Ok(_) => refuse(&path, out),
                    Err(e) => out.problems.push((path, describe(&e))),
                }
            } else if ft.is_file() {
                out.files.push(path);
            } else {
                refuse(&path, out);
            }
        }
    }
}

/// A FIFO, device or socket where a file was expected: one problem, and it is never
/// opened (a FIFO would block the scan, a device never end).
fn refuse(path: &Path, out: &mut Walked) {
    let why = match crate::fsio::open_regular(path) {
        Err(e) => describe(&e),
        // Swapped for a regular file since: inspected like any other.
        Ok(_) => return out.files.push(path.to_path_buf()),
    };
    out.problems.push((path.to_path_buf(), why));
}

pub fn describe(e: &std::io::Error) -> String {
    // ELOOP has no stable ErrorKind; name it plainly.
    if e.raw_os_error() == Some(40) {
        return "symlink loop".into();
    }
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
