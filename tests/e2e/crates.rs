// Tests read the environment directly: the env door is for the tool.
#![allow(clippy::disallowed_methods)]
//! The per-crate knowledge (`src/cargo/sys_crates.rs`, issue 12 item 6) on the registry's
//! own -sys crates, cross-built for aarch64 with Debian's rustc-web: first with the host's
//! compiler leaked as a global `CC=gcc` (the most common mistake), then with the fix
//! xlinkdiag gave. Nothing is vendored here: cargo downloads the crates during the test.
//!
//! One workspace, one bin per crate, so that one crate's failure masks no other's (`cargo
//! build --keep-going`), and one target dir for both builds: the right build recompiles only
//! the C. The leaked build runs behind the shim, so a single build is seen by all four
//! modes: the shim's reports of each failed link, `scan` of the target dir, `annotate` of
//! cargo's log (the crates whose build script fails before any link are seen only there),
//! and `doctor` of the same environment.
//!
//! A missing toolchain skips with a line on stderr, and fails under `CI=true`
//! (tests/support).

use crate::skips::{require_all, skip};
use crate::support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use serde_json::Value;
use support::*;

const LINKER_VAR: &str = "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER";
const CROSS_GCC: &str = "/usr/bin/aarch64-linux-gnu-gcc";

/// How the leaked build of a crate fails.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Fails {
    /// Its build script succeeds with host objects: the link fails.
    AtLink,
    /// Its build script fails: only the log says why.
    InBuildScript,
}

struct Case {
    member: &'static str,
    package: &'static str,
    dependency: &'static str,
    /// A call that makes the link pull the crate's C.
    call: &'static str,
    fails: Fails,
    /// `provenance.build_system` as the table names it.
    build_system: &'static str,
}

/// The versions the table was read from (`read_off` in src/cargo/sys_crates.rs), pinned so
/// that a new release changes this test only on purpose.
const CASES: &[Case] = &[
    Case {
        member: "use-openssl",
        package: "openssl-sys",
        dependency: r#"openssl-sys = { version = "=0.9.118", features = ["vendored"] }
openssl-src = "=300.6.1""#,
        call: "println!(\"{}\", unsafe { openssl_sys::OpenSSL_version_num() });",
        fails: Fails::InBuildScript,
        build_system: "openssl-src Configure",
    },
    Case {
        member: "use-ring",
        package: "ring",
        dependency: r#"ring = "=0.17.14""#,
        call: "println!(\"{:?}\", ring::digest::digest(&ring::digest::SHA256, b\"x\"));",
        fails: Fails::AtLink,
        build_system: "cc-rs",
    },
    Case {
        member: "use-aws-lc",
        package: "aws-lc-sys",
        dependency: r#"aws-lc-sys = "=0.47.0""#,
        call: "println!(\"{}\", unsafe { aws_lc_sys::OpenSSL_version_num() });",
        fails: Fails::InBuildScript,
        build_system: "cc-rs",
    },
    Case {
        member: "use-sqlite",
        package: "libsqlite3-sys",
        dependency: r#"libsqlite3-sys = { version = "=0.40.0", features = ["bundled"] }"#,
        call: "println!(\"{}\", unsafe { libsqlite3_sys::sqlite3_libversion_number() });",
        fails: Fails::AtLink,
        build_system: "cc-rs",
    },
    Case {
        member: "use-zstd",
        package: "zstd-sys",
        dependency: r#"zstd-sys = "=2.1.3""#,
        call: "println!(\"{}\", unsafe { zstd_sys::ZSTD_versionNumber() });",
        fails: Fails::AtLink,
        build_system: "cc-rs",
    },
    Case {
        member: "use-libz",
        package: "libz-sys",
        dependency: r#"libz-sys = { version = "=1.1.33", features = ["static"] }"#,
        call: "println!(\"{:?}\", unsafe { libz_sys::zlibVersion() });",
        fails: Fails::AtLink,
        build_system: "cc-rs",
    },
    Case {
        member: "use-jemalloc",
        package: "tikv-jemalloc-sys",
        dependency: r#"tikv-jemalloc-sys = "=0.6.1""#,
        call: "println!(\"{:?}\", unsafe { tikv_jemalloc_sys::malloc(8) });",
        fails: Fails::AtLink,
        build_system: "autotools configure",
    },
    Case {
        member: "use-mimalloc",
        package: "libmimalloc-sys",
        dependency: r#"libmimalloc-sys = "=0.1.49""#,
        call: "println!(\"{:?}\", unsafe { libmimalloc_sys::mi_malloc(8) });",
        fails: Fails::AtLink,
        build_system: "cc-rs",
    },
    // 4.8.0 (librdkafka 2.3.0), as rdkafka 0.36 uses: librdkafka 2.12.1 (rdkafka-sys 4.10)
    // includes curl.h without curl (`#cmakedefine01 WITH_OAUTHBEARER_OIDC` tested with
    // #ifdef), natively too.
    Case {
        member: "use-rdkafka",
        package: "rdkafka-sys",
        dependency: r#"rdkafka-sys = { version = "=4.8.0", features = ["cmake-build"] }"#,
        call: "println!(\"{}\", unsafe { rdkafka_sys::rd_kafka_version() });",
        fails: Fails::AtLink,
        build_system: "cmake",
    },
];

