// Tests read the environment directly: the env door is for the tool.
#![allow(clippy::disallowed_methods)]
//! Hostile names in every output (issue 11, item 6): a name holding a newline and a GitHub
//! workflow command, an OSC title sequence (`ESC ] 0;title BEL`), and C1 characters (as
//! UTF-8, and as a lone non-UTF-8 byte in a file name on disk) reach no output raw, in every
//! format of scan, annotate, doctor, env and the shim, and no output line can start a
//! workflow command of its own. Issue 19: nor bidi and other format characters, nor the
//! legacy `##[…]` workflow syntax anywhere in a line, and the Markdown leaves no bare address
//! for GitHub's autolinker.
#![cfg(unix)]

use crate::support;

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use support::{MIPS, TempDir};

const XLINKDIAG: &str = env!("CARGO_BIN_EXE_xlinkdiag");
const FAKE: &str = env!("CARGO_BIN_EXE_xlinkdiag-fake-linker");

/// The hostile part of every name: a line break then a workflow command, an OSC title
/// sequence, and C1 CSI and NEL; then (issue 19) bidi overrides and isolates, a zero-width
/// character, the legacy workflow syntax the runner finds anywhere in a line, and a www and
/// a mail address for Markdown's autolinker.
const EVIL: &str = "x\n::error::boom\x1b]0;title\x07\u{9b}31m\u{85}\u{202e}rtl\u{2066}iso\u{2069}\u{200b}\u{61c} ##[add-mask]s3cret ###[stop-commands]tok www.evil.example a@b.example";

/// Format characters (Unicode Cf) a renderer must show escaped.
fn is_format_char(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}' | '\u{2028}' | '\u{2029}')
}

fn testdata(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(rel)
}

/// No control character but newline (and tab) in `bytes`, none of C1 either as UTF-8 or as
/// a raw byte, and no line that is a workflow command.
fn assert_clean(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for (i, &b) in bytes.iter().enumerate() {
        let c1_utf8 = b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..0xa0).contains(n));
        let c1_raw = (0x80..0xa0).contains(&b) && (i == 0 || bytes[i - 1] != 0xc2);
        let c0 = (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f;
        // A raw C1 byte inside a longer UTF-8 sequence is a continuation byte, not C1.
        let continuation = c1_raw && i > 0 && bytes[i - 1] >= 0x80;
        assert!(
            !(c0 || c1_utf8 || (c1_raw && !continuation)),
            "{what}: raw control byte {b:#04x} at {i}:\n{text}"
        );
    }
    for line in text.lines() {
        assert!(
            !line.trim_start().starts_with("::error::"),
            "{what}: a line is a workflow command: {line:?}\n{text}"
        );
        // The runner reads `##[command]` anywhere in a line.
        assert!(
            !line.contains("##["),
            "{what}: a line holds a legacy workflow command: {line:?}"
        );
    }
    if let Some(c) = text.chars().find(|&c| is_format_char(c)) {
        panic!("{what}: raw format character {c:?}:\n{text}");
    }
}

/// Markdown that GitHub would not turn into links: no www or mail address left whole.
fn assert_no_autolinks(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    // Code spans are never made links; outside them nothing may be left whole.
    let outside: String = text.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    for whole in ["www.evil.example", "a@b.example"] {
        let text = &outside;
        assert!(!text.contains(whole), "{what}: {whole} left whole:\n{text}");
    }
}

/// xlinkdiag outside any CI (a test may then set GitHub's variables itself).
fn xlinkdiag() -> Command {
    let mut cmd = Command::new(XLINKDIAG);
    cmd.env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("NO_COLOR", "1");
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null()).output().unwrap()
}

fn assert_output_clean(what: &str, out: &Output) {
    assert_clean(&format!("{what} stdout"), &out.stdout);
    assert_clean(&format!("{what} stderr"), &out.stderr);
}

