// Tests read the environment directly: the env door is for the tool.
#![allow(clippy::disallowed_methods)]
//! Issue 21's ground truth: eighteen registry -sys crates this project's other tests never
//! use (C and C++ through cc-rs, cmake, autotools, pkg-config; bundled and system builds),
//! cross-built for aarch64 and for armv7 hard-float with Debian's rustc-web, each in at least
//! two of the ways real cross builds go wrong (a leaked `CC`/`CXX`/`CFLAGS`, `TARGET_CC`, a
//! hyphenated per-target name, the host's pkg-config, a missing target -dev package, a
//! missing target libc, no linker, a missing cross tool, the wrong linker behind the shim);
//! libgit2-sys once, for the pkg-config note libz-sys prints before its compiler fails; and
//! the seed's MIPS case with a wrapper-script linker. Each case is one real failed
//! `cargo build --keep-going` through the shim; then every mode is asked about it.
//!
//! This test is the specification of issue 21: many of its checks are still wrong. It never
//! stops at the first: every (case, crate, mode) check is recorded, the run prints each
//! mode's rate and every wrong check with why, and fails when a check blessed right in
//! `testdata/logs/crates/expected.tsv` turns wrong (or is not in the file). What every mode must say, in the JSON
//! contract's fields only (`findings[].kind`, `crate`, `package`, `env` keys,
//! `provenance.compiler_from`; doctor's `checks[]`; fix's `manual`):
//!
//! - the cause's kind and the crate (for a failure before the link: annotate; at the link:
//!   the shim, scan and annotate), the variable that took effect in the spelling that was
//!   set, never std's own `compiler_builtins`, and only tools that exist here;
//! - doctor: a check of that kind, from that variable, before any build;
//! - fix: after `xlinkdiag fix --from LOG --apply`, the same `cargo build` in the same
//!   environment links that crate's binary, or fix names exactly the package to install: the
//!   package that owns the build machine's own file (the crate's `.pc`, the target's
//!   `crti.o`), with the target's Debian architecture. The test installs nothing.
//!
//! Nothing is vendored: cargo downloads the crates (versions pinned with `=`). One target
//! dir holds every case (the build scripts and proc macros are built once); each case starts
//! without the target's own artifacts, so what a mode sees is that case's build alone. A
//! missing toolchain or host package skips with a line on stderr, and fails under `CI=true`.
//! The trial this test was written from (every log, every mode's words, the fixes found by
//! hand) is summarised in `testdata/logs/crates/README.md`.

use crate::skips::{require, require_all, require_that};
use crate::support;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use serde_json::Value;
use support::*;

const A7H: &str = "armv7-unknown-linux-gnueabihf";
const EM_ARM: u16 = 40;

struct Target {
    triple: &'static str,
    /// Debian's GNU triple: the cross tools' prefix and the multiarch dir.
    gnu: &'static str,
    /// Debian's architecture, as in `libasound2-dev:arm64`.
    deb: &'static str,
    bits: u8,
    em: u16,
}

const AARCH64: Target = Target {
    triple: A64,
    gnu: "aarch64-linux-gnu",
    deb: "arm64",
    bits: 64,
    em: EM_AARCH64,
};
const ARMV7HF: Target = Target {
    triple: A7H,
    gnu: "arm-linux-gnueabihf",
    deb: "armhf",
    bits: 32,
    em: EM_ARM,
};

impl Target {
    /// `aarch64_unknown_linux_gnu`, as in `CC_aarch64_unknown_linux_gnu`.
    fn under(&self) -> String {
        self.triple.replace('-', "_")
    }
    fn linker_var(&self) -> String {
        format!("CARGO_TARGET_{}_LINKER", self.under().to_uppercase())
    }
    fn gcc(&self) -> String {
        format!("{}-gcc", self.gnu)
    }
    fn gxx(&self) -> String {
        format!("{}-g++", self.gnu)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    C,
    Cxx,
}

/// A workspace member that links one registry crate's native code.
struct Krate {
    member: &'static str,
    dependency: &'static str,
    main: &'static str,
    /// The packages a finding may name for it (cxx's C++ comes through link-cplusplus too).
    packages: &'static [&'static str],
    lang: Lang,
    /// The `.pc` its build script asks pkg-config for, in these cases.
    pc: Option<&'static str>,
    /// Without a `.pc` for the target it builds its bundled copy (lzma-sys, expat-sys): the
    /// answer may be that instead of a package.
    bundled_fallback: bool,
}

