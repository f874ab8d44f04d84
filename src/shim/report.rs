//! The shim's answer to a failed link, at the command layer: it reads the settings that
//! decide what is said and written (`XLINKDIAG_REPORT`, `CI`/`XLINKDIAG_DATA`,
//! `GITHUB_ACTIONS`, `XLINKDIAG_VERBOSE`), runs the diagnosis against this machine, writes
//! the JSON reports, and has `report::shim` render the text. The diagnosis and the renderer
//! read no variable and write no file.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use std::sync::OnceLock;

use crate::diagnose::link;
use crate::report::shim::{Said, ShimText};

/// Told about every dir a report is about to be written into, before its temp file is
/// made there: the engine passes it on to the front, which removes what a killed engine
/// left behind (`shim::engine`).
static BEFORE_WRITE: OnceLock<fn(&Path)> = OnceLock::new();

/// Sets the function [`BEFORE_WRITE`] calls (the first one set stays).
pub fn before_write(f: fn(&Path)) {
    let _ = BEFORE_WRITE.set(f);
}

fn announce(file: &Path) {
    let Some(f) = BEFORE_WRITE.get() else { return };
    let dir = file.parent().unwrap_or(Path::new(""));
    if dir.is_absolute() {
        f(dir);
    } else if let Ok(cwd) = std::env::current_dir() {
        f(&cwd.join(dir));
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
        announce(&file);
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
            announce(&own);
            announce(&last);
            own.parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| crate::fsio::write_atomic(&own, json))
                .and_then(|()| crate::fsio::link_atomic(&last, &rel))
        }
        None => {
            announce(&last);
            last.parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| crate::fsio::write_atomic(&last, json))
        }
    };
    match written {
        Ok(()) => Some(last),
        Err(e) => {
            unwritten.push((last, e));
            None
        }
    }
}

/// Whether the shim's report `file` (`last-link.json`, or a link's own) still answers for
/// the build as it is now, asked from `cwd` (where cargo runs: its config names the
/// linker). `Err(why)` when it does not:
///
/// - a later build compiled the failed link's output again: rustc writes the output's
///   dep-info (`<output>.d`) before every link of it, and a link through the shim would
///   have replaced the report (a failure) or removed it (a success), so that later link
///   did not go through the shim;
/// - the target's linker configured now is not xlinkdiag (neither a link to it, as `shim
///   install` makes, nor a plain `xlinkdiag` with `XLINKDIAG_LINKER`).
///
/// A report that says nothing of its link (an older writer) or its target is taken as it
/// is: nothing tells it stale.
pub fn still_current(file: &Path, cwd: &Path) -> Result<(), String> {
    let bytes = crate::fsio::read_capped(file, 64 * 1024 * 1024).map_err(|e| e.to_string())?;
    let doc: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("not a report: {e}"))?;
    let Ok(link) =
        <crate::diagnose::scan::LinkIdentity as serde::Deserialize>::deserialize(&doc["link"])
    else {
        return Ok(());
    };
    let dep_info = PathBuf::from(format!("{}.d", link.output));
    if let Some(t) = mtime_secs(&dep_info)
        && t > link.time
    {
        return Err(format!(
            "{} was compiled again after this report of its failed link (its {} is newer), by a link that did not go through xlinkdiag",
            link.output,
            dep_info.display()
        ));
    }
    let Some(spec) = doc["target"].as_str().and_then(crate::target::lookup) else {
        return Ok(());
    };
    match crate::cargo::config::configured_linker(spec, &[cwd]) {
        Some(c) if c.source == crate::shim_setup::LINKER_VAR || is_xlinkdiag(&c.linker) => Ok(()),
        Some(c) => Err(format!(
            "the linker for {} is now {} (from {}), not xlinkdiag: the report is of an earlier setup",
            spec.triple, c.linker, c.source
        )),
        None => Err(format!(
            "no linker is configured for {} now (rustc's default, not xlinkdiag): the report is of an earlier setup",
            spec.triple
        )),
    }
}

/// A program that is xlinkdiag under any name: a link to it (the shim install), or it.
fn is_xlinkdiag(linker: &str) -> bool {
    crate::toolchain::probe::which(linker)
        .and_then(|p| std::fs::canonicalize(p).ok())
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .is_some_and(|n| n.starts_with("xlinkdiag"))
}

fn mtime_secs(p: &Path) -> Option<u64> {
    let m = std::fs::metadata(p).ok()?.modified().ok()?;
    m.duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(dir: &Path, output: &Path, time: u64) -> PathBuf {
        let file = dir.join("last-link.json");
        let doc = serde_json::json!({"version": 1, "findings": [],
            "link": {"output": output.display().to_string(), "linker": "cc", "time": time,
                     "digest": "0", "first_line": ""}});
        std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
        file
    }

    /// Issue 21 item 7: a report of a link that a later build redid without the shim is
    /// not answered as current.
    #[test]
    fn a_report_older_than_its_outputs_next_compile_is_stale() {
        let dir = std::env::temp_dir().join(format!("xlinkdiag-stale-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let output = dir.join("app-0123");
        std::fs::write(dir.join("app-0123.d"), b"app: src/main.rs\n").unwrap();
        let now = mtime_secs(&dir.join("app-0123.d")).unwrap();
        // Written by the shim after this compile: current (no target to ask about).
        let fresh = report(&dir, &output, now);
        assert_eq!(still_current(&fresh, &dir), Ok(()));
        // Written a minute before the output was compiled again: stale.
        let old = report(&dir, &output, now - 60);
        let why = still_current(&old, &dir).unwrap_err();
        assert!(why.contains("compiled again"), "{why}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
