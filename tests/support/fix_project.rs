//! A project in a temp dir for `xlinkdiag fix`: a `.cargo/config.toml` with comments and a
//! shim report of a leaked `CC`, and `fix` run in it with a clean environment. Shared by
//! tests/integration/fixcmd.rs and the cases of tests/e2e/fixcmd.rs that need a toolchain.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use super::{TempDir, is_leaky_var};

pub const CONFIG: &str = "\
# Cross builds for the board.
[build]
target = \"aarch64-unknown-linux-gnu\"   # the board

[target.aarch64-unknown-linux-gnu]
# Debian's cross gcc
linker = \"aarch64-linux-gnu-gcc\"

[env]
# Ours, not xlinkdiag's.
FOO = \"bar\"
CC_aarch64_unknown_linux_gnu = \"gcc\"  # copied from a blog
HOST_CC = \"clang\"
";

/// What the shim writes for a leaked CC, cut to the fields `fix` reads.
pub fn report() -> Value {
    serde_json::json!({
        "version": 1,
        "target": "aarch64-unknown-linux-gnu",
        "findings": [{
            "kind": "wrong-architecture", "severity": "error",
            "path": "/build/target/aarch64-unknown-linux-gnu/debug/deps/libtinyz_sys-0123456789abcdef.rlib",
            "member": "tinyz.o",
            "found": {"format": "elf", "arch": "x86_64", "machine": 62, "bits": 64, "endian": "little"},
            "expected": {"arch": "aarch64", "format": "elf", "bits": 64, "endian": "little", "from": "x"},
            "crate": "tinyz_sys", "package": "tinyz-sys",
            "env": {
                "CC_aarch64_unknown_linux_gnu": "aarch64-linux-gnu-gcc",
                "AR_aarch64_unknown_linux_gnu": "aarch64-linux-gnu-ar",
                "HOST_CC": "gcc",
                "CC": "gcc"
            },
            "message": "crate `tinyz_sys` holds x86_64 objects",
            "provenance": {"build_system": "cc-rs", "compiler": "gcc", "compiler_from": "CC"},
            "help": ["set …"]
        }]
    })
}

pub struct Proj {
    _tmp: TempDir,
    pub dir: PathBuf,
    pub report: PathBuf,
}

pub fn project(config: Option<&str>) -> Proj {
    let tmp = TempDir::new("fixcmd");
    let dir = tmp.path("proj");
    fs::create_dir_all(dir.join(".cargo")).unwrap();
    fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"p\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    if let Some(c) = config {
        fs::write(dir.join(".cargo/config.toml"), c).unwrap();
    }
    let report = tmp.path("report.json");
    fs::write(&report, report_text()).unwrap();
    Proj {
        _tmp: tmp,
        dir,
        report,
    }
}

pub fn report_text() -> String {
    serde_json::to_string_pretty(&report()).unwrap()
}

pub fn fix(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"));
    for (name, _) in std::env::vars_os() {
        if let Some(name) = name.to_str()
            && (is_leaky_var(name) || name.starts_with("OPENSSL") || name.contains("_OPENSSL_"))
        {
            cmd.env_remove(name);
        }
    }
    cmd.arg("fix").args(args).current_dir(dir);
    cmd.output().expect("run xlinkdiag fix")
}

pub fn config_of(p: &Proj) -> String {
    fs::read_to_string(p.dir.join(".cargo/config.toml")).unwrap()
}
