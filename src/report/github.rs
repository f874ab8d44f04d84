//! GitHub Actions workflow commands: `::error file=…,line=…,title=…::message`.
//!
//! Everything written comes from files and logs an attacker may have named (member names,
//! paths, crate names), so every value is escaped exactly as actions/toolkit's
//! `packages/core/src/command.ts` does it: in the message (`escapeData`) `%`, CR and LF; in a
//! property (`escapeProperty`) also `:` and `,`. After that no value can end its line or its
//! property, so none can start a workflow command of its own.
//!
//! GitHub shows at most 10 annotations of each level per step (and 50 per job), so there is
//! one annotation per culprit crate, most important first, and past the cap one line that
//! says how many more there are. Workflow commands go to stdout, as `issueCommand` writes
//! them.

use std::io::{self, Write};

use crate::diagnose::cause::{self, CauseGroup};
use crate::diagnose::{Finding, Severity};

/// Annotations of one level GitHub shows for a step.
pub const MAX_PER_LEVEL: usize = 10;

/// A file in the repository a finding is best shown on (a crate's build.rs or Cargo.toml),
/// relative to the repository root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepoFile {
    pub path: String,
    pub line: Option<u32>,
}

/// `escapeData`, then every other control character (ESC, C1, …) shown escaped by the one
/// sanitiser: the runner would pass them on raw to the log viewer.
pub fn escape_data(s: &str) -> String {
    let escaped = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    crate::sanitize::text(&escaped).into_owned()
}

/// `escapeProperty`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The shim's lines when `GITHUB_ACTIONS=true`: the same annotations with no file, since a
/// link knows no repository path.
pub fn github_lines(findings: &[Finding], target: Option<&str>) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = render(findings, target, &|_| None, &mut out);
    out
}

/// One annotation per cause (its culprits listed, the fix once), in the order given; shown
/// on the file of its first culprit that has one.
pub fn render(
    findings: &[Finding],
    target: Option<&str>,
    locate: &dyn Fn(&Finding) -> Option<RepoFile>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let groups = cause::group(findings, target);
    for level in [Severity::Error, Severity::Warning, Severity::Note] {
        let of_level: Vec<&CauseGroup> = groups.iter().filter(|g| g.severity == level).collect();
        let shown = if of_level.len() > MAX_PER_LEVEL {
            MAX_PER_LEVEL - 1
        } else {
            of_level.len()
        };
        for g in &of_level[..shown] {
            let file = g.findings.iter().find_map(|&i| locate(&findings[i]));
            write_one(g, findings, target, file, out)?;
        }
        let rest = &of_level[shown..];
        if !rest.is_empty() {
            let names: Vec<String> = rest
                .iter()
                .map(|g| culprit_name(&findings[g.findings[0]]))
                .collect();
            writeln!(
                out,
                "::{} title={}::{}",
                command(level),
                escape_property(&format!("xlinkdiag: {} more causes", rest.len())),
                escape_data(&format!(
                    "Not shown here (GitHub shows {MAX_PER_LEVEL} annotations per step): {}. The job summary and `xlinkdiag annotate` list them all.",
                    names.join(", ")
                ))
            )?;
        }
    }
    Ok(())
}

fn write_one(
    g: &CauseGroup,
    findings: &[Finding],
    target: Option<&str>,
    file: Option<RepoFile>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut props = Vec::new();
    if let Some(f) = file {
        props.push(format!("file={}", escape_property(&f.path)));
        props.push(format!("line={}", f.line.unwrap_or(1)));
    }
    let who: Vec<String> = g
        .findings
        .iter()
        .map(|&i| culprit_name(&findings[i]))
        .collect();
    props.push(format!(
        "title={}",
        escape_property(&format!(
            "xlinkdiag {}: {}",
            g.kind.as_str(),
            who.join(", ")
        ))
    ));
    writeln!(
        out,
        "::{} {}::{}",
        command(g.severity),
        props.join(","),
        escape_data(&message(g, findings, target))
    )
}

/// Culprits listed under a cause's sentence, before the rest are counted.
const MAX_LISTED: usize = 10;

/// The cause's sentence, each culprit's (a lone one's is the sentence), its first words of
/// help, then the shell lines of its fix.
fn message(g: &CauseGroup, findings: &[Finding], target: Option<&str>) -> String {
    let mut lines = vec![g.message.clone()];
    if g.findings.len() > 1 {
        for &i in g.findings.iter().take(MAX_LISTED) {
            lines.push(format!("- {}", findings[i].message));
        }
        if g.findings.len() > MAX_LISTED {
            lines.push(format!("- and {} more", g.findings.len() - MAX_LISTED));
        }
    }
    if let Some(h) = g.help.first() {
        lines.push(h.clone());
    }
    lines.extend(super::shell::lines(&g.env, &g.unset, target));
    lines.join("\n")
}

fn command(level: Severity) -> &'static str {
    match level {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    }
}

/// `crate miniz_sys`, or the file when no crate is known.
pub fn culprit_name(f: &Finding) -> String {
    match &f.crate_name {
        Some(c) => format!("crate {c}"),
        None => f
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| f.path.to_string_lossy().into_owned()),
    }
}

/// A stable identity of a cause across runs (no temp paths, no cargo hashes): the same
/// cause reaching the same crates gets the same fingerprint, for SARIF and GitLab to match
/// results.
pub fn fingerprint(g: &CauseGroup, findings: &[Finding]) -> String {
    let mut who: Vec<String> = g
        .findings
        .iter()
        .map(|&i| {
            let f = &findings[i];
            match &f.crate_name {
                Some(c) => c.clone(),
                None => f
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            }
        })
        .collect();
    who.sort();
    let cause = serde_json::to_string(&g.cause).unwrap_or_default();
    // FNV-1a, 64 bits: no dependency, and stable across Rust versions (std's hasher is not).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in format!("{}\0{cause}\0{}", g.kind.as_str(), who.join("\0")).bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_toolkit_does() {
        assert_eq!(escape_data("50%\r\nnext"), "50%25%0D%0Anext");
        assert_eq!(escape_data("a::b,c"), "a::b,c");
        assert_eq!(escape_property("a::b,c%\n"), "a%3A%3Ab%2Cc%25%0A");
        // Escaping `%` first keeps an already-escaped-looking value literal.
        assert_eq!(escape_data("%0A"), "%250A");
    }
}
