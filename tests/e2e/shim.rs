// Tests read the environment directly: the env door is for the tool.
#![allow(clippy::disallowed_methods)]
//! End to end through the linker shim: real cargo cross builds whose linker is xlinkdiag,
//! in front of GNU ld, lld and mold. A failing link keeps cargo's exit status and the
//! linker's own words, and gains the diagnosis and its JSON report; a correct build is
//! byte-identical with and without the shim, artifacts included.

use crate::skips::{require, require_all, require_that};
use crate::support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use support::*;

fn shim_exe() -> &'static str {
    env!("CARGO_BIN_EXE_xlinkdiag")
}

/// `xlinkdiag shim install --linker REAL DIR` into the project's temp dir; returns the
/// shim's path (DIR/<real linker's name>).
fn install_shim(p: &Project, real: &str) -> PathBuf {
    let real_path = which(real).unwrap_or_else(|| panic!("{real} not in PATH"));
    let dir = p.dir.join("shim-bin");
    let out = Command::new(shim_exe())
        .args(["shim", "install", "--linker"])
        .arg(&real_path)
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "shim install failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shim = dir.join(real_path.file_name().unwrap());
    assert!(shim.exists(), "shim install made no {}", shim.display());
    shim
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn report(path: &Path) -> Value {
    let text = fs::read(path).unwrap_or_else(|e| panic!("no report at {}: {e}", path.display()));
    serde_json::from_slice(&text).unwrap()
}

fn crates_of(doc: &Value, kind: &str) -> Vec<String> {
    let mut v: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == kind)
        .filter_map(|f| f["crate"].as_str().map(str::to_string))
        .collect();
    v.sort();
    v
}

/// The seed's failure through a shim installed under the real linker's name: same exit
/// status as without the shim, the linker's own message kept, every culprit named.
#[test]
fn mips_gnu_ld_through_installed_shim() {
    let t = "mips_gnu_ld_through_installed_shim";
    if !require_all(t, &["cargo +nightly", "mips-linux-gnu-gcc", "gcc", "cmake"]) {
        return;
    }
    let plain = Project::new(t, "mips-workspace");
    let without = cargo_build(&plain, Toolchain::Nightly, MIPS, &[("CC", "gcc")]);
    assert_link_failed(&without, "mips-linux-gnu-gcc", &["file in wrong format"]);

    let p = Project::new(t, "mips-workspace");
    let shim = install_shim(&p, "mips-linux-gnu-gcc");
    let json = p.root.join("report.json");
    let with = cargo_build(
        &p,
        Toolchain::Nightly,
        MIPS,
        &[
            ("CC", "gcc"),
            (
                "CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER",
                shim.to_str().unwrap(),
            ),
            ("XLINKDIAG_REPORT", json.to_str().unwrap()),
        ],
    );
    assert_eq!(with.output.status.code(), without.output.status.code());
    assert_link_failed(
        &with,
        shim.to_str().unwrap(),
        &[
            "error adding symbols: file in wrong format",
            "xlinkdiag: error[wrong-architecture]",
        ],
    );
    for krate in ["miniz_sys", "zstd_sys", "cmlib_sys"] {
        assert!(
            with.stderr.contains(&format!("crate `{krate}`")),
            "the shim's report lacks {krate}:\n{}",
            with.stderr
        );
    }
    let doc = report(&json);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["target"], MIPS);
    assert_eq!(
        crates_of(&doc, "wrong-architecture"),
        ["cmlib_sys", "miniz_sys", "zstd_sys"]
    );
    for f in doc["findings"].as_array().unwrap() {
        assert_eq!(f["found"]["arch"], "x86_64");
        assert_eq!(f["expected"]["arch"], "mips");
        // The fix names the toolchain of the real linker behind the shim.
        let cc = f["env"]["CC_mips_unknown_linux_musl"].as_str().unwrap();
        assert!(cc.ends_with("mips-linux-gnu-gcc"), "{cc}");
    }
    // The last report is kept under the target dir for the annotator and for people.
    assert_eq!(
        report(&p.target_dir().join("xlinkdiag/last-link.json")),
        doc
    );
}

/// A plain `xlinkdiag` linker with the real one in XLINKDIAG_LINKER, in front of lld.
#[test]
fn mips_lld_through_plain_shim() {
    let t = "mips_lld_through_plain_shim";
    if !require_all(t, &["cargo +nightly", "clang-14", "ld.lld", "gcc", "cmake"]) {
        return;
    }
    let p = Project::new(t, "mips-workspace");
    let json = p.root.join("report.json");
    let rustflags = format!(
        "{MIPS_BASE_RUSTFLAGS} -C link-arg=--target=mips-linux-gnu -C link-arg=-fuse-ld=lld"
    );
    let b = cargo_build(
        &p,
        Toolchain::Nightly,
        MIPS,
        &[
            ("CC", "gcc"),
            ("CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER", shim_exe()),
            ("XLINKDIAG_LINKER", "clang-14"),
            ("RUSTFLAGS", &rustflags),
            ("XLINKDIAG_REPORT", json.to_str().unwrap()),
        ],
    );
    assert_link_failed(&b, shim_exe(), &["is incompatible with elf32btsmip"]);
    assert_eq!(
        crates_of(&report(&json), "wrong-architecture"),
        ["cmlib_sys", "miniz_sys", "zstd_sys"]
    );
}

