//! Files that are not what their names say (issue 11, items 3 and 5): a FIFO or a device
//! where cargo leaves a regular file, a thin archive whose member is a FIFO, an object cut
//! before its section headers. The scan and annotate must return at once, with one warning
//! line each, in bounded memory (each run gets a 2 GiB address-space limit: an unbounded
//! read of `/dev/zero` would fail it), and say when nothing could be judged.
#![cfg(unix)]

use crate::support;

use std::fs;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{MIPS, TempDir, copy_dir};

/// Far above a normal run (well under a second), far below "blocked forever".
const LIMIT: Duration = Duration::from_secs(20);
const ADDRESS_SPACE: libc::rlim_t = 2 << 30;

fn testdata(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(rel)
}

/// Runs xlinkdiag with `args`, failing the test if it has not ended within [`LIMIT`].
fn xlinkdiag(args: &[&Path]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"));
    cmd.args(args)
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_ACTIONS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe and touches only the child.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: ADDRESS_SPACE,
                rlim_max: ADDRESS_SPACE,
            };
            libc::setrlimit(libc::RLIMIT_AS, &lim);
            Ok(())
        });
    }
    let started = Instant::now();
    let mut child = cmd.spawn().expect("run xlinkdiag");
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("xlinkdiag {args:?} still running after {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn p(s: &str) -> &Path {
    Path::new(s)
}

fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let _ = fs::remove_file(path);
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    let made = unsafe { libc::mkfifo(c.as_ptr(), 0o644) };
    assert_eq!(made, 0, "mkfifo {path:?}");
}

fn seed(tag: &str) -> (TempDir, PathBuf) {
    let t = TempDir::new(tag);
    let target = t.path("target");
    copy_dir(&testdata("mips-leaked-cc/target"), &target);
    (t, target)
}

fn unit(target: &Path, package_dir: &str) -> PathBuf {
    target.join(MIPS).join("debug/build").join(package_dir)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// One `warning:` line naming `path` and `what`.
fn assert_warned(out: &Output, path: &Path, what: &str) {
    let err = stderr(out);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("warning:") && l.contains(&*path.to_string_lossy()))
        .collect();
    assert_eq!(lines.len(), 1, "one warning for {path:?}:\n{err}");
    assert!(lines[0].contains(what), "{what} in:\n{err}");
}

fn scan_json(target: &Path) -> (Output, Value) {
    let out = xlinkdiag(&[p("scan"), target, p("--format"), p("json")]);
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out, doc)
}

/// The seed's culprits are still found: a bad file costs only its own evidence (without
/// its build-script record a crate's objects may no longer be grouped as one culprit).
fn assert_culprits_found(out: &Output, doc: &Value) {
    assert_eq!(out.status.code(), Some(1), "{}", stderr(out));
    assert!(doc["findings"].as_array().unwrap().len() >= 3, "{doc:#}");
}

#[test]
fn fifo_as_build_script_output() {
    let (_t, target) = seed("fifo-output");
    let output = unit(&target, "miniz-sys-ad75ecc742eb5efe").join("output");
    mkfifo(&output);
    let (out, doc) = scan_json(&target);
    assert_warned(&out, &output, "a FIFO");
    assert_culprits_found(&out, &doc);
}

#[test]
fn fifo_as_root_output() {
    let (_t, target) = seed("fifo-root");
    let root = unit(&target, "zstd-sys-ba43dab948dcc508").join("root-output");
    mkfifo(&root);
    let (out, doc) = scan_json(&target);
    assert_warned(&out, &root, "a FIFO");
    assert_culprits_found(&out, &doc);
}

#[test]
fn fifo_as_cmake_cache() {
    let (_t, target) = seed("fifo-cmake");
    let cache = unit(&target, "cmlib-sys-fdfc7f3334445e41").join("out/build/CMakeCache.txt");
    mkfifo(&cache);
    let (out, doc) = scan_json(&target);
    assert_warned(&out, &cache, "a FIFO");
    assert_culprits_found(&out, &doc);
}

