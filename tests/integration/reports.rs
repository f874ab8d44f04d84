// Tests and the test double read the environment directly: the env door is for the tool.
#![allow(clippy::disallowed_methods)]
//! The shim's JSON reports (issue 11, item 4): written whole or not at all when links fail
//! at once, never through a symlink, and announced only once written.
#![cfg(unix)]

use crate::support;

use std::fs;
use std::path::Path;
use std::process::Child;

use serde_json::Value;
use support::failed_link::{failed_link, rlib, said, seed};
use support::{MIPS, TempDir};

/// Concurrent pairs of failed links writing the same reports.
const PAIRS: usize = 200;

fn parses(path: &Path) -> Value {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "{} is not JSON ({e}):\n{}",
            path.display(),
            String::from_utf8_lossy(&bytes)
        )
    })
}

#[test]
fn concurrent_failed_links_never_leave_a_torn_report() {
    let s = seed("report-race");
    let report = s.target.parent().unwrap().join("report.json");
    let last = s.target.join("xlinkdiag/last-link.json");
    // Reports of different lengths: a short one written over a long one would leave the
    // long one's tail behind.
    let short = vec![rlib(&s.target, "libminiz_sys-91d993c679b7024d.rlib")];
    let long = vec![
        rlib(&s.target, "libzstd_sys-dd3214150432d2b8.rlib"),
        rlib(&s.target, "libminiz_sys-91d993c679b7024d.rlib"),
        rlib(&s.target, "libcmlib_sys-ef5af32ebf95d4c7.rlib"),
    ];
    let mut sizes = std::collections::BTreeSet::new();
    for _ in 0..PAIRS {
        let children: Vec<Child> = [&short, &long]
            .iter()
            .map(|inputs| failed_link(inputs, Some(&report)).spawn().unwrap())
            .collect();
        for c in children {
            let out = c.wait_with_output().unwrap();
            assert_eq!(out.status.code(), Some(1), "{}", said(&out));
        }
        for file in [&report, &last] {
            let doc = parses(file);
            sizes.insert(doc["findings"].as_array().unwrap().len());
        }
    }
    // Both reports won some of the races, so both lengths were really written over each other.
    assert!(sizes.len() >= 2, "only {sizes:?} findings seen");
    // No temp file is left next to either report.
    for dir in [report.parent().unwrap(), last.parent().unwrap()] {
        let stray: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(stray.is_empty(), "{stray:?}");
    }
}

#[test]
fn symlinked_reports_are_replaced_not_followed() {
    let s = seed("report-symlink");
    let root = s.target.parent().unwrap().to_path_buf();
    let victim = root.join("victim");
    let victim2 = root.join("victim2");
    fs::write(&victim, "someone's file").unwrap();
    fs::write(&victim2, "someone else's file").unwrap();
    let report = root.join("report.json");
    std::os::unix::fs::symlink(&victim, &report).unwrap();
    fs::create_dir_all(s.target.join("xlinkdiag")).unwrap();
    let last = s.target.join("xlinkdiag/last-link.json");
    std::os::unix::fs::symlink(&victim2, &last).unwrap();

    let inputs = [rlib(&s.target, "libminiz_sys-91d993c679b7024d.rlib")];
    let out = failed_link(&inputs, Some(&report)).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "someone's file");
    assert_eq!(fs::read_to_string(&victim2).unwrap(), "someone else's file");
    assert!(!fs::symlink_metadata(&report).unwrap().is_symlink());
    // `last-link.json` is the shim's own link to this link's report under `links/`, put in
    // place of the planted one, never the planted one followed.
    let own = fs::read_link(&last).unwrap();
    assert!(
        own.starts_with("links") && own.is_relative(),
        "{}",
        own.display()
    );
    assert!(s.target.join("xlinkdiag").join(&own).is_file());
    for file in [&report, &last] {
        assert!(!parses(file)["findings"].as_array().unwrap().is_empty());
    }
    assert!(
        said(&out).contains(&format!("the JSON report is in {}", last.display())),
        "{}",
        said(&out)
    );
}

#[test]
fn an_unwritable_report_is_said_not_claimed() {
    let s = seed("report-unwritable");
    // Root writes into any directory whatever its mode; a file where the report's directory
    // must go stops root too.
    fs::write(s.target.join("xlinkdiag"), "in the way").unwrap();
    let root = s.target.parent().unwrap();
    let report = root.join("report.json");
    fs::create_dir_all(&report).unwrap();
    let inputs = [rlib(&s.target, "libminiz_sys-91d993c679b7024d.rlib")];
    let out = failed_link(&inputs, Some(&report)).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let text = said(&out);
    assert!(!text.contains("the JSON report is in"), "{text}");
    let last = s.target.join("xlinkdiag/last-link.json");
    for file in [&report, &last] {
        let line = format!(
            "xlinkdiag: could not write the JSON report to {}: ",
            file.display()
        );
        assert_eq!(text.matches(&line).count(), 1, "{line}\n{text}");
    }
    // The diagnosis itself is still there.
    assert!(text.contains("miniz_sys"), "{text}");
}

/// Issue 19: a native link names the sysroot's rlibs, which sit under a `<triple>/` dir of
/// the toolchain (`…/lib/rustlib/x86_64-unknown-linux-gnu/lib/libstd-….rlib`). That is no
/// target dir: a failed native link writes no report there (nor under rustup's home).
#[test]
fn a_native_link_writes_nothing_into_the_toolchain() {
    let dir = TempDir::new("native-report");
    let real = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/mips-leaked-cc/target")
        .join(MIPS)
        .join("debug/deps/libminiz_sys-91d993c679b7024d.rlib");
    let rustlib = dir.path("toolchain/lib/rustlib");
    let std_dir = rustlib.join("x86_64-unknown-linux-gnu/lib");
    fs::create_dir_all(&std_dir).unwrap();
    let std_rlib = std_dir.join("libstd-0123456789abcdef.rlib");
    fs::copy(&real, &std_rlib).unwrap();
    let deps = dir.mkdir("project/target/debug/deps");
    let app = deps.join("app-0123456789abcdef.o");
    fs::write(&app, b"").unwrap();
    let out = failed_link(&[app, std_rlib], None)
        .env("RUSTUP_HOME", dir.path("rustup"))
        .current_dir(dir.path("project"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(
        !rustlib.join("xlinkdiag").exists(),
        "a report was kept in the toolchain: {}",
        said(&out)
    );
    assert!(!said(&out).contains("report is in"), "{}", said(&out));
}
