//! cc-rs: which compiler, archiver and flags a build script's `cc::Build` will use for the
//! target (and for the host), in cc-rs's own lookup order, and what they really make.

use crate::diagnose::Kind;

use super::context::Ctx;
use super::model::{Check, Status};
use super::settings::Lookup;
use crate::diagnose::fit::{self, Verdict};
use crate::toolchain::ccrs::{self, ToolValue};
use crate::toolchain::probe;
use crate::toolchain::verify::{Compiled, Failure, Lang as Language};

/// A tool as cc-rs will pick it.
struct Picked {
    tool: ToolValue,
    lookup: Lookup,
    from: String,
}

/// cc-rs's prefix for default tool names: CROSS_COMPILE, then RUSTC_LINKER when it ends in
/// `-gcc`, then its table. (`prefix_for_target`)
fn default_prefix(ctx: &Ctx) -> Option<(String, String)> {
    if let Some(v) = ctx.settings.get("CROSS_COMPILE") {
        return Some((
            v.value.trim_end_matches('-').to_string(),
            format!("CROSS_COMPILE={}", v.value),
        ));
    }
    if let Some(l) = &ctx.linker.configured
        && let Some(p) = l.strip_suffix("-gcc")
    {
        return Some((
            p.to_string(),
            format!("RUSTC_LINKER={l}, the target's linker"),
        ));
    }
    ccrs::table_prefix(ctx.spec.triple)
        .map(|p| (p, format!("cc-rs's table for {}", ctx.spec.triple)))
}

fn pick(
    ctx: &Ctx,
    var: &str,
    triple: &str,
    cross: bool,
    default: impl FnOnce() -> (String, String),
) -> Picked {
    let lookup = ctx.settings.first(&ccrs::lookup_names(var, triple, cross));
    // cc-rs stops at the first variable that is set, even when it is empty, and then
    // falls back to its default.
    let tool = lookup
        .found
        .as_ref()
        .and_then(|v| ccrs::split_tool(&v.value));
    match (tool, &lookup.found) {
        (Some(tool), Some(v)) => {
            let from = v.source();
            Picked { tool, lookup, from }
        }
        _ => {
            let (program, why) = default();
            Picked {
                tool: ToolValue {
                    program,
                    wrapper: None,
                    args: Vec::new(),
                },
                lookup,
                from: format!("default ({why})"),
            }
        }
    }
}

/// All set forms of a flags variable, joined the way cc-rs joins them: generic first, the
/// most specific last.
fn env_flags(ctx: &Ctx, var: &str, triple: &str, cross: bool) -> (Vec<String>, Vec<String>) {
    let mut flags = Vec::new();
    let mut from = Vec::new();
    for name in ccrs::lookup_names(var, triple, cross).iter().rev() {
        if let Some(v) = ctx.settings.get(name) {
            flags.extend(v.value.split_ascii_whitespace().map(str::to_string));
            from.push(v.source());
        }
    }
    (flags, from)
}

fn compiler_default(ctx: &Ctx, gnu: &str, traditional: &str) -> (String, String) {
    if !ctx.cross {
        return (traditional.to_string(), "not a cross build".into());
    }
    match default_prefix(ctx) {
        Some((p, why)) => {
            let clang = ctx.spec.abi == "llvm";
            (
                format!("{p}-{}", if clang { "clang" } else { gnu }),
                format!("prefix from {why}"),
            )
        }
        None => (
            traditional.to_string(),
            format!("no prefix known for {}", ctx.spec.triple),
        ),
    }
}

fn fill(c: &mut Check, p: &Picked) {
    c.value = Some(match &p.tool.wrapper {
        Some(w) => format!("{w} {}", p.tool.program),
        None => p.tool.program.clone(),
    });
    c.from = p.from.clone();
    c.unset = p.lookup.unset.clone();
}

