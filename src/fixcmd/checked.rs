//! The plan's values checked on this machine before they are written (issue 21 item 6):
//! the compilers the build will really run for the target (the first name cc-rs reads that
//! is set, in the spelling that was set), the flags it appends to them, the archiver that
//! goes with a driver, the `.pc` files in a pkg-config dir, the target's C library behind a
//! compiler or linker, and the shim's own linker setting. What fails a check is not
//! written; the package to install is named instead, where dpkg can tell.
//!
//! The answers come from the caller ([`Checks`]: `toolchain::verify::Verifier` and
//! `toolchain::packages::Dpkg` in `fix`, a table in tests). A value a finding gives is
//! never checked here (nor run): only this machine's tools and this shell's variables.

use std::path::PathBuf;

use super::asks::Ask;
use super::plan::{Facts, Manual, Place, Plan, add, env_name};
use crate::cargo::build_output::BuildSystem;
use crate::diagnose::Kind;
use crate::diagnose::fix::CrossPrefix;
use crate::target::vars::lookup_order;
use crate::toolchain::verify::{Failure, Lang};

/// A compiler check: (C or C++, program, flags) → why it does not work, if it does not.
pub type CompilerFn<'a> = dyn Fn(Lang, &str, &[String]) -> Option<Failure> + 'a;
/// A pkg-config check: (dirs, `.pc` names) → the names not there.
pub type PcMissingFn<'a> = dyn Fn(&[PathBuf], &[&str]) -> Vec<String> + 'a;

/// This machine's answers to the checks a value must pass before `fix` writes it.
pub struct Checks<'a> {
    /// `None` when the program (with these flags) compiles a file with the target's C (or
    /// C++) library headers and links it for the target; else why not.
    pub compiler: &'a CompilerFn<'a>,
    /// The archiver that goes with a compiler driver (`<prefix>ar`, else the driver's
    /// `-print-prog-name=ar`), when one exists.
    pub archiver: &'a dyn Fn(&str) -> Option<String>,
    /// What to install for a compiler or linker that lacks the target's C (C++) library:
    /// (program, the file it stopped at, C++).
    pub libc_advice: &'a dyn Fn(&str, &str, bool) -> String,
    /// Of the `.pc` names, those not in the dirs (as pkg-config would look).
    pub pc_missing: &'a PcMissingFn<'a>,
    /// What gives the target a `.pc` file: the target's build of the package that owns the
    /// host's.
    pub pc_advice: &'a dyn Fn(&str) -> String,
    /// The package that gives the target `lib<name>`: the target's build of the package that
    /// owns the host's copy, when dpkg can tell.
    pub library_package: &'a dyn Fn(&str) -> Option<String>,
}

/// The kinds whose fix is the target's C or C++ compiler.
fn about_the_compiler(k: Kind) -> bool {
    matches!(
        k,
        Kind::WrongCompiler
            | Kind::WrongArchitecture
            | Kind::AbiMismatch
            | Kind::CrossToolMissing
            | Kind::LibcMismatch
    )
}

/// The settings of one name (any spelling of `base` for the target).
fn written<'p>(plan: &'p Plan, names: &[String]) -> Option<(usize, &'p str)> {
    plan.settings.iter().enumerate().find_map(|(i, s)| {
        env_name(&s.place)
            .filter(|n| names.iter().any(|m| m == n))
            .map(|_| (i, s.value.as_str()))
    })
}

/// The first of `names` the environment sets (cc-rs's order): (index, name, value).
fn in_env(f: &Facts, names: &[String]) -> Option<(usize, String, String)> {
    names
        .iter()
        .enumerate()
        .find_map(|(i, n)| (f.env)(n).map(|v| (i, n.clone(), v)))
}