#[test]
fn dev_zero_as_root_output() {
    let (_t, target) = seed("zero-root");
    let root = unit(&target, "miniz-sys-ad75ecc742eb5efe").join("root-output");
    fs::remove_file(&root).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &root).unwrap();
    let (out, doc) = scan_json(&target);
    assert_warned(&out, &root, "a character device");
    assert_culprits_found(&out, &doc);
}

/// A GNU thin archive (`!<thin>`): member headers only, the data in the file they name.
fn thin_archive(members: &[&str]) -> Vec<u8> {
    let mut a = b"!<thin>\n".to_vec();
    for m in members {
        let header = format!(
            "{:<16}{:<12}{:<6}{:<6}{:<8}{:<10}`\n",
            format!("{m}/"),
            0,
            0,
            0,
            644,
            1200
        );
        assert_eq!(header.len(), 60);
        a.extend_from_slice(header.as_bytes());
    }
    a
}

#[test]
fn fifo_as_thin_archive_member() {
    let t = TempDir::new("fifo-thin");
    let lib = t.path("libthin.a");
    fs::write(&lib, thin_archive(&["m.o", "x86.o"])).unwrap();
    mkfifo(&t.path("m.o"));
    fs::copy(testdata("objects/x86_64.o"), t.path("x86.o")).unwrap();
    let out = xlinkdiag(&[p("scan"), &lib, p("--target"), p(MIPS)]);
    assert_warned(&out, &lib, "member m.o: not a regular file (a FIFO)");
    // The other member is still judged.
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("x86_64"), "{text}");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn dev_zero_as_last_link_report_in_annotate() {
    let (t, target) = seed("zero-report");
    fs::create_dir_all(target.join("xlinkdiag")).unwrap();
    let report = target.join("xlinkdiag/last-link.json");
    std::os::unix::fs::symlink("/dev/zero", &report).unwrap();
    let log = testdata("mips-leaked-cc/cargo-build.log");
    let out = xlinkdiag(&[
        p("annotate"),
        &log,
        p("--target-dir"),
        &target,
        p("--format"),
        p("json"),
    ]);
    assert_warned(&out, &report, "a character device");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!doc["findings"].as_array().unwrap().is_empty(), "{doc:#}");
    drop(t);
}

