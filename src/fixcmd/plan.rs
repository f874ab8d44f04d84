//! From findings to a plan: which settings go into the cargo config, which variables of the
//! environment stand in their way, and what no setting can fix.
//!
//! The plan reads findings as keys only (`asks`: the kind, the build system, names): every
//! value it writes is derived here, by the one fix builder with this machine's cross
//! prefix, the driver's sysroot, env's toolchain in `PATH` and this shell's environment. A
//! value a finding gives is shown (`not_written`, `manual`), never written, and no program a
//! finding names is run: the only programs asked anything are this machine's (`Facts`).
//! Each name goes where cargo and the build script will see it: `CARGO_TARGET_<T>_LINKER` and `_RUSTFLAGS` are cargo's own settings (`[env]` cannot
//! set them), everything else is `[env]`, and only per-target names (`CC_<t>`,
//! `<T>_OPENSSL_DIR`), the host's (`HOST_CC`) and OpenWrt's `STAGING_DIR` are written: a
//! global `CC` would reach the host's build scripts too.
//!
//! Why per-target names are enough even with a global `CC=gcc` left in the shell: cargo's
//! `[env]` never overrides a variable the environment already has (without `force`), but
//! `CC_<t>` is not in the environment, and cc-rs (and cmake-rs through it), pkg-config-rs
//! and openssl-sys all read the per-target name before the global one. A name the
//! environment does hold (the per-target one itself, or the hyphenated `CC_<triple>` read
//! before it) is written forced, in the spelling that was set (`forced`); only what `[env]`
//! cannot carry (cargo's own `CARGO_TARGET_<T>_LINKER`, `RUSTFLAGS`) is listed under
//! `unset`. The global names written are the exceptions `checked` derives: `CFLAGS` forced
//! empty (cc-rs appends it to every target compile) and the shim's `XLINKDIAG_LINKER`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::asks::{Ask, is_name};
use crate::cargo::build_output::BuildSystem;
use crate::diagnose::Kind;
use crate::diagnose::fix::{CrossPrefix, Fix};
use crate::target::TargetSpec;
use crate::target::gnu::triple as gnu_triple;

/// Where a setting goes in the cargo config.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "table", content = "key", rename_all = "kebab-case")]
pub enum Place {
    /// `[env] NAME = "value"`.
    Env(String),
    /// `[target.<t>] linker = "value"`.
    Linker,
    /// `[target.<t>] rustflags`: each word appended when missing.
    Rustflags,
}

#[derive(Clone, Debug, Serialize)]
pub struct Setting {
    #[serde(flatten)]
    pub place: Place,
    pub value: String,
    /// Which findings ask for it: `kind` of `crate`, or what else filled it in.
    pub because: Vec<String>,
    /// Written only where nothing sets it yet: the host's compiler (`HOST_CC`) is the
    /// user's choice, and the host side was never what failed.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub only_if_unset: bool,
    /// Written `{ value = "…", force = true }`: the environment holds the name (or one read
    /// before it), and cargo's `[env]` overrides the environment only when forced.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub force: bool,
}

/// A variable of the environment to unset, or one that may stay, with the reason.
#[derive(Clone, Debug, Serialize)]
pub struct EnvNote {
    pub name: String,
    pub value: String,
    pub why: String,
}

/// Something no setting fixes: said, never written.
#[derive(Clone, Debug, Serialize)]
pub struct Manual {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    #[serde(rename = "crate", skip_serializing_if = "Option::is_none")]
    pub crate_name: Option<String>,
    pub why: String,
    pub help: Vec<String>,
}

/// A build-script run cargo would not redo after the change, so its foreign objects would
/// stay: `--apply` removes its record (as `cargo clean -p` would), and cargo reruns it.
#[derive(Clone, Debug, Serialize)]
pub struct Rerun {
    pub package: String,
    /// The run dir (`build/<pkg>-<hash>`) and, in the classic layout, its fingerprint dir.
    pub dirs: Vec<PathBuf>,
    pub why: String,
    /// With `--apply`: what became of each of `dirs`, in their order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removals: Vec<Removal>,
}

/// What `--apply` did with a run's dir.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", content = "error", rename_all = "kebab-case")]
pub enum Removal {
    Removed,
    Failed(String),
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Plan {
    pub settings: Vec<Setting>,
    /// Variables that would still win over the written settings: they must go.
    pub unset: Vec<EnvNote>,
    /// Global variables that may stay: a written per-target name comes first.
    pub shadowed: Vec<EnvNote>,
    pub manual: Vec<Manual>,
    /// Two findings asked for different values of one setting: the first is planned.
    pub conflicts: Vec<String>,
    pub rerun: Vec<Rerun>,
    /// Values the findings gave that are not written: their source is not this machine.
    pub not_written: Vec<EnvNote>,
    /// Variables of the environment the settings override (`force = true`): they may stay,
    /// or go from the shell (`env -u NAME`).
    pub forced: Vec<EnvNote>,
}

/// `xlinkdiag env`'s settings for a toolchain hint (`crate::envgen::settings_for`).
pub type EnvgenFn = dyn Fn(Option<&str>) -> Result<Vec<(String, String)>, String>;

/// What the plan needs to know besides the findings, gathered by the caller (so tests can
/// give their own).
pub struct Facts<'a> {
    pub spec: &'static TargetSpec,
    /// The process environment, read through `crate::env` by the caller.
    pub env: &'a dyn Fn(&str) -> Option<String>,
    /// The linker cargo is configured with for the target, if any (env or config).
    pub linker: Option<String>,
    /// Is the target the machine xlinkdiag runs on (then cargo's default `cc` links it)?
    pub native: bool,
    /// `xlinkdiag env`'s settings for a toolchain (`None`: search `PATH`), for the pieces
    /// the findings leave out.
    pub envgen: &'a EnvgenFn,
    /// The compiler driver's `-print-sysroot` (`/` for Debian's multiarch cross gcc); only
    /// ever asked of this machine's prefix's driver.
    pub sysroot: &'a dyn Fn(&str) -> Option<String>,
    /// Where this program (a name or a path) is, if it is there to run.
    pub which: &'a dyn Fn(&str) -> Option<PathBuf>,
    /// The checks a value must pass here before it is written.
    pub checks: &'a super::checked::Checks<'a>,
}

