//! `xlinkdiag doctor`: checks a cross setup before the build.
//!
//! It reads the settings the way the build will see them — the environment merged with
//! cargo's `[env]`, every `.cargo/config.toml` cargo merges, the rustflags — and works out,
//! per build system, which tool will be used and from which variable (cargo: the linker;
//! cc-rs: C and C++ compilers, archiver, flags, the host's compiler; cmake-rs: a toolchain
//! file or cc-rs's compiler; pkg-config-rs and openssl-sys: where libraries come from).
//! Each tool is then run: `-dumpmachine`, and a one-line C file compiled with the flags the
//! build would pass, whose object goes through the same engine as `scan`. What the
//! compiler's name cannot tell (float ABI, byte order, ISA revision) the object does.
//!
//! The C and C++ compilers (and the linker driver) also compile a file that includes the
//! C library's headers and link it (`toolchain::verify`): a compiler without the target's
//! C library is an error that names what is missing and the package that provides it.
//!
//! Every probe of a run shares one time budget (`XLINKDIAG_PROBE_BUDGET`, seconds): a tool
//! that hangs is killed at its limit, not run again, and its checks are errors, with one
//! `deadline` check naming each such tool and the time it was given.
//!
//! Exit status: 1 when a setting will make an object the target cannot link (or link with
//! a linker for another machine), a compiler cannot build against the target's C library,
//! or a probe timed out; 0 otherwise, warnings included (a missing tool stops the build
//! with a clear message of its own); 2 on usage errors.

mod cc;
mod context;
mod deadline;
pub(crate) mod libs;
mod linker;
pub mod model;
mod project;
mod render;
mod settings;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::cargo::config::CargoConfig;
use crate::exit::{Error, ExitStatus};
use crate::report::{ColorChoice, OutputFormat, Palette};
use crate::target::TargetSpec;
use crate::toolchain::probe;
use crate::toolchain::verify::Verifier;

use context::Ctx;
use model::{Report, Status};
use settings::Settings;

#[derive(clap::Args, Debug)]
pub struct DoctorArgs {
    /// The target to check for (default: CARGO_BUILD_TARGET, else `[build] target`).
    #[arg(long, value_name = "TRIPLE")]
    pub target: Option<String>,
    /// The project's Cargo.toml, to see which build systems its crates use (default: the
    /// nearest one from the current directory). Config is still read from the current
    /// directory, as cargo does.
    #[arg(long, value_name = "PATH")]
    pub manifest_path: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

pub fn run(args: DoctorArgs) -> Result<ExitStatus, Error> {
    let report = build_report(&args)?;
    Ok(emit(&report, &args))
}

fn emit(report: &Report, args: &DoctorArgs) -> ExitStatus {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = match args.format {
        OutputFormat::Json => render::json(report, &mut out),
        OutputFormat::Human => {
            let pal = Palette::new(args.color.enabled(io::stdout().is_terminal()));
            render::human(report, &pal, &mut out)
        }
    };
    if let Err(e) = written.and_then(|()| out.flush())
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        return ExitStatus::Error;
    }
    ExitStatus::of_diagnosis(report.errors, 0)
}

