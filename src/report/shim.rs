//! The shim's report on a failed link: the text to add after the linker's stderr (each line
//! prefixed `xlinkdiag:` so it reads as ours inside rustc's note), and the JSON report written
//! to `XLINKDIAG_REPORT` and kept as `<target dir>/xlinkdiag/last-link.json`. The diagnosis
//! (`diagnose::link`) returns data only; what is said and written about it is decided here.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::cargo::layout;
use crate::diagnose::link;
use crate::sanitize;

/// The one line saying a report could not be written, and why.
fn not_written(file: &Path, e: &std::io::Error) -> String {
    format!(
        "xlinkdiag: could not write the JSON report to {}: {}\n",
        sanitize::text(&file.to_string_lossy()),
        sanitize::text(&e.to_string())
    )
}

/// Writes the report of the failed link of `output` as `links/<output's key>.json` and points
/// `last-link.json` at it (one file without an output). Returns the path to announce.
fn keep_report(
    dir: &Path,
    output: Option<&Path>,
    json: &[u8],
    unwritten: &mut Vec<String>,
) -> Option<PathBuf> {
    let last = dir.join(layout::LAST_LINK);
    let written = match output {
        Some(o) => {
            let own = layout::link_report(dir, o);
            let rel = Path::new("links").join(own.file_name()?);
            own.parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| crate::fsio::write_atomic(&own, json))
                .and_then(|()| crate::fsio::link_atomic(&last, &rel))
        }
        None => last
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| crate::fsio::write_atomic(&last, json)),
    };
    match written {
        Ok(()) => Some(last),
        Err(e) => {
            unwritten.push(not_written(&last, &e));
            None
        }
    }
}

/// Diagnoses the failed link and returns what the shim adds after the linker's stderr
/// (`None`: nothing), having written the JSON reports.
pub fn report_for_shim(
    linker: &Path,
    linker_var: Option<&str>,
    args: &[OsString],
    stderr: &[u8],
    cwd: &Path,
) -> Option<Vec<u8>> {
    let d = link::diagnose_failure(linker, linker_var, args, stderr, cwd);
    let mut json = Vec::new();
    super::json::render(&d.report, &mut json).ok()?;
    // What happened to each report, said only once it is known: never "the report is in …"
    // for a file that was not written.
    let mut unwritten = Vec::new();
    if let Some(file) = crate::env::var_os("XLINKDIAG_REPORT") {
        let file = PathBuf::from(file);
        if let Err(e) = crate::fsio::write_atomic(&file, &json) {
            unwritten.push(not_written(&file, &e));
        }
    }
    let kept = d
        .target_dir
        .as_ref()
        .and_then(|dir| keep_report(dir, d.output.as_deref(), &json, &mut unwritten));
    if d.report.findings.is_empty() {
        return (!unwritten.is_empty()).then(|| unwritten.concat().into_bytes());
    }
    let mut text = Vec::new();
    let pal = super::Palette::new(false);
    let detail = super::human::Detail {
        verbose: crate::env::flag("XLINKDIAG_VERBOSE"),
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
    if let Some(file) = kept {
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
    // In CI the whole report follows on one line, for `annotate` to read back with the same
    // model that wrote it (never from the sentences above).
    if crate::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false")
        || crate::env::flag("XLINKDIAG_DATA")
    {
        let mut line = super::json::DATA_PREFIX.as_bytes().to_vec();
        if super::json::render_line(&d.report, &mut line).is_ok() {
            out.extend_from_slice(&line);
        }
    }
    // In GitHub Actions the same findings become annotations of the run, with no extra
    // step. The runner reads workflow commands from either stream, after leading blanks
    // (rustc indents the linker's stderr inside its note).
    if crate::env::var("GITHUB_ACTIONS").as_deref() == Some("true") {
        out.extend(super::github::github_lines(
            &d.report.findings,
            d.report.target.as_deref(),
        ));
    }
    Some(out)
}
