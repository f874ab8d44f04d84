//! What every check needs: the target, the host, the merged settings, a scratch dir for
//! probes, and the fix doctor has verified (computed once, on first need).

use std::cell::OnceCell;
use std::path::PathBuf;

use crate::diagnose::Kind;
use crate::target::TargetSpec;
use crate::target::gnu::triple as gnu_triple;

use super::model::{Check, Status, Usage};
use super::settings::Settings;
use crate::diagnose::fit::{self, Verdict};
use crate::toolchain::ccrs;
use crate::toolchain::probe::{self, Scratch};

/// The linker as cargo will pass it, and the program that really links.
#[derive(Clone, Debug, Default)]
pub struct LinkerFacts {
    /// `[target.<t>] linker` / `CARGO_TARGET_<T>_LINKER`: cargo hands this to build scripts
    /// as `RUSTC_LINKER`, where cc-rs takes its tool prefix from.
    pub configured: Option<String>,
    /// The real linker (behind xlinkdiag when xlinkdiag is the linker), as named and as
    /// found in PATH.
    pub real_name: Option<String>,
    pub real: Option<PathBuf>,
    /// True when cargo's linker is a plain `xlinkdiag` and `XLINKDIAG_LINKER` names the real
    /// one: rustc then sees the name `xlinkdiag`, and a fix for the linker changes the variable.
    pub real_from_var: bool,
}

pub struct Ctx<'a> {
    pub spec: &'static TargetSpec,
    pub host: Option<&'static TargetSpec>,
    pub host_triple: String,
    pub cross: bool,
    pub settings: &'a Settings,
    pub scratch: &'a Scratch,
    pub usage: &'a Usage,
    pub linker: LinkerFacts,
    suggestion: OnceCell<Option<Suggestion>>,
}

/// A cross toolchain doctor found and, when `verified`, compiled the probe with.
#[derive(Clone, Debug)]
pub struct Suggestion {
    pub cc: String,
    pub cflag: Option<&'static str>,
    pub ar: String,
    pub cxx: Option<String>,
    pub verified: bool,
    /// Where the prefix came from, in words.
    pub from: String,
    /// The probe object it made, for testing archivers.
    pub object: Option<PathBuf>,
}

