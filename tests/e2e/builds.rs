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

use crate::skips::require_all;
use crate::support;

use support::*;

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

/// (7) issue 12, item 1: an ARM soft-float build whose rlib bundles a vendor's
/// hard-float (armhf) static library. rustc's `lib.rmeta` / `lib.rmeta-link`
/// members (ELF wrappers with e_flags 0) are never culprits; only the vendor's
/// member is named, with the float-ABI reason (GNU ld's own words: `uses VFP
/// register arguments`). With the armel compiler it links and the same target
/// dir scans clean.
#[test]
fn arm_soft_float_with_armhf_vendor_library() {
    let t = "arm_soft_float_with_armhf_vendor_library";
    const ARMEL: &str = "arm-unknown-linux-gnueabi";
    if !require_all(
        t,
        &[
            "cargo +nightly",
            "arm-linux-gnueabihf-gcc",
            "arm-linux-gnueabi-gcc",
        ],
    ) {
        return;
    }
    let p = Project::new(t, "armel-vendor");
    let b = cargo_build(
        &p,
        Toolchain::Nightly,
        ARMEL,
        &[("VENDOR_CC", "arm-linux-gnueabihf-gcc")],
    );
    assert_link_failed(
        &b,
        "arm-linux-gnueabi-gcc",
        &["uses VFP register arguments", "does not"],
    );
    let s = scan(&p.target_dir());
    let by_crate = s.assert_culprits(
        &p.target_dir(),
        ARMEL,
        "abi-mismatch",
        &[("vendor_sys", "vendor-sys")],
    );
    let f = &by_crate["vendor_sys"];
    assert_eq!(f["member"], "vendor.o", "scan: member\n{}", s.raw);
    assert_eq!(
        f["members"],
        serde_json::json!(["vendor.o"]),
        "scan: only the vendor's member is at fault\n{}",
        s.raw
    );
    assert!(
        f["message"]
            .as_str()
            .unwrap_or_default()
            .contains("hard-float (VFP register arguments) objects in a soft-float target"),
        "scan: the float-ABI reason\n{}",
        s.raw
    );
    assert!(
        !s.raw.contains("rmeta") && !s.raw.contains("EABI version 0"),
        "scan: rustc's metadata members were judged\n{}",
        s.raw
    );
    // The fix also names the target whose float ABI the vendor's objects have.
    assert!(
        f["help"].as_array().into_iter().flatten().any(|h| h
            .as_str()
            .unwrap_or_default()
            .contains("arm-unknown-linux-gnueabihf")),
        "scan: the matching hard-float target\n{}",
        s.raw
    );

    let b = cargo_build(
        &p,
        Toolchain::Nightly,
        ARMEL,
        &[("VENDOR_CC", "arm-linux-gnueabi-gcc")],
    );
    assert_built(&b);
    scan(&p.target_dir()).assert_clean(ARMEL);
}

/// (8) issue 12, item 4: openssl-sys pointed at the build machine
/// (`OPENSSL_LIB_DIR=/usr/lib/x86_64-linux-gnu`) in an aarch64 build. With
/// libssl-dev:arm64 installed GNU ld may skip the x86-64 libssl and link; the
/// target dir still records the host's library dir, and scan must say so,
/// naming the crate, the variable and the fix. Built the right way, the scan is
/// clean and says which libraries it checked.
#[test]
fn aarch64_openssl_pointed_at_the_host() {
    let t = "aarch64_openssl_pointed_at_the_host";
    if !require_all(t, &A64_TOOLS) {
        return;
    }
    let linker = (
        "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER",
        "aarch64-linux-gnu-gcc",
    );
    let p = Project::new(t, "aarch64-openssl");
    let b = cargo_build(
        &p,
        Toolchain::DebianArm64,
        A64,
        &[
            linker,
            ("OPENSSL_LIB_DIR", "/usr/lib/x86_64-linux-gnu"),
            ("OPENSSL_INCLUDE_DIR", "/usr/include"),
        ],
    );
    // The link succeeds or fails depending on the arm64 libssl installed: either way the
    // scan must see the host's dir. With the target's own libssl and libcrypto where the
    // cross ld looks by itself, ld passes over the host's and links those: a warning and
    // exit 0 (issue 21 item 8); without them, the error.
    let _ = b.succeeded();
    let s = scan(&p.target_dir());
    let target_has_ssl = ["libssl", "libcrypto"].iter().all(|l| {
        std::path::Path::new(&format!("/usr/lib/aarch64-linux-gnu/{l}.so")).exists()
            || std::path::Path::new(&format!("/usr/lib/aarch64-linux-gnu/{l}.a")).exists()
    });
    let by_crate = if target_has_ssl {
        assert_eq!(
            s.code,
            Some(0),
            "scan: a warning only
{}",
            s.raw
        );
        let f = s
            .findings()
            .iter()
            .find(|f| f["kind"] == "host-library-path" && f["crate"] == "openssl_sys")
            .cloned()
            .unwrap_or_else(|| {
                panic!(
                    "scan: no host-library-path warning
{}",
                    s.raw
                )
            });
        assert_eq!(
            f["severity"], "warning",
            "scan: severity
{}",
            s.raw
        );
        std::collections::BTreeMap::from([("openssl_sys".to_string(), f)])
    } else {
        s.assert_culprits(
            &p.target_dir(),
            A64,
            "host-library-path",
            &[("openssl_sys", "openssl-sys")],
        )
    };
    let f = &by_crate["openssl_sys"];
    assert!(
        f["path"]
            .as_str()
            .is_some_and(|p| p.starts_with("/usr/lib/x86_64-linux-gnu/lib")),
        "scan: path\n{}",
        s.raw
    );
    assert_eq!(f["found"]["arch"], "x86_64", "scan: found\n{}", s.raw);
    assert_eq!(
        f["provenance"]["library_from"], "OPENSSL_LIB_DIR=/usr/lib/x86_64-linux-gnu",
        "scan: the variable recorded in the build script's output\n{}",
        s.raw
    );
    assert!(
        f["help"].as_array().into_iter().flatten().any(|h| h
            .as_str()
            .is_some_and(|h| h.starts_with("unset OPENSSL_LIB_DIR"))),
        "scan: the fix unsets the variable that took effect\n{}",
        s.raw
    );
    assert!(
        f["env"]["AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_LIB_DIR"].is_string(),
        "scan: the target's own variable\n{}",
        s.raw
    );

    let b = cargo_build(
        &p,
        Toolchain::DebianArm64,
        A64,
        &[
            linker,
            (
                "AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_LIB_DIR",
                "/usr/lib/aarch64-linux-gnu",
            ),
            (
                "AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_INCLUDE_DIR",
                "/usr/include",
            ),
        ],
    );
    assert_built(&b);
    scan(&p.target_dir()).assert_clean(A64);
    let human = std::process::Command::new(env!("CARGO_BIN_EXE_xlinkdiag"))
        .arg("scan")
        .arg(p.target_dir())
        .output()
        .expect("run xlinkdiag");
    let said = String::from_utf8_lossy(&human.stdout);
    assert!(
        said.contains("no foreign objects")
            && said.contains("0 in the target dir, 2 from 1 recorded dir outside it, checked"),
        "scan: an all-clear says what it checked\n{said}"
    );
}
