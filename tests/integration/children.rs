// Tests read the environment directly: the env door is for the tool.
#![allow(clippy::disallowed_methods)]
//! The programs xlinkdiag runs (issue 11, item 7): a compiler that leaves a background child
//! holding its output pipe, or a linker that hangs on `-dumpmachine`, must not hold doctor
//! or the shim past their limits, and nothing they started may be left running: not at the
//! deadline, and not when the engine or the shim is killed during the diagnosis (issue 19).
#![cfg(target_os = "linux")]

use crate::support;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use support::TempDir;

const XLINKDIAG: &str = env!("CARGO_BIN_EXE_xlinkdiag");

/// A `sleep` under a path no other process has (the temp dir is unique), so that `/proc`
/// tells whether it survived.
fn sleeper(dir: &TempDir) -> PathBuf {
    let path = dir.path("xlinkdiag-sleeper");
    std::os::unix::fs::symlink(which("sleep"), &path).unwrap();
    path
}

fn which(tool: &str) -> PathBuf {
    std::env::split_paths(&std::env::var_os("PATH").unwrap())
        .map(|d| d.join(tool))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("no {tool} in PATH"))
}

/// Held while a script is written and while a test spawns: a fork in one test while
/// another holds a script open for writing makes its exec fail with ETXTBSY.
static SPAWNING: Mutex<()> = Mutex::new(());

fn script(dir: &TempDir, name: &str, body: &str) -> PathBuf {
    let _guard = SPAWNING.lock().unwrap_or_else(|e| e.into_inner());
    let path = dir.path(name);
    fs::write(&path, format!("#!/bin/sh\n{body}")).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// Processes (pid, command line) whose command line holds `marker`, after giving killed
/// ones a moment to go.
fn survivors(marker: &Path) -> Vec<(u32, String)> {
    let marker = marker.to_string_lossy().into_owned();
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let found: Vec<(u32, String)> = fs::read_dir("/proc")
            .unwrap()
            .flatten()
            .filter_map(|e| {
                let pid = e.file_name().to_str()?.parse().ok()?;
                let cmdline = fs::read(e.path().join("cmdline")).ok()?;
                Some((pid, String::from_utf8_lossy(&cmdline).replace('\0', " ")))
            })
            .filter(|(_, c)| c.contains(&marker))
            .collect();
        if found.is_empty() || Instant::now() > deadline {
            return found;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn run_timed(cmd: &mut Command) -> (Output, Duration) {
    let started = Instant::now();
    let child = {
        let _guard = SPAWNING.lock().unwrap_or_else(|e| e.into_inner());
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let out = child.wait_with_output().unwrap();
    (out, started.elapsed())
}

/// Kills, by pid, the sleepers a failed run left (they must not outlive the test).
fn kill_leftovers(left: &[(u32, String)]) {
    for (pid, _) in left {
        // SAFETY: a plain syscall on a process this test started (its name is unique).
        unsafe {
            libc::kill(*pid as libc::pid_t, libc::SIGKILL);
        }
    }
}

#[test]
fn doctor_is_not_held_by_a_background_child_holding_the_pipe() {
    let dir = TempDir::new("children-doctor");
    let sleeper = sleeper(&dir);
    // Answers every probe at once, but leaves a child holding stdout and stderr for 100 s.
    let cc = script(
        &dir,
        "mips-linux-gnu-gcc",
        &format!(
            "( {} 100 & )\ncase \"$*\" in *-dumpmachine*) echo mips-linux-gnu;; *--version*) echo 'gcc 12';; *) exit 1;; esac\n",
            sleeper.display()
        ),
    );
    let cc = cc.to_str().unwrap();
    let (out, took) = run_timed(
        Command::new(XLINKDIAG)
            .args([
                "doctor",
                "--target",
                "mips-unknown-linux-musl",
                "--format",
                "json",
            ])
            .current_dir(&dir.0)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap())
            .env("CARGO_HOME", dir.path("cargo-home"))
            .env("CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER", cc)
            .env("CC_mips_unknown_linux_musl", cc)
            .env("AR_mips_unknown_linux_musl", cc),
    );
    let left = survivors(&sleeper);
    kill_leftovers(&left);
    assert!(
        took < Duration::from_secs(20),
        "doctor took {took:?}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(left.is_empty(), "left running: {left:?}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    assert!(
        doc["checks"].as_array().is_some_and(|c| !c.is_empty()),
        "{doc:#}"
    );
}

#[test]
fn a_linker_hanging_on_dumpmachine_is_killed_with_its_children() {
    let dir = TempDir::new("children-shim");
    let sleeper = sleeper(&dir);
    // A driver name, so the diagnosis asks it `-dumpmachine`; it then waits on a child
    // forever. The link itself fails at once.
    let gcc = script(
        &dir,
        "mips-linux-gnu-gcc",
        &format!(
            "case \"$*\" in *-dumpmachine*) {} 1000; echo never;; *) echo 'ld: cannot find -lfoo' >&2; exit 1;; esac\n",
            sleeper.display()
        ),
    );
    fs::write(dir.path("a.o"), b"").unwrap();
    let (out, took) = run_timed(
        Command::new(XLINKDIAG)
            .arg("link")
            .arg("--linker")
            .arg(&gcc)
            .args(["--", "a.o", "-lfoo", "-o", "app"])
            .current_dir(&dir.0)
            // The query's deadline is 3/4 of the budget: the last quarter (1.5 s) leaves the
            // rest of the diagnosis room to say so on a loaded machine.
            .env("XLINKDIAG_BUDGET_MS", "6000")
            .env_remove("XLINKDIAG_REPORT")
            .env_remove("GITHUB_ACTIONS"),
    );
    let left = survivors(&sleeper);
    kill_leftovers(&left);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.starts_with("ld: cannot find -lfoo"), "{said}");
    assert!(
        took < Duration::from_secs(10),
        "the link took {took:?}\n{said}"
    );
    assert!(left.is_empty(), "left running: {left:?}\n{said}");
    // Issue 19: said, not dropped without a word.
    assert!(
        said.contains("xlinkdiag: note: the linker")
            && said.contains("did not answer `-dumpmachine` within"),
        "{said}"
    );
}

/// The diagnosis's processes: the engine (`__diagnose-link`, started by the front) and its
/// `-dumpmachine` query of `gcc`, identified by the test's unique paths.
fn engine_of(gcc: &Path) -> Option<u32> {
    let gcc = gcc.to_string_lossy().into_owned();
    fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid = e.file_name().to_str()?.parse().ok()?;
        let cmdline = fs::read(e.path().join("cmdline")).ok()?;
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        (cmdline.contains("__diagnose-link") && cmdline.contains(&gcc)).then_some(pid)
    })
}

/// A failing link whose linker, asked `-dumpmachine` by the diagnosis, starts a child and
/// waits on it; returns the running shim once that child (the sleeper) runs.
fn diagnosis_with_a_hung_probe(dir: &TempDir, sleeper: &Path) -> (std::process::Child, PathBuf) {
    let gcc = script(
        dir,
        "mips-linux-gnu-gcc",
        &format!(
            "case \"$*\" in *-dumpmachine*) {} 1000; echo never;; *) echo 'ld: cannot find -lfoo' >&2; exit 1;; esac\n",
            sleeper.display()
        ),
    );
    fs::write(dir.path("a.o"), b"").unwrap();
    let child = {
        let _guard = SPAWNING.lock().unwrap_or_else(|e| e.into_inner());
        Command::new(XLINKDIAG)
            .arg("link")
            .arg("--linker")
            .arg(&gcc)
            .args(["--", "a.o", "-lfoo", "-o", "app"])
            .current_dir(&dir.0)
            // Far longer than the test: only the signal ends the diagnosis.
            .env("XLINKDIAG_BUDGET_MS", "60000")
            .env_remove("XLINKDIAG_REPORT")
            .env_remove("GITHUB_ACTIONS")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while survivors_now(sleeper).is_empty() {
        assert!(Instant::now() < deadline, "the probe's child never ran");
        std::thread::sleep(Duration::from_millis(20));
    }
    (child, gcc)
}

/// Processes whose command line holds `marker`, now.
fn survivors_now(marker: &Path) -> Vec<u32> {
    let marker = marker.to_string_lossy().into_owned();
    fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let pid = e.file_name().to_str()?.parse().ok()?;
            let cmdline = fs::read(e.path().join("cmdline")).ok()?;
            String::from_utf8_lossy(&cmdline)
                .contains(&marker)
                .then_some(pid)
        })
        .collect()
}

