//! The shim's answer to a failed link, at the command layer: it reads the settings that
//! decide what is said and written (`XLINKDIAG_REPORT`, `CI`/`XLINKDIAG_DATA`,
//! `GITHUB_ACTIONS`, `XLINKDIAG_VERBOSE`), runs the diagnosis against this machine, writes
//! the JSON reports, and has `report::shim` render the text. The diagnosis and the renderer
//! read no variable and write no file.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::diagnose::link;
use crate::report::shim::{Said, ShimText};

/// Diagnoses the failed link and returns what the shim adds after the linker's stderr
/// (`None`: nothing), having written the JSON reports.
pub fn report_for_shim(
    linker: &Path,
    linker_var: Option<&str>,
    args: &[OsString],
    stderr: &[u8],
    cwd: &Path,
) -> Option<Vec<u8>> {
    let d = link::diagnose_failure(
        linker,
        linker_var,
        args,
        stderr,
        cwd,
        &crate::toolchain::Live,
    );
    let json = crate::report::shim::json(&d)?;
    // What happened to each report, said only once it is known: never "the report is in …"
    // for a file that was not written.
    let mut said = Said::default();
    if let Some(file) = crate::env::var_os("XLINKDIAG_REPORT") {
        let file = PathBuf::from(file);
        if let Err(e) = crate::fsio::write_atomic(&file, &json) {
            said.unwritten.push((file, e));
        }
    }
    said.kept = d
        .target_dir
        .as_ref()
        .and_then(|dir| keep_report(dir, d.output.as_deref(), &json, &mut said.unwritten));
    let how = ShimText {
        verbose: crate::env::flag("XLINKDIAG_VERBOSE"),
        // In CI the whole report follows on one line, for `annotate` to read back.
        data: crate::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false")
            || crate::env::flag("XLINKDIAG_DATA"),
        github: crate::env::var("GITHUB_ACTIONS").as_deref() == Some("true"),
    };
    crate::report::shim::text(&d, &how, &said)
}

/// Writes the report of the failed link of `output` as `links/<output's key>.json` and points
/// `last-link.json` at it (one file without an output). Returns the path to announce.
fn keep_report(
    dir: &Path,
    output: Option<&Path>,
    json: &[u8],
    unwritten: &mut Vec<(PathBuf, std::io::Error)>,
) -> Option<PathBuf> {
    use crate::cargo::layout;
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
            unwritten.push((last, e));
            None
        }
    }
}