pub fn build(asks: &[Ask], f: &Facts) -> Plan {
    // A linker the findings call wrong names no toolchain to go by: the prefix is then the
    // target's own GNU name, and env's planning finds the linker.
    let unlinked;
    let f = if asks
        .iter()
        .any(|a| matches!(a.kind, Kind::WrongLinker | Kind::LinkerNotFound) && !a.names.is_empty())
    {
        unlinked = Facts { linker: None, ..*f };
        &unlinked
    } else {
        f
    };
    let spec = f.spec;
    let mut plan = Plan::default();
    let prefix = here_prefix(asks, f);
    // Names a finding asked for that its derived fix does not hold: said at the end,
    // unless env's planning fills them in.
    let mut pending: Vec<Pending> = Vec::new();
    let mut wants_linker = false;
    // rustc's own libraries for the target were shipped for its ABI: a finding that blames
    // them (std's `compiler_builtins` with no VFP attribute on its assembly) has no fix here.
    for ask in asks.iter().filter(|a| !a.in_rust_sysroot) {
        let who = match &ask.crate_name {
            Some(c) => format!("{} of {c}", ask.kind.as_str()),
            None => ask.kind.as_str().to_string(),
        };
        if ask.bad_names > 0 {
            plan.manual.push(Manual {
                kind: Some(ask.kind),
                crate_name: ask.crate_name.clone(),
                why: format!(
                    "{} setting name{} of the findings {} no variable name{}: ignored",
                    ask.bad_names,
                    if ask.bad_names == 1 { "" } else { "s" },
                    if ask.bad_names == 1 { "is" } else { "are" },
                    if ask.bad_names == 1 { "" } else { "s" },
                ),
                help: Vec::new(),
            });
        }
        if let Some(m) = unfixable(ask) {
            plan.manual.push(m);
            continue;
        }
        // A library the link took from the build machine: `checked::host_libraries` names
        // its package, or says this.
        if ask.names.is_empty() && ask.kind == Kind::HostLibraryPath && ask.library.is_some() {
            continue;
        }
        if ask.names.is_empty() {
            plan.manual.push(Manual {
                kind: Some(ask.kind),
                crate_name: ask.crate_name.clone(),
                why: "the diagnosis names no setting for it".into(),
                help: ask.help.clone(),
            });
            continue;
        }
        let fixed = derive(ask, f, &prefix);
        let derived = &fixed.env;
        for (name, value) in derived {
            match place_of(name, spec) {
                Ok(place) => add(&mut plan, place, value, &who),
                // The builder's own names are per-target ones: kept as a guard.
                Err(why) => plan.manual.push(Manual {
                    kind: Some(ask.kind),
                    crate_name: ask.crate_name.clone(),
                    why: format!("{name}={value} is not written: {why}"),
                    help: Vec::new(),
                }),
            }
        }
        for (name, given) in &ask.names {
            if derived.contains_key(name) {
                continue;
            }
            match place_of(name, spec) {
                Ok(Place::Linker) => wants_linker = true,
                // The shim's own setting: the linker env finds goes there (`checked`).
                Ok(Place::Env(n)) if n == crate::shim_setup::LINKER_VAR => wants_linker = true,
                // The build machine's compiler, kept for the host: only what this shell's
                // CC says, and nothing when it says nothing (no CC leaks from here).
                Ok(Place::Env(n)) if n == "HOST_CC" => {}
                Ok(_) => pending.push(Pending {
                    ask,
                    name,
                    given,
                    superseded: !derived.is_empty(),
                    help: if fixed.help.is_empty() {
                        ask.help.clone()
                    } else {
                        fixed.help.clone()
                    },
                }),
                Err(why) => plan.manual.push(Manual {
                    kind: Some(ask.kind),
                    crate_name: ask.crate_name.clone(),
                    why: format!("{name}={given} is not written: {why}"),
                    help: Vec::new(),
                }),
            }
        }
    }
    let bare = plan.settings.is_empty() && !wants_linker;
    if !bare {
        fill_from_envgen(&mut plan, f, wants_linker);
    }
    super::checked::shim_linker(&mut plan, f);
    said_not_derived(&mut plan, &pending);
    super::checked::compilers(&mut plan, asks, f, &prefix);
    super::checked::archivers(&mut plan, f);
    if !plan.settings.is_empty() {
        check_tools(&mut plan, f);
        check_openssl(&mut plan, f);
    }
    super::checked::pkg_config(&mut plan, asks, f);
    super::checked::libc(&mut plan, asks, f);
    super::checked::host_libraries(&mut plan, asks, f);
    environment(&mut plan, f);
    stale_runs(&mut plan, asks);
    plan
}

/// The cross tools' prefix of this machine (the project's configured linker, else the GNU
/// name for the target), with the driver's sysroot when a library lookup needs it. The
/// driver asked is that prefix's gcc, found here: never a program a finding names.
fn here_prefix(asks: &[Ask], f: &Facts) -> CrossPrefix {
    let mut prefix = cross_prefix(f);
    let libraries = asks
        .iter()
        .any(|a| matches!(a.system, BuildSystem::OpensslSys | BuildSystem::PkgConfig));
    if libraries {
        prefix.sysroot = (f.sysroot)(&prefix.tool("gcc"));
    }
    prefix
}

/// The settings this machine gives for what `ask` asks: the one fix builder's, for the
/// cause's kind and build system, with the tools of this machine's prefix and the
/// directories found here; the other tools a known `-sys` crate runs and `CXX_<t>` when
/// the finding names them; `HOST_CC` from this shell's own `CC`. The linker is not here:
/// env's planning finds and probes one (`fill_from_envgen`).
fn derive(ask: &Ask, f: &Facts, prefix: &CrossPrefix) -> Fix {
    let us = f.spec.underscored();
    if matches!(ask.kind, Kind::WrongLinker | Kind::LinkerNotFound) {
        return Fix::default();
    }
    let mut fix = crate::diagnose::fix::suggest(ask.kind, f.spec, ask.system, None, prefix);
    let env = &mut fix.env;
    let cc = format!("CC_{us}");
    if !env.contains_key(&cc) {
        return fix;
    }
    let known = ask
        .package
        .as_deref()
        .or(ask.crate_name.as_deref())
        .and_then(|p| {
            crate::cargo::sys_crates::find(p)
                .or_else(|| crate::cargo::sys_crates::find(&p.replace('_', "-")))
        });
    for (var, tool) in known.map_or(&[][..], |k| k.tools) {
        env.entry(format!("{var}_{us}"))
            .or_insert_with(|| prefix.tool(tool));
    }
    let cxx = format!("CXX_{us}");
    if ask.names.contains_key(&cxx) {
        env.entry(cxx).or_insert_with(|| prefix.tool("g++"));
    }
    if ask.names.contains_key("HOST_CC")
        && let Some(host) = (f.env)("CC").filter(|c| !c.is_empty())
    {
        env.insert("HOST_CC".into(), host);
    }
    fix
}

/// A name a finding asked for, with the value its source gave, that its derived fix does
/// not hold.
struct Pending<'a> {
    ask: &'a Ask,
    name: &'a str,
    given: &'a str,
    /// This machine's fix for the same finding is other settings, which take its place.
    superseded: bool,
    /// What to do instead: this machine's words for the cause, else the finding's.
    help: Vec<String>,
}

/// The names a finding asked for that this machine gave no value. Where this machine's fix
/// for the finding is other settings, a note (the value was the finding's: shown, not
/// written); where it is nothing at all, something left to do by hand.
fn said_not_derived(plan: &mut Plan, pending: &[Pending]) {
    for p in pending {
        if plan
            .settings
            .iter()
            .any(|s| env_name(&s.place) == Some(p.name))
        {
            continue;
        }
        let source = "the value is the findings' (a log's or a report's)";
        if p.superseded {
            plan.not_written.push(EnvNote {
                name: p.name.to_string(),
                value: p.given.to_string(),
                why: format!("{source}; this machine's settings for the same cause take its place"),
            });
        } else {
            plan.manual.push(Manual {
                kind: Some(p.ask.kind),
                crate_name: p.ask.crate_name.clone(),
                why: format!(
                    "{}={} is not written: {source}, and nothing on this machine gives {} one",
                    p.name, p.given, p.name
                ),
                help: p.help.clone(),
            });
        }
    }
}

