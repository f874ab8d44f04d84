// Tests read the environment directly: the env door is for the tool.
#![allow(clippy::disallowed_methods)]
//! `xlinkdiag fix` end to end on real cross builds (issue 14): each build fails, `xlinkdiag
//! fix --apply` writes the project's `.cargo/config.toml`, and the very same `cargo build`,
//! in the very same environment (the leaked `CC=gcc` or `OPENSSL_*` still set, as in the
//! README's `cargo build … || xlinkdiag fix --apply && cargo build …`), then links, and
//! `xlinkdiag scan` of the target dir is clean.
//!
//! One case per source of findings: a fresh scan (MIPS and the aarch64 -sys crates), a CI
//! log through annotate (the wrong linker), the shim's last report (openssl-sys). A missing
//! toolchain skips with a line on stderr, and fails under `CI=true` (tests/support).

use crate::skips::{require, require_all, require_that, skip};
use crate::support;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use support::fix_project::{CONFIG, config_of, fix, project, report_text};
use support::*;

const A64_LINKER_VAR: &str = "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER";

/// `xlinkdiag fix ARGS` in the project dir, in the build's environment (`env` on top of a
/// clean one, as `cargo_build` does).
fn xfix(p: &Project, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"));
    for (name, _) in std::env::vars_os() {
        if let Some(name) = name.to_str()
            && is_leaky_var(name)
        {
            cmd.env_remove(name);
        }
    }
    cmd.arg("fix")
        .args(args)
        .current_dir(&p.dir)
        .envs(env.iter().copied());
    cmd.output().expect("run xlinkdiag fix")
}

fn config(p: &Project) -> String {
    fs::read_to_string(p.dir.join(".cargo/config.toml")).unwrap_or_default()
}

/// `fix --apply` exits 0 and changes the config; a second run is a no-op that says so.
fn apply_twice(p: &Project, args: &[&str], env: &[(&str, &str)]) -> String {
    let mut with_apply = args.to_vec();
    with_apply.push("--apply");
    let first = xfix(p, &with_apply, env);
    assert_eq!(
        first.status.code(),
        Some(0),
        "fix --apply\n{}",
        text(&first)
    );
    let written = config(p);
    let second = xfix(p, &with_apply, env);
    assert_eq!(
        second.status.code(),
        Some(0),
        "fix --apply again\n{}",
        text(&second)
    );
    assert!(
        second.stdout.is_empty(),
        "a second run shows a diff\n{}",
        text(&second)
    );
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("nothing to change"),
        "{}",
        text(&second)
    );
    assert_eq!(config(p), written, "a second run changed the config");
    written
}

/// (1) The seed's case: `CC=gcc` leaked into the MIPS workspace (cc-rs and cmake-rs
/// crates); the findings come from a scan of ./target.
#[test]
fn mips_leaked_cc_is_fixed_by_config() {
    let t = "mips_leaked_cc_is_fixed_by_config";
    if !require_all(t, &["cargo +nightly", "mips-linux-gnu-gcc", "gcc", "cmake"]) {
        return;
    }
    let p = Project::new(t, "mips-workspace");
    let leak = [("CC", "gcc")];
    let b = cargo_build(&p, Toolchain::Nightly, MIPS, &leak);
    assert_link_failed(&b, "mips-linux-gnu-gcc", &["file in wrong format"]);

    // The project's config has comments and a [target] table of its own: the diff only
    // adds, and shows what it adds.
    let before = config(&p);
    let shown = xfix(&p, &[], &leak);
    assert_eq!(shown.status.code(), Some(1), "{}", text(&shown));
    let diff = String::from_utf8_lossy(&shown.stdout).into_owned();
    assert!(
        diff.starts_with("--- a/.cargo/config.toml\n+++ b/.cargo/config.toml\n@@ "),
        "{diff}"
    );
    for line in [
        "+[env]",
        "+CC_mips_unknown_linux_musl = \"mips-linux-gnu-gcc\"",
        "+AR_mips_unknown_linux_musl = \"mips-linux-gnu-ar\"",
        "+CFLAGS_mips_unknown_linux_musl = \"-msoft-float\"",
        "+HOST_CC = \"gcc\"",
    ] {
        assert!(diff.lines().any(|l| l == line), "no {line:?} in\n{diff}");
    }
    assert!(
        !diff
            .lines()
            .any(|l| l.starts_with('-') && !l.starts_with("---")),
        "{diff}"
    );
    assert_eq!(config(&p), before, "the config changed without --apply");
    let said = String::from_utf8_lossy(&shown.stderr);
    assert!(said.contains("CC=gcc may stay"), "{said}");

    let after = apply_twice(&p, &[], &leak);
    assert!(
        after.starts_with(&before),
        "comments or order lost:\n{after}"
    );
    assert!(
        !after.contains("\nCC = "),
        "a global CC was written:\n{after}"
    );

    let b = cargo_build(&p, Toolchain::Nightly, MIPS, &leak);
    assert_built(&b);
    let app = p.target_dir().join(MIPS).join("debug/app");
    assert_eq!(elf_machine(&app, 32, true), EM_MIPS);
    scan(&p.target_dir()).assert_clean(MIPS);
}