#[test]
fn annotate_refuses_a_fifo_or_device_as_the_log() {
    let t = TempDir::new("fifo-log");
    let fifo = t.path("build.log");
    mkfifo(&fifo);
    for log in [fifo.as_path(), p("/dev/zero")] {
        let out = xlinkdiag(&[p("annotate"), log]);
        assert_eq!(out.status.code(), Some(2), "{log:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("not a regular file"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn nothing_readable_is_exit_2() {
    // Root reads any file whatever its mode: a FIFO is what no one can scan.
    let t = TempDir::new("nothing-readable");
    let deps = t.path("target/debug/deps");
    fs::create_dir_all(&deps).unwrap();
    let fifo = deps.join("libx.rlib");
    mkfifo(&fifo);
    let (out, doc) = scan_json(&t.path("target"));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_warned(&out, &fifo, "a FIFO");
    assert_eq!(doc["inspected"], 0);
    assert_eq!(doc["unjudged"], 1);
    // The same for a FIFO named on the command line.
    let out = xlinkdiag(&[p("scan"), &fifo]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// The ELF header's `e_shoff`, for a 32-bit big-endian object.
fn shoff_be32(bytes: &[u8]) -> usize {
    u32::from_be_bytes(bytes[32..36].try_into().unwrap()) as usize
}

#[test]
fn object_cut_before_its_section_headers_is_said() {
    let whole = fs::read(testdata("objects/mips-hard.o")).unwrap();
    let t = TempDir::new("cut-elf");
    let cut = t.path("mips-hard.o");
    fs::write(&cut, &whole[..shoff_be32(&whole)]).unwrap();
    // Whole, it is a finding (hard float on a soft-float target) ...
    let out = xlinkdiag(&[
        p("scan"),
        &testdata("objects/mips-hard.o"),
        p("--target"),
        p(MIPS),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // ... cut, it cannot be judged, and the scan says so instead of passing it.
    let out = xlinkdiag(&[p("scan"), &cut, p("--target"), p(MIPS)]);
    assert_warned(&out, &cut, "truncated ELF");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1 file could not be judged"), "{text}");
    let out = xlinkdiag(&[
        p("scan"),
        &cut,
        p("--target"),
        p(MIPS),
        p("--format"),
        p("json"),
    ]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["unjudged"], 1, "{doc:#}");
}

/// `GITHUB_STEP_SUMMARY` naming a FIFO: the summary is refused at once with one warning, the
/// annotations themselves still go out.
#[test]
fn fifo_as_the_step_summary() {
    let t = TempDir::new("fifo-summary");
    let fifo = t.path("summary.md");
    mkfifo(&fifo);
    let mut child = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"))
        .args(["annotate", "--format", "github"])
        .arg(testdata("mips-leaked-cc/cargo-build.log"))
        .env("GITHUB_STEP_SUMMARY", &fifo)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            panic!("annotate blocked on a FIFO as GITHUB_STEP_SUMMARY");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("::error "));
    assert!(
        stderr(&out).contains("cannot append to GITHUB_STEP_SUMMARY"),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// Issue 19, items 2 and 3: special files are never replaced; every read is bounded.
// ---------------------------------------------------------------------------------------------

/// A cargo project in `t` (a package, no config), for the commands that look up the tree.
fn project(t: &TempDir) -> PathBuf {
    let dir = t.mkdir("outer/proj");
    fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"p\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    dir
}

/// `xlinkdiag ARGS` in `dir`, within [`LIMIT`] and the address-space limit.
fn xlinkdiag_in(dir: &Path, args: &[&Path]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("CARGO_TARGET_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe and touches only the child.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: ADDRESS_SPACE,
                rlim_max: ADDRESS_SPACE,
            };
            libc::setrlimit(libc::RLIMIT_AS, &lim);
            Ok(())
        });
    }
    let started = Instant::now();
    let mut child = cmd.spawn().expect("run xlinkdiag");
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("xlinkdiag {args:?} in {dir:?} still running after {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// `fix --from` a FIFO or a device: refused at once, exit 2, the type said.
#[test]
fn fix_refuses_a_fifo_or_device_as_its_source() {
    let t = TempDir::new("fix-fifo-from");
    let proj = project(&t);
    let fifo = t.path("build.log");
    mkfifo(&fifo);
    for (from, what) in [
        (fifo.as_path(), "a FIFO"),
        (p("/dev/zero"), "a character device"),
    ] {
        let out = xlinkdiag_in(&proj, &[p("fix"), p("--from"), from]);
        assert_eq!(out.status.code(), Some(2), "{from:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("not a regular file") && err.contains(what),
            "{err}"
        );
    }
}

/// A FIFO `Cargo.toml` or `.cargo/config.toml` above the project (anyone can plant
/// `/tmp/Cargo.toml`), and a FIFO as the project's own config: no command hangs, and
/// `fix`, which must read its config to edit it, says why it cannot.
#[test]
fn fifo_manifests_and_configs_up_the_tree_hang_nothing() {
    let t = TempDir::new("fifo-up-the-tree");
    let proj = project(&t);
    mkfifo(&t.path("outer/Cargo.toml"));
    fs::create_dir_all(t.path("outer/.cargo")).unwrap();
    mkfifo(&t.path("outer/.cargo/config.toml"));
    let log = testdata("mips-leaked-cc/cargo-build.log");
    let target = proj.join("target");
    copy_dir(&testdata("mips-leaked-cc/target"), &target);
    let runs: [&[&Path]; 4] = [
        &[p("fix"), p("--target"), p(MIPS)],
        &[p("scan"), &target],
        &[p("annotate"), &log],
        &[p("env"), p("--target"), p(MIPS)],
    ];
    for args in runs {
        let out = xlinkdiag_in(&proj, args);
        assert!(
            matches!(out.status.code(), Some(0..=2)),
            "{args:?}: {:?}\n{}",
            out.status,
            stderr(&out)
        );
    }
    // The project's own config a FIFO: fix cannot edit it, and says so.
    fs::create_dir_all(proj.join(".cargo")).unwrap();
    mkfifo(&proj.join(".cargo/config.toml"));
    let out = xlinkdiag_in(&proj, &[p("fix"), p("--target"), p(MIPS)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("a FIFO"), "{}", stderr(&out));
    assert!(
        fs::symlink_metadata(proj.join(".cargo/config.toml"))
            .unwrap()
            .file_type()
            .is_fifo(),
        "the FIFO was replaced"
    );
}

use std::os::unix::fs::FileTypeExt;

/// `XLINKDIAG_REPORT` naming a symlink to `/dev/null`, to `/dev/stdout`, a FIFO or (as
/// root) a device node made here: the failed link's status is the linker's, the report is
/// said not written, and the special file is still what it was. The real `/dev/null` is
/// never the destination: a symlink to it is, and the refusal keeps even the symlink.
#[test]
fn the_shim_never_replaces_a_special_file_with_its_report() {
    use std::os::unix::fs::MetadataExt;
    let (t, target) = seed("report-special");
    let rlib = target.join(MIPS).join("debug/deps");
    let input = fs::read_dir(&rlib)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.extension().is_some_and(|e| e == "rlib") && p.to_string_lossy().contains("zstd")
        })
        .expect("the seed's zstd rlib");
    let fifo = t.path("fifo.json");
    mkfifo(&fifo);
    let mut dests = vec![(fifo.clone(), "a FIFO")];
    for (name, to) in [("null.json", "/dev/null"), ("stdout.json", "/dev/stdout")] {
        std::os::unix::fs::symlink(to, t.path(name)).unwrap();
        dests.push((
            t.path(name),
            if to == "/dev/null" {
                "a character device"
            } else {
                "file descriptor"
            },
        ));
    }
    let node = t.path("node.json");
    {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(node.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; makedev(1, 3) is what /dev/null is. Only
        // root can make one: the case is skipped otherwise.
        if unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) } == 0 {
            dests.push((node.clone(), "a character device"));
        } else {
            eprintln!(
                "the device-node case of the_shim_never_replaces_a_special_file_with_its_report needs root: skipped"
            );
        }
    }
    for (dest, what) in &dests {
        let before = fs::symlink_metadata(dest).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"))
            .args([
                "link",
                "--linker",
                env!("CARGO_BIN_EXE_xlinkdiag-fake-linker"),
                "--",
                "-o",
                "app",
            ])
            .arg(&input)
            .env("FAKE_LINKER_EXIT", "1")
            .env(
                "FAKE_LINKER_STDERR",
                format!(
                    "ld: {}: error adding symbols: file in wrong format\n",
                    input.display()
                ),
            )
            .env_remove("GITHUB_ACTIONS")
            .env("XLINKDIAG_REPORT", dest)
            .env("XLINKDIAG_BUDGET_MS", "20000")
            .current_dir(&t.0)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{dest:?}: {}", stderr(&out));
        let err = stderr(&out);
        let line = err
            .lines()
            .find(|l| l.contains("could not write the JSON report"))
            .unwrap_or_else(|| panic!("{dest:?}: no word of the report\n{err}"));
        assert!(line.contains(what), "{dest:?}: {line}");
        let after = fs::symlink_metadata(dest).unwrap();
        assert_eq!(
            (after.ino(), after.file_type()),
            (before.ino(), before.file_type()),
            "{dest:?} was replaced"
        );
    }
    // The real /dev/null is still a character device (it was never the destination).
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}
