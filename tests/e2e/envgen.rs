// Tests read the environment and spawn tools directly: the env door is for the tool.
#![allow(clippy::disallowed_methods)]
//! `xlinkdiag env` (issue 6) against OpenWrt-like toolchain layouts made from Debian's cross
//! gcc by `testdata/openwrt/make-toolchain.sh` (files named as OpenWrt names them), against
//! a plain cross prefix, in every output format, and end to end: the MIPS workspace built
//! with env's `.cargo/config.toml` fragment links. (The shell form's end-to-end build, and
//! doctor on it, are in tests/e2e/doctor.rs.)
//!
//! A missing toolchain skips a test with a line on stderr, and fails it under `CI=true`.

use crate::skips::require_all;
use crate::support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::{MIPS, Project, TempDir, Toolchain, cargo_build, is_leaky_var, parse_sh};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn xlinkdiag(args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"));
    for (name, _) in std::env::vars_os() {
        if let Some(n) = name.to_str()
            && (is_leaky_var(n) || n.starts_with("XLINKDIAG_"))
        {
            cmd.env_remove(n);
        }
    }
    let out = cmd.args(args).output().expect("run xlinkdiag");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn env_ok(args: &[&str]) -> String {
    let r = xlinkdiag(args);
    assert_eq!(r.code, 0, "xlinkdiag {args:?} failed:\n{}", r.stderr);
    r.stdout
}

/// Runs the committed script; returns the SDK root and the toolchain dir it made.
fn openwrt_sdk(root: &Path, arch_cpu: &str) -> (PathBuf, PathBuf) {
    let sdk = root.join(format!("sdk-{arch_cpu}"));
    let tc = support::openwrt_sdk(&sdk, arch_cpu);
    (sdk, tc)
}

fn get<'a>(vars: &'a [(String, String)], k: &str) -> Option<&'a str> {
    vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
}

// ---------------------------------------------------------------------------
// OpenWrt layouts
// ---------------------------------------------------------------------------

/// Each layout: env works out the Rust target from the toolchain's name, probes the
/// compiler, and names the OpenWrt tools, staging dir, pkg-config dirs and OpenSSL.
#[test]
fn openwrt_layouts_map_to_rust_targets() {
    let cases = [
        (
            "mips_24kc",
            "mips-linux-gnu-gcc",
            "mips-unknown-linux-musl",
            "mips",
        ),
        (
            "mipsel_24kc",
            "mipsel-linux-gnu-gcc",
            "mipsel-unknown-linux-musl",
            "mipsel",
        ),
        (
            "aarch64_cortex-a53",
            "aarch64-linux-gnu-gcc",
            "aarch64-unknown-linux-musl",
            "aarch64",
        ),
    ];
    let tmp = TempDir::new("layouts");
    for (arch_cpu, debian_gcc, triple, gnu_arch) in cases {
        let t = format!("openwrt_layouts_map_to_rust_targets ({arch_cpu})");
        if !require_all(&t, &[debian_gcc]) {
            continue;
        }
        let (sdk, tc) = openwrt_sdk(&tmp.0, arch_cpu);
        let vars = parse_sh(&env_ok(&["env", "--toolchain", &sdk.display().to_string()]));
        let us = triple.replace('-', "_");
        let upper = us.to_uppercase();
        let bin = tc.join("bin");
        let long = format!("{}/{gnu_arch}-openwrt-linux-musl-", bin.display());
        assert_eq!(
            get(&vars, &format!("CC_{us}")),
            Some(format!("{long}gcc").as_str()),
            "{arch_cpu}: {vars:?}"
        );
        assert_eq!(
            get(&vars, &format!("AR_{us}")),
            Some(format!("{long}ar").as_str())
        );
        assert_eq!(
            get(&vars, crate_linker_var()),
            Some(format!("{long}gcc").as_str())
        );
        assert_eq!(
            get(&vars, &format!("CARGO_TARGET_{upper}_LINKER")),
            Some(env!("CARGO_BIN_EXE_xlinkdiag"))
        );
        assert_eq!(get(&vars, "HOST_CC"), Some("cc"));
        let staging = sdk.join("staging_dir");
        assert_eq!(
            get(&vars, "STAGING_DIR"),
            Some(staging.display().to_string().as_str())
        );
        let target_dir = staging.join(format!("target-{arch_cpu}_musl"));
        assert_eq!(
            get(&vars, &format!("PKG_CONFIG_SYSROOT_DIR_{us}")),
            Some(target_dir.display().to_string().as_str())
        );
        assert!(
            get(&vars, &format!("PKG_CONFIG_LIBDIR_{us}"))
                .unwrap()
                .starts_with(&format!("{}/usr/lib/pkgconfig", target_dir.display()))
        );
        assert_eq!(
            get(&vars, &format!("{upper}_OPENSSL_DIR")),
            Some(target_dir.join("usr").display().to_string().as_str())
        );
        // The layout's compilers have OpenWrt's defaults (soft float on MIPS): no flag needed.
        assert_eq!(get(&vars, &format!("CFLAGS_{us}")), None, "{arch_cpu}");

        // Every level of the layout names the same toolchain, and the short names work too.
        for entry in [staging.clone(), tc.clone(), bin.clone()] {
            let again = parse_sh(&env_ok(&[
                "env",
                "--toolchain",
                &entry.display().to_string(),
            ]));
            assert_eq!(
                get(&again, &format!("CC_{us}")),
                get(&vars, &format!("CC_{us}")),
                "{}",
                entry.display()
            );
        }
        let short = format!("{}/{gnu_arch}-openwrt-linux-", bin.display());
        let by_prefix = parse_sh(&env_ok(&["env", "--target", triple, "--toolchain", &short]));
        assert_eq!(
            get(&by_prefix, &format!("CC_{us}")),
            Some(format!("{short}gcc").as_str())
        );
    }
}