/// cargo reruns a build script when a variable it declared (`rerun-if-env-changed`)
/// changes, `[env]` included; cc-rs declares `CC_<t>` and the like, openssl-sys its
/// `<T>_OPENSSL_*`. cmake-rs declares none of them, so its CMake build would stay as the
/// leaked compiler made it: those runs are named here, from the run's own `output`.
fn stale_runs(plan: &mut Plan, asks: &[Ask]) {
    let names: Vec<&str> = plan
        .settings
        .iter()
        .filter_map(|s| env_name(&s.place))
        .collect();
    if names.is_empty() {
        return;
    }
    // A prebuilt library comes back the same from a rerun: only builds the settings change.
    for a in asks.iter().filter(|a| unfixable(a).is_none()) {
        let Some(dir) = &a.build_dir else {
            continue;
        };
        // The dir is the finding's word: read only where cargo's layout says it is a
        // build-script run, and named only by a package name that is one.
        let Some(unit) = crate::cargo::layout::locate(dir)
            .unit
            .filter(|u| is_name(&u.package))
        else {
            continue;
        };
        let run = crate::cargo::build_output::load(&unit);
        if !run.has_run
            || run.rerun_env.iter().any(|n| names.contains(&n.as_str()))
            || plan.rerun.iter().any(|r| r.dirs.first() == Some(&unit.dir))
        {
            continue;
        }
        let mut dirs = vec![unit.dir.clone()];
        if !unit.new_layout
            && let (Some(build), Some(name)) = (unit.dir.parent(), unit.dir.file_name())
            && let Some(profile) = build.parent()
        {
            let fingerprint = profile.join(".fingerprint").join(name);
            if fingerprint.is_dir() {
                dirs.push(fingerprint);
            }
        }
        plan.rerun.push(Rerun {
            package: unit.package.clone(),
            dirs,
            why: "its build script declares none of the variables written (rerun-if-env-changed), so cargo would keep what it made before".into(),
            removals: Vec::new(),
        });
    }
}

fn has_libssl(dir: &str) -> bool {
    ["libssl.so", "libssl.a"]
        .iter()
        .any(|l| Path::new(dir).join(l).exists())
}

/// A finding whose cause is outside the build's settings.
fn unfixable(f: &Ask) -> Option<Manual> {
    let said = |why: &str| {
        Some(Manual {
            kind: Some(f.kind),
            crate_name: f.crate_name.clone(),
            why: why.to_string(),
            help: f.help.clone(),
        })
    };
    if f.system == BuildSystem::Prebuilt {
        return said(
            "the crate ships a library prebuilt for another machine: no setting rebuilds it",
        );
    }
    match f.kind {
        Kind::ProcMacroUnavailable => {
            said("a crate needs proc_macro on the target: a dependency change, not a setting")
        }
        // A `.pc` pkg-config did not find for the target: `checked::pkg_config` names the
        // target's package that has it, from the build machine's own.
        Kind::MissingLibrary if f.names.is_empty() && f.system != BuildSystem::PkgConfig => {
            said("the library is not installed for the target")
        }
        Kind::TargetStdMissing => said(
            "the target's standard library is not installed: `rustup target add`, or build-std, not a setting",
        ),
        _ => None,
    }
}

/// Where `name` goes, or why it is not written.
fn place_of(name: &str, spec: &TargetSpec) -> Result<Place, String> {
    if name == spec.linker_var() {
        return Ok(Place::Linker);
    }
    if name == spec.rustflags_var() {
        return Ok(Place::Rustflags);
    }
    if name.starts_with("CARGO_") {
        return Err("a cargo setting that [env] cannot carry".into());
    }
    // Only the shim reads XLINKDIAG_LINKER: the real linker behind it, for this target's
    // links alone.
    if per_target(name, spec)
        || name.starts_with("HOST_")
        || name == "STAGING_DIR"
        || name == crate::shim_setup::LINKER_VAR
    {
        return Ok(Place::Env(name.to_string()));
    }
    Err(
        "a global name would reach the host's build scripts too; only per-target names are written"
            .into(),
    )
}

fn per_target(name: &str, spec: &TargetSpec) -> bool {
    name.ends_with(&format!("_{}", spec.triple))
        || name.ends_with(&format!("_{}", spec.underscored()))
        || name.starts_with(&format!(
            "{}_",
            crate::target::vars::openssl_prefix(spec.triple)
        ))
}

pub(super) fn add(plan: &mut Plan, place: Place, value: &str, because: &str) {
    if let Some(s) = plan.settings.iter_mut().find(|s| s.place == place) {
        if s.value == value || place == Place::Rustflags && s.value.contains(value) {
            if !s.because.iter().any(|b| b == because) {
                s.because.push(because.to_string());
            }
        } else if place == Place::Rustflags {
            s.value = format!("{} {value}", s.value);
            s.because.push(because.to_string());
        } else {
            plan.conflicts.push(format!(
                "{because} asks for {}={value}; {} asked for {} first",
                describe(&place),
                s.because.join(", "),
                s.value
            ));
        }
        return;
    }
    let only_if_unset = matches!(&place, Place::Env(n) if n.starts_with("HOST_"));
    plan.settings.push(Setting {
        place,
        value: value.to_string(),
        because: vec![because.to_string()],
        only_if_unset,
        force: false,
    });
}

pub fn describe(p: &Place) -> String {
    match p {
        Place::Env(n) => n.clone(),
        Place::Linker => "linker".into(),
        Place::Rustflags => "rustflags".into(),
    }
}

pub(super) fn env_name(p: &Place) -> Option<&str> {
    match p {
        Place::Env(n) => Some(n),
        _ => None,
    }
}

/// The pieces a finding leaves out, from `xlinkdiag env`'s planning: the linker when cargo
/// would fall back to the host's `cc`, and OpenWrt's `STAGING_DIR`, which its gcc wrappers
/// want. The toolchain is the one the findings name (the prefix of `CC_<t>`), else the
/// first in `PATH` named for the target.
fn fill_from_envgen(plan: &mut Plan, f: &Facts, wants_linker: bool) {
    let us = f.spec.underscored();
    let cc = plan
        .settings
        .iter()
        .find(|s| env_name(&s.place) == Some(&format!("CC_{us}")))
        .map(|s| s.value.clone());
    let linker = plan
        .settings
        .iter()
        .find(|s| s.place == Place::Linker)
        .map(|s| s.value.clone())
        .or_else(|| f.linker.clone());
    let needs_linker = linker.is_none() && (wants_linker || !f.native);
    let openwrt = [&cc, &linker]
        .into_iter()
        .flatten()
        .find(|t| t.contains("/staging_dir/"));
    let has = |plan: &Plan, n: &str| plan.settings.iter().any(|s| env_name(&s.place) == Some(n));
    let needs_staging = openwrt.is_some() && !has(plan, "STAGING_DIR");
    // A finding without a configured linker to go by names the GNU toolchain cc-rs would
    // guess (`mips-linux-musl-gcc`); when that is not installed, the toolchain `env` finds
    // and probes is the one to name, with the float flag its probe found.
    let tool_names = [format!("CC_{us}"), format!("CXX_{us}"), format!("AR_{us}")];
    let needs_tools = plan.settings.iter().any(|s| {
        env_name(&s.place).is_some_and(|n| tool_names.iter().any(|t| t == n))
            && (f.which)(&s.value).is_none()
    });
    if !needs_linker && !needs_staging && !needs_tools {
        return;
    }
    let usable = |t: &&String| !needs_tools || (f.which)(t).is_some();
    // An OpenWrt toolchain is named by its dir, where env reads the SDK's layout (its
    // staging dir, its target dir); another by its prefix.
    let openwrt_dir = openwrt.and_then(|t| Path::new(t).parent().map(|d| d.display().to_string()));
    let hint = openwrt_dir.or_else(|| {
        cc.as_ref()
            .filter(usable)
            .or(linker.as_ref().filter(usable))
            .and_then(|t| t.strip_suffix("gcc"))
            .filter(|p| p.ends_with('-'))
            .map(str::to_string)
    });
    let vars = match (f.envgen)(hint.as_deref()) {
        Ok(v) => v,
        Err(e) => {
            if needs_linker {
                let why = if wants_linker {
                    format!(
                        "the findings say the linker for {} links for another machine, or is not there",
                        f.spec.triple
                    )
                } else {
                    format!(
                        "no linker is configured for {}, so cargo links with the build machine's `cc`",
                        f.spec.triple
                    )
                };
                plan.manual.push(Manual {
                    kind: wants_linker.then_some(Kind::WrongLinker),
                    crate_name: None,
                    why: format!("{why}; and no cross toolchain for it was found: {e}"),
                    help: vec![debian_package_help(f.spec)],
                });
            }
            return;
        }
    };
    let linker_var = f.spec.linker_var();
    for (name, value) in vars {
        if needs_linker && name == linker_var {
            add(
                plan,
                Place::Linker,
                &value,
                if wants_linker {
                    "the linker the findings call wrong: the toolchain found in PATH, checked by compiling"
                } else {
                    "no linker configured: cargo would link with the build machine's cc"
                },
            );
        } else if needs_tools
            && (tool_names.contains(&name)
                || name == format!("CFLAGS_{us}")
                || name == format!("CXXFLAGS_{us}"))
        {
            let because = format!("{name} from the toolchain found in PATH, checked by compiling");
            match plan
                .settings
                .iter_mut()
                .find(|s| env_name(&s.place) == Some(name.as_str()))
            {
                Some(s) => {
                    s.value = value;
                    s.because.push(because);
                }
                None => add(plan, Place::Env(name), &value, &because),
            }
        } else if needs_staging && name == "STAGING_DIR" {
            add(
                plan,
                Place::Env(name),
                &value,
                "OpenWrt's toolchain wants STAGING_DIR",
            );
        }
    }
}

