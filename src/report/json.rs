//! The versioned JSON document: `{"version": 1, "target", "findings"}`. Fields are added,
//! never renamed.

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnose::scan::ScanReport;

pub const VERSION: u32 = 1;

/// What starts the shim's one-line JSON document in a CI log (`annotate` finds it after any
/// prefix the CI puts in front).
pub const DATA_PREFIX: &str = "xlinkdiag: data: ";

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    target: Option<&'a str>,
    findings: &'a [crate::diagnose::Finding],
    /// The findings grouped by cause, each with its one fix (`findings` are indexes).
    causes: Vec<crate::diagnose::cause::CauseGroup>,
    problems: Vec<Problem>,
    inspected: usize,
    /// Files that could not be judged (see `problems`).
    unjudged: usize,
    /// The failed link a shim report is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    link: Option<&'a crate::diagnose::scan::LinkIdentity>,
}

#[derive(Serialize)]
struct Problem {
    path: String,
    reason: String,
}

pub fn render(report: &ScanReport, out: &mut dyn Write) -> io::Result<()> {
    crate::sanitize::write_json(&document(report), out)
}

/// The same document on one line, for the shim's `xlinkdiag: data:` line in a CI log.
pub fn render_line(report: &ScanReport, out: &mut dyn Write) -> io::Result<()> {
    crate::sanitize::write_json_line(&document(report), out)
}

fn document(report: &ScanReport) -> Document<'_> {
    Document {
        version: VERSION,
        target: report.target.as_deref(),
        findings: &report.findings,
        causes: crate::diagnose::cause::group(&report.findings, report.target.as_deref()),
        problems: report
            .problems
            .iter()
            .map(|(p, r)| Problem {
                path: p.to_string_lossy().into_owned(),
                reason: r.clone(),
            })
            .collect(),
        inspected: report.inspected,
        unjudged: report.unjudged(),
        link: report.link.as_ref(),
    }
}
