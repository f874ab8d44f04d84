//! The linker cargo will hand rustc, the way cargo decides it: `-C linker=` in the
//! rustflags, then `CARGO_TARGET_<T>_LINKER`, then `[target.<t>] linker`, then rustc's
//! default (`cc` for the GNU-like flavors). Behind xlinkdiag, the real linker is the one
//! checked.

use std::path::{Path, PathBuf};

use crate::diagnose::Kind;
use crate::target::gnu::triple as gnu_triple;

use super::context::Ctx;
use super::model::{Check, Status};
use crate::diagnose::fit::{self, Verdict};
use crate::toolchain::probe;
use crate::toolchain::verify::Lang;

/// The rustflags cargo will pass for the target, and where they came from.
pub fn rustflags(ctx: &Ctx) -> (Vec<String>, String) {
    let env = |n: &str| crate::env::var(n).filter(|v| !v.is_empty());
    if let Some(v) = env("CARGO_ENCODED_RUSTFLAGS") {
        return (
            v.split('\x1f').map(str::to_string).collect(),
            "CARGO_ENCODED_RUSTFLAGS".into(),
        );
    }
    if let Some(v) = env("RUSTFLAGS") {
        return (split(&v), "RUSTFLAGS".into());
    }
    let var = ctx.spec.rustflags_var();
    let mut flags: Vec<(String, PathBuf)> = ctx.settings.config.target_rustflags(ctx.spec.triple);
    if let Some(v) = env(&var) {
        flags.extend(split(&v).into_iter().map(|f| (f, PathBuf::from(&var))));
    }
    if flags.is_empty() {
        flags = ctx.settings.config.build_rustflags();
        if let Some(v) = env("CARGO_BUILD_RUSTFLAGS") {
            flags.extend(
                split(&v)
                    .into_iter()
                    .map(|f| (f, PathBuf::from("CARGO_BUILD_RUSTFLAGS"))),
            );
        }
    }
    let mut sources: Vec<String> = Vec::new();
    for (_, s) in &flags {
        let s = s.display().to_string();
        if !sources.contains(&s) {
            sources.push(s);
        }
    }
    (
        flags.into_iter().map(|(f, _)| f).collect(),
        sources.join(", "),
    )
}

fn split(v: &str) -> Vec<String> {
    v.split_whitespace().map(str::to_string).collect()
}

/// `-C key=value` / `-Ckey=value` / `--codegen key=value` pairs of a rustflags list.
pub fn codegen_options(flags: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut it = flags.iter();
    while let Some(f) = it.next() {
        let opt = if f == "-C" || f == "--codegen" {
            it.next().cloned()
        } else {
            f.strip_prefix("-C")
                .or_else(|| f.strip_prefix("--codegen="))
                .map(str::to_string)
        };
        if let Some((k, v)) = opt.as_deref().and_then(|o| o.split_once('=')) {
            out.push((k.to_string(), v.to_string()));
        }
    }
    out
}

/// The link args that change what the driver compiles for (`-msoft-float`, `--target=`,
/// `-march=`, `-m32`), so the probe runs the driver the way the link will.
fn driver_flags(flags: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in codegen_options(flags) {
        let args: Vec<String> = match k.as_str() {
            "link-arg" => vec![v],
            "link-args" => split(&v),
            _ => continue,
        };
        out.extend(args.into_iter().filter(|a| {
            a.starts_with("-m") || a.starts_with("--target") || a == "-EB" || a == "-EL"
        }));
    }
    out
}

/// The link arg that keeps the C library out of the final link (`-nostdlib`,
/// `-nodefaultlibs`), when the rustflags pass one.
pub fn no_libc_link(flags: &[String]) -> Option<String> {
    codegen_options(flags)
        .into_iter()
        .flat_map(|(k, v)| match k.as_str() {
            "link-arg" => vec![v],
            "link-args" => split(&v),
            _ => Vec::new(),
        })
        .find(|a| a == "-nostdlib" || a == "-nodefaultlibs")
}

/// The program cargo will link with and its source, before following xlinkdiag.
fn configured(
    ctx: &Ctx,
    flags: &[(String, String)],
    flags_from: &str,
) -> (Option<String>, Option<String>, String) {
    let env_var = ctx.spec.linker_var();
    let cargo_value = crate::env::cargo_target_linker(&ctx.spec.upper())
        .map(|v| (v, env_var.clone()))
        .or_else(|| {
            ctx.settings.config.target_linker(ctx.spec.triple).map(|c| {
                (
                    c.value,
                    format!(
                        "[target.{}] linker in {}",
                        ctx.spec.triple,
                        c.file.display()
                    ),
                )
            })
        });
    let rustflag = flags
        .iter()
        .rev()
        .find(|(k, _)| k == "linker")
        .map(|(_, v)| v.clone());
    let configured = cargo_value.as_ref().map(|(v, _)| v.clone());
    match (rustflag, cargo_value) {
        (Some(l), _) => (Some(l), configured, format!("-C linker= in {flags_from}")),
        (None, Some((l, from))) => (Some(l), configured, from),
        (None, None) => (None, None, String::new()),
    }
}

