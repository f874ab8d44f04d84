//! How an end-to-end test that cannot run here says so: a line on stderr for each thing it
//! lacks as it skips, and once the run is over one line summing up, e.g.
//! `3 end-to-end tests skipped: no cargo +nightly, no mips-linux-gnu-gcc; run
//! scripts/install-test-deps.sh to run them`. Under `CI=true` a missing tool fails the test
//! instead: CI must not skip.
//!
//! Only the e2e binary includes this file: a unit or integration test has no way to skip,
//! so it cannot depend on what the machine has installed.
#![allow(dead_code, clippy::disallowed_methods)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::sync::{Mutex, Once, PoisonError};

use crate::support::A64;

/// Is `tool` usable here? If not: print `skipping <test>: <tool> not found` and return
/// false, or panic when `CI=true`.
pub fn require(test: &str, tool: &str) -> bool {
    let found = match tool {
        "cargo +nightly" => runs("cargo", &["+nightly", "--version"]),
        "/usr/bin/cargo with arm64 std" => debian_arm64_std(),
        "mold" => runs("mold", &["--version"]) && Path::new("/usr/libexec/mold/ld").exists(),
        // No flag of chattr's exits 0 without a file to work on.
        "chattr" => on_path("chattr"),
        other => runs(other, &["--version"]),
    };
    require_that(test, tool, found)
}

pub fn require_all(test: &str, tools: &[&str]) -> bool {
    // Check every tool (no short circuit), so a skip names all that are missing.
    tools.iter().filter(|t| !require(test, t)).count() == 0
}

/// `found`, or else the test skips for want of `what` (a package, a file), said as
/// `<what> not found`; under `CI=true` it fails instead.
pub fn require_that(test: &str, what: &str, found: bool) -> bool {
    if found {
        return true;
    }
    if xlinkdiag::env::var("CI").is_some_and(|v| v == "true") {
        panic!("{test}: {what} not found, and CI=true: CI must not skip end-to-end tests");
    }
    skip(test, what, &format!("{what} not found"));
    false
}

/// Records that `test` skips for want of `what` (named in the summary as `no <what>`) and
/// says `why` on stderr; for what CI may lack too (a file system without attributes).
pub fn skip(test: &str, what: &str, why: &str) {
    // Straight to the process's stderr: libtest captures eprintln! of a passing test, and
    // a skip must be visible.
    let _ = writeln!(std::io::stderr(), "skipping {test}: {why}");
    // libtest names each test's thread after the test: one test asking for several tools,
    // or under several labels, counts once.
    let name = std::thread::current()
        .name()
        .filter(|n| *n != "main")
        .map_or_else(|| test.to_string(), str::to_string);
    SKIPPED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(name)
        .or_default()
        .insert(what.to_string());
    static AT_EXIT: Once = Once::new();
    AT_EXIT.call_once(|| {
        // libtest prints its own summary, then returns from main or calls process::exit:
        // both run the C library's exit handlers, so this line comes after it.
        // SAFETY: atexit only stores the pointer; `print_summary` never unwinds (a panic in
        // an extern "C" fn aborts) and uses no thread-local state.
        unsafe {
            libc::atexit(print_summary);
        }
    });
}

/// Skipped tests, by libtest's name, and what each lacked.
static SKIPPED: Mutex<BTreeMap<String, BTreeSet<String>>> = Mutex::new(BTreeMap::new());

extern "C" fn print_summary() {
    // A test thread still holding the lock at exit (a hung test libtest gave up on) must
    // not hang the exit.
    let Ok(skipped) = SKIPPED.try_lock() else {
        return;
    };
    if let Some(line) = summary(&skipped) {
        let _ = writeln!(std::io::stderr(), "{line}");
    }
}

/// `N end-to-end tests skipped: no A, no B; run scripts/install-test-deps.sh to run them`,
/// or nothing when none skipped.
pub fn summary(skipped: &BTreeMap<String, BTreeSet<String>>) -> Option<String> {
    if skipped.is_empty() {
        return None;
    }
    let lacking: BTreeSet<&str> = skipped.values().flatten().map(String::as_str).collect();
    let lacking: Vec<String> = lacking.iter().map(|w| format!("no {w}")).collect();
    Some(format!(
        "{} end-to-end test{} skipped: {}; run scripts/install-test-deps.sh to run them",
        skipped.len(),
        if skipped.len() == 1 { "" } else { "s" },
        lacking.join(", ")
    ))
}

pub fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// An executable file named `tool` in a `PATH` dir.
pub fn on_path(tool: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|d| {
            std::fs::metadata(d.join(tool))
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
    })
}

/// Debian's rustc-web with the aarch64 std installed next to it.
pub fn debian_arm64_std() -> bool {
    if !runs("/usr/bin/cargo", &["--version"]) {
        return false;
    }
    let Ok(out) = Command::new("/usr/bin/rustc")
        .args(["--print", "sysroot"])
        .output()
    else {
        return false;
    };
    let sysroot = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let lib = Path::new(&sysroot)
        .join("lib/rustlib")
        .join(A64)
        .join("lib");
    std::fs::read_dir(lib).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("libstd-"))
    })
}
