// Tests read the environment directly: the env door is for the tool.
#![allow(clippy::disallowed_methods)]
//! Golden outputs: every format of `scan` and `annotate` on the samples shipped in the
//! repository, compared whole with `testdata/golden/`, and the README's sample report checked
//! verbatim against the real output. A change of wording shows up as a diff to review;
//! `XLINKDIAG_BLESS=1 cargo test --test integration golden::` writes the new outputs as the expected ones.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The engine's stdout for `args`, run from the repository root with relative paths, so the
/// output does not depend on where the checkout is.
fn output(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"))
        .args(args)
        .current_dir(root())
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("GITHUB_WORKSPACE")
        .env_remove("CI_PROJECT_DIR")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const CASES: &[(&str, &[&str])] = &[
    (
        "scan-mips-leaked-cc.txt",
        &["scan", "testdata/mips-leaked-cc/target", "--color", "never"],
    ),
    (
        "scan-mips-leaked-cc.json",
        &["scan", "testdata/mips-leaked-cc/target", "--format", "json"],
    ),
    (
        "annotate-leaked-cc.txt",
        &[
            "annotate",
            "testdata/mips-leaked-cc/cargo-build.log",
            "--color",
            "never",
        ],
    ),
    (
        "annotate-leaked-cc.json",
        &[
            "annotate",
            "testdata/mips-leaked-cc/cargo-build.log",
            "--format",
            "json",
        ],
    ),
    (
        "annotate-leaked-cc.github",
        &[
            "annotate",
            "testdata/mips-leaked-cc/cargo-build.log",
            "--format",
            "github",
        ],
    ),
    (
        "annotate-leaked-cc.sarif",
        &[
            "annotate",
            "testdata/mips-leaked-cc/cargo-build.log",
            "--format",
            "sarif",
        ],
    ),
    (
        "annotate-leaked-cc.gitlab",
        &[
            "annotate",
            "testdata/mips-leaked-cc/cargo-build.log",
            "--format",
            "gitlab",
        ],
    ),
    (
        "annotate-leaked-cc.md",
        &[
            "annotate",
            "testdata/mips-leaked-cc/cargo-build.log",
            "--format",
            "markdown",
        ],
    ),
    (
        "annotate-seed-link.txt",
        &[
            "annotate",
            "testdata/logs/seed-link.log",
            "--color",
            "never",
        ],
    ),
    (
        "annotate-seed-proc-macro.txt",
        &[
            "annotate",
            "testdata/logs/seed-proc-macro.log",
            "--color",
            "never",
        ],
    ),
];

#[test]
fn every_format_matches_its_golden_file() {
    let bless = std::env::var_os("XLINKDIAG_BLESS").is_some_and(|v| v == "1");
    let dir: PathBuf = root().join("testdata/golden");
    let mut differ = Vec::new();
    for (name, args) in CASES {
        let got = output(args);
        let file = dir.join(name);
        if bless {
            fs::write(&file, &got).unwrap();
            continue;
        }
        let want = fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{}: {e} (XLINKDIAG_BLESS=1 writes it)", file.display()));
        if got != want {
            let line = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| got.lines().count().min(want.lines().count()));
            differ.push(format!(
                "{name}: first difference at line {}:\n  got:  {}\n  want: {}",
                line + 1,
                got.lines().nth(line).unwrap_or("<end>"),
                want.lines().nth(line).unwrap_or("<end>")
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{}\n(review the change, then XLINKDIAG_BLESS=1 cargo test --test integration golden::)",
        differ.join("\n")
    );
}

/// The report under "What a report looks like" is the real output, verbatim.
#[test]
fn the_readme_sample_is_the_real_output() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split("## What a report looks like")
        .nth(1)
        .expect("the README's sample section");
    let block = section
        .split("```")
        .nth(1)
        .expect("the sample's code block")
        .trim_start_matches('\n');
    let real = output(&["scan", "testdata/mips-leaked-cc/target", "--color", "never"]);
    assert!(
        real.contains(block),
        "the README's sample is not in the real output:\n{block}\n--- real ---\n{real}"
    );
}

/// A report that cannot be written (stdout a full device) is an error that says so, not a
/// silent exit 2.
#[test]
fn an_unwritable_report_says_why() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        eprintln!("skipping an_unwritable_report_says_why: no /dev/full here");
        return;
    }
    for args in [
        &["scan", "testdata/mips-leaked-cc/target"][..],
        &["annotate", "testdata/logs/seed-link.log"][..],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"))
            .args(args)
            .current_dir(root())
            .stdout(fs::OpenOptions::new().write(true).open(full).unwrap())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("xlinkdiag: error: cannot write the report to stdout"),
            "{args:?}: {err}"
        );
    }
}