/// Follows xlinkdiag to the real linker: `XLINKDIAG_LINKER` for plain `xlinkdiag` (then the
/// flag is true), the pin next to a shim installed under the linker's name.
fn behind_xlinkdiag(
    ctx: &Ctx,
    program: &str,
    c: &mut Check,
) -> Result<Option<(String, bool)>, String> {
    let Some(path) = probe::which(program) else {
        return Ok(None);
    };
    let canonical = std::fs::canonicalize(&path).unwrap_or(path.clone());
    let is_xlinkdiag = |p: &Path| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("xlinkdiag"))
    };
    if !is_xlinkdiag(&canonical) {
        return Ok(None);
    }
    if !is_xlinkdiag(&path) {
        // A shim installed under the linker's name: `shim install` pins the real one.
        let name = path.file_name().unwrap_or_default();
        let pin = path
            .parent()
            .unwrap_or(Path::new("."))
            .join(crate::shim_setup::PIN_DIR)
            .join(name);
        c.notes.push(format!(
            "{program} is xlinkdiag's shim; the real linker is {}",
            pin.display()
        ));
        return Ok(Some((pin.display().to_string(), false)));
    }
    match ctx.settings.get(crate::shim_setup::LINKER_VAR) {
        Some(v) => {
            c.notes.push(format!(
                "links through xlinkdiag; the real linker is {} (from {})",
                v.value,
                v.source()
            ));
            Ok(Some((v.value, true)))
        }
        None => Err(format!(
            "the linker is xlinkdiag ({program}) but {} is not set, so there is no real linker to run",
            crate::shim_setup::LINKER_VAR
        )),
    }
}

pub fn check(ctx: &mut Ctx) -> Check {
    let mut c = Check::new("cargo", "linker");
    let (flags, flags_from) = rustflags(ctx);
    let opts = codegen_options(&flags);
    let (chosen, configured_value, from) = configured(ctx, &opts, &flags_from);
    // cargo hands the configured linker to build scripts as RUSTC_LINKER whatever it is.
    ctx.linker.configured = configured_value;
    let default = ctx.spec.linker_flavor.starts_with("gnu-cc") || ctx.spec.linker_flavor == "gnu";
    let program = match chosen {
        Some(p) => p,
        None if ctx.spec.os == "linux" || default => {
            c.from = format!("default (rustc's for {})", ctx.spec.triple);
            c.unset = vec![
                ctx.spec.linker_var(),
                format!("[target.{}] linker", ctx.spec.triple),
            ];
            "cc".to_string()
        }
        None => {
            c.status = Status::Note;
            c.from = format!("default (rustc's for {})", ctx.spec.triple);
            c.message = format!(
                "rustc's default linker for {} ({} flavor); not checked",
                ctx.spec.triple, ctx.spec.linker_flavor
            );
            return c;
        }
    };
    if c.from.is_empty() {
        c.from = from;
    }
    c.value = Some(program.clone());
    let real = match behind_xlinkdiag(ctx, &program, &mut c) {
        Ok(Some((real, from_var))) => {
            ctx.linker.real_from_var = from_var;
            real
        }
        Ok(None) => program.clone(),
        Err(e) => {
            c.fail(Status::Warning, Some(Kind::LinkerNotFound), e);
            return c;
        }
    };
    ctx.linker.real = probe::which(&real);
    ctx.linker.real_name = Some(real.clone());
    let drv = driver_flags(&flags);
    let Some((verdict, probed)) =
        ctx.examine(&mut c, Lang::C, &real, &drv, ctx.spec, Kind::LinkerNotFound)
    else {
        if c.status != Status::Error {
            c.help.push(format!(
                "the full path in CARGO_TARGET_{}_LINKER, or the toolchain's bin/ in PATH",
                ctx.spec.upper()
            ));
        }
        return c;
    };
    match verdict {
        // The link needs the target's startup files and C library too, unless the
        // rustflags keep them out of it.
        Verdict::Fits(_) if ctx.links_no_libc.is_none() => {
            ctx.libc(&mut c, &probed, "the linker driver", true)
        }
        Verdict::Fits(_) => {}
        Verdict::Mismatch {
            compiled,
            kind: Kind::AbiMismatch,
            reason,
        } => {
            let flag = fit::flag_that_fixes(ctx.verify, &real, &drv, ctx.spec);
            c.fail(
                Status::Warning,
                Some(Kind::AbiMismatch),
                format!(
                    "the linker driver `{real}` defaults to {}: {reason}; it picks its startup files and libgcc for that ABI",
                    fit::describe(&compiled.object)
                ),
            );
            if let Some(f) = flag {
                c.help
                    .push(format!("add `-C link-arg={f}` to the target's rustflags"));
            }
        }
        Verdict::Mismatch {
            compiled, reason, ..
        } => {
            c.fail(
                Status::Error,
                Some(Kind::WrongLinker),
                format!(
                    "cargo will link {} with `{real}`, which makes {} objects: {reason}",
                    ctx.spec.triple,
                    fit::describe(&compiled.object)
                ),
            );
            link_fix(ctx, &mut c);
        }
        Verdict::NoObject(_) => {
            let wrong = c
                .dumpmachine
                .as_deref()
                .and_then(|m| fit::dumpmachine_mismatch(m, ctx.spec));
            match wrong {
                Some(w) => {
                    c.fail(
                        Status::Error,
                        Some(Kind::WrongLinker),
                        format!("cargo will link {} with `{real}`: {w}", ctx.spec.triple),
                    );
                    link_fix(ctx, &mut c);
                }
                None => c.fail(
                    Status::Warning,
                    None,
                    format!("`{real}` could not compile the probe, so its target is unknown"),
                ),
            }
        }
    }
    c
}