/// The target's C compiler (`tool` = c-compiler) or C++ compiler (cxx-compiler).
pub fn compiler(ctx: &Ctx, cxx: bool) -> (Check, Option<Compiled>) {
    let (tool, var, flags_var, gnu, trad) = if cxx {
        ("cxx-compiler", "CXX", "CXXFLAGS", "g++", "c++")
    } else {
        ("c-compiler", "CC", "CFLAGS", "gcc", "cc")
    };
    let mut c = Check::new("cc-rs", tool);
    if !ctx.usage.uses("cc-rs") && !ctx.usage.uses("cmake-rs") {
        c.status = Status::Skipped;
        c.message = "no crate in Cargo.lock uses cc-rs".into();
        return (c, None);
    }
    if ctx
        .settings
        .get("CC_FORCE_DISABLE")
        .is_some_and(|v| !v.value.is_empty() && v.value != "0")
    {
        c.fail(
            Status::Note,
            None,
            "CC_FORCE_DISABLE is set: cc-rs will refuse to run".into(),
        );
        return (c, None);
    }
    let p = pick(ctx, var, ctx.spec.triple, ctx.cross, || {
        compiler_default(ctx, gnu, trad)
    });
    fill(&mut c, &p);
    // Set to something (an empty value falls back to the default, as in cc-rs).
    let explicit = !p.from.starts_with("default");
    let path = probe::which(&p.tool.program);
    let clang = path
        .as_deref()
        .is_some_and(|p| ctx.verify.budget().is_clang(p));
    let (env_f, env_from) = env_flags(ctx, flags_var, ctx.spec.triple, ctx.cross);
    let mut flags = p.tool.args.clone();
    flags.extend(ccrs::target_flags(ctx.spec, clang));
    flags.extend(env_f);
    if !env_from.is_empty() {
        c.notes.push(format!("flags from {}", env_from.join(", ")));
    }
    let examined = ctx.examine(
        &mut c,
        if cxx { Language::Cxx } else { Language::C },
        &p.tool.program,
        &flags,
        ctx.spec,
        Kind::CrossToolMissing,
    );
    let (verdict, check) = match examined {
        Some((v, check)) => (Some(v), Some(check)),
        None => (None, None),
    };
    if verdict.is_none() && c.status == Status::Error {
        // Out of time: said, and nothing else is known.
        return (c, None);
    }
    if verdict.is_none() && !explicit && cxx {
        // Only crates that compile C++ need it; cc-rs probing for it is harmless.
        c.status = Status::Note;
        c.kind = None;
        c.message = format!(
            "no C++ compiler `{}`: only crates that compile C++ need one",
            p.tool.program
        );
        return (c, None);
    }
    let lang = Lang {
        cxx,
        var,
        flags_var,
    };
    judge(ctx, &mut c, &p, &verdict, &flags, &lang);
    respell(ctx, &mut c, var);
    if let (Some(Verdict::Fits(_)), Some(check)) = (&verdict, &check) {
        let role = if cxx {
            "cc-rs's C++ compiler"
        } else {
            "cc-rs's C compiler"
        };
        ctx.libc(&mut c, check, role, false);
    }
    let fits = match verdict {
        Some(Verdict::Fits(done)) => Some(done),
        _ => None,
    };
    (c, fits)
}

/// Which compiler a check is about: C or C++, and the names of its variables.
struct Lang {
    cxx: bool,
    var: &'static str,
    flags_var: &'static str,
}

