//! A GitLab Code Quality report: a JSON array of issues with `description`, `check_name`,
//! `fingerprint`, `severity` and `location` (`artifacts: reports: codequality:`). Like SARIF,
//! one issue per cause, pointing at a file of the repository (its first culprit's).

use std::io::{self, Write};

use serde_json::{Value, json};

use super::github::{RepoFile, culprit_name, fingerprint};
use crate::diagnose::cause;
use crate::diagnose::{Finding, Severity};

pub fn render(
    findings: &[Finding],
    target: Option<&str>,
    locate: &dyn Fn(&Finding) -> Option<RepoFile>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let issues: Vec<Value> = cause::group(findings, target)
        .iter()
        .map(|g| {
            let file = g
                .findings
                .iter()
                .find_map(|&i| locate(&findings[i]))
                .unwrap_or_else(|| RepoFile {
                    path: "Cargo.toml".into(),
                    line: None,
                });
            let who: Vec<String> = g
                .findings
                .iter()
                .map(|&i| culprit_name(&findings[i]))
                .collect();
            let mut description = if who.len() > 1 {
                format!("{} ({})", g.message, who.join(", "))
            } else {
                g.message.clone()
            };
            let shell = super::shell::lines(&g.env, &g.unset, target);
            if !shell.is_empty() {
                description.push_str(&format!(". Fix: {}", shell.join("; ")));
            }
            json!({
                "description": description,
                "check_name": g.kind.as_str(),
                "fingerprint": fingerprint(g, findings),
                // `blocker` is left for GitLab's own gates; a culprit is critical.
                "severity": match g.severity {
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
