// Tests read the environment directly: the env door is for the tool.
#![allow(clippy::disallowed_methods)]
//! `xlinkdiag fix` on a project in a temp dir, from a report, a log and a target dir that
//! are files here (no build, no toolchain): the diff on a config with comments, the
//! refusals (a read-only config, a path outside the project), and the JSON form (issue 14).
//! What needs a toolchain (the second run that changes nothing, an OpenWrt SDK) or `chattr`
//! (an immutable dir) is in tests/e2e/fixcmd.rs.

#![cfg(unix)]

use crate::support;

use std::fs;
use std::path::Path;

use serde_json::Value;
use support::fix_project::*;
use support::text;

const DIFF: &str = "\
--- a/.cargo/config.toml
+++ b/.cargo/config.toml
@@ -9,5 +9,7 @@
 [env]
 # Ours, not xlinkdiag's.
 FOO = \"bar\"
-CC_aarch64_unknown_linux_gnu = \"gcc\"  # copied from a blog
+# xlinkdiag fix replaced: CC_aarch64_unknown_linux_gnu = \"gcc\"
+CC_aarch64_unknown_linux_gnu = \"aarch64-linux-gnu-gcc\"  # copied from a blog
 HOST_CC = \"clang\"
+AR_aarch64_unknown_linux_gnu = \"aarch64-linux-gnu-ar\"
";

/// The diff of a config with comments: only additions and the one replaced value, whose old
/// value stays in a comment; the user's own HOST_CC is kept; the global CC is not written.
#[test]
fn diff_on_a_config_with_comments() {
    let p = project(Some(CONFIG));
    let o = fix(&p.dir, &["--from", p.report.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout), DIFF, "{}", text(&o));
    assert_eq!(config_of(&p), CONFIG, "changed without --apply");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("replaces your CC_aarch64_unknown_linux_gnu = \"gcc\""),
        "{stderr}"
    );
    assert!(stderr.contains("CC=gcc is not written"), "{stderr}");
    assert!(stderr.contains("run with --apply"), "{stderr}");
}

/// A config the user made read-only is refused (root included: the mode is checked, not
/// access), and nothing changes.
#[test]
fn refuses_a_read_only_config() {
    use std::os::unix::fs::PermissionsExt;
    let p = project(Some(CONFIG));
    let path = p.dir.join(".cargo/config.toml");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let o = fix(&p.dir, &["--from", p.report.to_str().unwrap(), "--apply"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("the file is read-only"),
        "{}",
        text(&o)
    );
    assert!(
        !o.stdout.is_empty(),
        "the diff is still shown\n{}",
        text(&o)
    );
    assert_eq!(config_of(&p), CONFIG);
}

/// `--config` outside the project, or a config that is a symlink to a file outside it:
/// refused before anything is written.
#[test]
fn never_writes_outside_the_project() {
    let p = project(None);
    let from = p.report.to_str().unwrap();
    let outside = p.dir.parent().unwrap().join("outside.toml");
    let o = fix(
        &p.dir,
        &["--from", from, "--apply", "--config", "../outside.toml"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("outside the project"),
        "{}",
        text(&o)
    );
    assert!(!outside.exists());

    fs::write(&outside, "# not yours\n").unwrap();
    std::os::unix::fs::symlink(&outside, p.dir.join(".cargo/config.toml")).unwrap();
    let o = fix(&p.dir, &["--from", from, "--apply"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert_eq!(fs::read_to_string(&outside).unwrap(), "# not yours\n");

    // Not in a project at all.
    let o = fix(p.dir.parent().unwrap(), &["--from", from]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

/// The JSON contract, read back through types of its own that reject unknown fields: a
/// renamed field fails here.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Doc {
    version: u32,
    target: String,
    config: String,
    up_to_date: bool,
    applied: bool,
    settings: Vec<SettingDoc>,
    replaced: Vec<Value>,
    unset: Vec<EnvNoteDoc>,
    shadowed: Vec<EnvNoteDoc>,
    manual: Vec<ManualDoc>,
    conflicts: Vec<String>,
    rerun: Vec<Value>,
    diff: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct SettingDoc {
    table: String,
    key: Option<String>,
    value: String,
    because: Vec<String>,
    #[serde(default)]
    only_if_unset: bool,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct EnvNoteDoc {
    name: String,
    value: String,
    why: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ManualDoc {
    kind: Option<String>,
    #[serde(rename = "crate")]
    crate_name: Option<String>,
    why: String,
    help: Vec<String>,
}

/// `--format json`: the plan as data, read back as such.
#[test]
fn json_plan() {
    let p = project(None);
    let o = fix(
        &p.dir,
        &["--from", p.report.to_str().unwrap(), "--format", "json"],
    );
    let doc: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}\n{}", text(&o)));
    let typed: Doc =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}\n{}", text(&o)));
    // No linker is configured in this project: env's planning adds one when the machine has
    // a toolchain for the target.
    assert!(
        typed
            .settings
            .iter()
            .all(|s| (s.table == "env") == s.key.is_some()
                && ["env", "linker"].contains(&s.table.as_str())),
        "{}",
        text(&o)
    );
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["target"], "aarch64-unknown-linux-gnu");
    assert_eq!(doc["applied"], false);
    assert_eq!(doc["up_to_date"], false);
    let keys: Vec<&str> = doc["settings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap_or("<linker>"))
        .collect();
    assert!(keys.contains(&"CC_aarch64_unknown_linux_gnu"), "{doc}");
    assert!(!keys.contains(&"CC"), "{doc}");
    assert!(doc["diff"].as_str().unwrap().starts_with("--- /dev/null\n"));
    assert!(
        doc["manual"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["why"].as_str().unwrap().contains("CC=gcc is not written")),
        "{doc}"
    );
}

/// The shipped failed MIPS build, as a target dir to scan and as a log for annotate: both
/// give the seed's settings for the target, per-target names only.
#[test]
fn from_a_target_dir_and_from_a_log() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/mips-leaked-cc");
    let p = project(Some(
        "[target.mips-unknown-linux-musl]\nlinker = \"mips-linux-gnu-gcc\"\n",
    ));
    for from in [
        data.join("target"),
        data.join("cargo-build.log"),
        data.join("cargo-build.json"),
    ] {
        let o = fix(&p.dir, &["--from", from.to_str().unwrap()]);
        let diff = String::from_utf8_lossy(&o.stdout);
        assert!(
            diff.contains("+CC_mips_unknown_linux_musl = \"mips-linux-"),
            "{}: {}",
            from.display(),
            text(&o)
        );
        assert!(!diff.contains("+CC ="), "{}", text(&o));
    }
}