const KRATES: &[Krate] = &[
    Krate {
        member: "use-bzip2",
        dependency: r#"bzip2-sys = { version = "=0.1.13", features = ["static"] }"#,
        main: "let mut s: bzip2_sys::bz_stream = unsafe { std::mem::zeroed() };\n    println!(\"{}\", unsafe { bzip2_sys::BZ2_bzDecompressInit(&mut s, 0, 0) });",
        packages: &["bzip2-sys"],
        lang: Lang::C,
        pc: None,
        bundled_fallback: false,
    },
    Krate {
        member: "use-lzma",
        dependency: r#"lzma-sys = "=0.1.20""#,
        main: "println!(\"{}\", unsafe { lzma_sys::lzma_version_number() });",
        packages: &["lzma-sys"],
        lang: Lang::C,
        pc: Some("liblzma.pc"),
        bundled_fallback: true,
    },
    Krate {
        member: "use-lz4",
        dependency: r#"lz4-sys = "=1.11.1""#,
        main: "println!(\"{}\", unsafe { lz4_sys::LZ4_versionNumber() });",
        packages: &["lz4-sys"],
        lang: Lang::C,
        pc: None,
        bundled_fallback: false,
    },
    Krate {
        member: "use-blake3",
        dependency: r#"blake3 = "=1.8.7""#,
        main: "println!(\"{}\", blake3::hash(b\"x\"));",
        packages: &["blake3"],
        lang: Lang::C,
        pc: None,
        bundled_fallback: false,
    },
    Krate {
        member: "use-blake3-neon",
        dependency: r#"blake3 = { version = "=1.8.7", features = ["neon"] }"#,
        main: "println!(\"{}\", blake3::hash(b\"x\"));",
        packages: &["blake3"],
        lang: Lang::C,
        pc: None,
        bundled_fallback: false,
    },
    Krate {
        member: "use-onig",
        dependency: r#"onig_sys = { version = "=69.9.3", default-features = false }"#,
        main: "println!(\"{:?}\", unsafe { onig_sys::onig_version() });",
        packages: &["onig_sys"],
        lang: Lang::C,
        pc: None,
        bundled_fallback: false,
    },
    Krate {
        member: "use-tsjson",
        dependency: r#"tree-sitter-json = "=0.24.8""#,
        main: "println!(\"{:?}\", unsafe { tree_sitter_json::LANGUAGE.into_raw()() });",
        packages: &["tree-sitter-json"],
        lang: Lang::C,
        pc: None,
        bundled_fallback: false,
    },
    Krate {
        member: "use-webp",
        dependency: r#"libwebp-sys = { version = "=0.14.4", default-features = false, features = ["std"] }"#,
        main: "println!(\"{}\", unsafe { libwebp_sys::WebPGetEncoderVersion() });",
        packages: &["libwebp-sys"],
        lang: Lang::C,
        pc: None,
        bundled_fallback: false,
    },
    Krate {
        member: "use-hidapi",
        dependency: r#"hidapi = "=2.6.7""#,
        main: "println!(\"{}\", hidapi::HidApi::new().is_ok());",
        packages: &["hidapi"],
        lang: Lang::C,
        pc: Some("libudev.pc"),
        bundled_fallback: false,
    },
    Krate {
        member: "use-libusb",
        dependency: r#"libusb1-sys = { version = "=0.7.0", features = ["vendored"] }"#,
        main: "println!(\"{:?}\", unsafe { libusb1_sys::libusb_get_version() });",
        packages: &["libusb1-sys"],
        lang: Lang::C,
        pc: None,
        bundled_fallback: false,
    },
    Krate {
        member: "use-cxx",
        dependency: r#"cxx = "=1.0.205""#,
        main: "cxx::let_cxx_string!(s = \"abc\");\n    println!(\"{}\", s.len());",
        packages: &["cxx", "link-cplusplus"],
        lang: Lang::Cxx,
        pc: None,
        bundled_fallback: false,
    },
    Krate {
        member: "use-esaxx",
        dependency: r#"esaxx-rs = "=0.1.10""#,
        main: "println!(\"{:?}\", esaxx_rs::suffix(\"abracadabra\").map(|s| s.iter().count()).ok());",
        packages: &["esaxx-rs"],
        lang: Lang::Cxx,
        pc: None,
        bundled_fallback: false,
    },
    Krate {
        member: "use-zng",
        dependency: r#"libz-ng-sys = "=1.1.33""#,
        main: "println!(\"{:?}\", unsafe { libz_ng_sys::zlibVersion() });",
        packages: &["libz-ng-sys"],
        lang: Lang::C,
        pc: None,
        bundled_fallback: false,
    },
    Krate {
        member: "use-expat",
        dependency: r#"expat-sys = "=2.1.6""#,
        // expat-sys has no bindings: it only builds and links the library.
        main: "",
        packages: &["expat-sys"],
        lang: Lang::C,
        pc: Some("expat.pc"),
        bundled_fallback: true,
    },
    Krate {
        member: "use-freetype",
        dependency: r#"freetype-sys = "=0.23.0""#,
        main: "let mut l = std::ptr::null_mut();\n    println!(\"{}\", unsafe { freetype_sys::FT_Init_FreeType(&mut l) });",
        packages: &["freetype-sys"],
        lang: Lang::C,
        pc: Some("freetype2.pc"),
        bundled_fallback: false,
    },
    Krate {
        member: "use-ffi",
        dependency: r#"libffi-sys = "=4.2.2""#,
        main: "println!(\"{:p}\", unsafe { std::ptr::addr_of!(libffi_sys::ffi_type_pointer) });",
        packages: &["libffi-sys"],
        lang: Lang::C,
        pc: None,
        bundled_fallback: false,
    },
    // libgit2-sys pulls libz-sys, whose build script prints a pkg-config note before it
    // builds its bundled zlib (issue 21 item 1).
    Krate {
        member: "use-git2",
        dependency: r#"libgit2-sys = { version = "=0.18.8", default-features = false }"#,
        main: "println!(\"{}\", unsafe { libgit2_sys::git_libgit2_init() });",
        packages: &["libgit2-sys", "libz-sys"],
        lang: Lang::C,
        pc: None,
        bundled_fallback: false,
    },
    Krate {
        member: "use-alsa",
        dependency: r#"alsa-sys = "=0.6.1""#,
        main: "println!(\"{:?}\", unsafe { alsa_sys::snd_asoundlib_version() });",
        packages: &["alsa-sys"],
        lang: Lang::C,
        pc: Some("alsa.pc"),
        bundled_fallback: false,
    },
    Krate {
        member: "use-udev",
        dependency: r#"libudev-sys = "=0.1.4""#,
        main: "println!(\"{:?}\", unsafe { libudev_sys::udev_new() });",
        packages: &["libudev-sys"],
        lang: Lang::C,
        pc: Some("libudev.pc"),
        bundled_fallback: false,
    },
    Krate {
        member: "use-dbus",
        dependency: r#"libdbus-sys = "=0.2.7""#,
        main: "println!(\"{}\", unsafe { libdbus_sys::dbus_threads_init_default() });",
        packages: &["libdbus-sys"],
        lang: Lang::C,
        pc: Some("dbus-1.pc"),
        bundled_fallback: false,
    },
];

fn krate(member: &str) -> &'static Krate {
    KRATES
        .iter()
        .find(|k| k.member == member)
        .unwrap_or_else(|| panic!("no crate {member}"))
}

/// How a case goes wrong.
#[derive(Clone, Copy)]
enum Scenario {
    /// A compiler variable holds the build machine's compiler: the name (`{t-}` and `{t_}`
    /// stand for the target's two spellings) and the value.
    HostCompiler(&'static str, &'static str),
    /// The right per-target compiler, and a global `CFLAGS` for the build machine's CPU.
    HostCflags,
    /// pkg-config answers for the build machine: the variable that lets it.
    HostPkgConfig(&'static str, &'static str),
    /// pkg-config looks in the target's own dir, which lacks the crate's `.pc` (its
    /// `:<arch>` -dev package is not installed).
    MissingDev,
    /// The C compiler is a cross gcc without its target libc (headers nor crt files).
    NoLibcCompile,
    /// The linker is a cross gcc without its target libc; the C compiler is right.
    NoLibcLink,
    /// No linker configured: cargo links with the build machine's `cc`.
    NoLinker,
    /// The per-target compilers name cross tools that are not installed.
    MissingTool,
    /// `CARGO_TARGET_<T>_LINKER=xlinkdiag` with `XLINKDIAG_LINKER=cc` (the host's).
    WrongLinker,
}

impl Scenario {
    fn kinds(self) -> &'static [&'static str] {
        match self {
            Scenario::HostCompiler(..) => &["wrong-architecture", "wrong-compiler"],
            Scenario::HostCflags => &["wrong-compiler"],
            Scenario::HostPkgConfig(..) => &["host-library-path", "missing-library"],
            Scenario::MissingDev => &["missing-library"],
            // No kind says this today: issue 21 item 3 asks for an answer of its own.
            Scenario::NoLibcCompile | Scenario::NoLibcLink => &["target-libc-missing"],
            Scenario::NoLinker | Scenario::WrongLinker => &["wrong-linker"],
            Scenario::MissingTool => &["cross-tool-missing"],
        }
    }

    /// The cause is the link itself, not one crate's native code.
    fn crateless(self) -> bool {
        matches!(
            self,
            Scenario::NoLinker | Scenario::WrongLinker | Scenario::NoLibcLink
        )
    }
}

struct Case {
    name: &'static str,
    target: &'static Target,
    members: &'static [&'static str],
    scenario: Scenario,
}

