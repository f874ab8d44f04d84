// Tests and the test double read the environment directly: the env door is for the tool.
#![allow(clippy::disallowed_methods)]
//! End to end: real cross builds of the projects in `testdata/projects/` with
//! real toolchains and linkers, then `xlinkdiag scan <target-dir> --format json`
//! on what they left behind.
//!
//! Each test copies its project into a fresh temp dir, builds once (failing or
//! correct, as the case says), checks what cargo and the linker said, then
//! checks the scan. A missing toolchain skips the test with a message on
//! stderr, except under `CI=true`, where it fails: CI must never skip
//! silently. `XLINKDIAG_E2E_KEEP=1` keeps the temp dirs for inspection.
//!
//! Needs: `cargo +nightly` (MIPS, `#![no_core]`, no rust-std for the target),
//! Debian's `/usr/bin/cargo` + `/usr/bin/rustc` with the arm64 std
//! (`libstd-rust-web-dev:arm64`), gcc, cmake, mips-linux-gnu-gcc,
//! aarch64-linux-gnu-gcc, clang-14 + ld.lld, mold.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

const MIPS: &str = "mips-unknown-linux-musl";
const A64: &str = "aarch64-unknown-linux-gnu";
const MIPS_SYS_CRATES: [(&str, &str); 3] = [
    ("miniz_sys", "miniz-sys"),
    ("zstd_sys", "zstd-sys"),
    ("cmlib_sys", "cmlib-sys"),
];
const A64_SYS_CRATES: [(&str, &str); 1] = [("tinyz_sys", "tinyz-sys")];

/// The `[target.mips-unknown-linux-musl] rustflags` of the project's
/// `.cargo/config.toml`; `RUSTFLAGS` replaces them, so a test that sets
/// RUSTFLAGS must repeat them.
const MIPS_BASE_RUSTFLAGS: &str = "-C link-self-contained=no -C link-arg=-msoft-float \
                                   -C link-arg=-nostdlib -C link-arg=-static";

// ---------------------------------------------------------------------------
// Tools
// ---------------------------------------------------------------------------

/// Is `tool` usable here? If not: print `skipping <test>: <tool> not found`
/// and return false, or panic when `CI=true`.
fn require(test: &str, tool: &str) -> bool {
    let found = match tool {
        "cargo +nightly" => runs("cargo", &["+nightly", "--version"]),
        "/usr/bin/cargo with arm64 std" => debian_arm64_std(),
        "clang-14" => runs("clang-14", &["--version"]),
        "ld.lld" => runs("ld.lld", &["--version"]),
        "mold" => runs("mold", &["--version"]) && Path::new("/usr/libexec/mold/ld").exists(),
        other => runs(other, &["--version"]),
    };
    if found {
        return true;
    }
    if xlinkdiag::env::var("CI").is_some_and(|v| v == "true") {
        panic!("{test}: {tool} not found, and CI=true: CI must not skip end-to-end tests");
    }
    // Straight to the process's stderr: libtest captures eprintln! of a
    // passing test, and a skip must be visible.
    let _ = writeln!(std::io::stderr(), "skipping {test}: {tool} not found");
    false
}

fn require_all(test: &str, tools: &[&str]) -> bool {
    // Check every tool (no short circuit), so a skip names all that are missing.
    tools.iter().filter(|t| !require(test, t)).count() == 0
}

fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Debian's rustc-web with the aarch64 std installed next to it.
fn debian_arm64_std() -> bool {
    if !runs("/usr/bin/cargo", &["--version"]) {
        return false;
    }
    let Ok(out) = Command::new("/usr/bin/rustc")
        .args(["--print", "sysroot"])
        .output()
    else {
        return false;
    };
    let sysroot = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let lib = Path::new(&sysroot)
        .join("lib/rustlib")
        .join(A64)
        .join("lib");
    fs::read_dir(lib).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("libstd-"))
    })
}

// ---------------------------------------------------------------------------
// Temp project copies
// ---------------------------------------------------------------------------

