//! The built binary's `scan` on the committed real sample and on bad input. A scan that
//! follows a library dir of the build machine is in tests/e2e/host_libs.rs.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn xlinkdiag(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xlinkdiag"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run xlinkdiag")
}

fn sample(name: &str) -> String {
    format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"))
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

fn crates(doc: &Value) -> BTreeSet<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["crate"].as_str().map(str::to_string))
        .collect()
}

/// The fixed contract of issue 2: these keys with these types, whatever else is added.
fn assert_contract(doc: &Value) {
    assert_eq!(doc["version"], 1);
    assert!(doc["target"].is_string() || doc["target"].is_null());
    for f in doc["findings"].as_array().expect("findings is a list") {
        for key in ["kind", "severity", "path", "message"] {
            assert!(f[key].is_string(), "{key} must be a string in {f}");
        }
        assert!(["error", "warning", "note"].contains(&f["severity"].as_str().unwrap()));
        for key in ["member", "crate", "package"] {
            assert!(f[key].is_string() || f[key].is_null(), "{key} in {f}");
        }
        assert!(f["found"]["arch"].is_string());
        assert!(f["expected"]["arch"].is_string());
        let env = f["env"].as_object().expect("env is an object");
        assert!(env.values().all(Value::is_string));
    }
}

#[test]
fn seed_sample_names_every_culprit_with_its_fix() {
    for name in [
        "mips-leaked-cc",
        "mips-leaked-cc-newlayout",
        "mips-leaked-cc-builddir",
    ] {
        let out = xlinkdiag(&["scan", &sample(name), "--format", "json"]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc = json(&out);
        assert_contract(&doc);
        assert_eq!(doc["target"], "mips-unknown-linux-musl");
        assert_eq!(
            crates(&doc),
            ["cmlib_sys", "miniz_sys", "zstd_sys"]
                .map(String::from)
                .into(),
            "{name}"
        );
        for f in doc["findings"].as_array().unwrap() {
            assert_eq!(f["kind"], "wrong-architecture");
            assert_eq!(f["found"]["arch"], "x86_64");
            assert_eq!(f["expected"]["arch"], "mips");
            assert_eq!(
                f["env"]["CC_mips_unknown_linux_musl"], "mips-linux-musl-gcc",
                "{f}"
            );
            assert!(f["path"].as_str().unwrap().ends_with(".rlib"));
            assert!(f["member"].as_str().unwrap().ends_with(".o"));
        }
        let miniz = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["crate"] == "miniz_sys")
            .unwrap();
        assert_eq!(miniz["package"], "miniz-sys");
        assert_eq!(miniz["members"].as_array().unwrap().len(), 2);
        assert_eq!(miniz["provenance"]["build_system"], "cc-rs");
        assert_eq!(miniz["provenance"]["compiler"], "gcc");
        assert_eq!(miniz["provenance"]["compiler_from"], "CC");
        assert_eq!(miniz["env"]["HOST_CC"], "gcc");
        let cm = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["crate"] == "cmlib_sys")
            .unwrap();
        assert_eq!(cm["provenance"]["build_system"], "cmake");
    }
}

