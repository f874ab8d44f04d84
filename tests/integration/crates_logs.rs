//! `annotate` (and `fix --from LOG`'s reading of the log) on the real logs of issue 21's trial
//! (`testdata/logs/crates/`, see its README): the primary error of each failed step, the
//! compiler and the variable it came from in the spelling that was set, a leaked `CFLAGS`,
//! the target's missing C library, and one answer for the wrong linker behind the shim. Log
//! only: the trial's dirs are gone, so nothing here depends on what this machine has.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::fix_project::{fix, project};
use crate::support::{TempDir, text};

fn log(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/logs/crates")
        .join(name)
}

fn annotate(path: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xlinkdiag"))
        .arg("annotate")
        .arg(path)
        .args(["--format", "json"])
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("XLINKDIAG_LINKER")
        .output()
        .expect("run xlinkdiag annotate")
}

/// The error findings of `annotate` on a log, which must exit 1 for them.
fn errors(path: &Path) -> Vec<Value> {
    let out = annotate(path);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .cloned()
        .collect()
}

fn kinds(fs: &[Value]) -> Vec<&str> {
    fs.iter()
        .map(|f| f["kind"].as_str().unwrap_or("?"))
        .collect()
}

fn crates(fs: &[Value]) -> Vec<&str> {
    let mut c: Vec<&str> = fs.iter().filter_map(|f| f["crate"].as_str()).collect();
    c.sort_unstable();
    c
}

