//! Whether an object can go into a link for the expected target, and if not, why.

use crate::artifacts::identity::FoundFloat;
use crate::artifacts::machine::family;
use crate::artifacts::{Format, ObjectId};

use super::expected::Expected;
use super::finding::Kind;

/// `None` when the object fits; otherwise the kind of mismatch and the reason in words.
pub fn compare(found: &ObjectId, exp: &Expected) -> Option<(Kind, String)> {
    if found.format == Format::LlvmBitcode || found.arch == "unknown" && found.machine == 0 {
        return None;
    }
    if found.format != exp.format {
        return Some((
            Kind::WrongArchitecture,
            format!(
                "{} object where the target needs {}",
                found.format.as_str(),
                exp.format.as_str()
            ),
        ));
    }
    if found.format != Format::Wasm && family(&found.arch) != family(&exp.arch) {
        let what = if found.arch == "unknown" {
            format!("machine {}", found.machine)
        } else {
            found.arch.clone()
        };
        return Some((
            Kind::WrongArchitecture,
            format!("built for {what}, the target is {}", exp.arch),
        ));
    }
    if let (Some(f), Some(e)) = (found.bits, exp.bits)
        && f != e
    {
        return Some((
            Kind::WrongArchitecture,
            format!("{f}-bit object, the target is {e}-bit"),
        ));
    }
    if let (Some(f), Some(e)) = (found.endian, exp.endian)
        && f != e
    {
        return Some((
            Kind::WrongArchitecture,
            format!("{f:?}-endian object, the target is {e:?}-endian").to_lowercase(),
        ));
    }
    abi(found, exp).map(|r| (Kind::AbiMismatch, r))
}

fn abi(found: &ObjectId, exp: &Expected) -> Option<String> {
    let a = &found.abi;
    if let (Some(f), Some(e)) = (a.platform, exp.platform)
        && f != e
    {
        return Some(format!("built for {f}, the target is {e}"));
    }
    if let (Some(f), Some(e)) = (a.mips_abi, exp.mips_abi)
        && f != e
    {
        return Some(format!("MIPS {f} ABI, the target uses {e}"));
    }
    if let Some(isa) = a.mips_isa {
        let target_r6 = exp.arch.ends_with("r6");
        if isa.ends_with("r6") != target_r6 {
            let want = if target_r6 {
                "release 6"
            } else {
                "pre-r6 (mips32r2 and older)"
            };
            return Some(format!("MIPS ISA {isa}, the target needs {want}"));
        }
    }
    if let (Some(nan), Some(spec)) = (a.nan2008, exp.spec) {
        let want = spec.arch.ends_with("r6") || spec.features.contains("+nan2008");
        if nan != want {
            let name = |b: bool| if b { "2008" } else { "legacy" };
            return Some(format!(
                "NaN encoding {}, the target uses {}",
                name(nan),
                name(want)
            ));
        }
    }
    if let (Some(f), Some(e)) = (a.float, exp.float) {
        let clash = match (f, e) {
            (FoundFloat::Any, _) => false,
            (FoundFloat::Soft, e) => e != FoundFloat::Soft,
            (_, FoundFloat::Soft) => true,
            (f, e) => f != e && exp.arch.starts_with("riscv"),
        };
        if clash && exp.arch.starts_with("arm") {
            return Some(arm_float_reason(f, e));
        }
        if clash {
            return Some(format!(
                "{} float ABI, the target is {}",
                float_name(f),
                float_name(e)
            ));
        }
    }
    if let (Some(v), Some(spec)) = (a.arm_eabi, exp.spec)
        && spec.abi.starts_with("eabi")
        && v != 5
        && v != 4
    {
        return Some(format!("ARM EABI version {v}, the target needs EABI5"));
    }
    if let (Some(rve), Some(spec)) = (a.rve, exp.spec) {
        let want = spec.llvm_abiname.ends_with('e');
        if rve != want {
            return Some(if rve {
                "RV32E/RV64E object, the target uses the full register set".to_string()
            } else {
                "object uses the full register set, the target is RVE".to_string()
            });
        }
    }
    if let (Some(v), Some(spec)) = (a.ppc64_abi, exp.spec) {
        let want = match spec.llvm_abiname {
            "elfv1" => Some(1),
            "elfv2" => Some(2),
            _ => None,
        };
        if want.is_some_and(|w| w != v) {
            return Some(format!(
                "PowerPC64 ELFv{v} object, the target uses ELFv{}",
                want.unwrap_or(0)
            ));
        }
    }
    None
}

/// ARM's float ABI said the way GNU ld means it (`uses VFP register arguments`): the
/// calling convention (Tag_ABI_VFP_args), not whether the code uses an FPU.
fn arm_float_reason(found: FoundFloat, exp: FoundFloat) -> String {
    let name = |f: FoundFloat| match f {
        FoundFloat::Soft => "soft-float (core register arguments)",
        _ => "hard-float (VFP register arguments)",
    };
    let target = |f: FoundFloat| match f {
        FoundFloat::Soft => "soft-float",
        _ => "hard-float",
    };
    format!("{} objects in a {} target", name(found), target(exp))
}

pub fn float_name(f: FoundFloat) -> &'static str {
    match f {
        FoundFloat::Soft => "soft",
        FoundFloat::Hard => "hard",
        FoundFloat::Single => "single-precision hard",
        FoundFloat::Quad => "quad-precision hard",
        FoundFloat::Any => "any",
    }
}