/// Issue 19: SIGTERM to the engine while its `-dumpmachine` query waits on a child: the
/// query's whole group goes with the engine (the parent-death signal alone reaches only the
/// query, never its child), and the link keeps its status.
#[test]
fn sigterm_to_the_engine_kills_the_probes_children() {
    let dir = TempDir::new("children-term-engine");
    let sleeper = sleeper(&dir);
    let (child, gcc) = diagnosis_with_a_hung_probe(&dir, &sleeper);
    let engine = engine_of(&gcc).expect("the engine runs the diagnosis");
    // SAFETY: a plain syscall on the engine this test's link started.
    unsafe { libc::kill(engine as libc::pid_t, libc::SIGTERM) };
    let out = child.wait_with_output().unwrap();
    let left = survivors(&sleeper);
    kill_leftovers(&left);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.starts_with("ld: cannot find -lfoo"), "{said}");
    assert!(left.is_empty(), "left running: {left:?}\n{said}");
}

/// Issue 19: the shim itself killed during the diagnosis (cargo interrupted): the engine
/// hears it (SIGTERM as its parent-death signal) and takes its queries' groups with it.
#[test]
fn the_shim_killed_during_the_diagnosis_leaves_nothing_running() {
    let dir = TempDir::new("children-term-front");
    let sleeper = sleeper(&dir);
    let (mut child, gcc) = diagnosis_with_a_hung_probe(&dir, &sleeper);
    let engine = engine_of(&gcc).expect("the engine runs the diagnosis");
    // SAFETY: a plain syscall on the shim this test started.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let _ = child.wait();
    let left = survivors(&sleeper);
    kill_leftovers(&left);
    assert!(left.is_empty(), "left running: {left:?}");
    let deadline = Instant::now() + Duration::from_secs(5);
    while Path::new(&format!("/proc/{engine}/cmdline")).exists()
        && fs::read(format!("/proc/{engine}/cmdline")).is_ok_and(|c| !c.is_empty())
    {
        assert!(
            Instant::now() < deadline,
            "the engine {engine} outlived the shim"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