const A64_LINKER_VAR: &str = "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER";

/// aarch64 with a real std: GNU ld and mold behind the shim.
#[test]
fn aarch64_gnu_ld_and_mold_through_shim() {
    let t = "aarch64_gnu_ld_and_mold_through_shim";
    if !require_all(
        t,
        &[
            "/usr/bin/cargo with arm64 std",
            "aarch64-linux-gnu-gcc",
            "gcc",
            "mold",
        ],
    ) {
        return;
    }
    for (flags, needle) in [
        ("", "Relocations in generic ELF (EM: 62)"),
        ("-C link-arg=-B/usr/libexec/mold", "incompatible file type"),
    ] {
        let p = Project::new(t, "aarch64-workspace");
        let shim = install_shim(&p, "aarch64-linux-gnu-gcc");
        let json = p.root.join("report.json");
        let b = cargo_build(
            &p,
            Toolchain::DebianArm64,
            A64,
            &[
                ("CC", "gcc"),
                (A64_LINKER_VAR, shim.to_str().unwrap()),
                ("RUSTFLAGS", flags),
                ("XLINKDIAG_REPORT", json.to_str().unwrap()),
            ],
        );
        assert_link_failed(
            &b,
            shim.to_str().unwrap(),
            &[needle, "xlinkdiag: error[wrong-architecture]"],
        );
        let doc = report(&json);
        assert_eq!(
            crates_of(&doc, "wrong-architecture"),
            ["tinyz_sys"],
            "{flags}"
        );
        let f = &doc["findings"][0];
        assert_eq!(f["found"]["arch"], "x86_64");
        assert_eq!(f["expected"]["arch"], "aarch64");
        assert!(f["env"]["CC_aarch64_unknown_linux_gnu"].is_string());
        assert_eq!(f["env"]["HOST_CC"], "gcc");
    }
}

/// The host's `cc` as the linker of an aarch64 build: the linker is the culprit.
#[test]
fn host_cc_is_the_wrong_linker() {
    let t = "host_cc_is_the_wrong_linker";
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
    let json = p.root.join("report.json");
    let b = cargo_build(
        &p,
        Toolchain::DebianArm64,
        A64,
        &[
            ("CC_aarch64_unknown_linux_gnu", "aarch64-linux-gnu-gcc"),
            (A64_LINKER_VAR, shim_exe()),
            ("XLINKDIAG_LINKER", "cc"),
            ("XLINKDIAG_REPORT", json.to_str().unwrap()),
        ],
    );
    assert_link_failed(&b, shim_exe(), &["Relocations in generic ELF (EM: 183)"]);
    let doc = report(&json);
    let kinds: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["wrong-linker"], "{doc}");
    // Issue 11: cargo's linker setting names the shim; the wrong one is XLINKDIAG_LINKER.
    let env = &doc["findings"][0]["env"];
    assert_eq!(env["XLINKDIAG_LINKER"], "aarch64-linux-gnu-gcc", "{doc}");
    assert!(env.get(A64_LINKER_VAR).is_none(), "{doc}");
    assert!(
        b.stderr
            .contains("export XLINKDIAG_LINKER=aarch64-linux-gnu-gcc"),
        "{}",
        b.stderr
    );
}

/// openssl-sys pointed at the build machine's OpenSSL: `skipping incompatible
/// /usr/lib/x86_64-linux-gnu/libssl.so`, then `cannot find -lssl`.
#[test]
fn openssl_sys_at_the_host_openssl() {
    let t = "openssl_sys_at_the_host_openssl";
    if !require_all(
        t,
        &["/usr/bin/cargo with arm64 std", "aarch64-linux-gnu-gcc"],
    ) {
        return;
    }
    let host_ssl = "/usr/lib/x86_64-linux-gnu/libssl.so";
    if !require_that(t, host_ssl, Path::new(host_ssl).exists()) {
        return;
    }
    let p = Project::new(t, "aarch64-openssl");
    let json = p.root.join("report.json");
    let b = cargo_build(
        &p,
        Toolchain::DebianArm64,
        A64,
        &[
            ("CC_aarch64_unknown_linux_gnu", "aarch64-linux-gnu-gcc"),
            (A64_LINKER_VAR, shim_exe()),
            ("XLINKDIAG_LINKER", "aarch64-linux-gnu-gcc"),
            ("OPENSSL_DIR", "/usr"),
            ("OPENSSL_LIB_DIR", "/usr/lib/x86_64-linux-gnu"),
            ("OPENSSL_INCLUDE_DIR", "/usr/include"),
            (
                "CFLAGS_aarch64_unknown_linux_gnu",
                "-I/usr/include/x86_64-linux-gnu",
            ),
            ("XLINKDIAG_REPORT", json.to_str().unwrap()),
            // CI also installs the arm64 OpenSSL (libssl-dev:arm64, for tests/e2e/fixcmd.rs),
            // which the linker would find in its multiarch dirs after skipping the host's.
            // Those dirs are under the sysroot; the cross libc is not.
            ("RUSTFLAGS", "-C link-arg=--sysroot=/nonexistent"),
        ],
    );
    assert_link_failed(
        &b,
        shim_exe(),
        &["skipping incompatible", "cannot find -lssl"],
    );
    let doc = report(&json);
    let f: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "host-library-path")
        .collect();
    // One finding for the dir, naming both libraries openssl-sys asks for.
    assert_eq!(f.len(), 1, "{doc}");
    assert!(
        f[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("-lssl -lcrypto")),
        "{doc}"
    );
    for f in f {
        assert_eq!(f["package"], "openssl-sys");
        assert_eq!(f["found"]["arch"], "x86_64");
        assert!(
            f["env"]["AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_LIB_DIR"].is_string()
                || f["env"]["AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_DIR"].is_string(),
            "{f}"
        );
    }
}