/// What the probe of the picked compiler says, as the check's status, message and fix.
fn judge(
    ctx: &Ctx,
    c: &mut Check,
    p: &Picked,
    verdict: &Option<Verdict>,
    flags: &[String],
    lang: &Lang,
) {
    let what = if lang.cxx { "C++" } else { "C" };
    let (var, flags_var) = (lang.var, lang.flags_var);
    match verdict {
        // Not found: the C++ compiler's own name for a C++ check (CC_<t> does not name it).
        None => match ctx.suggestion().and_then(|s| s.cxx.clone()) {
            Some(cxx) if lang.cxx => {
                c.env.insert(ctx.target_var("CXX"), cxx);
            }
            _ => ctx.add_compiler_fix(c),
        },
        Some(Verdict::Fits(_)) => {}
        Some(Verdict::Mismatch {
            compiled,
            kind,
            reason,
        }) => {
            c.fail(
                Status::Error,
                Some(*kind),
                format!(
                    "cc-rs will compile {what} for {} with `{}`, which makes {} objects: {reason}",
                    ctx.spec.triple,
                    p.tool.program,
                    fit::describe(&compiled.object)
                ),
            );
            let same_with_flag = match (*kind, c.path.as_deref()) {
                (Kind::AbiMismatch, Some(_)) => {
                    fit::flag_that_fixes(ctx.verify, &p.tool.program, flags, ctx.spec)
                }
                _ => None,
            };
            match same_with_flag {
                Some(f) => {
                    c.env.insert(ctx.target_var(flags_var), f.to_string());
                    c.help.push(format!(
                        "the compiler is for the right machine but defaults to another ABI; {f} makes it match {}",
                        ctx.spec.triple
                    ));
                }
                None if lang.cxx => {
                    if let Some(s) = ctx.suggestion().and_then(|s| s.cxx.clone()) {
                        c.env.insert(ctx.target_var("CXX"), s);
                    }
                }
                None => ctx.add_compiler_fix(c),
            }
            leak_help(ctx, c, p, var);
        }
        Some(Verdict::NoObject(failure)) => {
            let refused = match failure {
                Failure::FlagRefused { flag, .. } => Some(flag.as_str()),
                _ => None,
            };
            let wrong = c
                .dumpmachine
                .as_deref()
                .and_then(|m| fit::dumpmachine_mismatch(m, ctx.spec));
            match wrong {
                Some(w) => {
                    c.fail(
                        Status::Error,
                        Some(Kind::WrongArchitecture),
                        format!(
                            "cc-rs will compile {what} for {} with `{}`: {w}",
                            ctx.spec.triple, p.tool.program
                        ),
                    );
                    match ctx.suggestion().and_then(|s| s.cxx.clone()) {
                        // The C++ compiler's own name: CC_<t> does not change what cc-rs
                        // compiles C++ with.
                        Some(cxx) if lang.cxx => {
                            c.env.insert(ctx.target_var("CXX"), cxx);
                        }
                        _ => ctx.add_compiler_fix(c),
                    }
                    leak_help(ctx, c, p, var);
                }
                None => match refused {
                    Some(flag) => refused_flag(ctx, c, p, flag, lang),
                    None => c.fail(
                        Status::Warning,
                        None,
                        format!(
                            "`{}` could not compile the probe, so what it makes is unknown",
                            p.tool.program
                        ),
                    ),
                },
            }
        }
    }
}

/// The per-target name that took effect, in the spelling that was set: cc-rs reads
/// `CC_<triple>` before `CC_<triple_>`, so a fix of the underscored name changes nothing
/// while the hyphenated one is set (`env -u` it, or set it, as the shell help says).
fn respell(ctx: &Ctx, c: &mut Check, var: &str) {
    use crate::target::vars::{Spelling, spelling_of};
    if spelling_of(&c.from, var, ctx.spec.triple) != Some(Spelling::Hyphenated) {
        return;
    }
    let under = ctx.target_var(var);
    if let Some(v) = c.env.remove(&under) {
        c.env.insert(c.from.clone(), v);
        c.help.push(format!(
            "{} was set, and cc-rs reads it before {under}: the fix changes {} itself",
            c.from, c.from
        ));
    }
}

/// A compiler for the right machine (as far as `-dumpmachine` says) that refuses a flag:
/// `wrong-compiler`, naming where the flag comes from.
fn refused_flag(ctx: &Ctx, c: &mut Check, p: &Picked, flag: &str, lang: &Lang) {
    let what = if lang.cxx { "C++" } else { "C" };
    c.fail(
        Status::Error,
        Some(Kind::WrongCompiler),
        format!(
            "cc-rs will compile {what} for {} with `{}`, which refuses `{flag}`: a flag for another machine or compiler",
            ctx.spec.triple, p.tool.program
        ),
    );
    let own = [false, true].iter().any(|clang| {
        ccrs::target_flags(ctx.spec, *clang)
            .iter()
            .any(|f| f == flag)
    });
    let help = if p.tool.args.iter().any(|a| a == flag) {
        format!("take `{flag}` out of {}", p.from)
    } else if own {
        format!(
            "cc-rs passes `{flag}` itself for {}: `{}` is not a compiler for it; name one in {}",
            ctx.spec.triple,
            p.tool.program,
            ctx.target_var(lang.var)
        )
    } else {
        let from = c
            .notes
            .iter()
            .find_map(|n| n.strip_prefix("flags from "))
            .unwrap_or(lang.flags_var)
            .to_string();
        format!("take `{flag}` out of {from}")
    };
    c.help.push(help);
}

/// The seed's trap: a global `CC` that reaches the target build too.
fn leak_help(ctx: &Ctx, c: &mut Check, p: &Picked, var: &str) {
    let Some(v) = &p.lookup.found else {
        return;
    };
    if v.name == var {
        c.env.insert(format!("HOST_{var}"), v.value.clone());
        c.help.push(crate::diagnose::fix::wording::global_leak(
            var,
            Some(&v.value),
            &ctx.target_var(var),
        ));
    } else {
        c.help.push(format!(
            "{} names a compiler for another machine; change it",
            v.name
        ));
    }
}