const CASES: &[Case] = &[
    Case {
        name: "a64-cc-leaked",
        target: &AARCH64,
        members: &["use-lzma", "use-expat", "use-blake3", "use-ffi", "use-zng"],
        scenario: Scenario::HostCompiler("CC", "gcc"),
    },
    Case {
        name: "a7h-cc-leaked",
        target: &ARMV7HF,
        members: &["use-blake3-neon", "use-webp", "use-zng", "use-lz4"],
        scenario: Scenario::HostCompiler("CC", "gcc"),
    },
    Case {
        name: "a7h-cc-leaked-git2",
        target: &ARMV7HF,
        members: &["use-git2"],
        scenario: Scenario::HostCompiler("CC", "gcc"),
    },
    Case {
        name: "a64-cxx-leaked",
        target: &AARCH64,
        members: &["use-cxx", "use-esaxx"],
        scenario: Scenario::HostCompiler("CXX", "g++"),
    },
    Case {
        name: "a7h-cxx-leaked",
        target: &ARMV7HF,
        members: &["use-cxx", "use-esaxx"],
        scenario: Scenario::HostCompiler("CXX", "g++"),
    },
    Case {
        name: "a64-cflags-leaked",
        target: &AARCH64,
        members: &["use-tsjson", "use-blake3", "use-onig"],
        scenario: Scenario::HostCflags,
    },
    Case {
        name: "a7h-cflags-leaked",
        target: &ARMV7HF,
        members: &["use-bzip2", "use-libusb", "use-ffi"],
        scenario: Scenario::HostCflags,
    },
    Case {
        name: "a64-target-cc",
        target: &AARCH64,
        members: &["use-libusb", "use-webp", "use-zng"],
        scenario: Scenario::HostCompiler("TARGET_CC", "gcc"),
    },
    Case {
        name: "a7h-target-cc",
        target: &ARMV7HF,
        members: &["use-lz4", "use-tsjson", "use-expat"],
        scenario: Scenario::HostCompiler("TARGET_CC", "gcc"),
    },
    Case {
        name: "a64-hyphen-cc",
        target: &AARCH64,
        members: &["use-bzip2", "use-onig", "use-lz4"],
        scenario: Scenario::HostCompiler("CC_{t-}", "gcc"),
    },
    Case {
        name: "a7h-hyphen-cc",
        target: &ARMV7HF,
        members: &["use-onig", "use-tsjson"],
        scenario: Scenario::HostCompiler("CC_{t-}", "gcc"),
    },
    Case {
        name: "a64-host-pkgconfig",
        target: &AARCH64,
        members: &["use-alsa", "use-freetype", "use-udev", "use-lzma"],
        scenario: Scenario::HostPkgConfig("PKG_CONFIG_ALLOW_CROSS", "1"),
    },
    Case {
        name: "a7h-host-pkgconfig",
        target: &ARMV7HF,
        members: &["use-hidapi", "use-dbus", "use-lzma", "use-expat"],
        scenario: Scenario::HostPkgConfig("PKG_CONFIG_SYSROOT_DIR", "/"),
    },
    Case {
        name: "a64-missing-dev",
        target: &AARCH64,
        members: &["use-alsa", "use-udev", "use-hidapi", "use-dbus"],
        scenario: Scenario::MissingDev,
    },
    Case {
        name: "a7h-missing-dev",
        target: &ARMV7HF,
        members: &["use-alsa", "use-freetype", "use-udev"],
        scenario: Scenario::MissingDev,
    },
    Case {
        name: "a64-no-libc",
        target: &AARCH64,
        members: &["use-lz4", "use-ffi", "use-tsjson"],
        scenario: Scenario::NoLibcCompile,
    },
    Case {
        name: "a7h-no-libc-cc",
        target: &ARMV7HF,
        members: &["use-lz4", "use-onig"],
        scenario: Scenario::NoLibcCompile,
    },
    Case {
        name: "a7h-no-libc",
        target: &ARMV7HF,
        members: &["use-bzip2", "use-tsjson", "use-cxx"],
        scenario: Scenario::NoLibcLink,
    },
    Case {
        name: "a64-no-linker",
        target: &AARCH64,
        members: &["use-esaxx", "use-onig", "use-bzip2"],
        scenario: Scenario::NoLinker,
    },
    Case {
        name: "a7h-no-linker",
        target: &ARMV7HF,
        members: &["use-libusb", "use-blake3"],
        scenario: Scenario::NoLinker,
    },
    Case {
        name: "a64-missing-tool",
        target: &AARCH64,
        members: &["use-onig", "use-zng", "use-cxx"],
        scenario: Scenario::MissingTool,
    },
    Case {
        name: "a7h-missing-tool",
        target: &ARMV7HF,
        members: &["use-cxx", "use-esaxx", "use-ffi"],
        scenario: Scenario::MissingTool,
    },
    Case {
        name: "a64-wrong-linker",
        target: &AARCH64,
        members: &["use-webp", "use-esaxx", "use-bzip2"],
        scenario: Scenario::WrongLinker,
    },
    Case {
        name: "a7h-wrong-linker",
        target: &ARMV7HF,
        members: &["use-lz4", "use-tsjson"],
        scenario: Scenario::WrongLinker,
    },
];

// ---------------------------------------------------------------------------
// What was checked, and how it went
// ---------------------------------------------------------------------------

/// Every check's outcome, kept to the end so that one failure hides no other.
#[derive(Default)]
struct Record {
    rows: Vec<(String, String, &'static str, Result<String, String>)>,
}

impl Record {
    fn add(&mut self, case: &str, subject: &str, mode: &'static str, r: Result<String, String>) {
        self.rows
            .push((case.to_string(), subject.to_string(), mode, r));
    }

    fn failures(&self) -> Vec<String> {
        self.rows
            .iter()
            .filter_map(|(case, subject, mode, r)| {
                r.as_ref()
                    .err()
                    .map(|why| format!("{case:<20} {subject:<16} {mode:<8} {why}"))
            })
            .collect()
    }