/// The tools the plan names must exist, or the user must install them first.
fn check_tools(plan: &mut Plan, f: &Facts) {
    let us = f.spec.underscored();
    let tools: Vec<String> = plan
        .settings
        .iter()
        .filter(|s| {
            s.place == Place::Linker
                || ["CC_", "CXX_", "AR_"]
                    .iter()
                    .any(|p| env_name(&s.place) == Some(&format!("{p}{us}")))
        })
        .map(|s| s.value.clone())
        .collect();
    let mut missing: Vec<String> = tools
        .into_iter()
        .filter(|t| (f.which)(t).is_none())
        .collect();
    missing.dedup();
    if !missing.is_empty() {
        plan.manual.push(Manual {
            kind: None,
            crate_name: None,
            why: format!(
                "{} not installed (the settings name {})",
                missing.join(", "),
                if missing.len() == 1 { "it" } else { "them" }
            ),
            help: vec![debian_package_help(f.spec)],
        });
    }
}

pub(super) fn debian_package_help(spec: &TargetSpec) -> String {
    let sdk = "an OpenWrt SDK (then `xlinkdiag env --toolchain SDK`)";
    match debian_cross_gcc(spec) {
        Some(pkg) => format!(
            "install a cross toolchain for {}: on Debian or Ubuntu `apt-get install {pkg}`, or {sdk}",
            spec.triple
        ),
        None => format!(
            "install a cross toolchain for {}: Debian and Ubuntu package none for it; {sdk}, or one built with musl-cross-make or crosstool-NG",
            spec.triple
        ),
    }
}

/// The Debian/Ubuntu package of a cross gcc for `spec`, named as the archive names them:
/// `gcc-<GNU triple>` for glibc Linux targets, mingw-w64's for Windows, the bare-metal Arm
/// one; `None` where the archive has none (musl, most bare-metal targets), so no package
/// that does not exist is ever named.
fn debian_cross_gcc(spec: &TargetSpec) -> Option<String> {
    let gnu = gnu_triple(spec);
    if spec.os == "windows" && spec.env == "gnu" {
        return match spec.arch {
            "x86_64" => Some("gcc-mingw-w64-x86-64".into()),
            "x86" => Some("gcc-mingw-w64-i686".into()),
            _ => None,
        };
    }
    if spec.os == "none" && spec.arch == "arm" && spec.triple.contains("eabi") {
        return Some("gcc-arm-none-eabi".into());
    }
    (spec.os == "linux" && spec.env == "gnu").then(|| format!("gcc-{gnu}"))
}

/// The cross tools' prefix the fix builder derives from the project's configured linker.
fn cross_prefix(f: &Facts) -> crate::diagnose::fix::CrossPrefix {
    let linker = f
        .linker
        .as_ref()
        .map(|l| crate::cargo::config::ConfiguredLinker {
            linker: l.clone(),
            source: "the configured linker".into(),
        });
    crate::diagnose::fix::cross_prefix(f.spec, linker.as_ref())
}

/// OpenSSL for the target must be installed where the settings point; else the package to
/// install, or the other way out: the `vendored` feature builds OpenSSL from source with
/// `CC_<t>`.
fn check_openssl(plan: &mut Plan, f: &Facts) {
    let upper = crate::target::vars::openssl_prefix(f.spec.triple);
    let get = |n: &str| {
        plan.settings
            .iter()
            .find(|s| env_name(&s.place) == Some(n))
            .map(|s| s.value.clone())
    };
    let lib_dir = get(&format!("{upper}_OPENSSL_LIB_DIR"))
        .or_else(|| get(&format!("{upper}_OPENSSL_DIR")).map(|d| format!("{d}/lib")));
    let Some(lib_dir) = lib_dir else { return };
    if has_libssl(&lib_dir) {
        return;
    }
    let prefix = cross_prefix(f);
    let install = crate::diagnose::fix::place::install_openssl(f.spec, &prefix);
    plan.manual.push(Manual {
        kind: None,
        crate_name: Some("openssl-sys".into()),
        why: format!("no libssl in {lib_dir}, where the settings point openssl-sys"),
        help: vec![install, crate::diagnose::fix::openssl::vendored(f.spec)],
    });
}

