//! Hostile input, made from real artifacts: every truncation point and many byte flips of a
//! real rlib, real objects and real linker stderr. Nothing may panic; every error is a value.
//! (A cheap, deterministic stand-in for fuzzing that runs in every `cargo test`.)

use std::fs;
use std::path::{Path, PathBuf};

use xlinkdiag::artifacts::inspect::{self, Inspection};

/// A tiny deterministic generator, so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn samples() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let deps = root.join("mips-leaked-cc/target/mips-unknown-linux-musl/debug/deps");
    let mut v: Vec<PathBuf> = fs::read_dir(&deps)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rlib"))
        .take(2)
        .collect();
    for o in ["mips-soft.o", "armv7-hard.o", "x86_64.o", "ppc64-elfv2.o"] {
        v.push(root.join("objects").join(o));
    }
    v
}

/// Everything the engine does with a file: identify, and on the failure paths read
/// `.comment` and the symbol table of each member.
fn exercise(path: &Path) {
    match inspect::inspect_path(path) {
        Ok(Inspection::Archive(a)) => {
            for m in &a.members {
                let _ = inspect::comment(path, Some(m));
                let _ = inspect::symbols(path, Some(m));
            }
        }
        Ok(_) => {
            let _ = inspect::comment(path, None);
            let _ = inspect::symbols(path, None);
        }
        Err(_) => {}
    }
}

#[test]
fn truncated_and_corrupted_artifacts_never_panic() {
    let dir = std::env::temp_dir().join(format!("xlinkdiag-robust-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let scratch = dir.join("mutant");
    let mut rng = Lcg(0x5eed);
    let mut cases = 0;
    for sample in samples() {
        let bytes = fs::read(&sample).unwrap();
        // Truncations: dense near the headers, sparse further in.
        let mut cuts: Vec<usize> = (0..bytes.len().min(512)).collect();
        cuts.extend((0..200).map(|_| rng.next() as usize % bytes.len()));
        for cut in cuts {
            fs::write(&scratch, &bytes[..cut]).unwrap();
            exercise(&scratch);
            cases += 1;
        }
        // Byte flips, biased to the first KiB where the headers and tables are.
        for _ in 0..400 {
            let mut m = bytes.clone();
            for _ in 0..1 + rng.next() % 4 {
                let span = if rng.next().is_multiple_of(2) {
                    1024.min(m.len())
                } else {
                    m.len()
                };
                let at = rng.next() as usize % span;
                m[at] = rng.next() as u8;
            }
            fs::write(&scratch, &m).unwrap();
            exercise(&scratch);
            cases += 1;
        }
    }
    let _ = fs::remove_dir_all(&dir);
    assert!(cases > 3000, "only {cases} cases ran");
}

#[test]
fn mangled_linker_stderr_never_panics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stderr");
    let mut rng = Lcg(7);
    let mut texts = Vec::new();
    for family in fs::read_dir(&root).unwrap().flatten() {
        if let Ok(files) = fs::read_dir(family.path()) {
            for f in files.flatten() {
                texts.push(fs::read(f.path()).unwrap());
            }
        }
    }
    assert!(!texts.is_empty());
    for t in &texts {
        let parsed = xlinkdiag::messages::parse(t);
        let _ = parsed.len();
        for _ in 0..50 {
            let mut m = t.clone();
            if m.is_empty() {
                continue;
            }
            let at = rng.next() as usize % m.len();
            match rng.next() % 3 {
                0 => m[at] = rng.next() as u8,
                1 => m.truncate(at),
                _ => m
                    .splice(at..at, [0xff, b'(', b'\n', b'`', 0x1b])
                    .for_each(drop),
            }
            let _ = xlinkdiag::messages::parse(&m);
        }
    }
}

/// `xlinkdiag ARGS` with `log` on stdin, failing the test if it has not ended within
/// `limit`: a shape that is quadratic runs for many minutes at these sizes, linear well
/// under the limit even in a debug build on a busy machine.
fn annotate_within(log: &[u8], args: &[&str], limit: std::time::Duration) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"))
        .arg("annotate")
        .arg("-")
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let log = log.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&log);
    });
    // Both streams drained while it runs: a full pipe must not pass for a hang.
    let drain = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("annotate {args:?} still running after {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let _ = feeder.join();
    std::process::Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// Issue 19: a 772 KB log whose link line names its rlibs and the sysroot's, interleaved,
/// over and over took 89 s (every input tried as a target dir against every input).
#[test]
fn a_link_line_repeating_its_inputs_is_read_in_linear_time() {
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/logs/leaked-cc-verbose.log"),
    )
    .unwrap();
    let open = text.find("/deps/{").unwrap() + "/deps/".len();
    let close = open + text[open..].find("}.rlib\"").unwrap() + "}.rlib\"".len();
    let start = text[..open].rfind('"').unwrap();
    let deps = &text[start + 1..open];
    let sysroot = "/root/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/lib/rustlib/mips-unknown-linux-musl/lib";
    let group: Vec<String> = text[open + 1..close - "}.rlib\"".len()]
        .split(',')
        .enumerate()
        .map(|(i, c)| format!("\"{deps}{c}.rlib\" \"{sysroot}/libstd{i}-0123456789abcdef.rlib\""))
        .collect();
    let words = group.join(" ");
    let times = 772 * 1024 / (words.len() + 1);
    let log = format!(
        "{}{}{}",
        &text[..start],
        vec![words; times].join(" "),
        &text[close..]
    );
    assert!(log.len() > 700 * 1024);
    let out = annotate_within(
        log.as_bytes(),
        &["--format", "json"],
        std::time::Duration::from_secs(60),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let crates: std::collections::BTreeSet<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["crate"].as_str())
        .collect();
    assert!(crates.contains("zstd_sys"), "{doc:#}");
}

