// Tests read the environment and spawn tools directly: the env door is for the tool.
#![allow(clippy::disallowed_methods)]
//! `xlinkdiag doctor` (issue 6), run as a process against real toolchains, and end to end:
//! the MIPS workspace built with the settings `xlinkdiag env` printed for an OpenWrt-like
//! toolchain (made from Debian's cross gcc by `testdata/openwrt/make-toolchain.sh`) links;
//! the same build with only the linker set and a leaked `CC=gcc` fails; and doctor said so
//! beforehand (exit 1, naming CC and the fix) while passing env's setup (exit 0).
//!
//! A missing toolchain skips a test with a line on stderr, and fails it under `CI=true`.

use crate::skips::{require, require_all};
use crate::support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde::Deserialize;
use serde_json::Value;
use support::{A64, MIPS, Project, TempDir, Toolchain, cargo_build, is_leaky_var, parse_sh};

const MIPS_TOOLS: [&str; 2] = ["mips-linux-gnu-gcc", "gcc"];
const E2E_TOOLS: [&str; 4] = ["cargo +nightly", "mips-linux-gnu-gcc", "gcc", "cmake"];

// ---------------------------------------------------------------------------
// Running xlinkdiag with a clean environment
// ---------------------------------------------------------------------------

/// Variables of the developer's shell that would change what doctor sees.
fn leaky(name: &str) -> bool {
    is_leaky_var(name)
        || name.starts_with("XLINKDIAG_")
        || name.starts_with("PKG_CONFIG")
        || name.contains("OPENSSL")
        || name == "STAGING_DIR"
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "doctor's JSON does not parse ({e}):\n{}\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// `xlinkdiag ARGS` in `cwd` with a clean environment plus `env`, and an empty CARGO_HOME so
/// no personal cargo config is read.
fn xlinkdiag(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let home = cwd.join(".test-cargo-home");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"));
    for (name, _) in std::env::vars_os() {
        if let Some(n) = name.to_str()
            && leaky(n)
        {
            cmd.env_remove(n);
        }
    }
    cmd.args(args)
        .current_dir(cwd)
        .env("CARGO_HOME", &home)
        .env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out: Output = cmd.output().expect("run xlinkdiag");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn doctor(cwd: &Path, env: &[(&str, &str)]) -> Run {
    xlinkdiag(cwd, &["doctor", "--target", MIPS, "--format", "json"], env)
}

fn doctor_human(cwd: &Path, env: &[(&str, &str)]) -> Run {
    xlinkdiag(cwd, &["doctor", "--target", MIPS], env)
}

fn check<'a>(j: &'a Value, system: &str, tool: &str) -> &'a Value {
    j["checks"]
        .as_array()
        .and_then(|cs| {
            cs.iter()
                .find(|c| c["system"] == system && c["tool"] == tool)
        })
        .unwrap_or_else(|| panic!("no {system} {tool} check in {j:#}"))
}