#[test]
fn bare_path_means_scan_and_human_output_is_rustc_style() {
    let out = xlinkdiag(&[&sample("mips-leaked-cc/target"), "--color", "never"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    // One leaked CC, three culprits: one block, the fix once.
    assert_eq!(
        text.matches("error[wrong-architecture]: a global `CC=gcc` reached")
            .count(),
        1,
        "{text}"
    );
    assert_eq!(text.matches("= culprit: crate `").count(), 3, "{text}");
    assert!(text.contains("= culprit: crate `miniz_sys` (cc-rs, gcc from CC)"));
    assert_eq!(text.matches("\n           export ").count(), 1, "{text}");
    assert!(text.contains("xlinkdiag fix --from "), "{text}");
    assert!(!text.contains('\x1b'), "no color with --color never");
}

#[test]
fn color_always_colors_and_no_color_is_honoured() {
    let out = xlinkdiag(&[&sample("mips-leaked-cc/target"), "--color", "always"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains('\x1b'));
    let out = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"))
        .args([&sample("mips-leaked-cc/target")])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\x1b'));
}

#[test]
fn a_single_rlib_is_checked_against_its_own_rustc_objects() {
    let rlib = fs::read_dir(sample(
        "mips-leaked-cc/target/mips-unknown-linux-musl/debug/deps",
    ))
    .unwrap()
    .map(|e| e.unwrap().path())
    .find(|p| {
        p.to_string_lossy().contains("libminiz_sys-") && p.extension().is_some_and(|e| e == "rlib")
    })
    .unwrap();
    // Copied out of the target dir, nothing but the rlib's own rustc objects says mips.
    let dir = TempDir::new("single");
    let copy = dir.path().join("libminiz_sys-91d993c679b7024d.rlib");
    fs::copy(&rlib, &copy).unwrap();
    let out = xlinkdiag(&["scan", copy.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    let f = &doc["findings"][0];
    assert_eq!(f["crate"], "miniz_sys");
    assert_eq!(f["expected"]["arch"], "mips");
    assert!(
        f["expected"]["from"]
            .as_str()
            .unwrap()
            .contains("rustc's own objects")
    );
}

#[test]
fn correct_target_gives_no_error() {
    // The same rlibs checked against a target they do fit (x86_64 members are fine for
    // x86_64, rustc's mips objects are not): --target picks the side, so use a file.
    let dir = TempDir::new("clean");
    let obj = dir.path().join("host.o");
    fs::write(&obj, host_object()).unwrap();
    let out = xlinkdiag(&[
        "scan",
        obj.to_str().unwrap(),
        "--target",
        "x86_64-unknown-linux-gnu",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out)["findings"].as_array().unwrap().len(), 0);
    let out = xlinkdiag(&[
        "scan",
        obj.to_str().unwrap(),
        "--target",
        "mips-unknown-linux-musl",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn bad_input_gets_one_line_each_and_the_scan_goes_on() {
    let dir = TempDir::new("bad");
    let d = dir.path();
    let good = host_object();
    fs::write(d.join("garbage.o"), b"\x7fELF\x02\x01\x01 not really").unwrap();
    fs::write(d.join("empty.o"), b"").unwrap();
    let mut truncated = b"!<arch>\n".to_vec();
    truncated.extend_from_slice(b"x.o/            0           0     0     644     9999      `\n");
    truncated.extend_from_slice(&good[..100]);
    fs::write(d.join("truncated.a"), truncated).unwrap();
    fs::write(
        d.join("hostile.a"),
        b"!<arch>\n//                                              99999999999`\n",
    )
    .unwrap();
    fs::write(
        d.join("random.rlib"),
        (0..4096u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        std::os::unix::fs::symlink("loop2.o", d.join("loop1.o")).unwrap();
        std::os::unix::fs::symlink("loop1.o", d.join("loop2.o")).unwrap();
        std::os::unix::fs::symlink(".", d.join("self")).unwrap();
        let weird = d.join(std::ffi::OsStr::from_bytes(b"non-utf8-\xff.o"));
        fs::write(weird, &good).unwrap();
    }
    let out = xlinkdiag(&[
        "scan",
        d.to_str().unwrap(),
        "--target",
        "mips-unknown-linux-musl",
        "--format",
        "json",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let doc = json(&out);
    assert_contract(&doc);
    for bad in ["garbage.o", "truncated.a", "hostile.a", "loop1.o"] {
        assert_eq!(
            stderr.lines().filter(|l| l.contains(bad)).count(),
            1,
            "{bad} gets one line:\n{stderr}"
        );
    }
    assert!(stderr.contains("symlink loop"), "{stderr}");
    if cfg!(unix) {
        // The non-UTF-8-named x86-64 object is still found.
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert_eq!(doc["findings"].as_array().unwrap().len(), 1);
    }
}

#[test]
fn nothing_scannable_is_exit_2() {
    let out = xlinkdiag(&["scan", "/nonexistent/xlinkdiag-test"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file"));
    let out = xlinkdiag(&["scan", ".", "--target", "no-such-target"]);
    assert_eq!(out.status.code(), Some(2));
    let out = xlinkdiag(&["scan", "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn empty_dir_prints_the_whole_document() {
    let dir = TempDir::new("empty");
    let out = xlinkdiag(&["scan", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let doc = json(&out);
    assert_contract(&doc);
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0);
}

/// An x86-64 ELF relocatable object built with `object::write` (what the host gcc makes).
fn host_object() -> Vec<u8> {
    use object::write::{Object, Symbol, SymbolSection};
    use object::{Architecture, BinaryFormat, Endianness, SymbolFlags, SymbolKind, SymbolScope};
    let mut obj = Object::new(BinaryFormat::Elf, Architecture::X86_64, Endianness::Little);
    let text = obj.section_id(object::write::StandardSection::Text);
    obj.append_section_data(text, &[0xc3], 1);
    obj.add_symbol(Symbol {
        name: b"f".to_vec(),
        value: 0,
        size: 1,
        kind: SymbolKind::Text,
        scope: SymbolScope::Linkage,
        weak: false,
        section: SymbolSection::Section(text),
        flags: SymbolFlags::None,
    });
    obj.write().unwrap()
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("xlinkdiag-test-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&p);
        fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn copy_tree(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    for e in fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        let ty = e.file_type().unwrap();
        if ty.is_dir() {
            copy_tree(&e.path(), &to);
        } else if ty.is_file() {
            fs::copy(e.path(), &to).unwrap();
        }
    }
}

/// Issue 12: the libraries a build script recorded for the link (`rustc-link-search` +
/// `rustc-link-lib`) are resolved as the linker would (here a `.so` that is a GNU ld
/// script naming an x86-64 file) and judged, in both cargo layouts, naming the crate.
#[test]
fn recorded_link_libraries_are_judged_in_both_layouts() {
    for (sample_dir, record) in [
        (
            "mips-leaked-cc",
            "mips-unknown-linux-musl/debug/build/zstd-sys-ba43dab948dcc508/output",
        ),
        (
            "mips-leaked-cc-newlayout",
            "mips-unknown-linux-musl/debug/build/zstd-sys/ba43dab948dcc508/run/stdout",
        ),
    ] {
        let dir = TempDir::new(&format!("linklibs-{sample_dir}"));
        let target = dir.path().join("target");
        copy_tree(Path::new(&sample(&format!("{sample_dir}/target"))), &target);
        let vendor = dir.path().join("vendor/lib");
        fs::create_dir_all(&vendor).unwrap();
        let real = vendor.join("libvendorz.so.1");
        fs::copy(sample("objects/x86_64.o"), &real).unwrap();
        fs::write(
            vendor.join("libvendorz.so"),
            format!("/* GNU ld script */\nGROUP ( {} )\n", real.display()),
        )
        .unwrap();
        let record = target.join(record);
        assert!(record.is_file(), "{}", record.display());
        let mut text = fs::read_to_string(&record).unwrap();
        text += &format!(
            "cargo:rustc-link-search=native={}\ncargo:rustc-link-lib=dylib=vendorz\n",
            vendor.display()
        );
        fs::write(&record, text).unwrap();

        let out = xlinkdiag(&["scan", target.to_str().unwrap(), "--format", "json"]);
        let doc = json(&out);
        assert_contract(&doc);
        let lib = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == vendor.join("libvendorz.so").to_str().unwrap())
            .unwrap_or_else(|| {
                panic!("{sample_dir}: no finding for the recorded -lvendorz\n{doc:#}")
            });
        assert_eq!(lib["kind"], "wrong-architecture", "{lib:#}");
        assert_eq!(lib["crate"], "zstd_sys", "{lib:#}");
        assert_eq!(lib["found"]["arch"], "x86_64", "{lib:#}");
        assert!(
            lib["message"].as_str().unwrap().contains("-lvendorz"),
            "{lib:#}"
        );
    }
}
