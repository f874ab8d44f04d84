//! Every settings line a report prints is a line a POSIX shell runs as it is, and does what
//! the report's JSON says the fix is: each `env` setting set, each `unset` name gone, also
//! for a hyphenated per-target name no shell can `export` or `unset` (issue 20, item 3).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use crate::support::TempDir;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn xlinkdiag(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xlinkdiag"))
        .args(args)
        .current_dir(cwd)
        .env_remove("CI")
        .env_remove("GITHUB_ACTIONS")
        .stdin(Stdio::null())
        .output()
        .expect("run xlinkdiag")
}

/// The shell lines of each cause block in a human report, in order: the lines indented under
/// `= help: in the shell that runs cargo:`.
fn blocks(text: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if line.ends_with("= help: in the shell that runs cargo:") {
            out.push(Vec::new());
            inside = true;
        } else if inside && let Some(cmd) = line.strip_prefix("           ") {
            out.last_mut().unwrap().push(cmd.to_string());
        } else {
            inside = false;
        }
    }
    out
}

/// Checks the lines with `sh -n`, then runs them in bash with every name they must unset set beforehand, and a `cargo` on
/// PATH that writes its environment; returns the environment the build would see.
fn run_lines(lines: &[String], unset: &[String], tmp: &TempDir) -> BTreeMap<String, String> {
    let bin = tmp.mkdir("bin");
    let dump = tmp.path("cargo-env");
    let _ = fs::remove_file(&dump);
    let cargo = bin.join("cargo");
    // bash, not sh: dash drops a variable whose name is no shell name from the environment
    // it passes on, and the build would never see what a hyphenated setting does.
    fs::write(
        &cargo,
        format!("#!/bin/bash\nenv -0 > '{}'\n", dump.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&cargo, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let script = lines.join("\n");
    let check = Command::new("sh")
        .args(["-n", "-c", &script])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "sh -n refuses:\n{script}\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // Without an `env … cargo build` line, the shell's own environment is what cargo gets.
    let full = if lines.iter().any(|l| l.starts_with("env ")) {
        script
    } else {
        format!("{script}\ncargo build")
    };
    // bash, where `unset` of a hyphenated name silently does nothing and such names pass
    // through to cargo: the case the lines must handle.
    let mut sh = Command::new("bash");
    sh.args(["-c", &full])
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()));
    for name in unset {
        sh.env(name, "left-over");
    }
    let out = sh.output().unwrap();
    assert!(
        out.status.success(),
        "sh fails on:\n{full}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let env = fs::read(&dump).expect("the line ran cargo");
    env.split(|b| *b == 0)
        .filter_map(|kv| {
            let kv = String::from_utf8_lossy(kv);
            kv.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
        })
        .collect()
}

/// Each cause's printed lines give the environment its JSON fix describes.
fn check_report(args: &[&str], cwd: &Path, tmp: &TempDir) -> usize {
    let human = xlinkdiag(&[args, &["--color", "never"]].concat(), cwd);
    let text = String::from_utf8(human.stdout).unwrap();
    let json = xlinkdiag(&[args, &["--format", "json"]].concat(), cwd);
    let doc: Value = serde_json::from_slice(&json.stdout).expect("a JSON report");
    let causes: Vec<&Value> = doc["causes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            c["env"].as_object().is_some_and(|e| !e.is_empty())
                || c["unset"].as_array().is_some_and(|u| !u.is_empty())
        })
        .collect();
    let blocks = blocks(&text);
    assert_eq!(
        blocks.len(),
        causes.len(),
        "one block per cause with a fix:\n{text}"
    );
    for (lines, cause) in blocks.iter().zip(causes) {
        let unset: Vec<String> = cause["unset"]
            .as_array()
            .map(|u| {
                u.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let env = run_lines(lines, &unset, tmp);
        for (k, v) in cause["env"].as_object().unwrap() {
            assert_eq!(
                env.get(k).map(String::as_str),
                v.as_str(),
                "{k} after:\n{}",
                lines.join("\n")
            );
        }
        for name in &unset {
            if cause["env"].get(name).is_none() {
                assert!(
                    !env.contains_key(name),
                    "{name} still set after:\n{}",
                    lines.join("\n")
                );
            }
        }
    }
    blocks.len()
}

#[test]
fn printed_settings_run_in_sh_and_do_what_the_json_says() {
    let tmp = TempDir::new("shell-lines");
    let root = root();
    let mut checked = 0;
    checked += check_report(&["scan", "testdata/mips-leaked-cc/target"], &root, &tmp);
    for log in [
        "testdata/mips-leaked-cc/cargo-build.log",
        "testdata/logs/missing-atomics.log",
        "testdata/logs/seed-link.log",
    ] {
        checked += check_report(&["annotate", log], &root, &tmp);
    }
    assert!(checked >= 4, "{checked} blocks checked");
}

/// A fix that must take a hyphenated name away (cc-rs reads `CC_<triple>` before
/// `CC_<triple_>`) and set names with spaces: `env -u`, quoting.
#[test]
fn names_no_shell_can_unset_go_through_env() {
    let tmp = TempDir::new("shell-lines-hyphen");
    let t = "aarch64-unknown-linux-gnu";
    let report = serde_json::json!({"version": 1, "target": t,
        "findings": [{"kind": "wrong-architecture", "severity": "error",
            "path": format!("/t/target/{t}/debug/deps/liba_sys-0123456789abcdef.rlib"),
            "found": {"format": "elf", "arch": "x86_64"},
            "expected": {"arch": "aarch64", "format": "elf", "from": "x"},
            "crate": "a_sys",
            "env": {"CC_aarch64_unknown_linux_gnu": "aarch64-linux-gnu-gcc",
                    "CFLAGS_aarch64_unknown_linux_gnu": "-O2 -g 'x'",
                    "CXX_aarch64-unknown-linux-gnu": "aarch64-linux-gnu-g++"},
            "unset": ["CC_aarch64-unknown-linux-gnu", "CC"],
            "provenance": {"compiler": "gcc", "compiler_from": "CC_aarch64-unknown-linux-gnu"},
            "message": "m"}]});
    // As the shim writes it into a CI log.
    let file = tmp.path("build.log");
    fs::write(
        &file,
        format!(
            "xlinkdiag: data: {}\n",
            serde_json::to_string(&report).unwrap()
        ),
    )
    .unwrap();
    let n = check_report(
        &["annotate", &file.to_string_lossy()],
        tmp.0.as_path(),
        &tmp,
    );
    assert_eq!(n, 1);
}
