//! What every check needs: the target, the host, the merged settings, the run's verifier
//! (its probes, memoized, within one budget), dpkg's records for the packages to name, and
//! the fix doctor has verified (computed once, on first need).

use std::cell::OnceCell;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnose::Kind;
use crate::target::TargetSpec;
use crate::target::gnu::triple as gnu_triple;

use super::model::{Check, Status, Usage};
use super::settings::Settings;
use crate::diagnose::fit::{self, Verdict};
use crate::toolchain::ccrs;
use crate::toolchain::packages::{Advice, Dpkg};
use crate::toolchain::probe;
use crate::toolchain::verify::{CompilerCheck, Failure, Lang, Step, Verifier};

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
    pub verify: &'a Verifier,
    pub dpkg: Dpkg,
    pub usage: &'a Usage,
    pub linker: LinkerFacts,
    /// The final link passes `-nostdlib`/`-nodefaultlibs` (rustflags): the project links
    /// no C library, so a compiler without one is a warning, not an error.
    pub links_no_libc: Option<String>,
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
        verify: &'a Verifier,
        usage: &'a Usage,
    ) -> Ctx<'a> {
        Ctx {
            spec,
            host: crate::target::lookup(&host_triple),
            cross: host_triple != spec.triple,
            host_triple,
            settings,
            verify,
            dpkg: Dpkg::system(),
            usage,
            linker: LinkerFacts::default(),
            links_no_libc: None,
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
        for (prefix, from) in &candidates {
            let cc = format!("{prefix}gcc");
            if probe::which(&cc).is_none() {
                continue;
            }
            let (cflag, object) = match fit::check(self.verify, &cc, &flags, self.spec) {
                Verdict::Fits(c) => (None, c),
                Verdict::Mismatch {
                    kind: Kind::AbiMismatch,
                    ..
                } => {
                    let Some(flag) = fit::float_flag(self.spec) else {
                        continue;
                    };
                    let mut with = flags.clone();
                    with.push(flag.to_string());
                    match fit::check(self.verify, &cc, &with, self.spec) {
                        Verdict::Fits(c) => (Some(flag), c),
                        _ => continue,
                    }
                }
                _ => continue,
            };
            return Some(self.suggest(prefix, from, cflag, true, Some(object.path)));
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
        // The archiver that exists for the driver (its prefix's, else the driver's own answer
        // to `-print-prog-name=ar`); the usual name only when neither is here.
        let ar = self
            .verify
            .archiver(&format!("{prefix}gcc"))
            .map(|a| a.name)
            .unwrap_or_else(|_| format!("{prefix}ar"));
        // The C++ driver of the same prefix, else of another candidate: behind the shim the
        // real gcc is pinned alone (`.xlinkdiag-real/`), its g++ is under the GNU name.
        let cxx = std::iter::once(prefix.to_string())
            .chain(self.candidates().into_iter().map(|(p, _)| p))
            .map(|p| format!("{p}g++"))
            .find(|c| probe::which(c).is_some());
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
            let mut flags = ccrs::target_flags(self.spec, false);
            flags.extend(s.cflag.map(str::to_string));
            let check = self.verify.compiler(Lang::C, &s.cc, &flags, self.spec);
            if let Some(f) = check.failure.as_ref().filter(|f| f.is_libc()) {
                c.notes.push(format!(
                    "but {} cannot build C that uses the C library: {}",
                    s.cc,
                    f.describe()
                ));
                c.help.push(self.libc_advice(&check, f).text());
            }
        } else {
            c.notes.push(format!(
                "{} was not found here; it is the usual name (from {}): use your toolchain's",
                s.cc, s.from
            ));
        }
    }

    /// Records a probe of a target tool on `c`: missing program, `-dumpmachine`, and the
    /// probe object's verdict. Returns the verdict and the whole check (C library included)
    /// when there was a program to run.
    pub fn examine(
        &self,
        c: &mut Check,
        lang: Lang,
        program: &str,
        flags: &[String],
        spec: &'static TargetSpec,
        missing: Kind,
    ) -> Option<(Verdict, Arc<CompilerCheck>)> {
        c.flags = flags.to_vec();
        let check = self.verify.compiler(lang, program, flags, spec);
        let Some(path) = &check.path else {
            c.fail(
                Status::Warning,
                Some(missing),
                format!("`{program}` is not installed or not in PATH: the build will stop there"),
            );
            return None;
        };
        c.path = Some(path.display().to_string());
        if let Some(Failure::Time(e)) = check.failure.as_ref().filter(|_| check.compiled.is_none())
        {
            // Never a pass, never "unknown": an error naming the tool and its time.
            c.fail(Status::Error, None, format!("not checked: {e}"));
            return None;
        }
        if let Some(m) = &check.dumpmachine {
            // Only worth saying for a compiler of the right machine.
            if fit::dumpmachine_mismatch(m, spec).is_none()
                && let Some(w) = fit::libc_mismatch(m, spec)
            {
                c.notes.push(w);
            }
            c.dumpmachine = Some(m.clone());
        }
        let verdict = fit::verdict(&check, spec);
        match &verdict {
            Verdict::Fits(done) => {
                c.object = Some(done.object.clone());
                c.message = format!(
                    "`{program}` makes {} objects, as {} needs",
                    fit::describe(&done.object),
                    spec.triple
                );
                if check.works() && check.libc_checked {
                    c.message
                        .push_str(", and compiles and links against its C library");
                }
            }
            Verdict::Mismatch { compiled, .. } => c.object = Some(compiled.object.clone()),
            Verdict::NoObject(e) => c
                .notes
                .push(format!("the probe compile failed: {}", e.describe())),
        }
        Some((verdict, check))
    }

    /// A compiler whose objects fit but that cannot compile or link against the target's
    /// C library: an error naming what is missing and what provides it (a warning when the
    /// project links no C library). Nothing when the check passed or failed earlier.
    ///
    /// `links` is false for a compiler that only compiles (cc-rs's, CMake's): a link that
    /// fails for another reason than the C library is then the linker's business, and a
    /// note.
    pub fn libc(&self, c: &mut Check, check: &CompilerCheck, role: &str, links: bool) {
        let Some(f) = check.failure.as_ref().filter(|_| check.libc_checked) else {
            return;
        };
        if let (
            false,
            Failure::Failed {
                step: Step::Link,
                line,
            },
        ) = (links, f)
        {
            c.notes.push(format!(
                "linking a test program with it failed ({line}); cc-rs only compiles, and the final link is the linker's"
            ));
            return;
        }
        if let Failure::Time(e) = f {
            c.fail(
                Status::Error,
                None,
                format!(
                    "{role} `{}`: its C library was not checked: {e}",
                    check.program
                ),
            );
            return;
        }
        let lib = if check.lang == Lang::Cxx { "C++" } else { "C" };
        let status = if self.links_no_libc.is_some() {
            Status::Warning
        } else {
            Status::Error
        };
        // A missing C library is its own cause (no compiler setting fixes it); a refused
        // flag is the compiler's.
        let kind = match f {
            Failure::FlagRefused { .. } => Some(Kind::WrongCompiler),
            f if f.is_libc() => Some(Kind::TargetLibcMissing),
            _ => None,
        };
        c.fail(
            status,
            kind,
            format!(
                "{role} `{}` makes {} objects but cannot build {lib} that uses the {lib} library: {}",
                check.program,
                self.spec.triple,
                f.describe()
            ),
        );
        if let Failure::HeadersMissing { line, .. }
        | Failure::LibcMissing { line, .. }
        | Failure::FlagRefused { line, .. }
        | Failure::Failed { line, .. } = f
        {
            c.notes.push(format!("the compiler said: {line}"));
        }
        if let Some(why) = &self.links_no_libc {
            c.notes.push(format!(
                "the final link is {why}: a project that links no C library may not need one, but C that includes the C library's headers will not compile"
            ));
        }
        if f.is_libc() {
            c.help.push(self.libc_advice(check, f).text());
        }
    }

    /// The package (or words) that gives `check`'s compiler the library it lacks.
    pub fn libc_advice(&self, check: &CompilerCheck, f: &Failure) -> Advice {
        let missing = match f {
            Failure::HeadersMissing { header, .. } => header.as_str(),
            Failure::LibcMissing { file, .. } => file.as_str(),
            _ => "",
        };
        let cxx = check.lang == Lang::Cxx
            && (matches!(missing, "-lstdc++" | "-lc++")
                || !missing.ends_with(".h") && !missing.ends_with(".o") && missing != "-lc");
        let layout = self.verify.libc_layout(&check.program, &check.flags);
        let major = if cxx {
            check.path.as_ref().and_then(|p| {
                let out = self
                    .verify
                    .budget()
                    .query(p, &[], "-dumpversion", probe::QUERY_LIMIT)
                    .ok()
                    .flatten()?;
                let v = String::from_utf8_lossy(&out);
                v.trim().split('.').next().map(str::to_string)
            })
        } else {
            None
        };
        self.dpkg.libc_advice(
            &layout,
            self.host,
            self.spec,
            missing,
            cxx,
            major.as_deref(),
        )
    }
}