fn link_fix(ctx: &Ctx, c: &mut Check) {
    let cc = ctx
        .suggestion()
        .map(|s| s.cc.clone())
        .unwrap_or_else(|| format!("{}-gcc", gnu_triple(ctx.spec)));
    // Behind a plain xlinkdiag, cargo's setting names the shim and stays.
    let real_var = ctx
        .linker
        .real_from_var
        .then_some(crate::shim_setup::LINKER_VAR);
    let f = crate::diagnose::fix::wrong_linker(ctx.spec, real_var, cc);
    c.env.extend(f.env);
    c.help.extend(f.help);
    if c.path.as_deref().is_some_and(|p| p.contains("clang")) {
        c.help.push(format!(
            "or keep clang and pass it the target: `-C link-arg=--target={}`",
            gnu_triple(ctx.spec)
        ));
    }
}

/// The rustc cargo will run: `RUSTC`, else `rustc` in `PATH` (rustup's proxy honours the
/// project's toolchain file, as doctor runs in the project).
pub fn rustc_in_use() -> String {
    crate::env::var("RUSTC")
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| "rustc".into())
}

/// The linker flavor the rustc in use has for the target, from its own target spec
/// (`--print target-spec-json`, unstable, hence `RUSTC_BOOTSTRAP=1`): Debian's rustc-web
/// and rustup's disagree for aarch64-unknown-linux-gnu (`gnu-cc` / `gnu-lld-cc`), so the
/// table compiled into xlinkdiag cannot say. `Err` says why it is unknown.
pub fn rustc_flavor(ctx: &Ctx) -> Result<String, String> {
    let rustc = rustc_in_use();
    let path = probe::which(&rustc).ok_or_else(|| format!("`{rustc}` is not in PATH"))?;
    let mut cmd = std::process::Command::new(&path);
    cmd.args(["-Z", "unstable-options", "--print", "target-spec-json"])
        .args(["--target", ctx.spec.triple])
        .env("RUSTC_BOOTSTRAP", "1");
    let out = ctx
        .verify
        .budget()
        .run_command(&path, &mut cmd, probe::PROBE_LIMIT)
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!(
            "`{rustc} --print target-spec-json` failed: {}",
            err.lines().next().unwrap_or("no message").trim()
        ));
    }
    flavor_of(&out.stdout)
        .ok_or_else(|| format!("`{rustc} --print target-spec-json` names no linker-flavor"))
}

/// `"linker-flavor"` of a target spec JSON.
fn flavor_of(json: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(json).ok()?;
    v.get("linker-flavor")?.as_str().map(str::to_string)
}

