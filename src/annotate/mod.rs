//! `xlinkdiag annotate`: a cross build's CI log turned into findings that name the culprit
//! and the fix, as text, JSON, GitHub workflow commands, SARIF, GitLab Code Quality or
//! Markdown.
//!
//! The pipeline: `clean` takes CI decorations off each line, `log` unfolds cargo's JSON
//! messages and `blocks` finds each failure. For a failed link whose files are still there
//! (`files`: the paths of the log, a `--target-dir`, or the checkout under the current dir)
//! the engine scans them, and the shim's last report there is added (`shim_report`); what
//! the files cannot show, or everything when they are gone, comes from the shim's own text
//! in the log (`shim_data`: its JSON data line, never its human lines) and from the linker's words (`logonly`). Failures before any
//! link are `other`'s. `repo` picks the repository file each finding is shown on.
//!
//! Streams: the results go to stdout in every format (so `--format sarif > x.sarif` works,
//! and GitHub reads workflow commands from stdout, where actions/toolkit writes them);
//! notes about unreadable files go to stderr. With `--format github` the Markdown table is
//! also appended to `$GITHUB_STEP_SUMMARY` when that is set.

mod blocks;
mod caps;
mod clean;
mod cmdline;
mod files;
mod fragments;
mod log;
mod logonly;
mod make;
mod other;
mod repo;
mod shim_data;
mod shim_report;