fn crate_linker_var() -> &'static str {
    "XLINKDIAG_LINKER"
}

/// A toolchain for another machine is refused: exit 1, nothing on stdout to eval.
#[test]
fn wrong_toolchain_for_the_target_is_refused() {
    let t = "wrong_toolchain_for_the_target_is_refused";
    if !require_all(t, &["mips-linux-gnu-gcc"]) {
        return;
    }
    let tmp = TempDir::new(t);
    let (sdk, _) = openwrt_sdk(&tmp.0, "mips_24kc");
    let r = xlinkdiag(&[
        "env",
        "--target",
        "mipsel-unknown-linux-musl",
        "--toolchain",
        &sdk.display().to_string(),
    ]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr
            .contains("big-endian object, the target is little-endian"),
        "{}",
        r.stderr
    );
    let r = xlinkdiag(&[
        "env",
        "--target",
        MIPS,
        "--toolchain",
        "/nonexistent/toolchain-",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

/// A plain cross prefix: Debian's MIPS gcc defaults to hard float, so env adds the flag
/// after checking that it makes the objects fit.
#[test]
fn cross_prefix_gets_the_float_flag() {
    let t = "cross_prefix_gets_the_float_flag";
    if !require_all(t, &["mips-linux-gnu-gcc"]) {
        return;
    }
    let out = env_ok(&["env", "--target", MIPS, "--toolchain", "mips-linux-gnu-"]);
    let vars = parse_sh(&out);
    assert_eq!(
        get(&vars, "CC_mips_unknown_linux_musl"),
        Some("mips-linux-gnu-gcc")
    );
    assert_eq!(
        get(&vars, "CFLAGS_mips_unknown_linux_musl"),
        Some("-msoft-float")
    );
    assert_eq!(get(&vars, "STAGING_DIR"), None);
    assert!(out.contains("link-arg=-msoft-float"), "{out}");
    // Debian's compiler has no sysroot of its own (`-print-sysroot` is `/`).
    assert!(
        !out.contains("PKG_CONFIG_SYSROOT_DIR_mips_unknown_linux_musl='/'"),
        "{out}"
    );
    // Given only the target, env finds the same compiler in PATH.
    let found = parse_sh(&env_ok(&["env", "--target", MIPS]));
    assert_eq!(
        get(&found, "CC_mips_unknown_linux_musl"),
        Some("mips-linux-gnu-gcc")
    );
    // Linking directly, without xlinkdiag.
    let direct = parse_sh(&env_ok(&["env", "--target", MIPS, "--direct-linker"]));
    assert_eq!(
        get(&direct, "CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER"),
        Some("mips-linux-gnu-gcc")
    );
    assert_eq!(get(&direct, "XLINKDIAG_LINKER"), None);
}

// ---------------------------------------------------------------------------
// Formats
// ---------------------------------------------------------------------------

#[test]
fn every_format_carries_the_same_settings() {
    let t = "every_format_carries_the_same_settings";
    if !require_all(t, &["mips-linux-gnu-gcc"]) {
        return;
    }
    let tmp = TempDir::new(t);
    let (sdk, _) = openwrt_sdk(&tmp.0, "mips_24kc");
    let sdk_s = sdk.display().to_string();
    let sh = parse_sh(&env_ok(&["env", "--toolchain", &sdk_s, "--shell", "sh"]));
    assert!(sh.len() >= 8, "{sh:?}");

    let fish = env_ok(&["env", "--toolchain", &sdk_s, "--shell", "fish"]);
    let fish_vars: Vec<(String, String)> = fish
        .lines()
        .filter_map(|l| l.strip_prefix("set -gx "))
        .map(|l| {
            let (k, v) = l.split_once(' ').unwrap();
            (k.to_string(), v.trim_matches('\'').to_string())
        })
        .collect();
    assert_eq!(fish_vars, sh);

    let gh = env_ok(&["env", "--toolchain", &sdk_s, "--format", "github"]);
    let gh_vars: Vec<(String, String)> = gh
        .lines()
        .map(|l| {
            let (k, v) = l
                .split_once('=')
                .unwrap_or_else(|| panic!("not NAME=value: {l:?}"));
            (k.to_string(), v.to_string())
        })
        .collect();
    assert_eq!(gh_vars, sh, "GitHub's env file takes NAME=value lines only");

    let cfg = env_ok(&["env", "--toolchain", &sdk_s, "--format", "cargo-config"]);
    let table: toml::Table = cfg
        .parse()
        .unwrap_or_else(|e| panic!("not TOML ({e}):\n{cfg}"));
    assert_eq!(
        table["target"][MIPS]["linker"].as_str(),
        get(&sh, "CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER")
    );
    let env = table["env"].as_table().unwrap();
    for (k, v) in sh.iter().filter(|(k, _)| !k.starts_with("CARGO_TARGET_")) {
        assert_eq!(env[k].as_str(), Some(v.as_str()), "{k}");
    }

    // The Makefile lines use OpenWrt's make variables; no toolchain needed.
    let mk = env_ok(&[
        "env",
        "--target",
        "armv7-unknown-linux-musleabihf",
        "--format",
        "openwrt-makefile",
    ]);
    for needle in [
        "CARGO_PKG_VARS += \\",
        "\tCC_armv7_unknown_linux_musleabihf=$(TARGET_CC_NOCACHE) \\",
        "\tXLINKDIAG_LINKER=$(TARGET_CC_NOCACHE) \\",
        "\tHOST_CC=$(HOSTCC_NOCACHE) \\",
        "\tPKG_CONFIG_SYSROOT_DIR_armv7_unknown_linux_musleabihf=$(STAGING_DIR) \\",
        "\tARMV7_UNKNOWN_LINUX_MUSLEABIHF_OPENSSL_DIR=$(STAGING_DIR)/usr\n",
    ] {
        assert!(mk.contains(needle), "Makefile lines lack {needle:?}:\n{mk}");
    }
}

#[test]
fn usage_errors() {
    for args in [
        vec!["env", "--target", "no-such-target"],
        vec!["env"],
        vec![
            "env", "--shell", "sh", "--format", "github", "--target", MIPS,
        ],
    ] {
        let r = xlinkdiag(&args);
        assert_eq!(r.code, 2, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}");
    }
}

// ---------------------------------------------------------------------------
// End to end with the .cargo/config.toml fragment
// ---------------------------------------------------------------------------

/// env's `.cargo/config.toml` fragment, in a config above the project (the project's own
/// keeps its rustflags, minus its linker line): the MIPS workspace links, with a leaked
/// CC=gcc in the environment.
#[test]
fn cargo_config_fragment_links() {
    let t = "cargo_config_fragment_links";
    if !require_all(t, &["cargo +nightly", "mips-linux-gnu-gcc", "gcc", "cmake"]) {
        return;
    }
    let p = Project::new(t, "mips-workspace");
    let (sdk, _) = openwrt_sdk(&p.root, "mips_24kc");
    let fragment = env_ok(&[
        "env",
        "--toolchain",
        &sdk.display().to_string(),
        "--format",
        "cargo-config",
    ]);
    fs::create_dir_all(p.root.join(".cargo")).unwrap();
    fs::write(p.root.join(".cargo/config.toml"), &fragment).unwrap();
    let own = p.dir.join(".cargo/config.toml");
    let text = fs::read_to_string(&own).unwrap();
    let without_linker: String = text
        .lines()
        .filter(|l| !l.starts_with("linker ="))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&own, without_linker).unwrap();

    let b = cargo_build(&p, Toolchain::Nightly, MIPS, &[("CC", "gcc")]);
    support::assert_built(&b);
    let app = p.target_dir().join(MIPS).join("debug/app");
    assert_eq!(support::elf_machine(&app, 32, true), support::EM_MIPS);
}