/// The C and C++ compilers the target's build will run, after the plan: each must work
/// here. A compiler the environment sets that fails (a host `gcc`, a missing `…-gcc-13`, a
/// cross gcc without its libc) is replaced by this machine's prefix's, checked, under the
/// name that was set when it is the target's own (forced by `environment`), else the
/// underscored per-target name; `CXX_<t>` only ever names a C++ driver.
///
/// Asked for any finding of a cross build when this shell names a compiler for the target
/// (`CC`, `TARGET_CC`, `CC_<t>`, the same for `CXX`): a build script's fallback note may
/// be the finding while the compiler it then ran is what failed (libz-sys's pkg-config note
/// before gcc's `-mfpu` error), and a compiler that does not build for the target fails
/// every crate alike.
pub fn compilers(plan: &mut Plan, asks: &[Ask], f: &Facts, prefix: &CrossPrefix) {
    let triple = f.spec.triple;
    let names_one = ["CC", "CXX"]
        .iter()
        .any(|b| in_env(f, &lookup_order(b, triple, true)).is_some());
    let asked = asks.iter().any(|a| about_the_compiler(a.kind));
    if asks.is_empty() || !(asked || (names_one && !f.native)) {
        return;
    }
    for (lang, base, tool) in [(Lang::C, "CC", "gcc"), (Lang::Cxx, "CXX", "g++")] {
        let names = lookup_order(base, triple, true);
        let env = in_env(f, &names);
        let mine = written(plan, &names[..2]).map(|(i, v)| (i, v.to_string()));
        if lang == Lang::Cxx && env.is_none() && mine.is_none() {
            continue;
        }
        // What runs now: a per-target name of the environment beats an unforced setting;
        // a global one loses to any per-target name written.
        let env_runs = match (&env, &mine) {
            (Some((i, ..)), _) if *i < 2 => true,
            (Some(_), None) => true,
            _ => false,
        };
        if env_runs {
            let (i, name, value) = env.clone().unwrap_or_default();
            if (f.checks.compiler)(lang, &value, &[]).is_none() {
                // It works here: a setting of ours under its name would only fight it.
                if let Some((j, ours)) = &mine
                    && i < 2
                    && !super::plan::same(f, &value, ours)
                {
                    let j = *j;
                    plan.settings.remove(j);
                }
                continue;
            }
            let candidate = mine
                .as_ref()
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| prefix.tool(tool));
            if (f.checks.compiler)(lang, &candidate, &[]).is_some() {
                // Neither works: `check_tools` and `libc` say what to install.
                if mine.is_none() && (f.which)(&candidate).is_none() {
                    add(
                        plan,
                        Place::Env(names[1].clone()),
                        &candidate,
                        &format!("{name} names a compiler that does not work for {triple}"),
                    );
                }
                continue;
            }
            let at = if i < 2 {
                name.clone()
            } else {
                names[1].clone()
            };
            if let Some((j, _)) = mine {
                plan.settings.remove(j);
            }
            add(
                plan,
                Place::Env(at),
                &candidate,
                &format!(
                    "{name}={value} does not build for {triple} here; {candidate} does (checked by compiling and linking a file with the C library's headers)"
                ),
            );
        }
    }
    flags(plan, f, prefix);
}

/// cc-rs appends `CFLAGS`, `TARGET_CFLAGS` and both per-target spellings (and the same for
/// `CXXFLAGS`): a flag for another machine in any of them breaks every compile, and no
/// other setting takes it out. Each one set that the target's compiler refuses (while it
/// works without) is written empty, forced.
fn flags(plan: &mut Plan, f: &Facts, prefix: &CrossPrefix) {
    let triple = f.spec.triple;
    for (lang, cc, tool, base) in [
        (Lang::C, "CC", "gcc", "CFLAGS"),
        (Lang::Cxx, "CXX", "g++", "CXXFLAGS"),
    ] {
        let names = lookup_order(cc, triple, true);
        let compiler = written(plan, &names)
            .map(|(_, v)| v.to_string())
            .or_else(|| in_env(f, &names).map(|(_, _, v)| v))
            .unwrap_or_else(|| prefix.tool(tool));
        let mut checked_alone = None;
        for name in lookup_order(base, triple, true) {
            let Some(value) = (f.env)(&name).filter(|v| !v.trim().is_empty()) else {
                continue;
            };
            let words: Vec<String> = value.split_whitespace().map(str::to_string).collect();
            let Some(failure) = (f.checks.compiler)(lang, &compiler, &words) else {
                continue;
            };
            let alone = *checked_alone
                .get_or_insert_with(|| (f.checks.compiler)(lang, &compiler, &[]).is_none());
            if !alone {
                continue;
            }
            add(
                plan,
                Place::Env(name.clone()),
                "",
                &format!(
                    "{name}={value} breaks {compiler} for {triple} ({}); cc-rs appends it to every compile, so only an empty one, forced, takes it out",
                    failure.describe()
                ),
            );
            if let Some(s) = plan
                .settings
                .iter_mut()
                .find(|s| env_name(&s.place) == Some(name.as_str()))
            {
                s.force = true;
            }
        }
    }
}