/// The environment against the plan: a variable the plan writes but the environment already
/// has (cargo keeps the environment's), cargo's own variables that beat the config, and
/// global variables that are looked up before, or instead of, what the plan writes.
fn environment(plan: &mut Plan, f: &Facts) {
    let spec = f.spec;
    let (us, upper) = (
        spec.underscored(),
        crate::target::vars::openssl_prefix(spec.triple),
    );
    let mut unset: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut shadowed: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut forced: BTreeMap<String, (String, String)> = BTreeMap::new();
    // cargo's `[env]` never overrides a variable the environment already has, unless the
    // entry is forced; and cc-rs and pkg-config-rs read `X_<triple>` before `X_<triple_>`.
    // So a setting whose name (or hyphenated twin) the environment holds with another value
    // is written forced, in the spelling that was set: the same shell then builds right.
    for s in &mut plan.settings {
        let Place::Env(name) = &s.place else { continue };
        if s.only_if_unset {
            continue;
        }
        let name = name.clone();
        if let Some(base) = name.strip_suffix(&format!("_{us}")) {
            let hyphen = format!("{base}_{}", spec.triple);
            if hyphen != name
                && let Some(v) = (f.env)(&hyphen)
            {
                if !same(f, &v, &s.value) {
                    forced.insert(
                        hyphen.clone(),
                        (
                            v,
                            format!("set in the environment and read before {name}: written in its spelling, with force = true"),
                        ),
                    );
                    s.place = Place::Env(hyphen);
                    s.force = true;
                }
                continue;
            }
        }
        if let Some(v) = (f.env)(&name).filter(|v| !same(f, v, &s.value)) {
            forced.insert(
                name,
                (
                    v,
                    "set in the environment, which cargo's [env] overrides only with force = true"
                        .into(),
                ),
            );
            s.force = true;
        }
    }
    for s in &plan.settings {
        match &s.place {
            Place::Env(name) => {
                if let Some(base) = name.strip_suffix(&format!("_{us}")) {
                    for global in [format!("TARGET_{base}"), base.to_string()] {
                        if let Some(v) = (f.env)(&global) {
                            shadowed.insert(
                                global,
                                (v, format!("{name} is read before it, so it no longer reaches the target's build")),
                            );
                        }
                    }
                    // pkg-config searches PKG_CONFIG_PATH before the LIBDIR written: the
                    // host's .pc files there would still answer first.
                    if base == "PKG_CONFIG_LIBDIR" {
                        for path in
                            crate::target::vars::lookup_order("PKG_CONFIG_PATH", spec.triple, true)
                        {
                            if let Some(v) = (f.env)(&path) {
                                unset.insert(
                                    path,
                                    (v, format!("pkg-config searches it before {name}")),
                                );
                            }
                        }
                    }
                }
            }
            Place::Linker => {
                let var = f.spec.linker_var();
                if let Some(v) = (f.env)(&var).filter(|v| !same(f, v, &s.value)) {
                    unset.insert(var, (v, "cargo takes it over [target] linker".into()));
                }
            }
            Place::Rustflags => {
                for var in [
                    "RUSTFLAGS".to_string(),
                    "CARGO_ENCODED_RUSTFLAGS".to_string(),
                    f.spec.rustflags_var(),
                ] {
                    if let Some(v) = (f.env)(&var) {
                        unset.insert(var, (v, "it replaces [target] rustflags".into()));
                    }
                }
            }
        }
    }
    // openssl-sys reads each of its variables with the target's prefix first, then without:
    // a global one whose prefixed twin is not written still wins. With both the lib and
    // include dirs written, OPENSSL_DIR is never read.
    let written = |n: &str| {
        plan.settings
            .iter()
            .any(|s| env_name(&s.place) == Some(&format!("{upper}_{n}")))
    };
    if plan
        .settings
        .iter()
        .any(|s| env_name(&s.place).is_some_and(|n| n.starts_with(&format!("{upper}_OPENSSL_"))))
    {
        let both = written("OPENSSL_LIB_DIR") && written("OPENSSL_INCLUDE_DIR");
        for n in ["OPENSSL_DIR", "OPENSSL_LIB_DIR", "OPENSSL_INCLUDE_DIR"] {
            let Some(v) = (f.env)(n) else { continue };
            if written(n) || (n == "OPENSSL_DIR" && both) {
                shadowed.insert(
                    n.into(),
                    (
                        v,
                        format!("{upper}_{n} (or the lib and include dirs) is read first"),
                    ),
                );
            } else {
                unset.insert(
                    n.into(),
                    (v, format!("openssl-sys reads it for {} when {upper}_{n} is unset, and it points at another OpenSSL", spec.triple)),
                );
            }
        }
    }
    let notes = |m: BTreeMap<String, (String, String)>| {
        m.into_iter()
            .map(|(name, (value, why))| EnvNote { name, value, why })
            .collect()
    };
    plan.unset = notes(unset);
    plan.shadowed = notes(shadowed);
    plan.forced = notes(forced);
}

/// The same value, or two spellings of one program (`aarch64-linux-gnu-gcc` and
/// `/usr/bin/aarch64-linux-gnu-gcc`).
pub(super) fn same(f: &Facts, a: &str, b: &str) -> bool {
    a == b || ((f.which)(a).is_some() && (f.which)(a) == (f.which)(b))
}

#[cfg(test)]
mod tests {

    /// Only packages the archive has: none for musl, mingw-w64's for Windows.
    #[test]
    fn debian_names_only_packages_that_exist() {
        let pkg = |t: &str| debian_cross_gcc(crate::target::lookup(t).unwrap());
        assert_eq!(
            pkg("aarch64-unknown-linux-gnu").as_deref(),
            Some("gcc-aarch64-linux-gnu")
        );
        assert_eq!(
            pkg("armv7-unknown-linux-gnueabihf").as_deref(),
            Some("gcc-arm-linux-gnueabihf")
        );
        assert_eq!(
            pkg("x86_64-pc-windows-gnu").as_deref(),
            Some("gcc-mingw-w64-x86-64")
        );
        assert_eq!(pkg("mips-unknown-linux-musl"), None);
        assert!(
            debian_package_help(crate::target::lookup("mips-unknown-linux-musl").unwrap())
                .contains("package none")
        );
    }

    use super::*;
    use crate::artifacts::{Format, ObjectId};
    use crate::diagnose::Finding;
    use crate::diagnose::finding::ExpectedDesc;
    use crate::toolchain::verify::{Failure, Lang};
    use std::path::PathBuf;

    pub fn finding(kind: Kind, krate: &str, env: &[(&str, &str)]) -> Finding {
        let found = ObjectId {
            format: Format::Elf,
            arch: "x86_64".into(),
            machine: 62,
            bits: Some(64),
            endian: None,
            file_type: crate::artifacts::FileType::Relocatable,
            abi: Default::default(),
            damage: None,
        };
        let expected = ExpectedDesc {
            arch: "aarch64".into(),
            format: Format::Elf,
            bits: None,
            endian: None,
            float: None,
            abi: None,
            from: String::new(),
        };
        let mut f = Finding::new(
            kind,
            PathBuf::from("x.rlib"),
            found,
            expected,
            String::new(),
        );
        f.crate_name = Some(krate.into());
        f.env = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        f.help = vec!["a help line".into()];
        f
    }

    fn plan_with(findings: &[Finding], env: &[(&str, &str)], linker: Option<&str>) -> Plan {
        plan_in("aarch64-unknown-linux-gnu", findings, env, linker, "/")
    }

    /// The plan for `triple` with the driver's `-print-sysroot` answering `sysroot`; the
    /// machine has Debian's aarch64 cross tools and no other.
    fn plan_in(
        triple: &str,
        findings: &[Finding],
        env: &[(&str, &str)],
        linker: Option<&str>,
        sysroot: &str,
    ) -> Plan {
        let env: BTreeMap<String, String> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let get = move |n: &str| env.get(n).cloned();
        let envgen = |_: Option<&str>| {
            Ok(vec![
                (
                    "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER".to_string(),
                    "aarch64-linux-gnu-gcc".to_string(),
                ),
                (
                    "CC_aarch64_unknown_linux_gnu".to_string(),
                    "aarch64-linux-gnu-gcc".to_string(),
                ),
            ])
        };
        let which = |t: &str| {
            let name = t.rsplit('/').next().unwrap_or(t);
            name.starts_with("aarch64-linux-gnu-")
                .then(|| PathBuf::from("/usr/bin").join(name))
        };
        // The checks as on a machine whose aarch64 cross tools work and nothing else does.
        let compiler = |_: Lang, program: &str, flags: &[String]| {
            if program.contains("nolibc") {
                Some(Failure::LibcMissing {
                    file: "crti.o".into(),
                    line: String::new(),
                })
            } else if which(program).is_none() {
                Some(Failure::NotFound {
                    program: program.into(),
                })
            } else {
                flags
                    .iter()
                    .find(|f| f.contains("x86"))
                    .map(|flag| Failure::FlagRefused {
                        step: crate::toolchain::verify::Step::Compile,
                        flag: flag.clone(),
                        line: String::new(),
                    })
            }
        };
        let pc_missing = |dirs: &[PathBuf], names: &[&str]| {
            names
                .iter()
                .filter(|n| !dirs.iter().any(|d| d.join(format!("{n}.pc")).is_file()))
                .map(|n| n.to_string())
                .collect()
        };
        let checks = super::super::checked::Checks {
            compiler: &compiler,
            archiver: &|_: &str| None,
            libc_advice: &|_: &str, _: &str, _: bool| "install libc6-dev-arm64-cross".into(),
            pc_missing: &pc_missing,
            pc_advice: &|n: &str| format!("install the owner of {n}.pc, for arm64"),
            library_package: &|n: &str| {
                (n == "freetype").then(|| "install libfreetype-dev:arm64".to_string())
            },
        };
        build(
            &crate::fixcmd::asks::from_findings(findings),
            &Facts {
                spec: crate::target::lookup(triple).unwrap(),
                env: &get,
                linker: linker.map(str::to_string),
                native: false,
                envgen: &envgen,
                which: &which,
                sysroot: &|_: &str| Some(sysroot.to_string()),
                checks: &checks,
            },
        )
    }