    /// Right per mode, e.g. `annotate 6/20`.
    fn tally(&self) -> String {
        let mut by_mode: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for (_, _, mode, r) in &self.rows {
            let e = by_mode.entry(mode).or_default();
            e.1 += 1;
            if r.is_ok() {
                e.0 += 1;
            }
        }
        by_mode
            .iter()
            .map(|(m, (ok, all))| format!("{m} {ok}/{all}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

// ---------------------------------------------------------------------------
// Running things
// ---------------------------------------------------------------------------

/// What a developer's shell or `cargo test` itself would leak into the builds, plus the
/// variables these cases set on purpose.
fn scrub(cmd: &mut Command) {
    for (name, _) in std::env::vars_os() {
        if let Some(name) = name.to_str()
            && (is_leaky_var(name)
                || name.starts_with("PKG_CONFIG")
                || name.starts_with("XLINKDIAG"))
        {
            cmd.env_remove(name);
        }
    }
}

fn xlinkdiag(cwd: &Path, env: &[(String, String)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"));
    scrub(&mut cmd);
    cmd.current_dir(cwd)
        .env("NO_COLOR", "1")
        .envs(env.iter().map(|(k, v)| (k, v)));
    cmd
}

fn json_of(out: &Output) -> Result<Value, String> {
    serde_json::from_slice(&out.stdout).map_err(|e| {
        let err = String::from_utf8_lossy(&out.stderr);
        format!(
            "exit {:?}, no JSON ({e}): {}",
            out.status.code(),
            first_line(&err)
        )
    })
}

fn first_line(s: &str) -> String {
    let l = s.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    l.chars().take(160).collect()
}

/// `cargo build --workspace --keep-going` with Debian's rustc-web in a clean environment
/// plus the case's; cargo's stderr is the build log.
fn cargo_build(ws: &Path, triple: &str, target_dir: &Path, env: &[(String, String)]) -> Build {
    let mut cmd = Command::new("/usr/bin/cargo");
    scrub(&mut cmd);
    cmd.env("RUSTC", "/usr/bin/rustc")
        .args(["build", "--workspace", "--keep-going", "--target", triple])
        .args(["--color", "never"])
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_TERM_COLOR", "never")
        .envs(env.iter().map(|(k, v)| (k, v)));
    let output = cmd.output().expect("spawn /usr/bin/cargo");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    Build { output, stderr }
}

fn write_workspace(ws: &Path, members: &[&str]) {
    let _ = fs::remove_dir_all(ws);
    for m in members {
        let k = krate(m);
        let dir = ws.join(m);
        fs::create_dir_all(dir.join("src")).unwrap();
        fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"{m}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{}\n",
                k.dependency
            ),
        )
        .unwrap();
        let main = if k.member == "use-expat" {
            "use expat_sys as _;\nextern \"C\" {\n    fn XML_ExpatVersion() -> *const std::os::raw::c_char;\n}\nfn main() {\n    println!(\"{:?}\", unsafe { std::ffi::CStr::from_ptr(XML_ExpatVersion()) });\n}\n".to_string()
        } else {
            format!("fn main() {{\n    {}\n}}\n", k.main)
        };
        fs::write(dir.join("src/main.rs"), main).unwrap();
    }
    let list: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    fs::write(
        ws.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            list.join(", ")
        ),
    )
    .unwrap();
}

/// Where a program is: a path as given, else the first match in `PATH`.
fn which(program: &str) -> Option<PathBuf> {
    if program.contains('/') {
        let p = PathBuf::from(program);
        return p.is_file().then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// The Debian package that owns `file` here (`dpkg-query -S`), without its `:arch`.
fn owner(file: &str) -> Option<String> {
    let out = Command::new("dpkg-query")
        .args(["-S", file])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let pkg = text.lines().next()?.split(": ").next()?;
    Some(pkg.split(':').next()?.trim().to_string())
}

/// A cross gcc without its target libc, made without touching the system: a copy of Debian's
/// cross gcc driver in `dest/usr/bin`, with its own gcc-cross dirs (links to the compiler
/// proper, crtbegin and libgcc) and binutils, but no `dest/usr/<gnu>/{include,lib}`. GCC
/// finds its headers and start files relative to its own executable, so the copy sees none,
/// as `gcc-<gnu>` installed without `libc6-dev-<arch>-cross` does.
fn nolibc_toolchain(dest: &Path, gnu: &str) -> Result<PathBuf, String> {
    use std::os::unix::fs::symlink;
    let real = fs::canonicalize(format!("/usr/bin/{gnu}-gcc")).map_err(|e| e.to_string())?;
    let out = Command::new(&real)
        .arg("-dumpversion")
        .output()
        .map_err(|e| e.to_string())?;
    let ver = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let bin = dest.join("usr/bin");
    let libdir = dest.join("usr/lib/gcc-cross").join(gnu).join(&ver);
    let libexec = dest.join("usr/libexec/gcc-cross").join(gnu).join(&ver);
    let binutils = dest.join("usr").join(gnu).join("bin");
    for d in [&bin, &libdir, &libexec, &binutils] {
        fs::create_dir_all(d).map_err(|e| e.to_string())?;
    }
    for (tool, name) in [("gcc", "gcc"), ("g++", "g++"), ("cpp", "cpp")] {
        let src = fs::canonicalize(format!("/usr/bin/{gnu}-{tool}")).map_err(|e| e.to_string())?;
        fs::copy(&src, bin.join(format!("{gnu}-{name}"))).map_err(|e| e.to_string())?;
    }
    let link_all = |from: &Path, to: &Path| -> Result<(), String> {
        for e in fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
            let e = e.map_err(|e| e.to_string())?;
            let target = fs::canonicalize(e.path()).map_err(|e| e.to_string())?;
            let _ = symlink(target, to.join(e.file_name()));
        }
        Ok(())
    };
    link_all(
        &Path::new("/usr/lib/gcc-cross").join(gnu).join(&ver),
        &libdir,
    )?;
    // Debian keeps cc1 in the lib dir; other layouts have a libexec dir too.
    let real_libexec = Path::new("/usr/libexec/gcc-cross").join(gnu).join(&ver);
    if real_libexec.is_dir() {
        link_all(&real_libexec, &libexec)?;
    }
    link_all(&Path::new("/usr").join(gnu).join("bin"), &binutils)?;
    Ok(bin)
}

// ---------------------------------------------------------------------------
// What the modes said
// ---------------------------------------------------------------------------

struct Said {
    shim: Option<Vec<Value>>,
    scan: Result<Vec<Value>, String>,
    annotate: Result<Vec<Value>, String>,
    doctor: Result<Value, String>,
}

fn findings_of(doc: &Value) -> Vec<Value> {
    doc["findings"].as_array().cloned().unwrap_or_default()
}

fn names_crate(f: &Value, k: &Krate) -> bool {
    k.packages
        .iter()
        .any(|p| f["package"] == *p || f["crate"].as_str() == Some(p.replace('-', "_").as_str()))
}

fn is_error(f: &Value) -> bool {
    f["severity"] == "error"
}

/// The tool a setting names is here (a path that exists, or a name found in `PATH`).
fn tools_exist(env: &Value) -> Result<(), String> {
    let Some(env) = env.as_object() else {
        return Ok(());
    };
    for (k, v) in env {
        let tool = k.starts_with("CC_")
            || k.starts_with("CXX_")
            || k.starts_with("AR_")
            || k == "XLINKDIAG_LINKER"
            || (k.starts_with("CARGO_TARGET_") && k.ends_with("_LINKER"));
        let v = v.as_str().unwrap_or_default();
        if tool && which(v).is_none() {
            return Err(format!("names {k}={v}, which is not here"));
        }
    }
    Ok(())
}

/// What the case expects a finding's env to set and its compiler to come from.
struct Expect {
    kinds: &'static [&'static str],
    compiler_from: Option<String>,
    /// The finding's env must set one of these.
    env_keys: Vec<String>,
    /// A cmake crate's own cache may stand for `compiler_from` (the shim's view: see where
    /// it is set).
    cache_ok: bool,
}

fn expect(case: &Case, k: Option<&Krate>) -> Expect {
    let t = case.target;
    let under = t.under();
    let cxx = k.is_some_and(|k| k.lang == Lang::Cxx);
    let (compiler_from, env_keys) = match case.scenario {
        Scenario::HostCompiler(var, _) => {
            let var = var.replace("{t-}", t.triple).replace("{t_}", &under);
            let key = if var.contains(t.triple) {
                // The spelling that was set: cc-rs reads the hyphenated name first.
                var.clone()
            } else if var.starts_with("CXX") {
                format!("CXX_{under}")
            } else {
                format!("CC_{under}")
            };
            (Some(var), vec![key])
        }
        // cc-rs appends CFLAGS_<target> after CFLAGS (it does not replace it), and
        // autotools builds read CFLAGS itself: either name can be the fix.
        Scenario::HostCflags => (None, vec![format!("CFLAGS_{under}"), "CFLAGS".into()]),
        Scenario::MissingTool => {
            let var = if cxx {
                format!("CXX_{under}")
            } else {
                format!("CC_{under}")
            };
            (Some(var.clone()), vec![var])
        }
        Scenario::WrongLinker => (None, vec!["XLINKDIAG_LINKER".to_string()]),
        Scenario::NoLinker => (None, vec![t.linker_var()]),
        _ => (None, Vec::new()),
    };
    Expect {
        kinds: case.scenario.kinds(),
        compiler_from,
        env_keys,
        cache_ok: false,
    }
}

/// One mode's findings about one crate (or, `k` None, about the link itself).
fn judge(all: &[Value], k: Option<&Krate>, e: &Expect) -> Result<String, String> {
    if let Some(f) = all.iter().find(|f| f["crate"] == "compiler_builtins") {
        return Err(format!(
            "blames std's compiler_builtins ({})",
            f["kind"].as_str().unwrap_or("?")
        ));
    }
    let mine: Vec<&Value> = all
        .iter()
        .filter(|f| is_error(f) && k.is_none_or(|k| names_crate(f, k)))
        .collect();
    if mine.is_empty() {
        let others: Vec<String> = all
            .iter()
            .filter(|f| is_error(f))
            .map(|f| {
                format!(
                    "{}:{}",
                    f["kind"].as_str().unwrap_or("?"),
                    f["crate"].as_str().unwrap_or("-")
                )
            })
            .collect();
        return Err(if others.is_empty() {
            "no error finding".to_string()
        } else {
            format!("names it nowhere (says {})", others.join(", "))
        });
    }
    for f in &mine {
        let kind = f["kind"].as_str().unwrap_or("?");
        if !e.kinds.contains(&kind) {
            return Err(format!("kind {kind}, want {}", e.kinds.join(" or ")));
        }
        if let Some(want) = &e.compiler_from {
            let got = f["provenance"]["compiler_from"].as_str().unwrap_or("none");
            let cache = e.cache_ok
                && f["provenance"]["build_system"] == "cmake"
                && got == "CMAKE_C_COMPILER in CMakeCache.txt";
            if got != want && !cache {
                return Err(format!("compiler_from {got:?}, want {want:?}"));
            }
        }
        if !e.env_keys.is_empty() && !e.env_keys.iter().any(|key| f["env"].get(key).is_some()) {
            let keys: Vec<&String> = f["env"]
                .as_object()
                .map(|m| m.keys().collect())
                .unwrap_or_default();
            return Err(format!(
                "env sets {keys:?}, not {}",
                e.env_keys.join(" or ")
            ));
        }
        tools_exist(&f["env"])?;
    }
    Ok(format!("{} finding(s)", mine.len()))
}

/// doctor, before any build: a check of the expected kind, from the variable that was set.
fn judge_doctor(doc: &Value, e: &Expect, packages: &[String]) -> Result<String, String> {
    let checks = doc["checks"].as_array().cloned().unwrap_or_default();
    let bad: Vec<&Value> = checks
        .iter()
        .filter(|c| c["status"] == "error" || c["status"] == "warning")
        .collect();
    let hit = bad.iter().find(|c| {
        let kind = c["kind"].as_str().unwrap_or("");
        let from_ok = e
            .compiler_from
            .as_ref()
            .is_none_or(|v| c["from"].as_str() == Some(v.as_str()));
        let env_ok = e.env_keys.is_empty()
            || e.env_keys.iter().any(|key| {
                c["env"].get(key).is_some()
                    || (key.starts_with("CFLAGS") && c["unset"].to_string().contains("CFLAGS"))
            });
        let text = c.to_string();
        let pkgs_ok = packages.iter().all(|p| text.contains(p.as_str()));
        e.kinds.contains(&kind) && from_ok && env_ok && pkgs_ok
    });
    match hit {
        Some(c) => Ok(format!(
            "{}/{} {}",
            c["system"].as_str().unwrap_or("?"),
            c["tool"].as_str().unwrap_or("?"),
            c["status"].as_str().unwrap_or("?")
        )),
        None => Err(format!(
            "no check of kind {}{}{}{}; says: {}",
            e.kinds.join("|"),
            e.compiler_from
                .as_ref()
                .map(|v| format!(" from {v}"))
                .unwrap_or_default(),
            if e.env_keys.is_empty() {
                String::new()
            } else {
                format!(" setting {}", e.env_keys.join(" or "))
            },
            if packages.is_empty() {
                String::new()
            } else {
                format!(" naming {}", packages.join(" "))
            },
            if bad.is_empty() {
                "all ok".to_string()
            } else {
                bad.iter()
                    .map(|c| {
                        format!(
                            "{} {}:{} from {}",
                            c["status"].as_str().unwrap_or("?"),
                            c["tool"].as_str().unwrap_or("?"),
                            c["kind"].as_str().unwrap_or("-"),
                            c["from"].as_str().unwrap_or("-")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            }
        )),
    }
}

// ---------------------------------------------------------------------------
// One case
// ---------------------------------------------------------------------------

/// How one member's build ended, from cargo's log.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ended {
    Linked,
    LinkFailed,
    BuildScriptFailed,
    Other,
}

fn ended(log: &str, k: &Krate, target_dir: &Path, t: &Target) -> Ended {
    if k.packages
        .iter()
        .any(|p| log.contains(&format!("failed to run custom build command for `{p} v")))
    {
        return Ended::BuildScriptFailed;
    }
    if log.contains(&format!("could not compile `{}`", k.member)) {
        return Ended::LinkFailed;
    }
    let bin = target_dir.join(t.triple).join("debug").join(k.member);
    if bin.is_file() && elf_machine(&bin, t.bits, false) == t.em {
        return Ended::Linked;
    }
    Ended::Other
}

/// The variables and the linker of a case; `None` when something it needs is missing here.
fn case_env(case: &Case, dir: &Path, shim_dir: &Path) -> Result<Vec<(String, String)>, String> {
    let t = case.target;
    let under = t.under();
    let mut env: Vec<(String, String)> = Vec::new();
    let mut set = |k: String, v: String| env.push((k, v));
    let cross = |v: &mut dyn FnMut(String, String)| {
        v(format!("CC_{under}"), t.gcc());
        v(format!("CXX_{under}"), t.gxx());
    };
    // The linker, through the shim installed under the real linker's name.
    let shim_on = |real: &Path, set: &mut dyn FnMut(String, String)| -> Result<(), String> {
        let out = xlinkdiag(dir, &[])
            .args(["shim", "install", "--target", t.triple, "--linker"])
            .arg(real)
            .arg(shim_dir)
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(format!("shim install: {}", text(&out)));
        }
        let name = real.file_name().unwrap().to_string_lossy().into_owned();
        set(t.linker_var(), shim_dir.join(name).display().to_string());
        Ok(())
    };
    let real_gcc = PathBuf::from(format!("/usr/bin/{}", t.gcc()));
    match case.scenario {
        Scenario::HostCompiler(var, value) => {
            let var = var.replace("{t-}", t.triple).replace("{t_}", &under);
            set(var, value.to_string());
            shim_on(&real_gcc, &mut set)?;
        }
        Scenario::HostCflags => {
            set(format!("CC_{under}"), t.gcc());
            set("CFLAGS".into(), "-march=x86-64-v2".into());
            shim_on(&real_gcc, &mut set)?;
        }
        Scenario::HostPkgConfig(var, value) => {
            set(var.to_string(), value.to_string());
            shim_on(&real_gcc, &mut set)?;
        }
        Scenario::MissingDev => {
            // The target's own multiarch dir, as it is when the crates' -dev packages for
            // the target are not installed: a private copy without their `.pc` files.
            let pc = dir.join("target-pkgconfig");
            fs::create_dir_all(&pc).map_err(|e| e.to_string())?;
            let ours: Vec<&str> = KRATES.iter().filter_map(|k| k.pc).collect();
            if let Ok(entries) = fs::read_dir(format!("/usr/lib/{}/pkgconfig", t.gnu)) {
                for e in entries.flatten() {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if !ours.contains(&name.as_str()) {
                        let _ = std::os::unix::fs::symlink(e.path(), pc.join(&name));
                    }
                }
            }
            let libdir = format!("{}:/usr/share/pkgconfig", pc.display());
            if t.triple == A64 {
                set("PKG_CONFIG_ALLOW_CROSS".into(), "1".into());
                set("PKG_CONFIG_LIBDIR".into(), libdir);
            } else {
                set(format!("PKG_CONFIG_SYSROOT_DIR_{under}"), "/".into());
                set(format!("PKG_CONFIG_LIBDIR_{under}"), libdir);
            }
            shim_on(&real_gcc, &mut set)?;
        }
        Scenario::NoLibcCompile => {
            let bin = nolibc_toolchain(&dir.join("nolibc"), t.gnu)?;
            set(
                format!("CC_{under}"),
                bin.join(t.gcc()).display().to_string(),
            );
            set(
                format!("CXX_{under}"),
                bin.join(t.gxx()).display().to_string(),
            );
            shim_on(&bin.join(t.gcc()), &mut set)?;
        }
        Scenario::NoLibcLink => {
            let bin = nolibc_toolchain(&dir.join("nolibc"), t.gnu)?;
            cross(&mut set);
            shim_on(&bin.join(t.gcc()), &mut set)?;
        }
        Scenario::NoLinker => cross(&mut set),
        Scenario::MissingTool => {
            set(format!("CC_{under}"), format!("{}-13", t.gcc()));
            set(format!("CXX_{under}"), format!("{}-13", t.gxx()));
            shim_on(&real_gcc, &mut set)?;
        }
        Scenario::WrongLinker => {
            cross(&mut set);
            set(t.linker_var(), env!("CARGO_BIN_EXE_xlinkdiag").to_string());
            set("XLINKDIAG_LINKER".into(), "cc".into());
        }
    }
    Ok(env)
}

/// The package to install that the case's answer must name for crate `k`, if any: the owner
/// of the build machine's own file, with the target's architecture.
fn package_to_install(case: &Case, k: Option<&Krate>) -> Option<String> {
    let t = case.target;
    match case.scenario {
        Scenario::HostPkgConfig(..) | Scenario::MissingDev => {
            let pc = k?.pc?;
            let pkg = owner(&format!("/usr/lib/x86_64-linux-gnu/pkgconfig/{pc}"))?;
            Some(format!("{pkg}:{}", t.deb))
        }
        Scenario::NoLibcCompile | Scenario::NoLibcLink => {
            owner(&format!("/usr/{}/lib/crti.o", t.gnu))
        }
        _ => None,
    }
}

struct Run<'a> {
    root: &'a Path,
    target_dir: &'a Path,
    record: &'a mut Record,
}

fn run_case(run: &mut Run, case: &Case) -> Result<(), String> {
    let t = case.target;
    let dir = run.root.join(case.name);
    let ws = dir.join("ws");
    write_workspace(&ws, case.members);
    // Only this case's artifacts for the targets: the build scripts and proc macros
    // (target/debug) stay.
    for triple in [A64, A7H] {
        let _ = fs::remove_dir_all(run.target_dir.join(triple));
    }
    let _ = fs::remove_dir_all(run.target_dir.join("xlinkdiag"));
    let mut env = case_env(case, &dir, &dir.join("shims"))?;
    // The same shell for cargo and xlinkdiag: fix finds the build records to redo there.
    env.push((
        "CARGO_TARGET_DIR".into(),
        run.target_dir.display().to_string(),
    ));

    let start = Instant::now();
    let b = cargo_build(&ws, t.triple, run.target_dir, &env);
    let secs = start.elapsed().as_secs_f64();
    let log = b.stderr.clone();
    let log_file = dir.join("build.log");
    fs::write(&log_file, &log).unwrap();
    if !b.succeeded() && log.contains("failed to get `") {
        return Err("the registry is not reachable".into());
    }

    // Each mode once.
    let shim = fs::read_dir(run.target_dir.join("xlinkdiag/links"))
        .ok()
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| fs::read(e.path()).ok())
                .filter_map(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
                .flat_map(|doc| findings_of(&doc))
                .collect::<Vec<Value>>()
        });
    let scan = xlinkdiag(&ws, &env)
        .arg("scan")
        .arg(run.target_dir)
        .args(["--format", "json"])
        .output()
        .map_err(|e| e.to_string())
        .and_then(|o| json_of(&o))
        .map(|d| findings_of(&d));
    let annotate = xlinkdiag(&ws, &env)
        .arg("annotate")
        .arg(&log_file)
        .args(["--format", "json"])
        .output()
        .map_err(|e| e.to_string())
        .and_then(|o| json_of(&o))
        .map(|d| findings_of(&d));
    let doctor = xlinkdiag(&ws, &env)
        .args(["doctor", "--target", t.triple, "--format", "json"])
        .output()
        .map_err(|e| e.to_string())
        .and_then(|o| json_of(&o));
    let said = Said {
        shim,
        scan,
        annotate,
        doctor,
    };

