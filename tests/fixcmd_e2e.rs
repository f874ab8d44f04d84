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

mod support;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

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
    for lib in [
        "/usr/lib/x86_64-linux-gnu/libssl.a",
        "/usr/lib/aarch64-linux-gnu/libssl.a",
    ] {
        if !Path::new(lib).exists() {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{t}: {lib} missing under CI (libssl-dev, libssl-dev:arm64)"
            );
            eprintln!("skipping {t}: {lib} is not installed");
            return;
        }
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
