//! `xlinkdiag annotate` on real CI logs of real failing cross builds (testdata/*/cargo-build.*,
//! testdata/linker-stderr/*.cargo.txt, testdata/logs/), in both cargo formats, with and
//! without their target dir, clean and decorated the way CI systems decorate them.
//! Issue 4.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use crate::support;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn data(rel: &str) -> String {
    root()
        .join("testdata")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

struct Run<'a> {
    args: Vec<String>,
    cwd: Option<&'a Path>,
    env: Vec<(&'a str, String)>,
    stdin: Option<Vec<u8>>,
}

fn run(args: &[&str]) -> Output {
    Run::new(args).go()
}

impl<'a> Run<'a> {
    fn new(args: &[&str]) -> Run<'a> {
        Run {
            args: args.iter().map(|s| s.to_string()).collect(),
            cwd: None,
            env: Vec::new(),
            stdin: None,
        }
    }

    fn go(self) -> Output {
        let mut c = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"));
        c.args(&self.args)
            .env_remove("GITHUB_STEP_SUMMARY")
            .env_remove("GITHUB_WORKSPACE")
            .env_remove("CI_PROJECT_DIR")
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        if let Some(d) = self.cwd {
            c.current_dir(d);
        }
        match self.stdin {
            None => c.stdin(Stdio::null()).output().expect("run xlinkdiag"),
            Some(input) => {
                c.stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped());
                let mut child = c.spawn().expect("run xlinkdiag");
                let mut stdin = child.stdin.take().unwrap();
                let writer = std::thread::spawn(move || {
                    use std::io::Write;
                    let _ = stdin.write_all(&input);
                });
                let out = child.wait_with_output().unwrap();
                writer.join().unwrap();
                out
            }
        }
    }
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn annotate_json(log: &str, extra: &[&str]) -> (Option<i32>, Value) {
    let mut args = vec!["annotate", log, "--format", "json"];
    args.extend(extra);
    let out = run(&args);
    (out.status.code(), json(&out))
}

fn findings(doc: &Value) -> &Vec<Value> {
    doc["findings"].as_array().expect("findings is a list")
}

