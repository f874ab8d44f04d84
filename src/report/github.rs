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

use std::collections::HashMap;
use std::io::{self, Write};

use crate::diagnose::scan::Omitted;
use crate::diagnose::{Finding, Severity};

/// Annotations of one level GitHub shows for a step.
pub const MAX_PER_LEVEL: usize = 10;

/// Culprits the closing annotation names before it only counts the rest.
const MAX_NAMED: usize = 50;

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
pub fn github_lines(findings: &[Finding]) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = render(findings, &|_| None, &mut out);
    out
}

/// One annotation per culprit (findings of one crate together), in the order given.
pub fn render(
    findings: &[Finding],
    locate: &dyn Fn(&Finding) -> Option<RepoFile>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let groups = by_culprit(findings);
    for level in [Severity::Error, Severity::Warning, Severity::Note] {
        let of_level: Vec<&Vec<&Finding>> = groups.iter().filter(|g| worst(g) == level).collect();
        let shown = if of_level.len() > MAX_PER_LEVEL {
            MAX_PER_LEVEL - 1
        } else {
            of_level.len()
        };
        for g in &of_level[..shown] {
            write_one(g, level, locate(g[0]), out)?;
        }
        let rest = &of_level[shown..];
        if !rest.is_empty() {
            let mut names: Vec<String> = rest
                .iter()
                .take(MAX_NAMED)
                .map(|g| culprit_name(g[0]))
                .collect();
            if rest.len() > MAX_NAMED {
                names.push(format!("{} more", rest.len() - MAX_NAMED));
            }
            writeln!(
                out,
                "::{} title={}::{}",
                command(level),
                escape_property(&format!("xlinkdiag: {} more culprits", rest.len())),
                escape_data(&format!(
                    "Not shown here (GitHub shows {MAX_PER_LEVEL} annotations per step): {}. The job summary and `xlinkdiag annotate` list them all.",
                    names.join(", ")
                ))
            )?;
        }
    }
    Ok(())
}

/// One warning that says what the caps on memory left out, when they did.
pub fn render_omitted(o: &Omitted, out: &mut dyn Write) -> io::Result<()> {
    let Some(line) = super::human::omitted_line(o) else {
        return Ok(());
    };
    writeln!(
        out,
        "::warning title={}::{}",
        escape_property("xlinkdiag: not everything is shown"),
        escape_data(&line)
    )
}

fn write_one(
    group: &[&Finding],
    level: Severity,
    file: Option<RepoFile>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let first = group[0];
    let mut props = Vec::new();
    if let Some(f) = file {
        props.push(format!("file={}", escape_property(&f.path)));
        props.push(format!("line={}", f.line.unwrap_or(1)));
    }
    let kinds: Vec<&str> = group.iter().map(|f| f.kind.as_str()).collect();
    props.push(format!(
        "title={}",
        escape_property(&format!(
            "xlinkdiag {}: {}",
            kinds.join(", "),
            culprit_name(first)
        ))
    ));
    writeln!(
        out,
        "::{} {}::{}",
        command(level),
        props.join(","),
        escape_data(&message(group))
    )
}

/// The finding's message, then what to set, then the first help line that is not the
/// `set …` line again.
fn message(group: &[&Finding]) -> String {
    let mut lines = Vec::new();
    for f in group {
        lines.push(f.message.clone());
        if !f.env.is_empty() {
            let set: Vec<String> = f.env.iter().map(|(k, v)| format!("{k}={v}")).collect();
            lines.push(format!("fix: set {}", set.join(" ")));
        }
        if let Some(h) = f.help.iter().find(|h| !h.starts_with("set ")) {
            lines.push(h.clone());
        }
    }
    lines.join("\n")
}

fn command(level: Severity) -> &'static str {
    match level {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    }
}

fn worst(group: &[&Finding]) -> Severity {
    group
        .iter()
        .map(|f| f.severity)
        .min()
        .unwrap_or(Severity::Note)
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

/// Findings grouped by culprit crate (or, without one, by finding), first appearance first.
/// Indexed by crate: a log of 100,000 culprits once made this search quadratic (issue 19).
fn by_culprit(findings: &[Finding]) -> Vec<Vec<&Finding>> {
    let mut groups: Vec<Vec<&Finding>> = Vec::new();
    let mut by_crate: HashMap<&str, usize> = HashMap::new();
    for f in findings {
        let Some(c) = f.crate_name.as_deref() else {
            groups.push(vec![f]);
            continue;
        };
        match by_crate.get(c) {
            Some(&i) => groups[i].push(f),
            None => {
                by_crate.insert(c, groups.len());
                groups.push(vec![f]);
            }
        }
    }
    groups
}

/// A stable identity of a finding across runs (no temp paths, no cargo hashes): the same
/// culprit of the same kind gets the same fingerprint, for SARIF and GitLab to match results.
pub fn fingerprint(f: &Finding) -> String {
    let who = match &f.crate_name {
        Some(c) => c.clone(),
        None => f
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    // FNV-1a, 64 bits: no dependency, and stable across Rust versions (std's hasher is not).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in format!("{}\0{who}", f.kind.as_str()).bytes() {
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
