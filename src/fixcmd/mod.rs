//! `xlinkdiag fix`: the settings a diagnosis calls for, written into the project's cargo
//! config (shown first as a diff; written with `--apply`).
//!
//! The findings come from where the other commands leave them: the shim's last report
//! (`<target dir>/xlinkdiag/last-link.json`), a CI log through annotate's pipeline, a JSON
//! report, or a fresh scan of a target dir. None of them is trusted: `asks` keeps their
//! keys (kinds and names), `plan` derives the settings and notes on this machine,
//! `config_edit` writes them with the rest of the file untouched, `render` shows them.
//! Every file is read and written through `crate::fsio` (regular files only, capped).
//!
//! Streams: the diff goes to stdout (it is the result: `> fix.patch`, a job summary);
//! everything said about it (what to unset, what no setting fixes, what was written) goes
//! to stderr as `xlinkdiag:` lines. `--format json` puts all of it in one document on
//! stdout.
//!
//! Exit status: 0 nothing is left to do (nothing to fix, the config already holds the
//! settings, or `--apply` wrote them) and nothing has to be done by hand; 1 a change is
//! shown but not applied, or something remains for the user (a variable to unset, a
//! package to install, a prebuilt library); 2 a usage or I/O error: no
//! findings source, a config outside the project, one that cannot be read, parsed or
//! written (nothing is written then).

pub mod asks;
pub mod checked;
pub mod config_edit;
pub mod plan;
pub mod render;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::diagnose::Finding;
use crate::diagnose::scan::{self, ScanOptions};
use crate::exit::{Error, ExitStatus};
use crate::target::TargetSpec;
use crate::toolchain::{probe, verify};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Exit status: 0 nothing left to do (nothing to fix, the config already holds \
                  the settings, or --apply wrote them); 1 a change shown but not applied, or \
                  something to do by hand (a variable to unset, a package to install); 2 usage \
                  or I/O error (nothing is written)."
)]
pub struct FixArgs {
    /// Where the findings come from: the shim's report (or any `--format json` report), a
    /// CI log, or a target dir to scan. Default: ./target's `xlinkdiag/last-link.json` when
    /// the shim left one, else a scan of ./target.
    #[arg(long, value_name = "REPORT|LOG|TARGET_DIR")]
    pub from: Option<PathBuf>,
    /// The Rust target triple, when the findings do not say it.
    #[arg(long, value_name = "TRIPLE")]
    pub target: Option<String>,
    /// The cargo config to change (default: the project's `.cargo/config.toml`); it must be
    /// inside the project.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Write the change (default: only show it).
    #[arg(long)]
    pub apply: bool,
    #[arg(long, value_enum, default_value_t = Format::Diff)]
    pub format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Diff,
    Json,
}

/// The cargo config read and written: cargo's own reader of config files caps them alike.
const MAX_CONFIG: u64 = 1 << 20;
/// A manifest larger than this is not read (nor treated as the project's root).
const MAX_MANIFEST: u64 = 4 << 20;
/// What is read of `--from` to tell a report from a log.
const HEAD: u64 = 64 << 10;

pub fn run(args: FixArgs) -> Result<ExitStatus, Error> {
    fix(&args)
}