    const CC: (&str, &str) = ("CC_aarch64_unknown_linux_gnu", "aarch64-linux-gnu-gcc");

    #[test]
    fn per_target_names_only_and_the_global_cc_is_shadowed() {
        let fs = [
            finding(Kind::WrongArchitecture, "a_sys", &[CC, ("HOST_CC", "gcc")]),
            finding(Kind::WrongArchitecture, "b_sys", &[CC, ("CC", "gcc")]),
        ];
        // The environment's own CC_<t> names the same program: nothing to unset.
        let env = [
            ("CC", "gcc"),
            (
                "CC_aarch64_unknown_linux_gnu",
                "/usr/bin/aarch64-linux-gnu-gcc",
            ),
        ];
        let p = plan_with(&fs, &env, Some("aarch64-linux-gnu-gcc"));
        let places: Vec<String> = p.settings.iter().map(|s| describe(&s.place)).collect();
        // The cause's whole fix on this machine: its archiver too. HOST_CC is this shell's
        // CC, which a finding asked to keep.
        assert_eq!(
            places,
            [
                "AR_aarch64_unknown_linux_gnu",
                "CC_aarch64_unknown_linux_gnu",
                "HOST_CC"
            ]
        );
        assert_eq!(p.settings[1].because.len(), 2);
        assert_eq!(p.settings[2].value, "gcc");
        assert!(p.unset.is_empty());
        assert_eq!(p.shadowed[0].name, "CC");
        assert!(
            p.manual
                .iter()
                .any(|m| m.why.contains("CC=gcc is not written"))
        );
    }

