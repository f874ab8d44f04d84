//! rustc-style text: `error[kind]: …`, `--> path`, `= note:`, `= help:`.

use std::io::{self, Write};
use std::path::Path;

use owo_colors::OwoColorize;

use super::Palette;
use crate::diagnose::scan::{LIMITS, Omitted, ScanReport};
use crate::diagnose::{Finding, Severity};
use crate::sanitize;

/// Also-in paths shown before the rest are summarised.
const MAX_ALSO_IN: usize = 3;

pub fn render_findings(findings: &[Finding], pal: &Palette, out: &mut dyn Write) -> io::Result<()> {
    for f in findings {
        render_one(f, pal, out)?;
        writeln!(out)?;
    }
    Ok(())
}

pub fn render_one(f: &Finding, pal: &Palette, out: &mut dyn Write) -> io::Result<()> {
    let (word, style) = match f.severity {
        Severity::Error => ("error", pal.error),
        Severity::Warning => ("warning", pal.warning),
        Severity::Note => ("note", pal.note),
    };
    writeln!(
        out,
        "{}{}",
        format!("{word}[{}]", f.kind.as_str()).style(style),
        format!(": {}", sanitize::text(&f.message)).style(pal.bold)
    )?;
    // A finding with no file (link.exe's Error List, a refused option) has no `-->`, as
    // rustc's diagnostics without a span have none.
    if !f.path.as_os_str().is_empty() {
        writeln!(out, "  {} {}", "-->".style(pal.arrow), shown(&f.path))?;
    }
    writeln!(out, "   {}", "|".style(pal.arrow))?;
    for n in &f.notes {
        writeln!(
            out,
            "   {} {} {}",
            "=".style(pal.arrow),
            "note:".style(pal.note),
            sanitize::text(n)
        )?;
    }
    if !f.also_in.is_empty() {
        let mut list: Vec<String> = f
            .also_in
            .iter()
            .take(MAX_ALSO_IN)
            .map(|p| shown(p))
            .collect();
        if f.also_in.len() > MAX_ALSO_IN {
            list.push(format!("{} more", f.also_in.len() - MAX_ALSO_IN));
        }
        writeln!(
            out,
            "   {} {} also in {}",
            "=".style(pal.arrow),
            "note:".style(pal.note),
            list.join(", ")
        )?;
    }
    for h in &f.help {
        writeln!(
            out,
            "   {} {} {}",
            "=".style(pal.arrow),
            "help:".style(pal.help),
            sanitize::text(h)
        )?;
    }
    Ok(())
}

/// The closing line, like rustc's `aborting due to N previous errors`.
pub fn render_summary(report: &ScanReport, pal: &Palette, out: &mut dyn Write) -> io::Result<()> {
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let target = report.target.as_deref().unwrap_or("the target");
    if errors > 0 {
        writeln!(
            out,
            "{}{}",
            "error".style(pal.error),
            format!(
                ": {errors} culprit{} hold{} objects that {target} cannot link ({} file{} inspected{})",
                if errors == 1 { "" } else { "s" },
                if errors == 1 { "s" } else { "" },
                report.inspected,
                if report.inspected == 1 { "" } else { "s" },
                unjudged(report)
            )
            .style(pal.bold)
        )
    } else if report.unjudged() > 0 {
        // Not an all-clear: what could not be judged may be exactly the foreign object.
        let n = report.unjudged();
        writeln!(
            out,
            "{}{}",
            "warning".style(pal.warning),
            format!(
                ": no foreign objects among what could be judged, but {n} file{} could not be judged (see the warnings): not an all-clear ({} file{} inspected against {target}{})",
                if n == 1 { "" } else { "s" },
                report.inspected,
                if report.inspected == 1 { "" } else { "s" },
                link_libs(report)
            )
            .style(pal.bold)
        )
    } else {
        writeln!(
            out,
            "xlinkdiag: no foreign objects: {} file{} inspected against {target}{}",
            report.inspected,
            if report.inspected == 1 { "" } else { "s" },
            link_libs(report)
        )
    }
}

/// What the scan checked of the libraries the build scripts recorded for the link: an
/// all-clear says what it covers.
fn link_libs(report: &ScanReport) -> String {
    let Some(c) = &report.link_libs else {
        return String::new();
    };
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut s = if c.libraries + c.in_target_dir + c.unresolved.len() == 0 && c.dirs == 0 {
        "; no build script recorded a -l library or a library dir".to_string()
    } else {
        format!(
            "; -l libraries the build scripts record: {} in the target dir, {} from {} outside it, checked",
            c.in_target_dir,
            c.libraries,
            plural(c.dirs, "recorded dir", "recorded dirs")
        )
    };
    if !c.unresolved.is_empty() {
        let mut names: Vec<String> = c
            .unresolved
            .iter()
            .map(|n| format!("-l{}", sanitize::text(n)))
            .collect();
        names.sort();
        names.dedup();
        s += &format!(
            "; not checked: {} (found by the linker's own search, not in a recorded dir)",
            names.join(" ")
        );
    }
    s
}

/// What the caps on memory left out, in words: `3 more findings not shown, 12 failures of
/// the log not read (xlinkdiag keeps at most …)`, or `None` when nothing was.
pub fn omitted_line(o: &Omitted) -> Option<String> {
    if o.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if o.findings > 0 {
        parts.push(format!(
            "{} more finding{} not shown",
            o.findings,
            if o.findings == 1 { "" } else { "s" }
        ));
    }
    if o.failures > 0 {
        parts.push(format!(
            "{} more failure{} in the log not read",
            o.failures,
            if o.failures == 1 { "" } else { "s" }
        ));
    }
    Some(format!(
        "{} (at most {} findings, {} per failed link, and {} distinct failures are kept, so that memory stays bounded)",
        parts.join(", "),
        LIMITS.findings,
        LIMITS.per_link,
        LIMITS.failures
    ))
}

/// `; 2 files could not be judged (see the warnings)`, or nothing.
fn unjudged(report: &ScanReport) -> String {
    match report.unjudged() {
        0 => String::new(),
        n => format!(
            "; {n} file{} could not be judged (see the warnings)",
            if n == 1 { "" } else { "s" }
        ),
    }
}

pub fn render_problems(report: &ScanReport, pal: &Palette, out: &mut dyn Write) -> io::Result<()> {
    for (p, why) in &report.problems {
        writeln!(
            out,
            "{}: {}: {}",
            "warning".style(pal.warning),
            shown(p),
            sanitize::text(why)
        )?;
    }
    for n in &report.notes {
        writeln!(out, "{}: {}", "note".style(pal.note), sanitize::text(n))?;
    }
    Ok(())
}

fn shown(p: &Path) -> String {
    sanitize::text(&p.to_string_lossy()).into_owned()
}