impl<'a> Ctx<'a> {
    pub fn new(
        spec: &'static TargetSpec,
        host_triple: String,
        settings: &'a Settings,
        scratch: &'a Scratch,
        usage: &'a Usage,
    ) -> Ctx<'a> {
        Ctx {
            spec,
            host: crate::target::lookup(&host_triple),
            cross: host_triple != spec.triple,
            host_triple,
            settings,
            scratch,
            usage,
            linker: LinkerFacts::default(),
            suggestion: OnceCell::new(),
        }
    }

    /// `CC_mips_unknown_linux_musl`: the per-target name cc-rs reads.
    pub fn target_var(&self, var: &str) -> String {
        format!("{var}_{}", self.spec.underscored())
    }

    pub fn suggestion(&self) -> Option<&Suggestion> {
        self.suggestion
            .get_or_init(|| self.find_suggestion())
            .as_ref()
    }

    /// Cross prefixes to try, most specific first: the real linker's own, CROSS_COMPILE,
    /// cc-rs's table, the GNU name, and for musl targets the glibc toolchain of the same
    /// machine (C without libc calls links either way).
    fn candidates(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut push = |p: String, from: String| {
            if !p.is_empty() && !out.iter().any(|(q, _)| *q == p) {
                out.push((p, from));
            }
        };
        if let Some(s) = &self.linker.real_name {
            for suffix in ["gcc", "cc"] {
                if let Some(p) = s.strip_suffix(suffix).filter(|p| p.ends_with('-')) {
                    push(p.to_string(), format!("the linker {s}"));
                }
            }
        }
        if let Some(v) = self.settings.get("CROSS_COMPILE") {
            push(
                format!("{}-", v.value.trim_end_matches('-')),
                "CROSS_COMPILE".into(),
            );
        }
        if let Some(p) = ccrs::table_prefix(self.spec.triple) {
            push(format!("{p}-"), "cc-rs's table".into());
        }
        let gnu = gnu_triple(self.spec);
        push(format!("{gnu}-"), "the GNU name of the target".into());
        if self.spec.env == "musl" {
            push(
                format!("{}-", gnu.replace("-musl", "-gnu")),
                "the glibc toolchain of the same machine".into(),
            );
        }
        out
    }

    fn find_suggestion(&self) -> Option<Suggestion> {
        let candidates = self.candidates();
        let flags = ccrs::target_flags(self.spec, false);
        for (i, (prefix, from)) in candidates.iter().enumerate() {
            let cc = format!("{prefix}gcc");
            let Some(path) = probe::which(&cc) else {
                continue;
            };
            let name = format!("suggest-{i}");
            let (cflag, object) = match fit::check(&path, &flags, self.spec, self.scratch, &name) {
                Verdict::Fits(c) => (None, c.path),
                Verdict::Mismatch {
                    kind: Kind::AbiMismatch,
                    ..
                } => {
                    let Some(flag) = fit::float_flag(self.spec) else {
                        continue;
                    };
                    let mut with = flags.clone();
                    with.push(flag.to_string());
                    match fit::check(&path, &with, self.spec, self.scratch, &format!("{name}-f")) {
                        Verdict::Fits(c) => (Some(flag), c.path),
                        _ => continue,
                    }
                }
                _ => continue,
            };
            return Some(self.suggest(prefix, from, cflag, true, Some(object)));
        }
        let (prefix, from) = candidates.first()?;
        Some(self.suggest(prefix, from, None, false, None))
    }

    fn suggest(
        &self,
        prefix: &str,
        from: &str,
        cflag: Option<&'static str>,
        verified: bool,
        object: Option<PathBuf>,
    ) -> Suggestion {
        let ar = [format!("{prefix}ar"), format!("{prefix}gcc-ar")]
            .into_iter()
            .find(|a| probe::which(a).is_some())
            .unwrap_or_else(|| format!("{prefix}ar"));
        let cxx = Some(format!("{prefix}g++")).filter(|c| probe::which(c).is_some());
        Suggestion {
            cc: format!("{prefix}gcc"),
            cflag,
            ar,
            cxx,
            verified,
            from: from.to_string(),
            object,
        }
    }

    /// Adds the target-compiler fix to a check: the verified toolchain as CC_/AR_/CFLAGS_.
    pub fn add_compiler_fix(&self, c: &mut Check) {
        let Some(s) = self.suggestion() else {
            c.help.push(format!(
                "install a C cross compiler for {} and name it in {}",
                self.spec.triple,
                self.target_var("CC")
            ));
            return;
        };
        c.env.insert(self.target_var("CC"), s.cc.clone());
        c.env.insert(self.target_var("AR"), s.ar.clone());
        if let Some(f) = s.cflag {
            c.env.insert(self.target_var("CFLAGS"), f.to_string());
        }
        if s.verified {
            let flag = s.cflag.map(|f| format!(" {f}")).unwrap_or_default();
            c.notes.push(format!(
                "checked: {}{flag} makes objects {} can link (prefix from {})",
                s.cc, self.spec.triple, s.from
            ));
        } else {
            c.notes.push(format!(
                "{} was not found here; it is the usual name (from {}): use your toolchain's",
                s.cc, s.from
            ));
        }
    }

    /// Records a probe of a target tool on `c`: missing program, `-dumpmachine`, and the
    /// probe object's verdict. Returns the verdict when there was a program to run.
    pub fn examine(
        &self,
        c: &mut Check,
        program: &str,
        flags: &[String],
        spec: &'static TargetSpec,
        missing: Kind,
    ) -> Option<Verdict> {
        c.flags = flags.to_vec();
        let Some(path) = probe::which(program) else {
            c.fail(
                Status::Warning,
                Some(missing),
                format!("`{program}` is not installed or not in PATH: the build will stop there"),
            );
            return None;
        };
        c.path = Some(path.display().to_string());
        if let Some(m) = probe::dumpmachine(&path, &[], probe::PROBE_LIMIT) {
            // Only worth saying for a compiler of the right machine.
            if fit::dumpmachine_mismatch(&m, spec).is_none()
                && let Some(w) = fit::libc_mismatch(&m, spec)
            {
                c.notes.push(w);
            }
            c.dumpmachine = Some(m);
        }
        let name = format!("{}-{}", c.system, c.tool);
        let verdict = fit::check(&path, flags, spec, self.scratch, &name);
        match &verdict {
            Verdict::Fits(done) => {
                c.object = Some(done.object.clone());
                c.message = format!(
                    "`{program}` makes {} objects, as {} needs",
                    fit::describe(&done.object),
                    spec.triple
                );
            }
            Verdict::Mismatch { compiled, .. } => c.object = Some(compiled.object.clone()),
            Verdict::NoObject(e) => c.notes.push(format!("the probe compile failed: {e}")),
        }
        Some(verdict)
    }
}
