// Tests and the test double read the environment directly: the env door is for the tool.
#![allow(clippy::disallowed_methods)]
//! Process-level tests of the linker shim (issue 3; the guarantees G1–G10 are listed in
//! src/shim/mod.rs), with the fake linker `xlinkdiag-fake-linker` standing in for the real one.
//! The ones in front of the build machine's own `cc` are in tests/e2e/host_cc.rs.
#![cfg(unix)]

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::fs::symlink;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const SHIM: &str = env!("CARGO_BIN_EXE_xlinkdiag");
const FAKE: &str = env!("CARGO_BIN_EXE_xlinkdiag-fake-linker");

use crate::support::TempDir as TestDir;

/// What the fake linker saw.
#[derive(Debug, Default)]
struct Record {
    cwd: PathBuf,
    pid: i32,
    argv0: OsString,
    args: Vec<OsString>,
    env: Vec<OsString>,
}

fn read_records(file: &Path) -> Vec<Record> {
    let bytes = std::fs::read(file).unwrap_or_default();
    let mut records = Vec::new();
    let mut current = Record::default();
    for entry in bytes.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let colon = entry.iter().position(|&b| b == b':').unwrap();
        let (tag, value) = (&entry[..colon], entry[colon + 1..].to_vec());
        match tag {
            b"cwd" => current.cwd = OsString::from_vec(value).into(),
            b"pid" => current.pid = String::from_utf8(value).unwrap().parse().unwrap(),
            b"argv0" => current.argv0 = OsString::from_vec(value),
            b"arg" => current.args.push(OsString::from_vec(value)),
            b"env" => current.env.push(OsString::from_vec(value)),
            b"end" => records.push(std::mem::take(&mut current)),
            _ => panic!("unknown record entry"),
        }
    }
    records
}

/// A hermetic environment: nothing but what the test sets.
fn base_command(program: impl AsRef<OsStr>, dir: &TestDir) -> Command {
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("FAKE_LINKER_RECORD", dir.path("record"))
        .current_dir(&dir.0)
        .stdin(Stdio::null());
    cmd
}