/// A copy of `testdata/projects/<name>` in a fresh temp dir, removed on drop.
struct Project {
    root: PathBuf,
    dir: PathBuf,
}

impl Project {
    fn new(test: &str, name: &str) -> Project {
        static SEQ: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let root = std::env::temp_dir().join(format!(
            "xlinkdiag-e2e-{test}-{}-{nanos}-{}",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        ));
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/projects")
            .join(name);
        let dir = root.join(name);
        copy_dir(&src, &dir);
        Project { root, dir }
    }

    /// The cargo target dir: inside the temp dir, the project's default.
    fn target_dir(&self) -> PathBuf {
        self.dir.join("target")
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        if xlinkdiag::env::var_os("XLINKDIAG_E2E_KEEP").is_some() {
            eprintln!("keeping {}", self.root.display());
        } else {
            let _ = fs::remove_dir_all(&self.root);
        }
    }
}

fn copy_dir(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap_or_else(|e| panic!("mkdir {}: {e}", dst.display()));
    for entry in fs::read_dir(src).unwrap_or_else(|e| panic!("read {}: {e}", src.display())) {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == OsStr::new("target") {
            continue;
        }
        let (from, to) = (entry.path(), dst.join(&name));
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&from, &to);
        } else {
            fs::copy(&from, &to)
                .unwrap_or_else(|e| panic!("copy {} -> {}: {e}", from.display(), to.display()));
        }
    }
}

// ---------------------------------------------------------------------------
// Builds
// ---------------------------------------------------------------------------

/// Which cargo builds the project.
#[derive(Clone, Copy)]
enum Toolchain {
    /// rustup's nightly: the MIPS workspace is `#![no_core]`.
    Nightly,
    /// Debian's /usr/bin/cargo + /usr/bin/rustc, which have the arm64 std.
    DebianArm64,
}

struct Build {
    output: Output,
    stderr: String,
}

impl Build {
    fn succeeded(&self) -> bool {
        self.output.status.success()
    }
}

/// Environment variables a developer's shell (or `cargo test` itself) may
/// carry that would change what these builds do.
fn is_leaky_var(name: &str) -> bool {
    const PREFIXES: [&str; 16] = [
        "CC",
        "CXX",
        "CFLAGS",
        "CXXFLAGS",
        "CPPFLAGS",
        "AR",
        "ARFLAGS",
        "TARGET_",
        "HOST_",
        "CROSS_COMPILE",
        "CMAKE",
        "RUSTC",
        "RUSTDOC",
        "CARGO_TARGET_",
        "CARGO_BUILD_",
        "RUSTUP_TOOLCHAIN",
    ];
    const EXACT: [&str; 6] = [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO",
        "CARGO_MANIFEST_DIR",
        "CARGO_MANIFEST_PATH",
        "CARGO_INCREMENTAL",
    ];
    PREFIXES.iter().any(|p| name.starts_with(p))
        || EXACT.contains(&name)
        || name.starts_with("CARGO_PKG_")
        || name.starts_with("CARGO_CFG_")
        || name.starts_with("__CARGO")
}

/// `cargo build --target <triple> --color never --locked` inside the project
/// dir (cargo reads `.cargo/config.toml` from the current dir, not from
/// `--manifest-path`), with a clean environment plus `env`.
fn cargo_build(p: &Project, toolchain: Toolchain, triple: &str, env: &[(&str, &str)]) -> Build {
    let mut cmd = match toolchain {
        Toolchain::Nightly => {
            let mut c = Command::new("cargo");
            c.arg("+nightly");
            c
        }
        Toolchain::DebianArm64 => Command::new("/usr/bin/cargo"),
    };
    for (name, _) in std::env::vars_os() {
        if let Some(name) = name.to_str()
            && is_leaky_var(name)
        {
            cmd.env_remove(name);
        }
    }
    if let Toolchain::DebianArm64 = toolchain {
        // Set after the clean-up above, which removes any inherited RUSTC.
        cmd.env("RUSTC", "/usr/bin/rustc");
    }
    cmd.args(["build", "--target", triple, "--color", "never", "--locked"])
        .current_dir(&p.dir)
        .env("CARGO_TARGET_DIR", p.target_dir())
        .env("CARGO_TERM_COLOR", "never");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let output = cmd.output().expect("spawn cargo");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    Build { output, stderr }
}

