//! The shim's own diagnosis inside a log. When xlinkdiag was the linker, its findings on
//! every input of the link follow the linker's stderr, each line prefixed `xlinkdiag:`:
//!
//! ```text
//! xlinkdiag: error[wrong-architecture]: crate `miniz_sys` holds x86_64 objects, but …
//! xlinkdiag:   --> /t/target/mips-unknown-linux-musl/debug/deps/libminiz_sys-….rlib
//! xlinkdiag:    = note: 2 members at fault: 1d1ea73a2512983e-miniz_adler.o, …
//! xlinkdiag:    = help: set CC_mips_unknown_linux_musl=mips-linux-gnu-gcc …
//! ```
//!
//! That text was made from the files while they existed, so it names every culprit even
//! where GNU ld named one; it is read back here when the files are gone.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::LazyLock;

use regex::Regex;

use super::make;
use crate::artifacts::Format;
use crate::diagnose::{Finding, Kind, Severity};
use crate::target::TargetSpec;

static HEAD: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^xlinkdiag: (?P<sev>error|warning|note)\[(?P<kind>[a-z0-9-]+)\]: (?P<msg>.*)$")
        .ok()
});
static ITEM: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^xlinkdiag:\s+(?:--> (?P<path>.+)|= (?P<what>note|help): (?P<text>.*))$").ok()
});
static CRATE: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^crate `(?P<c>[^`]+)`").ok());
static FOUND: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r" holds (?P<arch>[a-z0-9_]+) objects").ok());
static PACKAGE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r" in the build script of package (?P<p>[A-Za-z0-9_.-]+) ").ok());
static MEMBERS: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^\d+ (?:foreign )?members?(?: at fault)?: (?P<list>.+)$").ok());

pub fn findings(stderr: &[String], spec: Option<&'static TargetSpec>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    // Whether the lines below belong to the last finding (not to a kind we do not know).
    let mut open = false;
    for line in stderr {
        if let Some(c) = HEAD.as_ref().and_then(|r| r.captures(line)) {
            open = false;
            if let Some(kind) = Kind::from_name(&c["kind"]) {
                out.push(head(kind, &c["sev"], &c["msg"], spec));
                open = true;
            }
            continue;
        }
        let (Some(f), true, Some(c)) = (
            out.last_mut(),
            open,
            ITEM.as_ref().and_then(|r| r.captures(line)),
        ) else {
            continue;
        };
        let text = c.name("text").map_or("", |m| m.as_str());
        if let Some(p) = c.name("path") {
            f.path = PathBuf::from(p.as_str());
        } else if &c["what"] == "help" {
            if let Some(pairs) = text.strip_prefix("set ")
                && f.env.is_empty()
            {
                f.env = settings(pairs);
            }
            f.help.push(text.to_string());
        } else {
            if let Some(m) = MEMBERS.as_ref().and_then(|r| r.captures(text)) {
                f.members = members(&m["list"]);
                f.member = f.members.first().cloned();
            }
            if let Some(p) = PACKAGE.as_ref().and_then(|r| r.captures(text)) {
                f.package = Some(p["p"].to_string());
            }
            f.notes.push(text.to_string());
        }
    }
    for f in &mut out {
        f.notes
            .push("from the shim's diagnosis in the log, made while the files existed".into());
    }
    out
}

/// `a.o, b.o and 3 more` → a.o, b.o.
fn members(list: &str) -> Vec<String> {
    let list = match list.rsplit_once(" and ") {
        Some((head, tail)) if tail.ends_with(" more") => head,
        _ => list,
    };
    list.split(", ")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn head(kind: Kind, sev: &str, msg: &str, spec: Option<&'static TargetSpec>) -> Finding {
    let crate_name = CRATE
        .as_ref()
        .and_then(|r| r.captures(msg))
        .map(|c| c["c"].to_string());
    let arch = FOUND
        .as_ref()
        .and_then(|r| r.captures(msg))
        .map(|c| c["arch"].to_string());
    let mut f = make::finding(make::Parts {
        kind,
        path: PathBuf::new(),
        members: Vec::new(),
        found: make::object(Format::Elf, arch.as_deref(), 0),
        spec,
        crate_name: crate_name.clone(),
        package: None,
        build_system: None,
        fix: make::advice(Vec::new()),
        message: msg.to_string(),
        notes: Vec::new(),
        symbols: Vec::new(),
    });
    f.severity = match sev {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        _ => Severity::Note,
    };
    f
}

/// `A=1 B=-C link-arg=-latomic` → {A: 1, B: "-C link-arg=-latomic"}: a word that does not
/// start with a variable name continues the value before it.
fn settings(pairs: &str) -> BTreeMap<String, String> {
    let mut env: BTreeMap<String, String> = BTreeMap::new();
    let mut last: Option<String> = None;
    for word in pairs.split(' ') {
        let var = word.split_once('=').filter(|(k, _)| {
            !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        });
        match (var, &last) {
            (Some((k, v)), _) => {
                env.insert(k.to_string(), v.to_string());
                last = Some(k.to_string());
            }
            (None, Some(k)) => {
                if let Some(v) = env.get_mut(k) {
                    v.push(' ');
                    v.push_str(word);
                }
            }
            (None, None) => {}
        }
    }
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_keep_values_with_spaces() {
        let env = settings("A_x=1 CARGO_TARGET_X_RUSTFLAGS=-C link-arg=-latomic B=2");
        assert_eq!(env["A_x"], "1");
        assert_eq!(env["CARGO_TARGET_X_RUSTFLAGS"], "-C link-arg=-latomic");
        assert_eq!(env["B"], "2");
    }

    #[test]
    fn reads_the_shims_lines() {
        let lines: Vec<String> = [
            "xlinkdiag: error[wrong-architecture]: crate `miniz_sys` holds x86_64 objects, but the target t needs mips",
            "xlinkdiag:   --> /t/libminiz_sys-0123456789abcdef.rlib",
            "xlinkdiag:    |",
            "xlinkdiag:    = note: 9 members at fault: a.o, b.o and 7 more",
            "xlinkdiag:    = help: set CC_x=gcc AR_x=ar",
            "xlinkdiag: error[no-such-kind]: x",
            "xlinkdiag:    = note: belongs to nothing",
        ]
        .map(String::from)
        .to_vec();
        let f = findings(&lines, None);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].crate_name.as_deref(), Some("miniz_sys"));
        assert_eq!(f[0].found.arch, "x86_64");
        assert_eq!(f[0].members, ["a.o", "b.o"]);
        assert_eq!(f[0].env["CC_x"], "gcc");
    }
}