    // How each member ended, and what each mode said of it.
    let mut how: BTreeMap<&str, Ended> = BTreeMap::new();
    for m in case.members {
        let k = krate(m);
        let e = ended(&log, k, run.target_dir, t);
        how.insert(m, e);
        if e == Ended::Linked || e == Ended::Other {
            run.record.add(
                case.name,
                m,
                "build",
                Err(format!("the scenario did not fail it ({e:?})")),
            );
        }
    }
    let subjects: Vec<Option<&Krate>> = if case.scenario.crateless() {
        vec![None]
    } else {
        case.members.iter().map(|m| Some(krate(m))).collect()
    };
    for k in &subjects {
        let subject = k.map_or("(the link)", |k| k.member);
        let e = expect(case, *k);
        let at_link = match k {
            Some(k) => how[k.member] == Ended::LinkFailed,
            None => how.values().any(|e| *e == Ended::LinkFailed),
        };
        if at_link {
            // The shim speaks only where it is the linker.
            if !matches!(case.scenario, Scenario::NoLinker) {
                // At its link the shim knows the variable a cmake crate's compiler came from
                // only when another crate's cc-rs lookups recorded it already, which is build
                // order: the crate's own cache answers too. scan and annotate, after the
                // build, must name the variable.
                let es = Expect {
                    cache_ok: true,
                    ..expect(case, *k)
                };
                let r = match &said.shim {
                    Some(fs) => judge(fs, *k, &es),
                    None => Err("no report".to_string()),
                };
                run.record.add(case.name, subject, "shim", r);
            }
            // A wrong linker leaves nothing wrong in the target dir for scan to find.
            if !case.scenario.crateless() {
                let r = said.scan.clone().and_then(|fs| judge(&fs, *k, &e));
                run.record.add(case.name, subject, "scan", r);
            }
        }
        let r = said.annotate.clone().and_then(|fs| judge(&fs, *k, &e));
        run.record.add(case.name, subject, "annotate", r);
    }
    // doctor: one look at the setup, naming every package the case needs.
    let e = expect(case, case.members.iter().map(|m| krate(m)).next());
    let mut needed: Vec<String> = subjects
        .iter()
        .filter(|k| k.is_none_or(|k| !k.bundled_fallback))
        .filter_map(|k| package_to_install(case, *k))
        .collect();
    needed.sort();
    needed.dedup();
    let r = said
        .doctor
        .clone()
        .and_then(|d| judge_doctor(&d, &e, &needed));
    run.record.add(case.name, "(the setup)", "doctor", r);

