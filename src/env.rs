//! The one door to the process environment.
//!
//! Everything xlinkdiag reads from the environment goes through here (clippy.toml bans
//! `std::env::var*` elsewhere), so tests can see every variable that matters and a
//! diagnosis can say which variables it consulted.

use std::ffi::OsString;

pub fn var_os(name: &str) -> Option<OsString> {
    #[allow(clippy::disallowed_methods)]
    std::env::var_os(name)
}

/// The whole environment, for handing it to a child process unchanged.
pub fn vars_os() -> std::env::VarsOs {
    std::env::vars_os()
}

/// A variable's value when set and valid UTF-8 (non-UTF-8 values count as unset).
pub fn var(name: &str) -> Option<String> {
    var_os(name).and_then(|v| v.into_string().ok())
}

/// Set to a non-empty value other than `0`.
pub fn flag(name: &str) -> bool {
    var_os(name).is_some_and(|v| !v.is_empty() && v != "0")
}

/// `NO_COLOR` set to anything non-empty disables color (no-color.org).
pub fn no_color() -> bool {
    var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// The linker cargo would use for `triple` from the environment:
/// `CARGO_TARGET_<TRIPLE>_LINKER`.
pub fn cargo_target_linker(triple_upper: &str) -> Option<String> {
    var(&format!("CARGO_TARGET_{triple_upper}_LINKER"))
}

/// The build machine's own system path `p` (an absolute path such as
/// `/usr/lib/aarch64-linux-gnu`, `/usr/aarch64-linux-gnu`, `/var/lib/dpkg`), as xlinkdiag
/// reads it when it looks there by itself: under `XLINKDIAG_SYSTEM_ROOT` when that is set
/// (the fresh-machine test run points it at an empty dir, so that no assertion can depend on
/// what this machine has installed), else `p` itself. Paths a user, a log, a build script or
/// a toolchain's own answer gave are never re-rooted.
pub fn system_path(p: impl AsRef<std::path::Path>) -> std::path::PathBuf {
    let p = p.as_ref();
    match system_root() {
        Some(root) => root.join(p.strip_prefix("/").unwrap_or(p)),
        None => p.to_path_buf(),
    }
}

fn system_root() -> Option<std::path::PathBuf> {
    #[cfg(test)]
    if let Some(root) = TEST_SYSTEM_ROOT.with(|r| r.borrow().clone()) {
        return Some(root);
    }
    var_os("XLINKDIAG_SYSTEM_ROOT")
        .filter(|r| !r.is_empty())
        .map(std::path::PathBuf::from)
}

#[cfg(test)]
thread_local! {
    static TEST_SYSTEM_ROOT: std::cell::RefCell<Option<std::path::PathBuf>> =
        const { std::cell::RefCell::new(None) };
}

/// A system root for one unit test: a fresh temp dir holding exactly the (empty) files it
/// is given, in force on the test's own thread only while `run` runs. A unit test cannot set
/// `XLINKDIAG_SYSTEM_ROOT` without racing the tests on other threads, and libtest runs each
/// test on its own thread.
#[cfg(test)]
pub(crate) struct TestSystemRoot(std::path::PathBuf);

#[cfg(test)]
impl TestSystemRoot {
    pub fn new(tag: &str, files: &[&str]) -> TestSystemRoot {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static SEQ: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "xlinkdiag-sysroot-{tag}-{}-{}",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let root = TestSystemRoot(root);
        for f in files {
            let path = root.path(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, b"").unwrap();
        }
        root
    }

    /// Where the system path `p` is under this root.
    pub fn path(&self, p: &str) -> std::path::PathBuf {
        self.0.join(p.trim_start_matches('/'))
    }

    pub fn run<T>(&self, f: impl FnOnce() -> T) -> T {
        struct Reset(Option<std::path::PathBuf>);
        impl Drop for Reset {
            fn drop(&mut self) {
                TEST_SYSTEM_ROOT.with(|r| *r.borrow_mut() = self.0.take());
            }
        }
        let _reset = Reset(TEST_SYSTEM_ROOT.with(|r| r.replace(Some(self.0.clone()))));
        f()
    }
}

#[cfg(test)]
impl Drop for TestSystemRoot {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_root_holds_only_its_files_and_only_on_its_thread() {
        let root = TestSystemRoot::new("door", &["usr/bin/dpkg"]);
        root.run(|| {
            assert_eq!(system_path("/usr/bin/dpkg"), root.path("/usr/bin/dpkg"));
            assert!(system_path("/usr/bin/dpkg").is_file());
            assert!(!system_path("/usr/lib").exists());
            let other = std::thread::spawn(|| system_path("/usr/bin/dpkg"))
                .join()
                .unwrap();
            assert!(!other.starts_with(&root.0), "{}", other.display());
        });
        assert!(!system_path("/usr/bin/dpkg").starts_with(&root.0));
    }
}
