//! rustc-style text: `error[kind]: …`, `--> path`, `= note:`, `= help:`.

use std::io::{self, Write};
use std::path::Path;

use owo_colors::OwoColorize;

use super::{Palette, shell};
use crate::diagnose::cause::{self, CauseGroup};
use crate::diagnose::scan::ScanReport;
use crate::diagnose::{Finding, Severity};
use crate::sanitize;

/// Also-in paths shown before the rest are summarised.
const MAX_ALSO_IN: usize = 3;

/// How much a report shows, and what it tells the reader to run.
#[derive(Clone, Debug, Default)]
pub struct Detail {
    /// Every member, path and note of every culprit, as well as the cause's block.
    pub verbose: bool,
    /// The command that writes the fix where cargo reads it (`xlinkdiag fix --apply`), said
    /// last when a cause has settings.
    pub fix_command: Option<String>,
}

/// One block per cause: what happened to which culprits, and the fix once.
pub fn render_findings(
    findings: &[Finding],
    triple: Option<&str>,
    detail: &Detail,
    pal: &Palette,
    out: &mut dyn Write,
) -> io::Result<()> {
    for g in cause::group(findings, triple) {
        render_group(&g, findings, triple, detail, pal, out)?;
        writeln!(out)?;
    }
    Ok(())
}

fn render_group(
    g: &CauseGroup,
    findings: &[Finding],
    triple: Option<&str>,
    detail: &Detail,
    pal: &Palette,
    out: &mut dyn Write,
) -> io::Result<()> {
    let (word, style) = match g.severity {
        Severity::Error => ("error", pal.error),
        Severity::Warning => ("warning", pal.warning),
        Severity::Note => ("note", pal.note),
    };
    writeln!(
        out,
        "{}{}",
        format!("{word}[{}]", g.kind.as_str()).style(style),
        format!(": {}", sanitize::text(&g.message)).style(pal.bold)
    )?;
    let members: Vec<&Finding> = g.findings.iter().map(|&i| &findings[i]).collect();
    if let [f] = members.as_slice() {
        // A finding with no file (link.exe's Error List, a refused option) has no `-->`, as
        // rustc's diagnostics without a span have none.
        if !f.path.as_os_str().is_empty() {
            writeln!(out, "  {} {}", "-->".style(pal.arrow), shown(&f.path))?;
        }
        writeln!(out, "   {}", "|".style(pal.arrow))?;
        notes(f, &f.notes, pal, out)?;
    } else {
        // A list of culprits has no one span to point at, so no `-->` and no `|`.
        for f in &members {
            line(out, pal, "culprit:", pal.note, &culprit(f, detail.verbose))?;
            if detail.verbose {
                let own: Vec<String> = f
                    .notes
                    .iter()
                    .filter(|n| !g.notes.contains(n))
                    .cloned()
                    .collect();
                let mut sub = Vec::new();
                sub.extend(own.iter().map(|n| sanitize::text(n).into_owned()));
                if !f.also_in.is_empty() {
                    sub.push(also_in(f, usize::MAX));
                }
                for s in sub {
                    writeln!(out, "             {s}")?;
                }
            }
        }
        // The culprit lines say what the shared notes would (the symptom, the compiler and
        // its variable); the evidence behind them is for --verbose.
        if detail.verbose {
            for n in &g.notes {
                line(out, pal, "note:", pal.note, n)?;
            }
        }
    }
    for h in &g.help {
        line(out, pal, "help:", pal.help, h)?;
    }
    let shell = shell::lines(&g.env, &g.unset, triple);
    if !shell.is_empty() {
        line(out, pal, "help:", pal.help, "in the shell that runs cargo:")?;
        for l in shell {
            writeln!(out, "{SHELL_INDENT}{}", sanitize::text(&l))?;
        }
        if let Some(cmd) = &detail.fix_command {
            line(
                out,
                pal,
                "help:",
                pal.help,
                &format!("or write the same into .cargo/config.toml: {cmd}"),
            )?;
        }
    }
    Ok(())
}

/// Where a shell line starts, under its `= help:` line: nothing else in a report starts
/// with this many spaces, so a test (or a reader) can take the lines as they are.
pub const SHELL_INDENT: &str = "           ";

fn line(
    out: &mut dyn Write,
    pal: &Palette,
    label: &str,
    style: owo_colors::Style,
    text: &str,
) -> io::Result<()> {
    writeln!(
        out,
        "   {} {} {}",
        "=".style(pal.arrow),
        label.style(style),
        sanitize::text(text)
    )
}

/// A culprit in one line: who, how its objects were made, what is at fault where.
fn culprit(f: &Finding, verbose: bool) -> String {
    let who = f
        .crate_name
        .as_deref()
        .map(|c| format!("crate `{c}`"))
        .unwrap_or_else(|| format!("`{}`", shown(&f.path)));
    let mut how: Vec<String> = Vec::new();
    if let Some(p) = f.package.as_deref().filter(|p| {
        f.crate_name
            .as_deref()
            .is_none_or(|c| c != p.replace('-', "_"))
    }) {
        how.push(format!("package {p}"));
    }
    if let Some(b) = &f.provenance.build_system {
        how.push(b.clone());
    }
    match (&f.provenance.compiler, &f.provenance.compiler_from) {
        (Some(c), Some(from)) => how.push(format!("{c} from {from}")),
        (Some(c), None) => how.push(c.clone()),
        _ => {}
    }
    let how = if how.is_empty() {
        String::new()
    } else {
        format!(" ({})", how.join(", "))
    };
    let file = if verbose {
        shown(&f.path)
    } else {
        f.path
            .file_name()
            .map(|n| sanitize::text(&n.to_string_lossy()).into_owned())
            .unwrap_or_default()
    };
    let what = match f.members.len() {
        0 if file.is_empty() => f.message.clone(),
        0 => format!("{} in {file}", f.kind.as_str()),
        1 => format!("{} in {file}", f.members[0]),
        n if verbose => format!("{n} members of {file}: {}", f.members.join(", ")),
        n => format!("{n} members of {file}"),
    };
    format!("{who}{how}: {what}")
}

fn notes(f: &Finding, notes: &[String], pal: &Palette, out: &mut dyn Write) -> io::Result<()> {
    for n in notes {
        line(out, pal, "note:", pal.note, n)?;
    }
    if !f.also_in.is_empty() {
        writeln!(
            out,
            "   {} {} {}",
            "=".style(pal.arrow),
            "note:".style(pal.note),
            also_in(f, MAX_ALSO_IN)
        )?;
    }
    Ok(())
}

/// `also in a, b, c, 2 more`.
fn also_in(f: &Finding, max: usize) -> String {
    let mut list: Vec<String> = f.also_in.iter().take(max).map(|p| shown(p)).collect();
    if f.also_in.len() > max {
        list.push(format!("{} more", f.also_in.len() - max));
    }
    format!("also in {}", list.join(", "))
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
    } else {
        writeln!(
            out,
            "xlinkdiag: no foreign objects: {} file{} inspected against {target}{}{}",
            report.inspected,
            if report.inspected == 1 { "" } else { "s" },
            unjudged(report),
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
        let mut names: Vec<String> = c.unresolved.iter().map(|n| format!("-l{n}")).collect();
        names.sort();
        names.dedup();
        s += &format!(
            "; not checked: {} (found by the linker's own search, not in a recorded dir)",
            names.join(" ")
        );
    }
    s
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