/// Everything up to the checks that can fail as a usage error.
fn build_report(args: &DoctorArgs) -> Result<Report, Error> {
    let cwd = std::env::current_dir()
        .map_err(|e| Error::io("read", Path::new("the current directory"), &e))?;
    if let Some(m) = &args.manifest_path
        && !m.is_file()
    {
        return Err(Error::usage(format!(
            "--manifest-path {}: no such file",
            m.display()
        )));
    }
    let config = CargoConfig::load(&cwd);
    let (spec, target_from) = target(args, &config)?;
    let budget = probe::Budget::from_env()?;
    // Whatever else this run starts (cargo tree) ends by the same deadline.
    crate::process::set_deadline(budget.deadline());
    let verifier = Verifier::new(budget.clone())?;
    let mut notes: Vec<String> = config
        .problems
        .iter()
        .map(|p| format!("unreadable cargo config: {p}"))
        .collect();
    let config_files: Vec<String> = config
        .files
        .iter()
        .map(|f| f.path.display().to_string())
        .collect();
    if let Some(trap) = manifest_config_trap(&cwd, args.manifest_path.as_deref(), &config) {
        notes.push(trap);
    }
    let manifest = project::manifest(&cwd, args.manifest_path.as_deref());
    let mut usage = project::usage(manifest.as_deref().and_then(project::lock_file).as_deref());
    // A crate asks pkg-config only with some features: cargo's resolve says which are on.
    if (usage.users.contains_key("pkg-config-rs") || usage.users.contains_key("openssl-sys"))
        && let Some(features) = manifest
            .as_deref()
            .and_then(|m| project::resolved_features(&budget, m, spec.triple))
    {
        project::apply_features(&mut usage, &features);
    }
    let settings = Settings::new(config);
    let host = host_triple(&budget);
    let mut ctx = Ctx::new(spec, host, &settings, &verifier, &usage);
    ctx.links_no_libc =
        linker::no_libc_link(&linker::rustflags(&ctx).0).map(|a| format!("`{a}` (rustflags)"));

    let mut checks = vec![linker::check(&mut ctx)];
    let (cc_check, cc_object) = cc::compiler(&ctx, false);
    checks.push(cc::compiler(&ctx, true).0);
    checks.push(cc::archiver(&ctx, cc_object.as_ref()));
    checks.push(cc::host_compiler(&ctx));
    checks.push(libs::cmake(&ctx, &cc_check));
    checks.insert(1, cc_check);
    if let Some(flavor) = linker::flavor_check(&ctx) {
        checks.insert(1, flavor);
    }
    checks.push(libs::pkg_config(&ctx));
    checks.push(libs::openssl(&ctx));
    deadline::mark(&budget, &mut checks);

    let count = |s: Status| checks.iter().filter(|c| c.status == s).count();
    Ok(Report {
        version: 1,
        target: spec.triple.to_string(),
        target_from,
        host: ctx.host_triple.clone(),
        config_files,
        errors: count(Status::Error),
        warnings: count(Status::Warning),
        usage,
        checks,
        notes,
    })
}

fn target(args: &DoctorArgs, config: &CargoConfig) -> Result<(&'static TargetSpec, String), Error> {
    let (triple, from) = if let Some(t) = &args.target {
        (t.clone(), "--target".to_string())
    } else if let Some(t) = crate::env::var("CARGO_BUILD_TARGET").filter(|t| !t.is_empty()) {
        (t, "CARGO_BUILD_TARGET".to_string())
    } else if let Some(t) = config.build_target() {
        (t.value, format!("[build] target in {}", t.file.display()))
    } else {
        return Err(Error::usage(
            "no target: give --target TRIPLE (doctor checks a cross setup for one target)",
        ));
    };
    Ok((crate::target::known(&triple)?, from))
}

/// The host triple from `rustc -vV` (RUSTC honoured), else a guess from this binary's own.
fn host_triple(budget: &probe::Budget) -> String {
    let rustc = linker::rustc_in_use();
    if let Some(path) = probe::which(&rustc)
        && let Ok(r) = budget.run(&path, &["-vV".into()], None, probe::PROBE_LIMIT)
        && let Some(h) = r.stdout.lines().find_map(|l| l.strip_prefix("host: "))
    {
        return h.trim().to_string();
    }
    let arch = std::env::consts::ARCH;
    match std::env::consts::OS {
        "linux" => format!("{arch}-unknown-linux-gnu"),
        "macos" => format!(
            "{}-apple-darwin",
            if arch == "aarch64" { "aarch64" } else { arch }
        ),
        "windows" => format!("{arch}-pc-windows-msvc"),
        os => format!("{arch}-unknown-{os}"),
    }
}

/// `cargo --manifest-path` reads config from the current directory, not the project's: a
/// project config that is not among the files read will not apply.
fn manifest_config_trap(
    cwd: &Path,
    manifest: Option<&Path>,
    config: &CargoConfig,
) -> Option<String> {
    let dir = std::fs::canonicalize(manifest?)
        .ok()?
        .parent()?
        .to_path_buf();
    let project_cfg = crate::cargo::config::config_in(&dir.join(".cargo"))?;
    if config.files.iter().any(|f| f.path == project_cfg) {
        return None;
    }
    Some(format!(
        "{} will NOT be used: cargo reads config from the current directory ({}), not from --manifest-path; run cargo inside the project",
        project_cfg.display(),
        cwd.display()
    ))
}
