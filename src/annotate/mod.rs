//! `xlinkdiag annotate`: a cross build's CI log turned into findings that name the culprit
//! and the fix, as text, JSON, GitHub workflow commands, SARIF, GitLab Code Quality or
//! Markdown.
//!
//! The pipeline: `clean` takes CI decorations off each line, `log` unfolds cargo's JSON
//! messages and `blocks` finds each failure. For a failed link whose files are still there
//! (`files`: the paths of the log, a `--target-dir`, or the checkout under the current dir)
//! the engine scans them, and the shim's last report there is added (`shim_report`); what
//! the files cannot show, or everything when they are gone, comes from the shim's own text
//! in the log (`shim_text`) and from the linker's words (`logonly`). Failures before any
//! link are `other`'s. `repo` picks the repository file each finding is shown on.
//!
//! Streams: the results go to stdout in every format (so `--format sarif > x.sarif` works,
//! and GitHub reads workflow commands from stdout, where actions/toolkit writes them);
//! notes about unreadable files go to stderr. With `--format github` the Markdown table is
//! also appended to `$GITHUB_STEP_SUMMARY` when that is set.

mod blocks;
mod clean;
mod cmdline;
mod files;
mod log;
mod logonly;
mod make;
mod other;
mod repo;
mod shim_report;
mod shim_text;

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use crate::cli::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::diagnose::scan::ScanReport;
use crate::diagnose::{Finding, Severity};
use crate::report::{self, ColorChoice, Palette};
use crate::target::TargetSpec;

#[derive(clap::Args, Debug)]
pub struct AnnotateArgs {
    /// The CI log: cargo's output, human or `--message-format=json`, as the CI shows it.
    /// `-` (or nothing) reads stdin.
    pub log: Option<PathBuf>,
    /// Where the build's target dir is now, when not where the log says (repeat it for a
    /// separate build dir). By default the log's own paths, then ./target and the like.
    #[arg(long = "target-dir", value_name = "DIR")]
    pub target_dir: Vec<PathBuf>,
    /// The Rust target triple, when the log does not name it.
    #[arg(long, value_name = "TRIPLE")]
    pub target: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
    Sarif,
    Gitlab,
    Markdown,
}

/// The log is read up to this size; of a larger file, the end (where builds fail) is read.
const MAX_LOG: u64 = 512 * 1024 * 1024;

pub fn run(args: AnnotateArgs) -> ExitCode {
    let stderr = io::stderr();
    let spec = match crate::cli::target_arg(args.target.as_deref()) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let raw = match read_log(args.log.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(
                stderr.lock(),
                "xlinkdiag: error: {}",
                report::sanitize::text(&e.to_string())
            );
            return ExitCode::from(EXIT_ERROR);
        }
    };
    for d in args.target_dir.iter().filter(|d| !d.is_dir()) {
        let _ = writeln!(
            stderr.lock(),
            "xlinkdiag: warning: --target-dir {} is not a directory; its files are not read",
            report::sanitize::text(&d.to_string_lossy())
        );
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let log = log::read(&raw);
    let report = diagnose(&log, spec, &args.target_dir, &cwd);

    let err_pal = Palette::new(args.color.enabled(stderr.is_terminal()));
    let _ = report::human::render_problems(&report, &err_pal, &mut stderr.lock());
    let unexplained =
        log.links.iter().filter(|l| l.failed).count() > 0 && report.findings.is_empty();
    if unexplained {
        let _ = writeln!(
            stderr.lock(),
            "xlinkdiag: note: a link failed, but not in a way xlinkdiag recognises"
        );
    }

    let repo = repo::Repo::new(cwd, &log);
    let locate = |f: &Finding| repo.locate(f);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = match args.format {
        Format::Json => report::json::render(&report, &mut out),
        Format::Github => report::github::render(&report.findings, &locate, &mut out),
        Format::Sarif => report::sarif::render(&report.findings, &locate, &mut out),
        Format::Gitlab => report::gitlab::render(&report.findings, &locate, &mut out),
        Format::Markdown => {
            report::markdown::render(&report.findings, report.target.as_deref(), &mut out)
        }
        Format::Human => {
            let pal = Palette::new(args.color.enabled(io::stdout().is_terminal()));
            report::human::render_findings(&report.findings, &pal, &mut out)
                .and_then(|()| summary(&report, &mut out))
        }
    };
    if let Err(e) = written.and_then(|()| out.flush())
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        return ExitCode::from(EXIT_ERROR);
    }
    if args.format == Format::Github
        && let Some(path) = crate::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())
        && let Err(e) = append_summary(Path::new(&path), &report)
    {
        let _ = writeln!(
            stderr.lock(),
            "xlinkdiag: warning: cannot append to GITHUB_STEP_SUMMARY: {e}"
        );
    }
    if report
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error)
    {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::from(EXIT_CLEAN)
    }
}

fn read_log(path: Option<&Path>) -> io::Result<Vec<u8>> {
    let mut raw = Vec::new();
    match path {
        None => read_stdin(&mut raw)?,
        Some(p) if p.as_os_str() == "-" => read_stdin(&mut raw)?,
        Some(p) => {
            raw = crate::fsio::read_tail_capped(p, MAX_LOG).map_err(|e| {
                io::Error::new(e.kind(), format!("cannot read {}: {e}", p.display()))
            })?;
        }
    }
    Ok(raw)
}