    fn setting<'p>(p: &'p Plan, name: &str) -> Option<&'p Setting> {
        p.settings
            .iter()
            .find(|s| s.place == Place::Env(name.into()))
    }

    #[test]
    fn issue_21_the_spelling_that_was_set_is_fixed_forced() {
        // A hyphenated CC_<t> (read first by cc-rs) naming the host's gcc.
        let fs = [finding(Kind::WrongArchitecture, "bzip2_sys", &[CC])];
        let env = [("CC_aarch64-unknown-linux-gnu", "gcc")];
        let p = plan_with(&fs, &env, Some("aarch64-linux-gnu-gcc"));
        let s = setting(&p, "CC_aarch64-unknown-linux-gnu").expect("the hyphenated name");
        assert_eq!(s.value, "aarch64-linux-gnu-gcc");
        assert!(s.force);
        assert!(setting(&p, CC.0).is_none(), "{:?}", p.settings);
        assert!(p.unset.is_empty(), "{:?}", p.unset);
        assert_eq!(p.forced[0].name, "CC_aarch64-unknown-linux-gnu");

        // A per-target name naming a tool that is not here: replaced, forced.
        let env = [
            ("CC_aarch64_unknown_linux_gnu", "aarch64-none-gcc-13"),
            ("CXX_aarch64_unknown_linux_gnu", "aarch64-none-g++-13"),
        ];
        let fs = [finding(Kind::CrossToolMissing, "onig_sys", &[CC])];
        let p = plan_with(&fs, &env, Some("aarch64-linux-gnu-gcc"));
        for (name, tool) in [(CC.0, "gcc"), ("CXX_aarch64_unknown_linux_gnu", "g++")] {
            let s = setting(&p, name).unwrap_or_else(|| panic!("{name}: {:?}", p.settings));
            assert_eq!(s.value, format!("aarch64-linux-gnu-{tool}"));
            assert!(s.force, "{name}");
        }
    }

    #[test]
    fn issue_21_a_leaked_cxx_gets_cxx_and_a_leaked_cflags_is_forced_empty() {
        let fs = [finding(Kind::WrongCompiler, "esaxx_rs", &[CC])];
        let env = [("CXX", "g++"), ("CFLAGS", "-march=x86-64-v2")];
        let p = plan_with(&fs, &env, Some("aarch64-linux-gnu-gcc"));
        let cxx = setting(&p, "CXX_aarch64_unknown_linux_gnu").expect("CXX_<t>");
        assert_eq!(cxx.value, "aarch64-linux-gnu-g++");
        assert!(!cxx.force, "CXX_<t> is not in the environment");
        // Never the C++ driver as the C compiler.
        assert_eq!(setting(&p, CC.0).unwrap().value, "aarch64-linux-gnu-gcc");
        let cflags = setting(&p, "CFLAGS").expect("CFLAGS, forced empty");
        assert_eq!((cflags.value.as_str(), cflags.force), ("", true));
        // A flag the compiler takes is left alone.
        let p = plan_with(&fs, &[("CFLAGS", "-O2")], Some("aarch64-linux-gnu-gcc"));
        assert!(setting(&p, "CFLAGS").is_none());
    }

    #[test]
    fn issue_21_rusts_own_libraries_are_never_fixed() {
        let mut f = finding(
            Kind::AbiMismatch,
            "compiler_builtins",
            &[("CFLAGS_armv7_unknown_linux_gnueabihf", "-mfloat-abi=hard")],
        );
        f.path = PathBuf::from(
            "/usr/lib/rustlib/armv7-unknown-linux-gnueabihf/lib/libcompiler_builtins-04ff.rlib",
        );
        let p = plan_in("armv7-unknown-linux-gnueabihf", &[f], &[], None, "/");
        assert!(
            !p.settings.iter().any(|s| s.value.contains("float-abi")),
            "{:?}",
            p.settings
        );
        assert!(p.manual.is_empty(), "{:?}", p.manual);
    }

    #[test]
    fn issue_21_a_leaked_cc_is_fixed_whatever_finding_came_first() {
        // libz-sys's pkg-config note is the finding; the CC it then ran is what failed.
        let mut f = finding(Kind::PkgConfigCross, "libz_sys", &[]);
        f.provenance.build_system = Some("pkg-config".into());
        let p = plan_with(&[f], &[("CC", "gcc")], Some("aarch64-linux-gnu-gcc"));
        let s = setting(&p, CC.0).expect("CC_<t>");
        assert_eq!(s.value, "aarch64-linux-gnu-gcc");
    }

    #[test]
    fn issue_21_the_shims_linker_is_xlinkdiag_linker() {
        let fs = [finding(
            Kind::WrongLinker,
            "app",
            &[("XLINKDIAG_LINKER", "aarch64-linux-gnu-gcc")],
        )];
        let env = [
            (
                "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER",
                "/opt/bin/xlinkdiag",
            ),
            ("XLINKDIAG_LINKER", "cc"),
        ];
        let p = plan_with(&fs, &env, None);
        let s = setting(&p, "XLINKDIAG_LINKER").expect("XLINKDIAG_LINKER");
        assert_eq!(s.value, "aarch64-linux-gnu-gcc");
        assert!(s.force);
        assert!(!p.settings.iter().any(|s| s.place == Place::Linker));
        assert!(p.unset.is_empty(), "the shim stays: {:?}", p.unset);
        assert!(p.manual.is_empty(), "{:?}", p.manual);
    }

    #[test]
    fn issue_21_a_pkg_config_dir_without_the_crates_pc_is_not_written() {
        let mut f = finding(
            Kind::PkgConfigCross,
            "alsa_sys",
            &[(
                "PKG_CONFIG_LIBDIR_aarch64_unknown_linux_gnu",
                "/usr/lib/aarch64-linux-gnu/pkgconfig",
            )],
        );
        f.package = Some("alsa-sys".into());
        f.provenance.build_system = Some("pkg-config".into());
        // The multiarch dir is there, with another library's .pc only.
        let root = crate::env::TestSystemRoot::new(
            "fix-pc-missing",
            &["usr/lib/aarch64-linux-gnu/pkgconfig/zlib.pc"],
        );
        let p = root.run(|| plan_with(&[f.clone()], &[], Some("aarch64-linux-gnu-gcc")));
        assert!(
            !p.settings
                .iter()
                .any(|s| describe(&s.place).starts_with("PKG_CONFIG_")),
            "{:?}",
            p.settings
        );
        let m = p
            .manual
            .iter()
            .find(|m| m.why.contains("alsa.pc"))
            .expect("the missing .pc is said");
        assert_eq!(m.help, ["install the owner of alsa.pc, for arm64"]);
        // With the .pc there, the dir is written.
        let root = crate::env::TestSystemRoot::new(
            "fix-pc-there",
            &["usr/lib/aarch64-linux-gnu/pkgconfig/alsa.pc"],
        );
        let p = root.run(|| plan_with(&[f], &[], Some("aarch64-linux-gnu-gcc")));
        assert!(
            p.settings
                .iter()
                .any(|s| describe(&s.place).starts_with("PKG_CONFIG_LIBDIR")),
            "{:?}",
            p.settings
        );
        assert!(!p.manual.iter().any(|m| m.why.contains("alsa.pc")));
    }

    #[test]
    fn issue_21_a_linker_without_the_targets_libc_names_the_package() {
        // The link found no crti.o: the linker's libc is missing, not a float-ABI flag.
        let fs = [finding(Kind::TargetLibcMissing, "bzip2_sys", &[])];
        let p = plan_with(&fs, &[], Some("/opt/nolibc/usr/bin/aarch64-linux-gnu-gcc"));
        assert!(p.settings.is_empty(), "{:?}", p.settings);
        let m = p
            .manual
            .iter()
            .find(|m| m.why.contains("has no C library"))
            .expect("said");
        assert!(m.why.contains("crti.o"), "{}", m.why);
        assert_eq!(m.help, ["install libc6-dev-arm64-cross"]);
    }

    #[test]
    fn issue_21_a_host_library_the_link_took_names_the_targets_package() {
        let mut f = finding(Kind::HostLibraryPath, "x", &[]);
        f.crate_name = None;
        f.path = PathBuf::from("/usr/lib/x86_64-linux-gnu/libfreetype.so");
        let mut g = f.clone();
        g.path = PathBuf::from("/usr/lib/x86_64-linux-gnu/libgcc_s.so.1");
        let p = plan_with(&[f, g], &[], Some("aarch64-linux-gnu-gcc"));
        let said: Vec<&Vec<String>> = p
            .manual
            .iter()
            .filter(|m| m.why.contains("the link found only the build machine's"))
            .map(|m| &m.help)
            .collect();
        // dpkg names a package for freetype only.
        assert_eq!(said, [&vec!["install libfreetype-dev:arm64".to_string()]]);
    }

    #[test]
    fn the_linker_comes_from_envgen_when_none_is_configured() {
        let fs = [finding(Kind::WrongArchitecture, "a_sys", &[CC])];
        let p = plan_with(&fs, &[], None);
        assert!(
            p.settings
                .iter()
                .any(|s| s.place == Place::Linker && s.value == "aarch64-linux-gnu-gcc")
        );
        let p = plan_with(&fs, &[], Some("clang"));
        assert!(!p.settings.iter().any(|s| s.place == Place::Linker));
    }

    #[test]
    fn environment_that_wins_must_be_unset() {
        // The toolchain's sysroot holds OpenSSL for the target.
        let root = std::env::temp_dir().join(format!("xlinkdiag-fix-ssl-{}", std::process::id()));
        std::fs::create_dir_all(root.join("usr/lib")).unwrap();
        std::fs::write(root.join("usr/lib/libssl.a"), b"!<arch>\n").unwrap();
        let fs = [finding(
            Kind::HostLibraryPath,
            "openssl_sys",
            &[(
                "AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_DIR",
                "/usr/aarch64-linux-gnu/usr",
            )],
        )];
        let p = plan_in(
            "aarch64-unknown-linux-gnu",
            &fs,
            &[
                ("OPENSSL_DIR", "/usr"),
                ("OPENSSL_LIB_DIR", "/usr/lib/x86_64-linux-gnu"),
                ("AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_LIB_DIR", "/usr/lib"),
                ("HOST_CC", "cc"),
            ],
            Some("aarch64-linux-gnu-gcc"),
            &root.display().to_string(),
        );
        let _ = std::fs::remove_dir_all(&root);
        let get = |n: &str| {
            p.settings
                .iter()
                .find(|s| s.place == Place::Env(n.into()))
                .map(|s| s.value.clone())
        };
        // The dirs found here, not the finding's.
        assert_eq!(
            get("AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_LIB_DIR"),
            Some(root.join("usr/lib").display().to_string())
        );
        assert_eq!(get("AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_DIR"), None);
        assert_eq!(p.not_written[0].value, "/usr/aarch64-linux-gnu/usr");
        // The same per-target name set otherwise wins over [env]: it is written forced
        // (issue 21). The globals may stay: the target's own lib and include dirs are read
        // first.
        assert!(p.unset.is_empty(), "{:?}", p.unset);
        let forced: Vec<&str> = p.forced.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(forced, ["AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_LIB_DIR"]);
        assert!(
            p.settings
                .iter()
                .any(|s| s.force && s.place == Place::Env(forced[0].into()))
        );
        let shadowed: Vec<&str> = p.shadowed.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(shadowed, ["OPENSSL_DIR", "OPENSSL_LIB_DIR"]);
    }

    #[test]
    fn no_openssl_here_is_said_with_what_to_install() {
        // A Debian machine (dpkg) without riscv64 libraries.
        let root = crate::env::TestSystemRoot::new("fix-no-openssl", &["usr/bin/dpkg"]);
        let fs = [finding(
            Kind::OpensslNotFound,
            "openssl_sys",
            &[("RISCV64GC_UNKNOWN_LINUX_GNU_OPENSSL_DIR", "/evil")],
        )];
        let p = root.run(|| plan_in("riscv64gc-unknown-linux-gnu", &fs, &[], None, "/"));
        assert!(
            !p.settings.iter().any(|s| s.value.contains("/evil")),
            "{:?}",
            p.settings
        );
        let m = p
            .manual
            .iter()
            .find(|m| m.why.contains("OPENSSL_DIR=/evil is not written"))
            .expect("the finding's value is said, not written");
        assert!(
            m.help.iter().any(|h| h.contains("libssl-dev:riscv64")),
            "{m:?}"
        );
        assert!(m.help.iter().any(|h| h.contains("vendored")), "{m:?}");
    }

    #[test]
    fn a_guessed_openssl_sysroot_is_asked_again_with_the_drivers() {
        let mut f = finding(
            Kind::WrongArchitecture,
            "openssl_sys",
            &[(
                "AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_DIR",
                "/nonexistent/aarch64-linux-gnu/usr",
            )],
        );
        f.provenance.build_system = Some("openssl-sys".into());
        let lib_dir = |root: &crate::env::TestSystemRoot| {
            let p = root.run(|| plan_with(&[f.clone()], &[], Some("aarch64-linux-gnu-gcc")));
            let get = |n: &str| {
                p.settings
                    .iter()
                    .find(|s| s.place == Place::Env(n.into()))
                    .map(|s| s.value.clone())
            };
            (
                get("AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_LIB_DIR"),
                get("AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_DIR"),
            )
        };
        // libssl-dev:arm64 installed: the driver's `/` gives Debian's multiarch dir.
        let debian = crate::env::TestSystemRoot::new(
            "fix-openssl",
            &["usr/bin/dpkg", "usr/lib/aarch64-linux-gnu/libssl.so"],
        );
        let multiarch = debian.path("/usr/lib/aarch64-linux-gnu");
        assert_eq!(
            lib_dir(&debian),
            (Some(multiarch.display().to_string()), None)
        );
        // Not installed: no dir is named, the guess stays (and is said to be missing).
        let bare = crate::env::TestSystemRoot::new("fix-openssl-bare", &["usr/bin/dpkg"]);
        assert_eq!(lib_dir(&bare).0, None);
    }

    #[test]
    fn a_guessed_pkg_config_sysroot_becomes_debians_multiarch_dir() {
        let mut f = finding(
            Kind::HostLibraryPath,
            "z_sys",
            &[
                (
                    "PKG_CONFIG_SYSROOT_DIR_aarch64_unknown_linux_gnu",
                    "/usr/aarch64-linux-gnu",
                ),
                (
                    "PKG_CONFIG_PATH_aarch64_unknown_linux_gnu",
                    "/usr/aarch64-linux-gnu/usr/lib/pkgconfig",
                ),
            ],
        );
        f.provenance.build_system = Some("pkg-config".into());
        let plan = |root: &crate::env::TestSystemRoot| {
            root.run(|| {
                plan_with(
                    &[f.clone()],
                    &[("PKG_CONFIG_PATH", "/usr/lib/pkgconfig")],
                    Some("aarch64-linux-gnu-gcc"),
                )
            })
        };
        let debian = crate::env::TestSystemRoot::new(
            "fix-pc",
            &["usr/lib/aarch64-linux-gnu/pkgconfig/zlib.pc"],
        );
        let p = plan(&debian);
        let got: Vec<(String, &str)> = p
            .settings
            .iter()
            .map(|s| (describe(&s.place), s.value.as_str()))
            .collect();
        let multiarch = debian.path("/usr/lib/aarch64-linux-gnu/pkgconfig");
        assert_eq!(
            got,
            [
                (
                    "PKG_CONFIG_ALLOW_CROSS_aarch64_unknown_linux_gnu".to_string(),
                    "1"
                ),
                (
                    "PKG_CONFIG_LIBDIR_aarch64_unknown_linux_gnu".to_string(),
                    multiarch.to_str().unwrap()
                ),
            ]
        );
        // pkg-config searches PKG_CONFIG_PATH before the LIBDIR written: it must go.
        assert_eq!(p.unset[0].name, "PKG_CONFIG_PATH");
        // The builder names the multiarch dir only when it is there.
        let bare = crate::env::TestSystemRoot::new("fix-pc-bare", &[]);
        assert!(
            !plan(&bare)
                .settings
                .iter()
                .any(|s| s.value.contains("aarch64-linux-gnu/pkgconfig")),
        );
    }

    #[test]
    fn build_scripts_that_do_not_declare_the_names_are_rerun() {
        let root = std::env::temp_dir().join(format!("xlinkdiag-fix-rerun-{}", std::process::id()));
        let profile = root.join("target/aarch64-unknown-linux-gnu/debug");
        let run = |pkg: &str, output: &str| {
            let dir = profile
                .join("build")
                .join(format!("{pkg}-0123456789abcdef"));
            std::fs::create_dir_all(dir.join("out")).unwrap();
            std::fs::write(dir.join("output"), output).unwrap();
            std::fs::create_dir_all(
                profile
                    .join(".fingerprint")
                    .join(format!("{pkg}-0123456789abcdef")),
            )
            .unwrap();
            dir
        };
        let cmake = run("cm-sys", "cargo:rerun-if-changed=csrc\n");
        let ccrs = run(
            "cc-sys",
            "cargo:rerun-if-env-changed=CC_aarch64_unknown_linux_gnu\n",
        );
        let mut a = finding(Kind::WrongArchitecture, "cm_sys", &[CC]);
        a.provenance.build_dir = Some(cmake.clone());
        let mut b = finding(Kind::WrongArchitecture, "cc_sys", &[CC]);
        b.provenance.build_dir = Some(ccrs);
        let p = plan_with(&[a, b], &[], Some("aarch64-linux-gnu-gcc"));
        let _ = std::fs::remove_dir_all(&root);
        assert_eq!(p.rerun.len(), 1, "{:?}", p.rerun);
        assert_eq!(p.rerun[0].package, "cm-sys");
        assert_eq!(
            p.rerun[0].dirs,
            [
                cmake.clone(),
                profile.join(".fingerprint/cm-sys-0123456789abcdef")
            ]
        );
    }

    #[test]
    fn prebuilt_and_missing_tools_are_said_not_written() {
        let mut pre = finding(Kind::WrongArchitecture, "blob_sys", &[CC]);
        pre.provenance.build_system = Some("prebuilt".into());
        let p = plan_with(&[pre], &[], Some("x"));
        assert!(p.settings.is_empty());
        assert_eq!(p.manual[0].help, ["a help line"]);

        // The finding's tools are its words: this machine's prefix names the tools
        // written, whatever the finding said.
        let odd = finding(
            Kind::WrongArchitecture,
            "a_sys",
            &[
                ("CC_aarch64_unknown_linux_gnu", "aarch64-none-gcc"),
                ("AR_aarch64_unknown_linux_gnu", "/tmp/evil-ar"),
            ],
        );
        let p = plan_with(&[odd], &[], Some("aarch64-linux-gnu-gcc"));
        let values: Vec<&str> = p.settings.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(values, ["aarch64-linux-gnu-ar", "aarch64-linux-gnu-gcc"]);

        // The target's tools are not installed, nor any toolchain env could find: said.
        let riscv = finding(Kind::WrongArchitecture, "a_sys", &[("CC_x", "y")]);
        let p = plan_in("riscv64gc-unknown-linux-gnu", &[riscv], &[], None, "/");
        assert!(
            p.manual.iter().any(|m| m
                .help
                .iter()
                .any(|h| h.contains("apt-get install gcc-riscv64-linux-gnu"))),
            "{:?}",
            p.manual
        );
    }

    #[test]
    fn rustflags_and_linker_go_to_the_target_table() {
        let fs = [
            finding(
                Kind::MissingAtomics,
                "a",
                &[(
                    "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUSTFLAGS",
                    "-C link-arg=-latomic",
                )],
            ),
            finding(
                Kind::WrongLinker,
                "b",
                &[(
                    "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER",
                    "aarch64-linux-gnu-gcc",
                )],
            ),
        ];
        let p = plan_with(&fs, &[("RUSTFLAGS", "-g")], None);
        let places: Vec<&Place> = p.settings.iter().map(|s| &s.place).collect();
        assert_eq!(places, [&Place::Rustflags, &Place::Linker]);
        assert_eq!(p.unset[0].name, "RUSTFLAGS");
    }

    #[test]
    fn a_missing_target_std_is_said_not_written() {
        let fs = [finding(Kind::TargetStdMissing, "app", &[])];
        let p = plan_with(&fs, &[], None);
        assert!(p.settings.is_empty());
        assert!(p.manual.iter().any(|m| m.why.contains("rustup target add")));
    }
}
