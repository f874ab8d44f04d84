//! The report the linker shim leaves at `<target dir>/xlinkdiag/last-link.json`: the
//! engine's findings on the very link that failed, with every input it had (rustc's omitted
//! objects too). Read leniently: fields are added to the contract over time, unknown kinds
//! are skipped, and a report that does not parse is no report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::artifacts::identity::FoundFloat;
use crate::artifacts::{FileType, Format, ObjectId};
use crate::diagnose::finding::{ExpectedDesc, Provenance};
use crate::diagnose::{Finding, Kind, Severity};
use crate::target::Endian;

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
    let bytes = match crate::fsio::read_capped(&path, MAX_REPORT + 1) {
        Ok(b) => b,
        Err(e) => {
            if crate::fsio::is_not_regular(&e) && !problems.iter().any(|(p, _)| *p == path) {
                problems.push((path, e.to_string()));
            }
            return None;
        }
    };
    if bytes.len() as u64 > MAX_REPORT {
        return None;
    }
    let doc: Value = serde_json::from_slice(&bytes).ok()?;
    let target = doc["target"].as_str().map(str::to_string);
    let findings = doc["findings"]
        .as_array()?
        .iter()
        .filter_map(finding)
        .collect();
    Some((target, findings))
}

fn finding(v: &Value) -> Option<Finding> {
    let s = |k: &str| v[k].as_str().map(str::to_string);
    let list = |k: &str| -> Vec<String> {
        v[k].as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect()
    };
    let p = &v["provenance"];
    Some(Finding {
        kind: Kind::from_name(v["kind"].as_str()?)?,
        severity: match v["severity"].as_str()? {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            _ => Severity::Note,
        },
        path: PathBuf::from(v["path"].as_str()?),
        member: s("member"),
        found: object(&v["found"]),
        expected: expected(&v["expected"]),
        crate_name: s("crate"),
        package: s("package"),
        env: v["env"]
            .as_object()
            .into_iter()
            .flatten()
            .filter_map(|(k, x)| Some((k.clone(), x.as_str()?.to_string())))
            .collect::<BTreeMap<_, _>>(),
        message: s("message")?,
        members: list("members"),
        also_in: list("also_in").into_iter().map(PathBuf::from).collect(),
        provenance: Provenance {
            build_system: p["build_system"].as_str().map(str::to_string),
            build_dir: p["build_dir"].as_str().map(PathBuf::from),
            compiler: p["compiler"].as_str().map(str::to_string),
            compiler_from: p["compiler_from"].as_str().map(str::to_string),
            unset: str_list(&p["unset"]),
            producers: str_list(&p["producers"]),
        },
        notes: list("notes"),
        help: list("help"),
        symbols: list("symbols"),
    })
}

fn str_list(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

fn object(v: &Value) -> ObjectId {
    ObjectId {
        format: format(&v["format"]),
        arch: v["arch"].as_str().unwrap_or("unknown").to_string(),
        machine: v["machine"]
            .as_u64()
            .and_then(|m| u32::try_from(m).ok())
            .unwrap_or(0),
        bits: bits(&v["bits"]),
        endian: endian(&v["endian"]),
        file_type: match v["file_type"].as_str() {
            Some("executable") => FileType::Executable,
            Some("shared-library") => FileType::SharedLibrary,
            Some("import-library") => FileType::ImportLibrary,
            Some("other") => FileType::Other,
            _ => FileType::Relocatable,
        },
        abi: crate::artifacts::AbiInfo {
            float: float(&v["abi"]["float"]),
            ..Default::default()
        },
        damage: None,
    }
}

fn expected(v: &Value) -> ExpectedDesc {
    ExpectedDesc {
        arch: v["arch"].as_str().unwrap_or("unknown").to_string(),
        format: format(&v["format"]),
        bits: bits(&v["bits"]),
        endian: endian(&v["endian"]),
        float: float(&v["float"]),
        abi: v["abi"].as_str().map(str::to_string),
        from: v["from"]
            .as_str()
            .unwrap_or("the shim's report")
            .to_string(),
    }
}

fn format(v: &Value) -> Format {
    match v.as_str() {
        Some("mach-o") => Format::MachO,
        Some("coff") => Format::Coff,
        Some("wasm") => Format::Wasm,
        Some("xcoff") => Format::Xcoff,
        Some("llvm-bitcode") => Format::LlvmBitcode,
        _ => Format::Elf,
    }
}

fn bits(v: &Value) -> Option<u8> {
    v.as_u64().and_then(|b| u8::try_from(b).ok())
}

fn endian(v: &Value) -> Option<Endian> {
    match v.as_str()? {
        "little" => Some(Endian::Little),
        "big" => Some(Endian::Big),
        _ => None,
    }
}

fn float(v: &Value) -> Option<FoundFloat> {
    Some(match v.as_str()? {
        "soft" => FoundFloat::Soft,
        "hard" => FoundFloat::Hard,
        "single" => FoundFloat::Single,
        "quad" => FoundFloat::Quad,
        "any" => FoundFloat::Any,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trips_the_scan_json() {
        let doc = serde_json::json!({"kind": "wrong-architecture", "severity": "error",
            "path": "/t/libx-0123456789abcdef.rlib", "member": "a.o",
            "found": {"format": "elf", "arch": "x86_64", "machine": 62, "bits": 64, "endian": "little", "file_type": "relocatable"},
            "expected": {"arch": "mips", "format": "elf", "bits": 32, "endian": "big", "float": "soft", "from": "x"},
            "crate": "x", "package": null, "env": {"CC_x": "gcc", "bad": 1}, "message": "m",
            "future_field": [1, 2]});
        let f = super::finding(&doc).unwrap();
        assert_eq!(f.crate_name.as_deref(), Some("x"));
        assert_eq!(f.found.bits, Some(64));
        assert_eq!(f.env.len(), 1);
        assert!(super::finding(&serde_json::json!({"kind": "no-such-kind"})).is_none());
    }
}