fn read_stdin(raw: &mut Vec<u8>) -> io::Result<()> {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "no log: give a file, or pipe the log in (`… 2>&1 | xlinkdiag annotate -`)",
        ));
    }
    // stdin may be a pipe (the one input that need not be a regular file): capped by bytes.
    *raw = crate::fsio::read_stream_capped(stdin.lock(), MAX_LOG)?;
    Ok(())
}

/// Every failure of the log, diagnosed from the files where they exist and from the log's
/// words where not; one finding per kind and culprit, errors first.
fn diagnose(
    log: &log::Log,
    target: Option<&'static TargetSpec>,
    given: &[PathBuf],
    cwd: &Path,
) -> ScanReport {
    let mut report = ScanReport::default();
    let mut targets: Vec<&'static str> = Vec::new();
    // A log that shows one failure many times (retries, a matrix) is diagnosed once.
    let mut seen = std::collections::HashSet::new();
    for link in &log.links {
        let key = (
            link.command
                .as_ref()
                .map(|c| (c.linker.clone(), c.args.clone())),
            link.stderr.clone(),
        );
        if !seen.insert(key) {
            continue;
        }
        let (inputs, dirs) = files::paths_of(link);
        let spec = target
            .or_else(|| files::target_of(&inputs, &dirs))
            .or_else(|| log.main_target());
        if let Some(s) = spec {
            targets.push(s.triple);
        }
        let linker = link.command.as_ref().map(|c| c.linker.as_str());
        let mut from_files = Vec::new();
        if let (Some(r), Some(s)) = (files::locate(&inputs, given, cwd), spec) {
            let scanned = files::scan_link(&inputs, &dirs, &r, s, linker);
            report.inspected += scanned.inspected;
            report.problems.extend(scanned.problems);
            report.notes.extend(scanned.notes);
            from_files = scanned.findings;
            if let Some((t, fs)) = shim_report::load(&r.to, &mut report.problems)
                && t.as_deref() == Some(s.triple)
            {
                merge(&mut from_files, fs);
            }
        }
        merge(&mut from_files, shim_text::findings(&link.stderr, spec));
        merge(&mut from_files, logonly::diagnose(link, log, spec));
        merge(&mut report.findings, from_files);
    }
    for dir in given {
        if let Some((t, fs)) = shim_report::load(dir, &mut report.problems)
            && (target.is_none() || t.as_deref() == target.map(|s| s.triple))
        {
            targets.extend(
                t.as_deref()
                    .and_then(crate::target::lookup)
                    .map(|s| s.triple),
            );
            merge(&mut report.findings, fs);
        }
    }
    for b in &log.builds {
        let spec = target.or(b.target).or_else(|| log.main_target());
        targets.extend(spec.map(|s| s.triple));
        merge(&mut report.findings, vec![other::diagnose(b, spec)]);
    }
    report.findings.sort_by_key(|f| (f.severity, f.kind));
    targets.sort();
    targets.dedup();
    report.target = match (target, targets.as_slice()) {
        (Some(t), _) => Some(t.triple.to_string()),
        (None, [one]) => Some(one.to_string()),
        _ => None,
    };
    report
}

/// Adds `more` to `into`, leaving out what `into` already says: the same kind about the same
/// crate (or file), or a member `into` already names.
fn merge(into: &mut Vec<Finding>, more: Vec<Finding>) {
    for f in more {
        if !into.iter().any(|g| same_culprit(g, &f)) {
            into.push(f);
        }
    }
}

fn same_culprit(g: &Finding, f: &Finding) -> bool {
    if g.kind != f.kind {
        return false;
    }
    if let (Some(a), Some(b)) = (&g.crate_name, &f.crate_name) {
        return a == b;
    }
    // mold names a bare member: the file scan knows which archive holds it.
    let member = f.member.clone().or_else(|| {
        let bare = f.path.parent().is_none_or(|p| p.as_os_str().is_empty());
        bare.then(|| f.path.to_string_lossy().into_owned())
    });
    g.path == f.path || member.is_some_and(|m| g.members.contains(&m))
}

fn summary(report: &ScanReport, out: &mut dyn Write) -> io::Result<()> {
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if errors == 0 {
        return writeln!(
            out,
            "xlinkdiag: the log shows no cross-build failure it recognises"
        );
    }
    let mut crates: Vec<&str> = Vec::new();
    for c in report
        .findings
        .iter()
        .filter_map(|f| f.crate_name.as_deref())
    {
        if !crates.contains(&c) {
            crates.push(c);
        }
    }
    writeln!(
        out,
        "xlinkdiag: {errors} cross-build failure{} in the log{}{}",
        if errors == 1 { "" } else { "s" },
        report
            .target
            .as_deref()
            .map(|t| format!(" for {t}"))
            .unwrap_or_default(),
        if crates.is_empty() {
            String::new()
        } else {
            format!(" (crates: {})", report::sanitize::text(&crates.join(", ")))
        }
    )
}

fn append_summary(path: &Path, report: &ScanReport) -> io::Result<()> {
    let mut md = Vec::new();
    report::markdown::render(&report.findings, report.target.as_deref(), &mut md)?;
    let mut f = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    f.write_all(&md)?;
    f.write_all(b"\n")
}
