// Tests read the environment directly: the env door is for the tool.
#![allow(clippy::disallowed_methods)]
//! `xlinkdiag fix` on a project in a temp dir, from a report, a log and a target dir that
//! are files here (no build): the diff on a config with comments, the second run that
//! changes nothing, the refusals (a read-only config, an immutable dir, a path outside the
//! project), and the JSON form (issue 14).

#![cfg(unix)]

use crate::support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use support::*;

const CONFIG: &str = "\
# Cross builds for the board.
[build]
target = \"aarch64-unknown-linux-gnu\"   # the board

[target.aarch64-unknown-linux-gnu]
# Debian's cross gcc
linker = \"aarch64-linux-gnu-gcc\"

[env]
# Ours, not xlinkdiag's.
FOO = \"bar\"
CC_aarch64_unknown_linux_gnu = \"gcc\"  # copied from a blog
HOST_CC = \"clang\"
";

/// What the shim writes for a leaked CC, cut to the fields `fix` reads.
fn report() -> Value {
    serde_json::json!({
        "version": 1,
        "target": "aarch64-unknown-linux-gnu",
        "findings": [{
            "kind": "wrong-architecture", "severity": "error",
            "path": "/build/target/aarch64-unknown-linux-gnu/debug/deps/libtinyz_sys-0123456789abcdef.rlib",
            "member": "tinyz.o",
            "found": {"format": "elf", "arch": "x86_64", "machine": 62, "bits": 64, "endian": "little"},
            "expected": {"arch": "aarch64", "format": "elf", "bits": 64, "endian": "little", "from": "x"},
            "crate": "tinyz_sys", "package": "tinyz-sys",
            "env": {
                "CC_aarch64_unknown_linux_gnu": "aarch64-linux-gnu-gcc",
                "AR_aarch64_unknown_linux_gnu": "aarch64-linux-gnu-ar",
                "HOST_CC": "gcc",
                "CC": "gcc"
            },
            "message": "crate `tinyz_sys` holds x86_64 objects",
            "provenance": {"build_system": "cc-rs", "compiler": "gcc", "compiler_from": "CC"},
            "help": ["set …"]
        }]
    })
}

struct Proj {
    _tmp: TempDir,
    dir: PathBuf,
    report: PathBuf,
}

fn project(config: Option<&str>) -> Proj {
    let tmp = TempDir::new("fixcmd");
    let dir = tmp.path("proj");
    fs::create_dir_all(dir.join(".cargo")).unwrap();
    fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"p\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    if let Some(c) = config {
        fs::write(dir.join(".cargo/config.toml"), c).unwrap();
    }
    let report = tmp.path("report.json");
    fs::write(&report, report_text()).unwrap();
    Proj {
        _tmp: tmp,
        dir,
        report,
    }
}

fn report_text() -> String {
    serde_json::to_string_pretty(&report()).unwrap()
}

fn fix(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"));
    for (name, _) in std::env::vars_os() {
        if let Some(name) = name.to_str()
            && (is_leaky_var(name) || name.starts_with("OPENSSL") || name.contains("_OPENSSL_"))
        {
            cmd.env_remove(name);
        }
    }
    cmd.arg("fix").args(args).current_dir(dir);
    cmd.output().expect("run xlinkdiag fix")
}

fn config_of(p: &Proj) -> String {
    fs::read_to_string(p.dir.join(".cargo/config.toml")).unwrap()
}

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

/// `--apply` writes exactly what the diff showed; a second run is a no-op and says so.
#[test]
fn apply_is_idempotent() {
    if !require("apply_is_idempotent", "aarch64-linux-gnu-gcc") {
        return;
    }
    let report = report_text().replace(",\n        \"CC\": \"gcc\"", "");
    let p = project(Some(CONFIG));
    fs::write(&p.report, report).unwrap();
    let from = p.report.to_str().unwrap();
    let shown = fix(&p.dir, &["--from", from]);
    let first = fix(&p.dir, &["--from", from, "--apply"]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    assert_eq!(first.stdout, shown.stdout, "--apply shows what it writes");
    let written = config_of(&p);
    assert!(written.contains("AR_aarch64_unknown_linux_gnu = \"aarch64-linux-gnu-ar\""));
    let second = fix(&p.dir, &["--from", from, "--apply"]);
    assert_eq!(second.status.code(), Some(0), "{}", text(&second));
    assert!(second.stdout.is_empty(), "{}", text(&second));
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("nothing to change"),
        "{}",
        text(&second)
    );
    assert_eq!(config_of(&p), written);
    // No temp file is left next to the config.
    let names: Vec<String> = fs::read_dir(p.dir.join(".cargo"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["config.toml"]);
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

/// A dir where no file can be made (immutable: root too is refused), so the temp file
/// cannot be created next to the config: an error, and the config as it was.
#[test]
fn refuses_when_the_config_dir_is_not_writable() {
    let t = "refuses_when_the_config_dir_is_not_writable";
    let p = project(Some(CONFIG));
    let dot_cargo = p.dir.join(".cargo");
    // SAFETY: geteuid has no preconditions and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    let locked = if root {
        Command::new("chattr")
            .arg("+i")
            .arg(&dot_cargo)
            .status()
            .is_ok_and(|s| s.success())
    } else {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&dot_cargo, fs::Permissions::from_mode(0o555)).is_ok()
    };
    if !locked {
        // chattr needs a file system with attributes (ext4, xfs…); tmpfs has none.
        eprintln!(
            "skipping {t}: cannot make {} immutable",
            dot_cargo.display()
        );
        return;
    }
    let o = fix(&p.dir, &["--from", p.report.to_str().unwrap(), "--apply"]);
    if root {
        let _ = Command::new("chattr").arg("-i").arg(&dot_cargo).status();
    } else {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(&dot_cargo, fs::Permissions::from_mode(0o755));
    }
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("nothing was changed"),
        "{}",
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

/// An OpenWrt SDK's toolchain as the configured linker: the settings name its own tools,
/// and env's planning adds the SDK's `STAGING_DIR`, which OpenWrt's gcc wants.
#[test]
fn openwrt_sdk_toolchain() {
    let t = "openwrt_sdk_toolchain";
    if !require(t, "mips-linux-gnu-gcc") {
        return;
    }
    let tmp = TempDir::new("fixcmd-openwrt");
    let tc = openwrt_sdk(&tmp.path("sdk"), "mips_24kc");
    let gcc = tc.join("bin/mips-openwrt-linux-musl-gcc");
    let p = project(Some(&format!(
        "[target.mips-unknown-linux-musl]\nlinker = \"{}\"\n",
        gcc.display()
    )));
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/mips-leaked-cc/target");
    let o = fix(&p.dir, &["--from", data.to_str().unwrap()]);
    let diff = String::from_utf8_lossy(&o.stdout);
    let bin = tc.join("bin");
    for line in [
        format!(
            "+CC_mips_unknown_linux_musl = \"{}/mips-openwrt-linux-musl-gcc\"",
            bin.display()
        ),
        format!(
            "+AR_mips_unknown_linux_musl = \"{}/mips-openwrt-linux-musl-ar\"",
            bin.display()
        ),
        format!(
            "+STAGING_DIR = \"{}\"",
            tmp.path("sdk/staging_dir").display()
        ),
    ] {
        assert!(diff.lines().any(|l| l == line), "no {line:?}\n{}", text(&o));
    }
    assert!(
        !diff.contains("CFLAGS"),
        "OpenWrt's gcc is soft-float already\n{}",
        text(&o)
    );
}
