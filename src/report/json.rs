//! The versioned JSON document: `{"version": 1, "target", "findings"}`. Fields are added,
//! never renamed.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Serialize, Serializer};

use crate::diagnose::scan::ScanReport;

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    target: Option<&'a str>,
    findings: &'a [crate::diagnose::Finding],
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
    super::sanitize::write_json(&document(report), out)
}

/// The same document on one line, for the shim's `xlinkdiag: data:` line in a CI log.
pub fn render_line(report: &ScanReport, out: &mut dyn Write) -> io::Result<()> {
    super::sanitize::write_json_line(&document(report), out)
}

fn document(report: &ScanReport) -> Document<'_> {
    Document {
        version: VERSION,
        target: report.target.as_deref(),
        findings: &report.findings,
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

/// Paths are strings in the contract; a non-UTF-8 byte becomes U+FFFD.
pub fn path_str<S: Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&p.to_string_lossy())
}

pub fn paths_str<S: Serializer>(ps: &[PathBuf], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(ps.iter().map(|p| p.to_string_lossy()))
}