/// `AR_<t>` names an archiver that exists: the prefix's guess, else the driver's own answer
/// (`-print-prog-name=ar`: a wrapper-script gcc alone in its dir has no `-ar` beside it).
pub fn archivers(plan: &mut Plan, f: &Facts) {
    let names = lookup_order("AR", f.spec.triple, true);
    let cc_names = lookup_order("CC", f.spec.triple, true);
    let Some((i, ar)) = written(plan, &names[..2]).map(|(i, v)| (i, v.to_string())) else {
        return;
    };
    if (f.which)(&ar).is_some() {
        return;
    }
    let driver = written(plan, &cc_names)
        .map(|(_, v)| v.to_string())
        .or_else(|| f.linker.clone());
    let Some(found) = driver.as_deref().and_then(|d| (f.checks.archiver)(d)) else {
        return;
    };
    let s = &mut plan.settings[i];
    s.because.push(format!(
        "{ar} is not here; the driver names {found} (-print-prog-name=ar)"
    ));
    s.value = found;
}

/// The shim's own setting: when cargo's linker for the target is plain `xlinkdiag`, the real
/// linker is `XLINKDIAG_LINKER`, which only the shim reads. The linker env found (and
/// checked) goes there, not into `[target] linker` (cargo takes its variable over that, and
/// it names the shim, which stays).
pub fn shim_linker(plan: &mut Plan, f: &Facts) {
    let var = crate::shim_setup::LINKER_VAR;
    let shim = (f.env)(&f.spec.linker_var()).is_some_and(|l| {
        std::path::Path::new(&l)
            .file_name()
            .is_some_and(|n| n == crate::shim_setup::FRONT_NAME)
    });
    if !shim {
        return;
    }
    let Some(i) = plan.settings.iter().position(|s| s.place == Place::Linker) else {
        return;
    };
    let s = plan.settings.remove(i);
    let because = format!(
        "{} names xlinkdiag (the shim): the real linker behind it is {var}",
        f.spec.linker_var()
    );
    add(plan, Place::Env(var.into()), &s.value, &because);
}

/// The `.pc` files the crates ask pkg-config for must be where the settings (or the
/// environment) point it; each one missing is the target's build of its package to install.
/// A pkg-config dir that holds none of them is not written.
pub fn pkg_config(plan: &mut Plan, asks: &[Ask], f: &Facts) {
    let triple = f.spec.triple;
    let libdir = lookup_order("PKG_CONFIG_LIBDIR", triple, true);
    let dirs: Vec<PathBuf> = match written(plan, &libdir) {
        Some((_, v)) => v,
        None => match in_env(f, &libdir) {
            Some((_, _, v)) => return check_pc(plan, asks, f, &split(&v), false),
            None => return,
        },
    }
    .split(':')
    .filter(|d| !d.is_empty())
    .map(PathBuf::from)
    .collect();
    check_pc(plan, asks, f, &dirs, true);
}

fn split(v: &str) -> Vec<PathBuf> {
    v.split(':')
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .collect()
}