use std::collections::HashSet;
use std::io::{self, IsTerminal, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::diagnose::scan::{LIMITS, ScanReport};
use crate::diagnose::{Finding, Kind, Severity};
use crate::exit::{Error, ExitStatus};
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
    /// Every culprit's members, paths and notes, under its cause.
    #[arg(short, long)]
    pub verbose: bool,
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

pub fn run(args: AnnotateArgs) -> Result<ExitStatus, Error> {
    let stderr = io::stderr();
    let spec = crate::target::from_arg(args.target.as_deref())?;
    let log = read_log(args.log.as_deref()).map_err(|e| Error::usage(e.to_string()))?;
    for d in args.target_dir.iter().filter(|d| !d.is_dir()) {
        let _ = writeln!(
            stderr.lock(),
            "xlinkdiag: warning: --target-dir {} is not a directory; its files are not read",
            crate::sanitize::text(&d.to_string_lossy())
        );
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let report = diagnose(&log, spec, &args.target_dir, &cwd);

    let err_pal = Palette::new(args.color.enabled(stderr.is_terminal()));
    let _ = report::human::render_problems(&report, &err_pal, &mut stderr.lock());
    // The human report says it in its closing lines; every other format on stderr too.
    if let Some(line) = report::human::omitted_line(&report.omitted)
        && args.format != Format::Human
    {
        let _ = writeln!(stderr.lock(), "xlinkdiag: note: {line}");
    }
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
    let target = report.target.as_deref();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = match args.format {
        Format::Json => report::json::render(&report, &mut out),
        Format::Github => report::github::render(&report.findings, target, &locate, &mut out)
            .and_then(|()| report::github::render_omitted(&report.omitted, &mut out)),
        Format::Sarif => report::sarif::render(&report.findings, target, &locate, &mut out),
        Format::Gitlab => report::gitlab::render(&report.findings, target, &locate, &mut out),
        Format::Markdown => {
            report::markdown::render(&report.findings, report.target.as_deref(), &mut out)
                .and_then(|()| report::markdown::render_omitted(&report.omitted, &mut out))
        }
        Format::Human => {
            let pal = Palette::new(args.color.enabled(io::stdout().is_terminal()));
            // `fix` reads the same log; a log read from stdin is gone by then.
            let fix_command = args
                .log
                .as_deref()
                .filter(|l| *l != Path::new("-"))
                .map(|l| {
                    format!(
                        "xlinkdiag fix --from {} --apply",
                        report::shell::quote(&l.to_string_lossy())
                    )
                });
            let detail = report::human::Detail {
                verbose: args.verbose,
                fix_command,
            };
            report::human::render_findings(
                &report.findings,
                report.target.as_deref(),
                &detail,
                &pal,
                &mut out,
            )
            .and_then(|()| summary(&report, &mut out))
        }
    };
    if let Err(e) = written.and_then(|()| out.flush())
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        return Err(Error::usage(format!(
            "cannot write the report to stdout: {e}"
        )));
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
    Ok(ExitStatus::of_diagnosis(report.errors(), 0))
}

/// The findings of the CI log at `path`, as `annotate` makes them (for `xlinkdiag fix`):
/// read the same way, as a capped stream of a regular file, so `fix` costs the memory
/// `annotate` does; `target_dirs` as `--target-dir`, `cwd` where the checkout is.
pub fn log_findings(
    path: &Path,
    target: Option<&'static TargetSpec>,
    target_dirs: &[PathBuf],
    cwd: &Path,
) -> io::Result<ScanReport> {
    let log = read_log(Some(path))?;
    Ok(diagnose(&log, target, target_dirs, cwd))
}

/// `log_findings` of a log held in memory (the catalog's fixtures).
#[cfg(test)]
pub fn log_findings_of(raw: &[u8], target: Option<&'static TargetSpec>, cwd: &Path) -> ScanReport {
    diagnose(&log::read(raw), target, &[], cwd)
}

/// A JSON report (the shim's `last-link.json`, or `scan`/`annotate --format json`): its
/// target and findings; `None` when the file is not one.
pub fn read_report(path: &Path) -> Option<(Option<String>, Vec<Finding>)> {
    shim_report::load_file(path)
}

/// Reads the log as a stream: a log of any size costs the memory of the blocks it reports.
fn read_log(path: Option<&Path>) -> io::Result<log::Log> {
    match path {
        None => read_stdin(),
        Some(p) if p.as_os_str() == "-" => read_stdin(),
        Some(p) => {
            let mut f = crate::fsio::open_regular(p).map_err(|e| {
                io::Error::new(e.kind(), format!("cannot read {}: {e}", p.display()))
            })?;
            // Of a larger log, the end is read: builds fail at the end.
            let len = f.metadata()?.len();
            if len > MAX_LOG {
                f.seek(SeekFrom::Start(len - MAX_LOG))?;
            }
            log::read_from(io::BufReader::with_capacity(1 << 16, f.take(MAX_LOG)))
        }
    }
}

fn read_stdin() -> io::Result<log::Log> {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "no log: give a file, or pipe the log in (`… 2>&1 | xlinkdiag annotate -`)",
        ));
    }
    // stdin may be a pipe (the one input that need not be a regular file): capped by bytes.
    log::read_from(io::BufReader::with_capacity(1 << 16, stdin.take(MAX_LOG)))
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
    let mut all = Merged::default();
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
            .or(link.target)
            .or_else(|| log.main_target());
        if let Some(s) = spec {
            targets.push(s.triple);
        }
        let linker = link.linker();
        let mut from_files = Merged::default();
        if let (Some(r), Some(s)) = (files::locate(&inputs, given, cwd), spec) {
            let scanned = files::scan_link(&inputs, &dirs, &r, s, linker);
            report.inspected += scanned.inspected;
            report.problems.extend(scanned.problems);
            report.notes.extend(scanned.notes);
            from_files.add(scanned.findings);
            if let Some(out) = files::output_of(link)
                && let Some((t, fs)) =
                    shim_report::load_for(&r.to, &out, &link.stderr, &mut report.problems)
                && t.as_deref() == Some(s.triple)
            {
                from_files.add(fs);
            }
        }
        for (t, fs) in shim_data::findings(&link.stderr) {
            if t.is_none() || spec.is_none() || t.as_deref() == spec.map(|s| s.triple) {
                from_files.add(fs);
            }
        }
        from_files.add(logonly::diagnose(link, log, spec));
        report.omitted.findings += from_files.omitted;
        let mut found = libc_first(from_files.findings);
        if found.len() > LIMITS.per_link {
            report.omitted.findings += found.len() - LIMITS.per_link;
            found.truncate(LIMITS.per_link);
        }
        all.add(found);
    }
    // A `--target-dir` the link's files were not found under still holds the shim's report
    // of the log's failed links, by their outputs.
    for dir in given {
        for link in log.links.iter().filter(|l| l.failed) {
            if let Some(out) = files::output_of(link)
                && let Some((t, fs)) =
                    shim_report::load_for(dir, &out, &link.stderr, &mut report.problems)
                && (target.is_none() || t.as_deref() == target.map(|s| s.triple))
            {
                targets.extend(
                    t.as_deref()
                        .and_then(crate::target::lookup)
                        .map(|s| s.triple),
                );
                all.add(fs);
            }
        }
    }
    for b in &log.builds {
        let spec = target.or(b.target).or_else(|| log.main_target());
        targets.extend(spec.map(|s| s.triple));
        all.add(vec![other::diagnose(b, spec)]);
    }
    report.findings = one_wrong_linker(all.findings);
    report.omitted.findings += all.omitted;
    report.omitted.failures = log.caps.unread;
    if let Some(s) = report_target(target, &targets) {
        for f in &mut report.findings {
            spelling_that_was_set(f, s);
        }
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

/// The one target of the report: the one given, else the one every failure names.
fn report_target(
    target: Option<&'static TargetSpec>,
    targets: &[&'static str],
) -> Option<&'static TargetSpec> {
    target.or_else(|| {
        let mut t = targets.to_vec();
        t.sort_unstable();
        t.dedup();
        match t.as_slice() {
            [one] => crate::target::lookup(one),
            _ => None,
        }
    })
}

/// The wrong linker is one answer however many links it failed: findings of it that name no
/// crate and ask for the same settings are one.
fn one_wrong_linker(findings: Vec<Finding>) -> Vec<Finding> {
    let mut seen: HashSet<Vec<String>> = HashSet::new();
    findings
        .into_iter()
        .filter(|f| {
            f.kind != Kind::WrongLinker
                || f.crate_name.is_some()
                || seen.insert(f.env.keys().cloned().collect())
        })
        .collect()
}

/// The fix changes the variable that took effect in the spelling that was set: cc-rs reads
/// `CC_aarch64-unknown-linux-gnu` before `CC_aarch64_unknown_linux_gnu`, so a hyphenated
/// name that chose the compiler is the one to change, whatever spelling a fix was made in.
fn spelling_that_was_set(f: &mut Finding, spec: &TargetSpec) {
    let Some(from) = f.provenance.compiler_from.clone() else {
        return;
    };
    let Some(base) = ["CC", "CXX", "AR"]
        .into_iter()
        .find(|b| crate::target::vars::spelling_of(&from, b, spec.triple).is_some())
    else {
        return;
    };
    if crate::target::vars::spelling_of(&from, base, spec.triple)
        != Some(crate::target::vars::Spelling::Hyphenated)
    {
        return;
    }
    let under = crate::target::vars::target_var(base, spec.triple);
    if let Some(v) = f.env.remove(&under) {
        f.env.insert(from, v);
    }
}

/// A link that found no C library for the target failed for that alone: what the shim or a
/// scan said of rustc's own sysroot libraries (std's `compiler_builtins`, whose assembly
/// carries no float-ABI attribute) and of the missing start files is no second answer.
///
/// The same holds behind a wrong linker: what it made of std's own libraries (their float
/// ABI against the host's idea of the target) is its mistake, not a second cause.
fn libc_first(findings: Vec<Finding>) -> Vec<Finding> {
    if findings.iter().any(|f| f.kind == Kind::WrongLinker) {
        return findings
            .into_iter()
            .filter(|f| f.kind == Kind::WrongLinker || !is_sysroot_library(f))
            .collect();
    }
    if !findings.iter().any(|f| f.kind == Kind::TargetLibcMissing) {
        return findings;
    }
    findings
        .into_iter()
        .filter(|f| {
            f.kind == Kind::TargetLibcMissing
                || !(is_sysroot_library(f)
                    || (f.kind == Kind::MissingLibrary && is_libc_file(&f.path)))
        })
        .collect()
}

/// A library of rustc's own sysroot (`…/lib/rustlib/<target>/lib/`), or one of its crates.
fn is_sysroot_library(f: &Finding) -> bool {
    const STD_CRATES: &[&str] = &[
        "compiler_builtins",
        "std",
        "core",
        "alloc",
        "panic_unwind",
        "panic_abort",
        "unwind",
        "libc",
        "std_detect",
        "rustc_std_workspace_core",
    ];
    let in_rustlib = f.path.to_string_lossy().contains("/lib/rustlib/");
    in_rustlib
        || (f
            .crate_name
            .as_deref()
            .is_some_and(|c| STD_CRATES.contains(&c))
            && f.package.is_none())
}

/// `Scrt1.o`, `crti.o`, `-lc`: what a linker misses when the target's C library is not there.
fn is_libc_file(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    name.is_some_and(|n| {
        n == "-lc" || (n.ends_with(".o") && (n.starts_with("crt") || n.starts_with("Scrt")))
    })
}

/// Findings without repeats: a finding is left out when one already kept says the same kind
/// about the same crate (or file), or names its member. Indexed, so that a log naming
/// thousands of culprits stays linear.
#[derive(Default)]
struct Merged {
    findings: Vec<Finding>,
    crates: HashSet<(Kind, String)>,
    /// Paths and members of every finding, and of those without a crate.
    paths: HashSet<(Kind, PathBuf)>,
    members: HashSet<(Kind, String)>,
    paths_no_crate: HashSet<(Kind, PathBuf)>,
    members_no_crate: HashSet<(Kind, String)>,
    /// New findings past `LIMITS.findings`: counted, not kept.
    omitted: usize,
}

impl Merged {
    fn add(&mut self, more: Vec<Finding>) {
        for f in more {
            if self.says(&f) {
                continue;
            }
            if self.findings.len() >= LIMITS.findings {
                self.omitted += 1;
                continue;
            }
            let k = f.kind;
            if let Some(c) = &f.crate_name {
                self.crates.insert((k, c.clone()));
            } else {
                self.paths_no_crate.insert((k, f.path.clone()));
                self.members_no_crate
                    .extend(f.members.iter().map(|m| (k, m.clone())));
            }
            self.paths.insert((k, f.path.clone()));
            self.members
                .extend(f.members.iter().map(|m| (k, m.clone())));
            self.findings.push(f);
        }
    }

    fn says(&self, f: &Finding) -> bool {
        let k = f.kind;
        // mold names a bare member: the file scan knows which archive holds it.
        let member = f.member.clone().or_else(|| {
            let bare = f.path.parent().is_none_or(|p| p.as_os_str().is_empty());
            bare.then(|| f.path.to_string_lossy().into_owned())
        });
        let (paths, members) = match &f.crate_name {
            Some(c) if self.crates.contains(&(k, c.clone())) => return true,
            // Against a finding that names a crate too, only the crate counts.
            Some(_) => (&self.paths_no_crate, &self.members_no_crate),
            None => (&self.paths, &self.members),
        };
        paths.contains(&(k, f.path.clone())) || member.is_some_and(|m| members.contains(&(k, m)))
    }
}

fn summary(report: &ScanReport, out: &mut dyn Write) -> io::Result<()> {
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if let Some(line) = report::human::omitted_line(&report.omitted) {
        writeln!(out, "xlinkdiag: {line}")?;
    }
    if errors == 0 {
        return writeln!(
            out,
            "xlinkdiag: the log shows no cross-build failure it recognises"
        );
    }
    // Each crate once, in order; a set, so that thousands of culprits stay linear (issue 19).
    let mut seen = HashSet::new();
    let mut crates: Vec<&str> = report
        .findings
        .iter()
        .filter_map(|f| f.crate_name.as_deref())
        .filter(|c| seen.insert(*c))
        .collect();
    let more = crates.len().saturating_sub(MAX_CRATES_NAMED);
    crates.truncate(MAX_CRATES_NAMED);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
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
            format!(
                " (crates: {}{more})",
                crate::sanitize::text(&crates.join(", "))
            )
        }
    )
}

/// Crates the closing line names before it counts the rest.
const MAX_CRATES_NAMED: usize = 50;

fn append_summary(path: &Path, report: &ScanReport) -> io::Result<()> {
    let mut md = Vec::new();
    report::markdown::render(&report.findings, report.target.as_deref(), &mut md)?;
    report::markdown::render_omitted(&report.omitted, &mut md)?;
    md.push(b'\n');
    crate::fsio::append_regular(path, &md)
}
