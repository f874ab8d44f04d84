//! The command line of the tool modes (scan, …). Linker invocations never reach clap:
//! `shim::main_entry` takes them first.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diagnose::Severity;
use crate::diagnose::scan::{self, ScanOptions};
use crate::exit::{Error, ExitStatus};
use crate::report::{self, ColorChoice, OutputFormat, Palette};

#[derive(Parser, Debug)]
#[command(
    name = "xlinkdiag",
    version,
    about = "Explains why a cross-compiled Rust link failed, and what to set to fix it",
    after_help = "`xlinkdiag PATH…` means `xlinkdiag scan PATH…`.\n\
                  As a linker: set CARGO_TARGET_<TRIPLE>_LINKER to xlinkdiag (or a link to it named \
                  like the real linker) and XLINKDIAG_LINKER to the real linker."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Scan a target dir (default ./target), an archive or an object for foreign objects.
    Scan(ScanArgs),
    /// Run REAL as the linker with ARGS, and explain the link if it fails.
    Link {
        /// The real linker (a path, or a name looked up in PATH).
        #[arg(long, value_name = "REAL")]
        linker: PathBuf,
        #[arg(last = true, value_name = "ARGS")]
        args: Vec<std::ffi::OsString>,
    },
    /// Explain a finding kind (wrong-architecture, abi-mismatch, …) or a cause
    /// (global-variable, …).
    Explain {
        /// A kind as in the JSON `kind`, or a cause as in `causes[].cause.type`; without one,
        /// list them all.
        kind: Option<String>,
    },
    /// Read a CI log and turn its link failures into annotations.
    Annotate(crate::annotate::AnnotateArgs),
    /// Check a cross setup before the build.
    Doctor(crate::doctor::DoctorArgs),
    /// Print the settings that make a cross build right for a toolchain.
    Env(crate::envgen::EnvArgs),
    /// Write the settings the findings call for into the project's cargo config (a diff
    /// first; `--apply` writes it).
    Fix(crate::fixcmd::FixArgs),
    /// Set up the shim under the real linker's own name.
    #[command(subcommand)]
    Shim(ShimCommand),
}

#[derive(Subcommand, Debug)]
pub enum ShimCommand {
    /// Make DIR/<linker name> run xlinkdiag in front of the real linker, with its sibling
    /// tools (ar, g++, …) linked next to it, and print the settings to use.
    Install {
        #[arg(long, value_name = "REAL")]
        linker: PathBuf,
        /// The target triple, to print the CARGO_TARGET_<TRIPLE>_LINKER line and to check
        /// that the linker links for it.
        #[arg(long, value_name = "TRIPLE")]
        target: Option<String>,
        /// Install even when the linker says (`-dumpmachine`) it links for another machine.
        #[arg(long)]
        force: bool,
        /// List every sibling tool linked next to the shim.
        #[arg(long, short)]
        verbose: bool,
        dir: PathBuf,
    },
}

#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    /// Target dirs, archives or objects.
    pub paths: Vec<PathBuf>,
    /// The Rust target triple the objects must fit (default: from target/<triple>/).
    #[arg(long, value_name = "TRIPLE")]
    pub target: Option<String>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Every culprit's members, paths and notes, under its cause.
    #[arg(short, long)]
    pub verbose: bool,
}

/// Runs the tool modes; `args` excludes argv[0]. The one place that says a command's error.
pub fn run(args: Vec<std::ffi::OsString>) -> ExitCode {
    let mut argv = vec![std::ffi::OsString::from("xlinkdiag")];
    // `xlinkdiag PATH` is `xlinkdiag scan PATH`.
    let is_sub = args
        .first()
        .and_then(|a| a.to_str())
        .is_some_and(|a| a.starts_with('-') || crate::shim::TOOL_WORDS.contains(&a));
    if !args.is_empty() && !is_sub {
        argv.push("scan".into());
    }
    argv.extend(args);
    let cli = match Cli::try_parse_from(argv) {
        Ok(c) => c,
        Err(e) => {
            let status = if e.use_stderr() {
                ExitStatus::Error
            } else {
                ExitStatus::Clean
            };
            let _ = e.print();
            return status.into();
        }
    };
    let ended = match cli.command {
        Command::Scan(a) => run_scan(a),
        Command::Explain { kind } => explain(kind.as_deref()),
        Command::Annotate(a) => crate::annotate::run(a),
        Command::Doctor(a) => crate::doctor::run(a),
        Command::Env(a) => crate::envgen::run(a),
        Command::Fix(a) => crate::fixcmd::run(a),
        // A linker call ends as the linker did (G1), never through the tool's statuses.
        Command::Link { linker, args } => return crate::shim::run_link(linker, args).mirror(),
        Command::Shim(ShimCommand::Install {
            linker,
            target,
            force,
            verbose,
            dir,
        }) => crate::target::from_arg(target.as_deref())
            .map_err(Error::from)
            .and_then(|spec| {
                crate::shim::run_install(&crate::shim::InstallOptions {
                    linker: &linker,
                    dir: &dir,
                    target: spec,
                    force,
                    verbose,
                })
            }),
    };
    match ended {
        Ok(status) => status.into(),
        Err(e) => {
            let _ = writeln!(
                io::stderr().lock(),
                "xlinkdiag: error: {}",
                crate::sanitize::text(&e.to_string())
            );
            e.status().into()
        }
    }
}