fn fix(args: &FixArgs) -> Result<ExitStatus, Error> {
    let cwd = std::env::current_dir()
        .map_err(|e| Error::io("read", Path::new("the current directory"), &e))?;
    let given = crate::target::from_arg(args.target.as_deref())?;
    let root = project_root(&cwd).ok_or_else(|| {
        format!(
            "{} is not inside a cargo project (no Cargo.toml above it)",
            cwd.display()
        )
    })?;
    let config = config_edit::config_path(args.config.as_deref(), &root, &cwd);
    let config = config_edit::inside_project(&config, &root)?;

    let (found_target, findings, source) = findings(args, given, &cwd, &root)?;
    let spec = given
        .or_else(|| found_target.as_deref().and_then(crate::target::lookup))
        .ok_or_else(|| Error::usage("the findings do not say the target: give --target TRIPLE"))?;
    let mut err = io::stderr().lock();
    if findings.is_empty() {
        let _ = writeln!(
            err,
            "xlinkdiag: {source} shows nothing to fix for {}",
            spec.triple
        );
    }

    // One budget for every probe of the run (`XLINKDIAG_PROBE_BUDGET`); a probe that ran
    // out of it is said below and makes the exit status non-zero.
    let budget = probe::Budget::from_env()?;
    crate::process::set_deadline(budget.deadline());
    let verifier = std::sync::Arc::new(crate::toolchain::verify::Verifier::new(budget.clone())?);
    let env_get = |n: &str| crate::env::var(n);
    // The real linker, behind the shim too (XLINKDIAG_LINKER): its toolchain is the one
    // the settings name.
    let linker =
        crate::cargo::config::configured_linker(spec, &[&cwd]).map(|l| real_linker(&l.linker));
    // Asked only of the driver of this machine's prefix (the project's linker, else the
    // target's GNU name found in PATH): `plan` never passes a program a finding named.
    let sysroot = |cc: &str| {
        let path = probe::which(cc)?;
        budget.print_sysroot(&path, &[]).ok().flatten()
    };
    let envgen = {
        let verifier = verifier.clone();
        move |hint: Option<&str>| crate::envgen::settings_for(&verifier, spec, hint)
    };
    // Every value the plan writes passes these first (issue 21 item 6).
    let dpkg = crate::toolchain::packages::Dpkg::system();
    // The build machine, as dpkg's packages are named for it (its `.pc` files' owners).
    let host = (std::env::consts::OS == "linux")
        .then(|| crate::target::lookup(&format!("{}-unknown-linux-gnu", std::env::consts::ARCH)))
        .flatten();
    let compiler = |lang: verify::Lang, program: &str, flags: &[String]| {
        verifier
            .compiler(lang, program, flags, spec)
            .failure
            .clone()
    };
    let archiver = |driver: &str| verifier.archiver(driver).ok().map(|a| a.name);
    let libc_advice = |program: &str, missing: &str, cxx: bool| {
        let layout = verifier.libc_layout(program, &[]);
        dpkg.libc_advice(&layout, host, spec, missing, cxx, None)
            .text()
    };
    let pc_missing = |dirs: &[PathBuf], names: &[&str]| {
        verifier
            .pc_files(dirs, names)
            .missing
            .into_iter()
            .map(|m| m.name)
            .collect()
    };
    let pc_advice = |name: &str| dpkg.pc_advice(host, spec, name).text();
    let library_package = |name: &str| match dpkg.library_advice(host, spec, name) {
        a @ crate::toolchain::packages::Advice::Install(_) => Some(a.text()),
        crate::toolchain::packages::Advice::Words(_) => None,
    };
    let checks = checked::Checks {
        compiler: &compiler,
        archiver: &archiver,
        libc_advice: &libc_advice,
        pc_missing: &pc_missing,
        pc_advice: &pc_advice,
        library_package: &library_package,
    };
    let which = |t: &str| probe::which(t);
    let asks = asks::from_findings(&findings);
    let mut plan = plan::build(
        &asks,
        &plan::Facts {
            spec,
            env: &env_get,
            linker,
            native: is_native(spec),
            envgen: &envgen,
            which: &which,
            sysroot: &sysroot,
            checks: &checks,
        },
    );
    // A run outside the project (a report from elsewhere) is the user's to clean.
    let (mine, theirs): (Vec<_>, Vec<_>) = std::mem::take(&mut plan.rerun)
        .into_iter()
        .partition(|r| r.dirs.iter().all(|d| removable(d, &root)));
    plan.rerun = mine;
    for r in theirs {
        plan.manual.push(plan::Manual {
            kind: None,
            crate_name: Some(r.package.clone()),
            why: format!("{}, and its build dir is outside the project", r.why),
            help: vec![format!(
                "run `cargo clean -p {} --target {}` before the next build",
                r.package, spec.triple
            )],
        });
    }

    let old = match crate::fsio::read_capped(&config, MAX_CONFIG + 1) {
        Ok(b) if b.len() as u64 > MAX_CONFIG => {
            return Err(Error::io(
                "read",
                &config,
                &io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("larger than {MAX_CONFIG} bytes, not a cargo config"),
                ),
            ));
        }
        Ok(b) => String::from_utf8(b).map_err(|_| {
            Error::io(
                "read",
                &config,
                &io::Error::new(io::ErrorKind::InvalidData, "not UTF-8"),
            )
        })?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io("read", &config, &e)),
    };
    let edited = config_edit::edit(&old, spec.triple, &plan.settings)
        .map_err(|e| Error::usage(format!("{}: {e}", config.display())))?;
    let shown = shown_path(&config, &cwd);
    let diff = render::unified(
        &edited.old,
        &edited.new,
        &if old.is_empty() {
            "/dev/null".to_string()
        } else {
            format!("a/{shown}")
        },
        &format!("b/{shown}"),
    );

    let mut applied = false;
    let mut write_error = None;
    if args.apply && edited.changed() {
        match config_edit::write_atomic(&config, &edited.new) {
            Ok(()) => applied = true,
            Err(e) => {
                write_error = Some(format!(
                    "cannot write {}: {e}; nothing was changed (the diff above is what it would write)",
                    config.display()
                ))
            }
        }
    }

    // The runs go only once the config holds what makes their rerun right. Each outcome is
    // kept, and said once, by the renderer.
    let removing = args.apply && write_error.is_none();
    if removing {
        for r in &mut plan.rerun {
            r.removals = r
                .dirs
                .iter()
                .map(|d| match remove_run(d, &root) {
                    Ok(()) => plan::Removal::Removed,
                    Err(e) => plan::Removal::Failed(e.to_string()),
                })
                .collect();
        }
    }
    let rerun_failed = plan
        .rerun
        .iter()
        .flat_map(|r| &r.removals)
        .any(|o| matches!(o, plan::Removal::Failed(_)));

    let mut out = io::stdout().lock();
    let written = match args.format {
        Format::Json => {
            let doc = render::Doc {
                version: 1,
                target: spec.triple,
                config: config.display().to_string(),
                up_to_date: !edited.changed(),
                applied,
                settings: &plan.settings,
                replaced: &edited.replaced,
                unset: &plan.unset,
                shadowed: &plan.shadowed,
                manual: &plan.manual,
                conflicts: &plan.conflicts,
                rerun: &plan.rerun,
                not_written: &plan.not_written,
                forced: &plan.forced,
                diff: diff.clone(),
            };
            crate::sanitize::write_json(&doc, &mut out)
        }
        Format::Diff => out.write_all(diff.as_bytes()),
    };
    if let Err(e) = written.and_then(|()| out.flush())
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        return Err(Error::io("write", Path::new("the output"), &e));
    }
    if args.format == Format::Diff {
        let _ = render::notes(
            &plan,
            &edited.replaced,
            &std::fs::canonicalize(&cwd).unwrap_or_else(|_| cwd.clone()),
            &mut err,
        );
        let _ = if applied {
            writeln!(err, "xlinkdiag: wrote {shown}")
        } else if !edited.changed() && plan.settings.is_empty() && !findings.is_empty() {
            writeln!(err, "xlinkdiag: no setting to write for these findings")
        } else if !edited.changed() && !findings.is_empty() {
            writeln!(
                err,
                "xlinkdiag: {shown} already holds every setting the findings call for: nothing to change"
            )
        } else if edited.changed() && write_error.is_none() {
            writeln!(err, "xlinkdiag: run with --apply to write it")
        } else {
            Ok(())
        };
    }
    if let Some(e) = write_error {
        return Err(Error::usage(e));
    }
    let mut out_of_time = false;
    for t in budget.timed_out() {
        out_of_time = true;
        let _ = writeln!(
            err,
            "xlinkdiag: error: `{}` timed out after {}: what it would have told is missing from these settings",
            t.program.display(),
            probe::seconds(t.after)
        );
    }
    for p in budget.starved() {
        out_of_time = true;
        let _ = writeln!(
            err,
            "xlinkdiag: error: `{}` was not run: the probe budget of {} ({}) was used up",
            p.display(),
            probe::seconds(budget.total()),
            probe::BUDGET_VAR
        );
    }
    let by_hand = !plan.unset.is_empty() || !plan.manual.is_empty() || rerun_failed || out_of_time;
    let pending = (edited.changed() && !applied) || (!args.apply && !plan.rerun.is_empty());
    Ok(if by_hand || pending {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}

/// Removes a build-script run's record, only inside the project or `CARGO_TARGET_DIR` and
/// only when it is one (a `build/` or `.fingerprint/` entry): the findings name these dirs,
/// but a report may come from anywhere.
fn remove_run(dir: &Path, root: &Path) -> io::Result<()> {
    let Ok(real) = std::fs::canonicalize(dir) else {
        return Ok(()); // already gone
    };
    if !removable(&real, root) {
        return Err(io::Error::other(
            "not a build-script run inside the project or CARGO_TARGET_DIR",
        ));
    }
    std::fs::remove_dir_all(&real)
}

fn removable(dir: &Path, root: &Path) -> bool {
    let Ok(real) = std::fs::canonicalize(dir) else {
        return false;
    };
    let parent = real.parent().and_then(Path::file_name);
    let grand = real
        .parent()
        .and_then(Path::parent)
        .and_then(Path::file_name);
    let is_run = [parent, grand]
        .iter()
        .any(|n| n.is_some_and(|n| n == "build" || n == ".fingerprint"));
    let roots = [
        Some(root.to_path_buf()),
        crate::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from),
    ];
    let inside = roots
        .iter()
        .flatten()
        .filter_map(|r| std::fs::canonicalize(r).ok())
        .any(|r| real.starts_with(&r) && real != r);
    is_run && inside
}

