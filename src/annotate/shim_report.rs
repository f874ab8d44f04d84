//! The report the linker shim leaves at `<target dir>/xlinkdiag/last-link.json`: the
//! engine's findings on the very link that failed, with every input it had (rustc's omitted
//! objects too). Read leniently: fields are added to the contract over time, unknown kinds
//! are skipped, and a report that does not parse is no report.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::diagnose::Finding;
use crate::diagnose::scan::LinkIdentity;

/// A report larger than this is not one the shim wrote.
const MAX_REPORT: u64 = 64 * 1024 * 1024;

pub const FILE: &str = crate::cargo::layout::LAST_LINK;

/// The report of the failed link of `output` (as the log's command line names it), under the
/// target dir `dir`: its own `links/<key>.json`, else `last-link.json` when that names the
/// same output. A report tied to no link, or to another one, is never taken: an earlier
/// failure must not answer for a later one.
///
/// A later failure of the same output replaces the report: the linker's first line, which
/// the report keeps, must be among `stderr`, the lines the log shows of this failure.
pub fn load_for(
    dir: &Path,
    output: &Path,
    stderr: &[String],
    problems: &mut Vec<(PathBuf, String)>,
) -> Option<(Option<String>, Vec<Finding>)> {
    let ours = |link: &Option<LinkIdentity>| {
        link.as_ref().is_some_and(|l| {
            Path::new(&l.output) == output
                && (l.first_line.is_empty()
                    || stderr
                        .iter()
                        .any(|s| s.trim().ends_with(l.first_line.as_str())))
        })
    };
    let own = crate::cargo::layout::link_report(dir, output);
    if let Ok(Some((target, findings, link))) = read_doc(&own)
        && ours(&link)
    {
        return Some((target, findings));
    }
    let last = dir.join(FILE);
    match read_doc(&last) {
        Ok(Some((target, findings, link))) if ours(&link) => Some((target, findings)),
        Ok(_) => None,
        Err(e) => {
            if crate::fsio::is_not_regular(&e) && !problems.iter().any(|(p, _)| *p == last) {
                problems.push((last, e.to_string()));
            }
            None
        }
    }
}

/// A report's target, findings and the output of the link it is about.
#[allow(clippy::type_complexity)]
fn read_doc(
    path: &Path,
) -> std::io::Result<Option<(Option<String>, Vec<Finding>, Option<LinkIdentity>)>> {
    let bytes = crate::fsio::read_capped(path, MAX_REPORT + 1)?;
    if bytes.len() as u64 > MAX_REPORT {
        return Ok(None);
    }
    let Ok(doc) = serde_json::from_slice::<Value>(&bytes) else {
        return Ok(None);
    };
    let link = LinkIdentity::deserialize(&doc["link"]).ok();
    Ok(findings_of(&doc).map(|(t, f)| (t, f, link)))
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
    findings_of(&serde_json::from_slice(text).ok()?)
}

fn findings_of(doc: &Value) -> Option<(Option<String>, Vec<Finding>)> {
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