/// The archiver cc-rs will pack the target's objects with, tested on a target object.
pub fn archiver(ctx: &Ctx, target_object: Option<&Compiled>) -> Check {
    let mut c = Check::new("cc-rs", "archiver");
    if !ctx.usage.uses("cc-rs") && !ctx.usage.uses("cmake-rs") {
        c.status = Status::Skipped;
        c.message = "no crate in Cargo.lock uses cc-rs".into();
        return c;
    }
    let p = pick(ctx, "AR", ctx.spec.triple, ctx.cross, || {
        // cc-rs runs `<prefix>-ar --version`, then `<prefix>-gcc-ar`, else plain `ar`.
        match default_prefix(ctx).filter(|_| ctx.cross) {
            Some((prefix, why)) => [format!("{prefix}-ar"), format!("{prefix}-gcc-ar")]
                .into_iter()
                .find(|a| probe::which(a).is_some())
                .map(|a| (a, format!("prefix from {why}")))
                .unwrap_or_else(|| ("ar".into(), format!("no {prefix}-ar in PATH"))),
            None => ("ar".into(), "no prefix".into()),
        }
    });
    fill(&mut c, &p);
    let Some(path) = probe::which(&p.tool.program) else {
        c.fail(
            Status::Warning,
            Some(Kind::CrossToolMissing),
            format!(
                "`{}` is not installed or not in PATH: the build will stop there",
                p.tool.program
            ),
        );
        return c;
    };
    c.path = Some(path.display().to_string());
    let object = target_object
        .map(|o| o.path.clone())
        .or_else(|| ctx.suggestion().and_then(|s| s.object.clone()));
    let Some(object) = object else {
        c.status = Status::Note;
        c.message = format!(
            "`{}` found; no {} object to test it with",
            p.tool.program, ctx.spec.triple
        );
        return c;
    };
    match ctx.verify.archive_indexes(&path, &p.tool.args, &object) {
        Ok(true) => {
            c.message = format!(
                "`{}` writes a symbol index for {} objects",
                p.tool.program, ctx.spec.triple
            )
        }
        Ok(false) => {
            c.fail(
                Status::Error,
                Some(Kind::ArchiveNoIndex),
                format!(
                    "`{}` packs {} objects without a symbol index: the linker will say `archive has no index`",
                    p.tool.program, ctx.spec.triple
                ),
            );
            if let Some(s) = ctx.suggestion() {
                c.env.insert(ctx.target_var("AR"), s.ar.clone());
            }
        }
        Err(e) if e.is_time() => c.fail(Status::Error, None, format!("not checked: {e}")),
        Err(e) => c.fail(Status::Warning, None, e.to_string()),
    }
    c
}

/// The host's C compiler: build scripts and proc macros that compile C for the host read
/// `CC_<host>`, `HOST_CC`, then `CC`. A cross compiler in a global `CC` breaks them.
pub fn host_compiler(ctx: &Ctx) -> Check {
    let mut c = Check::new("cc-rs", "host-c-compiler");
    let Some(host) = ctx.host.filter(|_| ctx.cross) else {
        c.status = Status::Skipped;
        c.message = "not a cross build".into();
        return c;
    };
    let p = pick(ctx, "CC", host.triple, false, || {
        ("cc".into(), "cc-rs's default".into())
    });
    fill(&mut c, &p);
    let mut flags = p.tool.args.clone();
    flags.extend(env_flags(ctx, "CFLAGS", host.triple, false).0);
    let verdict = ctx
        .examine(
            &mut c,
            Language::C,
            &p.tool.program,
            &flags,
            host,
            Kind::CrossToolMissing,
        )
        .map(|(v, _)| v);
    if let Some(Verdict::Mismatch {
        compiled,
        kind,
        reason,
    }) = &verdict
    {
        c.fail(
            Status::Error,
            Some(*kind),
            format!(
                "build scripts that compile C for the host ({}) will use `{}`, which makes {} objects: {reason}",
                host.triple,
                p.tool.program,
                fit::describe(&compiled.object)
            ),
        );
        c.env.insert("HOST_CC".into(), "cc".into());
        if p.lookup.found.as_ref().is_some_and(|v| v.name == "CC") {
            c.help.push(format!(
                "a global CC reaches the host's build scripts too: name the target's compiler in {} instead",
                ctx.target_var("CC")
            ));
        }
    }
    c
}
