// Tests read the environment directly: the env door is for the tool.
#![allow(clippy::disallowed_methods)]
//! The linker shim in front of the build machine's own `cc` (and rustc linking through it):
//! the process-level tests of tests/integration/shim.rs that need a real host compiler.
#![cfg(unix)]

use std::ffi::{OsStr, OsString};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::skips::{require, require_all};
use crate::support::TempDir as TestDir;

const SHIM: &str = env!("CARGO_BIN_EXE_xlinkdiag");

/// A hermetic environment: nothing but `PATH`.
fn base_command(program: impl AsRef<OsStr>, dir: &TestDir) -> Command {
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .current_dir(&dir.0)
        .stdin(Stdio::null());
    cmd
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

fn stderr_text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// G10: rustc keeps working with the shim in both setups, and links the same program.
#[test]
fn rustc_links_through_the_shim_in_both_setups() {
    if !require_all(
        "rustc_links_through_the_shim_in_both_setups",
        &["rustc", "cc"],
    ) {
        return;
    }
    let dir = TestDir::new("rustc");
    std::fs::write(dir.path("hello.rs"), "fn main() { println!(\"hello\"); }\n").unwrap();
    let cc = String::from_utf8(
        Command::new("sh")
            .args(["-c", "command -v cc"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let shim_dir = dir.mkdir("shimdir");
    symlink(SHIM, shim_dir.join("cc")).unwrap();
    let link = |name: &str, extra: &[&OsStr]| {
        let out = Command::new("rustc")
            .current_dir(&dir.0)
            .env_remove("XLINKDIAG_DISABLE")
            .env("XLINKDIAG_LINKER", cc.trim())
            .args(["hello.rs", "-o", name])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {}", stderr_text(&out));
        assert!(out.stderr.is_empty(), "{name}: {}", stderr_text(&out));
        let run = Command::new(dir.path(name)).output().unwrap();
        assert_eq!(run.stdout, b"hello\n");
    };
    let mut named = OsString::from("linker=");
    named.push(shim_dir.join("cc"));
    link("direct", &[]);
    // Installed under the real linker's name: rustc's flavor guess sees `cc`.
    link("named", &[os("-C"), &named]);
    // Plain `xlinkdiag` with the flavor given explicitly.
    let mut plain = OsString::from("linker=");
    plain.push(SHIM);
    link(
        "plain",
        &[os("-C"), &plain, os("-C"), os("linker-flavor=gcc")],
    );
}

#[test]
fn the_real_engine_diagnoses_for_the_front() {
    if !require("the_real_engine_diagnoses_for_the_front", "cc") {
        return;
    }
    // The engine found next to the front, as `cargo build` and `cargo install` lay them out;
    // the host's cc fails for want of a library.
    let dir = TestDir::new("engine-real");
    std::fs::write(dir.path("m.c"), "int main(void) { return 0; }\n").unwrap();
    let cc = Command::new("cc")
        .current_dir(&dir.0)
        .args(["-c", "m.c", "-o", "m.o"])
        .status()
        .unwrap();
    assert!(cc.success());
    let out = base_command(SHIM, &dir)
        .env("XLINKDIAG_LINKER", "cc")
        .args(["-m64", "m.o", "-lxlinkdiag_nowhere", "-o", "m"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stderr_text(&out);
    let ours = text.find("xlinkdiag:").unwrap_or(text.len());
    assert!(text[..ours].contains("-lxlinkdiag_nowhere"), "{text}");
    assert!(
        text[ours..].starts_with("xlinkdiag: error[missing-library]: -lxlinkdiag_nowhere"),
        "{text}"
    );
}

/// Issue 11: a host linker for a foreign target is refused (it says so with `-dumpmachine`)
/// unless `--force`, and the sibling tools take one line (`--verbose` lists them).
#[test]
fn shim_install_checks_the_linker_and_sums_up_the_siblings() {
    if !require(
        "shim_install_checks_the_linker_and_sums_up_the_siblings",
        "cc",
    ) {
        return;
    }
    let dir = TestDir::new("install-host");
    let install = |linker: &Path, extra: &[&str], into: &str| {
        base_command(SHIM, &dir)
            .args(["shim", "install", "--target", "aarch64-unknown-linux-gnu"])
            .args(extra)
            .arg("--linker")
            .arg(linker)
            .arg(dir.path(into))
            .output()
            .unwrap()
    };
    let cc = PathBuf::from(
        String::from_utf8(
            Command::new("sh")
                .args(["-c", "command -v cc"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap()
        .trim(),
    );
    let out = install(&cc, &[], "refused");
    let text = stderr_text(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("links for another machine than aarch64-unknown-linux-gnu")
            && text.contains("aarch64-linux-gnu-gcc")
            && text.contains("--force"),
        "{text}"
    );
    assert!(!dir.path("refused").exists());
    let out = install(&cc, &["--force"], "forced");
    assert!(out.status.success(), "{}", stderr_text(&out));
    assert!(
        stderr_text(&out).contains("warning:"),
        "{}",
        stderr_text(&out)
    );
    assert!(dir.path("forced/cc").exists());

    // A toolchain dir with 12 tools of one prefix; the linker is a script that answers
    // -dumpmachine like the target's gcc.
    let toolchain = dir.mkdir("toolchain");
    for tool in [
        "gcc", "g++", "ar", "as", "ld", "nm", "objcopy", "objdump", "ranlib", "readelf", "size",
        "strip",
    ] {
        let path = toolchain.join(format!("aarch64-linux-gnu-{tool}"));
        std::fs::write(&path, "#!/bin/sh\necho aarch64-linux-gnu\n").unwrap();
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
    }
    let gcc = toolchain.join("aarch64-linux-gnu-gcc");
    let out = install(&gcc, &[], "quiet");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", stderr_text(&out));
    assert!(!stdout.contains("# sibling:"), "{stdout}");
    let summary: Vec<&str> = stdout.lines().filter(|l| l.contains("sibling")).collect();
    assert_eq!(summary.len(), 1, "{stdout}");
    assert!(
        summary[0].starts_with("# 11 sibling tools aarch64-linux-gnu-*"),
        "{stdout}"
    );
    let out = install(&gcc, &["--verbose"], "verbose");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("# sibling: ").count(), 11, "{stdout}");
}
