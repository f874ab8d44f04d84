//! The shim's report on a failed link: the text to add after the linker's stderr (each line
//! prefixed `xlinkdiag:` so it reads as ours inside rustc's note), and the JSON document
//! written to `XLINKDIAG_REPORT` and kept as `<target dir>/xlinkdiag/last-link.json`. Only
//! rendering: the command (`shim::report`) decides what to write and where.

use std::path::PathBuf;

use crate::diagnose::link::LinkDiagnosis;
use crate::sanitize;

/// What the text includes besides the findings.
#[derive(Clone, Copy, Debug, Default)]
pub struct ShimText {
    /// Every culprit's members, paths and notes (`XLINKDIAG_VERBOSE`).
    pub verbose: bool,
    /// The whole report on one `xlinkdiag: data:` line, for `annotate` (in CI).
    pub data: bool,
    /// GitHub workflow commands, so the findings become annotations of the run.
    pub github: bool,
}

/// What became of the JSON reports, to say once it is known.
#[derive(Debug, Default)]
pub struct Said {
    /// The kept report to announce.
    pub kept: Option<PathBuf>,
    /// Reports that could not be written, and why.
    pub unwritten: Vec<(PathBuf, std::io::Error)>,
}

/// The JSON document of the diagnosis.
pub fn json(d: &LinkDiagnosis) -> Option<Vec<u8>> {
    let mut json = Vec::new();
    super::json::render(&d.report, &mut json).ok()?;
    Some(json)
}

/// The one line saying a report could not be written, and why.
fn not_written(file: &std::path::Path, e: &std::io::Error) -> String {
    format!(
        "xlinkdiag: could not write the JSON report to {}: {}\n",
        sanitize::text(&file.to_string_lossy()),
        sanitize::text(&e.to_string())
    )
}

/// What the shim adds after the linker's stderr (`None`: nothing).
pub fn text(d: &LinkDiagnosis, how: &ShimText, said: &Said) -> Option<Vec<u8>> {
    let unwritten: Vec<String> = said
        .unwritten
        .iter()
        .map(|(f, e)| not_written(f, e))
        .collect();
    if d.report.findings.is_empty() {
        return (!unwritten.is_empty()).then(|| unwritten.concat().into_bytes());
    }
    let mut text = Vec::new();
    let pal = super::Palette::new(false);
    let detail = super::human::Detail {
        verbose: how.verbose,
        fix_command: Some(super::shell::FIX_APPLY.to_string()),
    };
    super::human::render_findings(
        &d.report.findings,
        d.report.target.as_deref(),
        &detail,
        &pal,
        &mut text,
    )
    .ok()?;
    let mut out = Vec::new();
    for line in String::from_utf8_lossy(&text).lines() {
        if line.is_empty() {
            continue;
        }
        out.extend_from_slice(format!("xlinkdiag: {line}\n").as_bytes());
    }
    if let Some(file) = &said.kept {
        out.extend_from_slice(
            format!(
                "xlinkdiag: the JSON report is in {}\n",
                sanitize::text(&file.to_string_lossy())
            )
            .as_bytes(),
        );
    }
    for line in &unwritten {
        out.extend_from_slice(line.as_bytes());
    }
    // Read back by `annotate` with the same model that wrote it (never from the sentences
    // above).
    if how.data {
        let mut line = super::json::DATA_PREFIX.as_bytes().to_vec();
        if super::json::render_line(&d.report, &mut line).is_ok() {
            out.extend_from_slice(&line);
        }
    }
    // The runner reads workflow commands from either stream, after leading blanks (rustc
    // indents the linker's stderr inside its note).
    if how.github {
        out.extend(super::github::github_lines(
            &d.report.findings,
            d.report.target.as_deref(),
        ));
    }
    Some(out)
}