fn assert_link_failed(b: &Build, linker: &str, needles: &[&str]) {
    assert!(
        !b.succeeded(),
        "the build was expected to fail at link time, but it succeeded:\n{}",
        b.stderr
    );
    let head = format!("error: linking with `{linker}` failed");
    assert!(
        b.stderr.contains(&head),
        "cargo's stderr lacks {head:?} (did it fail before linking?):\n{}",
        b.stderr
    );
    for needle in needles {
        assert!(
            b.stderr.contains(needle),
            "cargo's stderr lacks the linker's {needle:?}:\n{}",
            b.stderr
        );
    }
}

fn assert_built(b: &Build) {
    assert!(
        b.succeeded(),
        "the correct build was expected to link:\n{}",
        b.stderr
    );
}

/// e_machine of an ELF file, after checking class and byte order.
fn elf_machine(path: &Path, bits: u8, big_endian: bool) -> u16 {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    assert!(
        bytes.len() > 20 && &bytes[..4] == b"\x7fELF",
        "{} is not ELF",
        path.display()
    );
    assert_eq!(
        bytes[4],
        if bits == 32 { 1 } else { 2 },
        "{}: ELF class",
        path.display()
    );
    assert_eq!(
        bytes[5],
        if big_endian { 2 } else { 1 },
        "{}: ELF data",
        path.display()
    );
    let m = [bytes[18], bytes[19]];
    if big_endian {
        u16::from_be_bytes(m)
    } else {
        u16::from_le_bytes(m)
    }
}

const EM_MIPS: u16 = 8;
const EM_AARCH64: u16 = 183;

// ---------------------------------------------------------------------------
// Scan
// ---------------------------------------------------------------------------

struct Scan {
    code: Option<i32>,
    doc: Value,
    raw: String,
}

fn scan(dir: &Path) -> Scan {
    let out = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"))
        .arg("scan")
        .arg(dir)
        .args(["--format", "json"])
        .env_remove("NO_COLOR")
        .output()
        .expect("run xlinkdiag");
    let raw = format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("scan: stdout is not JSON ({e}):\n{raw}"));
    assert_eq!(doc["version"], 1, "scan: version\n{raw}");
    assert!(
        doc["findings"].is_array(),
        "scan: findings is not a list\n{raw}"
    );
    Scan {
        code: out.status.code(),
        doc,
        raw,
    }
}

