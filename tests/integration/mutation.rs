//! A deterministic mutation harness (issue 11, item 9): every parser that reads what others
//! wrote — object identification (ELF, Mach-O, fat Mach-O, COFF, ar in GNU, BSD-less and thin
//! form), build-script output, linker stderr, CI logs — is fed mutants of the real files in
//! `testdata/` and `tests/fixtures/`. Nothing may panic, and no case may take long: each
//! case's time is checked against [`CASE_LIMIT`].
//!
//! The mutator is an xorshift64 generator with fixed seeds, so a failure reproduces: the
//! panic message names the seed and the case. `XLINKDIAG_MUTATION_SCALE=N` multiplies the
//! case counts for a longer run (CI may set it; the default keeps a debug `cargo test` of
//! this file well under 30 s).
//!
//! `tests/integration/robustness.rs` keeps the older dense truncation sweep of ELF objects and rlibs.
//!
//! Issue 19: mutants of a hostile report and of a log whose `xlinkdiag: data:` line holds it
//! (a linker, rustflags that wrap the link in a shell, HOST_CC, compilers and an archiver
//! of its own, each a trap that leaves a marker when run) go through `xlinkdiag fix`,
//! shown and applied: no mutant gets a program it names run, or any of its paths written.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use xlinkdiag::artifacts::inspect::{self, Inspection};

use crate::support::TempDir;

/// One parse of one mutant; far above any real case (microseconds to milliseconds).
const CASE_LIMIT: Duration = Duration::from_secs(2);
/// One `xlinkdiag annotate` process on one mutated log.
const LOG_LIMIT: Duration = Duration::from_secs(10);

const OBJECT_CASES: usize = 300;
const BUILD_OUTPUT_CASES: usize = 400;
const STDERR_CASES: usize = 60;
const LOG_CASES: usize = 12;
/// `xlinkdiag fix` on one mutated hostile report or log (it probes this machine's toolchain).
const FIX_CASES: usize = 8;
const FIX_LIMIT: Duration = Duration::from_secs(20);

fn scale() -> usize {
    xlinkdiag::env::var("XLINKDIAG_MUTATION_SCALE")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .max(1)
}

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Values that make length and offset fields lie.
const INTERESTING: [u64; 9] = [
    0,
    1,
    0x7f,
    0x80,
    0xff,
    0x7fff_ffff,
    0xffff_ffff,
    0x8000_0000_0000_0000,
    u64::MAX,
];