fn check_pc(plan: &mut Plan, asks: &[Ask], f: &Facts, dirs: &[PathBuf], ours: bool) {
    let mut asked: Vec<(&Ask, &'static str)> = Vec::new();
    for a in asks.iter().filter(|a| {
        a.system == BuildSystem::PkgConfig
            || matches!(a.kind, Kind::PkgConfigCross | Kind::HostLibraryPath)
    }) {
        let package = a
            .package
            .clone()
            .or_else(|| a.crate_name.as_ref().map(|c| c.replace('_', "-")));
        let Some(package) = package else { continue };
        for pc in crate::doctor::libs::pc_names(&package) {
            asked.push((a, pc));
        }
    }
    if asked.is_empty() || dirs.is_empty() {
        return;
    }
    let names: Vec<&str> = asked.iter().map(|(_, n)| *n).collect();
    let missing = (f.checks.pc_missing)(dirs, &names);
    if missing.is_empty() {
        return;
    }
    let shown = dirs
        .iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(":");
    let mut said: Vec<&str> = Vec::new();
    for (a, pc) in &asked {
        if !missing.iter().any(|m| m == pc) || said.contains(pc) {
            continue;
        }
        said.push(pc);
        plan.manual.push(Manual {
            kind: Some(Kind::MissingLibrary),
            crate_name: a.crate_name.clone(),
            why: format!(
                "{pc}.pc is not in {shown}, where pkg-config looks for {}: the target's build of the library is not installed",
                f.spec.triple
            ),
            help: vec![(f.checks.pc_advice)(pc)],
        });
    }
    // A dir that holds none of what is asked fixes nothing: not written.
    if ours && names.iter().all(|n| missing.iter().any(|m| m == n)) {
        plan.settings.retain(|s| {
            !env_name(&s.place).is_some_and(|n| {
                // Allowing the cross lookup without a dir that answers it lets the
                // host's `.pc` files answer: not written either.
                n.starts_with("PKG_CONFIG_")
            })
        });
    }
}

/// The target's C library behind the compilers and the linker the build runs: a cross gcc
/// without it (no `crti.o`, no `stdio.h`) fails at the first compile or link whatever the
/// settings; the package that provides it is named (never a float-ABI flag).
pub fn libc(plan: &mut Plan, asks: &[Ask], f: &Facts) {
    // Only where a finding says a compile or a link stopped: a crate whose C includes no
    // libc header (a `no_core` firmware's) builds with a libc-less compiler.
    let relevant = asks.iter().any(|a| {
        matches!(
            a.kind,
            Kind::TargetLibcMissing | Kind::MissingLibrary | Kind::WrongCompiler
        )
    });
    if !relevant {
        return;
    }
    let cc_names = lookup_order("CC", f.spec.triple, true);
    let mut programs: Vec<String> = Vec::new();
    if let Some(l) = &f.linker {
        programs.push(l.clone());
    }
    if let Some((_, v)) = written(plan, &cc_names) {
        programs.push(v.to_string());
    } else if let Some((i, _, v)) = in_env(f, &cc_names)
        && i < 2
    {
        programs.push(v);
    }
    programs.dedup();
    let mut said: Vec<String> = Vec::new();
    let mut found: Vec<Manual> = Vec::new();
    for p in programs {
        let Some(failure) = (f.checks.compiler)(Lang::C, &p, &[]) else {
            continue;
        };
        let missing = match &failure {
            Failure::HeadersMissing { header, .. } => header.clone(),
            Failure::LibcMissing { file, .. } => file.clone(),
            _ => continue,
        };
        let advice = (f.checks.libc_advice)(&p, &missing, false);
        if said.contains(&advice) {
            continue;
        }
        said.push(advice.clone());
        found.push(Manual {
            kind: Some(Kind::TargetLibcMissing),
            crate_name: None,
            why: format!(
                "`{p}` has no C library for {} here ({})",
                f.spec.triple,
                failure.describe()
            ),
            help: vec![advice],
        });
    }
    if found.is_empty() {
        return;
    }
    // What the link said it missed (`Scrt1.o`, `crti.o`, as if libraries) is this, said
    // once: the findings' own words for it go.
    let missed: Vec<(Kind, Option<String>)> = asks
        .iter()
        .filter(|a| {
            a.names.is_empty() && matches!(a.kind, Kind::MissingLibrary | Kind::TargetLibcMissing)
        })
        .map(|a| (a.kind, a.crate_name.clone()))
        .collect();
    plan.manual.retain(|m| {
        !m.kind
            .is_some_and(|k| missed.contains(&(k, m.crate_name.clone())))
    });
    plan.manual.extend(found);
}

/// A library the link took from the build machine's dirs (a host `-L`, pkg-config answering
/// for the host) that no `.pc` check above named: the target's build of the package that
/// owns the host's copy (`libfreetype-dev:arm64`), when dpkg can tell.
pub fn host_libraries(plan: &mut Plan, asks: &[Ask], f: &Facts) {
    let mut said: Vec<String> = Vec::new();
    for a in asks.iter().filter(|a| a.kind == Kind::HostLibraryPath) {
        let Some(lib) = &a.library else { continue };
        if said.contains(lib) {
            continue;
        }
        said.push(lib.clone());
        let Some(install) = (f.checks.library_package)(lib) else {
            if a.names.is_empty() {
                plan.manual.push(Manual {
                    kind: Some(a.kind),
                    crate_name: a.crate_name.clone(),
                    why: "the diagnosis names no setting for it".into(),
                    help: a.help.clone(),
                });
            }
            continue;
        };
        // Said already by the `.pc` check (the same package, in the same words).
        if plan.manual.iter().any(|m| m.help.contains(&install)) {
            continue;
        }
        plan.manual.push(Manual {
            kind: Some(Kind::MissingLibrary),
            crate_name: a.crate_name.clone(),
            why: format!(
                "lib{lib} for {} is not installed here: the link found only the build machine's",
                f.spec.triple
            ),
            help: vec![install],
        });
    }
}