/// `xlinkdiag ARGS…` with `XLINKDIAG_LINKER` = the fake linker.
fn shim(dir: &TestDir, args: &[&OsStr]) -> Command {
    let mut cmd = base_command(SHIM, dir);
    cmd.env("XLINKDIAG_LINKER", FAKE).args(args);
    cmd
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

fn stderr_text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn argv_is_forwarded_byte_exact() {
    let dir = TestDir::new("argv");
    std::fs::write(dir.path("resp"), "-o 'out file' a.o\n").unwrap();
    let args: Vec<&OsStr> = vec![
        os("-m64"),
        OsStr::from_bytes(b"-Wl,-rpath,/opt/\xff\xfe/lib"),
        os("@resp"),
        os(""),
        os("two words"),
        os("\"quoted\" 'single' back\\slash"),
        os("-o"),
        os("out"),
    ];
    let out = shim(&dir, &args).output().unwrap();
    assert!(out.status.success(), "{}", stderr_text(&out));
    let records = read_records(&dir.path("record"));
    assert_eq!(records.len(), 1);
    let expected: Vec<OsString> = args.iter().map(|a| a.to_os_string()).collect();
    assert_eq!(records[0].args, expected);
    assert_eq!(records[0].argv0, OsString::from(FAKE));
    assert_eq!(
        std::fs::canonicalize(&records[0].cwd).unwrap(),
        std::fs::canonicalize(&dir.0).unwrap()
    );
}

#[test]
fn streams_pass_through() {
    let dir = TestDir::new("streams");
    let mut child = shim(&dir, &[os("-m64"), os("a.o")])
        .env("FAKE_LINKER_STDOUT", "out line\n")
        .env(
            "FAKE_LINKER_STDERR",
            "warning: err line\n\x1b[1mbold\x1b[0m\n",
        )
        .env("FAKE_LINKER_STDIN_RECORD", dir.path("stdin"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"input \x00 bytes").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout, b"out line\n");
    // Silent on success: exactly the linker's own stderr, escapes and all.
    assert_eq!(out.stderr, b"warning: err line\n\x1b[1mbold\x1b[0m\n");
    assert_eq!(
        std::fs::read(dir.path("stdin")).unwrap(),
        b"input \x00 bytes"
    );
}

#[test]
fn exit_code_is_mirrored() {
    let dir = TestDir::new("exit");
    for code in [0, 1, 3, 77, 255] {
        let out = shim(&dir, &[os("-m64"), os("a.o")])
            .env("FAKE_LINKER_EXIT", code.to_string())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{}", stderr_text(&out));
    }
}

#[test]
fn failure_keeps_the_linker_words_first() {
    let dir = TestDir::new("failure");
    let linker_says = "ld: a.o: error adding symbols: file in wrong format\ncollect2: error: ld returned 1 exit status\n";
    let out = shim(&dir, &[os("-m64"), os("a.o"), os("-o"), os("a")])
        .env("FAKE_LINKER_STDERR", linker_says)
        .env("FAKE_LINKER_EXIT", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stderr_text(&out);
    assert!(text.starts_with(linker_says), "{text}");
    // Whatever the diagnosis adds comes after, every line of it prefixed.
    for line in text[linker_says.len()..].lines() {
        assert!(line.starts_with("xlinkdiag:"), "{line}");
    }
}

#[test]
fn linker_signal_is_reraised() {
    let dir = TestDir::new("signal");
    for signal in [libc::SIGINT, libc::SIGKILL, libc::SIGTERM] {
        let out = shim(&dir, &[os("-m64"), os("a.o")])
            .env("FAKE_LINKER_SIGNAL", signal.to_string())
            .output()
            .unwrap();
        assert_eq!(
            out.status.signal(),
            Some(signal),
            "{:?} {}",
            out.status,
            stderr_text(&out)
        );
    }
}

#[test]
fn sigterm_to_the_shim_reaches_the_linker() {
    forwarded_signal_reaches_the_linker(libc::SIGTERM);
}

/// Issue 11: SIGQUIT is forwarded like the others.
#[test]
fn sigquit_to_the_shim_reaches_the_linker() {
    forwarded_signal_reaches_the_linker(libc::SIGQUIT);
}

fn forwarded_signal_reaches_the_linker(signal: libc::c_int) {
    let dir = TestDir::new(&format!("forward-{signal}"));
    let mut cmd = shim(&dir, &[os("-m64"), os("a.o")]);
    cmd.env("FAKE_LINKER_SLEEP_MS", "10000")
        .stderr(Stdio::piped());
    // SIGQUIT's default action dumps core; no core files from this test.
    // SAFETY: setrlimit is async-signal-safe.
    unsafe {
        cmd.pre_exec(|| {
            let none = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            libc::setrlimit(libc::RLIMIT_CORE, &none);
            Ok(())
        });
    }
    let child = cmd.spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    // Until the fake linker has recorded itself, it may not be running yet.
    for _ in 0..100 {
        if !read_records(&dir.path("record")).is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(50));
    // SAFETY: signalling our own child.
    unsafe { libc::kill(pid, signal) };
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.signal(), Some(signal), "{}", stderr_text(&out));
    // The linker itself got it: it is not left sleeping behind the shim.
    let linker = read_records(&dir.path("record"))[0].pid;
    let gone = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(10));
        !Path::new(&format!("/proc/{linker}")).exists()
            || std::fs::read_to_string(format!("/proc/{linker}/stat"))
                .is_ok_and(|s| s.contains(") Z "))
    });
    assert!(gone, "the linker {linker} is still running");
}