    // fix --apply, then the same build in the same environment.
    let fixed = xlinkdiag(&ws, &env)
        .args(["fix", "--from"])
        .arg(&log_file)
        .args(["--apply", "--format", "json"])
        .output()
        .map_err(|e| e.to_string())?;
    let fix_doc = json_of(&fixed).unwrap_or(Value::Null);
    let manual = fix_doc["manual"].to_string();
    let start2 = Instant::now();
    let again = cargo_build(&ws, t.triple, run.target_dir, &env);
    let secs2 = start2.elapsed().as_secs_f64();
    fs::write(dir.join("build-after-fix.log"), &again.stderr).unwrap();
    let _ = writeln_stderr(&format!(
        "e2e crates_more: {} build {secs:.0}s, after fix {secs2:.0}s",
        case.name
    ));
    for m in case.members {
        let k = krate(m);
        let after = ended(&again.stderr, k, run.target_dir, t);
        let pkg = package_to_install(
            case,
            if case.scenario.crateless() {
                None
            } else {
                Some(k)
            },
        );
        let r = if after == Ended::Linked {
            Ok("links".to_string())
        } else if let Some(pkg) = pkg.as_ref().filter(|p| manual.contains(p.as_str())) {
            if fixed.status.code() == Some(0) {
                Err(format!("names {pkg} but exits 0"))
            } else {
                Ok(format!("names {pkg}"))
            }
        } else {
            let why = again
                .stderr
                .lines()
                .find(|l| l.contains("error") && !l.contains("xlinkdiag"))
                .map(|l| l.trim().chars().take(120).collect::<String>())
                .unwrap_or_default();
            Err(format!(
                "fix --apply exit {:?}, then {after:?}{}{}",
                fixed.status.code(),
                pkg.map(|p| format!(" and {p} not named"))
                    .unwrap_or_default(),
                if why.is_empty() {
                    String::new()
                } else {
                    format!(": {why}")
                }
            ))
        };
        run.record.add(case.name, m, "fix", r);
    }
    Ok(())
}

/// The seed's MIPS case with a wrapper-script linker: an OpenWrt-style gcc that is a script
/// calling Debian's mips gcc, alone in its dir (no `-ar` beside it), and `CC=gcc` leaked.
fn mips_wrapper_case(record: &mut Record) {
    let test = "crates_more_mips_wrapper";
    let p = Project::new(test, "mips-workspace");
    let sdk_tc = openwrt_sdk(&p.root.join("sdk"), "mips_24kc");
    let lone = p.root.join("lone/bin");
    fs::create_dir_all(&lone).unwrap();
    let wrapper = lone.join("mips-openwrt-linux-gcc");
    fs::copy(sdk_tc.join("bin/mips-openwrt-linux-musl-gcc"), &wrapper).unwrap();
    let shims = p.root.join("shims");
    let out = xlinkdiag(&p.dir, &[])
        .args(["shim", "install", "--target", MIPS, "--linker"])
        .arg(&wrapper)
        .arg(&shims)
        .output()
        .unwrap();
    assert!(out.status.success(), "shim install\n{}", text(&out));
    let env: Vec<(String, String)> = vec![
        ("CC".into(), "gcc".into()),
        (
            "CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER".into(),
            shims.join("mips-openwrt-linux-gcc").display().to_string(),
        ),
    ];
    let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let b = support::cargo_build(&p, Toolchain::Nightly, MIPS, &pairs);
    let log_file = p.root.join("build.log");
    fs::write(&log_file, &b.stderr).unwrap();
    if b.succeeded() {
        record.add("mips-wrapper", "app", "build", Err("linked".into()));
        return;
    }
    let want = Expect {
        kinds: &["wrong-architecture"],
        compiler_from: None,
        env_keys: vec!["AR_mips_unknown_linux_musl".into()],
        cache_ok: false,
    };
    let links = p.target_dir().join("xlinkdiag/links");
    let shim: Vec<Value> = fs::read_dir(&links)
        .map(|es| {
            es.flatten()
                .filter_map(|e| fs::read(e.path()).ok())
                .filter_map(|b| serde_json::from_slice::<Value>(&b).ok())
                .flat_map(|d| findings_of(&d))
                .collect()
        })
        .unwrap_or_default();
    let scan = xlinkdiag(&p.dir, &env)
        .arg("scan")
        .arg(p.target_dir())
        .args(["--format", "json"])
        .output()
        .map_err(|e| e.to_string())
        .and_then(|o| json_of(&o))
        .map(|d| findings_of(&d));
    let annotate = xlinkdiag(&p.dir, &env)
        .arg("annotate")
        .arg(&log_file)
        .args(["--format", "json"])
        .output()
        .map_err(|e| e.to_string())
        .and_then(|o| json_of(&o))
        .map(|d| findings_of(&d));
    for (krate_name, package) in [("miniz_sys", "miniz-sys"), ("zstd_sys", "zstd-sys")] {
        let k = Krate {
            member: krate_name,
            dependency: "",
            main: "",
            packages: if package == "miniz-sys" {
                &["miniz-sys"]
            } else {
                &["zstd-sys"]
            },
            lang: Lang::C,
            pc: None,
            bundled_fallback: false,
        };
        record.add(
            "mips-wrapper",
            package,
            "shim",
            judge(&shim, Some(&k), &want),
        );
        record.add(
            "mips-wrapper",
            package,
            "scan",
            scan.clone().and_then(|fs| judge(&fs, Some(&k), &want)),
        );
        record.add(
            "mips-wrapper",
            package,
            "annotate",
            annotate.clone().and_then(|fs| judge(&fs, Some(&k), &want)),
        );
    }
    let fixed = xlinkdiag(&p.dir, &env)
        .args(["fix", "--from"])
        .arg(&log_file)
        .arg("--apply")
        .output()
        .unwrap();
    let again = support::cargo_build(&p, Toolchain::Nightly, MIPS, &pairs);
    let r = if again.succeeded() && fixed.status.code() == Some(0) {
        Ok("links".to_string())
    } else {
        Err(format!(
            "fix --apply exit {:?}, then the build {}: {}",
            fixed.status.code(),
            if again.succeeded() { "links" } else { "fails" },
            first_line(
                again
                    .stderr
                    .lines()
                    .find(|l| l.contains("error"))
                    .unwrap_or_default()
            )
        ))
    };
    record.add("mips-wrapper", "app", "fix", r);
}

/// Debian's rustc-web with the armhf std next to it.
fn debian_armhf_std() -> bool {
    let Ok(out) = Command::new("/usr/bin/rustc")
        .args(["--print", "sysroot"])
        .output()
    else {
        return false;
    };
    let sysroot = String::from_utf8_lossy(&out.stdout).trim().to_string();
    fs::read_dir(
        Path::new(&sysroot)
            .join("lib/rustlib")
            .join(A7H)
            .join("lib"),
    )
    .is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("libstd-"))
    })
}

