// Tests read the environment directly: the env door is for the tool.
#![allow(clippy::disallowed_methods)]
//! Temp files after a kill (issue 19): strace's fault injection holds the engine's rename up
//! so that the shim's budget kills it while a report's temp file exists. Needs strace.
#![cfg(unix)]

use std::fs;
use std::process::{Command, Stdio};

use crate::skips::require;
use crate::support::failed_link::{failed_link, rlib, said, seed};

/// Issue 19: the engine killed at the shim's budget while a report's temp file exists (its
/// rename held up 3 s by strace's fault injection, so that the kill lands there) leaves no
/// temp file: told to stop, the engine removes it itself.
#[test]
fn no_temp_file_is_left_when_the_engine_is_killed_at_its_budget() {
    killed_while_writing("temp-at-budget", &[]);
}

/// Issue 19: the same when the engine cannot clean up (its handlers never installed: strace
/// makes every `rt_sigaction` a no-op, so SIGTERM ends it at once): the front removes the
/// temp files of the engine it killed, from the dirs the engine said it would write into.
#[test]
fn the_front_removes_the_temp_files_of_an_engine_that_could_not() {
    killed_while_writing("temp-front-cleans", &["-e", "inject=rt_sigaction:retval=0"]);
}

fn killed_while_writing(tag: &str, strace_more: &[&str]) {
    if !require(tag, "strace") {
        return;
    }
    let s = seed(tag);
    let report_dir = s.target.parent().unwrap().join("reports");
    fs::create_dir_all(&report_dir).unwrap();
    let report = report_dir.join("report.json");
    let inputs = [rlib(&s.target, "libminiz_sys-91d993c679b7024d.rlib")];
    let cmd = failed_link(&inputs, Some(&report));
    let shim_cmd: Vec<std::ffi::OsString> = std::iter::once(cmd.get_program().to_owned())
        .chain(cmd.get_args().map(|a| a.to_owned()))
        .collect();
    let envs: Vec<(std::ffi::OsString, Option<std::ffi::OsString>)> = cmd
        .get_envs()
        .map(|(k, v)| (k.to_owned(), v.map(|v| v.to_owned())))
        .collect();
    let mut traced = Command::new("strace");
    traced
        .args(["-f", "-qq", "-o", "/dev/null"])
        .args(["-e", "inject=rename,renameat,renameat2:delay_enter=3000000"])
        .args(strace_more)
        .args(&shim_cmd);
    for (k, v) in envs {
        match v {
            Some(v) => traced.env(k, v),
            None => traced.env_remove(k),
        };
    }
    let started = std::time::Instant::now();
    let out = traced
        .env("XLINKDIAG_BUDGET_MS", "1500")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(
        said(&out).contains("diagnosis skipped: it took longer than 1500 ms"),
        "the budget cut the write: {}",
        said(&out)
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    // The kill landed while the temp file existed: its rename never happened.
    assert!(!report.exists(), "the report was written after all");
    let mut left = Vec::new();
    for d in [&report_dir, &s.target.join("xlinkdiag")] {
        for e in fs::read_dir(d).into_iter().flatten().flatten() {
            if e.file_name().to_string_lossy().ends_with(".tmp") {
                left.push(e.path());
            }
        }
    }
    assert!(left.is_empty(), "temp files left: {left:?}\n{}", said(&out));
}