type Found = (Option<String>, Vec<Finding>, String);

/// The findings, their target and where they came from (in words).
fn findings(
    args: &FixArgs,
    target: Option<&'static TargetSpec>,
    cwd: &Path,
    root: &Path,
) -> Result<Found, String> {
    let mut stale: Option<String> = None;
    let from = match &args.from {
        Some(p) => p.clone(),
        None => {
            let dir = crate::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    let here = cwd.join("target");
                    if here.is_dir() {
                        here
                    } else {
                        root.join("target")
                    }
                });
            let report = dir.join(crate::cargo::layout::LAST_LINK);
            // A report a later build made stale, or of a setup without the shim, does not
            // answer for this build: the target dir as it is does.
            match crate::shim::still_current(&report, cwd) {
                Ok(()) if report.is_file() => report,
                Err(why) if report.is_file() => {
                    stale = Some(why);
                    dir
                }
                _ => dir,
            }
        }
    };
    if from.is_dir() {
        // The fix names the toolchain of the linker configured where cargo runs (here),
        // which the scan cannot see from a target dir elsewhere.
        let scan_with = |t: Option<&'static TargetSpec>| {
            scan::scan(&ScanOptions {
                paths: vec![from.clone()],
                target: t,
                link_inputs: false,
                target_from: None,
                linker: t.and_then(|s| crate::cargo::config::configured_linker(s, &[cwd])),
                machine: &crate::toolchain::Live,
            })
        };
        let mut report = scan_with(target);
        if target.is_none()
            && let Some(spec) = report.target.as_deref().and_then(crate::target::lookup)
            && crate::cargo::config::configured_linker(spec, &[cwd]).is_some()
        {
            report = scan_with(Some(spec));
        }
        if report.inspected == 0 && !report.problems.is_empty() {
            return Err(format!("cannot scan {}", from.display()));
        }
        return Ok((
            report.target,
            report.findings,
            match &stale {
                Some(why) => format!(
                    "a scan of {} (its {} is not current: {why})",
                    from.display(),
                    crate::cargo::layout::LAST_LINK
                ),
                None => format!("a scan of {}", from.display()),
            },
        ));
    }
    let cannot = |e: io::Error| format!("cannot read {}: {e}", from.display());
    // Only the head decides what the file is; the rest is read as annotate reads a log
    // (a capped stream of a regular file), or as a report (capped), never whole.
    let head = crate::fsio::read_capped(&from, HEAD).map_err(cannot)?;
    let json = head
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{');
    // cargo's `--message-format=json` log starts with `{` too, one message per line: a
    // report is one document with `findings`, anything else is a log.
    let cargo_json = head
        .split(|b| *b == b'\n')
        .next()
        .is_some_and(|l| l.windows(9).any(|w| w == b"\"reason\":"));
    if json
        && !cargo_json
        && let Some((t, fs)) = crate::annotate::read_report(&from)
    {
        if let (Some(want), Some(have)) = (target, t.as_deref())
            && want.triple != have
        {
            return Err(format!(
                "{} is a report for {have}, not {}",
                from.display(),
                want.triple
            ));
        }
        return Ok((t, fs, format!("the report {}", from.display())));
    }
    let report = crate::annotate::log_findings(&from, target, &[], cwd).map_err(cannot)?;
    Ok((
        report.target,
        report.findings,
        format!("the log {}", from.display()),
    ))
}

