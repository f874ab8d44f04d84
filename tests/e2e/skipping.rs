//! The skip plumbing itself (tests/support/skips.rs), on this very binary: two of its tests
//! run again in a child whose `PATH` holds nothing, so every tool they ask for is missing
//! whatever this machine has. Needs no toolchain.

use std::fs;
use std::process::{Command, Stdio};

use crate::support::TempDir;

#[test]
fn a_skipping_run_says_each_missing_tool_and_ends_with_one_summary_line() {
    let tmp = TempDir::new("skipping");
    let empty = tmp.mkdir("empty-path");
    let log = tmp.path("log");
    let out = fs::File::create(&log).unwrap();
    // One file for both streams keeps libtest's lines and ours in the order written.
    let status = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "builds::mips_leaked_cc_gnu_ld",
            "envgen::wrong_toolchain_for_the_target_is_refused",
            "--test-threads=2",
        ])
        .env("PATH", &empty)
        .env_remove("CI")
        .current_dir(&empty)
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .status()
        .unwrap();
    let text = fs::read_to_string(&log).unwrap();
    assert!(status.success(), "{text}");
    assert!(text.contains("test result: ok. 2 passed"), "{text}");

    // One line per missing tool, as each test asks.
    let mut said: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("skipping "))
        .collect();
    said.sort_unstable();
    assert_eq!(
        said,
        [
            "skipping mips_leaked_cc_gnu_ld: cargo +nightly not found",
            "skipping mips_leaked_cc_gnu_ld: cmake not found",
            "skipping mips_leaked_cc_gnu_ld: gcc not found",
            "skipping mips_leaked_cc_gnu_ld: mips-linux-gnu-gcc not found",
            "skipping wrong_toolchain_for_the_target_is_refused: mips-linux-gnu-gcc not found",
        ],
        "{text}"
    );
    // Counted per test, not per tool; the last line of the run, after libtest's own.
    let summary = "2 end-to-end tests skipped: no cargo +nightly, no cmake, no gcc, \
                   no mips-linux-gnu-gcc; run scripts/install-test-deps.sh to run them";
    assert_eq!(
        text.lines().filter(|l| l.contains("skipped:")).count(),
        1,
        "{text}"
    );
    assert_eq!(
        text.lines().rev().find(|l| !l.is_empty()),
        Some(summary),
        "{text}"
    );
}

/// A run where nothing skips prints no summary.
#[test]
fn a_run_without_skips_prints_no_summary() {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "skipping::the_summary_counts_tests_not_tools"])
        .env_remove("CI")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("test result: ok. 1 passed"), "{text}");
    assert!(!text.contains("skipped:"), "{text}");
}

#[test]
fn the_summary_counts_tests_not_tools() {
    use std::collections::{BTreeMap, BTreeSet};
    let set = |w: &[&str]| -> BTreeSet<String> { w.iter().map(|s| s.to_string()).collect() };
    let mut skipped = BTreeMap::new();
    assert_eq!(crate::skips::summary(&skipped), None);
    skipped.insert("shim::a".to_string(), set(&["mold", "ld.lld"]));
    assert_eq!(
        crate::skips::summary(&skipped).unwrap(),
        "1 end-to-end test skipped: no ld.lld, no mold; run scripts/install-test-deps.sh to run them"
    );
    skipped.insert("shim::b".to_string(), set(&["mold"]));
    assert!(
        crate::skips::summary(&skipped)
            .unwrap()
            .starts_with("2 end-to-end tests skipped: no ld.lld, no mold;")
    );
}
