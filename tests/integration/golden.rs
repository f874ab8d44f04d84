// Tests read the environment directly: the env door is for the tool.
#![allow(clippy::disallowed_methods)]
//! Golden outputs: every command (every format of `scan` and `annotate`, `doctor`, `env`,
//! `fix`, `explain`, the help) on inputs shipped in the repository, run hermetically (no
//! inherited variable, an empty PATH and system root), its exit status, stdout and stderr
//! compared whole with `testdata/golden/`; and the README's sample report checked verbatim
//! against the real output. A change of wording shows up as a diff to review;
//! `XLINKDIAG_BLESS=1 cargo test --test integration golden::` writes the new outputs as the expected ones.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support;

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

/// Where a command runs: the repository root (paths given relative to it), or an empty
/// cargo project in a temp dir (what `doctor` and `fix` look at).
#[derive(Clone, Copy)]
enum At {
    Repo,
    Project,
}

/// A log every `fix` case reads: the seed's, from the repository.
const SEED_LOG: &str = "<repo>/testdata/mips-leaked-cc/cargo-build.log";

const CASES: &[(&str, At, &[&str])] = &[
    (
        "scan-mips-leaked-cc.txt",
        At::Repo,
        &["scan", "testdata/mips-leaked-cc/target", "--color", "never"],
    ),
    (
        "scan-mips-leaked-cc.json",
        At::Repo,
        &["scan", "testdata/mips-leaked-cc/target", "--format", "json"],
    ),
    (
        "annotate-leaked-cc.txt",
        At::Repo,
        &[
            "annotate",
            "testdata/mips-leaked-cc/cargo-build.log",
            "--color",
            "never",
        ],
    ),
    (
        "annotate-leaked-cc.json",
        At::Repo,
        &[
            "annotate",
            "testdata/mips-leaked-cc/cargo-build.log",
            "--format",
            "json",
        ],
    ),
    (
        "annotate-leaked-cc.github",
        At::Repo,
        &[
            "annotate",
            "testdata/mips-leaked-cc/cargo-build.log",
            "--format",
            "github",
        ],
    ),
    (
        "annotate-leaked-cc.sarif",
        At::Repo,
        &[
            "annotate",
            "testdata/mips-leaked-cc/cargo-build.log",
            "--format",
            "sarif",
        ],
    ),
    (
        "annotate-leaked-cc.gitlab",
        At::Repo,
        &[
            "annotate",
            "testdata/mips-leaked-cc/cargo-build.log",
            "--format",
            "gitlab",
        ],
    ),
    (
        "annotate-leaked-cc.md",
        At::Repo,
        &[
            "annotate",
            "testdata/mips-leaked-cc/cargo-build.log",
            "--format",
            "markdown",
        ],
    ),
    (
        "annotate-seed-link.txt",
        At::Repo,
        &[
            "annotate",
            "testdata/logs/seed-link.log",
            "--color",
            "never",
        ],
    ),
    (
        "annotate-seed-proc-macro.txt",
        At::Repo,
        &[
            "annotate",
            "testdata/logs/seed-proc-macro.log",
            "--color",
            "never",
        ],
    ),
    (
        "annotate-missing-file.txt",
        At::Repo,
        &["annotate", "testdata/logs/no-such.log"],
    ),
    (
        "doctor-aarch64-no-tools.txt",
        At::Project,
        &[
            "doctor",
            "--target",
            "aarch64-unknown-linux-gnu",
            "--color",
            "never",
        ],
    ),
    (
        "doctor-aarch64-no-tools.json",
        At::Project,
        &[
            "doctor",
            "--target",
            "aarch64-unknown-linux-gnu",
            "--format",
            "json",
        ],
    ),
    (
        "doctor-unknown-target.txt",
        At::Project,
        &["doctor", "--target", "sparc-unknown-nowhere"],
    ),
    (
        "env-aarch64-no-tools.txt",
        At::Project,
        &["env", "--target", "aarch64-unknown-linux-gnu"],
    ),
    (
        "env-toolchain-not-a-dir.txt",
        At::Project,
        &["env", "--toolchain", "<repo>/testdata/README.md"],
    ),
    (
        "fix-seed-log.txt",
        At::Project,
        &["fix", "--from", SEED_LOG],
    ),
    (
        "fix-seed-log.json",
        At::Project,
        &["fix", "--from", SEED_LOG, "--format", "json"],
    ),
    ("fix-nothing-given.txt", At::Project, &["fix"]),
    (
        "explain-global-variable.txt",
        At::Repo,
        &["explain", "global-variable"],
    ),
    (
        "explain-pic-mismatch.txt",
        At::Repo,
        &["explain", "pic-mismatch"],
    ),
    ("help.txt", At::Repo, &["--help"]),
    ("help-scan.txt", At::Repo, &["scan", "--help"]),
    ("help-annotate.txt", At::Repo, &["annotate", "--help"]),
    ("help-doctor.txt", At::Repo, &["doctor", "--help"]),
    ("help-env.txt", At::Repo, &["env", "--help"]),
    ("help-fix.txt", At::Repo, &["fix", "--help"]),
    ("help-shim.txt", At::Repo, &["shim", "--help"]),
    ("no-command.txt", At::Repo, &["frobnicate", "--now"]),
];