fn xlinkdiag() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"));
    scrub(&mut cmd);
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Removes what a developer's shell or `cargo test` itself would leak into the builds.
fn scrub(cmd: &mut Command) {
    for (name, _) in std::env::vars_os() {
        if let Some(name) = name.to_str()
            && is_leaky_var(name)
        {
            cmd.env_remove(name);
        }
    }
}

fn write_workspace(ws: &Path) {
    let mut members = Vec::new();
    for c in CASES {
        let dir = ws.join(c.member);
        fs::create_dir_all(dir.join("src")).unwrap();
        fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"{}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{}\n",
                c.member, c.dependency
            ),
        )
        .unwrap();
        fs::write(
            dir.join("src/main.rs"),
            format!("fn main() {{\n    {}\n}}\n", c.call),
        )
        .unwrap();
        members.push(format!("\"{}\"", c.member));
    }
    fs::write(
        ws.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
}

/// `cargo build --workspace --keep-going` for aarch64 with Debian's rustc-web, in a clean
/// environment plus `env`; cargo's stderr is the build log.
fn build(ws: &Path, env: &BTreeMap<String, String>) -> (Output, String, f64) {
    let mut cmd = Command::new("/usr/bin/cargo");
    scrub(&mut cmd);
    cmd.env("RUSTC", "/usr/bin/rustc")
        .args(["build", "--workspace", "--keep-going", "--target", A64])
        .args(["--color", "never"])
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", ws.join("target"))
        .env("CARGO_TERM_COLOR", "never")
        .envs(env);
    let start = Instant::now();
    let out = cmd.output().expect("spawn /usr/bin/cargo");
    let log = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, log, start.elapsed().as_secs_f64())
}

fn json(out: &Output, what: &str) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{what}: stdout is not JSON ({e}):\n{}", text(out)))
}

/// `xlinkdiag doctor` in the workspace with `env`: its output and its JSON.
fn run_doctor(ws: &Path, env: &BTreeMap<String, String>, what: &str) -> (Output, Value) {
    let out = xlinkdiag()
        .args(["doctor", "--target", A64, "--format", "json"])
        .current_dir(ws)
        .envs(env)
        .output()
        .unwrap();
    let doc = json(&out, what);
    (out, doc)
}

fn findings(doc: &Value) -> Vec<&Value> {
    doc["findings"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn of_package<'a>(all: &[&'a Value], package: &str) -> Option<&'a Value> {
    all.iter()
        .copied()
        .find(|f| f["package"] == package && f["severity"] == "error")
}