/// (2) An aarch64 std build with `CC=gcc` leaked into two -sys crates (cc-rs and cmake-rs)
/// and no linker configured at all: the scan's findings name the compiler, and `xlinkdiag
/// env`'s planning adds the linker the findings leave out.
#[test]
fn aarch64_leaked_cc_and_no_linker_are_fixed_by_config() {
    let t = "aarch64_leaked_cc_and_no_linker_are_fixed_by_config";
    if !require_all(
        t,
        &[
            "/usr/bin/cargo with arm64 std",
            "aarch64-linux-gnu-gcc",
            "gcc",
            "cmake",
        ],
    ) {
        return;
    }
    let p = Project::new(t, "aarch64-sys-crates");
    let leak = [("CC", "gcc")];
    let b = cargo_build(&p, Toolchain::DebianArm64, A64, &leak);
    assert_link_failed(&b, "cc", &["file in wrong format"]);
    let s = scan(&p.target_dir());
    assert_leaked_cc(
        &s,
        &p.target_dir(),
        A64,
        "aarch64",
        &[("tinyz_sys", "tinyz-sys"), ("cmix_sys", "cmix-sys")],
    );

    let after = apply_twice(&p, &[], &leak);
    for line in [
        "CC_aarch64_unknown_linux_gnu = \"aarch64-linux-gnu-gcc\"",
        "HOST_CC = \"gcc\"",
        "[target.aarch64-unknown-linux-gnu]",
        "linker = \"aarch64-linux-gnu-gcc\"",
    ] {
        assert!(after.lines().any(|l| l == line), "no {line:?} in\n{after}");
    }

    let b = cargo_build(&p, Toolchain::DebianArm64, A64, &leak);
    assert_built(&b);
    let app = p.target_dir().join(A64).join("debug/app");
    assert_eq!(elf_machine(&app, 64, false), EM_AARCH64);
    scan(&p.target_dir()).assert_clean(A64);
}

/// (3) The wrong linker: cargo's default `cc` links an aarch64 build; the findings come from
/// the build's log, through annotate's pipeline.
#[test]
fn wrong_linker_from_the_log_is_fixed_by_config() {
    let t = "wrong_linker_from_the_log_is_fixed_by_config";
    if !require_all(
        t,
        &[
            "/usr/bin/cargo with arm64 std",
            "aarch64-linux-gnu-gcc",
            "cc",
        ],
    ) {
        return;
    }
    let p = Project::new(t, "aarch64-workspace");
    let env = [("CC_aarch64_unknown_linux_gnu", "aarch64-linux-gnu-gcc")];
    let b = cargo_build(&p, Toolchain::DebianArm64, A64, &env);
    assert_link_failed(&b, "cc", &["Relocations in generic ELF (EM: 183)"]);
    let log = p.root.join("build.log");
    fs::write(&log, &b.stderr).unwrap();

    let log = log.to_str().unwrap();
    let after = apply_twice(&p, &["--from", log], &env);
    assert_eq!(
        after,
        "[target.aarch64-unknown-linux-gnu]\nlinker = \"aarch64-linux-gnu-gcc\"\n"
    );

    let b = cargo_build(&p, Toolchain::DebianArm64, A64, &env);
    assert_built(&b);
    scan(&p.target_dir()).assert_clean(A64);
}

/// The host's and the arm64 `libssl.a` (libssl-dev, libssl-dev:arm64) are both installed;
/// if not, says why the test skips, and fails it under CI.
fn both_openssl_archives(t: &str) -> bool {
    [
        "/usr/lib/x86_64-linux-gnu/libssl.a",
        "/usr/lib/aarch64-linux-gnu/libssl.a",
    ]
    .iter()
    .filter(|lib| !require_that(t, lib, Path::new(lib).exists()))
    .count()
        == 0
}