/// rustc picks the flavor from the linker's name (`linker::name`). Behind a plain
/// `xlinkdiag` it sees that name, not the real linker's: on a `gnu-lld-cc` target it then
/// keeps lld. The shim undoes that for a gcc or clang (see `shim/flavor.rs`); for a real
/// linker named like ld or lld it cannot, since rustc would have written another kind of
/// line for it. The flavor is the one the rustc in use reports ([`rustc_flavor`]); when it
/// cannot tell, the check says so. `None` when the linker is not a plain xlinkdiag or the
/// rustflags give the flavor.
pub fn flavor_check(ctx: &Ctx) -> Option<Check> {
    if !ctx.linker.real_from_var {
        return None;
    }
    let (flags, _) = rustflags(ctx);
    if codegen_options(&flags)
        .iter()
        .any(|(k, _)| k == "linker-flavor")
    {
        return None;
    }
    let real = ctx.linker.real_name.clone()?;
    let mut c = Check::new("cargo", "linker-flavor");
    let rustc = rustc_in_use();
    let flavor = match rustc_flavor(ctx) {
        Ok(f) => f,
        Err(e) => {
            c.status = Status::Note;
            c.from = format!("the target spec of {} from `{rustc}`", ctx.spec.triple);
            c.message = format!(
                "the linker flavor `{rustc}` uses for {} is unknown ({e}): if it is an lld flavor (`gnu-lld-cc`), rustc adds `-fuse-ld=lld` for the name `xlinkdiag`, which the shim takes off for a gcc or clang",
                ctx.spec.triple
            );
            return Some(c);
        }
    };
    c.value = Some(flavor.clone());
    c.from = format!(
        "the target spec of {} from `{rustc}`: the name `xlinkdiag` tells rustc nothing",
        ctx.spec.triple
    );
    let name = Path::new(&real)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| real.clone());
    if !(flavor.contains("-lld") && flavor.ends_with("-cc")) {
        c.message = format!(
            "`{rustc}` links {} with {flavor}, which adds no lld flags for the name `xlinkdiag`: the link is the one rustc makes with `{real}`",
            ctx.spec.triple
        );
        return Some(c);
    }
    match crate::linker::name::classify(Path::new(&real)).rustc {
        crate::linker::name::NameHint::CDriver => {
            c.message = format!(
                "rustc keeps {flavor} for `xlinkdiag` and adds `-B…/gcc-ld -fuse-ld=lld` (rust-lld); \
                 the shim takes exactly those off, as rustc would not add them for `{name}`: \
                 the link is the one rustc makes with `{real}`"
            );
        }
        crate::linker::name::NameHint::None => {
            c.message = format!(
                "rustc keeps {flavor} for `{name}` too: the link is the one rustc makes with `{real}`"
            );
        }
        crate::linker::name::NameHint::Linker | crate::linker::name::NameHint::Lld => {
            c.fail(
                Status::Warning,
                None,
                format!(
                    "rustc will drive `xlinkdiag` as a C compiler ({flavor}), but `{name}` is named \
                     like a linker, for which rustc writes another command line: the link will not \
                     be the one rustc makes with `{real}`"
                ),
            );
            c.help.push(format!(
                "install the shim under the real linker's name, which keeps rustc's guess: \
                 `xlinkdiag shim install --linker {real} --target {} ~/.local/xlinkdiag-shims`, \
                 then CARGO_TARGET_{}_LINKER=~/.local/xlinkdiag-shims/{name}",
                ctx.spec.triple,
                ctx.spec.upper()
            ));
            c.help.push(
                "or give rustc the flavor: `-C linker-flavor=gnu` (ld) or `gnu-lld` (lld)".into(),
            );
        }
    }
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn codegen_forms() {
        let o = codegen_options(&v(&[
            "-C",
            "linker=a",
            "-Clink-arg=-msoft-float",
            "--codegen=link-args=-EB -nostdlib",
            "-O",
        ]));
        assert_eq!(o[0], ("linker".into(), "a".into()));
        assert_eq!(o[1], ("link-arg".into(), "-msoft-float".into()));
        assert_eq!(o[2].0, "link-args");
        let d = driver_flags(&v(&[
            "-C",
            "link-arg=-msoft-float",
            "-C",
            "link-arg=-nostdlib",
            "-C",
            "link-args=-EB -static",
        ]));
        assert_eq!(d, ["-msoft-float", "-EB"]);
    }

    #[test]
    fn flavor_from_a_target_spec() {
        assert_eq!(
            flavor_of(br#"{"arch": "aarch64", "linker-flavor": "gnu-cc", "os": "linux"}"#)
                .as_deref(),
            Some("gnu-cc")
        );
        assert_eq!(flavor_of(b"{}"), None);
        assert_eq!(flavor_of(b"not json"), None);
    }

    #[test]
    fn links_without_libc() {
        assert_eq!(
            no_libc_link(&v(&["-C", "link-arg=-nostdlib", "-C", "link-arg=-static"])).as_deref(),
            Some("-nostdlib")
        );
        assert_eq!(
            no_libc_link(&v(&["-C", "link-args=-nodefaultlibs -lfoo"])).as_deref(),
            Some("-nodefaultlibs")
        );
        assert_eq!(no_libc_link(&v(&["-C", "link-arg=-static"])), None);
    }
}