/// Installing the shim changes nothing in a correct build: the same stdout and stderr,
/// and byte-identical C objects, rlibs and final binary.
#[test]
fn correct_build_is_identical_with_the_installed_shim() {
    let t = "correct_build_is_identical_with_the_installed_shim";
    if !require_all(t, &["cargo +nightly", "mips-linux-gnu-gcc", "gcc", "cmake"]) {
        return;
    }
    let good = [
        ("CC_mips_unknown_linux_musl", "mips-linux-gnu-gcc"),
        ("CFLAGS_mips_unknown_linux_musl", "-msoft-float"),
        ("AR_mips_unknown_linux_musl", "mips-linux-gnu-ar"),
        // Incremental debug builds name codegen units per session: two runs differ even
        // with the same linker. Without it the build is reproducible, so any difference
        // is the shim's.
        ("CARGO_INCREMENTAL", "0"),
    ];
    let p = Project::new(t, "mips-workspace");
    let real = which("mips-linux-gnu-gcc").unwrap();
    let shim = install_shim(&p, "mips-linux-gnu-gcc");
    let mut runs = Vec::new();
    for linker in [real.as_path(), shim.as_path()] {
        let _ = fs::remove_dir_all(p.target_dir());
        let mut env = good.to_vec();
        env.push((
            "CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER",
            linker.to_str().unwrap(),
        ));
        // The linker's path is part of cargo's fingerprint but not of any artifact.
        let b = cargo_build(&p, Toolchain::Nightly, MIPS, &env);
        assert_built(&b);
        runs.push((b, snapshot(&p.target_dir().join(MIPS).join("debug"))));
    }
    let (without, with) = (&runs[0], &runs[1]);
    assert_eq!(without.0.output.stdout, with.0.output.stdout);
    // The shim adds nothing. cargo's own lines come in build order, which varies run to
    // run, and cc-rs's lines name tools next to the linker (RUSTC_LINKER), so the
    // shim's dir stands where the real linker's dir stood.
    let real_dir = real.parent().unwrap().to_str().unwrap();
    let shim_dir = shim.parent().unwrap().to_str().unwrap();
    assert_eq!(
        normalized(&without.0.stderr, real_dir),
        normalized(&with.0.stderr, shim_dir)
    );
    assert!(!with.0.stderr.contains("xlinkdiag:"), "{}", with.0.stderr);
    assert_eq!(without.1.len(), with.1.len());
    for ((name_a, bytes_a), (name_b, bytes_b)) in without.1.iter().zip(&with.1) {
        assert_eq!(name_a, name_b);
        assert!(bytes_a == bytes_b, "{name_a} differs with the shim");
    }
    assert!(
        without.1.iter().any(|(n, _)| n.ends_with(".o")),
        "no C objects compared"
    );
    assert!(
        without.1.iter().any(|(n, _)| n.ends_with(".rlib")),
        "no rlibs compared"
    );
    assert!(
        without.1.iter().any(|(n, _)| n == "app"),
        "no final binary compared"
    );
}