fn env_keys(f: &Value) -> Vec<String> {
    f["env"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// Issue 21 item 1: libz-sys's pkg-config note comes first in its failed build script; gcc's
/// error after it is the primary one. Without gcc's lines the note is what is left.
#[test]
fn the_compilers_error_outranks_a_build_scripts_fallback_note() {
    let fs = errors(&log("libz-note-then-mfpu.log"));
    assert_eq!(kinds(&fs), ["wrong-compiler"], "{fs:#?}");
    let f = &fs[0];
    assert_eq!(f["crate"], "libz_sys");
    assert_eq!(f["provenance"]["compiler"], "gcc");
    assert_eq!(f["provenance"]["compiler_from"], "CC");
    assert!(
        env_keys(f).contains(&"CC_armv7_unknown_linux_gnueabihf".to_string()),
        "{f:#}"
    );
    // The note it went on from is said, below the error: at most a note.
    let notes = f["notes"].to_string();
    assert!(
        notes.contains("pkg-config would not look up zlib"),
        "{notes}"
    );

    let tmp = TempDir::new("crates-logs-note");
    let raw = fs::read_to_string(log("libz-note-then-mfpu.log")).unwrap();
    let note_only: String = raw
        .lines()
        .filter(|l| !l.contains("gcc") && !l.contains("cc-rs"))
        .map(|l| format!("{l}\n"))
        .collect();
    let path = tmp.path("note-only.log");
    fs::write(&path, note_only).unwrap();
    let fs = errors(&path);
    assert_eq!(kinds(&fs), ["pkg-config-cross"], "{fs:#?}");
}

/// Item 2: a compiler for another machine stops at a header only the target's compiler has.
#[test]
fn a_missing_target_header_under_the_hosts_gcc_is_the_wrong_compiler() {
    let fs = errors(&log("blake3-neon-cc-leaked.log"));
    assert_eq!(kinds(&fs), ["wrong-compiler"], "{fs:#?}");
    assert_eq!(fs[0]["crate"], "blake3");
    assert_eq!(fs[0]["provenance"]["compiler"], "gcc");
    assert_eq!(fs[0]["provenance"]["compiler_from"], "CC");
    assert!(env_keys(&fs[0]).contains(&"CC_aarch64_unknown_linux_gnu".to_string()));
}

/// Item 2: `-march=x86-64-v2` from a global CFLAGS refused by the target's own gcc: the
/// finding names CFLAGS (the cause), not the compiler that was right.
#[test]
fn a_leaked_cflags_is_named_not_the_right_compiler() {
    let fs = errors(&log("cflags-march-leaked.log"));
    assert_eq!(crates(&fs), ["blake3", "onig_sys", "tree_sitter_json"]);
    for f in &fs {
        assert_eq!(f["kind"], "wrong-compiler", "{f:#}");
        assert_eq!(f["provenance"]["flags_from"], "CFLAGS", "{f:#}");
        assert_eq!(
            env_keys(f),
            ["CFLAGS_aarch64_unknown_linux_gnu"],
            "the compiler was right: {f:#}"
        );
        assert_eq!(f["unset"], serde_json::json!(["CFLAGS"]), "{f:#}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"))
        .arg("annotate")
        .arg(log("cflags-march-leaked.log"))
        .output()
        .unwrap();
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(
        human.contains("a global `CFLAGS` reached the build scripts"),
        "{human}"
    );
    assert!(
        !human.contains("names a tool for another machine"),
        "{human}"
    );
}

/// Item 4: C++ build scripts given the host's g++ by CXX: the fix is the target's C++
/// compiler in CXX_<target>, not a C compiler in CC_<target>.
#[test]
fn a_leaked_cxx_is_fixed_in_cxx() {
    let fs = errors(&log("armhf-cxx-leaked.log"));
    assert_eq!(crates(&fs), ["esaxx_rs", "link_cplusplus"]);
    for f in &fs {
        assert_eq!(f["kind"], "wrong-compiler");
        assert_eq!(f["provenance"]["compiler"], "g++");
        assert_eq!(f["provenance"]["compiler_from"], "CXX");
        let keys = env_keys(f);
        assert!(
            keys.contains(&"CXX_armv7_unknown_linux_gnueabihf".to_string()),
            "{keys:?}"
        );
        assert!(
            !keys.contains(&"CC_armv7_unknown_linux_gnueabihf".to_string()),
            "{keys:?}"
        );
    }
}

/// Item 3: the linker for the target finds none of the target's C library: one answer for the
/// link, and std's own compiler_builtins (which the shim's report blamed) is never the cause.
#[test]
fn a_missing_target_libc_at_the_link_is_one_answer() {
    let fs = errors(&log("armhf-no-libc-link.log"));
    assert_eq!(kinds(&fs), ["target-libc-missing"], "{fs:#?}");
    let msg = fs[0]["message"].as_str().unwrap();
    assert!(msg.contains("Scrt1.o") && msg.contains("crti.o"), "{msg}");
    assert!(fs[0]["crate"].is_null());

    // The same log with the shim's data line (as under CI) blaming compiler_builtins.
    let raw = fs::read_to_string(log("armhf-no-libc-link.log")).unwrap();
    let data = r#"          xlinkdiag: data: {"version":1,"target":"armv7-unknown-linux-gnueabihf","findings":[{"kind":"abi-mismatch","severity":"error","path":"/usr/lib/rustlib/armv7-unknown-linux-gnueabihf/lib/libcompiler_builtins-04ffb316ffd03dd5.rlib","found":{"format":"elf","arch":"arm","machine":40,"file_type":"relocatable"},"expected":{"arch":"arm","format":"elf","from":"x"},"crate":"compiler_builtins","message":"m"}]}"#;
    let with_data: String = raw
        .lines()
        .flat_map(|l| {
            let mut v = vec![l.to_string()];
            if l.contains("collect2: error: ld returned") {
                v.push(data.to_string());
            }
            v
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let tmp = TempDir::new("crates-logs-libc");
    let path = tmp.path("with-data.log");
    fs::write(&path, with_data).unwrap();
    let fs = errors(&path);
    assert_eq!(kinds(&fs), ["target-libc-missing"], "{fs:#?}");
    assert!(fs.iter().all(|f| f["crate"] != "compiler_builtins"));
}

/// Item 5: the hyphenated per-target name cc-rs read first is the one the fix changes.
#[test]
fn the_spelling_that_was_set_is_the_one_fixed() {
    let tmp = TempDir::new("crates-logs-hyphen");
    let raw = fs::read_to_string(log("libz-note-then-mfpu.log")).unwrap();
    let hyphen = raw
        .replace(
            "CC_armv7-unknown-linux-gnueabihf = None",
            "CC_armv7-unknown-linux-gnueabihf = Some(gcc)",
        )
        .replace("CC = Some(gcc)", "CC = None");
    let path = tmp.path("hyphen.log");
    fs::write(&path, hyphen).unwrap();
    let fs = errors(&path);
    assert_eq!(kinds(&fs), ["wrong-compiler"]);
    assert_eq!(
        fs[0]["provenance"]["compiler_from"],
        "CC_armv7-unknown-linux-gnueabihf"
    );
    let keys = env_keys(&fs[0]);
    assert!(
        keys.contains(&"CC_armv7-unknown-linux-gnueabihf".to_string()),
        "{keys:?}"
    );
    assert!(
        !keys.contains(&"CC_armv7_unknown_linux_gnueabihf".to_string()),
        "{keys:?}"
    );
}

/// Item 7: behind a plain xlinkdiag (cargo's linker), the wrong linker is one finding for
/// every link it failed, and its variable is XLINKDIAG_LINKER.
#[test]
fn the_wrong_linker_behind_the_shim_is_one_finding() {
    let tmp = TempDir::new("crates-logs-shim");
    let link = |app: &str| {
        format!(
            "   Compiling {app} v0.1.0 (/w/{app})\nerror: linking with `/opt/x/bin/xlinkdiag` failed: exit status: 1\n  |\n  = note:  \"/opt/x/bin/xlinkdiag\" \"/w/target/aarch64-unknown-linux-gnu/debug/deps/rustcAbc/symbols.o\" \"/w/target/aarch64-unknown-linux-gnu/debug/deps/{app}-0123456789abcdef.{app}.1a2b3c4d-cgu.0.rcgu.o\"\n  = note: /usr/bin/ld: /w/target/aarch64-unknown-linux-gnu/debug/deps/{app}-0123456789abcdef.{app}.1a2b3c4d-cgu.0.rcgu.o: Relocations in generic ELF (EM: 183)\n          /usr/bin/ld: /w/target/aarch64-unknown-linux-gnu/debug/deps/{app}-0123456789abcdef.{app}.1a2b3c4d-cgu.0.rcgu.o: error adding symbols: file in wrong format\n          collect2: error: ld returned 1 exit status\n\nerror: could not compile `{app}` (bin \"{app}\") due to 1 previous error\n"
        )
    };
    let path = tmp.path("shim.log");
    fs::write(&path, format!("{}{}", link("use-a"), link("use-b"))).unwrap();
    let fs = errors(&path);
    assert_eq!(kinds(&fs), ["wrong-linker"], "{fs:#?}");
    assert_eq!(env_keys(&fs[0]), ["XLINKDIAG_LINKER"], "{:#}", fs[0]);
}

/// Item 2: `fix --from LOG` takes the target from the log (cc-rs's lookups, its `TARGET =`
/// line over its `HOST =` one) instead of asking for --target.
#[test]
fn fix_from_a_log_takes_the_target_from_it() {
    let p = project(None);
    for name in ["blake3-neon-cc-leaked.log", "cflags-march-leaked.log"] {
        let o = fix(&p.dir, &["--from", log(name).to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_ne!(o.status.code(), Some(2), "{name}: {}", text(&o));
        assert!(!stderr.contains("--target"), "{name}: {stderr}");
    }
    // cc-rs 1.0's dump names the build machine too; TARGET is the target.
    let raw = fs::read_to_string(log("blake3-neon-cc-leaked.log")).unwrap();
    let dump = "  HOST = Some(\"x86_64-unknown-linux-gnu\")\n  TARGET = Some(\"aarch64-unknown-linux-gnu\")\n  HOST = Some(\"x86_64-unknown-linux-gnu\")\n  --- stdout\n";
    let with_dump = raw.replacen("  --- stdout\n", dump, 1);
    let path = p.dir.join("dump.log");
    fs::write(&path, with_dump).unwrap();
    let o = annotate(&path);
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["target"], "aarch64-unknown-linux-gnu", "{}", text(&o));
    let o = fix(&p.dir, &["--from", path.to_str().unwrap()]);
    assert_ne!(o.status.code(), Some(2), "{}", text(&o));
}

/// pkg-config-rs pointed at the target's `.pc` dir (`> PKG_CONFIG_LIBDIR=… pkg-config`) and
/// the package not there: the target's build of the library is missing, not the cross
/// setup (issue 21: the `:arm64` -dev packages were not installed, the host's were).
#[test]
fn a_pc_missing_where_pkg_config_was_pointed_is_a_missing_library() {
    let fs = errors(&log("missing-target-dev.log"));
    assert!(
        kinds(&fs).iter().all(|k| *k == "missing-library"),
        "{:?}",
        kinds(&fs)
    );
    assert_eq!(
        crates(&fs),
        ["alsa_sys", "hidapi", "libdbus_sys", "libudev_sys"],
        "{fs:#?}"
    );
    let dbus = fs.iter().find(|f| f["crate"] == "libdbus_sys").unwrap();
    let message = dbus["message"].as_str().unwrap();
    // pkg-config's own name of the package, and where it looked.
    assert!(
        message.contains("dbus-1.pc") && message.contains("/usr/lib/aarch64-linux-gnu/pkgconfig"),
        "{message}"
    );
}