fn status(j: &Value, system: &str, tool: &str) -> String {
    check(j, system, tool)["status"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// A project whose Cargo.lock says which build systems it uses, with a cargo config.
fn project(root: &Path, lock_deps: &[&str], config: &str) -> PathBuf {
    let dir = root.join("proj");
    fs::create_dir_all(dir.join(".cargo")).unwrap();
    fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
    )
    .unwrap();
    let mut lock = String::from(
        "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [",
    );
    lock.push_str(
        &lock_deps
            .iter()
            .map(|d| format!("\"{d}\""))
            .collect::<Vec<_>>()
            .join(", "),
    );
    lock.push_str("]\n");
    for d in lock_deps {
        lock.push_str(&format!(
            "\n[[package]]\nname = \"{d}\"\nversion = \"1.0.0\"\n"
        ));
    }
    fs::write(dir.join("Cargo.lock"), lock).unwrap();
    fs::write(dir.join(".cargo/config.toml"), config).unwrap();
    dir
}

/// Debian's MIPS toolchain has no soft-float C library: these projects link none, as
/// testdata/projects/mips-workspace does (`-nostdlib`), so doctor's C library checks warn
/// instead of failing (`mips_without_a_soft_float_libc` checks the error without it).
const MIPS_LINKER_CONFIG: &str = "[target.mips-unknown-linux-musl]\nlinker = \"mips-linux-gnu-gcc\"\n\
    rustflags = [\"-C\", \"link-arg=-msoft-float\", \"-C\", \"link-arg=-nostdlib\"]\n";

/// The MIPS target's C compiler set right, so a test can look at one other thing.
const GOOD_CC: [(&str, &str); 2] = [
    ("CC_mips_unknown_linux_musl", "mips-linux-gnu-gcc"),
    ("CFLAGS_mips_unknown_linux_musl", "-msoft-float"),
];

/// An OpenWrt-like SDK from Debian's cross gcc, made by the committed script.
fn openwrt_sdk(root: &Path, arch_cpu: &str) -> PathBuf {
    let sdk = root.join("sdk");
    support::openwrt_sdk(&sdk, arch_cpu);
    sdk
}

fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

// ---------------------------------------------------------------------------
// The JSON contract, read with types that reject unknown fields
// ---------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Report {
    version: u32,
    target: String,
    target_from: String,
    host: String,
    config_files: Vec<String>,
    usage: Usage,
    checks: Vec<Check>,
    notes: Vec<String>,
    errors: usize,
    warnings: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Usage {
    lock_file: Option<String>,
    users: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Check {
    system: String,
    tool: String,
    status: String,
    kind: Option<String>,
    value: Option<String>,
    from: String,
    unset: Vec<String>,
    path: Option<String>,
    dumpmachine: Option<String>,
    flags: Vec<String>,
    object: Option<Value>,
    message: String,
    notes: Vec<String>,
    env: BTreeMap<String, String>,
    help: Vec<String>,
}

// ---------------------------------------------------------------------------
// The seed's trap, before the build
// ---------------------------------------------------------------------------

/// A global CC=gcc: cc-rs (and cmake-rs through it) will compile the MIPS crates' C with
/// the host's gcc. Doctor says so, names CC, and gives the fix it has verified.
#[test]
fn leaked_global_cc_is_caught() {
    let t = "leaked_global_cc_is_caught";
    if !require_all(t, &MIPS_TOOLS) {
        return;
    }
    let p = Project::new(t, "mips-workspace");
    let r = doctor(&p.dir, &[("CC", "gcc")]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let typed: Report = serde_json::from_str(&r.stdout).expect("doctor JSON matches the contract");
    assert_eq!((typed.version, typed.target.as_str()), (1, MIPS));
    assert!(typed.errors >= 2);
    assert_eq!(typed.usage.users["cc-rs"], ["miniz-sys", "zstd-sys"]);
    assert_eq!(typed.usage.users["cmake-rs"], ["cmlib-sys"]);

    let j = r.json();
    let cc = check(&j, "cc-rs", "c-compiler");
    assert_eq!(cc["status"], "error");
    assert_eq!(cc["kind"], "wrong-architecture");
    assert_eq!(cc["from"], "CC");
    assert_eq!(cc["value"], "gcc");
    assert_eq!(cc["object"]["arch"], "x86_64");
    assert_eq!(
        cc["unset"],
        serde_json::json!([
            "CC_mips-unknown-linux-musl",
            "CC_mips_unknown_linux_musl",
            "TARGET_CC"
        ])
    );
    assert_eq!(cc["env"]["HOST_CC"], "gcc");
    assert!(
        cc["env"]["CC_mips_unknown_linux_musl"]
            .as_str()
            .unwrap()
            .ends_with("mips-linux-gnu-gcc"),
        "{cc:#}"
    );
    // Debian's MIPS gcc is hard-float; the fix doctor checked carries the flag.
    assert_eq!(cc["env"]["CFLAGS_mips_unknown_linux_musl"], "-msoft-float");
    assert_eq!(status(&j, "cmake-rs", "toolchain-file"), "error");
    // The linker from the project's config is right, and the host is unharmed.
    assert_eq!(status(&j, "cargo", "linker"), "ok");
    assert_eq!(status(&j, "cc-rs", "host-c-compiler"), "ok");

    let h = doctor_human(&p.dir, &[("CC", "gcc")]);
    assert_eq!(h.code, 1);
    for needle in [
        "error[wrong-architecture]: cc-rs c-compiler",
        "gcc, from CC;",
        "HOST_CC=gcc",
        "CC_mips_unknown_linux_musl=",
        "a global CC=gcc reaches every build script",
    ] {
        assert!(
            h.stdout.contains(needle),
            "human output lacks {needle:?}:\n{}",
            h.stdout
        );
    }
}

/// No CC at all: cc-rs takes `mips-linux-gnu-gcc` from the linker's name, which is
/// hard-float; the target is soft-float (the `mips-hardfloat-cc` sample, caught before).
#[test]
fn hard_float_default_is_caught() {
    let t = "hard_float_default_is_caught";
    if !require_all(t, &MIPS_TOOLS) {
        return;
    }
    let p = Project::new(t, "mips-workspace");
    let j = doctor(&p.dir, &[]).json();
    let cc = check(&j, "cc-rs", "c-compiler");
    assert_eq!(cc["kind"], "abi-mismatch", "{cc:#}");
    assert_eq!(cc["object"]["abi"]["float"], "hard");
    assert!(
        cc["from"]
            .as_str()
            .unwrap()
            .contains("RUSTC_LINKER=mips-linux-gnu-gcc"),
        "{cc:#}"
    );
    // Only the flag is missing: the fix is the flag alone.
    assert_eq!(
        cc["env"],
        serde_json::json!({"CFLAGS_mips_unknown_linux_musl": "-msoft-float"})
    );

    let ok = doctor(
        &p.dir,
        &[("CFLAGS_mips_unknown_linux_musl", "-msoft-float")],
    );
    assert_eq!(ok.code, 0, "{}", ok.stdout);
}

/// `[env] CC = "gcc"` in a cargo config leaks like the shell's; `force = true` beats the
/// shell's own value.
#[test]
fn cargo_env_table_is_read() {
    let t = "cargo_env_table_is_read";
    if !require_all(t, &MIPS_TOOLS) {
        return;
    }
    let tmp = TempDir::new(t);
    let cfg = format!(
        "{MIPS_LINKER_CONFIG}\n[env]\nCC = \"gcc\"\nCFLAGS_mips_unknown_linux_musl = \"-msoft-float\"\n"
    );
    let dir = project(&tmp.0, &["cc"], &cfg);
    let j = doctor(&dir, &[]).json();
    let cc = check(&j, "cc-rs", "c-compiler");
    assert_eq!(cc["kind"], "wrong-architecture");
    assert!(
        cc["from"].as_str().unwrap().starts_with("CC ([env] in "),
        "{cc:#}"
    );

    // The shell's CC_<target> wins over a plain [env] entry…
    let r = doctor(
        &dir,
        &[("CC_mips_unknown_linux_musl", "mips-linux-gnu-gcc")],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    // …but not over a forced one.
    let forced = format!(
        "{MIPS_LINKER_CONFIG}\n[env]\nCC_mips_unknown_linux_musl = {{ value = \"gcc\", force = true }}\n"
    );
    fs::write(dir.join(".cargo/config.toml"), forced).unwrap();
    let j = doctor(
        &dir,
        &[("CC_mips_unknown_linux_musl", "mips-linux-gnu-gcc")],
    )
    .json();
    assert_eq!(check(&j, "cc-rs", "c-compiler")["value"], "gcc");
    assert_eq!(check(&j, "cc-rs", "c-compiler")["status"], "error");
}

/// No linker configured: rustc links with the host's `cc`.
#[test]
fn host_linker_is_wrong_linker() {
    let t = "host_linker_is_wrong_linker";
    if !require_all(t, &MIPS_TOOLS) {
        return;
    }
    let tmp = TempDir::new(t);
    let dir = project(&tmp.0, &[], "");
    let r = doctor(&dir, &[]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let j = r.json();
    let l = check(&j, "cargo", "linker");
    assert_eq!(
        (l["kind"].as_str(), l["value"].as_str()),
        (Some("wrong-linker"), Some("cc"))
    );
    assert!(
        l["env"]["CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER"]
            .as_str()
            .unwrap()
            .ends_with("-gcc")
    );
    // No crate uses cc-rs: its checks are skipped, not failed.
    assert_eq!(status(&j, "cc-rs", "c-compiler"), "skipped");
    // `-C linker=` in RUSTFLAGS wins over everything else.
    let r = doctor(
        &dir,
        &[(
            "RUSTFLAGS",
            "-C linker=mips-linux-gnu-gcc -C link-arg=-msoft-float -C link-arg=-nostdlib",
        )],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        check(&r.json(), "cargo", "linker")["from"]
            .as_str()
            .unwrap()
            .contains("-C linker=")
    );
}

/// Issue 11: behind a plain `xlinkdiag` on a `gnu-lld-cc` target (aarch64-unknown-linux-gnu),
/// rustc sees the name `xlinkdiag` and keeps lld. A gcc behind it is fine (the shim takes
/// rustc's lld words off; the link is the direct one); a real linker named like ld is not,
/// and doctor says how to keep rustc's guess. A wrong linker there is fixed in
/// XLINKDIAG_LINKER, since cargo's setting names the shim.
#[test]
fn plain_xlinkdiag_on_a_gnu_lld_cc_target() {
    let t = "plain_xlinkdiag_on_a_gnu_lld_cc_target";
    if !require_all(t, &["aarch64-linux-gnu-gcc", "cc"]) {
        return;
    }
    let tmp = TempDir::new(t);
    let dir = project(&tmp.0, &[], "");
    let run = |real: &str| {
        xlinkdiag(
            &dir,
            &[
                "doctor",
                "--target",
                "aarch64-unknown-linux-gnu",
                "--format",
                "json",
            ],
            &[
                (
                    "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER",
                    env!("CARGO_BIN_EXE_xlinkdiag"),
                ),
                ("XLINKDIAG_LINKER", real),
            ],
        )
        .json()
    };
    let j = run("aarch64-linux-gnu-gcc");
    let f = check(&j, "cargo", "linker-flavor");
    assert_eq!(
        (f["status"].as_str(), f["value"].as_str()),
        (Some("ok"), Some("gnu-lld-cc")),
        "{f}"
    );
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("takes exactly those off"),
        "{f}"
    );

    let j = run("aarch64-linux-gnu-ld");
    let f = check(&j, "cargo", "linker-flavor");
    assert_eq!(f["status"], "warning", "{f}");
    assert!(
        f["help"][0]
            .as_str()
            .unwrap()
            .contains("xlinkdiag shim install --linker aarch64-linux-gnu-ld"),
        "{f}"
    );

    let j = run("cc");
    let l = check(&j, "cargo", "linker");
    assert_eq!(l["kind"], "wrong-linker", "{l}");
    assert!(
        l["env"]["XLINKDIAG_LINKER"]
            .as_str()
            .unwrap()
            .ends_with("-gcc"),
        "{l}"
    );
    assert!(
        l["env"]
            .get("CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER")
            .is_none(),
        "{l}"
    );

    // Not behind a plain xlinkdiag: no such check.
    let j = xlinkdiag(
        &dir,
        &[
            "doctor",
            "--target",
            "aarch64-unknown-linux-gnu",
            "--format",
            "json",
        ],
        &[(
            "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER",
            "aarch64-linux-gnu-gcc",
        )],
    )
    .json();
    assert!(!j["checks"].to_string().contains("linker-flavor"), "{j}");
}

/// The opposite trap: a global CC naming the cross compiler reaches the host's build
/// scripts.
#[test]
fn cross_compiler_in_global_cc_breaks_the_host() {
    let t = "cross_compiler_in_global_cc_breaks_the_host";
    if !require_all(t, &MIPS_TOOLS) {
        return;
    }
    let tmp = TempDir::new(t);
    let dir = project(&tmp.0, &["cc"], MIPS_LINKER_CONFIG);
    let r = doctor(&dir, &[("CC", "mips-linux-gnu-gcc -msoft-float")]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let j = r.json();
    // The target's compiler makes the right objects; only its C library is missing (a
    // warning in a project that links none).
    let cc = check(&j, "cc-rs", "c-compiler");
    assert_eq!(cc["status"], "warning", "{cc:#}");
    assert!(
        cc["message"]
            .as_str()
            .unwrap()
            .contains("gnu/stubs-o32_soft.h"),
        "{cc:#}"
    );
    let host = check(&j, "cc-rs", "host-c-compiler");
    assert_eq!(host["status"], "error", "{host:#}");
    assert_eq!(host["env"]["HOST_CC"], "cc");
}

/// Missing tools stop the build loudly: warnings, exit 0.
#[test]
fn missing_tools_warn() {
    let t = "missing_tools_warn";
    if !require_all(t, &MIPS_TOOLS) {
        return;
    }
    let tmp = TempDir::new(t);
    let dir = project(&tmp.0, &["cc"], MIPS_LINKER_CONFIG);
    let r = doctor(
        &dir,
        &[(
            "CC_mips_unknown_linux_musl",
            "/nonexistent/mips-openwrt-linux-gcc",
        )],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    let cc = check(&r.json(), "cc-rs", "c-compiler").clone();
    assert_eq!(
        (cc["status"].as_str(), cc["kind"].as_str()),
        (Some("warning"), Some("cross-tool-missing"))
    );
}

/// A CMake toolchain file naming the host's compiler.
#[test]
fn cmake_toolchain_file_is_checked() {
    let t = "cmake_toolchain_file_is_checked";
    if !require_all(t, &MIPS_TOOLS) {
        return;
    }
    let tmp = TempDir::new(t);
    let dir = project(&tmp.0, &["cmake", "cc"], MIPS_LINKER_CONFIG);
    let file = tmp.0.join("mips.cmake");
    fs::write(
        &file,
        "set(CMAKE_SYSTEM_NAME Linux)\nset(CMAKE_C_COMPILER gcc)\n",
    )
    .unwrap();
    let mut env: Vec<(&str, &str)> = GOOD_CC.to_vec();
    let f = file.display().to_string();
    env.push(("CMAKE_TOOLCHAIN_FILE_mips_unknown_linux_musl", &f));
    let r = doctor(&dir, &env);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let c = check(&r.json(), "cmake-rs", "toolchain-file").clone();
    assert_eq!(c["kind"], "wrong-architecture", "{c:#}");
    assert_eq!(c["from"], "CMAKE_TOOLCHAIN_FILE_mips_unknown_linux_musl");

    fs::write(
        &file,
        "set(CMAKE_C_COMPILER mips-linux-gnu-gcc)\nset(CMAKE_C_FLAGS -msoft-float)\n",
    )
    .unwrap();
    let c = check(&doctor(&dir, &env).json(), "cmake-rs", "toolchain-file").clone();
    // The toolchain file gives no flags to the probe: the hard-float default shows.
    assert_eq!(c["kind"], "abi-mismatch", "{c:#}");
}

/// pkg-config-rs and openssl-sys: refused, host's, and the SDK's.
#[test]
fn library_lookups() {
    let t = "library_lookups";
    if !require_all(t, &MIPS_TOOLS) {
        return;
    }
    let tmp = TempDir::new(t);
    let dir = project(&tmp.0, &["openssl-sys", "pkg-config"], MIPS_LINKER_CONFIG);
    let good: Vec<(&str, &str)> = GOOD_CC.to_vec();

    let j = doctor(&dir, &good).json();
    let pc = check(&j, "pkg-config-rs", "library-lookup");
    assert_eq!(
        (pc["status"].as_str(), pc["kind"].as_str()),
        (Some("warning"), Some("pkg-config-cross"))
    );
    assert_eq!(status(&j, "openssl-sys", "openssl"), "note");

    let mut allow = good.clone();
    allow.push(("PKG_CONFIG_ALLOW_CROSS", "1"));
    let r = doctor(&dir, &allow);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_eq!(
        check(&r.json(), "pkg-config-rs", "library-lookup")["kind"],
        "host-library-path"
    );

    // A host OpenSSL (made here with the host's gcc) in <TRIPLE>_OPENSSL_DIR.
    let host_ssl = tmp.0.join("host-ssl");
    fs::create_dir_all(host_ssl.join("lib")).unwrap();
    let c = tmp.0.join("ssl.c");
    fs::write(&c, "int ssl_stub(void) { return 0; }\n").unwrap();
    let o = tmp.0.join("ssl.o");
    assert!(
        Command::new("gcc")
            .arg("-c")
            .arg("-o")
            .arg(&o)
            .arg(&c)
            .status()
            .unwrap()
            .success()
    );
    assert!(
        Command::new("ar")
            .arg("crs")
            .arg(host_ssl.join("lib/libssl.a"))
            .arg(&o)
            .status()
            .unwrap()
            .success()
    );
    let hs = host_ssl.display().to_string();
    let mut host = good.clone();
    host.push(("MIPS_UNKNOWN_LINUX_MUSL_OPENSSL_DIR", &hs));
    let r = doctor(&dir, &host);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let ssl = check(&r.json(), "openssl-sys", "openssl").clone();
    assert_eq!(ssl["kind"], "host-library-path", "{ssl:#}");
    assert_eq!(ssl["from"], "MIPS_UNKNOWN_LINUX_MUSL_OPENSSL_DIR");

    // The OpenWrt-like SDK's settings, as `xlinkdiag env` prints them: all fine.
    let sdk = openwrt_sdk(&tmp.0, "mips_24kc");
    let sdk_s = sdk.display().to_string();
    let env_out = xlinkdiag(&tmp.0, &["env", "--toolchain", &sdk_s], &[]);
    assert_eq!(env_out.code, 0, "{}", env_out.stderr);
    let vars = parse_sh(&env_out.stdout);
    let r = doctor(&dir, &pairs(&vars));
    assert_eq!(r.code, 0, "{}", r.stdout);
    let j = r.json();
    assert_eq!(status(&j, "pkg-config-rs", "library-lookup"), "ok");
    let ssl = check(&j, "openssl-sys", "openssl");
    assert_eq!(ssl["status"], "ok", "{ssl:#}");
    assert_eq!(ssl["object"]["arch"], "mips");
}

/// Usage errors exit 2 with a message on stderr and nothing on stdout.
#[test]
fn usage_errors() {
    let tmp = TempDir::new("usage_errors");
    for args in [
        vec!["doctor", "--target", "no-such-target"],
        vec!["doctor"],
        vec![
            "doctor",
            "--target",
            MIPS,
            "--manifest-path",
            "/nonexistent/Cargo.toml",
        ],
    ] {
        let r = xlinkdiag(&tmp.0, &args, &[]);
        assert_eq!(r.code, 2, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stdout.is_empty() && r.stderr.starts_with("xlinkdiag: error:"),
            "{args:?}: {}",
            r.stderr
        );
    }
    // `[build] target` is the default target.
    let dir = project(
        &tmp.0,
        &[],
        "[build]\ntarget = \"mips-unknown-linux-musl\"\n",
    );
    let r = xlinkdiag(&dir, &["doctor", "--format", "json"], &[]);
    assert_eq!(r.json()["target"], MIPS, "{}", r.stderr);
}

/// `cargo --manifest-path` reads config from the current directory: doctor says the
/// project's own config will not apply.
#[test]
fn manifest_path_config_trap() {
    let t = "manifest_path_config_trap";
    if !require_all(t, &MIPS_TOOLS) {
        return;
    }
    let tmp = TempDir::new(t);
    let dir = project(&tmp.0, &["cc"], MIPS_LINKER_CONFIG);
    let manifest = dir.join("Cargo.toml").display().to_string();
    let r = xlinkdiag(
        &tmp.0,
        &[
            "doctor",
            "--target",
            MIPS,
            "--manifest-path",
            &manifest,
            "--format",
            "json",
        ],
        &[],
    );
    let j = r.json();
    let notes = j["notes"].to_string();
    assert!(notes.contains("will NOT be used"), "{notes}");
    assert_eq!(check(&j, "cargo", "linker")["kind"], "wrong-linker");
}

// ---------------------------------------------------------------------------
// End to end: env's settings link for real; the leaked CC fails; doctor knew
// ---------------------------------------------------------------------------

/// The story with an OpenWrt-like toolchain: `xlinkdiag env` → doctor passes →
/// the MIPS workspace links (and still links with CC=gcc leaked on top). With only the
/// linker set and CC=gcc leaked, doctor fails first, naming CC and the fix, and then the
/// real build fails at the link, where xlinkdiag (the linker) explains it.
#[test]
fn env_settings_link_and_leaked_cc_is_predicted() {
    let t = "env_settings_link_and_leaked_cc_is_predicted";
    if !require_all(t, &E2E_TOOLS) {
        return;
    }
    let tmp = TempDir::new(t);
    let sdk = openwrt_sdk(&tmp.0, "mips_24kc");
    let sdk_s = sdk.display().to_string();
    let env_out = xlinkdiag(&tmp.0, &["env", "--toolchain", &sdk_s], &[]);
    assert_eq!(env_out.code, 0, "{}", env_out.stderr);
    let vars = parse_sh(&env_out.stdout);
    let get = |k: &str| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let cc = get("CC_mips_unknown_linux_musl").expect("env sets CC_mips_unknown_linux_musl");
    assert!(cc.ends_with("/bin/mips-openwrt-linux-musl-gcc"), "{cc}");
    assert_eq!(
        get("CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER").as_deref(),
        Some(env!("CARGO_BIN_EXE_xlinkdiag"))
    );

    // (1) env's setup: doctor passes, the build links, the binary is soft-float MIPS.
    let p = Project::new(t, "mips-workspace");
    let good = pairs(&vars);
    let d = doctor_human(&p.dir, &good);
    assert_eq!(d.code, 0, "doctor failed env's own setup:\n{}", d.stdout);
    let b = cargo_build(&p, Toolchain::Nightly, MIPS, &good);
    support::assert_built(&b);
    assert!(!b.stderr.contains("uses -mhard-float"), "{}", b.stderr);
    let app = p.target_dir().join(MIPS).join("debug/app");
    assert_eq!(support::elf_machine(&app, 32, true), support::EM_MIPS);

    // (2) The same settings with CC=gcc leaked on top: per-target names win; still fine.
    let mut leaked_on_top = good.clone();
    leaked_on_top.push(("CC", "gcc"));
    assert_eq!(doctor(&p.dir, &leaked_on_top).code, 0);

    // (3) Only the linker from env, and a leaked CC=gcc: doctor says why, the build fails.
    let p2 = Project::new(t, "mips-workspace");
    let mut leaked: Vec<(&str, &str)> = good
        .iter()
        .copied()
        .filter(|(k, _)| k.ends_with("_LINKER") || *k == "STAGING_DIR")
        .collect();
    leaked.push(("CC", "gcc"));
    let d = doctor_human(&p2.dir, &leaked);
    assert_eq!(d.code, 1, "doctor passed a leaked CC:\n{}", d.stdout);
    for needle in [
        "error[wrong-architecture]: cc-rs c-compiler",
        "gcc, from CC;",
        "HOST_CC=gcc",
        &format!("CC_mips_unknown_linux_musl={cc}"),
    ] {
        assert!(
            d.stdout.contains(needle),
            "doctor output lacks {needle:?}:\n{}",
            d.stdout
        );
    }
    let b = cargo_build(&p2, Toolchain::Nightly, MIPS, &leaked);
    assert!(!b.succeeded(), "the leaked build linked:\n{}", b.stderr);
    for needle in [
        "Relocations in generic ELF (EM: 62)",
        "xlinkdiag: error[wrong-architecture]",
    ] {
        assert!(
            b.stderr.contains(needle),
            "cargo's stderr lacks {needle:?}:\n{}",
            b.stderr
        );
    }
}

/// A crate that asks pkg-config only with some features (zstd-sys without `pkg-config`, a
/// bundled libsqlite3-sys) gets no pkg-config warning; zstd-sys with the feature does. Real
/// crates from the registry; cargo's resolve says which features are on.
#[test]
fn pkg_config_follows_the_features() {
    let t = "pkg_config_follows_the_features";
    if !require(t, "cargo") {
        return;
    }
    let tmp = TempDir::new(t);
    let home = std::env::var("CARGO_HOME")
        .unwrap_or_else(|_| format!("{}/.cargo", std::env::var("HOME").unwrap_or_default()));
    let make = |name: &str, zstd_features: &str| -> PathBuf {
        let dir = tmp.0.join(name);
        fs::create_dir_all(dir.join("src")).unwrap();
        fs::write(dir.join("src/lib.rs"), "").unwrap();
        fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
                 [dependencies]\nzstd-sys = {{ version = \"2\", default-features = false{zstd_features} }}\n\
                 libsqlite3-sys = {{ version = \"0.30\", features = [\"bundled\"] }}\n\
                 openssl-sys = {{ version = \"0.9\", features = [\"vendored\"] }}\n"
            ),
        )
        .unwrap();
        let fetched = Command::new("cargo")
            .args(["fetch", "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_HOME", &home)
            .output()
            .unwrap();
        assert!(
            fetched.status.success(),
            "cargo fetch: {}",
            String::from_utf8_lossy(&fetched.stderr)
        );
        dir
    };
    let env = [("CARGO_HOME", home.as_str())];
    let plain = make("nopc", "");
    let j = xlinkdiag(
        &plain,
        &["doctor", "--target", A64, "--format", "json"],
        &env,
    )
    .json();
    assert_eq!(
        status(&j, "pkg-config-rs", "library-lookup"),
        "skipped",
        "{j:#}"
    );
    // A vendored openssl-sys reads no OpenSSL dir: nothing to say about one.
    let ssl = check(&j, "openssl-sys", "openssl");
    assert_eq!(ssl["status"], "skipped", "{j:#}");
    assert!(
        ssl["message"].as_str().unwrap().contains("vendored"),
        "{j:#}"
    );
    let with = make("withpc", ", features = [\"pkg-config\"]");
    let j = xlinkdiag(
        &with,
        &["doctor", "--target", A64, "--format", "json"],
        &env,
    )
    .json();
    let pc = check(&j, "pkg-config-rs", "library-lookup");
    assert_eq!(pc["status"], "warning", "{j:#}");
    assert_eq!(pc["kind"], "pkg-config-cross", "{j:#}");
}

// ---------------------------------------------------------------------------
// The target's C library (issue 21, item 9): compile a libc header, then link
// ---------------------------------------------------------------------------

/// Debian's MIPS gcc with `-msoft-float` makes the right objects, but its glibc is
/// hard-float only: C that includes <stdio.h> stops at `gnu/stubs-o32_soft.h`. Doctor used
/// to say 0 errors; a project that links a C library now gets an error naming the header
/// and saying no Debian package fixes it. A project whose final link is `-nostdlib` gets a
/// warning.
#[test]
fn mips_without_a_soft_float_libc() {
    let t = "mips_without_a_soft_float_libc";
    if !require_all(t, &MIPS_TOOLS) {
        return;
    }
    let tmp = TempDir::new(t);
    let with_libc = "[target.mips-unknown-linux-musl]\nlinker = \"mips-linux-gnu-gcc\"\n\
        rustflags = [\"-C\", \"link-arg=-msoft-float\"]\n";
    let dir = project(&tmp.0, &["cc"], with_libc);
    let r = doctor(&dir, &GOOD_CC);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let j = r.json();
    for (system, tool) in [("cc-rs", "c-compiler"), ("cargo", "linker")] {
        let c = check(&j, system, tool);
        assert_eq!(c["status"], "error", "{c:#}");
        let m = c["message"].as_str().unwrap();
        assert!(
            m.contains("cannot build C that uses the C library")
                && m.contains("`gnu/stubs-o32_soft.h` not found"),
            "{c:#}"
        );
        // The probe object itself fits: the machine and float ABI are right.
        assert_eq!(c["object"]["abi"]["float"], "soft", "{c:#}");
        let help = c["help"].to_string();
        assert!(
            help.contains("Debian's mips-linux-gnu cross compiler has no C library"),
            "{c:#}"
        );
    }

    fs::write(dir.join(".cargo/config.toml"), MIPS_LINKER_CONFIG).unwrap();
    let r = doctor(&dir, &GOOD_CC);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let j = r.json();
    let c = check(&j, "cc-rs", "c-compiler");
    assert_eq!(c["status"], "warning", "{c:#}");
    assert!(
        c["notes"].to_string().contains("`-nostdlib` (rustflags)"),
        "{c:#}"
    );
    // The final link takes no C library: the linker needs none.
    assert_eq!(status(&j, "cargo", "linker"), "ok");
}

/// The armv7 hard-float case: Debian's armel gcc (soft-float glibc) as the target's
/// compiler. cc-rs adds `-mfloat-abi=hard`, the object is right, and every C file that
/// includes a libc header stops at `gnu/stubs-hard.h`. Doctor names the compiler and the
/// packages that give the target a hard-float C library.
#[test]
fn armhf_target_with_the_armel_compiler() {
    let t = "armhf_target_with_the_armel_compiler";
    if !require_all(t, &["arm-linux-gnueabi-gcc", "arm-linux-gnueabihf-gcc"]) {
        return;
    }
    let tmp = TempDir::new(t);
    let cfg = "[target.armv7-unknown-linux-gnueabihf]\nlinker = \"arm-linux-gnueabihf-gcc\"\n";
    let dir = project(&tmp.0, &["cc"], cfg);
    let run = |cc: &str| {
        xlinkdiag(
            &dir,
            &[
                "doctor",
                "--target",
                "armv7-unknown-linux-gnueabihf",
                "--format",
                "json",
            ],
            &[("CC_armv7_unknown_linux_gnueabihf", cc)],
        )
    };
    let r = run("arm-linux-gnueabi-gcc");
    assert_eq!(r.code, 1, "{}", r.stdout);
    let j = r.json();
    let c = check(&j, "cc-rs", "c-compiler");
    assert_eq!(c["status"], "error", "{c:#}");
    assert_eq!(c["object"]["abi"]["float"], "hard", "{c:#}");
    assert!(
        c["message"]
            .as_str()
            .unwrap()
            .contains("`gnu/stubs-hard.h` not found"),
        "{c:#}"
    );
    let help = c["help"].to_string();
    assert!(
        help.contains("gcc-arm-linux-gnueabihf with libc6-dev-armhf-cross"),
        "{c:#}"
    );
    // The linker driver is the right one, with its C library.
    let l = check(&j, "cargo", "linker");
    assert_eq!(l["status"], "ok", "{l:#}");
    assert!(
        l["message"]
            .as_str()
            .unwrap()
            .contains("links against its C library"),
        "{l:#}"
    );

    let r = run("arm-linux-gnueabihf-gcc");
    assert_eq!(r.code, 0, "{}", r.stdout);
}

/// A compiler whose sysroot lacks the C library (clang with a sysroot of its own, as an
/// SDK's): no headers → the header; headers but no startup files → the file the link
/// missed; both say to put the C library into that sysroot.
#[test]
fn clang_with_a_sysroot_without_libc() {
    let t = "clang_with_a_sysroot_without_libc";
    if !require_all(t, &["clang-14", "aarch64-linux-gnu-gcc"]) {
        return;
    }
    let tmp = TempDir::new(t);
    let cfg = "[target.aarch64-unknown-linux-gnu]\nlinker = \"aarch64-linux-gnu-gcc\"\n";
    let dir = project(&tmp.0, &["cc"], cfg);
    let empty = tmp.mkdir("empty-sysroot");
    let headers = tmp.mkdir("headers-only/usr");
    std::os::unix::fs::symlink("/usr/aarch64-linux-gnu/include", headers.join("include")).unwrap();
    let headers = headers.parent().unwrap().to_path_buf();
    let run = |sysroot: &Path| {
        // lld: cc-rs adds `--target=aarch64-unknown-linux-gnu`, for which clang finds no
        // GNU ld of the target's and would run the host's.
        let cc = format!(
            "clang-14 -fuse-ld=lld --target=aarch64-linux-gnu --sysroot={} --gcc-toolchain={}",
            sysroot.display(),
            empty.display()
        );
        xlinkdiag(
            &dir,
            &["doctor", "--target", A64, "--format", "json"],
            &[("CC_aarch64_unknown_linux_gnu", &cc)],
        )
    };
    for (sysroot, missing) in [
        (&empty, "`stdio.h` not found"),
        (&headers, "`Scrt1.o` not found"),
    ] {
        let r = run(sysroot);
        assert_eq!(r.code, 1, "{}", r.stdout);
        let j = r.json();
        let c = check(&j, "cc-rs", "c-compiler");
        assert_eq!(c["status"], "error", "{c:#}");
        assert!(c["message"].as_str().unwrap().contains(missing), "{c:#}");
        let help = c["help"].to_string();
        assert!(
            help.contains(&format!("the toolchain's sysroot {}", sysroot.display())),
            "{c:#}"
        );
    }
}

// ---------------------------------------------------------------------------
// Deadlines that add up (issue 19, item 5)
// ---------------------------------------------------------------------------

/// A compiler that never answers: a script that sleeps forever.
fn hanging_tool(dir: &Path, name: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.join(name);
    fs::write(&p, "#!/bin/sh\nwhile :; do sleep 1; done\n").unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
    p
}

/// Doctor with a hanging compiler as CC (it is both the target's and the host's): it is
/// run once, killed at its limit, and every check that needed it is an error; the run ends
/// within its budget and exits 1 with a line naming the tool and the time. It used to probe
/// it seven times at 30 s each and exit 0.
#[test]
fn a_hanging_compiler_is_an_error_once() {
    let tmp = TempDir::new("a_hanging_compiler_is_an_error_once");
    let dir = project(&tmp.0, &["cc"], "");
    let hang = hanging_tool(&tmp.0, "hang-gcc");
    let hang_s = hang.display().to_string();
    let started = std::time::Instant::now();
    let r = xlinkdiag(
        &dir,
        &["doctor", "--target", A64, "--format", "json"],
        &[("CC", &hang_s), ("XLINKDIAG_PROBE_BUDGET", "4")],
    );
    let took = started.elapsed();
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(took < std::time::Duration::from_secs(12), "took {took:?}");
    let j = r.json();
    for tool in ["c-compiler", "host-c-compiler"] {
        let c = check(&j, "cc-rs", tool);
        assert_eq!(c["status"], "error", "{c:#}");
        assert!(c["message"].as_str().unwrap().contains(&hang_s), "{c:#}");
    }
    let d = check(&j, "xlinkdiag", "deadline");
    assert_eq!(d["status"], "error", "{d:#}");
    assert_eq!(d["from"], "XLINKDIAG_PROBE_BUDGET=4", "{d:#}");
    let m = d["message"].as_str().unwrap();
    assert!(m.contains(&format!("`{hang_s}` timed out after ")), "{d:#}");
    // Once: the hung tool appears once among the timed-out ones.
    assert_eq!(m.matches(&hang_s).count(), 1, "{d:#}");

    let h = xlinkdiag(
        &dir,
        &["doctor", "--target", A64],
        &[("CC", &hang_s), ("XLINKDIAG_PROBE_BUDGET", "2")],
    );
    assert_eq!(h.code, 1);
    assert!(
        h.stdout
            .contains("error: xlinkdiag deadline: probes ran out of time")
            && h.stdout.contains(&format!("`{hang_s}` timed out after")),
        "{}",
        h.stdout
    );

    // A budget that is not a number of seconds is a usage error, not "no limit".
    let bad = xlinkdiag(
        &dir,
        &["doctor", "--target", A64],
        &[("XLINKDIAG_PROBE_BUDGET", "soon")],
    );
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(
        bad.stderr.contains("XLINKDIAG_PROBE_BUDGET=soon"),
        "{}",
        bad.stderr
    );
}

/// `env` with a hanging toolchain: exit 1 within the budget, stderr naming the tool and
/// the time, nothing on stdout (so `eval` applies nothing).
#[test]
fn env_with_a_hanging_compiler_stops_in_time() {
    let tmp = TempDir::new("env_with_a_hanging_compiler_stops_in_time");
    hanging_tool(&tmp.0, "mips-hang-linux-gcc");
    let prefix = tmp.0.join("mips-hang-linux-").display().to_string();
    let started = std::time::Instant::now();
    let r = xlinkdiag(
        &tmp.0,
        &["env", "--target", MIPS, "--toolchain", &prefix],
        &[("XLINKDIAG_PROBE_BUDGET", "3")],
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.contains(&format!("`{prefix}gcc`")) && r.stderr.contains("s: killed")
            || r.stderr.contains("timed out after"),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------------------
// What rustc in use says about the linker flavor (issue 21, item 9)
// ---------------------------------------------------------------------------

/// Behind a plain xlinkdiag, the flavor check reports what the rustc in use says: Debian's
/// rustc-web links aarch64-unknown-linux-gnu with `gnu-cc` (no lld words to take off),
/// rustup's with `gnu-lld-cc`; a rustc that cannot answer leaves it unknown.
#[test]
fn linker_flavor_is_the_rustc_in_uses() {
    let t = "linker_flavor_is_the_rustc_in_uses";
    if !require_all(t, &["aarch64-linux-gnu-gcc", "/usr/bin/rustc"]) {
        return;
    }
    let tmp = TempDir::new(t);
    let dir = project(&tmp.0, &[], "");
    let run = |rustc: &str| {
        xlinkdiag(
            &dir,
            &["doctor", "--target", A64, "--format", "json"],
            &[
                (
                    "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER",
                    env!("CARGO_BIN_EXE_xlinkdiag"),
                ),
                ("XLINKDIAG_LINKER", "aarch64-linux-gnu-gcc"),
                ("RUSTC", rustc),
            ],
        )
        .json()
    };
    // What the rustc says for itself, asked the same way.
    let says = |rustc: &str| -> String {
        let out = Command::new(rustc)
            .args(["-Z", "unstable-options", "--print", "target-spec-json"])
            .args(["--target", A64])
            .env("RUSTC_BOOTSTRAP", "1")
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["linker-flavor"].as_str().unwrap().to_string()
    };
    let debian = says("/usr/bin/rustc");
    let j = run("/usr/bin/rustc");
    let f = check(&j, "cargo", "linker-flavor");
    assert_eq!(f["value"].as_str(), Some(debian.as_str()), "{f:#}");
    assert_eq!(f["status"], "ok", "{f:#}");
    if !debian.contains("lld") {
        assert!(
            f["message"].as_str().unwrap().contains("adds no lld flags"),
            "{f:#}"
        );
    }
    if crate::skips::runs("rustc", &["--version"]) {
        let j = run("rustc");
        let f = check(&j, "cargo", "linker-flavor");
        assert_eq!(f["value"].as_str(), Some(says("rustc").as_str()), "{f:#}");
    }
    let j = run("/nonexistent/rustc");
    let f = check(&j, "cargo", "linker-flavor");
    assert_eq!(
        (f["status"].as_str(), f["value"].as_str()),
        (Some("note"), None),
        "{f:#}"
    );
    assert!(
        f["message"].as_str().unwrap().contains("is unknown"),
        "{f:#}"
    );
}

// ---------------------------------------------------------------------------
// pkg-config dirs are checked for the crates' .pc files (issue 21, item 6)
// ---------------------------------------------------------------------------

/// alsa-sys asks pkg-config for `alsa`; the dir pkg-config will read (the target's
/// multiarch dir, as `xlinkdiag fix` would write) has no alsa.pc. Doctor warns and names
/// the package from the host's own: dpkg's records (a fake database under
/// XLINKDIAG_SYSTEM_ROOT) say libasound2-dev:amd64 owns the host's alsa.pc, so the target
/// needs libasound2-dev:arm64, after `dpkg --add-architecture arm64` (not enabled there).
#[test]
fn a_pc_file_missing_names_the_package() {
    let tmp = TempDir::new("a_pc_file_missing_names_the_package");
    let dir = project(&tmp.0, &["alsa-sys"], "");
    fs::write(
        dir.join("Cargo.lock"),
        "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"alsa-sys\"]\n\n\
         [[package]]\nname = \"alsa-sys\"\nversion = \"0.3.1\"\ndependencies = [\"libc\", \"pkg-config\"]\n\n\
         [[package]]\nname = \"pkg-config\"\nversion = \"0.3.32\"\n",
    )
    .unwrap();
    let root = tmp.mkdir("system-root");
    let info = root.join("var/lib/dpkg/info");
    fs::create_dir_all(&info).unwrap();
    fs::write(root.join("var/lib/dpkg/arch"), "amd64\n").unwrap();
    let host_pc = "/usr/lib/x86_64-linux-gnu/pkgconfig/alsa.pc";
    fs::write(
        info.join("libasound2-dev:amd64.list"),
        format!("/.\n{host_pc}\n"),
    )
    .unwrap();
    let real_pc = root.join(host_pc.trim_start_matches('/'));
    fs::create_dir_all(real_pc.parent().unwrap()).unwrap();
    fs::write(&real_pc, "Name: alsa\n").unwrap();
    let target_pc = tmp.mkdir("arm64-pkgconfig");
    let target_pc_s = target_pc.display().to_string();
    let root_s = root.display().to_string();
    let env = [
        ("PKG_CONFIG_ALLOW_CROSS", "1"),
        ("PKG_CONFIG_LIBDIR", target_pc_s.as_str()),
        ("XLINKDIAG_SYSTEM_ROOT", root_s.as_str()),
    ];
    let j = xlinkdiag(&dir, &["doctor", "--target", A64, "--format", "json"], &env).json();
    let pc = check(&j, "pkg-config-rs", "library-lookup");
    assert_eq!(pc["status"], "warning", "{pc:#}");
    assert!(
        pc["message"]
            .as_str()
            .unwrap()
            .contains("alsa.pc (alsa-sys)"),
        "{pc:#}"
    );
    assert!(
        pc["help"].to_string().contains(
            "dpkg --add-architecture arm64 && apt-get update && apt-get install libasound2-dev:arm64"
        ),
        "{pc:#}"
    );
    // With the target's alsa.pc there (and what it requires), the lookup is fine.
    fs::write(target_pc.join("alsa.pc"), "Name: alsa\nRequires: \n").unwrap();
    let j = xlinkdiag(&dir, &["doctor", "--target", A64, "--format", "json"], &env).json();
    let pc = check(&j, "pkg-config-rs", "library-lookup");
    assert_eq!(pc["status"], "ok", "{pc:#}");
}

/// `fix` whose toolchain probe hangs (`aarch64-linux-gnu-gcc` in PATH is a script that
/// never answers): it ends within the budget, says which tool timed out after how long,
/// and exits 1 even with `--apply`.
#[test]
fn fix_with_a_hanging_compiler_says_so() {
    let tmp = TempDir::new("fix_with_a_hanging_compiler_says_so");
    let dir = project(&tmp.0, &["cc"], "");
    let bin = tmp.mkdir("bin");
    let hang = hanging_tool(&bin, "aarch64-linux-gnu-gcc");
    let report = tmp.0.join("report.json");
    let finding = serde_json::json!({
        "version": 1,
        "target": A64,
        "findings": [{
            "kind": "wrong-architecture", "severity": "error",
            "path": "/build/target/aarch64-unknown-linux-gnu/debug/deps/libtinyz_sys-0123456789abcdef.rlib",
            "member": "tinyz.o",
            "found": {"format": "elf", "arch": "x86_64", "machine": 62, "bits": 64, "endian": "little"},
            "expected": {"arch": "aarch64", "format": "elf", "bits": 64, "endian": "little", "from": "x"},
            "crate": "tinyz_sys", "package": "tinyz-sys",
            "env": {
                "CC_aarch64_unknown_linux_gnu": "aarch64-linux-gnu-gcc",
                "HOST_CC": "gcc",
                "CC": "gcc"
            },
            "message": "crate `tinyz_sys` holds x86_64 objects",
            "provenance": {"build_system": "cc-rs", "compiler": "gcc", "compiler_from": "CC"},
            "help": []
        }]
    });
    fs::write(&report, finding.to_string()).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let started = std::time::Instant::now();
    let r = xlinkdiag(
        &dir,
        &["fix", "--from", report.to_str().unwrap(), "--apply"],
        &[("PATH", &path), ("XLINKDIAG_PROBE_BUDGET", "3")],
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(12),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "xlinkdiag: error: `{}` timed out after",
            hang.display()
        )),
        "{}",
        r.stderr
    );
}