/// C objects, rlibs and the final binary under a profile dir, by relative path.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let path = e.path();
            let name = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if path.is_dir() {
                if !name.contains("incremental") && !name.contains(".fingerprint") {
                    stack.push(path);
                }
            } else if name.ends_with(".o") || name.ends_with(".rlib") || name == "app" {
                out.push((name, fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn normalized(s: &str, linker_dir: &str) -> Vec<String> {
    let mut lines: Vec<String> = s
        .lines()
        .filter(|l| {
            let l = l.trim_start();
            !l.starts_with("Finished") && !l.starts_with("Blocking")
        })
        .map(|l| l.replace(linker_dir, "<linker dir>"))
        .collect();
    lines.sort();
    lines
}

/// A real rustc link for aarch64-pc-windows-msvc (nightly, `#![no_core]`: no Windows std is
/// needed) with lld-link, through plain `xlinkdiag` (rustc then writes a link.exe line,
/// `/NOLOGO` first) and through a shim named `lld-link-14` (rustc adds `-flavor link`). With a
/// foreign x64 object the shim keeps rustc's failure and names the object; without it the
/// image is the same byte for byte (`/Brepro`) with and without the shim.
#[test]
fn msvc_rustc_link_through_shim() {
    let t = "msvc_rustc_link_through_shim";
    if !require_all(t, &["cargo +nightly", "lld-link-14"]) {
        return;
    }
    const T: &str = "aarch64-pc-windows-msvc";
    let dir = TempDir::new("msvc-rustc");
    let rustc = no_core_program(&dir, T, "entry");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(
        root.join("testdata/link-failures/x64-scale.obj"),
        dir.path("x64-scale.obj"),
    )
    .unwrap();

    let shim_dir = dir.path("shim-bin");
    fs::create_dir_all(&shim_dir).unwrap();
    std::os::unix::fs::symlink(shim_exe(), shim_dir.join("lld-link-14")).unwrap();
    // (linker, XLINKDIAG_LINKER) for: direct, plain xlinkdiag, the shim under the linker's name.
    let named = shim_dir.join("lld-link-14").display().to_string();
    let ways = [
        ("lld-link-14".to_string(), None),
        (shim_exe().to_string(), Some("lld-link-14")),
        (named, None),
    ];
    let link = |linker: &str, real: Option<&str>, culprit: bool, out: &str| {
        let mut c = rustc();
        c.args(["--crate-type", "bin", "app.rs", "-L", "."])
            .args(["--extern", "minicore=libminicore.rlib", "-o", out])
            .arg(format!("-Clinker={linker}"))
            // No PDB: it records rustc's temporary paths, which differ from run to run.
            .args(
                [
                    "/ENTRY:entry",
                    "/SUBSYSTEM:console",
                    "/NODEFAULTLIB",
                    "/Brepro",
                    "/DEBUG:NONE",
                ]
                .map(|a| format!("-Clink-arg={a}")),
            )
            .env("XLINKDIAG_REPORT", dir.path(&format!("{out}.json")));
        if culprit {
            c.arg("-Clink-arg=x64-scale.obj");
        }
        if let Some(real) = real {
            c.env("XLINKDIAG_LINKER", real);
        }
        c.output().unwrap()
    };

    for (i, (linker, real)) in ways.iter().enumerate() {
        let out = link(linker, *real, true, &format!("bad{i}.exe"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{linker}:\n{stderr}");
        assert!(
            stderr.contains("machine type x64 conflicts with arm64"),
            "{linker}:\n{stderr}"
        );
        if i == 0 {
            assert!(!stderr.contains("xlinkdiag:"), "{stderr}");
            continue;
        }
        assert!(
            stderr.contains("xlinkdiag: error[wrong-architecture]")
                && stderr.contains("x64-scale.obj` holds x86_64 objects"),
            "{linker}:\n{stderr}"
        );
        let doc = report(&dir.path(&format!("bad{i}.exe.json")));
        let culprits: Vec<&str> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["kind"] == "wrong-architecture")
            .filter_map(|f| f["path"].as_str())
            .collect();
        assert!(
            culprits.len() == 1 && culprits[0].ends_with("x64-scale.obj"),
            "{linker}: {doc}"
        );
    }

    let mut images = Vec::new();
    for (i, (linker, real)) in ways.iter().enumerate() {
        fs::create_dir_all(dir.path(&format!("good{i}"))).unwrap();
        let exe = format!("good{i}/app.exe");
        let out = link(linker, *real, false, &exe);
        assert!(
            out.status.success(),
            "{linker}:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        images.push(fs::read(dir.path(&exe)).unwrap());
    }
    assert!(images[0].starts_with(b"MZ"));
    assert!(
        images.iter().all(|image| *image == images[0]),
        "the images differ"
    );
}

/// A way to link: its name, the `-C linker=` value, and the environment it needs.
type Setup<'a> = (&'a str, String, Vec<(&'a str, std::ffi::OsString)>);

/// Issue 11, link transparency on a `gnu-lld-cc` target. rustup's toolchains give
/// aarch64-unknown-linux-gnu the flavor `gnu-lld-cc` with a self-contained linker: rustc
/// drives a linker whose name does not say gcc with `-B…/gcc-ld -fuse-ld=lld`, so behind a
/// plain `xlinkdiag` the build would link with rust-lld instead of the toolchain's GNU ld.
/// In every setup the README offers, the binary linked through the shim is byte-identical to
/// the direct link with `aarch64-linux-gnu-gcc`, with a plain pre-link object first on the
/// line (`-Z pre-link-arg(s)`), and with `-C link-arg` and `-C link-args` (nightly,
/// `#![no_core]`: no aarch64 std needed).
#[test]
fn gnu_lld_cc_target_links_the_same_through_every_setup() {
    links_the_same_through_every_setup(
        "gnu_lld_cc_target_links_the_same_through_every_setup",
        A64,
        "aarch64-linux-gnu-gcc",
        (64, EM_AARCH64),
    );
}

/// The same for arm-unknown-linux-gnueabi (32-bit, soft-float) with Debian's
/// `arm-linux-gnueabi-gcc`.
#[test]
fn gnu_lld_cc_arm_target_links_the_same_through_every_setup() {
    links_the_same_through_every_setup(
        "gnu_lld_cc_arm_target_links_the_same_through_every_setup",
        "arm-unknown-linux-gnueabi",
        "arm-linux-gnueabi-gcc",
        (32, 40),
    );
}

fn links_the_same_through_every_setup(
    t: &str,
    triple: &'static str,
    gcc: &str,
    (bits, machine): (u8, u16),
) {
    if !require_all(t, &["cargo +nightly", gcc]) {
        return;
    }
    let dir = TempDir::new(t);
    let spec = Command::new("rustc")
        .args([
            "+nightly",
            "-Z",
            "unstable-options",
            "--print",
            "target-spec-json",
        ])
        .args(["--target", triple])
        .output()
        .unwrap();
    let spec: Value = serde_json::from_slice(&spec.stdout).unwrap();
    // The premise: on another flavor this test would prove nothing about it.
    assert_eq!(spec["linker-flavor"], "gnu-lld-cc", "{spec}");

    let rustc = no_core_program(&dir, triple, "_start");
    for (name, text) in [
        // ARM's unwind tables name this personality routine even with panic=abort.
        (
            "start",
            "int start_marker = 1; void __aeabi_unwind_cpp_pr0(void) {}",
        ),
        ("extra", "int extra_marker = 2;"),
    ] {
        let c = dir.path(&format!("{name}.c"));
        fs::write(&c, text).unwrap();
        let cc = Command::new(gcc)
            .arg("-c")
            .arg(&c)
            .arg("-o")
            .arg(dir.path(&format!("{name}.o")))
            .output()
            .unwrap();
        assert!(
            cc.status.success(),
            "{}",
            String::from_utf8_lossy(&cc.stderr)
        );
    }

    // The setups: direct; `shim install` under the real name; plain xlinkdiag with
    // XLINKDIAG_LINKER (and with XLINKDIAG_DISABLE=1, which must not change the link);
    // a link named like the real linker earlier in PATH; `xlinkdiag link --linker` behind a
    // wrapper script whose name tells rustc nothing.
    let real = which(gcc).unwrap();
    let install = dir.path("shims");
    let out = Command::new(shim_exe())
        .args(["shim", "install", "--target", triple, "--linker"])
        .arg(&real)
        .arg(&install)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shadow = dir.path("shadow");
    fs::create_dir_all(&shadow).unwrap();
    std::os::unix::fs::symlink(shim_exe(), shadow.join(gcc)).unwrap();
    let wrapper = dir.path("linkwrap");
    fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nexec '{}' link --linker {gcc} -- \"$@\"\n",
            shim_exe()
        ),
    )
    .unwrap();
    fs::set_permissions(
        &wrapper,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut shadow_path = shadow.clone().into_os_string();
    shadow_path.push(":");
    shadow_path.push(&path);
    let in_dir = |p: &Path| p.display().to_string();
    let setups: [Setup; 6] = [
        ("direct", gcc.into(), vec![]),
        ("installed", in_dir(&install.join(gcc)), vec![]),
        (
            "XLINKDIAG_LINKER",
            shim_exe().into(),
            vec![("XLINKDIAG_LINKER", gcc.into())],
        ),
        (
            "XLINKDIAG_LINKER, disabled",
            shim_exe().into(),
            vec![
                ("XLINKDIAG_LINKER", gcc.into()),
                ("XLINKDIAG_DISABLE", "1".into()),
            ],
        ),
        ("PATH", gcc.into(), vec![("PATH", shadow_path.clone())]),
        ("link --linker", in_dir(&wrapper), vec![]),
    ];
    let start = dir.path("start.o").display().to_string();
    let extra = dir.path("extra.o").display().to_string();
    let forms: [(&str, Vec<String>); 4] = [
        (
            "-Z pre-link-args",
            vec![format!("-Zpre-link-args={start} -nostdlib")],
        ),
        (
            "-C link-arg",
            vec![
                format!("-Zpre-link-arg={start}"),
                "-Clink-arg=-nostdlib".into(),
                format!("-Clink-arg={extra}"),
            ],
        ),
        (
            "-C link-args",
            vec![
                format!("-Zpre-link-arg={start}"),
                format!("-Clink-args=-nostdlib {extra}"),
            ],
        ),
        // rustc asked for lld itself: rust-lld is then the direct link's linker too, and the
        // shim must leave rustc's lld words where they are.
        (
            "explicit lld",
            vec![
                format!("-Zpre-link-args={start} -nostdlib"),
                "-Zunstable-options".into(),
                "-Clinker-features=+lld".into(),
            ],
        ),
    ];
    for (form, flags) in &forms {
        let mut images = Vec::new();
        for (i, (setup, linker, env)) in setups.iter().enumerate() {
            let exe = format!("app-{}-{i}", form.replace([' ', '-'], ""));
            let mut c = rustc();
            c.args(["--crate-type", "bin", "app.rs", "-L", "."])
                .args(["--extern", "minicore=libminicore.rlib", "-o", &exe])
                .arg(format!("-Clinker={linker}"))
                .args(flags);
            for (k, v) in env {
                c.env(k, v);
            }
            let out = c.output().unwrap();
            assert!(
                out.status.success() && out.stderr.is_empty(),
                "{form}, {setup}:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            images.push((setup, fs::read(dir.path(&exe)).unwrap()));
        }
        let direct = &images[0].1;
        assert_eq!(
            elf_machine(
                &dir.path(&format!("app-{}-0", form.replace([' ', '-'], ""))),
                bits,
                false
            ),
            machine
        );
        // GNU ld made it, unless rustc was asked for lld: lld signs `.comment` with
        // "Linker: LLD".
        assert_eq!(
            direct.windows(11).any(|w| w == b"Linker: LLD"),
            *form == "explicit lld",
            "{form}: which linker made the direct link"
        );
        for (setup, image) in &images[1..] {
            assert!(
                image == direct,
                "{form}: {setup} links another binary than the direct link"
            );
        }
    }

    // The diagnosing path, through a plain `xlinkdiag`, with a foreign (x86_64) object first
    // on the line: rustc's failure and status are kept, and the shim names that object.
    if !require(t, "cc") {
        return;
    }
    let host = dir.path("host.o");
    fs::write(dir.path("host.c"), "int host_marker = 3;").unwrap();
    let cc = Command::new("cc")
        .arg("-c")
        .arg(dir.path("host.c"))
        .arg("-o")
        .arg(&host)
        .output()
        .unwrap();
    assert!(
        cc.status.success(),
        "{}",
        String::from_utf8_lossy(&cc.stderr)
    );
    let failing = |linker: &str, real: Option<&str>| {
        let mut c = rustc();
        c.args(["--crate-type", "bin", "app.rs", "-L", "."])
            .args(["--extern", "minicore=libminicore.rlib", "-o", "bad"])
            .arg(format!("-Clinker={linker}"))
            .arg(format!("-Zpre-link-args={} -nostdlib", host.display()))
            .env("XLINKDIAG_REPORT", dir.path("bad.json"));
        if let Some(real) = real {
            c.env("XLINKDIAG_LINKER", real);
        }
        c.output().unwrap()
    };
    let direct = failing(gcc, None);
    let through = failing(shim_exe(), Some(gcc));
    let stderr = String::from_utf8_lossy(&through.stderr);
    assert!(!direct.status.success());
    assert_eq!(through.status.code(), direct.status.code(), "{stderr}");
    assert!(
        stderr.contains("xlinkdiag: error[wrong-architecture]") && stderr.contains("host.o"),
        "{stderr}"
    );
}

/// `xlinkdiag annotate LOG --target-dir DIR --format json`: the kinds and crates it names.
fn annotate_kinds(log: &Path, target_dir: &Path) -> Vec<(String, String)> {
    let out = Command::new(shim_exe())
        .arg("annotate")
        .arg(log)
        .arg("--target-dir")
        .arg(target_dir)
        .args(["--format", "json"])
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut v: Vec<(String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap_or_default().to_string(),
                f["crate"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

/// No stale answers: the shim's report belongs to one failed link. A later failure of the
/// same link replaces it, a later success removes it, and annotate never takes an earlier
/// failure's report for a later log.
#[test]
fn the_shims_report_never_answers_for_a_later_link() {
    let t = "the_shims_report_never_answers_for_a_later_link";
    if !require_all(t, &["cargo +nightly", "mips-linux-gnu-gcc", "gcc", "cmake"]) {
        return;
    }
    let p = Project::new(t, "mips-workspace");
    let shim = install_shim(&p, "mips-linux-gnu-gcc");
    let linker = (
        "CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER",
        shim.to_str().unwrap(),
    );
    let target = p.target_dir();
    // A fresh build of the target side (cmake-rs does not rerun for a changed CC_<target>),
    // keeping the shim's reports in <target>/xlinkdiag.
    let rebuild = || {
        let _ = fs::remove_dir_all(target.join(MIPS));
    };
    let keep = |b: &Build, name: &str| {
        let log = p.root.join(name);
        fs::write(&log, &b.stderr).unwrap();
        log
    };

    // 1. The seed's failure: the host's C in three crates; the shim's report names all three.
    let first = cargo_build(&p, Toolchain::Nightly, MIPS, &[("CC", "gcc"), linker]);
    assert_link_failed(&first, shim.to_str().unwrap(), &["file in wrong format"]);
    let log1 = keep(&first, "first.log");
    let from_first = annotate_kinds(&log1, &target);
    for krate in ["miniz_sys", "zstd_sys", "cmlib_sys"] {
        assert!(
            from_first.contains(&("wrong-architecture".into(), krate.into())),
            "{from_first:?}"
        );
    }

    // 2. That fixed, the link broken another way: only the new cause is named, for the new
    //    log, though the same output failed before.
    rebuild();
    let flags = format!("{MIPS_BASE_RUSTFLAGS} -C link-arg=-lxlinkdiag_no_such_library");
    let fixed_cc = [
        ("CC", "gcc"),
        ("CC_mips_unknown_linux_musl", "mips-linux-gnu-gcc"),
        ("CFLAGS_mips_unknown_linux_musl", "-msoft-float"),
        linker,
    ];
    let mut env = fixed_cc.to_vec();
    env.push(("RUSTFLAGS", &flags));
    let second = cargo_build(&p, Toolchain::Nightly, MIPS, &env);
    assert_link_failed(
        &second,
        shim.to_str().unwrap(),
        &["xlinkdiag_no_such_library"],
    );
    let log2 = keep(&second, "second.log");
    let from_second = annotate_kinds(&log2, &target);
    assert!(
        from_second.iter().any(|(k, _)| k == "missing-library"),
        "{from_second:?}"
    );
    assert!(
        !from_second.iter().any(|(k, _)| k == "wrong-architecture"),
        "the first failure's report answered for the second: {from_second:?}"
    );
    // The first log, read again, does not get the second failure's report: what it names
    // comes from its own lines (the linker's words, and in CI the shim's data line).
    let again = annotate_kinds(&log1, &target);
    assert!(
        !again.iter().any(|(k, _)| k == "missing-library"),
        "the second failure's report answered for the first log: {again:?}"
    );

    // 3. The link of step 1 (the same flags, so the same output) succeeds: that output's
    //    report is gone, and no report is left that answers for it.
    let output = |log: &str| -> PathBuf {
        let at = log
            .find("\"-o\" \"")
            .expect("the log shows the linker's -o")
            + 6;
        PathBuf::from(&log[at..at + log[at..].find('"').unwrap()])
    };
    let out1 = output(&first.stderr);
    let own = xlinkdiag::cargo::layout::link_report(&target, &out1);
    assert!(
        own.exists(),
        "no report for the failed link: {}",
        own.display()
    );
    let third = cargo_build(&p, Toolchain::Nightly, MIPS, &fixed_cc);
    assert_built(&third);
    assert!(
        !own.exists(),
        "the success left its failure's report: {}",
        own.display()
    );
    if output(&second.stderr) == out1 {
        assert!(fs::read(target.join("xlinkdiag/last-link.json")).is_err());
    }
    assert!(
        !annotate_kinds(&log2, &target)
            .iter()
            .any(|(k, _)| k == "wrong-architecture")
    );
}

/// Issue 12: an ARM soft-float link that GNU ld refuses (`vendor.o uses VFP register
/// arguments`) through the installed shim: the report names only the vendor's hard-float
/// member of vendor-sys's rlib, with the float-ABI reason; never rustc's `lib.rmeta`,
/// `lib.rmeta-link` or `symbols.o`.
#[test]
fn arm_soft_float_link_blames_only_the_hard_float_member() {
    let t = "arm_soft_float_link_blames_only_the_hard_float_member";
    const ARMEL: &str = "arm-unknown-linux-gnueabi";
    if !require_all(
        t,
        &[
            "cargo +nightly",
            "arm-linux-gnueabi-gcc",
            "arm-linux-gnueabihf-gcc",
        ],
    ) {
        return;
    }
    let p = Project::new(t, "armel-vendor");
    let shim = install_shim(&p, "arm-linux-gnueabi-gcc");
    let json = p.root.join("report.json");
    let b = cargo_build(
        &p,
        Toolchain::Nightly,
        ARMEL,
        &[
            ("VENDOR_CC", "arm-linux-gnueabihf-gcc"),
            (
                "CARGO_TARGET_ARM_UNKNOWN_LINUX_GNUEABI_LINKER",
                shim.to_str().unwrap(),
            ),
            ("XLINKDIAG_REPORT", json.to_str().unwrap()),
        ],
    );
    assert_link_failed(
        &b,
        shim.to_str().unwrap(),
        &[
            "uses VFP register arguments",
            "xlinkdiag: error[abi-mismatch]",
        ],
    );
    let doc = report(&json);
    let raw = doc.to_string();
    assert_eq!(doc["target"], ARMEL, "{raw}");
    let errors: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "one culprit only\n{raw}");
    let f = errors[0];
    assert_eq!(f["kind"], "abi-mismatch", "{raw}");
    assert_eq!(f["crate"], "vendor_sys", "{raw}");
    assert_eq!(f["members"], serde_json::json!(["vendor.o"]), "{raw}");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("hard-float (VFP register arguments) objects in a soft-float target"),
        "{raw}"
    );
    // Judged files and members, and where the target came from: never rustc's own.
    let judged = [
        &f["path"],
        &f["member"],
        &f["members"],
        &f["also_in"],
        &f["message"],
        &f["expected"],
    ]
    .iter()
    .map(|v| v.to_string())
    .collect::<Vec<_>>()
    .join(" ");
    for word in ["rmeta", "symbols.o", "EABI version 0"] {
        assert!(
            !judged.contains(word),
            "the report judged rustc's own {word}\n{raw}"
        );
    }
}

/// A nightly `#![no_core]` program for `triple` in `dir`: minicore (the MIPS workspace's) built
/// as an rlib, and `app.rs` exporting `entry`; returns the `rustc +nightly` command to build
/// more with, clear of variables that would change the link.
fn no_core_program(dir: &TempDir, triple: &'static str, entry: &str) -> impl Fn() -> Command {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(
        root.join("testdata/projects/mips-workspace/minicore/src/lib.rs"),
        dir.path("minicore.rs"),
    )
    .unwrap();
    fs::write(
        dir.path("app.rs"),
        format!(
            "#![feature(no_core)]\n#![no_core]\n#![no_std]\n#![no_main]\nextern crate minicore;\n\
             #[unsafe(no_mangle)]\npub extern \"C\" fn {entry}() -> i32 {{ 0 }}\n"
        ),
    )
    .unwrap();
    let cwd = dir.0.clone();
    let rustc = move || {
        let mut c = Command::new("rustc");
        c.current_dir(&cwd)
            .env_remove("RUSTFLAGS")
            .env_remove("XLINKDIAG_LINKER")
            .env_remove("XLINKDIAG_DISABLE")
            .args(["+nightly", "--target", triple, "-C", "panic=abort", "-O"]);
        c
    };
    let minicore = rustc()
        .args(["--crate-type", "rlib", "--crate-name", "minicore"])
        .args(["minicore.rs", "-o", "libminicore.rlib"])
        .output()
        .unwrap();
    assert!(
        minicore.status.success(),
        "{}",
        String::from_utf8_lossy(&minicore.stderr)
    );
    rustc
}

/// The seed's workspace with two more cc-rs crates (copies of miniz-sys under other names):
/// five culprits of one leaked `CC=gcc`.
fn five_culprits(p: &Project) {
    let ws = &p.dir;
    for n in ["extra1", "extra2"] {
        let dir = ws.join(format!("{n}-sys"));
        copy_dir(&ws.join("miniz-sys"), &dir);
        let toml = fs::read_to_string(dir.join("Cargo.toml"))
            .unwrap()
            .replace("name = \"miniz-sys\"", &format!("name = \"{n}-sys\""))
            .replace("links = \"miniz\"", &format!("links = \"{n}\""));
        fs::write(dir.join("Cargo.toml"), toml).unwrap();
        let build = fs::read_to_string(dir.join("build.rs"))
            .unwrap()
            .replace(".compile(\"miniz\")", &format!(".compile(\"{n}\")"));
        fs::write(dir.join("build.rs"), build).unwrap();
    }
    let edit = |file: &str, from: &str, to: &str| {
        let path = ws.join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "Cargo.toml",
        "\"cmlib-sys\", \"app\"",
        "\"cmlib-sys\", \"extra1-sys\", \"extra2-sys\", \"app\"",
    );
    edit(
        "app/Cargo.toml",
        "cmlib-sys = { path = \"../cmlib-sys\" }",
        "cmlib-sys = { path = \"../cmlib-sys\" }\nextra1-sys = { path = \"../extra1-sys\" }\nextra2-sys = { path = \"../extra2-sys\" }",
    );
    edit(
        "app/src/main.rs",
        "extern crate cmlib_sys;",
        "extern crate cmlib_sys;\nextern crate extra1_sys;\nextern crate extra2_sys;",
    );
    edit(
        "Cargo.lock",
        " \"cmlib-sys\",\n \"minicore\",\n \"miniz-sys\",",
        " \"cmlib-sys\",\n \"extra1-sys\",\n \"extra2-sys\",\n \"minicore\",\n \"miniz-sys\",",
    );
    let mut lock = fs::read_to_string(ws.join("Cargo.lock")).unwrap();
    for n in ["extra1", "extra2"] {
        lock.push_str(&format!(
            "\n[[package]]\nname = \"{n}-sys\"\nversion = \"0.1.0\"\ndependencies = [\n \"cc\",\n \"minicore\",\n]\n"
        ));
    }
    fs::write(ws.join("Cargo.lock"), lock).unwrap();
}

/// One leaked `CC=gcc` that reached five build scripts is one block inside cargo's error:
/// the culprits one line each, the fix once, at most 15 lines of the shim's own (issue 20).
#[test]
fn five_culprits_of_one_leaked_cc_are_one_block() {
    let t = "five_culprits_of_one_leaked_cc_are_one_block";
    if !require_all(t, &["cargo +nightly", "mips-linux-gnu-gcc", "gcc", "cmake"]) {
        return;
    }
    let p = Project::new(t, "mips-workspace");
    five_culprits(&p);
    let shim = install_shim(&p, "mips-linux-gnu-gcc");
    let b = cargo_build(
        &p,
        Toolchain::Nightly,
        MIPS,
        &[
            ("CC", "gcc"),
            (
                "CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER",
                shim.to_str().unwrap(),
            ),
            ("CI", "true"),
        ],
    );
    assert_link_failed(&b, shim.to_str().unwrap(), &["file in wrong format"]);
    let ours: Vec<&str> = b
        .stderr
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with("xlinkdiag:"))
        .collect();
    let culprits: Vec<&&str> = ours
        .iter()
        .filter(|l| l.contains("= culprit: crate `"))
        .collect();
    assert_eq!(culprits.len(), 5, "{}", b.stderr);
    for krate in [
        "miniz_sys",
        "zstd_sys",
        "cmlib_sys",
        "extra1_sys",
        "extra2_sys",
    ] {
        assert!(
            culprits
                .iter()
                .any(|l| l.contains(&format!("crate `{krate}`"))),
            "{krate} is not a culprit:\n{}",
            b.stderr
        );
    }
    assert_eq!(
        ours.iter().filter(|l| l.contains("error[")).count(),
        1,
        "one cause, one block:\n{}",
        b.stderr
    );
    assert_eq!(
        ours.iter()
            .filter(|l| l.contains(" export ") && l.contains(" CC_mips_unknown_linux_musl="))
            .count(),
        1,
        "the fix once:\n{}",
        b.stderr
    );
    assert!(
        ours.len() <= 15,
        "{} lines of the shim's own (data line included):\n{}",
        ours.len(),
        ours.join("\n")
    );
}