fn crates(doc: &Value) -> BTreeSet<String> {
    findings(doc)
        .iter()
        .filter_map(|f| f["crate"].as_str().map(str::to_string))
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// What `xlinkdiag scan` names on a sample: the reference annotate must agree with.
fn scan_crates(dir: &str) -> BTreeSet<String> {
    let out = run(&["scan", dir, "--format", "json"]);
    crates(&json(&out))
}

const MIPS3: [&str; 3] = ["cmlib_sys", "miniz_sys", "zstd_sys"];

#[test]
fn with_the_target_dir_annotate_names_the_scans_culprits() {
    let cases = [
        ("mips-leaked-cc/cargo-build.log", "mips-leaked-cc/target"),
        ("mips-leaked-cc/cargo-build.json", "mips-leaked-cc/target"),
        (
            "mips-leaked-cc-newlayout/cargo-build.log",
            "mips-leaked-cc-newlayout/target",
        ),
        (
            "mips-leaked-cc-newlayout/cargo-build.json",
            "mips-leaked-cc-newlayout/target",
        ),
        (
            "mips-leaked-cc-builddir/cargo-build.log",
            "mips-leaked-cc-builddir/build",
        ),
    ];
    for (log, dir) in cases {
        let (code, doc) = annotate_json(&data(log), &["--target-dir", &data(dir)]);
        assert_eq!(code, Some(1), "{log}");
        assert_eq!(doc["target"], "mips-unknown-linux-musl", "{log}");
        assert!(
            doc["inspected"].as_u64().unwrap() > 0,
            "{log}: no file read"
        );
        let want = scan_crates(&data(dir));
        assert_eq!(want, set(&MIPS3), "scan of {dir}");
        assert_eq!(crates(&doc), want, "{log}");
        for f in findings(&doc) {
            assert_eq!(f["kind"], "wrong-architecture", "{log}: {f}");
            assert_eq!(f["found"]["arch"], "x86_64", "{log}: {f}");
            // The fix is named after the failed link's own toolchain.
            assert_eq!(
                f["env"]["CC_mips_unknown_linux_musl"], "mips-linux-gnu-gcc",
                "{log}: {f}"
            );
            assert!(f["provenance"]["build_system"].is_string(), "{log}: {f}");
        }
    }
}

#[test]
fn without_files_the_linkers_words_name_the_crate_and_the_fix() {
    let cases: [(&str, &[&str], &str); 8] = [
        // GNU ld stops at the first bad archive: only zstd_sys is named.
        (
            "mips-leaked-cc/cargo-build.log",
            &["zstd_sys"],
            "mips-unknown-linux-musl",
        ),
        (
            "mips-leaked-cc/cargo-build.json",
            &["zstd_sys"],
            "mips-unknown-linux-musl",
        ),
        (
            "logs/leaked-cc-verbose.log",
            &["zstd_sys"],
            "mips-unknown-linux-musl",
        ),
        (
            "linker-stderr/gnu-ld-mips.cargo.txt",
            &["zstd_sys"],
            "mips-unknown-linux-musl",
        ),
        // lld names every bad member.
        (
            "linker-stderr/lld-mips.cargo.txt",
            &MIPS3,
            "mips-unknown-linux-musl",
        ),
        (
            "linker-stderr/lld-aarch64.cargo.txt",
            &["tinyz_sys"],
            "aarch64-unknown-linux-gnu",
        ),
        (
            "linker-stderr/gnu-ld-aarch64.cargo.txt",
            &["tinyz_sys"],
            "aarch64-unknown-linux-gnu",
        ),
        // mold names only the member; the link line says whose it is.
        (
            "linker-stderr/mold-aarch64.cargo.txt",
            &["tinyz_sys"],
            "aarch64-unknown-linux-gnu",
        ),
    ];
    for (log, want, target) in cases {
        let (code, doc) = annotate_json(&data(log), &[]);
        assert_eq!(code, Some(1), "{log}");
        assert_eq!(
            doc["inspected"], 0,
            "{log}: the files are gone, none may be read"
        );
        assert_eq!(doc["target"], target, "{log}");
        assert_eq!(crates(&doc), set(want), "{log}");
        let us = target.replace('-', "_");
        for f in findings(&doc) {
            assert_eq!(f["kind"], "wrong-architecture", "{log}: {f}");
            assert!(f["env"][format!("CC_{us}")].is_string(), "{log}: {f}");
            assert!(f["env"][format!("AR_{us}")].is_string(), "{log}: {f}");
            let notes = f["notes"].to_string();
            assert!(notes.contains("from the log alone"), "{log}: {f}");
        }
    }
    // With the shim as the linker the log holds its diagnosis of every input: all three
    // culprits, though GNU ld named one, with the global CC it found.
    let (code, doc) = annotate_json(&data("logs/shim-leaked-cc.log"), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(doc["inspected"], 0);
    assert_eq!(crates(&doc), set(&MIPS3), "{doc:#}");
    let miniz = findings(&doc)
        .iter()
        .find(|f| f["crate"] == "miniz_sys")
        .unwrap();
    assert_eq!(miniz["env"]["HOST_CC"], "gcc", "{miniz}");
    assert_eq!(miniz["package"], "miniz-sys", "{miniz}");
    assert_eq!(miniz["members"].as_array().unwrap().len(), 2, "{miniz}");
    // `Relocations in generic ELF (EM: 62)` says what the objects are.
    let (_, doc) = annotate_json(&data("mips-leaked-cc/cargo-build.log"), &[]);
    assert_eq!(findings(&doc)[0]["found"]["arch"], "x86_64");
    assert_eq!(findings(&doc)[0]["package"], "zstd-sys");
}

/// A real log, the kind it shows, the culprit crate, and a variable the fix sets (with its
/// value when it matters).
type KindCase = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<(&'static str, &'static str)>,
);

#[test]
fn every_kind_from_a_real_log() {
    // The OpenSSL fix's dir depends on what is installed: checked below, on system roots.
    let cases: &[KindCase] = &[
        (
            "logs/proc-macro.log",
            "proc-macro-unavailable",
            Some("pm_user"),
            None,
        ),
        (
            "logs/proc-macro.json.log",
            "proc-macro-unavailable",
            Some("pm_user"),
            None,
        ),
        (
            "logs/cc-tool-missing.log",
            "cross-tool-missing",
            Some("miniz_sys"),
            Some(("CC_mips_unknown_linux_musl", "")),
        ),
        (
            "logs/cc-tool-missing.json.log",
            "cross-tool-missing",
            Some("miniz_sys"),
            Some(("CC_mips_unknown_linux_musl", "")),
        ),
        // No MIPS musl sysroot on this machine: the fix names the variables in words and
        // sets no path that is not here (checked below).
        (
            "logs/pkg-config-cross.log",
            "pkg-config-cross",
            Some("pc_sys"),
            None,
        ),
        (
            "logs/openssl-not-found.log",
            "openssl-not-found",
            Some("openssl_sys"),
            None,
        ),
        (
            "logs/openssl-not-found.json.log",
            "openssl-not-found",
            Some("openssl_sys"),
            None,
        ),
        (
            "logs/openssl-host-lib.log",
            "host-library-path",
            Some("openssl_sys"),
            None,
        ),
        (
            "logs/linker-not-found.log",
            "linker-not-found",
            Some("app"),
            None,
        ),
        (
            "logs/linker-not-found.json.log",
            "linker-not-found",
            Some("app"),
            Some(("CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER", "")),
        ),
        (
            "logs/wrong-linker.log",
            "wrong-linker",
            None,
            Some((
                "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER",
                "aarch64-linux-gnu-gcc",
            )),
        ),
        (
            "logs/endianness.log",
            "wrong-architecture",
            Some("miniz_sys"),
            Some(("CC_mips_unknown_linux_musl", "mips-linux-gnu-gcc")),
        ),
        (
            "logs/missing-atomics.log",
            "missing-atomics",
            Some("atomics_sys"),
            Some((
                "CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_RUSTFLAGS",
                "-C link-arg=-latomic",
            )),
        ),
        (
            "logs/libc-mismatch.log",
            "libc-mismatch",
            Some("fortify_sys"),
            Some(("CC_mips_unknown_linux_musl", "mips-linux-musl-gcc")),
        ),
        (
            "logs/pic-mismatch.log",
            "pic-mismatch",
            Some("nopic_sys"),
            Some(("CFLAGS_aarch64_unknown_linux_gnu", "-fPIC")),
        ),
        (
            "mips-hardfloat-cc/cargo-build.log",
            "abi-mismatch",
            Some("zstd_sys"),
            Some(("CFLAGS_mips_unknown_linux_musl", "-msoft-float")),
        ),
    ];
    for (log, kind, krate, var) in cases {
        let (code, doc) = annotate_json(&data(log), &[]);
        assert_eq!(code, Some(1), "{log}");
        let f = findings(&doc)
            .iter()
            .find(|f| f["kind"] == *kind && f["crate"].as_str() == *krate)
            .unwrap_or_else(|| panic!("{log}: no {kind} for {krate:?} in {doc:#}"));
        assert!(!f["message"].as_str().unwrap().is_empty());
        if let Some((name, value)) = var {
            let got = f["env"][*name]
                .as_str()
                .unwrap_or_else(|| panic!("{log}: no {name} in {f}"));
            if !value.is_empty() {
                assert_eq!(got, *value, "{log}");
            }
        }
    }
    let (_, doc) = annotate_json(&data("logs/pkg-config-cross.log"), &[]);
    let f = &findings(&doc)[0];
    assert!(
        f["env"].as_object().is_some_and(|e| e.is_empty())
            && f["help"][0]
                .as_str()
                .is_some_and(|h| h.contains("PKG_CONFIG_SYSROOT_DIR_mips_unknown_linux_musl")),
        "{f}"
    );
    // The fix names the target's OpenSSL dir only where it is: a Debian machine's system root
    // with libssl-dev:arm64 (XLINKDIAG_SYSTEM_ROOT), then one without it.
    let with = support::TempDir::new("annotate-arm64-openssl");
    let without = support::TempDir::new("annotate-no-openssl");
    for (root, files) in [
        (
            &with,
            &["usr/bin/dpkg", "usr/lib/aarch64-linux-gnu/libssl.so"][..],
        ),
        (&without, &["usr/bin/dpkg"][..]),
    ] {
        for f in files {
            let path = root.path(f);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "").unwrap();
        }
    }
    let multiarch = with.path("usr/lib/aarch64-linux-gnu");
    for log in [
        "logs/openssl-not-found.log",
        "logs/openssl-not-found.json.log",
        "logs/openssl-host-lib.log",
    ] {
        let openssl = |root: &support::TempDir| {
            let mut r = Run::new(&["annotate", &data(log), "--format", "json"]);
            r.env
                .push(("XLINKDIAG_SYSTEM_ROOT", root.0.display().to_string()));
            let doc = json(&r.go());
            findings(&doc)
                .iter()
                .find(|f| f["crate"] == "openssl_sys")
                .unwrap_or_else(|| panic!("{log}: no openssl_sys finding in {doc:#}"))
                .clone()
        };
        let f = openssl(&with);
        assert_eq!(
            f["env"]["AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_LIB_DIR"],
            multiarch.to_str().unwrap(),
            "{log}: {f:#}"
        );
        let f = openssl(&without);
        assert!(
            f["env"]["AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_LIB_DIR"].is_null(),
            "{log}: a dir that is not there is named: {f:#}"
        );
        assert!(f.to_string().contains("libssl-dev:arm64"), "{log}: {f:#}");
    }
    // The host's cc rejecting rustc's own objects is the linker's fault alone.
    let (_, doc) = annotate_json(&data("logs/wrong-linker.log"), &[]);
    assert_eq!(findings(&doc).len(), 1, "{doc:#}");
    // A little-endian compiler for a big-endian target: all three, byte order named.
    let (_, doc) = annotate_json(&data("logs/endianness.log"), &[]);
    assert_eq!(crates(&doc), set(&MIPS3));
    assert!(
        findings(&doc)
            .iter()
            .all(|f| f["found"]["endian"] == "little")
    );
    // cc-rs's `Compiler family detection failed` warning is no failure; the error is.
    let (_, doc) = annotate_json(&data("logs/cc-tool-missing.log"), &[]);
    assert_eq!(findings(&doc).len(), 1, "{doc:#}");
    assert!(
        findings(&doc)[0]["message"]
            .as_str()
            .unwrap()
            .contains("mips-linux-musl-gcc")
    );
}

