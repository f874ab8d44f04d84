//! doctor's library lookup when pkg-config answers with the build machine's `.pc` files
//! (issue 21 item 8): an error naming the target's package for each library the crates ask
//! for, and a warning once the target's own `.pc` files are installed (ld then passes over
//! the host's libraries and links the target's). Hermetic: the system dirs are a temp root
//! (`XLINKDIAG_SYSTEM_ROOT`), the project a `Cargo.lock` written here.

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::{TempDir, is_leaky_var};

const LOCK: &str = r#"version = 3

[[package]]
name = "w"
version = "0.1.0"
dependencies = ["libdbus-sys"]

[[package]]
name = "libdbus-sys"
version = "0.2.7"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = ["pkg-config"]

[[package]]
name = "pkg-config"
version = "0.3.31"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;

fn lookup_check(proj: &Path, root: &Path) -> Value {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"));
    for (name, _) in std::env::vars_os() {
        if let Some(n) = name.to_str()
            && (is_leaky_var(n) || n.starts_with("PKG_CONFIG") || n.starts_with("XLINKDIAG"))
        {
            cmd.env_remove(n);
        }
    }
    let out = cmd
        .current_dir(proj)
        .env("XLINKDIAG_SYSTEM_ROOT", root)
        .env("PKG_CONFIG_SYSROOT_DIR", "/")
        .env("CARGO_NET_OFFLINE", "true")
        .args(["doctor", "--target", "armv7-unknown-linux-gnueabihf"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["tool"] == "library-lookup")
        .cloned()
        .expect("a library-lookup check")
}

#[test]
fn host_pkg_config_is_an_error_until_the_target_has_its_own() {
    let tmp = TempDir::new("doctor-pkg");
    let proj = tmp.path("proj");
    fs::create_dir_all(proj.join("src")).unwrap();
    fs::write(
        proj.join("Cargo.toml"),
        "[package]\nname = \"w\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nlibdbus-sys = \"=0.2.7\"\n",
    )
    .unwrap();
    fs::write(proj.join("src/main.rs"), "fn main() {}\n").unwrap();
    fs::write(proj.join("Cargo.lock"), LOCK).unwrap();
    let root = tmp.path("root");
    fs::create_dir_all(&root).unwrap();

    // PKG_CONFIG_SYSROOT_DIR=/ and no LIBDIR: the host's .pc files, the host's libraries.
    let c = lookup_check(&proj, &root);
    assert_eq!(c["status"], "error", "{c:#}");
    assert_eq!(c["kind"], "host-library-path", "{c:#}");

    // The target's own dbus-1.pc installed (as libdbus-1-dev:armhf puts it): the link
    // takes the target's library, so the host's answer is a warning.
    let pc = root.join("usr/lib/arm-linux-gnueabihf/pkgconfig");
    fs::create_dir_all(&pc).unwrap();
    fs::write(
        pc.join("dbus-1.pc"),
        "prefix=/usr\nlibdir=${prefix}/lib/arm-linux-gnueabihf\nName: dbus\nDescription: d\nVersion: 1.14\nLibs: -L${libdir} -ldbus-1\n",
    )
    .unwrap();
    let c = lookup_check(&proj, &root);
    assert_eq!(c["status"], "warning", "{c:#}");
    assert!(
        c["notes"].to_string().contains("dbus-1.pc"),
        "the note names the target's own .pc: {c:#}"
    );
}
