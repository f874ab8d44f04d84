//! A GitLab Code Quality report: a JSON array of issues with `description`, `check_name`,
//! `fingerprint`, `severity` and `location` (`artifacts: reports: codequality:`). Like SARIF,
//! each issue points at a file of the repository.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::github::{RepoFile, fingerprint};
use crate::diagnose::{Finding, Severity};

pub fn render(
    findings: &[Finding],
    locate: &dyn Fn(&Finding) -> Option<RepoFile>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let issues: Vec<Value> = findings
        .iter()
        .map(|f| {
            let file = locate(f).unwrap_or_else(|| RepoFile {
                path: "Cargo.toml".into(),
                line: None,
            });
            let mut description = f.message.clone();
            if !f.env.is_empty() {
                let set: Vec<String> = f.env.iter().map(|(k, v)| format!("{k}={v}")).collect();
                description.push_str(&format!(". Fix: set {}", set.join(" ")));
            }
            json!({
                "description": description,
                "check_name": f.kind.as_str(),
                "fingerprint": fingerprint(f),
                // `blocker` is left for GitLab's own gates; a culprit is critical.
                "severity": match f.severity {
                    Severity::Error => "critical",
                    Severity::Warning => "minor",
                    Severity::Note => "info",
                },
                "location": {"path": file.path, "lines": {"begin": file.line.unwrap_or(1).max(1)}},
            })
        })
        .collect();
    crate::sanitize::write_json(&issues, out)
}