/// Copies the MIPS sample's target dir to `<tmp>/ws/target` and returns `<tmp>`.
fn copy_sample(name: &str) -> PathBuf {
    let tmp =
        std::env::temp_dir().join(format!("xlinkdiag-annotate-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    copy_dir(
        &root().join("testdata/mips-leaked-cc/target"),
        &tmp.join("ws/target"),
    );
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            fs::copy(e.path(), dest).unwrap();
        }
    }
}

const SAMPLE_WS: &str = "/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc/mips-workspace";

#[test]
fn the_target_dir_is_found_from_the_logs_paths() {
    let tmp = copy_sample("found");
    // Where the log says, when the build machine's paths exist here.
    for name in ["cargo-build.log", "cargo-build.json"] {
        let text = fs::read_to_string(data(&format!("mips-leaked-cc/{name}"))).unwrap();
        assert!(text.contains(SAMPLE_WS));
        let moved = tmp.join(name);
        fs::write(
            &moved,
            text.replace(SAMPLE_WS, &tmp.join("ws").to_string_lossy()),
        )
        .unwrap();
        let (code, doc) = annotate_json(&moved.to_string_lossy(), &[]);
        assert_eq!(code, Some(1));
        assert_eq!(crates(&doc), set(&MIPS3), "{name}");
    }
    // Under the current dir by the tail of the log's target dir (`…/mips-workspace/target`
    // → ./target), as in a checkout of the same workspace.
    let out = Run {
        cwd: Some(&tmp.join("ws")),
        ..Run::new(&[
            "annotate",
            &data("mips-leaked-cc/cargo-build.log"),
            "--format",
            "json",
        ])
    }
    .go();
    assert_eq!(crates(&json(&out)), set(&MIPS3));
    let _ = fs::remove_dir_all(&tmp);
}