/// An x86-64 object under a MIPS target dir, named `lib<EVIL>.o`, and one whose name holds
/// a lone 0x9b byte (not UTF-8).
fn hostile_target(t: &TempDir) -> PathBuf {
    let deps = t.path("target").join(MIPS).join("debug/deps");
    fs::create_dir_all(&deps).unwrap();
    let x86 = fs::read(testdata("objects/x86_64.o")).unwrap();
    fs::write(deps.join(format!("lib{EVIL}.o")), &x86).unwrap();
    let raw = OsStr::from_bytes(b"raw\x9b31m\x1b[2J.o");
    fs::write(deps.join(raw), &x86).unwrap();
    t.path("target")
}

#[test]
fn scan_in_every_format() {
    let t = TempDir::new("sanitize-scan");
    let target = hostile_target(&t);
    for format in ["human", "json"] {
        let out = run(xlinkdiag()
            .arg("scan")
            .arg(&target)
            .args(["--format", format]));
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_output_clean(&format!("scan --format {format}"), &out);
        let text = String::from_utf8_lossy(&out.stdout);
        if format == "human" {
            // Shown escaped, on its own line.
            assert!(
                text.contains(r"\n::error::boom\u{1b}]0;title\u{7}\u{9b}31m\u{85}\u{202e}rtl"),
                "{text}"
            );
            assert!(text.contains(r"##\u{5b}add-mask]s3cret"), "{text}");
        } else {
            // Still the same name once the JSON is read back.
            let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert!(doc.to_string().contains("::error::boom"), "{doc:#}");
            let paths: Vec<String> = doc["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["path"].as_str().unwrap().to_string())
                .collect();
            assert!(
                paths.iter().any(|p| p.ends_with(&format!("lib{EVIL}.o"))),
                "{paths:?}"
            );
        }
    }
}

/// The shim's report, as annotate reads it back, with hostile strings in every text field.
fn hostile_report() -> String {
    let finding = serde_json::json!({
        "kind": "wrong-architecture",
        "severity": "error",
        "path": format!("/build/target/{MIPS}/debug/deps/lib{EVIL}.rlib"),
        "member": format!("{EVIL}.o"),
        "found": {"arch": "x86_64", "format": "elf", "bits": 64, "endian": "little"},
        "expected": {"arch": "mips", "format": "elf", "bits": 32, "endian": "big", "from": EVIL},
        "crate": format!("evil{EVIL}"),
        "package": format!("evil{EVIL}"),
        "env": {format!("CC_{EVIL}"): format!("gcc{EVIL}")},
        "message": format!("crate `evil{EVIL}` holds x86_64 objects"),
        "members": [format!("{EVIL}.o")],
        "notes": [format!("note {EVIL}")],
        "help": [format!("help {EVIL}")],
    });
    serde_json::json!({"version": 1, "target": MIPS, "findings": [finding],
        "link": {"output": HOSTILE_OUTPUT, "linker": "cc", "time": 0, "digest": "0"}})
    .to_string()
}

/// The output of the failed link the report is about, as the log's command line names it:
/// annotate takes a shim report only for a failed link the log shows.
const HOSTILE_OUTPUT: &str = "/build/target/mips-unknown-linux-musl/debug/deps/evil-0";

#[test]
fn annotate_in_every_format() {
    let t = TempDir::new("sanitize-annotate");
    let dir = t.path("target");
    fs::create_dir_all(dir.join("xlinkdiag")).unwrap();
    fs::write(dir.join("xlinkdiag/last-link.json"), hostile_report()).unwrap();
    let log = t.path("build.log");
    fs::write(
        &log,
        format!(
            "   Compiling evil v0.1.0\nerror: linking with `cc` failed: exit status: 1\n  |\n  = note: \"cc\" \"-o\" \"{HOSTILE_OUTPUT}\"\n\nerror: {EVIL}\n"
        ),
    )
    .unwrap();
    for format in ["human", "json", "github", "sarif", "gitlab", "markdown"] {
        let out = run(xlinkdiag()
            .arg("annotate")
            .arg(&log)
            .arg("--target-dir")
            .arg(&dir)
            .args(["--format", format])
            .current_dir(&t.0));
        assert_eq!(
            out.status.code(),
            Some(1),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_output_clean(&format!("annotate --format {format}"), &out);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("boom"),
            "{format}: the finding is shown\n{text}"
        );
        if format == "markdown" {
            assert_no_autolinks("annotate --format markdown", &out.stdout);
        }
        if format == "json" {
            // Escaped, not dropped: the value read back is the name itself.
            let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert!(doc.to_string().contains("##[add-mask]s3cret"), "{doc:#}");
        }
    }
    // With a summary file, GitHub's step summary gets the same clean Markdown.
    let summary = t.path("summary.md");
    let out = run(xlinkdiag()
        .arg("annotate")
        .arg(&log)
        .arg("--target-dir")
        .arg(&dir)
        .args(["--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .current_dir(&t.0));
    assert_output_clean("annotate github", &out);
    assert_clean("GITHUB_STEP_SUMMARY", &fs::read(&summary).unwrap());
    assert_no_autolinks("GITHUB_STEP_SUMMARY", &fs::read(&summary).unwrap());
}

#[test]
fn the_shim_in_github_actions() {
    let t = TempDir::new("sanitize-shim");
    let target = hostile_target(&t);
    let deps = target.join(MIPS).join("debug/deps");
    let evil = deps.join(format!("lib{EVIL}.o"));
    let raw = deps.join(OsStr::from_bytes(b"raw\x9b31m\x1b[2J.o"));
    let out = run(xlinkdiag()
        .args(["link", "--linker", FAKE, "--"])
        .arg(&evil)
        .arg(&raw)
        .args(["-o", "app"])
        .env("FAKE_LINKER_EXIT", "1")
        .env(
            "FAKE_LINKER_STDERR",
            "ld: error adding symbols: file in wrong format\n",
        )
        .env("XLINKDIAG_TARGET", MIPS)
        .env("XLINKDIAG_BUDGET_MS", "20000")
        .env_remove("XLINKDIAG_REPORT")
        .current_dir(&t.0));
    // The shim's own words (the linker's stderr is the linker's).
    let ours = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.starts_with("xlinkdiag:") || l.starts_with("::"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        ours.contains("boom"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_clean("shim", ours.as_bytes());
    let out2 = run(xlinkdiag()
        .args(["link", "--linker", FAKE, "--"])
        .arg(&evil)
        .args(["-o", "app"])
        .env("FAKE_LINKER_EXIT", "1")
        .env("XLINKDIAG_TARGET", MIPS)
        .env("XLINKDIAG_BUDGET_MS", "20000")
        .env("GITHUB_ACTIONS", "true")
        .current_dir(&t.0));
    let said = String::from_utf8_lossy(&out2.stderr);
    assert!(said.lines().any(|l| l.starts_with("::error ")), "{said}");
    assert_clean("shim in GitHub Actions", &out2.stderr);
}

#[test]
fn doctor_and_env() {
    let t = TempDir::new("sanitize-doctor");
    let cc = format!("/nonexistent/{EVIL}-gcc");
    for format in ["human", "json"] {
        let out = run(xlinkdiag()
            .args(["doctor", "--target", MIPS, "--format", format])
            .current_dir(&t.0)
            .env("CARGO_HOME", t.path("cargo-home"))
            .env("CC_mips_unknown_linux_musl", &cc)
            .env("CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER", &cc));
        assert_output_clean(&format!("doctor --format {format}"), &out);
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("boom"),
            "doctor {format}"
        );
    }
    let out = run(xlinkdiag()
        .args(["env", "--target", MIPS, "--toolchain", &cc])
        .current_dir(&t.0));
    assert_ne!(out.status.code(), Some(0));
    assert_output_clean("env", &out);
    let out = run(xlinkdiag().args(["scan", "--target", EVIL]));
    assert_eq!(out.status.code(), Some(2));
    assert_output_clean("scan --target", &out);
}
