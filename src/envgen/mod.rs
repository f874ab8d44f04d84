//! `xlinkdiag env`: the settings that make a cross build right for a toolchain.
//!
//! Given an OpenWrt SDK or toolchain dir, a cross toolchain prefix, or only the target, it
//! finds the compiler, compiles a test file with it and checks the object against the
//! target (adding the float flag when that is the one difference), then prints the
//! linker (through xlinkdiag), CC/CXX/AR for the target, HOST_CC, STAGING_DIR, pkg-config
//! and OpenSSL settings as sh, fish, a GitHub Actions env file, a `.cargo/config.toml`
//! fragment or OpenWrt Makefile lines. Every name is per target (`CC_<triple>`), so a
//! global `CC` left in the environment cannot reach the target build.
//!
//! Exit status: 0 settings printed; 1 no toolchain, or one that cannot build for the
//! target, or whose probe timed out (nothing is printed to stdout then, so `eval` applies
//! nothing); 2 usage errors.

pub mod format;
pub mod openwrt;
mod plan;
mod toolchain;

use std::io::{self, Write};
use std::path::PathBuf;

use crate::exit::{Error, ExitStatus};
use crate::toolchain::probe;
use crate::toolchain::verify::Verifier;

use format::{Format, Shell};
use plan::Plan;

#[derive(clap::Args, Debug)]
pub struct EnvArgs {
    /// The Rust target (default: from the OpenWrt toolchain's name).
    #[arg(long, value_name = "TRIPLE")]
    pub target: Option<String>,
    /// An OpenWrt SDK, staging_dir, or toolchain dir; or a cross toolchain prefix such as
    /// `mips-linux-gnu-` (default: the first toolchain in PATH named for the target).
    #[arg(long, value_name = "DIR|PREFIX")]
    pub toolchain: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Sh)]
    pub format: Format,
    /// Shorthand for `--format sh` / `--format fish`.
    #[arg(long, value_enum, conflicts_with = "format")]
    pub shell: Option<Shell>,
    /// The xlinkdiag to link through, as the settings should name it (default: this one).
    #[arg(long, value_name = "PATH")]
    pub xlinkdiag: Option<PathBuf>,
    /// Link with the toolchain's gcc directly instead of through xlinkdiag.
    #[arg(long)]
    pub direct_linker: bool,
}

pub fn run(args: EnvArgs) -> Result<ExitStatus, Error> {
    let text = make(&args)?;
    // A setting is printed as it must be used, so a control character in one (a toolchain
    // path holding ESC) cannot be shown escaped: it is refused instead of sent raw. Newlines
    // and tabs are the formats' own (make's recipe lines).
    if let Some(c) = text
        .chars()
        .find(|&c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        return Err(Error::with_status(
            ExitStatus::Findings,
            format!(
                "a setting holds the control character {}: not printed",
                c.escape_default()
            ),
        ));
    }
    let mut out = io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush())
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        return Ok(ExitStatus::Error);
    }
    Ok(ExitStatus::Clean)
}

/// The settings `env` would print for `spec` with the toolchain's gcc as the linker, for
/// `xlinkdiag fix` to fill in what a finding leaves out. `toolchain` is as `--toolchain` (an
/// OpenWrt dir or a prefix); `None` searches `PATH`. The compiler is probed, as for `env`.
pub fn settings_for(
    v: &Verifier,
    spec: &'static crate::target::TargetSpec,
    toolchain: Option<&str>,
) -> Result<Vec<(String, String)>, String> {
    let t = match toolchain {
        Some(t) => toolchain::from_arg(t, Some(spec))?,
        None => toolchain::search(spec)?,
    };
    Ok(Plan::new(v, spec, t, None)?.vars())
}