fn run_scan(a: ScanArgs) -> Result<ExitStatus, Error> {
    let stderr = io::stderr();
    let err_pal = Palette::new(a.color.enabled(stderr.is_terminal()));
    let target = crate::target::from_arg(a.target.as_deref())?;
    let paths = if a.paths.is_empty() {
        vec![PathBuf::from("target")]
    } else {
        a.paths
    };
    // `fix` reads ./target by default; another dir is given to it as scanned.
    let fix_command = match paths.as_slice() {
        [p] if p == Path::new("target") => report::shell::FIX_APPLY.to_string(),
        [p] => format!(
            "xlinkdiag fix --from {} --apply",
            report::shell::quote(&p.to_string_lossy())
        ),
        _ => report::shell::FIX_APPLY.to_string(),
    };
    let report = scan::scan(&ScanOptions {
        paths,
        target,
        link_inputs: false,
        target_from: None,
        linker: None,
        machine: &crate::toolchain::Live,
    });
    let _ = report::human::render_problems(&report, &err_pal, &mut stderr.lock());

    let stdout = io::stdout();
    // stdout is line-buffered even to a file; one report is one write burst.
    let mut out = io::BufWriter::new(stdout.lock());
    let written = match a.format {
        OutputFormat::Json => report::json::render(&report, &mut out),
        OutputFormat::Human => {
            let pal = Palette::new(a.color.enabled(io::stdout().is_terminal()));
            let detail = report::human::Detail {
                verbose: a.verbose,
                fix_command: Some(fix_command),
            };
            report::human::render_findings(
                &report.findings,
                report.target.as_deref(),
                &detail,
                &pal,
                &mut out,
            )
            .and_then(|()| report::human::render_summary(&report, &pal, &mut out))
        }
    };
    if let Err(e) = written.and_then(|()| out.flush()) {
        // A closed pipe (`| head`) is the reader's choice, not our failure.
        if e.kind() != io::ErrorKind::BrokenPipe {
            return Err(Error::usage(format!(
                "cannot write the report to stdout: {e}"
            )));
        }
    }
    if report.inspected == 0 && !report.problems.is_empty() {
        return Ok(ExitStatus::Error);
    }
    if report
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error)
    {
        Ok(ExitStatus::Findings)
    } else {
        Ok(ExitStatus::Clean)
    }
}

fn explain(kind: Option<&str>) -> Result<ExitStatus, Error> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let Some(name) = kind else {
        for k in crate::diagnose::Kind::all() {
            let _ = writeln!(out, "{:<24} {}", k.as_str(), k.description());
        }
        let _ = writeln!(
            out,
            "\ncauses (JSON causes[].cause.type): {}",
            crate::diagnose::cause::NAMES.join(", ")
        );
        return Ok(ExitStatus::Clean);
    };
    if let Some(body) = crate::diagnose::finding::doc_section(name) {
        let _ = writeln!(out, "## `{name}`\n\n{body}");
    } else if let Some(body) = crate::diagnose::cause::doc(name) {
        let _ = writeln!(out, "## cause `{name}`\n\n{body}");
    } else {
        return Err(Error::usage(format!(
            "no kind or cause `{name}` (`xlinkdiag explain` lists them)"
        )));
    }
    Ok(ExitStatus::Clean)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// The shim's front decides before clap that a first word is the tool's own
    /// (`shim::TOOL_WORDS`), and `xlinkdiag WORD` is `scan WORD` unless WORD is in that list:
    /// a subcommand missing from it would be taken for a link or scanned as a path.
    #[test]
    fn tool_words_are_the_subcommands() {
        let mut clap: Vec<String> = super::Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .chain(["help".to_string()])
            .collect();
        clap.sort();
        assert_eq!(clap, crate::shim::TOOL_WORDS);
    }

    #[test]
    fn cli_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