/// The workspace root above `cwd` (a `Cargo.toml` with `[workspace]`), else the nearest
/// package: the project whose config cargo reads when started in `cwd`.
fn project_root(cwd: &Path) -> Option<PathBuf> {
    let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
    let mut nearest = None;
    for dir in cwd.ancestors() {
        let manifest = dir.join("Cargo.toml");
        // Any dir above may hold anything (`/tmp/Cargo.toml` a FIFO, a device): only a
        // regular file, capped, is read; anything else is no manifest.
        let Ok(text) = crate::fsio::read_string_capped(&manifest, MAX_MANIFEST) else {
            continue;
        };
        nearest.get_or_insert_with(|| dir.to_path_buf());
        if text
            .parse::<toml::Table>()
            .is_ok_and(|t| t.contains_key("workspace"))
        {
            return Some(dir.to_path_buf());
        }
    }
    nearest
}

/// The config's path as the diff names it: relative to the current dir when inside it.
fn shown_path(config: &Path, cwd: &Path) -> String {
    let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
    config
        .strip_prefix(&cwd)
        .unwrap_or(config)
        .display()
        .to_string()
}

/// The linker an installed shim wraps (its pin, `shim install --linker`), else the linker
/// as configured: the toolchain the settings name and the checks run is the real one.
fn real_linker(linker: &str) -> String {
    let p = Path::new(linker);
    match (p.parent(), p.file_name()) {
        (Some(dir), Some(name)) => crate::shim_setup::pinned_real(dir, name)
            .map(|r| r.display().to_string())
            .unwrap_or_else(|| linker.to_string()),
        _ => linker.to_string(),
    }
}

/// The target is the machine this runs on: cargo's default linker (`cc`) is right for it.
fn is_native(spec: &TargetSpec) -> bool {
    spec.arch == std::env::consts::ARCH && spec.os == std::env::consts::OS
}