fn make(args: &EnvArgs) -> Result<String, Error> {
    let usage = Error::usage;
    // No toolchain, or one that cannot make the target's objects: a verdict, exit 1.
    let unfit = |e: String| Error::with_status(ExitStatus::Findings, e);
    let want = crate::target::from_arg(args.target.as_deref())?;
    let format = match args.shell {
        Some(Shell::Sh) => Format::Sh,
        Some(Shell::Fish) => Format::Fish,
        None => args.format,
    };
    let toolchain = match (&args.toolchain, want) {
        (Some(t), _) => Some(toolchain::from_arg(t, want).map_err(unfit)?),
        // OpenWrt's Makefile lines name the toolchain by make variables: nothing to find.
        (None, Some(_)) if format == Format::OpenwrtMakefile => None,
        (None, Some(spec)) => Some(toolchain::search(spec).map_err(unfit)?),
        (None, None) => {
            return Err(usage(
                "give --target TRIPLE, --toolchain DIR, or both".into(),
            ));
        }
    };
    let spec = match (want, toolchain.as_ref().and_then(|t| t.named_target())) {
        (Some(s), _) => s,
        (None, Some(named)) => crate::target::lookup(named)
            .ok_or_else(|| usage(format!("no Rust target `{named}`")))?,
        (None, None) => {
            return Err(usage(
                "the toolchain's name does not say its Rust target: give --target TRIPLE".into(),
            ));
        }
    };
    let xlinkdiag = if args.direct_linker {
        None
    } else {
        Some(match &args.xlinkdiag {
            Some(p) => p.display().to_string(),
            None => crate::shim_setup::front_exe()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| "xlinkdiag".into()),
        })
    };
    let plan = match toolchain {
        Some(t) => {
            // One budget for every probe of the run (`XLINKDIAG_PROBE_BUDGET`): a hung
            // compiler costs one limit, then env says so and exits 1.
            let budget = probe::Budget::from_env().map_err(usage)?;
            crate::process::set_deadline(budget.deadline());
            let v = Verifier::new(budget).map_err(Error::usage)?;
            Plan::new(&v, spec, t, xlinkdiag).map_err(unfit)?
        }
        None => Plan::unprobed(spec, xlinkdiag),
    };
    Ok(format::render(&plan, format, &header(&plan, args)))
}

fn header(plan: &Plan, args: &EnvArgs) -> Vec<String> {
    let mut cmd = vec!["xlinkdiag env".to_string()];
    if let Some(t) = &args.target {
        cmd.push(format!("--target {t}"));
    }
    if let Some(t) = &args.toolchain {
        cmd.push(format!("--toolchain {t}"));
    }
    let mut h = vec![format!(
        "{}: settings for {} with {}",
        cmd.join(" "),
        plan.spec.triple,
        plan.toolchain.describe
    )];
    if plan.xlinkdiag.is_some() {
        h.push(format!(
            "the link goes through xlinkdiag ({} names the real linker); or `xlinkdiag shim install --linker {} DIR`",
            crate::shim_setup::LINKER_VAR,
            plan.toolchain.cc
        ));
        // The truth about the flavor (issue 11): rustc guesses it from the name `xlinkdiag`.
        let flavor = plan.spec.linker_flavor;
        if flavor.contains("-lld") && flavor.ends_with("-cc") {
            let cc = std::path::Path::new(&plan.toolchain.cc);
            let name = cc.file_name().map_or(plan.toolchain.cc.clone(), |n| {
                n.to_string_lossy().into_owned()
            });
            h.push(if crate::linker::name::classify(cc).rustc == crate::linker::name::NameHint::CDriver {
                format!(
                    "rustc keeps {flavor} for the name `xlinkdiag` and adds `-fuse-ld=lld`; the shim \
                     takes that off again, as rustc would not add it for `{name}`: the link is the \
                     toolchain's own"
                )
            } else {
                format!(
                    "rustc keeps {flavor} for the name `xlinkdiag`, as it does for `{name}`: the same link"
                )
            });
        }
    }
    h.push(format!(
        "check before building: xlinkdiag doctor --target {}",
        plan.spec.triple
    ));
    h
}