impl Scan {
    fn findings(&self) -> &[Value] {
        self.doc["findings"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    fn errors(&self) -> Vec<&Value> {
        self.findings()
            .iter()
            .filter(|f| f["severity"] == "error")
            .collect()
    }

    fn assert_target(&self, triple: &str) {
        let t = &self.doc["target"];
        assert!(
            t.is_null() || t == triple,
            "scan: target should be {triple} (or null), got {t}\n{}",
            self.raw
        );
    }

    /// Exit 0 and no error finding at all.
    fn assert_clean(&self, triple: &str) {
        self.assert_target(triple);
        assert_eq!(self.code, Some(0), "scan: exit status\n{}", self.raw);
        assert!(
            self.errors().is_empty(),
            "scan: error findings in a correct build\n{}",
            self.raw
        );
    }

    /// Exit 1; for each crate exactly one `kind` finding with severity
    /// error; no other crate is blamed; host artifacts are never reported.
    /// Returns the findings by crate name.
    fn assert_culprits(
        &self,
        target_dir: &Path,
        triple: &str,
        kind: &str,
        crates: &[(&str, &str)],
    ) -> BTreeMap<String, Value> {
        self.assert_target(triple);
        assert_eq!(self.code, Some(1), "scan: exit status\n{}", self.raw);
        let mut by_crate: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
        for f in self.errors() {
            let krate = f["crate"].as_str().unwrap_or("<null>").to_string();
            by_crate.entry(krate).or_default().push(f);
        }
        let host = target_dir.join("debug");
        for f in self.findings() {
            let path = f["path"].as_str().unwrap_or_default();
            assert!(
                !Path::new(path).starts_with(&host),
                "scan: flagged a host artifact {path}\n{}",
                self.raw
            );
        }
        let mut want: Vec<&str> = crates.iter().map(|(c, _)| *c).collect();
        want.sort_unstable();
        let got: Vec<&str> = by_crate.keys().map(String::as_str).collect();
        assert_eq!(
            got, want,
            "scan: the crates blamed with errors\n{}",
            self.raw
        );
        let mut out = BTreeMap::new();
        for (krate, package) in crates {
            let fs = &by_crate[*krate];
            assert_eq!(
                fs.len(),
                1,
                "scan: want exactly one finding for crate {krate}, got {}\n{}",
                fs.len(),
                self.raw
            );
            let f = fs[0];
            assert_eq!(f["kind"], kind, "scan: kind for {krate}\n{}", self.raw);
            assert_eq!(
                f["package"], *package,
                "scan: package for {krate}\n{}",
                self.raw
            );
            assert!(
                f["path"].is_string(),
                "scan: path for {krate}\n{}",
                self.raw
            );
            assert!(
                f["message"].is_string(),
                "scan: message for {krate}\n{}",
                self.raw
            );
            out.insert(krate.to_string(), f.clone());
        }
        out
    }
}

/// The checks every "leaked CC=gcc" scan shares.
fn assert_leaked_cc(
    scan: &Scan,
    target_dir: &Path,
    triple: &str,
    arch: &str,
    crates: &[(&str, &str)],
) {
    let env_var = format!("CC_{}", triple.replace('-', "_"));
    for (krate, f) in scan.assert_culprits(target_dir, triple, "wrong-architecture", crates) {
        assert_eq!(
            f["found"]["arch"], "x86_64",
            "scan: found.arch for {krate}\n{}",
            scan.raw
        );
        assert_eq!(
            f["expected"]["arch"], arch,
            "scan: expected.arch for {krate}\n{}",
            scan.raw
        );
        assert!(
            f["env"].get(&env_var).is_some_and(Value::is_string),
            "scan: env for {krate} should set {env_var}\n{}",
            scan.raw
        );
    }
}

// ---------------------------------------------------------------------------
// The cases
// ---------------------------------------------------------------------------

const MIPS_TOOLS: [&str; 4] = ["cargo +nightly", "mips-linux-gnu-gcc", "gcc", "cmake"];
const A64_TOOLS: [&str; 3] = [
    "/usr/bin/cargo with arm64 std",
    "aarch64-linux-gnu-gcc",
    "gcc",
];

/// (1) The story: a global `CC=gcc` leaks into a MIPS build; cc-rs and
/// cmake-rs compile x86-64 objects; GNU ld rejects the first one.
#[test]
fn mips_leaked_cc_gnu_ld() {
    let t = "mips_leaked_cc_gnu_ld";
    if !require_all(t, &MIPS_TOOLS) {
        return;
    }
    let p = Project::new(t, "mips-workspace");
    let b = cargo_build(&p, Toolchain::Nightly, MIPS, &[("CC", "gcc")]);
    assert_link_failed(
        &b,
        "mips-linux-gnu-gcc",
        &[
            "Relocations in generic ELF (EM: 62)",
            "error adding symbols: file in wrong format",
            "collect2: error: ld returned 1 exit status",
        ],
    );
    let s = scan(&p.target_dir());
    assert_leaked_cc(&s, &p.target_dir(), MIPS, "mips", &MIPS_SYS_CRATES);
}

/// (2) The fix: the target's own CC (and soft-float CFLAGS): it links, the
/// binary is MIPS, and the scan is clean.
#[test]
fn mips_correct_build_is_clean() {
    let t = "mips_correct_build_is_clean";
    if !require_all(t, &MIPS_TOOLS) {
        return;
    }
    let p = Project::new(t, "mips-workspace");
    let b = cargo_build(
        &p,
        Toolchain::Nightly,
        MIPS,
        &[
            ("CC", "gcc"),
            ("CC_mips_unknown_linux_musl", "mips-linux-gnu-gcc"),
            ("CFLAGS_mips_unknown_linux_musl", "-msoft-float"),
            ("AR_mips_unknown_linux_musl", "mips-linux-gnu-ar"),
        ],
    );
    assert_built(&b);
    assert!(
        !b.stderr.contains("uses -mhard-float"),
        "GNU ld warned about a float-ABI mismatch:\n{}",
        b.stderr
    );
    let app = p.target_dir().join(MIPS).join("debug/app");
    assert_eq!(
        elf_machine(&app, 32, true),
        EM_MIPS,
        "{} is not MIPS",
        app.display()
    );
    scan(&p.target_dir()).assert_clean(MIPS);
}

/// (3) Real std for aarch64 via Debian's cargo, CC=gcc leaked.
#[test]
fn aarch64_leaked_cc_gnu_ld() {
    let t = "aarch64_leaked_cc_gnu_ld";
    if !require_all(t, &A64_TOOLS) {
        return;
    }
    let p = Project::new(t, "aarch64-workspace");
    let b = cargo_build(
        &p,
        Toolchain::DebianArm64,
        A64,
        &[
            ("CC", "gcc"),
            (
                "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER",
                "aarch64-linux-gnu-gcc",
            ),
        ],
    );
    assert_link_failed(
        &b,
        "aarch64-linux-gnu-gcc",
        &[
            "libtinyz_sys-",
            "Relocations in generic ELF (EM: 62)",
            "error adding symbols: file in wrong format",
        ],
    );
    let s = scan(&p.target_dir());
    assert_leaked_cc(&s, &p.target_dir(), A64, "aarch64", &A64_SYS_CRATES);
}

/// (4) aarch64 with the target's own CC: links, is aarch64, scans clean.
#[test]
fn aarch64_correct_build_is_clean() {
    let t = "aarch64_correct_build_is_clean";
    if !require_all(t, &A64_TOOLS) {
        return;
    }
    let p = Project::new(t, "aarch64-workspace");
    let b = cargo_build(
        &p,
        Toolchain::DebianArm64,
        A64,
        &[
            ("CC", "gcc"),
            ("CC_aarch64_unknown_linux_gnu", "aarch64-linux-gnu-gcc"),
            (
                "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER",
                "aarch64-linux-gnu-gcc",
            ),
        ],
    );
    assert_built(&b);
    let app = p.target_dir().join(A64).join("debug/app");
    assert_eq!(
        elf_machine(&app, 64, false),
        EM_AARCH64,
        "{} is not aarch64",
        app.display()
    );
    scan(&p.target_dir()).assert_clean(A64);
}

/// (5a) The MIPS failure linked by clang + lld: lld names every bad member
/// (GNU ld only the first archive); the scan gives the same culprits.
#[test]
fn mips_leaked_cc_lld() {
    let t = "mips_leaked_cc_lld";
    if !require_all(t, &["cargo +nightly", "clang-14", "ld.lld", "gcc", "cmake"]) {
        return;
    }
    let p = Project::new(t, "mips-workspace");
    let rustflags = format!(
        "{MIPS_BASE_RUSTFLAGS} -C link-arg=--target=mips-linux-gnu -C link-arg=-fuse-ld=lld"
    );
    let b = cargo_build(
        &p,
        Toolchain::Nightly,
        MIPS,
        &[
            ("CC", "gcc"),
            ("CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER", "clang-14"),
            ("RUSTFLAGS", &rustflags),
        ],
    );
    assert_link_failed(
        &b,
        "clang-14",
        &[
            "ld.lld: error: ",
            "xxhash.o) is incompatible with elf32btsmip",
            "miniz_adler.o) is incompatible with elf32btsmip",
            "miniz_crc.o) is incompatible with elf32btsmip",
            "(cmlib.c.o) is incompatible with elf32btsmip",
            "clang: error: linker command failed with exit code 1",
        ],
    );
    let s = scan(&p.target_dir());
    assert_leaked_cc(&s, &p.target_dir(), MIPS, "mips", &MIPS_SYS_CRATES);
}

/// (5b) The aarch64 failure linked by mold (through gcc's -B): mold names only
/// the member, not the archive; the scan still names the crate.
#[test]
fn aarch64_leaked_cc_mold() {
    let t = "aarch64_leaked_cc_mold";
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
    let p = Project::new(t, "aarch64-workspace");
    let b = cargo_build(
        &p,
        Toolchain::DebianArm64,
        A64,
        &[
            ("CC", "gcc"),
            (
                "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER",
                "aarch64-linux-gnu-gcc",
            ),
            ("RUSTFLAGS", "-C link-arg=-B/usr/libexec/mold"),
        ],
    );
    assert_link_failed(
        &b,
        "aarch64-linux-gnu-gcc",
        &[
            "mold: fatal: ",
            "tinyz.o: incompatible file type: arm64 is expected but got x86_64",
        ],
    );
    let s = scan(&p.target_dir());
    assert_leaked_cc(&s, &p.target_dir(), A64, "aarch64", &A64_SYS_CRATES);
}

/// (5c) The aarch64 failure linked by clang + lld.
#[test]
fn aarch64_leaked_cc_lld() {
    let t = "aarch64_leaked_cc_lld";
    if !require_all(
        t,
        &["/usr/bin/cargo with arm64 std", "clang-14", "ld.lld", "gcc"],
    ) {
        return;
    }
    let p = Project::new(t, "aarch64-workspace");
    let b = cargo_build(
        &p,
        Toolchain::DebianArm64,
        A64,
        &[
            ("CC", "gcc"),
            ("CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER", "clang-14"),
            (
                "RUSTFLAGS",
                "-C link-arg=--target=aarch64-linux-gnu -C link-arg=-fuse-ld=lld",
            ),
        ],
    );
    assert_link_failed(
        &b,
        "clang-14",
        &[
            "ld.lld: error: ",
            "tinyz.o) is incompatible with elf64-littleaarch64",
        ],
    );
    let s = scan(&p.target_dir());
    assert_leaked_cc(&s, &p.target_dir(), A64, "aarch64", &A64_SYS_CRATES);
}

/// (6) No CC at all: cc-rs guesses mips-linux-gnu-gcc from the linker (right
/// architecture) but that gcc defaults to hard-float. GNU ld only warns and
/// the link succeeds; the scan must still catch the float-ABI mismatch.
#[test]
fn mips_hard_float_c_objects() {
    let t = "mips_hard_float_c_objects";
    if !require_all(t, &MIPS_TOOLS) {
        return;
    }
    let p = Project::new(t, "mips-workspace");
    let b = cargo_build(&p, Toolchain::Nightly, MIPS, &[]);
    assert_built(&b);
    assert!(
        b.stderr.contains("warning: linker stderr: ") && b.stderr.contains("uses -mhard-float"),
        "expected GNU ld's float-ABI warning in cargo's stderr:\n{}",
        b.stderr
    );
    let s = scan(&p.target_dir());
    for (krate, f) in s.assert_culprits(&p.target_dir(), MIPS, "abi-mismatch", &MIPS_SYS_CRATES) {
        assert_eq!(
            f["found"]["arch"], "mips",
            "scan: found.arch for {krate}\n{}",
            s.raw
        );
        assert_eq!(
            f["expected"]["arch"], "mips",
            "scan: expected.arch for {krate}\n{}",
            s.raw
        );
        assert_eq!(
            f["env"]["CFLAGS_mips_unknown_linux_musl"], "-msoft-float",
            "scan: env for {krate}\n{}",
            s.raw
        );
    }
}
