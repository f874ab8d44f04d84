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