/// Issue 19: a log of more distinct failed links than annotate keeps: every format ends in
/// linear time, the failures past the cap are counted and said ("N more … not read"), never
/// dropped in silence, and GitHub's closing annotation names a bounded list.
#[test]
fn distinct_failures_past_the_caps_are_counted_and_said() {
    const LINKS: usize = 3_000;
    let mut log = String::new();
    for i in 0..LINKS {
        log.push_str(&format!(
            "error: linking with `mips-linux-gnu-gcc` failed: exit status: 1\n  |\n  = note: \"mips-linux-gnu-gcc\" \"-o\" \"/w/target/mips-unknown-linux-musl/debug/deps/app{i}\"\n  = note: /usr/bin/mips-linux-gnu-ld: /w/target/mips-unknown-linux-musl/debug/deps/libc{i}_sys-{i:016x}.rlib(m{i}.o): error adding symbols: file in wrong format\n          collect2: error: ld returned 1 exit status\n\nerror: could not compile `app{i}`\n"
        ));
    }
    let limit = std::time::Duration::from_secs(120);
    let out = annotate_within(log.as_bytes(), &["--format", "json"], limit);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kept = doc["findings"].as_array().unwrap().len();
    let failures = doc["omitted"]["failures"].as_u64().unwrap_or(0) as usize;
    assert!((1_000..=2_000).contains(&kept), "{kept} findings kept");
    assert_eq!(failures, LINKS - 2_000, "{}", doc["omitted"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("1000 more failures in the log not read"),
        "{said}"
    );
    for format in ["human", "github", "sarif", "gitlab", "markdown"] {
        let out = annotate_within(log.as_bytes(), &["--format", format], limit);
        assert_eq!(out.status.code(), Some(1), "{format}");
        let text = String::from_utf8_lossy(&out.stdout);
        match format {
            "human" | "markdown" => assert!(text.contains("not read"), "{format}"),
            "github" => {
                assert!(text.contains("not read"), "{format}");
                assert!(text.lines().all(|l| l.len() < 8 * 1024), "a line too long");
            }
            _ => assert!(String::from_utf8_lossy(&out.stderr).contains("not read")),
        }
    }
}