/// A file a case needs on the build machine (a host -dev package's `.pc`, the target's
/// crt files): as `require` does for tools, a skip line, or a failure under `CI=true`.
fn require_file(test: &str, file: &str, package: &str) -> bool {
    require_that(
        test,
        &format!("{file} (package {package})"),
        Path::new(file).exists(),
    )
}

#[test]
fn registry_sys_crates_in_every_way_a_cross_build_fails() {
    let test = "registry_sys_crates_in_every_way_a_cross_build_fails";
    let mut ok = require_all(
        test,
        &[
            "/usr/bin/cargo with arm64 std",
            "aarch64-linux-gnu-gcc",
            "aarch64-linux-gnu-g++",
            "arm-linux-gnueabihf-gcc",
            "arm-linux-gnueabihf-g++",
            "cmake",
            "make",
            "pkg-config",
            "dpkg-query",
            "cargo +nightly",
            "mips-linux-gnu-gcc",
        ],
    );
    if !debian_armhf_std() {
        ok = require(test, "/usr/bin/rustc's armv7-unknown-linux-gnueabihf std") && ok;
    }
    let host_pc = "/usr/lib/x86_64-linux-gnu/pkgconfig";
    for (pc, pkg) in [
        ("alsa.pc", "libasound2-dev"),
        ("libudev.pc", "libudev-dev"),
        ("dbus-1.pc", "libdbus-1-dev"),
        ("freetype2.pc", "libfreetype-dev"),
        ("liblzma.pc", "liblzma-dev"),
        ("expat.pc", "libexpat1-dev"),
    ] {
        ok = require_file(test, &format!("{host_pc}/{pc}"), pkg) && ok;
    }
    for (crti, pkg) in [
        ("/usr/aarch64-linux-gnu/lib/crti.o", "libc6-dev-arm64-cross"),
        (
            "/usr/arm-linux-gnueabihf/lib/crti.o",
            "libc6-dev-armhf-cross",
        ),
    ] {
        ok = require_file(test, crti, pkg) && ok;
    }
    if !ok {
        return;
    }
    let tmp = TempDir::new("crates-more");
    let target_dir = tmp.path("target");
    let mut record = Record::default();
    let start = Instant::now();
    {
        let mut run = Run {
            root: &tmp.0,
            target_dir: &target_dir,
            record: &mut record,
        };
        for case in CASES.iter().filter(|c| only(c.name)) {
            // The host's pkg-config cases fail only while the target has no such library.
            let present: Vec<&str> = case
                .members
                .iter()
                .filter_map(|m| krate(m).pc)
                .filter(|pc| {
                    matches!(case.scenario, Scenario::HostPkgConfig(..))
                        && Path::new(&format!("/usr/lib/{}/pkgconfig/{pc}", case.target.gnu))
                            .exists()
                })
                .collect();
            if !present.is_empty() {
                let _ = writeln_stderr(&format!(
                    "e2e crates_more: {} skipped: the target's {} is installed here",
                    case.name,
                    present.join(", ")
                ));
                continue;
            }
            if let Err(why) = run_case(&mut run, case) {
                if why.contains("registry") && !std::env::var("CI").is_ok_and(|v| v == "true") {
                    let _ = writeln_stderr(&format!("skipping {test}: {why}"));
                    return;
                }
                run.record.add(case.name, "(the case)", "setup", Err(why));
            }
        }
    }
    if only("mips-wrapper") {
        mips_wrapper_case(&mut record);
    }
    let secs = start.elapsed().as_secs_f64();

    let mut summary = String::new();
    let _ = writeln!(
        summary,
        "e2e crates_more: {} checks in {secs:.0}s; right: {}",
        record.rows.len(),
        record.tally()
    );
    let _ = writeln_stderr(&summary);
    let wrong = record.failures();
    if !wrong.is_empty() {
        let _ = writeln_stderr(&format!(
            "{} checks still wrong (case, crate, mode, why):\n{}",
            wrong.len(),
            wrong.join("\n")
        ));
    }
    let verdict = record.against_blessed(&expected_file());
    assert!(verdict.is_empty(), "{summary}{}", verdict.join("\n"));
}

