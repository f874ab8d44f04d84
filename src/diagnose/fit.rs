//! Does a compiler, with given flags, make objects the target can link? The probe object
//! goes through the same `compare` as `scan` uses, so doctor and scan agree on what is
//! wrong. Shared with `env`, which uses it to pick the flag a toolchain needs.

use crate::artifacts::ObjectId;
use crate::diagnose::Kind;
use crate::diagnose::compare::compare;
use crate::diagnose::expected::Expected;
use crate::target::{Endian, TargetSpec};

use crate::toolchain::verify::{Compiled, CompilerCheck, Failure, Lang, Verifier};

pub enum Verdict {
    Fits(Compiled),
    Mismatch {
        compiled: Compiled,
        kind: Kind,
        reason: String,
    },
    /// No object to judge; the failure says why (not found, timed out, a refused flag…).
    NoObject(Failure),
}

pub fn expected(spec: &'static TargetSpec) -> Expected {
    Expected::from_spec(spec, format!("the target {}", spec.triple))
}

/// What the probe object of a compiler check says against the target, machine and ABI
/// alike (`compare`, as `scan` judges objects). Whether the compiler also compiled and
/// linked against the C library is the check's own `failure`.
pub fn verdict(check: &CompilerCheck, spec: &'static TargetSpec) -> Verdict {
    match &check.compiled {
        None => Verdict::NoObject(check.failure.clone().unwrap_or(Failure::Failed {
            step: crate::toolchain::verify::Step::Compile,
            line: "no object".into(),
        })),
        Some(compiled) => match compare(&compiled.object, &expected(spec)) {
            None => Verdict::Fits(compiled.clone()),
            Some((kind, reason)) => Verdict::Mismatch {
                compiled: compiled.clone(),
                kind,
                reason,
            },
        },
    }
}

/// Checks the C compiler `cc flags` for the target (once per run, see `Verifier`) and
/// judges its object.
pub fn check(v: &Verifier, cc: &str, flags: &[String], spec: &'static TargetSpec) -> Verdict {
    verdict(&v.compiler(Lang::C, cc, flags, spec), spec)
}

pub use crate::diagnose::fix::float_flag;

/// For an ABI mismatch: whether adding the target's float flag makes the compiler's
/// objects fit (whether its C library also has that ABI is the check's own answer).
pub fn flag_that_fixes(
    v: &Verifier,
    cc: &str,
    flags: &[String],
    spec: &'static TargetSpec,
) -> Option<&'static str> {
    let flag = float_flag(spec)?;
    if flags.iter().any(|f| f == flag) {
        return None;
    }
    let mut with = flags.to_vec();
    with.push(flag.to_string());
    matches!(check(v, cc, &with, spec), Verdict::Fits(_)).then_some(flag)
}

/// `mips (ELF 32-bit big-endian), soft float, mips32r2`.
pub fn describe(id: &ObjectId) -> String {
    let mut s = id.describe();
    if let Some(f) = id.abi.float {
        s.push_str(&format!(
            ", {} float",
            crate::diagnose::compare::float_name(f)
        ));
    }
    if let Some(isa) = id.abi.mips_isa {
        s.push_str(&format!(", {isa}"));
    }
    s
}

/// Whether a `-dumpmachine` triple is for another machine than the target, in words.
pub fn dumpmachine_mismatch(machine: &str, spec: &TargetSpec) -> Option<String> {
    let (arch, endian) = crate::target::gnu::arch(machine)?;
    let want = crate::artifacts::machine::family(spec.arch);
    if arch != want || endian != spec.endian {
        return Some(format!(
            "{machine} is {arch} {}-endian, the target is {want} {}-endian",
            endian_word(endian),
            endian_word(spec.endian)
        ));
    }
    None
}

fn endian_word(e: Endian) -> &'static str {
    match e {
        Endian::Little => "little",
        Endian::Big => "big",
    }
}

/// `-dumpmachine` names glibc for a musl target (or the reverse): the compiler's headers
/// and libc are the other one's.
pub fn libc_mismatch(machine: &str, spec: &TargetSpec) -> Option<String> {
    if spec.os != "linux" {
        return None;
    }
    let m_musl = machine.contains("musl");
    let m_gnu = machine.contains("-gnu");
    let t_musl = spec.env == "musl";
    let t_gnu = spec.env == "gnu";
    if (t_musl && m_gnu) || (t_gnu && m_musl) {
        let (has, want) = if t_musl {
            ("glibc", "musl")
        } else {
            ("musl", "glibc")
        };
        return Some(format!(
            "{machine} is a {has} toolchain and the target uses {want}: C code that calls libc may not link (libc-mismatch)"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::lookup;

    #[test]
    fn dumpmachine_reading() {
        let mips = lookup("mips-unknown-linux-musl").unwrap();
        assert!(dumpmachine_mismatch("x86_64-linux-gnu", mips).is_some());
        assert!(dumpmachine_mismatch("mipsel-linux-gnu", mips).is_some());
        assert!(dumpmachine_mismatch("mips-openwrt-linux-musl", mips).is_none());
        assert!(libc_mismatch("mips-linux-gnu", mips).is_some());
        assert!(libc_mismatch("mips-openwrt-linux-musl", mips).is_none());
        let a7 = lookup("armv7-unknown-linux-musleabihf").unwrap();
        assert!(dumpmachine_mismatch("arm-openwrt-linux-muslgnueabi", a7).is_none());
    }

    #[test]
    fn float_flags() {
        assert_eq!(
            float_flag(lookup("mips-unknown-linux-musl").unwrap()),
            Some("-msoft-float")
        );
        assert_eq!(
            float_flag(lookup("armv7-unknown-linux-gnueabihf").unwrap()),
            Some("-mfloat-abi=hard")
        );
        assert_eq!(
            float_flag(lookup("x86_64-unknown-linux-gnu").unwrap()),
            None
        );
    }
}