/// (4) openssl-sys pointed at the build machine's OpenSSL (`OPENSSL_DIR=/usr` and friends,
/// still set for the second build), linked through the shim: its last report is where the
/// findings come from. The arm64 OpenSSL (`libssl-dev:arm64`) is the right answer. Linked
/// statically, because with the arm64 `libssl.so` installed the cross linker skips the
/// host's and finds it anyway; `OPENSSL_STATIC` has rustc bundle the host's `libssl.a`
/// into openssl-sys's rlib, which no linker forgives.
#[test]
fn openssl_host_leak_is_fixed_by_config() {
    let t = "openssl_host_leak_is_fixed_by_config";
    if !require_all(
        t,
        &["/usr/bin/cargo with arm64 std", "aarch64-linux-gnu-gcc"],
    ) {
        return;
    }
    if !both_openssl_archives(t) {
        return;
    }
    let p = Project::new(t, "aarch64-openssl");
    let env = [
        ("CC_aarch64_unknown_linux_gnu", "aarch64-linux-gnu-gcc"),
        (A64_LINKER_VAR, env!("CARGO_BIN_EXE_xlinkdiag")),
        ("XLINKDIAG_LINKER", "aarch64-linux-gnu-gcc"),
        ("OPENSSL_DIR", "/usr"),
        ("OPENSSL_LIB_DIR", "/usr/lib/x86_64-linux-gnu"),
        ("OPENSSL_INCLUDE_DIR", "/usr/include"),
        ("OPENSSL_STATIC", "1"),
    ];
    let b = cargo_build(&p, Toolchain::DebianArm64, A64, &env);
    assert_link_failed(
        &b,
        env!("CARGO_BIN_EXE_xlinkdiag"),
        &[
            "Relocations in generic ELF (EM: 62)",
            "xlinkdiag: error[wrong-architecture]",
        ],
    );
    assert!(
        p.target_dir().join("xlinkdiag/last-link.json").is_file(),
        "the shim left no report:\n{}",
        b.stderr
    );

    let after = apply_twice(&p, &[], &env);
    assert!(
        after
            .contains("AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_LIB_DIR = \"/usr/lib/aarch64-linux-gnu\""),
        "{after}"
    );

    let b = cargo_build(&p, Toolchain::DebianArm64, A64, &env);
    assert_built(&b);
    scan(&p.target_dir()).assert_clean(A64);
}