/// Each check's blessed result: a check that was right and turns wrong fails the test, as
/// does one the file does not hold; `XLINKDIAG_BLESS=1` rewrites it (a run limited with
/// `XLINKDIAG_CRATES_ONLY` keeps the other cases' lines). The wrong ones are issue 21's
/// open work, listed on every run.
fn expected_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/logs/crates/expected.tsv")
}

impl Record {
    /// What fails against the blessed file (nothing when blessing).
    fn against_blessed(&self, file: &Path) -> Vec<String> {
        let old = fs::read_to_string(file).unwrap_or_default();
        let blessed: BTreeMap<(String, String, String), bool> = old
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                let [case, subject, mode, verdict] = f[..] else {
                    return None;
                };
                Some((
                    (case.to_string(), subject.to_string(), mode.to_string()),
                    verdict == "right",
                ))
            })
            .collect();
        let now: BTreeMap<(String, String, String), bool> = self
            .rows
            .iter()
            .map(|(c, s, m, r)| ((c.clone(), s.clone(), m.to_string()), r.is_ok()))
            .collect();
        if std::env::var_os("XLINKDIAG_BLESS").is_some_and(|v| v == "1") {
            let run: std::collections::BTreeSet<&String> = now.keys().map(|k| &k.0).collect();
            let mut all: BTreeMap<(String, String, String), bool> = blessed
                .into_iter()
                .filter(|(k, _)| !run.contains(&k.0))
                .collect();
            all.extend(now);
            let mut text = String::from(
                "# tests/e2e/crates_more.rs's checks: case, crate, mode, right or wrong (XLINKDIAG_BLESS=1 rewrites)\n",
            );
            for ((c, s, m), ok) in &all {
                let _ = writeln!(
                    text,
                    "{c}\t{s}\t{m}\t{}",
                    if *ok { "right" } else { "wrong" }
                );
            }
            fs::write(file, text).unwrap();
            return Vec::new();
        }
        let mut fails = Vec::new();
        for (key, ok) in &now {
            match blessed.get(key) {
                None => fails.push(format!(
                    "{} {} {}: not in {} (XLINKDIAG_BLESS=1 adds it)",
                    key.0,
                    key.1,
                    key.2,
                    file.display()
                )),
                Some(true) if !ok => fails.push(format!(
                    "{} {} {}: was right, now wrong",
                    key.0, key.1, key.2
                )),
                Some(false) if *ok => {
                    let _ = writeln_stderr(&format!(
                        "{} {} {}: now right (XLINKDIAG_BLESS=1 keeps it so)",
                        key.0, key.1, key.2
                    ));
                }
                _ => {}
            }
        }
        fails
    }
}

/// `XLINKDIAG_CRATES_ONLY=a7h-no-libc,mips-wrapper` runs only those cases, while iterating.
fn only(case: &str) -> bool {
    std::env::var("XLINKDIAG_CRATES_ONLY")
        .map_or(true, |list| list.split(',').any(|c| c.trim() == case))
}

/// Straight to the process's stderr: libtest captures eprintln! of a passing test, and the
/// build times are the CI budget's figures.
fn writeln_stderr(s: &str) -> std::io::Result<()> {
    use std::io::Write;
    writeln!(std::io::stderr(), "{s}")
}