/// A command's whole outcome, as its golden file holds it: the exit status, stdout, stderr,
/// with the repository and temp paths written as `<repo>` and `<project>`.
fn outcome(at: At, args: &[&str]) -> String {
    let repo = root().to_string_lossy().into_owned();
    let project = support::TempDir::new("golden-project");
    fs::write(
        project.path("Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    )
    .unwrap();
    fs::create_dir_all(project.path("src")).unwrap();
    fs::write(project.path("src/main.rs"), "fn main() {}\n").unwrap();
    // Nothing of this machine: no program on PATH, no cargo home, empty system dirs.
    let nothing = support::TempDir::new("golden-nothing");
    let bin = nothing.mkdir("bin");
    let home = nothing.mkdir("home");
    let system = nothing.mkdir("root");
    let args: Vec<String> = args.iter().map(|a| a.replace("<repo>", &repo)).collect();
    let out = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"))
        .args(&args)
        .current_dir(match at {
            At::Repo => root(),
            At::Project => &project.0,
        })
        .env_clear()
        .env("PATH", &bin)
        .env("HOME", &home)
        .env("XLINKDIAG_SYSTEM_ROOT", &system)
        .output()
        .unwrap();
    let mut text = format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status
            .code()
            .map_or_else(|| "signal".to_string(), |c| c.to_string()),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The temp dirs' names hold this process's id; the longest path goes first.
    for (path, name) in [
        (nothing.0.to_string_lossy().into_owned(), "<nothing>"),
        (project.0.to_string_lossy().into_owned(), "<project>"),
        (repo, "<repo>"),
    ] {
        text = text.replace(&path, name);
    }
    text
}

/// Every command's outcome on inputs shipped here, on a machine with nothing installed,
/// matches its golden file: stdout, stderr and the exit status.
#[test]
fn every_command_matches_its_golden_file() {
    let bless = std::env::var_os("XLINKDIAG_BLESS").is_some_and(|v| v == "1");
    let dir: PathBuf = root().join("testdata/golden");
    let mut differ = Vec::new();
    for (name, at, args) in CASES {
        let got = outcome(*at, args);
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

/// Every golden file is some case's: a case renamed or dropped leaves no stale file behind.
#[test]
fn every_golden_file_has_its_case() {
    let dir = root().join("testdata/golden");
    let stale: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !CASES.iter().any(|(c, _, _)| c == n))
        .collect();
    assert!(stale.is_empty(), "golden files of no case: {stale:?}");
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