/// Issue 12 item 5: one cause, one fix, in every mode. A real aarch64 build with Debian's
/// rustc of openssl-sys (not vendored) with the host's OpenSSL leaked in the global
/// `OPENSSL_LIB_DIR` (and `OPENSSL_INCLUDE_DIR`; `OPENSSL_STATIC` makes the link fail: the
/// host's `libssl.a` is bundled into openssl-sys's rlib). scan of the target dir, annotate of
/// the captured cargo log, the shim's report (a relink through it, same target dir),
/// doctor and `fix` all give the same settings and name `OPENSSL_LIB_DIR` as the variable
/// that took effect, to unset. Doing what doctor says makes doctor clean, and the build
/// links.
#[test]
fn one_openssl_fix_in_every_mode() {
    let t = "one_openssl_fix_in_every_mode";
    if !require_all(
        t,
        &["/usr/bin/cargo with arm64 std", "aarch64-linux-gnu-gcc"],
    ) {
        return;
    }
    if !both_openssl_archives(t) {
        return;
    }
    const LIB: &str = "AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_LIB_DIR";
    const INC: &str = "AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_INCLUDE_DIR";
    let took = "unset OPENSSL_LIB_DIR: openssl-sys took OPENSSL_LIB_DIR=/usr/lib/x86_64-linux-gnu for aarch64-unknown-linux-gnu";
    let want_env = serde_json::json!({
        LIB: "/usr/lib/aarch64-linux-gnu",
        INC: "/usr/include",
    });
    let p = Project::new(t, "aarch64-openssl");
    let leaked = [
        ("CC_aarch64_unknown_linux_gnu", "aarch64-linux-gnu-gcc"),
        ("OPENSSL_LIB_DIR", "/usr/lib/x86_64-linux-gnu"),
        ("OPENSSL_INCLUDE_DIR", "/usr/include"),
        ("OPENSSL_STATIC", "1"),
        // The log is annotate's: a CI's data line would hand it the shim's findings.
        ("CI", ""),
    ];
    let direct = [&leaked[..], &[(A64_LINKER_VAR, "aarch64-linux-gnu-gcc")]].concat();
    let b = cargo_build(&p, Toolchain::DebianArm64, A64, &direct);
    assert_link_failed(&b, "aarch64-linux-gnu-gcc", &["file in wrong format"]);
    let log = p.root.join("cargo.log");
    fs::write(&log, &b.stderr).unwrap();

    // The fix as each mode shows it: its settings, and its help without the `set` line
    // (doctor shows its settings apart) and the note on where tool names come from.
    let fix_of = |mode: &str, f: &serde_json::Value| {
        let help: Vec<String> = f["help"]
            .as_array()
            .unwrap_or_else(|| panic!("{mode}: no help in {f:#}"))
            .iter()
            .filter_map(|h| h.as_str())
            .filter(|h| !h.starts_with("set ") && !h.starts_with("cross tools named after"))
            .map(str::to_string)
            .collect();
        assert_eq!(f["env"], want_env, "{mode}: {f:#}");
        assert!(
            help.first().is_some_and(|h| h.starts_with(took)),
            "{mode} does not name the variable that took effect: {f:#}"
        );
        help
    };
    let openssl_findings = |mode: &str, doc: &serde_json::Value| -> Vec<Vec<String>> {
        let all = doc["findings"].as_array().cloned().unwrap_or_default();
        let found: Vec<Vec<String>> = all
            .iter()
            .filter(|f| f["crate"] == "openssl_sys")
            .map(|f| fix_of(mode, f))
            .collect();
        assert!(!found.is_empty(), "{mode}: no openssl_sys finding\n{doc:#}");
        found
    };

    let scanned = scan(&p.target_dir());
    let reference = openssl_findings("scan", &scanned.doc)[0].clone();
    let mut modes = vec![("scan", openssl_findings("scan", &scanned.doc))];

    let out = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"))
        .args(["annotate", log.to_str().unwrap(), "--format", "json"])
        .env_remove("CI")
        .current_dir(&p.dir)
        .output()
        .expect("run xlinkdiag annotate");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("annotate: not JSON ({e})\n{}", text(&out)));
    modes.push(("annotate", openssl_findings("annotate", &doc)));

    // The same target dir, linked again through the shim: only the final link reruns.
    let shimmed = [
        &leaked[..],
        &[
            (A64_LINKER_VAR, env!("CARGO_BIN_EXE_xlinkdiag")),
            ("XLINKDIAG_LINKER", "aarch64-linux-gnu-gcc"),
        ],
    ]
    .concat();
    let b = cargo_build(&p, Toolchain::DebianArm64, A64, &shimmed);
    assert_link_failed(
        &b,
        env!("CARGO_BIN_EXE_xlinkdiag"),
        &["xlinkdiag: error[wrong-architecture]"],
    );
    let report = fs::read(p.target_dir().join("xlinkdiag/last-link.json")).expect("shim report");
    let doc: serde_json::Value = serde_json::from_slice(&report).unwrap();
    modes.push(("shim", openssl_findings("shim", &doc)));

    for (mode, fixes) in &modes {
        for help in fixes {
            assert_eq!(help, &reference, "{mode} gives another fix than scan");
        }
    }

    // doctor, before the build, in the same environment.
    let doctor = |env: &[(&str, &str)]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"));
        for (name, _) in std::env::vars_os() {
            if let Some(name) = name.to_str()
                && (is_leaky_var(name) || name.starts_with("OPENSSL_"))
            {
                cmd.env_remove(name);
            }
        }
        let out = cmd
            .args(["doctor", "--target", A64, "--format", "json"])
            .current_dir(&p.dir)
            .envs(env.iter().copied())
            .output()
            .expect("run xlinkdiag doctor");
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("doctor: not JSON ({e})\n{}", text(&out)));
        (out, doc)
    };
    let openssl_check = |doc: &serde_json::Value| {
        doc["checks"]
            .as_array()
            .and_then(|c| c.iter().find(|c| c["system"] == "openssl-sys").cloned())
            .unwrap_or_else(|| panic!("no openssl-sys check\n{doc:#}"))
    };
    let (out, doc) = doctor(&direct);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let check = openssl_check(&doc);
    assert_eq!(check["kind"], "host-library-path", "{check:#}");
    assert_eq!(
        fix_of("doctor", &check),
        reference,
        "doctor gives another fix than scan"
    );

    // `xlinkdiag fix` plans the same settings. It writes them to the config, where the
    // target's own pair is read before the leaked global, so that may stay (`shadowed`):
    // the same build in the same shell then links.
    let out = xfix(&p, &["--format", "json"], &direct);
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("fix: not JSON ({e})\n{}", text(&out)));
    let planned = plan.to_string();
    for (name, value) in [(LIB, "/usr/lib/aarch64-linux-gnu"), (INC, "/usr/include")] {
        assert!(
            planned.contains(name) && planned.contains(value),
            "fix plans no {name}={value}\n{plan:#}"
        );
    }
    assert!(
        plan["shadowed"]
            .as_array()
            .is_some_and(|u| u.iter().any(|n| n["name"] == "OPENSSL_LIB_DIR")),
        "fix does not name OPENSSL_LIB_DIR\n{plan:#}"
    );

    // Do what doctor said: unset what it names, set what it sets. Then it is clean.
    let unset: Vec<&str> = check["help"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h.as_str()?.strip_prefix("unset ")?.split(':').next())
        .collect();
    let set: Vec<(String, String)> = check["env"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
        .collect();
    let mut advised: Vec<(&str, &str)> = direct
        .iter()
        .copied()
        .filter(|(k, _)| !unset.contains(k))
        .collect();
    advised.extend(set.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let (out, doc) = doctor(&advised);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let bad: Vec<&serde_json::Value> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "error" || c["status"] == "warning")
        .collect();
    assert!(
        bad.is_empty(),
        "doctor is not clean after its own advice: {bad:#?}"
    );
    assert_eq!(openssl_check(&doc)["status"], "ok");

    // And the build links, in the same target dir.
    let b = cargo_build(&p, Toolchain::DebianArm64, A64, &advised);
    assert_built(&b);
    scan(&p.target_dir()).assert_clean(A64);
}

