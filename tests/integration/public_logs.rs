//! `annotate` on real logs from public issue threads and forums (`testdata/logs/public/`):
//! each `.log` is copied verbatim from the URL in its `.toml`, which also says the kind a
//! maintainer gave the failure (and the crate, where the log names its rlib).
//!
//! A case is right when `annotate --format json` reports the expected kind as an error, no
//! error of a kind the case does not list, and the expected crate where there is one.
//!
//! Each set is gated on its own: the tuning set must be right at least 95% of the time, and
//! every set's rate is printed. `expected.tsv` holds the blessed result of every case
//! (`XLINKDIAG_BLESS=1` rewrites it): a case blessed right that turns wrong fails the test,
//! and so does a case that is not in the file.
#![allow(clippy::disallowed_methods)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

struct Case {
    log: PathBuf,
    kind: String,
    also: Vec<String>,
    krate: Option<String>,
    family: String,
}

fn cases(dir: &Path) -> Vec<Case> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    entries.sort();
    for meta in entries {
        let text = fs::read_to_string(&meta).unwrap();
        let t: toml::Table =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", meta.display()));
        let s = |k: &str| t.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let log = meta.with_extension("log");
        assert!(log.is_file(), "{} has no .log", meta.display());
        assert!(
            s("source").is_some_and(|u| u.starts_with("https://")),
            "{}: no source URL",
            meta.display()
        );
        out.push(Case {
            log,
            kind: s("kind").unwrap_or_else(|| panic!("{}: no kind", meta.display())),
            also: t
                .get("also")
                .and_then(|v| v.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            krate: s("crate"),
            family: s("family").unwrap_or_default(),
        });
    }
    out
}

/// What annotate got wrong about a case, or `None` when it got it right.
fn judge(c: &Case) -> Option<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_xlinkdiag"))
        .arg("annotate")
        .arg(&c.log)
        .args(["--format", "json"])
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap();
    let doc: Value = match serde_json::from_slice(&out.stdout) {
        Ok(v) => v,
        Err(e) => return Some(format!("no JSON ({e}); exit {:?}", out.status.code())),
    };
    let errors: Vec<&Value> = doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["severity"] == "error")
        .collect();
    let kinds: Vec<&str> = errors.iter().filter_map(|f| f["kind"].as_str()).collect();
    if !kinds.contains(&c.kind.as_str()) {
        return Some(format!("expected {}, got {kinds:?}", c.kind));
    }
    let extra: Vec<&&str> = kinds
        .iter()
        .filter(|k| **k != c.kind && !c.also.iter().any(|a| a == *k))
        .collect();
    if !extra.is_empty() {
        return Some(format!("{} right, but also {extra:?}", c.kind));
    }
    if let Some(k) = &c.krate {
        let named = errors
            .iter()
            .any(|f| f["kind"] == c.kind.as_str() && f["crate"].as_str() == Some(k.as_str()));
        if !named {
            let crates: Vec<&str> = errors.iter().filter_map(|f| f["crate"].as_str()).collect();
            return Some(format!(
                "{} right, crate {k} not named (named {crates:?})",
                c.kind
            ));
        }
    }
    None
}

/// Runs every case of `dir`; prints the misses and the rates by kind and family; returns
/// (right, cases) and each case's result (its file stem, and `None` when right).
fn run(dir: &Path, label: &str) -> (usize, usize, Vec<(String, Option<String>)>) {
    let cases = cases(dir);
    assert!(!cases.is_empty(), "no cases in {}", dir.display());
    let mut by_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut by_family: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut right = 0;
    let mut report = String::new();
    let mut results = Vec::new();
    for c in &cases {
        let miss = judge(c);
        let stem = c.log.file_stem().unwrap().to_string_lossy().into_owned();
        results.push((stem, miss.clone()));
        let ok = miss.is_none();
        right += usize::from(ok);
        for (map, key) in [
            (&mut by_kind, c.kind.as_str()),
            (&mut by_family, c.family.as_str()),
        ] {
            let e = map.entry(key).or_default();
            e.0 += usize::from(ok);
            e.1 += 1;
        }
        if let Some(m) = miss {
            let name = c.log.file_name().unwrap().to_string_lossy();
            report.push_str(&format!("  miss {name}: {m}\n"));
        }
    }
    report.push_str(&format!(
        "{label}: {right} of {} right ({:.1}%)\n",
        cases.len(),
        right as f64 * 100.0 / cases.len() as f64
    ));
    for (name, map) in [("kind", &by_kind), ("family", &by_family)] {
        let cells: Vec<String> = map
            .iter()
            .map(|(k, (r, n))| format!("{k} {r}/{n}"))
            .collect();
        report.push_str(&format!("  by {name}: {}\n", cells.join(", ")));
    }
    // Straight to stderr, so that `cargo test` shows the figures of a passing run too.
    eprint!("{report}");
    (right, cases.len(), results)
}

