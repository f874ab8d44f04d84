// Tests read the environment directly: the env door is for the tool.
#![allow(clippy::disallowed_methods)]
//! `xlinkdiag fix` on a project in a temp dir, from a report, a log and a target dir that
//! are files here (no build, no toolchain): the diff on a config with comments, the
//! refusals (a read-only config, a path outside the project), and the JSON form (issue 14).
//! What needs a toolchain (the second run that changes nothing, an OpenWrt SDK) or `chattr`
//! (an immutable dir) is in tests/e2e/fixcmd.rs. Issue 19: what a log, a report or a planted
//! `last-link.json` asks for is never written nor run, whichever way it reaches `fix` (the
//! action's `suggest-fix` step included); `--apply` says each removal once and truly.

#![cfg(unix)]

use crate::support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use support::fix_project::*;
use support::{TempDir, is_leaky_var, text};

const DIFF: &str = "\
--- a/.cargo/config.toml
+++ b/.cargo/config.toml
@@ -9,5 +9,7 @@
 [env]
 # Ours, not xlinkdiag's.
 FOO = \"bar\"
-CC_aarch64_unknown_linux_gnu = \"gcc\"  # copied from a blog
+# xlinkdiag fix replaced: CC_aarch64_unknown_linux_gnu = \"gcc\"
+CC_aarch64_unknown_linux_gnu = \"aarch64-linux-gnu-gcc\"  # copied from a blog
 HOST_CC = \"clang\"
+AR_aarch64_unknown_linux_gnu = \"aarch64-linux-gnu-ar\"
";

/// The diff of a config with comments: only additions and the one replaced value, whose old
/// value stays in a comment; the user's own HOST_CC is kept; the global CC is not written.
#[test]
fn diff_on_a_config_with_comments() {
    let p = project(Some(CONFIG));
    let o = fix(&p.dir, &["--from", p.report.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout), DIFF, "{}", text(&o));
    assert_eq!(config_of(&p), CONFIG, "changed without --apply");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("replaces your CC_aarch64_unknown_linux_gnu = \"gcc\""),
        "{stderr}"
    );
    assert!(stderr.contains("CC=gcc is not written"), "{stderr}");
    assert!(stderr.contains("run with --apply"), "{stderr}");
}