/// One to four edits: bit flips, interesting bytes and words (biased to the first 256
/// bytes, where headers are), truncation, insertion, deletion, duplication, and a splice
/// with another sample.
fn mutate(rng: &mut XorShift, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut m = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = m.len().max(1);
        let at = if rng.next().is_multiple_of(2) {
            rng.below(len.min(256))
        } else {
            rng.below(len)
        };
        let last = m.len().saturating_sub(1);
        match rng.below(8) {
            0 if !m.is_empty() => m[at.min(last)] ^= 1 << rng.below(8),
            1 if !m.is_empty() => m[at.min(last)] = INTERESTING[rng.below(INTERESTING.len())] as u8,
            2 => {
                let word = INTERESTING[rng.below(INTERESTING.len())].to_le_bytes();
                let width = [2, 4, 8][rng.below(3)];
                for (i, b) in word.iter().take(width).enumerate() {
                    if let Some(slot) = m.get_mut(at + i) {
                        *slot = *b;
                    }
                }
            }
            3 => m.truncate(at),
            4 => {
                let junk: Vec<u8> = (0..1 + rng.below(16)).map(|_| rng.next() as u8).collect();
                let at = at.min(m.len());
                m.splice(at..at, junk);
            }
            5 => {
                let end = (at + 1 + rng.below(64)).min(m.len());
                if at < end {
                    m.drain(at..end);
                }
            }
            6 => {
                let end = (at + 1 + rng.below(128)).min(m.len());
                if at < end {
                    let chunk = m[at..end].to_vec();
                    let to = rng.below(m.len() + 1);
                    m.splice(to..to, chunk);
                }
            }
            _ => {
                if !other.is_empty() {
                    let from = rng.below(other.len());
                    let end = (from + 1 + rng.below(256)).min(other.len());
                    let at = at.min(m.len());
                    let end_m = (at + (end - from)).min(m.len());
                    m.splice(at..end_m, other[from..end].iter().copied());
                }
            }
        }
    }
    m
}

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn read(rel: &str) -> Vec<u8> {
    fs::read(data(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let r = f();
    assert!(t.elapsed() < CASE_LIMIT, "{what} took {:?}", t.elapsed());
    r
}

/// A fat Mach-O (big-endian `cafebabe`) holding one slice, as `lipo` writes it.
fn fat(slice: &[u8]) -> Vec<u8> {
    let mut f = Vec::new();
    f.extend_from_slice(&0xcafe_babe_u32.to_be_bytes());
    f.extend_from_slice(&1u32.to_be_bytes());
    // x86_64: CPU_TYPE_X86_64, subtype ALL, offset 4096, size, align 2^12.
    for v in [0x0100_0007u32, 3, 4096, slice.len() as u32, 12] {
        f.extend_from_slice(&v.to_be_bytes());
    }
    f.resize(4096, 0);
    f.extend_from_slice(slice);
    f
}

/// A GNU thin archive naming `members` (files next to it).
fn thin(members: &[(&str, usize)]) -> Vec<u8> {
    let mut a = b"!<thin>\n".to_vec();
    for (name, size) in members {
        let h = format!(
            "{:<16}{:<12}{:<6}{:<6}{:<8}{:<10}`\n",
            format!("{name}/"),
            0,
            0,
            0,
            644,
            size
        );
        a.extend_from_slice(h.as_bytes());
    }
    a
}

/// Everything the engine does with a file: identify it, then read `.comment` and symbols of
/// the object or of each member.
fn exercise(path: &Path) -> bool {
    match inspect::inspect_path(path) {
        Ok(Inspection::Archive(a)) => {
            for m in a.members.iter().take(64) {
                let _ = inspect::comment(path, Some(m));
                let _ = inspect::symbols(path, Some(m));
                let _ = inspect::x86_64_non_pic(path, Some(m));
            }
            true
        }
        Ok(_) => {
            let _ = inspect::comment(path, None);
            let _ = inspect::symbols(path, None);
            let _ = inspect::x86_64_non_pic(path, None);
            true
        }
        Err(_) => false,
    }
}

#[test]
fn object_identification_survives_mutants() {
    let s = TempDir::new("mutation-objects");
    let macho = read("testdata/link-failures/macos-scale.o");
    let x86 = read("testdata/link-failures/x86_64-main.o");
    // The thin archive's members live next to it, named as in its headers.
    fs::write(s.0.join("a.o"), &x86).unwrap();
    fs::write(s.0.join("b.o"), &macho).unwrap();
    let samples: Vec<(&str, Vec<u8>)> = vec![
        ("ELF mips", read("testdata/link-failures/mips-scale-hard.o")),
        ("ELF arm", read("testdata/link-failures/armhf-scale.o")),
        ("ELF x86_64", x86.clone()),
        ("Mach-O", macho.clone()),
        ("Mach-O ios", read("testdata/link-failures/ios-sim-scale.o")),
        ("fat Mach-O", fat(&macho)),
        ("COFF x64", read("testdata/link-failures/x64-scale.obj")),
        ("COFF arm64", read("testdata/link-failures/arm64-entry.obj")),
        ("ar", read("testdata/link-failures/libscale.a")),
        (
            "ar without index",
            read("testdata/link-failures/libscale-noindex.a"),
        ),
        ("thin ar", thin(&[("a.o", x86.len()), ("b.o", macho.len())])),
    ];
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut cases = 0;
    let mut identified = 0;
    let path = s.0.join("mutant");
    for (i, (name, bytes)) in samples.iter().enumerate() {
        // The unmutated sample is identified: the harness exercises real parsing.
        fs::write(&path, bytes).unwrap();
        assert!(exercise(&path), "{name} is not identified unmutated");
        let other = &samples[(i + 1) % samples.len()].1;
        for case in 0..OBJECT_CASES * scale() {
            let m = mutate(&mut rng, bytes, other);
            fs::write(&path, &m).unwrap();
            if timed(&format!("{name} case {case}"), || exercise(&path)) {
                identified += 1;
            }
            cases += 1;
        }
    }
    eprintln!("object identification: {cases} mutants, {identified} still identified");
    assert_eq!(cases, samples.len() * OBJECT_CASES * scale());
    // Most single edits leave a file recognisable: the mutants reach past the magic.
    assert!(identified > cases / 4, "{identified} of {cases}");
}

#[test]
fn build_script_output_parsing_survives_mutants() {
    let samples: Vec<Vec<u8>> = [
        "testdata/mips-leaked-cc/target/mips-unknown-linux-musl/debug/build/miniz-sys-ad75ecc742eb5efe/output",
        "testdata/mips-leaked-cc/target/mips-unknown-linux-musl/debug/build/cmlib-sys-fdfc7f3334445e41/output",
        "testdata/mips-leaked-cc-builddir/build/mips-unknown-linux-musl/debug/build/zstd-sys/ba43dab948dcc508/run/stdout",
    ]
    .iter()
    .map(|p| read(p))
    .collect();
    // Lines that make the parser take its other branches, spliced in whole.
    let lines: [&[u8]; 8] = [
        b"cargo::rustc-link-search=native=\n",
        b"cargo:rustc-link-lib=\n",
        b"CC = Some(\n",
        b"CC_x = Some(\"\")\n",
        b" = None\n",
        b"running: \xff\xfe\n",
        b"cargo:rerun-if-env-changed=\r\n",
        b"TARGET = Some(\"\xe2\x80\")\n",
    ];
    let mut rng = XorShift(0x0123_4567_89ab_cdef);
    let mut cases = 0;
    for (i, bytes) in samples.iter().enumerate() {
        let base = xlinkdiag::cargo::build_output::parse(bytes);
        assert!(!base.lookups.is_empty() || !base.link_libs.is_empty());
        let other = &samples[(i + 1) % samples.len()];
        for case in 0..BUILD_OUTPUT_CASES * scale() {
            let mut m = mutate(&mut rng, bytes, other);
            if rng.next().is_multiple_of(2) {
                let at = rng.below(m.len() + 1);
                m.splice(at..at, lines[rng.below(lines.len())].iter().copied());
            }
            let run = timed(&format!("build output {i} case {case}"), || {
                xlinkdiag::cargo::build_output::parse(&m)
            });
            let triple = run
                .target()
                .unwrap_or("mips-unknown-linux-musl")
                .to_string();
            let _ = (
                run.cc_source(&triple),
                run.unset_cc(&triple),
                run.build_system(None),
            );
            cases += 1;
        }
    }
    eprintln!("build-script output: {cases} mutants");
    assert_eq!(cases, samples.len() * BUILD_OUTPUT_CASES * scale());
}

#[test]
fn linker_stderr_parsing_survives_mutants() {
    let root = data("tests/fixtures/stderr");
    let mut texts = Vec::new();
    for family in fs::read_dir(&root).unwrap().flatten() {
        for f in fs::read_dir(family.path()).into_iter().flatten().flatten() {
            texts.push(fs::read(f.path()).unwrap());
        }
    }
    assert!(texts.len() > 10, "{} fixtures", texts.len());
    let mut rng = XorShift(0xdead_beef_cafe_f00d);
    let mut cases = 0;
    for (i, t) in texts.iter().enumerate() {
        let other = &texts[(i + 1) % texts.len()];
        for case in 0..STDERR_CASES * scale() {
            let m = mutate(&mut rng, t, other);
            let parsed = timed(&format!("stderr {i} case {case}"), || {
                xlinkdiag::messages::parse(&m)
            });
            let _ = parsed.len();
            cases += 1;
        }
    }
    eprintln!("linker stderr: {cases} mutants");
    assert_eq!(cases, texts.len() * STDERR_CASES * scale());
}

#[test]
fn ci_log_reading_survives_mutants() {
    let s = TempDir::new("mutation-logs");
    let mut logs: Vec<Vec<u8>> = fs::read_dir(data("testdata/logs"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "log"))
        .map(|p| fs::read(p).unwrap())
        .collect();
    logs.sort();
    assert!(logs.len() > 10, "{} logs", logs.len());
    let mut rng = XorShift(0x5151_5151_5151_5151);
    let mut cases = 0;
    let path = s.0.join("mutant.log");
    for (i, log) in logs.iter().enumerate() {
        let other = &logs[(i + 1) % logs.len()];
        for case in 0..LOG_CASES * scale() {
            let m = mutate(&mut rng, log, other);
            fs::write(&path, &m).unwrap();
            let t = Instant::now();
            let out = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"))
                .arg("annotate")
                .arg(&path)
                .args(["--format", "json"])
                .current_dir(&s.0)
                .env_remove("GITHUB_STEP_SUMMARY")
                .stdin(Stdio::null())
                .output()
                .unwrap();
            assert!(
                t.elapsed() < LOG_LIMIT,
                "log {i} case {case} took {:?}",
                t.elapsed()
            );
            let code = out.status.code();
            assert!(
                matches!(code, Some(0 | 1)),
                "log {i} case {case}: exit {code:?}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
                .unwrap_or_else(|e| panic!("log {i} case {case}: not JSON ({e})"));
            assert_eq!(doc["version"], 1);
            cases += 1;
        }
    }
    eprintln!("CI logs: {cases} mutants");
    assert_eq!(cases, logs.len() * LOG_CASES * scale());
}

#[test]
fn fix_on_hostile_mutants_writes_and_runs_nothing_they_name() {
    let h = crate::fixcmd::Hostile::new("mutation-fix");
    let report = serde_json::to_vec_pretty(&h.report()).unwrap();
    let log = h.log(&h.report()).into_bytes();
    // Every path a mutant could name is under the hostile dir: none may be written.
    let root = h.tmp.0.display().to_string();
    let mut rng = XorShift(0x7e57_ab1e_0019_0019);
    let mut cases = 0;
    for (name, sample, other) in [("report", &report, &log), ("log", &log, &report)] {
        let path = h.evil.join(format!("mutant.{name}"));
        for case in 0..FIX_CASES * scale() {
            let m = mutate(&mut rng, sample, other);
            fs::write(&path, &m).unwrap();
            let apply = case % 3 == 0;
            let mut args = vec!["--from", path.to_str().unwrap()];
            if apply {
                args.push("--apply");
            }
            let t = Instant::now();
            let out = crate::support::fix_project::fix(&h.proj, &args);
            let what = format!("{name} case {case}");
            assert!(t.elapsed() < FIX_LIMIT, "{what} took {:?}", t.elapsed());
            assert!(
                matches!(out.status.code(), Some(0..=2)),
                "{what}: {:?}\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
            let written = if apply {
                h.config()
            } else {
                crate::fixcmd::Hostile::added(&out)
            };
            h.assert_clean(&what, &written, &out);
            assert!(
                !written.contains(&root),
                "{what}: wrote a path of the mutant:\n{written}"
            );
            let _ = fs::remove_dir_all(h.proj.join(".cargo"));
            cases += 1;
        }
    }
    eprintln!("fix on hostile mutants: {cases} cases");
    assert_eq!(cases, 2 * FIX_CASES * scale());
}