#[test]
fn the_shims_report_in_the_target_dir_is_read() {
    // The same report tied to another link's output is not taken.
    {
        let tmp =
            std::env::temp_dir().join(format!("xlinkdiag-annotate-stale-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        fs::create_dir_all(tmp.join("target/xlinkdiag")).unwrap();
        let scan = run(&["scan", &data("mips-leaked-cc/target"), "--format", "json"]);
        let mut report: Value = serde_json::from_slice(&scan.stdout).unwrap();
        report["link"] = serde_json::json!({"output": "/elsewhere/deps/other-0", "linker": "x", "time": 0, "digest": "0"});
        fs::write(
            tmp.join("target/xlinkdiag/last-link.json"),
            serde_json::to_vec(&report).unwrap(),
        )
        .unwrap();
        let (_, doc) = annotate_json(
            &data("logs/missing-atomics.log"),
            &["--target-dir", &tmp.join("target").to_string_lossy()],
        );
        assert!(!crates(&doc).contains("miniz_sys"), "{doc:#}");
        let _ = fs::remove_dir_all(&tmp);
    }
    let tmp =
        std::env::temp_dir().join(format!("xlinkdiag-annotate-report-{}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(tmp.join("target/xlinkdiag")).unwrap();
    // The shim writes the scan's JSON document for its link; here that of the real sample,
    // in a target dir that holds nothing else.
    let scan = run(&["scan", &data("mips-leaked-cc/target"), "--format", "json"]);
    // The shim ties its report to the link it is about; annotate takes it for that link only.
    let mut report: Value = serde_json::from_slice(&scan.stdout).unwrap();
    report["link"] = serde_json::json!({"output": LEAKED_CC_OUTPUT, "linker": "mips-linux-gnu-gcc", "time": 0, "digest": "0"});
    fs::write(
        tmp.join("target/xlinkdiag/last-link.json"),
        serde_json::to_vec(&report).unwrap(),
    )
    .unwrap();
    let (code, doc) = annotate_json(
        &data("mips-leaked-cc/cargo-build.log"),
        &["--target-dir", &tmp.join("target").to_string_lossy()],
    );
    assert_eq!(code, Some(1));
    assert_eq!(crates(&doc), set(&MIPS3), "{doc:#}");
    let _ = fs::remove_dir_all(&tmp);
}

/// The output of the failed link in `mips-leaked-cc/cargo-build.log`.
const LEAKED_CC_OUTPUT: &str = "/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc/mips-workspace/target/mips-unknown-linux-musl/debug/deps/app-375836af505e33f3";

/// CI decorations: GitHub timestamps, docker BuildKit prefixes, bitbake's `| `, colour, CRLF,
/// and a path wrapped in the middle. Each must give what the clean log gives.
#[test]
fn messy_logs_give_what_clean_ones_give() {
    type Decorate = fn(&str) -> String;
    let decorations: [(&str, Decorate); 6] = [
        ("github", |l| {
            l.lines()
                .enumerate()
                .map(|(i, x)| format!("2026-11-26T06:12:{:02}.1234567Z {x}\n", i % 60))
                .collect()
        }),
        ("docker", |l| {
            l.lines()
                .enumerate()
                .map(|(i, x)| format!("#12 {}.{:02} {x}\n", 3 + i / 10, i % 100))
                .collect()
        }),
        ("bitbake", |l| {
            l.lines().map(|x| format!("| {x}\n")).collect()
        }),
        ("ansi-crlf", |l| {
            l.lines()
                .map(|x| {
                    let x = x
                        .replacen("error", "\x1b[0m\x1b[1m\x1b[38;5;9merror\x1b[0m", 1)
                        .replacen(
                            "= note",
                            "\x1b[0m\x1b[1m\x1b[38;5;12m= \x1b[0m\x1b[1mnote\x1b[0m",
                            1,
                        )
                        .replacen("Compiling", "\x1b[1m\x1b[92mCompiling\x1b[0m", 1);
                    format!("{x}\r\n")
                })
                .collect()
        }),
        ("all-at-once", |l| {
            l.lines()
                .map(|x| format!("2026-11-26T06:12:28.1Z #5 0.123 | \x1b[1m{x}\x1b[0m\n"))
                .collect()
        }),
        ("wrapped-path", |l| {
            // A log viewer wrapped each long line of the linker's words after 150 characters.
            let mut out = String::new();
            for x in l.lines() {
                if x.contains(".rlib") && x.len() > 150 && !x.contains("\"-L\"") {
                    out.push_str(&x[..150]);
                    out.push('\n');
                    out.push_str(&x[150..]);
                } else {
                    out.push_str(x);
                }
                out.push('\n');
            }
            out
        }),
    ];
    let tmp = std::env::temp_dir().join(format!("xlinkdiag-annotate-messy-{}", std::process::id()));
    fs::create_dir_all(&tmp).unwrap();
    let cases: [(&str, &[&str], &[&str]); 6] = [
        ("mips-leaked-cc/cargo-build.log", &["zstd_sys"], &[]),
        ("logs/shim-leaked-cc.log", &MIPS3, &[]),
        ("linker-stderr/lld-mips.cargo.txt", &MIPS3, &[]),
        ("mips-leaked-cc/cargo-build.json", &["zstd_sys"], &[]),
        ("logs/openssl-not-found.log", &["openssl_sys"], &[]),
        ("mips-leaked-cc/cargo-build.log", &MIPS3, &["--target-dir"]),
    ];
    for (log, want, extra) in cases {
        let clean = fs::read_to_string(data(log)).unwrap();
        let extra: Vec<String> = if extra.is_empty() {
            Vec::new()
        } else {
            vec!["--target-dir".into(), data("mips-leaked-cc/target")]
        };
        let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
        let (_, reference) = annotate_json(&data(log), &extra);
        assert_eq!(crates(&reference), set(want), "{log}");
        for (name, decorate) in &decorations {
            if *name == "wrapped-path" && log.ends_with(".json") {
                continue; // a JSON line wrapped is covered by the unit tests of `log`
            }
            let messy = decorate(&clean);
            if *name == "wrapped-path" && messy == clean {
                continue; // nothing long to wrap in this log
            }
            assert_ne!(messy, clean, "{name}");
            let file = tmp.join(format!("{name}.log"));
            fs::write(&file, &messy).unwrap();
            let (code, doc) = annotate_json(&file.to_string_lossy(), &extra);
            assert_eq!(code, Some(1), "{log} decorated by {name}");
            assert_eq!(crates(&doc), set(want), "{log} decorated by {name}");
            let kinds = |d: &Value| -> Vec<String> {
                findings(d).iter().map(|f| f["kind"].to_string()).collect()
            };
            assert_eq!(kinds(&doc), kinds(&reference), "{log} decorated by {name}");
            assert_eq!(
                doc["target"], reference["target"],
                "{log} decorated by {name}"
            );
        }
    }
    let _ = fs::remove_dir_all(&tmp);
}

/// Undoes actions/toolkit's escaping.
fn unescape(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

/// A workflow command line: (command, properties, message).
fn parse_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let rest = line.strip_prefix("::").expect("a workflow command");
    let (head, message) = rest.split_once("::").expect("`::` before the message");
    let (cmd, props) = head.split_once(' ').unwrap_or((head, ""));
    let props = props
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').expect("key=value");
            (k.to_string(), v.to_string())
        })
        .collect();
    (cmd.to_string(), props, message.to_string())
}

#[test]
fn github_commands_escape_whatever_the_names_hold() {
    let tmp = std::env::temp_dir().join(format!("xlinkdiag-annotate-gh-{}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(tmp.join("target/xlinkdiag")).unwrap();
    // Names a hostile dependency could choose: `%`, CR, LF, `::`, `,`, `=`.
    let evil_crate = "evil,x::error file=a.rs::owned%0A\r\nnext";
    let evil_member = "m%25::warning::x,y\n::error::z.o";
    let report = serde_json::json!({"version": 1, "target": "mips-unknown-linux-musl",
        "findings": [{"kind": "wrong-architecture", "severity": "error",
            "path": "/t/target/mips-unknown-linux-musl/debug/deps/libevil-0123456789abcdef.rlib",
            "member": evil_member, "members": [evil_member],
            "found": {"format": "elf", "arch": "x86_64"}, "expected": {"arch": "mips", "format": "elf", "from": "x"},
            "crate": evil_crate, "package": null, "env": {"CC_x": "a,b:c%d"},
            "message": format!("crate `{evil_crate}` holds {evil_member}")}],
        "link": {"output": "/t/target/mips-unknown-linux-musl/debug/deps/evil-0", "linker": "clang", "time": 0, "digest": "0"}});
    fs::write(
        tmp.join("target/xlinkdiag/last-link.json"),
        serde_json::to_vec(&report).unwrap(),
    )
    .unwrap();
    // And through the log: an lld line whose archive and member names carry `%` and `::`.
    let log = tmp.join("evil.log");
    fs::write(
        &log,
        "error: linking with `clang` failed: exit status: 1\n  |\n  = note: \"clang\" \"-o\" \"/t/target/mips-unknown-linux-musl/debug/deps/evil-0\"\n  = note: ld.lld: error: /t/target/mips-unknown-linux-musl/debug/deps/liba%25b,c::error::d-0123456789abcdef.rlib(x%0A,y::z.o) is incompatible with elf32btsmip\n\n",
    )
    .unwrap();
    // In a dir without a Cargo.toml: no repository file to point at.
    let out = Run {
        cwd: Some(&tmp),
        ..Run::new(&[
            "annotate",
            &log.to_string_lossy(),
            "--target-dir",
            &tmp.join("target").to_string_lossy(),
            "--format",
            "github",
        ])
    }
    .go();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        (1..=2).contains(&lines.len()),
        "one command per cause, one line each:\n{text}"
    );
    let mut messages = Vec::new();
    for line in &lines {
        assert!(line.starts_with("::error "), "{line}");
        let (cmd, props, message) = parse_command(line);
        assert_eq!(cmd, "error");
        let keys: Vec<&str> = props.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            ["title"],
            "no file: nothing of the repository is named: {line}"
        );
        for (_, v) in &props {
            assert!(
                !v.contains([':', ',', '\r', '\n']),
                "unescaped property {v}"
            );
        }
        assert!(!message.contains(['\r', '\n']));
        messages.push((unescape(&props[0].1), unescape(&message)));
    }
    let (title, message) = &messages
        .iter()
        .find(|(t, _)| t.contains("evil,x"))
        .expect("the report's finding");
    assert!(title.contains(evil_crate), "{title}");
    assert!(message.contains(evil_member), "{message}");
    assert!(message.contains(" CC_x=a,b:c%d"), "{message}");
    let (title, _) = messages.iter().find(|(t, _)| t.contains("a%25b")).unwrap();
    assert!(title.contains("crate a%25b,c::error::d"), "{title}");
    let _ = fs::remove_dir_all(&tmp);
}

#[test]
fn github_caps_annotations_as_github_does() {
    // 14 libraries missing for the target: 14 causes, one annotation each, at most 10 shown.
    let mut log = String::from(
        "error: linking with `clang` failed: exit status: 1\n  |\n  = note: \"clang\" \"--target=mips-unknown-linux-musl\" \"-o\" \"/t/target/mips-unknown-linux-musl/debug/deps/app-0\"\n  = note: ",
    );
    for i in 0..14 {
        log.push_str(&format!(
            "ld.lld: error: unable to find library -lc{i:02}\n          "
        ));
    }
    log.push_str("clang: error: linker command failed\n\n");
    let out = Run {
        stdin: Some(log.into_bytes()),
        ..Run::new(&["annotate", "-", "--format", "github"])
    }
    .go();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 10, "{text}");
    assert!(lines[0].contains("-lc00"), "{}", lines[0]);
    assert!(lines[9].contains("5 more causes"), "{}", lines[9]);
    assert!(lines[9].contains("-lc13"), "{}", lines[9]);
}

#[test]
fn github_points_at_the_crates_build_script_and_fills_the_step_summary() {
    let tmp = std::env::temp_dir().join(format!("xlinkdiag-annotate-sum-{}", std::process::id()));
    fs::create_dir_all(&tmp).unwrap();
    let summary = tmp.join("summary.md");
    fs::write(&summary, "earlier step\n").unwrap();
    let ws = root().join("testdata/projects/mips-workspace");
    let out = Run {
        cwd: Some(&ws),
        env: vec![(
            "GITHUB_STEP_SUMMARY",
            summary.to_string_lossy().into_owned(),
        )],
        ..Run::new(&[
            "annotate",
            &data("mips-leaked-cc/cargo-build.log"),
            "--target-dir",
            &data("mips-leaked-cc/target"),
            "--format",
            "github",
        ])
    }
    .go();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    // One cause (the leaked CC), one annotation: on its first culprit's build script,
    // naming all three.
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    let (_, props, message) = parse_command(lines[0]);
    let file = props
        .iter()
        .find(|(k, _)| k == "file")
        .map(|(_, v)| v.as_str());
    assert_eq!(file, Some("cmlib-sys/build.rs"), "{text}");
    let title = &props.iter().find(|(k, _)| k == "title").unwrap().1;
    for c in ["cmlib_sys", "miniz_sys", "zstd_sys"] {
        assert!(title.contains(c), "{c} in {title}");
    }
    assert_eq!(
        unescape(&message).matches("export ").count(),
        1,
        "the fix once: {message}"
    );
    let md = fs::read_to_string(&summary).unwrap();
    assert!(md.starts_with("earlier step\n"), "appended, not replaced");
    for c in ["cmlib&#95;sys", "miniz&#95;sys", "zstd&#95;sys"] {
        assert!(md.contains(c), "{c} in\n{md}");
    }
    assert_eq!(
        md.matches("| ❌ |").count(),
        1,
        "one row for the one cause: {md}"
    );
    // Inside a GitHub workspace with the crate in a subdir, paths are the repository's.
    let out = Run {
        cwd: Some(&ws),
        env: vec![("GITHUB_WORKSPACE", root().to_string_lossy().into_owned())],
        ..Run::new(&[
            "annotate",
            &data("mips-leaked-cc/cargo-build.log"),
            "--format",
            "github",
        ])
    }
    .go();
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("file=testdata/projects/mips-workspace/zstd-sys/build.rs,line=1,"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let _ = fs::remove_dir_all(&tmp);
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(&fs::read_to_string(data("logs/sarif-schema-2.1.0.json")).unwrap())
            .unwrap();
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

#[test]
fn sarif_validates_against_the_sarif_schema() {
    let validator = sarif_validator();
    let ws = root().join("testdata/projects/mips-workspace");
    let logs = [
        "mips-leaked-cc/cargo-build.log",
        "linker-stderr/lld-mips.cargo.txt",
        "mips-hardfloat-cc/cargo-build.log",
        "logs/proc-macro.log",
        "logs/openssl-host-lib.log",
        "logs/missing-atomics.log",
        "logs/linker-not-found.json.log",
    ];
    let mut results = 0;
    for log in logs {
        let out = Run {
            cwd: Some(&ws),
            ..Run::new(&["annotate", &data(log), "--format", "sarif"])
        }
        .go();
        assert_eq!(out.status.code(), Some(1), "{log}");
        let doc = json(&out);
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{log}: {errors:#?}");
        assert_eq!(doc["version"], "2.1.0");
        let run = &doc["runs"][0];
        let rules: Vec<&str> = run["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        for r in run["results"].as_array().unwrap() {
            results += 1;
            let i = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[i], r["ruleId"].as_str().unwrap());
            let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            // Code scanning shows results on files of the repository only.
            assert!(
                ws.join(uri).is_file() || uri == "Cargo.toml",
                "{log}: {uri}"
            );
            assert!(!uri.starts_with('/'), "{uri}");
        }
        if log == "mips-leaked-cc/cargo-build.log" {
            let uris: Vec<&str> = run["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                        .as_str()
                        .unwrap()
                })
                .collect();
            assert_eq!(uris, ["zstd-sys/build.rs"]);
        }
    }
    assert!(results >= 7);
    // The schema check can fail: a result without a message, or a bad level, is refused.
    let out = Run {
        cwd: Some(&ws),
        ..Run::new(&[
            "annotate",
            &data("mips-leaked-cc/cargo-build.log"),
            "--format",
            "sarif",
        ])
    }
    .go();
    let mut doc = json(&out);
    doc["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&doc));
    doc["runs"][0]["results"][0]["level"] = Value::from("error");
    assert!(validator.is_valid(&doc));
    doc["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator.is_valid(&doc));
}

#[test]
fn gitlab_code_quality_report() {
    let ws = root().join("testdata/projects/mips-workspace");
    let out = Run {
        cwd: Some(&ws),
        ..Run::new(&[
            "annotate",
            &data("mips-leaked-cc/cargo-build.json"),
            "--target-dir",
            &data("mips-leaked-cc/target"),
            "--format",
            "gitlab",
        ])
    }
    .go();
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    let issues = doc.as_array().expect("a JSON array");
    // The three culprits of one leaked CC are one issue, with the fix once.
    assert_eq!(issues.len(), 1, "{doc}");
    let mut prints = BTreeSet::new();
    for i in issues {
        assert!(
            i["description"]
                .as_str()
                .unwrap()
                .contains("CC_mips_unknown_linux_musl=mips-linux-gnu-gcc")
        );
        assert_eq!(i["check_name"], "wrong-architecture");
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().unwrap())
        );
        let path = i["location"]["path"].as_str().unwrap();
        assert!(ws.join(path).is_file(), "{path}");
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        prints.insert(i["fingerprint"].as_str().unwrap().to_string());
    }
    // Stable across runs and machines: the same cause, the same fingerprint, from another
    // working directory.
    let again = json(
        &Run::new(&[
            "annotate",
            &data("mips-leaked-cc/cargo-build.json"),
            "--target-dir",
            &data("mips-leaked-cc/target"),
            "--format",
            "gitlab",
        ])
        .go(),
    );
    let zstd = |d: &Value| {
        d.as_array()
            .unwrap()
            .iter()
            .find(|i| i["description"].as_str().unwrap().contains("zstd_sys"))
            .map(|i| i["fingerprint"].clone())
    };
    assert_eq!(zstd(&doc), zstd(&again));
}

#[test]
fn markdown_and_human_formats() {
    let out = run(&[
        "annotate",
        &data("logs/missing-atomics.log"),
        "--format",
        "markdown",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.starts_with("### xlinkdiag for `mips-unknown-linux-musl`: 1 cause (1 error), 1 culprit"),
        "{md}"
    );
    assert!(
        md.contains("| ❌ | `missing-atomics` | crate atomics&#95;sys |"),
        "{md}"
    );
    assert!(
        md.contains(
            "`export CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_RUSTFLAGS='-C link-arg=-latomic'`"
        ),
        "{md}"
    );
    let out = run(&[
        "annotate",
        &data("logs/missing-atomics.log"),
        "--color",
        "never",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("error[missing-atomics]: crate `atomics_sys` calls 64-bit atomics (__atomic_fetch_add_8)"), "{text}");
    assert!(
        text.contains(
            "\n           export CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_RUSTFLAGS='-C link-arg=-latomic'\n"
        ),
        "{text}"
    );
}

#[test]
fn no_failure_means_exit_0_and_a_whole_json_document() {
    let tmp = std::env::temp_dir().join(format!("xlinkdiag-annotate-ok-{}", std::process::id()));
    fs::create_dir_all(&tmp).unwrap();
    let ok = tmp.join("ok.log");
    fs::write(
        &ok,
        "   Compiling app v0.1.0 (/w/app)\nwarning: cmlib-sys@0.1.0: Compiler family detection failed due to error: ToolNotFound: failed to find tool \"mips-linux-gnu-g++\"\n    Finished `dev` profile [unoptimized + debuginfo] target(s) in 3.72s\n",
    )
    .unwrap();
    // An empty log (a device such as /dev/null is refused since issue 11: only regular files
    // and stdin are read).
    let empty = tmp.join("empty.log");
    fs::write(&empty, "").unwrap();
    for log in [ok, empty].map(|p| p.to_string_lossy().into_owned()) {
        let (code, doc) = annotate_json(&log, &[]);
        assert_eq!(code, Some(0), "{log}");
        assert_eq!(doc["version"], 1);
        assert_eq!(doc["findings"], serde_json::json!([]));
        assert!(doc.get("problems").is_some() && doc.get("inspected").is_some());
        for fmt in ["github", "human", "markdown", "sarif", "gitlab"] {
            let out = run(&["annotate", &log, "--format", fmt]);
            assert_eq!(out.status.code(), Some(0), "{log} {fmt}");
        }
    }
    // stdin, as `- `.
    let out = Run {
        stdin: Some(fs::read(data("linker-stderr/lld-mips.cargo.txt")).unwrap()),
        ..Run::new(&["annotate", "-", "--format", "json"])
    }
    .go();
    assert_eq!(crates(&json(&out)), set(&MIPS3));
    let _ = fs::remove_dir_all(&tmp);
}

#[test]
fn usage_and_io_errors_exit_2() {
    let out = run(&["annotate", "/no/such/log"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/log"));
    let out = run(&[
        "annotate",
        &data("logs/proc-macro.log"),
        "--target",
        "no-such-target",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["annotate", &data("logs/proc-macro.log"), "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
    // A target given names the fix even where the log does not say the target.
    let (code, doc) = annotate_json(
        &data("logs/linker-not-found.log"),
        &["--target", "mips-unknown-linux-musl"],
    );
    assert_eq!(code, Some(1));
    assert!(findings(&doc)[0]["env"]["CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER"].is_string());
}

/// Deterministic xorshift: the same garbage on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn garbage_never_panics() {
    let mut pieces: Vec<String> = Vec::new();
    for f in [
        "mips-leaked-cc/cargo-build.log",
        "mips-leaked-cc/cargo-build.json",
        "linker-stderr/lld-mips.cargo.txt",
        "logs/openssl-not-found.log",
        "logs/cc-tool-missing.log",
        "logs/proc-macro.json.log",
        "logs/libc-mismatch.log",
    ] {
        pieces.extend(
            fs::read_to_string(data(f))
                .unwrap()
                .lines()
                .map(str::to_string),
        );
    }
    let nasty = [
        "error: linking with `",
        "error: linking with `cc` failed: exit status: 1",
        "  = note: \"",
        "  = note: \"cc\" \"{{{{,,,}}}}\" \"\\u{zzzz}\" \"\\x",
        "  = note: LC_ALL=\"C",
        "{\"reason\":\"compiler-message\",\"message\":{\"rendered\":",
        "{\"reason\":\"build-script-executed\",\"linked_libs\":[1,null,{}],\"out_dir\":7}",
        "{\"reason\":\"compiler-message\",\"package_id\":\"#\",\"message\":{\"rendered\":\"error: linker `` not found\"}}",
        "error: failed to run custom build command for `x v",
        "  The CMAKE_C_COMPILER:",
        "error[E0463]: can't find crate for `proc_macro`",
        " --> :0:0",
        "warning: linker stderr: ",
        "ld.lld: error: (x) is incompatible with ",
        "/usr/bin/ld: : in function `':",
        "\x1b[\x1b]\x1b",
        "\r\r\r",
        "#1 1 | | | |",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let tmp = std::env::temp_dir().join(format!("xlinkdiag-annotate-fuzz-{}", std::process::id()));
    fs::create_dir_all(&tmp).unwrap();
    for round in 0..24 {
        let mut log: Vec<u8> = Vec::new();
        for _ in 0..(50 + rng.below(400)) {
            let line = match rng.below(4) {
                0 => nasty[rng.below(nasty.len())].to_string(),
                1 => {
                    let p = &pieces[rng.below(pieces.len())];
                    let cut = rng.below(p.len() + 1);
                    p.get(..cut).unwrap_or(p).to_string()
                }
                _ => pieces[rng.below(pieces.len())].clone(),
            };
            log.extend_from_slice(line.as_bytes());
            if rng.below(10) == 0 {
                let n = rng.below(64);
                log.extend((0..n).map(|_| rng.next() as u8));
            }
            log.push(b'\n');
        }
        if round == 0 {
            log.extend(std::iter::repeat_n(b'{', 200_000));
        }
        let file = tmp.join("garbage.log");
        fs::write(&file, &log).unwrap();
        for fmt in ["json", "github", "sarif", "human"] {
            let out = run(&["annotate", &file.to_string_lossy(), "--format", fmt]);
            let code = out.status.code();
            assert!(
                code == Some(0) || code == Some(1),
                "round {round} {fmt}: exit {code:?}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            if fmt == "json" {
                json(&out);
            }
        }
    }
    let _ = fs::remove_dir_all(&tmp);
}

/// The general shapes of issue 22: a decoration no list names, the path of `error adding
/// symbols: <reason>`, a package from `build/<package>-<hash>/` anywhere in a path, a member
/// named alone resolved against the link line.
#[test]
fn general_shapes_give_kind_and_culprit() {
    let tmp =
        std::env::temp_dir().join(format!("xlinkdiag-annotate-shapes-{}", std::process::id()));
    fs::create_dir_all(&tmp).unwrap();
    let t = "/w/target/aarch64-unknown-linux-gnu/debug";
    let cases: [(&str, String, &str, Option<&str>); 5] = [
        (
            "timestamped",
            "[13:45:12] error: linker `x86_64-linux-musl-cc` not found\n[13:45:12]   |\n[13:45:12]   = note: No such file or directory (os error 2)\n".into(),
            "linker-not-found",
            None,
        ),
        (
            "adding-symbols",
            format!("/usr/bin/ld: {t}/deps/libfoo_sys-0123456789abcdef.rlib: error adding symbols: file format not recognized\ncollect2: error: ld returned 1 exit status\n"),
            "wrong-architecture",
            Some("foo_sys"),
        ),
        (
            "out-dir",
            format!("2026-12-08 10:00:01 | /usr/bin/aarch64-linux-gnu-ld: {t}/build/zstd-sys-0123456789abcdef/out/libzstd.a(zstd.o): Relocations in generic ELF (EM: 62)\n"),
            "wrong-architecture",
            Some("zstd_sys"),
        ),
        (
            "lone-member",
            format!("error: linking with `cc` failed: exit status: 1\n  |\n  = note: \"cc\" \"-fuse-ld=mold\" \"{t}/deps/app-0123456789abcdef.app.1a2b3c4d-cgu.0.rcgu.o\" \"{t}/deps/libcodec_sys-0123456789abcdef.rlib\" \"{t}/deps/libzstd_sys-0123456789abcdef.rlib\" \"-o\" \"{t}/deps/app-0123456789abcdef\"\n  = note: mold: fatal: 8f3a1c2d4e5b6a70-codec.o: incompatible file type: aarch64 is expected but got x86_64\n\nerror: could not compile `app` (bin \"app\") due to 1 previous error\n"),
            "wrong-architecture",
            Some("codec_sys"),
        ),
        (
            "shell-in-make",
            "make[2]: Entering directory '/src/lib'\n/bin/sh: 1: aarch64-linux-gnu-gcc: not found\nmake[2]: *** [Makefile:12: foo.o] Error 127\n".into(),
            "cross-tool-missing",
            None,
        ),
    ];
    for (name, text, kind, krate) in cases {
        let log = tmp.join(format!("{name}.log"));
        fs::write(&log, &text).unwrap();
        let (code, doc) = annotate_json(&log.to_string_lossy(), &[]);
        assert_eq!(code, Some(1), "{name}: {doc:#}");
        let f = findings(&doc);
        assert!(
            f.iter().all(|f| f["kind"] == kind),
            "{name}: kinds {:?}",
            f.iter().map(|f| &f["kind"]).collect::<Vec<_>>()
        );
        if let Some(c) = krate {
            assert_eq!(crates(&doc), set(&[c]), "{name}: {doc:#}");
        }
    }
    let _ = fs::remove_dir_all(&tmp);
}