/// A config the user made read-only is refused (root included: the mode is checked, not
/// access), and nothing changes.
#[test]
fn refuses_a_read_only_config() {
    use std::os::unix::fs::PermissionsExt;
    let p = project(Some(CONFIG));
    let path = p.dir.join(".cargo/config.toml");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let o = fix(&p.dir, &["--from", p.report.to_str().unwrap(), "--apply"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("the file is read-only"),
        "{}",
        text(&o)
    );
    assert!(
        !o.stdout.is_empty(),
        "the diff is still shown\n{}",
        text(&o)
    );
    assert_eq!(config_of(&p), CONFIG);
}

/// `--config` outside the project, or a config that is a symlink to a file outside it:
/// refused before anything is written.
#[test]
fn never_writes_outside_the_project() {
    let p = project(None);
    let from = p.report.to_str().unwrap();
    let outside = p.dir.parent().unwrap().join("outside.toml");
    let o = fix(
        &p.dir,
        &["--from", from, "--apply", "--config", "../outside.toml"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("outside the project"),
        "{}",
        text(&o)
    );
    assert!(!outside.exists());

    fs::write(&outside, "# not yours\n").unwrap();
    std::os::unix::fs::symlink(&outside, p.dir.join(".cargo/config.toml")).unwrap();
    let o = fix(&p.dir, &["--from", from, "--apply"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert_eq!(fs::read_to_string(&outside).unwrap(), "# not yours\n");

    // Not in a project at all.
    let o = fix(p.dir.parent().unwrap(), &["--from", from]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

/// The JSON contract, read back through types of its own that reject unknown fields: a
/// renamed field fails here.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Doc {
    version: u32,
    target: String,
    config: String,
    up_to_date: bool,
    applied: bool,
    settings: Vec<SettingDoc>,
    replaced: Vec<Value>,
    unset: Vec<EnvNoteDoc>,
    shadowed: Vec<EnvNoteDoc>,
    manual: Vec<ManualDoc>,
    conflicts: Vec<String>,
    rerun: Vec<Value>,
    not_written: Vec<EnvNoteDoc>,
    /// Added in issue 21: the environment's variables the settings override.
    forced: Vec<EnvNoteDoc>,
    diff: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct SettingDoc {
    table: String,
    key: Option<String>,
    value: String,
    because: Vec<String>,
    #[serde(default)]
    only_if_unset: bool,
    /// Added in issue 21: written `{ value, force = true }`.
    #[serde(default)]
    force: bool,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct EnvNoteDoc {
    name: String,
    value: String,
    why: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ManualDoc {
    kind: Option<String>,
    #[serde(rename = "crate")]
    crate_name: Option<String>,
    why: String,
    help: Vec<String>,
}

/// `--format json`: the plan as data, read back as such.
#[test]
fn json_plan() {
    let p = project(None);
    let o = fix(
        &p.dir,
        &["--from", p.report.to_str().unwrap(), "--format", "json"],
    );
    let doc: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}\n{}", text(&o)));
    let typed: Doc =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}\n{}", text(&o)));
    // No linker is configured in this project: env's planning adds one when the machine has
    // a toolchain for the target.
    assert!(
        typed
            .settings
            .iter()
            .all(|s| (s.table == "env") == s.key.is_some()
                && ["env", "linker"].contains(&s.table.as_str())),
        "{}",
        text(&o)
    );
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["target"], "aarch64-unknown-linux-gnu");
    assert_eq!(doc["applied"], false);
    assert_eq!(doc["up_to_date"], false);
    let keys: Vec<&str> = doc["settings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap_or("<linker>"))
        .collect();
    assert!(keys.contains(&"CC_aarch64_unknown_linux_gnu"), "{doc}");
    assert!(!keys.contains(&"CC"), "{doc}");
    assert!(doc["diff"].as_str().unwrap().starts_with("--- /dev/null\n"));
    assert!(
        doc["manual"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["why"].as_str().unwrap().contains("CC=gcc is not written")),
        "{doc}"
    );
}

/// The shipped failed MIPS build, as a target dir to scan and as a log for annotate: both
/// give the seed's settings for the target, per-target names only.
#[test]
fn from_a_target_dir_and_from_a_log() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/mips-leaked-cc");
    let p = project(Some(
        "[target.mips-unknown-linux-musl]\nlinker = \"mips-linux-gnu-gcc\"\n",
    ));
    for from in [
        data.join("target"),
        data.join("cargo-build.log"),
        data.join("cargo-build.json"),
    ] {
        let o = fix(&p.dir, &["--from", from.to_str().unwrap()]);
        let diff = String::from_utf8_lossy(&o.stdout);
        assert!(
            diff.contains("+CC_mips_unknown_linux_musl = \"mips-linux-"),
            "{}: {}",
            from.display(),
            text(&o)
        );
        assert!(!diff.contains("+CC ="), "{}", text(&o));
    }
}

// ---------------------------------------------------------------------------------------------
// Issue 19: data from a log is data.
// ---------------------------------------------------------------------------------------------

/// The build-script run the hostile findings name, under their dir.
const RUN: &str = "target/aarch64-unknown-linux-gnu/debug/build/x-0123456789abcdef";

/// A program that leaves a line in `marker` if anything runs it.
fn trap(path: &Path, marker: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(
        path,
        format!(
            "#!/bin/sh\necho \"ran $0 $*\" >> '{}'\nexit 1\n",
            marker.display()
        ),
    )
    .unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
}

/// A hostile place: traps at every program path its findings name, a `libssl.a` where its
/// OpenSSL dir points (so that "the library is there" holds), `.pc` files of its own.
pub(crate) struct Hostile {
    pub tmp: TempDir,
    pub evil: PathBuf,
    pub marker: PathBuf,
    pub proj: PathBuf,
}

impl Hostile {
    pub fn new(tag: &str) -> Hostile {
        let tmp = TempDir::new(tag);
        let evil = tmp.path("evil");
        let marker = tmp.path("ran");
        for tool in [
            "bin/evil-gcc",
            "bin/evil-ar",
            "bin/evil-g++",
            "bin/evil-cc",
            "bin/ld",
            "bin/as",
            "staging_dir/toolchain-x/bin/aarch64-openwrt-linux-gcc",
            "staging_dir/toolchain-x/bin/aarch64-openwrt-linux-ar",
        ] {
            trap(&evil.join(tool), &marker);
        }
        fs::create_dir_all(evil.join("ssl/lib")).unwrap();
        fs::write(evil.join("ssl/lib/libssl.a"), b"!<arch>\n").unwrap();
        fs::create_dir_all(evil.join("pc")).unwrap();
        // A build-script run the findings name, outside the project: never removed.
        let run = evil.join(RUN);
        fs::create_dir_all(&run).unwrap();
        fs::write(run.join("output"), "cargo:rerun-if-changed=x.c\n").unwrap();
        let proj = tmp.path("proj");
        fs::create_dir_all(&proj).unwrap();
        fs::write(
            proj.join("Cargo.toml"),
            "[package]\nname = \"p\"\nversion = \"0.1.0\"\n",
        )
        .unwrap();
        Hostile {
            tmp,
            evil,
            marker,
            proj,
        }
    }

    /// Findings that ask for every kind of setting that runs code: a linker, rustflags that
    /// wrap the linker in a shell, compilers, an archiver, HOST_CC, CFLAGS that swap gcc's
    /// assembler, pkg-config and OpenSSL dirs, names that are no names; and, first, an
    /// OpenWrt toolchain dir, which `fix` once handed to env's planning to probe (its gcc
    /// compiled a test file: the trap ran).
    pub fn report(&self) -> Value {
        let e = self.evil.display();
        let m = self.marker.display();
        let finding = |kind: &str, krate: &str, system: &str, env: Value| {
            serde_json::json!({
                "kind": kind, "severity": "error",
                "path": "/build/target/aarch64-unknown-linux-gnu/debug/deps/libx-0123456789abcdef.rlib",
                "found": {"format": "elf", "arch": "x86_64", "machine": 62, "bits": 64, "endian": "little"},
                "expected": {"arch": "aarch64", "format": "elf", "bits": 64, "endian": "little", "from": "x"},
                "crate": krate, "env": env, "message": "m",
                "provenance": {"build_system": system, "build_dir": format!("{e}/{RUN}")},
                "help": [format!("set CC_aarch64_unknown_linux_gnu={e}/bin/evil-gcc")]
            })
        };
        serde_json::json!({
            "version": 1,
            "target": "aarch64-unknown-linux-gnu",
            "findings": [
                finding("wrong-linker", "app", "cc-rs", serde_json::json!({
                    "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER": format!("{e}/bin/evil-gcc"),
                })),
                finding("missing-atomics", "app", "cc-rs", serde_json::json!({
                    "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUSTFLAGS":
                        format!("-C link-arg=-wrapper -C link-arg=/bin/sh,-c,touch {m}"),
                })),
                finding("wrong-architecture", "openwrt_sys", "cmake", serde_json::json!({
                    "CC_aarch64_unknown_linux_gnu":
                        format!("{e}/staging_dir/toolchain-x/bin/aarch64-openwrt-linux-gcc"),
                })),
                finding("wrong-architecture", "tinyz_sys", "cc-rs", serde_json::json!({
                    "CC_aarch64_unknown_linux_gnu": format!("{e}/bin/evil-gcc"),
                    "CXX_aarch64_unknown_linux_gnu": format!("{e}/bin/evil-g++"),
                    "AR_aarch64_unknown_linux_gnu": format!("{e}/bin/evil-ar"),
                    "CFLAGS_aarch64_unknown_linux_gnu": format!("-B{e}/bin"),
                    "HOST_CC": format!("{e}/bin/evil-cc"),
                    "TARGET_CC": format!("{e}/bin/evil-cc"),
                })),
                finding("wrong-architecture", "openssl_sys", "openssl-sys", serde_json::json!({
                    "AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_LIB_DIR": format!("{e}/ssl/lib"),
                    "AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_DIR": format!("{e}/ssl"),
                })),
                finding("host-library-path", "z_sys", "pkg-config", serde_json::json!({
                    "PKG_CONFIG_LIBDIR_aarch64_unknown_linux_gnu": format!("{e}/pc"),
                    "PKG_CONFIG_SYSROOT_DIR_aarch64_unknown_linux_gnu": format!("{e}"),
                })),
                finding("wrong-architecture", "bad;name", "cc-rs", serde_json::json!({
                    "CC_aarch64_unknown_linux_gnu\n::error::forged": format!("{e}/bin/evil-gcc"),
                })),
            ]
        })
    }

    /// A CI log whose failed link was "linked" by a trap, ending with the shim's data line
    /// holding `report`: anything a build prints, it can print.
    pub fn log(&self, report: &Value) -> String {
        let e = self.evil.display();
        let data = serde_json::to_string(report).unwrap();
        format!(
            "   Compiling app v0.1.0 (/build/p/app)\n\
             error: linking with `{e}/bin/evil-gcc` failed: exit status: 1\n  |\n  \
             = note:  \"{e}/bin/evil-gcc\" \"/build/p/target/aarch64-unknown-linux-gnu/debug/deps/app-0123456789abcdef.app.1a2b3c-cgu.0.rcgu.o\" \"-o\" \"/build/p/target/aarch64-unknown-linux-gnu/debug/deps/app-0123456789abcdef\"\n  \
             = note: {e}/bin/ld: /build/p/target/aarch64-unknown-linux-gnu/debug/deps/app-0123456789abcdef.app.1a2b3c-cgu.0.rcgu.o: Relocations in generic ELF (EM: 183)\n          \
             collect2: error: ld returned 1 exit status\n          \
             xlinkdiag: data: {data}\n\n\
             error: could not compile `app` (bin \"app\") due to 1 previous error\n"
        )
    }

    /// Nothing ran, and nothing the findings named is in `text`.
    pub fn assert_clean(&self, what: &str, text: &str, o: &Output) {
        assert!(
            !self.marker.exists(),
            "{what}: ran a program the findings named: {}\n{}",
            fs::read_to_string(&self.marker).unwrap_or_default(),
            support::text(o)
        );
        for bad in [
            self.evil.display().to_string(),
            "-wrapper".to_string(),
            "/bin/sh".to_string(),
        ] {
            assert!(
                !text.contains(&bad),
                "{what}: {bad} is written:\n{text}\n{}",
                support::text(o)
            );
        }
    }

    pub fn config(&self) -> String {
        fs::read_to_string(self.proj.join(".cargo/config.toml")).unwrap_or_default()
    }

    /// The `+` lines of a diff.
    pub fn added(o: &Output) -> String {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// `fix ARGS` shown, as JSON, then applied: nothing the findings name is written or
    /// run at any step; what they asked is shown, sanitised.
    fn check(&self, what: &str, args: &[&str]) {
        let shown = fix(&self.proj, args);
        self.assert_clean(what, &Self::added(&shown), &shown);
        let said = String::from_utf8_lossy(&shown.stderr);
        assert!(
            said.contains("no variable name"),
            "{what}: the bad name is not said\n{said}"
        );
        assert!(
            !said.lines().any(|l| l.starts_with("::")),
            "{what}: a forged line starts a workflow command\n{said}"
        );

        let json = fix(&self.proj, &[args, &["--format", "json"]].concat());
        let doc: Value = serde_json::from_slice(&json.stdout)
            .unwrap_or_else(|e| panic!("{what}: {e}\n{}", support::text(&json)));
        self.assert_clean(what, &doc["settings"].to_string(), &json);
        // What was asked is shown: the findings' values, not written.
        assert!(
            doc.to_string().contains(&self.evil.display().to_string()),
            "{what}: the findings' values are not shown\n{doc:#}"
        );

        let applied = fix(&self.proj, &[args, &["--apply"]].concat());
        self.assert_clean(what, &self.config(), &applied);
        assert!(
            self.evil.join(RUN).join("output").is_file(),
            "{what}: removed a run outside the project"
        );
        // The settings written are this machine's: a linker is one found in PATH.
        if let Some(linker) = self
            .config()
            .lines()
            .find_map(|l| l.strip_prefix("linker = "))
        {
            let linker = linker.trim_matches('"');
            let found = std::env::var_os("PATH")
                .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(linker).is_file()));
            assert!(
                Path::new(linker).is_file() || found,
                "{what}: linker {linker} is not this machine's"
            );
        }
        let _ = fs::remove_dir_all(self.proj.join(".cargo"));
    }
}

/// A report file (`--from report.json`) asking for programs, flags and dirs of its own.
#[test]
fn a_report_names_nothing_that_is_written_or_run() {
    let h = Hostile::new("fix-trust-report");
    let report = h.evil.join("report.json");
    fs::write(&report, serde_json::to_string_pretty(&h.report()).unwrap()).unwrap();
    h.check("--from report.json", &["--from", report.to_str().unwrap()]);
}

/// The same findings in a log's `xlinkdiag: data:` line, which any build can print, with a
/// failed link whose linker is a trap: `fix --from LOG` runs neither.
#[test]
fn a_forged_data_line_in_a_log_names_nothing_that_is_written_or_run() {
    let h = Hostile::new("fix-trust-log");
    let log = h.evil.join("build.log");
    fs::write(&log, h.log(&h.report())).unwrap();
    h.check("--from build.log", &["--from", log.to_str().unwrap()]);
}

/// A planted `target/xlinkdiag/last-link.json`, which `fix` reads by default.
#[test]
fn a_planted_last_link_report_names_nothing_that_is_written_or_run() {
    let h = Hostile::new("fix-trust-planted");
    let dir = h.proj.join("target/xlinkdiag");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("last-link.json"),
        serde_json::to_string(&h.report()).unwrap(),
    )
    .unwrap();
    h.check("a planted last-link.json", &[]);
}

/// The action's `suggest-fix` step, run as GitHub runs it (bash, its inputs in the
/// environment) on the forged log: it runs nothing the log names, and what it puts in the
/// job summary is in code blocks that no backtick run of the log can close.
#[test]
fn the_actions_suggest_fix_step_runs_nothing_the_log_names() {
    let h = Hostile::new("fix-trust-action");
    let action =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml")).unwrap();
    let step = action
        .split("- name: Suggest the fix")
        .nth(1)
        .expect("a suggest-fix step");
    let script: String = step
        .split_once("run: |\n")
        .expect("a run block")
        .1
        .lines()
        .take_while(|l| l.starts_with("        ") || l.is_empty())
        .map(|l| format!("{}\n", l.get(8..).unwrap_or("")))
        .collect();
    assert!(script.contains("fix \"${args[@]}\""), "{script}");
    let runner = h.evil.parent().unwrap().join("runner");
    fs::create_dir_all(runner.join("xlinkdiag/bin")).unwrap();
    std::os::unix::fs::symlink(
        env!("CARGO_BIN_EXE_xlinkdiag"),
        runner.join("xlinkdiag/bin/xlinkdiag"),
    )
    .unwrap();
    let log = h.evil.join("build.log");
    // Values that hold a fence and a link of their own, shown in the notes: inside the code
    // block, they stay text.
    let mut report = h.report();
    report["findings"][3]["env"]["CXXFLAGS_aarch64_unknown_linux_gnu"] =
        "````\n````\n[x](https://evil)".into();
    fs::write(&log, h.log(&report)).unwrap();
    let summary = runner.join("summary.md");
    let mut cmd = Command::new("bash");
    cmd.arg("-c").arg(&script).current_dir(&h.proj);
    for (name, _) in std::env::vars_os() {
        if let Some(name) = name.to_str()
            && is_leaky_var(name)
        {
            cmd.env_remove(name);
        }
    }
    let o = cmd
        .env("RUNNER_TEMP", &runner)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("XL_LOG", &log)
        .env("XL_TARGET", "")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let md = fs::read_to_string(&summary).unwrap();
    assert!(md.contains("### xlinkdiag fix: suggested change"), "{md}");
    h.assert_clean("suggest-fix", "", &o);
    assert!(
        !h.proj.join(".cargo").exists(),
        "suggest-fix wrote the checkout"
    );
    // Every line outside the code blocks is the step's own.
    let mut fence: Option<String> = None;
    for line in md.lines() {
        match &fence {
            Some(f) if line == f => fence = None,
            Some(_) => {}
            None if line.starts_with("```") => {
                fence = Some(line.chars().take_while(|c| *c == '`').collect())
            }
            None => assert!(
                !line.contains("evil") && !line.contains("]("),
                "outside a code block: {line:?}\n{md}"
            ),
        }
    }
    assert!(fence.is_none(), "an unclosed code block:\n{md}");
}

/// Issue 21: a per-target name the environment holds (here the hyphenated spelling, which
/// cc-rs reads before the underscored one) is fixed in that spelling and forced: cargo's
/// `[env]` never overrides the environment otherwise, so the same shell would build as
/// before. It is said, with the `env -u` way out, and not left as something to unset.
#[test]
fn the_environments_own_spelling_is_written_forced() {
    let p = project(None);
    let hyphen = "CC_aarch64-unknown-linux-gnu";
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"));
    for (name, _) in std::env::vars_os() {
        if let Some(name) = name.to_str()
            && (is_leaky_var(name) || name.starts_with("XLINKDIAG"))
        {
            cmd.env_remove(name);
        }
    }
    let o = cmd
        .env(hyphen, "gcc")
        .args(["fix", "--from", p.report.to_str().unwrap()])
        .args(["--apply", "--format", "json"])
        .current_dir(&p.dir)
        .output()
        .unwrap();
    let doc: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}\n{}", text(&o)));
    let forced: Vec<&str> = doc["forced"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["name"].as_str())
        .collect();
    assert_eq!(forced, [hyphen], "{doc}");
    assert!(
        !doc["unset"].to_string().contains(hyphen),
        "not to unset: {doc}"
    );
    let config: toml::Table = config_of(&p).parse().unwrap();
    let env = config["env"].as_table().unwrap();
    assert_eq!(env[hyphen]["force"].as_bool(), Some(true), "{config}");
    let value = env[hyphen]["value"].as_str().unwrap();
    assert!(value.ends_with("aarch64-linux-gnu-gcc"), "{config}");
    assert!(
        !env.contains_key("CC_aarch64_unknown_linux_gnu"),
        "the underscored name would lose to the hyphenated one: {config}"
    );
}