/// Issue 11: the linker starts with the signal mask and dispositions the shim was given, as
/// when it runs directly: on the failing (diagnosing) path, the successful one and the
/// pass-through alike. Run through the shim, glibc's posix_spawn used to start the linker with
/// its internal signals 32 and 33 ignored, and Rust's `Command` with an empty mask.
#[test]
fn linker_starts_with_the_signal_state_the_shim_was_given() {
    let dir = TestDir::new("sigstate");
    let linker = dir.path("linker");
    // awk reads its own /proc entry, as exec'd by the script: the shell itself blocks every
    // signal while it forks a child, so a child cannot read the shell's state.
    std::fs::write(
        &linker,
        "#!/bin/sh\nexec awk '/^Sig[BI]/ { print > ENVIRON[\"SIG_OUT\"] } \
         END { exit ENVIRON[\"SIG_EXIT\"] }' /proc/self/status\n",
    )
    .unwrap();
    std::fs::set_permissions(&linker, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let run = |program: &OsStr, args: &[&str], tag: &str, exit: &str| -> String {
        let out_file = dir.path(tag);
        let mut cmd = base_command(program, &dir);
        cmd.env("XLINKDIAG_LINKER", &linker)
            .env("XLINKDIAG_BUDGET_MS", "200")
            .env("SIG_OUT", &out_file)
            .env("SIG_EXIT", exit)
            .args(args);
        // A known start: everything default (32 and 33 through the kernel, which glibc's
        // sigaction refuses), then a few ignored and a few blocked, as a parent may leave them.
        // SAFETY: only async-signal-safe calls on local data.
        unsafe {
            cmd.pre_exec(|| {
                let default = [0u64; 4];
                for signal in 1..=64 {
                    if signal != libc::SIGKILL && signal != libc::SIGSTOP {
                        libc::syscall(
                            libc::SYS_rt_sigaction,
                            signal,
                            default.as_ptr(),
                            std::ptr::null_mut::<u64>(),
                            8usize,
                        );
                    }
                }
                for signal in [libc::SIGQUIT, libc::SIGPIPE, libc::SIGUSR1] {
                    libc::signal(signal, libc::SIG_IGN);
                }
                let mut set: libc::sigset_t = std::mem::zeroed();
                libc::sigemptyset(&mut set);
                libc::sigaddset(&mut set, libc::SIGUSR2);
                libc::sigaddset(&mut set, libc::SIGWINCH);
                libc::pthread_sigmask(libc::SIG_SETMASK, &set, std::ptr::null_mut());
                Ok(())
            });
        }
        let out = cmd.output().unwrap();
        std::fs::read_to_string(&out_file)
            .unwrap_or_else(|e| panic!("{tag}: no record ({e}): {}", stderr_text(&out)))
    };
    let direct = run(linker.as_os_str(), &[], "direct", "1");
    // SIGQUIT, SIGUSR1 and SIGPIPE ignored; SIGUSR2 and SIGWINCH blocked.
    assert_eq!(
        direct, "SigBlk:\t0000000008000800\nSigIgn:\t0000000000001204\n",
        "the test's own setup"
    );
    let link = ["-m64", "a.o", "-o", "x"];
    for (args, tag, exit) in [
        (&link[..], "failing", "1"),
        (&link[..], "succeeding", "0"),
        (&["-dumpmachine"][..], "pass-through", "0"),
    ] {
        assert_eq!(run(OsStr::new(SHIM), args, tag, exit), direct, "{tag}");
    }
}

#[test]
fn environment_untouched_but_the_hop_counter() {
    let dir = TestDir::new("env");
    let out = shim(&dir, &[os("-m64"), os("a.o")])
        .env("FOO", "bar")
        .env(OsStr::new("RAW"), OsStr::from_bytes(b"\xff value"))
        .env("CARGO_ENCODED_RUSTFLAGS", "-Clink-arg=x\x1f-Cfoo")
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut expected: Vec<OsString> = vec![
        "FOO=bar".into(),
        OsString::from_vec(b"RAW=\xff value".to_vec()),
        "CARGO_ENCODED_RUSTFLAGS=-Clink-arg=x\x1f-Cfoo".into(),
        format!("XLINKDIAG_LINKER={FAKE}").into(),
        format!("FAKE_LINKER_RECORD={}", dir.path("record").display()).into(),
        "XLINKDIAG_DEPTH=1".into(),
    ];
    let mut path = OsString::from("PATH=");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    expected.push(path);
    expected.sort();
    let records = read_records(&dir.path("record"));
    assert_eq!(records[0].env, expected);
}

#[test]
fn disable_is_pure_pass_through() {
    let dir = TestDir::new("disable");
    let out = shim(&dir, &[os("-m64"), os("a.o")])
        .env("XLINKDIAG_DISABLE", "1")
        .env("FAKE_LINKER_STDERR", "ld: cannot find -lfoo\n")
        .env("FAKE_LINKER_EXIT", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(out.stderr, b"ld: cannot find -lfoo\n");
    assert_eq!(
        read_records(&dir.path("record"))[0].args,
        vec!["-m64", "a.o"]
    );
}

#[test]
fn linker_that_is_the_shim_is_refused() {
    let dir = TestDir::new("self");
    let via_link = dir.path("my-ld");
    symlink(SHIM, &via_link).unwrap();
    for linker in [PathBuf::from(SHIM), via_link] {
        let out = shim(&dir, &[os("-m64"), os("a.o")])
            .env("XLINKDIAG_LINKER", &linker)
            .output()
            .unwrap();
        let text = stderr_text(&out);
        assert_eq!(out.status.code(), Some(126), "{text}");
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(
            text.starts_with("xlinkdiag: ") && text.contains("xlinkdiag itself"),
            "{text}"
        );
    }
}

#[test]
fn hop_counter_stops_a_loop() {
    let dir = TestDir::new("hops");
    // A wrapper that calls the shim again: invisible to the self-check, caught by the counter.
    let wrapper = dir.path("wrapper.sh");
    std::fs::write(&wrapper, format!("#!/bin/sh\nexec '{SHIM}' \"$@\"\n")).unwrap();
    std::fs::set_permissions(
        &wrapper,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let out = shim(&dir, &[os("-m64"), os("a.o")])
        .env("XLINKDIAG_LINKER", &wrapper)
        .output()
        .unwrap();
    let text = stderr_text(&out);
    assert_eq!(out.status.code(), Some(126), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("XLINKDIAG_DEPTH"), "{text}");
}

#[test]
fn missing_real_linker_is_one_line() {
    let dir = TestDir::new("missing");
    let out = base_command(SHIM, &dir)
        .args(["-m64", "a.o"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(127));
    assert_eq!(
        stderr_text(&out),
        "xlinkdiag: cannot find the real linker: set XLINKDIAG_LINKER=/path/to/linker\n"
    );

    let shim_dir = dir.mkdir("shim");
    symlink(SHIM, shim_dir.join("mips-openwrt-linux-gcc")).unwrap();
    let out = base_command(shim_dir.join("mips-openwrt-linux-gcc"), &dir)
        .env("PATH", &shim_dir)
        .args(["a.o", "-o", "a"])
        .output()
        .unwrap();
    let text = stderr_text(&out);
    assert_eq!(out.status.code(), Some(127), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.contains("`mips-openwrt-linux-gcc`") && text.contains("XLINKDIAG_LINKER"),
        "{text}"
    );
}

/// `shimdir/mips-openwrt-linux-gcc` → xlinkdiag, `realdir/mips-openwrt-linux-gcc` → fake.
fn linker_named_layout(dir: &TestDir) -> (PathBuf, PathBuf) {
    let shim_dir = dir.mkdir("shimdir");
    let real_dir = dir.mkdir("realdir");
    symlink(SHIM, shim_dir.join("mips-openwrt-linux-gcc")).unwrap();
    symlink(FAKE, real_dir.join("mips-openwrt-linux-gcc")).unwrap();
    (shim_dir, real_dir)
}

#[test]
fn argv0_dispatch_finds_the_next_linker_in_path() {
    let dir = TestDir::new("argv0");
    let (shim_dir, real_dir) = linker_named_layout(&dir);
    let path = std::env::join_paths([&shim_dir, &shim_dir, &real_dir]).unwrap();
    // Started by name through PATH, and by full path.
    for program in [
        PathBuf::from("mips-openwrt-linux-gcc"),
        shim_dir.join("mips-openwrt-linux-gcc"),
    ] {
        let _ = std::fs::remove_file(dir.path("record"));
        let out = base_command(&program, &dir)
            .env("PATH", &path)
            .args(["scan", "-o", "a"])
            .env("FAKE_LINKER_EXIT", "2")
            .env("FAKE_LINKER_STDERR", "ld: boom\n")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stderr_text(&out));
        assert!(stderr_text(&out).starts_with("ld: boom\n"));
        // The diagnosis of the failed link may ask the driver about itself
        // (-dumpmachine, -print-sysroot); the link itself ran once.
        let records: Vec<_> = read_records(&dir.path("record"))
            .into_iter()
            .filter(|r| {
                !r.args
                    .iter()
                    .any(|a| a == "-dumpmachine" || a.to_string_lossy().starts_with("-print-"))
            })
            .collect();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].argv0, real_dir.join("mips-openwrt-linux-gcc"));
        assert_eq!(records[0].args, vec!["scan", "-o", "a"]);
    }
}

#[test]
fn argv0_dispatch_uses_the_pin_of_shim_install() {
    let dir = TestDir::new("pin");
    let (shim_dir, real_dir) = linker_named_layout(&dir);
    std::fs::create_dir(shim_dir.join(".xlinkdiag-real")).unwrap();
    symlink(
        real_dir.join("mips-openwrt-linux-gcc"),
        shim_dir.join(".xlinkdiag-real/mips-openwrt-linux-gcc"),
    )
    .unwrap();
    // The real linker is not in PATH at all.
    let out = base_command(shim_dir.join("mips-openwrt-linux-gcc"), &dir)
        .env("PATH", &shim_dir)
        .args(["a.o", "-o", "a"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_text(&out));
    let records = read_records(&dir.path("record"));
    assert_eq!(records[0].argv0, real_dir.join("mips-openwrt-linux-gcc"));
}

#[test]
fn compiles_and_queries_pass_through_silently() {
    let dir = TestDir::new("nolink");
    let (shim_dir, real_dir) = linker_named_layout(&dir);
    let path = std::env::join_paths([&shim_dir, &real_dir]).unwrap();
    for args in [
        &["-c", "x.c", "-o", "x.o"][..],
        &["-dumpmachine"][..],
        &["--version"][..],
    ] {
        let out = base_command("mips-openwrt-linux-gcc", &dir)
            .env("PATH", &path)
            .args(args)
            .env("FAKE_LINKER_STDOUT", "mips-openwrt-linux-musl\n")
            .env("FAKE_LINKER_STDERR", "x.c:1: error: oops\n")
            .env("FAKE_LINKER_EXIT", "1")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(out.stdout, b"mips-openwrt-linux-musl\n");
        assert_eq!(out.stderr, b"x.c:1: error: oops\n", "{args:?}");
    }
}

#[test]
fn tool_words_are_not_linker_calls() {
    let dir = TestDir::new("words");
    // `xlinkdiag PATH…` is a scan, never a link, even with XLINKDIAG_LINKER set.
    std::fs::write(dir.path("a.o"), "").unwrap();
    std::fs::write(dir.path("b.o"), "").unwrap();
    shim(&dir, &[os("a.o")]).output().unwrap();
    shim(&dir, &[os("a.o"), os("b.o")]).output().unwrap();
    shim(&dir, &[os("scan"), os("-m64")]).output().unwrap();
    shim(&dir, &[os("--help")]).output().unwrap();
    assert!(read_records(&dir.path("record")).is_empty());
}

/// Issue 11: a line whose first word is a plain object (`-Z pre-link-arg=start.o`) is a link,
/// run as given; the same words without a linker option are still a scan.
#[test]
fn a_line_starting_with_an_object_is_a_link() {
    let dir = TestDir::new("object-first");
    std::fs::write(dir.path("start.o"), "").unwrap();
    let line = [
        "start.o",
        "/tmp/rustcX/symbols.o",
        "app.app.0.rcgu.o",
        "-Wl,--as-needed",
        "-nodefaultlibs",
        "-o",
        "app",
    ];
    let args: Vec<&OsStr> = line.iter().map(|a| os(a)).collect();
    let out = shim(&dir, &args).output().unwrap();
    assert!(out.status.success(), "{}", stderr_text(&out));
    let records = read_records(&dir.path("record"));
    assert_eq!(records.len(), 1, "{}", stderr_text(&out));
    assert_eq!(records[0].args, line.map(OsString::from));
    // The same object alone is a scan.
    let before = records.len();
    shim(&dir, &[os("start.o")]).output().unwrap();
    assert_eq!(read_records(&dir.path("record")).len(), before);
}

#[test]
fn link_subcommand_runs_the_given_linker() {
    let dir = TestDir::new("linksub");
    let out = base_command(SHIM, &dir)
        .args([
            os("link"),
            os("--linker"),
            os(FAKE),
            os("--"),
            os("a.o"),
            OsStr::from_bytes(b"\xff"),
        ])
        .env("FAKE_LINKER_EXIT", "4")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr_text(&out));
    assert_eq!(
        read_records(&dir.path("record"))[0].args,
        vec![OsString::from("a.o"), OsString::from_vec(vec![0xff])]
    );
}

/// A copy of the front alone in `dir/front/`, with `engine` (a shell script, or nothing) as
/// its `xlinkdiag-engine` sibling; PATH holds no engine.
fn front_with_engine(dir: &TestDir, engine: Option<&str>) -> PathBuf {
    let front_dir = dir.mkdir("front");
    let front = front_dir.join("xlinkdiag");
    std::fs::copy(SHIM, &front).unwrap();
    if let Some(script) = engine {
        let path = front_dir.join("xlinkdiag-engine");
        std::fs::write(&path, script).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    front
}

/// A failing link through `front`; returns the output and how long it took.
fn failing_link(dir: &TestDir, front: &Path, budget_ms: &str) -> (Output, Duration) {
    let started = std::time::Instant::now();
    let out = base_command(front, dir)
        .env("PATH", "/usr/bin:/bin")
        .env("XLINKDIAG_LINKER", FAKE)
        .env("XLINKDIAG_BUDGET_MS", budget_ms)
        .env("FAKE_LINKER_STDERR", "ld: cannot find -lfoo\n")
        .env("FAKE_LINKER_EXIT", "3")
        .args(["-m64", "a.o", "-lfoo"])
        .output()
        .unwrap();
    (out, started.elapsed())
}

#[test]
fn missing_engine_costs_one_line_not_the_status() {
    let dir = TestDir::new("engine-missing");
    let front = front_with_engine(&dir, None);
    let (out, _) = failing_link(&dir, &front, "10000");
    assert_eq!(out.status.code(), Some(3));
    let text = stderr_text(&out);
    assert!(text.starts_with("ld: cannot find -lfoo\n"), "{text}");
    let extra: Vec<&str> = text["ld: cannot find -lfoo\n".len()..].lines().collect();
    assert_eq!(extra.len(), 1, "{text}");
    assert!(
        extra[0].starts_with("xlinkdiag: diagnosis skipped: cannot find xlinkdiag-engine"),
        "{text}"
    );
    // Every other use of the tool needs the engine, and says so.
    let out = base_command(&front, &dir)
        .env("PATH", "/usr/bin:/bin")
        .args(["scan", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_text(&out).starts_with("xlinkdiag: cannot find xlinkdiag-engine"),
        "{}",
        stderr_text(&out)
    );
}

#[test]
fn crashing_engine_costs_one_line_not_the_status() {
    let dir = TestDir::new("engine-crash");
    let front = front_with_engine(&dir, Some("#!/bin/sh\necho partial\nkill -SEGV $$\n"));
    let (out, _) = failing_link(&dir, &front, "10000");
    assert_eq!(out.status.code(), Some(3));
    let text = stderr_text(&out);
    let extra: Vec<&str> = text["ld: cannot find -lfoo\n".len()..].lines().collect();
    assert_eq!(extra.len(), 1, "{text}");
    assert!(
        extra[0].starts_with("xlinkdiag: diagnosis skipped: xlinkdiag-engine")
            && extra[0].contains("SIGSEGV"),
        "{text}"
    );
}

#[test]
#[cfg(target_os = "linux")]
fn hung_engine_is_cut_off_at_the_budget_and_killed() {
    let dir = TestDir::new("engine-hang");
    let pid_file = dir.path("engine.pid");
    let script = format!(
        "#!/bin/sh\necho $$ > {}\nexec sleep 60\n",
        pid_file.display()
    );
    let front = front_with_engine(&dir, Some(&script));
    let (out, took) = failing_link(&dir, &front, "300");
    assert_eq!(out.status.code(), Some(3));
    assert!(took < Duration::from_secs(20), "took {took:?}");
    let text = stderr_text(&out);
    assert!(
        text.contains("xlinkdiag: diagnosis skipped: it took longer than 300 ms"),
        "{text}"
    );
    // The engine dies with the front instead of writing a report after the build moved on.
    let pid = std::fs::read_to_string(&pid_file).unwrap();
    let proc_dir = PathBuf::from(format!("/proc/{}", pid.trim()));
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while proc_dir.exists() && std::time::Instant::now() < deadline {
        // A zombie not yet reaped by init still has its /proc entry: look at its state.
        let state = std::fs::read_to_string(proc_dir.join("stat")).unwrap_or_default();
        if state.split_whitespace().nth(2) == Some("Z") {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let state = std::fs::read_to_string(proc_dir.join("stat")).unwrap_or_default();
    assert!(
        state.is_empty() || state.split_whitespace().nth(2) == Some("Z"),
        "the engine {} still runs: {state}",
        pid.trim()
    );
}

#[test]
fn shim_install_refuses_the_shim_as_its_own_linker() {
    // `shim install` runs in the engine; the front it would wrap is xlinkdiag all the same.
    let dir = TestDir::new("install-self");
    let via_link = dir.path("mips-linux-gnu-gcc");
    symlink(SHIM, &via_link).unwrap();
    let shims = dir.path("shims");
    let out = base_command(SHIM, &dir)
        .args([
            os("shim"),
            os("install"),
            os("--linker"),
            via_link.as_os_str(),
        ])
        .arg(&shims)
        .output()
        .unwrap();
    let text = stderr_text(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("is xlinkdiag itself"), "{text}");
    assert!(!shims.join("mips-linux-gnu-gcc").exists());
}
