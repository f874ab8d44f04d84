//! What the objects of a link must look like, and how we know.

use crate::artifacts::identity::FoundFloat;
use crate::artifacts::{Format, ObjectId};
use crate::target::{Endian, FloatAbi, TargetSpec};

use super::finding::ExpectedDesc;

#[derive(Clone, Debug)]
pub struct Expected {
    pub spec: Option<&'static TargetSpec>,
    pub format: Format,
    pub arch: String,
    pub bits: Option<u8>,
    pub endian: Option<Endian>,
    pub float: Option<FoundFloat>,
    /// MIPS o32/n32/n64.
    pub mips_abi: Option<&'static str>,
    /// Apple platform (macos, ios-simulator, …).
    pub platform: Option<&'static str>,
    /// How this was worked out, in words.
    pub from: String,
}

impl Expected {
    pub fn from_spec(spec: &'static TargetSpec, from: String) -> Expected {
        let elf_like = matches!(spec.format, crate::target::BinaryFormat::Elf);
        let float = match spec.float_abi {
            FloatAbi::Soft => Some(FoundFloat::Soft),
            FloatAbi::Hard => Some(match spec.llvm_abiname {
                "ilp32f" | "lp64f" => FoundFloat::Single,
                _ => FoundFloat::Hard,
            }),
            // MIPS Linux targets that say nothing are hard-float, like the C toolchains.
            FloatAbi::Unspecified if spec.arch.starts_with("mips") && spec.os == "linux" => {
                Some(FoundFloat::Hard)
            }
            FloatAbi::Unspecified => None,
        };
        let mips_abi = spec.arch.starts_with("mips").then_some({
            match spec.llvm_abiname {
                "n32" => "n32",
                "n64" => "n64",
                "o32" => "o32",
                _ if spec.pointer_width == 64 => "n64",
                _ => "o32",
            }
        });
        Expected {
            spec: Some(spec),
            format: Format::from_target(spec.format),
            arch: spec.arch.to_string(),
            // ELF has no 16-bit class: avr and msp430 objects are ELF32.
            bits: Some(if elf_like {
                spec.pointer_width.max(32)
            } else {
                spec.pointer_width
            }),
            endian: Some(spec.endian),
            float,
            mips_abi,
            platform: crate::artifacts::formats::target_platform(spec.os, spec.abi)
                .filter(|_| spec.format == crate::target::BinaryFormat::MachO),
            from,
        }
    }

    /// When no target is known, rustc's own objects say what the target is.
    pub fn from_object(id: &ObjectId, from: String) -> Expected {
        Expected {
            spec: None,
            format: id.format,
            arch: id.arch.clone(),
            bits: id.bits,
            endian: id.endian,
            float: id.abi.float.filter(|f| *f != FoundFloat::Any),
            mips_abi: id.abi.mips_abi,
            platform: id.abi.platform,
            from,
        }
    }

    pub fn triple(&self) -> Option<&'static str> {
        self.spec.map(|s| s.triple)
    }

    pub fn desc(&self) -> ExpectedDesc {
        ExpectedDesc {
            arch: self.arch.clone(),
            format: self.format,
            bits: self.bits,
            endian: self.endian,
            float: self.float,
            abi: self.mips_abi.or(self.platform).map(str::to_string),
            from: self.from.clone(),
        }
    }

    pub fn describe(&self) -> String {
        crate::artifacts::identity::describe(&self.arch, self.format, self.bits, self.endian)
    }
}