// ---------------------------------------------------------------------------
// No build: the project of tests/integration/fixcmd.rs, with what those tests lack
// ---------------------------------------------------------------------------

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

/// A dir where no file can be made (immutable: root too is refused), so the temp file
/// cannot be created next to the config: an error, and the config as it was.
#[test]
fn refuses_when_the_config_dir_is_not_writable() {
    let t = "refuses_when_the_config_dir_is_not_writable";
    let p = project(Some(CONFIG));
    let dot_cargo = p.dir.join(".cargo");
    // SAFETY: geteuid has no preconditions and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    if root && !require(t, "chattr") {
        return;
    }
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
        skip(
            t,
            "file attributes in the temp dir",
            &format!("cannot make {} immutable", dot_cargo.display()),
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

/// `--apply` says what became of each build-script run it removes, once: removed, or why
/// not; never "removed" after "cannot remove".
#[test]
fn apply_says_each_removal_once_and_truly() {
    if !require("apply_says_each_removal_once_and_truly", "chattr") {
        return;
    }
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/mips-leaked-cc/target");
    for (tag, lock) in [("removed", false), ("locked", true)] {
        let p = project(Some(
            "[target.mips-unknown-linux-musl]\nlinker = \"mips-linux-gnu-gcc\"\n",
        ));
        let target = p.dir.join("target");
        copy_dir(&data, &target);
        let run = target
            .join(MIPS)
            .join("debug/build/cmlib-sys-fdfc7f3334445e41");
        let build = run.parent().unwrap().to_path_buf();
        if lock {
            use std::os::unix::fs::PermissionsExt;
            // SAFETY: geteuid has no preconditions and cannot fail.
            let root = unsafe { libc::geteuid() } == 0;
            // Root removes from a read-only dir anyway: an immutable one it cannot.
            let locked = if root {
                Command::new("chattr")
                    .arg("+i")
                    .arg(&build)
                    .status()
                    .is_ok_and(|s| s.success())
            } else {
                fs::set_permissions(&build, fs::Permissions::from_mode(0o555)).is_ok()
            };
            if !locked {
                eprintln!(
                    "skipping the locked half of apply_says_each_removal_once_and_truly: cannot lock {}",
                    build.display()
                );
                continue;
            }
        }
        let o = fix(&p.dir, &["--apply"]);
        if lock {
            let _ = Command::new("chattr").arg("-i").arg(&build).status();
            use std::os::unix::fs::PermissionsExt;
            let _ = fs::set_permissions(&build, fs::Permissions::from_mode(0o755));
        }
        let said = String::from_utf8_lossy(&o.stderr);
        let about: Vec<&str> = said
            .lines()
            .filter(|l| l.contains("cmlib-sys-fdfc7f3334445e41") && !l.contains(".fingerprint"))
            .collect();
        assert_eq!(about.len(), 1, "{tag}: one line for the run dir\n{said}");
        if lock {
            assert!(run.is_dir(), "{tag}");
            assert!(about[0].contains("cannot remove"), "{tag}: {said}");
            assert_eq!(o.status.code(), Some(1), "{tag}: {}", text(&o));
        } else {
            assert!(!run.exists(), "{tag}");
            assert!(about[0].contains("note: removed"), "{tag}: {said}");
            assert!(!said.contains("cannot remove"), "{tag}: {said}");
        }
    }
}
