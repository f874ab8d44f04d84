//! Shared by the test binaries: temp dirs and project copies, cargo builds with a clean
//! environment, and the scan's JSON checks. How an end-to-end test skips is in `skips.rs`,
//! which only the e2e binary includes.
// Each test binary uses part of this module.
#![allow(dead_code, clippy::disallowed_methods)]

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

pub mod fix_project;

pub const MIPS: &str = "mips-unknown-linux-musl";
pub const A64: &str = "aarch64-unknown-linux-gnu";
pub const MIPS_SYS_CRATES: [(&str, &str); 3] = [
    ("miniz_sys", "miniz-sys"),
    ("zstd_sys", "zstd-sys"),
    ("cmlib_sys", "cmlib-sys"),
];
pub const A64_SYS_CRATES: [(&str, &str); 1] = [("tinyz_sys", "tinyz-sys")];

/// The `[target.mips-unknown-linux-musl] rustflags` of the project's
/// `.cargo/config.toml`; `RUSTFLAGS` replaces them, so a test that sets
/// RUSTFLAGS must repeat them.
pub const MIPS_BASE_RUSTFLAGS: &str = "-C link-self-contained=no -C link-arg=-msoft-float \
                                   -C link-arg=-nostdlib -C link-arg=-static";

// ---------------------------------------------------------------------------
// Temp project copies
// ---------------------------------------------------------------------------

/// A copy of `testdata/projects/<name>` in a fresh temp dir, removed on drop.
pub struct Project {
    pub root: PathBuf,
    pub dir: PathBuf,
}

impl Project {
    pub fn new(test: &str, name: &str) -> Project {
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
    pub fn target_dir(&self) -> PathBuf {
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

pub fn copy_dir(src: &Path, dst: &Path) {
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
pub enum Toolchain {
    /// rustup's nightly: the MIPS workspace is `#![no_core]`.
    Nightly,
    /// Debian's /usr/bin/cargo + /usr/bin/rustc, which have the arm64 std.
    DebianArm64,
}

pub struct Build {
    pub output: Output,
    pub stderr: String,
}

impl Build {
    pub fn succeeded(&self) -> bool {
        self.output.status.success()
    }
}

/// Environment variables a developer's shell (or `cargo test` itself) may
/// carry that would change what these builds do.
pub fn is_leaky_var(name: &str) -> bool {
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
pub fn cargo_build(p: &Project, toolchain: Toolchain, triple: &str, env: &[(&str, &str)]) -> Build {
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

pub fn assert_link_failed(b: &Build, linker: &str, needles: &[&str]) {
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

pub fn assert_built(b: &Build) {
    assert!(
        b.succeeded(),
        "the correct build was expected to link:\n{}",
        b.stderr
    );
}

/// e_machine of an ELF file, after checking class and byte order.
pub fn elf_machine(path: &Path, bits: u8, big_endian: bool) -> u16 {
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

pub const EM_MIPS: u16 = 8;
pub const EM_AARCH64: u16 = 183;

// ---------------------------------------------------------------------------
// Scan
// ---------------------------------------------------------------------------

pub struct Scan {
    pub code: Option<i32>,
    pub doc: Value,
    pub raw: String,
}

pub fn scan(dir: &Path) -> Scan {
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
    pub fn findings(&self) -> &[Value] {
        self.doc["findings"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn errors(&self) -> Vec<&Value> {
        self.findings()
            .iter()
            .filter(|f| f["severity"] == "error")
            .collect()
    }

    pub fn assert_target(&self, triple: &str) {
        let t = &self.doc["target"];
        assert!(
            t.is_null() || t == triple,
            "scan: target should be {triple} (or null), got {t}\n{}",
            self.raw
        );
    }

    /// Exit 0 and no error finding at all.
    pub fn assert_clean(&self, triple: &str) {
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
    pub fn assert_culprits(
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
pub fn assert_leaked_cc(
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

/// A fresh temp dir, removed on drop (kept with `XLINKDIAG_E2E_KEEP=1`); `tag` and a
/// sequence number keep tests apart.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static SEQ: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "xlinkdiag-{tag}-{}-{}",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// `name` inside, created.
    pub fn mkdir(&self, name: &str) -> PathBuf {
        let dir = self.path(name);
        fs::create_dir_all(&dir).unwrap();
        dir
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var_os("XLINKDIAG_E2E_KEEP").is_none() {
            let _ = fs::remove_dir_all(&self.0);
        }
    }
}

/// A finished command's exit status and both streams, for an assertion's message.
pub fn text(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// An OpenWrt-like SDK made from Debian's cross gcc at `sdk` by the committed
/// `testdata/openwrt/make-toolchain.sh`; returns the toolchain dir it made.
pub fn openwrt_sdk(sdk: &Path, arch_cpu: &str) -> PathBuf {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/openwrt/make-toolchain.sh");
    let out = Command::new("sh")
        .arg(&script)
        .arg(sdk)
        .arg(arch_cpu)
        .output()
        .expect("run make-toolchain.sh");
    assert!(
        out.status.success(),
        "make-toolchain.sh failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tc = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    assert!(tc.is_dir(), "{}", tc.display());
    tc
}

/// `export NAME='value'` lines of `xlinkdiag env`, unquoted.
pub fn parse_sh(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| l.strip_prefix("export "))
        .map(|l| {
            let (k, v) = l.split_once('=').expect("NAME=value");
            let v = v
                .strip_prefix('\'')
                .and_then(|v| v.strip_suffix('\''))
                .expect("single-quoted");
            (k.to_string(), v.replace(r"'\''", "'"))
        })
        .collect()
}
