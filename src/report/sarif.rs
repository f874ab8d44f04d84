//! SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`).
//!
//! Code scanning shows results on files of the repository only, so each result points at a
//! [`RepoFile`] (the culprit crate's build.rs or Cargo.toml when it is in the workspace, else
//! the workspace's Cargo.toml); the artifact the linker named stays in the message and the
//! properties. One rule per finding kind, with docs/diagnostics.md's section as its help.
//! `tests/integration/annotate.rs` validates the output against the OASIS schema in
//! `testdata/sarif-schema-2.1.0.json`.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::github::{RepoFile, fingerprint};
use crate::diagnose::{Finding, Kind, Severity};

/// Where results point when nothing better is known.
const FALLBACK_FILE: &str = "Cargo.toml";

pub fn render(
    findings: &[Finding],
    locate: &dyn Fn(&Finding) -> Option<RepoFile>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut kinds: Vec<Kind> = findings.iter().map(|f| f.kind).collect();
    kinds.sort();
    kinds.dedup();
    let rules: Vec<Value> = kinds.iter().map(|k| rule(*k)).collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let index = kinds.iter().position(|k| *k == f.kind).unwrap_or(0);
            result(f, index, locate(f))
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "xlinkdiag",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the repository root"}}},
            "results": results,
        }],
    });
    crate::sanitize::write_json(&doc, out)
}

fn rule(kind: Kind) -> Value {
    let help = crate::diagnose::finding::doc_section(kind.as_str()).unwrap_or(kind.description());
    json!({
        "id": kind.as_str(),
        "shortDescription": {"text": kind.description()},
        "fullDescription": {"text": kind.description()},
        "help": {"text": help, "markdown": help},
        "defaultConfiguration": {"level": "error"},
    })
}

fn result(f: &Finding, rule_index: usize, file: Option<RepoFile>) -> Value {
    let file = file.unwrap_or_else(|| RepoFile {
        path: FALLBACK_FILE.into(),
        line: None,
    });
    let mut text = f.message.clone();
    if !f.env.is_empty() {
        let set: Vec<String> = f.env.iter().map(|(k, v)| format!("{k}={v}")).collect();
        text.push_str(&format!(". Fix: set {}", set.join(" ")));
    }
    text.push_str(&format!(" ({})", f.path.to_string_lossy()));
    json!({
        "ruleId": f.kind.as_str(),
        "ruleIndex": rule_index,
        "level": match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        },
        "message": {"text": text},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": uri(&file.path), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": file.line.unwrap_or(1).max(1)},
        }}],
        "partialFingerprints": {"xlinkdiag/v1": fingerprint(f)},
        "properties": {
            "crate": f.crate_name,
            "package": f.package,
            "artifact": f.path.to_string_lossy(),
            "member": f.member,
            "env": f.env,
            "help": f.help,
        },
    })
}

/// A relative path as a URI reference: `/` separators and percent-escapes for what a URI
/// cannot hold literally.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_relative_references() {
        assert_eq!(super::uri("zstd-sys/build.rs"), "zstd-sys/build.rs");
        assert_eq!(super::uri("a b/c#d.rs"), "a%20b/c%23d.rs");
    }

    #[test]
    fn every_kind_has_help() {
        for k in crate::diagnose::Kind::all() {
            assert!(
                crate::diagnose::finding::doc_section(k.as_str()).is_some_and(|s| !s.is_empty())
            );
        }
    }
}