fn help_text(f: &Value) -> String {
    f["help"]
        .as_array()
        .map(|h| {
            h.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

/// What every mode must say of a crate whose build met the leaked CC: the crate, its build
/// system, the compiler and the variable it came from, and the target's own compiler in the
/// fix with the host's kept as HOST_CC.
fn assert_diagnosis(f: &Value, c: &Case, mode: &str) {
    let ctx = || format!("{mode}, {}: {f:#}", c.package);
    let prov = &f["provenance"];
    assert_eq!(prov["build_system"], c.build_system, "{}", ctx());
    let env = &f["env"];
    // Named after the linker each mode saw: bare, the real linker's path (the shim), or the
    // path in the log's link command (annotate).
    let tool = |var: &str| {
        let v = env[var].as_str().unwrap_or_default();
        v.rsplit('/').next().unwrap_or(v).to_string()
    };
    assert_eq!(
        tool("CC_aarch64_unknown_linux_gnu"),
        "aarch64-linux-gnu-gcc",
        "{}",
        ctx()
    );
    // The crate's own words: each row's text names its package.
    assert!(
        help_text(f).contains(c.package),
        "{}: no word of the crate's own build in the help",
        ctx()
    );
    if c.build_system == "cmake" {
        // cmake's cache holds the full path cc-rs handed it.
        assert_eq!(prov["compiler"], "/usr/bin/gcc", "{}", ctx());
        assert_eq!(
            tool("CXX_aarch64_unknown_linux_gnu"),
            "aarch64-linux-gnu-g++",
            "{}",
            ctx()
        );
    } else {
        assert_eq!(prov["compiler"], "gcc", "{}", ctx());
        assert_eq!(prov["compiler_from"], "CC", "{}", ctx());
        assert_eq!(env["HOST_CC"], "gcc", "{}", ctx());
    }
}

#[test]
fn registry_sys_crates_with_a_leaked_cc_then_the_fix() {
    let test = "registry_sys_crates_with_a_leaked_cc_then_the_fix";
    if !require_all(
        test,
        &[
            "/usr/bin/cargo with arm64 std",
            "aarch64-linux-gnu-gcc",
            "aarch64-linux-gnu-g++",
            "cmake",
            "make",
            "perl",
        ],
    ) {
        return;
    }
    let tmp = TempDir::new("crates-e2e");
    let ws = tmp.path("ws");
    write_workspace(&ws);
    let target = ws.join("target");

    // The shim under the cross gcc's own name, pinned to it.
    let shims = tmp.path("shims");
    let out = xlinkdiag()
        .args(["shim", "install", "--target", A64, "--linker", CROSS_GCC])
        .arg(&shims)
        .output()
        .unwrap();
    assert!(out.status.success(), "shim install\n{}", text(&out));
    let shim = shims.join("aarch64-linux-gnu-gcc");

    // (1) The leaked build.
    let mut leaked: BTreeMap<String, String> = BTreeMap::new();
    leaked.insert("CC".into(), "gcc".into());
    leaked.insert(LINKER_VAR.into(), shim.display().to_string());
    let (out, log, secs) = build(&ws, &leaked);
    let _ = writeln_stderr(&format!("e2e crates: leaked build {secs:.0}s"));
    if !out.status.success()
        && log.contains("failed to get `")
        && xlinkdiag::env::var("CI").is_none_or(|v| v != "true")
    {
        skip(test, "registry access", "the registry is not reachable");
        return;
    }
    assert!(!out.status.success(), "the leaked build linked:\n{log}");
    let log_file = tmp.path("build.log");
    fs::write(&log_file, &log).unwrap();

    // How each crate failed: at its link, or in its build script.
    for c in CASES {
        let at_link = log.contains(&format!("could not compile `{}`", c.member));
        let in_script = log.contains(&format!(
            "failed to run custom build command for `{} v",
            c.package
        ));
        match c.fails {
            Fails::AtLink => assert!(at_link && !in_script, "{}: {log}", c.package),
            Fails::InBuildScript => assert!(in_script, "{}: {log}", c.package),
        }
    }

    // The shim: a report per failed link, naming the crate it linked.
    let links = target.join("xlinkdiag/links");
    let mut shim_findings: Vec<Value> = Vec::new();
    for e in fs::read_dir(&links).unwrap_or_else(|e| panic!("{}: {e}\n{log}", links.display())) {
        let doc: Value = serde_json::from_slice(&fs::read(e.unwrap().path()).unwrap()).unwrap();
        shim_findings.extend(findings(&doc).into_iter().cloned());
    }
    assert!(
        log.contains("xlinkdiag: error[wrong-architecture]"),
        "the shim said nothing after the failed links:\n{log}"
    );
    let shim_refs: Vec<&Value> = shim_findings.iter().collect();

    // scan of the target dir.
    let scan = xlinkdiag()
        .arg("scan")
        .arg(&target)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(scan.status.code(), Some(1), "scan\n{}", text(&scan));
    let scan_doc = json(&scan, "scan");
    let scanned = findings(&scan_doc);

    // annotate of the log, with the files.
    let ann = xlinkdiag()
        .arg("annotate")
        .arg(&log_file)
        .arg("--target-dir")
        .arg(&target)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let ann_doc = json(&ann, "annotate");
    let annotated = findings(&ann_doc);

    let mut fix: BTreeMap<String, String> = BTreeMap::new();
    for c in CASES {
        let modes: Vec<(&str, &[&Value])> = match c.fails {
            Fails::AtLink => vec![
                ("shim", &shim_refs),
                ("scan", &scanned),
                ("annotate", &annotated),
            ],
            Fails::InBuildScript => vec![("annotate", &annotated)],
        };
        for (mode, all) in modes {
            let f = of_package(all, c.package).unwrap_or_else(|| {
                panic!(
                    "{mode} names no error of {}:\n{}",
                    c.package,
                    serde_json::to_string_pretty(all).unwrap()
                )
            });
            if c.fails == Fails::InBuildScript {
                assert_eq!(f["kind"], "wrong-compiler", "{mode}: {f:#}");
            } else {
                assert_eq!(f["kind"], "wrong-architecture", "{mode}: {f:#}");
            }
            assert_diagnosis(f, c, mode);
            if let Some(env) = f["env"].as_object() {
                for (k, v) in env {
                    fix.insert(k.clone(), v.as_str().unwrap_or_default().to_string());
                }
            }
        }
    }

    // doctor in the same environment: the leaked CC is an error before any build.
    let (doc, doctor) = run_doctor(&ws, &leaked, "doctor");
    let leaked_cc = doctor["checks"].as_array().is_some_and(|checks| {
        checks.iter().any(|c| {
            c["status"] == "error"
                && c["kind"] == "wrong-architecture"
                && c["value"] == "gcc"
                && c["from"] == "CC"
        })
    });
    assert!(leaked_cc, "doctor does not blame CC=gcc:\n{}", text(&doc));
    // None of these crates asks pkg-config with these features (libz-sys `static`,
    // rdkafka-sys `cmake-build`, aws-lc-sys builds its own): no warning about it.
    assert_eq!(doctor["warnings"], 0, "doctor warns:\n{}", text(&doc));

    // (2) The fix, as every mode gave it: the leaked CC goes (kept for the host as
    // HOST_CC), the target gets its own tools. Same target dir: only the C is rebuilt,
    // after the clean the help asks for where cmake keeps a cache (found on the way: cmake
    // re-configures a build dir made with another compiler without the crate's -D options).
    for c in CASES.iter().filter(|c| c.build_system == "cmake") {
        let clean = format!("cargo clean -p {} --target <target>", c.package);
        let f = of_package(&scanned, c.package).unwrap();
        assert!(help_text(f).contains(&clean), "no `{clean}` in {f:#}");
        let mut cmd = Command::new("/usr/bin/cargo");
        scrub(&mut cmd);
        let out = cmd
            .env("RUSTC", "/usr/bin/rustc")
            .args(["clean", "-p", c.package, "--target", A64])
            .current_dir(&ws)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap();
        assert!(out.status.success(), "cargo clean\n{}", text(&out));
    }
    let mut right = fix.clone();
    right.insert(LINKER_VAR.into(), shim.display().to_string());
    let (out, log, secs) = build(&ws, &right);
    let _ = writeln_stderr(&format!("e2e crates: right build {secs:.0}s, env {fix:?}"));
    assert!(out.status.success(), "the fixed build failed:\n{log}");
    assert!(
        !log.contains("xlinkdiag:"),
        "the shim spoke on good links:\n{log}"
    );
    let scan = xlinkdiag()
        .arg("scan")
        .arg(&target)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let clean = json(&scan, "scan after the fix");
    let errors: Vec<&Value> = findings(&clean)
        .into_iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert!(
        errors.is_empty() && scan.status.code() == Some(0),
        "scan after the fix\n{}",
        text(&scan)
    );
    // Every binary is an aarch64 executable.
    for c in CASES {
        let bin: PathBuf = target.join(A64).join("debug").join(c.member);
        assert_eq!(elf_machine(&bin, 64, false), 183, "{}", bin.display());
    }
    let (doc, doctor) = run_doctor(&ws, &right, "doctor after the fix");
    assert_eq!(
        (doc.status.code(), &doctor["errors"], &doctor["warnings"]),
        (Some(0), &Value::from(0), &Value::from(0)),
        "doctor after the fix\n{}",
        text(&doc)
    );
}

/// Straight to the process's stderr: libtest captures eprintln! of a passing test, and the
/// build times are the CI budget's figures.
fn writeln_stderr(s: &str) -> std::io::Result<()> {
    use std::io::Write;
    writeln!(std::io::stderr(), "{s}")
}
