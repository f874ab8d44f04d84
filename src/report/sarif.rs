//! SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`).
//!
//! Code scanning shows results on files of the repository only, so each result points at a
//! [`RepoFile`] (the culprit crate's build.rs or Cargo.toml when it is in the workspace, else
//! the workspace's Cargo.toml); the artifact the linker named stays in the message and the
//! properties. One result per cause, one location per culprit file. One rule per finding kind, with docs/diagnostics.md's section as its help.
//! `tests/integration/annotate.rs` validates the output against the OASIS schema in
//! `testdata/sarif-schema-2.1.0.json`.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::github::{RepoFile, fingerprint};
use crate::diagnose::cause::{self, CauseGroup};
use crate::diagnose::{Finding, Kind, Severity};

/// Where results point when nothing better is known.
const FALLBACK_FILE: &str = "Cargo.toml";

pub fn render(
    findings: &[Finding],
    target: Option<&str>,
    locate: &dyn Fn(&Finding) -> Option<RepoFile>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let groups = cause::group(findings, target);
    let mut kinds: Vec<Kind> = groups.iter().map(|g| g.kind).collect();
    kinds.sort();
    kinds.dedup();
    let rules: Vec<Value> = kinds.iter().map(|k| rule(*k)).collect();
    let results: Vec<Value> = groups
        .iter()
        .map(|g| {
            let index = kinds.iter().position(|k| *k == g.kind).unwrap_or(0);
            result(g, findings, target, index, locate)
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

/// One result per cause: its sentence and fix in the message, one location per culprit
/// file of the repository (the first is where code scanning shows it).
fn result(
    g: &CauseGroup,
    findings: &[Finding],
    target: Option<&str>,
    rule_index: usize,
    locate: &dyn Fn(&Finding) -> Option<RepoFile>,
) -> Value {
    let members: Vec<&Finding> = g.findings.iter().map(|&i| &findings[i]).collect();
    let mut files: Vec<RepoFile> = members.iter().filter_map(|f| locate(f)).collect();
    files.dedup();
    if files.is_empty() {
        files.push(RepoFile {
            path: FALLBACK_FILE.into(),
            line: None,
        });
    }
    let mut text = g.message.clone();
    let shell = super::shell::lines(&g.env, &g.unset, target);
    if !shell.is_empty() {
        text.push_str(&format!(". Fix: {}", shell.join("; ")));
    }
    let artifacts: Vec<String> = members
        .iter()
        .map(|f| f.path.to_string_lossy().into_owned())
        .collect();
    text.push_str(&format!(" ({})", artifacts.join(", ")));
    let locations: Vec<Value> = files
        .iter()
        .map(|file| {
            json!({"physicalLocation": {
                "artifactLocation": {"uri": uri(&file.path), "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": file.line.unwrap_or(1).max(1)},
            }})
        })
        .collect();
    json!({
        "ruleId": g.kind.as_str(),
        "ruleIndex": rule_index,
        "level": match g.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        },
        "message": {"text": text},
        "locations": locations,
        "partialFingerprints": {"xlinkdiag/v1": fingerprint(g, findings)},
        "properties": {
            "cause": g.cause,
            "crates": g.crates,
            "packages": members.iter().filter_map(|f| f.package.clone()).collect::<Vec<_>>(),
            "artifacts": artifacts,
            "env": g.env,
            "unset": g.unset,
            "help": g.help,
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