const EXPECTED: &str = "expected.tsv";

/// `set \t case \t right|miss \t what was wrong`, one line per case.
fn read_expected(root: &Path) -> BTreeMap<(String, String), bool> {
    let text = fs::read_to_string(root.join(EXPECTED)).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            let set = f.next()?.to_string();
            let case = f.next()?.to_string();
            let right = f.next()? == "right";
            Some(((set, case), right))
        })
        .collect()
}

fn write_expected(root: &Path, results: &[(String, String, Option<String>)]) {
    let mut out = String::from(
        "# The blessed result of every public-log case: set, case, right|miss, what was wrong.\n# Rewritten by `XLINKDIAG_BLESS=1 cargo test --test integration public_logs::`.\n",
    );
    for (set, case, miss) in results {
        let (state, why) = match miss {
            None => ("right", String::new()),
            Some(m) => ("miss", m.replace(['\t', '\n'], " ")),
        };
        out.push_str(&format!("{set}\t{case}\t{state}\t{why}\n"));
    }
    fs::write(root.join(EXPECTED), out).unwrap();
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/logs/public")
}

/// Every set, each rate printed on its own: the tuning set, the fresh sets collected after
/// each round of tuning, and the held-out set never looked at while tuning.
#[test]
fn public_logs_right_kind() {
    let root = corpus();
    // XLINKDIAG_PUBLIC_SETS=tuning,fresh leaves the held-out set alone while tuning.
    let only = std::env::var("XLINKDIAG_PUBLIC_SETS").ok();
    let bless = std::env::var_os("XLINKDIAG_BLESS").is_some();
    let expected = read_expected(&root);
    let mut all: Vec<(String, String, Option<String>)> = Vec::new();
    let mut failures = Vec::new();
    for (dir, set) in [
        (root.clone(), "tuning"),
        (root.join("fresh"), "fresh"),
        (root.join("fresh2"), "fresh2"),
        (root.join("fresh3"), "fresh3"),
        (root.join("holdout"), "holdout"),
    ] {
        if !dir.is_dir()
            || only
                .as_deref()
                .is_some_and(|o| !o.split(',').any(|s| s == set))
        {
            continue;
        }
        let (right, total, results) = run(&dir, &format!("public logs ({set})"));
        if set == "tuning" && (right as f64) < 0.95 * total as f64 {
            failures.push(format!(
                "tuning set: {right} of {total} right ({:.1}%), below 95%",
                right as f64 * 100.0 / total as f64
            ));
        }
        for (case, miss) in results {
            match expected.get(&(set.to_string(), case.clone())) {
                Some(true) if miss.is_some() => failures.push(format!(
                    "{set}/{case} was right and is now wrong: {}",
                    miss.as_deref().unwrap_or_default()
                )),
                None if !bless => {
                    failures.push(format!("{set}/{case} is not in {EXPECTED}: bless it"))
                }
                _ => {}
            }
            all.push((set.to_string(), case, miss));
        }
    }
    if bless {
        // A partial run keeps the other sets' lines.
        let mut merged: BTreeMap<(String, String), Option<String>> = BTreeMap::new();
        for ((set, case), right) in &expected {
            merged.insert(
                (set.clone(), case.clone()),
                (!right).then(|| "(not run)".to_string()),
            );
        }
        let text = fs::read_to_string(root.join(EXPECTED)).unwrap_or_default();
        for l in text.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = l.split('\t').collect();
            if f.len() >= 4 && f[2] == "miss" {
                merged.insert((f[0].into(), f[1].into()), Some(f[3].to_string()));
            }
        }
        for (set, case, miss) in &all {
            merged.insert((set.clone(), case.clone()), miss.clone());
        }
        let rows: Vec<(String, String, Option<String>)> =
            merged.into_iter().map(|((s, c), m)| (s, c, m)).collect();
        write_expected(&root, &rows);
        eprintln!("{EXPECTED} blessed ({} cases)", rows.len());
        return;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
