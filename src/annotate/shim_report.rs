//! The report the linker shim leaves at `<target dir>/xlinkdiag/last-link.json`: the
//! engine's findings on the very link that failed, with every input it had (rustc's omitted
//! objects too). Read leniently: fields are added to the contract over time, unknown kinds
//! are skipped, and a report that does not parse is no report.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::diagnose::Finding;

/// A report larger than this is not one the shim wrote.
const MAX_REPORT: u64 = 64 * 1024 * 1024;

pub const FILE: &str = "xlinkdiag/last-link.json";

/// The report's target and findings, if `dir` holds one; a report that is there but not a
/// regular file (a FIFO, `/dev/zero`) is noted in `problems`.
pub fn load(
    dir: &Path,
    problems: &mut Vec<(PathBuf, String)>,
) -> Option<(Option<String>, Vec<Finding>)> {
    let path = dir.join(FILE);
    match read(&path) {
        Ok(r) => r,
        Err(e) => {
            if crate::fsio::is_not_regular(&e) && !problems.iter().any(|(p, _)| *p == path) {
                problems.push((path, e.to_string()));
            }
            None
        }
    }
}

/// The target and findings of a report file in the scan's JSON form.
pub fn load_file(path: &Path) -> Option<(Option<String>, Vec<Finding>)> {
    read(path).ok().flatten()
}

#[allow(clippy::type_complexity)]
fn read(path: &Path) -> std::io::Result<Option<(Option<String>, Vec<Finding>)>> {
    let bytes = crate::fsio::read_capped(path, MAX_REPORT + 1)?;
    if bytes.len() as u64 > MAX_REPORT {
        return Ok(None);
    }
    Ok(from_json(&bytes))
}

/// The target and findings of a report's JSON text.
pub fn from_json(text: &[u8]) -> Option<(Option<String>, Vec<Finding>)> {
    let doc: Value = serde_json::from_slice(text).ok()?;
    let target = doc["target"].as_str().map(str::to_string);
    let findings = doc["findings"]
        .as_array()?
        .iter()
        .filter_map(finding)
        .collect();
    Some((target, findings))
}

/// One finding of the report, read with the same serde model it was written with; a kind
/// this version does not know (a newer writer) skips the finding.
fn finding(v: &Value) -> Option<Finding> {
    Finding::deserialize(v).ok()
}

#[cfg(test)]
mod tests {
    use crate::diagnose::Finding;

    fn sample() -> serde_json::Value {
        serde_json::json!({"kind": "wrong-architecture", "severity": "error",
            "path": "/t/libx-0123456789abcdef.rlib", "member": "a.o",
            "found": {"format": "elf", "arch": "x86_64", "machine": 62, "bits": 64, "endian": "little",
                      "file_type": "relocatable", "abi": {"float": "hard", "mips_abi": "o32"}},
            "expected": {"arch": "mips", "format": "elf", "bits": 32, "endian": "big", "float": "soft", "from": "x"},
            "crate": "x", "package": null, "env": {"CC_x": "gcc"}, "message": "m",
            "members": ["a.o"], "also_in": [], "provenance": {"build_system": "cc-rs", "compiler": "gcc"},
            "notes": ["n"], "help": ["h"]})
    }

    #[test]
    fn round_trips_the_scan_json() {
        let f = super::finding(&sample()).unwrap();
        assert_eq!(f.crate_name.as_deref(), Some("x"));
        assert_eq!(f.found.bits, Some(64));
        assert_eq!(f.found.abi.mips_abi, Some("o32"));
        // Written again, it is the document it was read from.
        assert_eq!(serde_json::to_value(&f).unwrap(), sample());
        let again: Finding = serde_json::from_value(serde_json::to_value(&f).unwrap()).unwrap();
        assert_eq!(serde_json::to_value(again).unwrap(), sample());
    }

    #[test]
    fn newer_reports_are_read_leniently() {
        let mut doc = sample();
        doc["future_field"] = serde_json::json!([1, 2]);
        assert!(super::finding(&doc).is_some());
        doc["kind"] = "no-such-kind".into();
        assert!(super::finding(&doc).is_none());
    }
}
