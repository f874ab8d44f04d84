//! Building findings from what a log says, when no object could be read: the pieces the
//! log-only diagnoses share.

use std::path::PathBuf;

use crate::artifacts::{FileType, Format, ObjectId};
use crate::cargo::config::ConfiguredLinker;
use crate::diagnose::expected::Expected;
use crate::diagnose::finding::{ExpectedDesc, Provenance};
use crate::diagnose::fix::{self, CrossPrefix, Fix};
use crate::diagnose::{Finding, Kind};
use crate::target::{Endian, TargetSpec};

/// Where the expected target came from, in log-only findings.
pub const TARGET_FROM_LOG: &str = "the target named in the log (its `<triple>/` paths, --target)";

/// Said in every log-only finding, so a reader knows how sure it is.
pub const LOG_ONLY: &str =
    "from the log alone (the files were not there to inspect; pass --target-dir to read them)";

pub fn expected(spec: Option<&'static TargetSpec>) -> ExpectedDesc {
    match spec {
        Some(s) => Expected::from_spec(s, TARGET_FROM_LOG.into()).desc(),
        None => ExpectedDesc {
            arch: "unknown".into(),
            format: Format::Elf,
            bits: None,
            endian: None,
            float: None,
            abi: None,
            from: "no target is named in the log".into(),
        },
    }
}

/// What the linker's words say about an object: its machine, when they name one.
pub fn object(format: Format, arch: Option<&str>, machine: u32) -> ObjectId {
    let (bits, endian) = match arch {
        Some("x86_64" | "aarch64" | "riscv64" | "loongarch64") => (Some(64), Some(Endian::Little)),
        Some("x86") => (Some(32), Some(Endian::Little)),
        Some("powerpc64" | "s390x" | "sparc64") => (Some(64), Some(Endian::Big)),
        _ => (None, None),
    };
    ObjectId {
        format,
        arch: arch.unwrap_or("unknown").to_string(),
        machine,
        bits,
        endian,
        file_type: FileType::Relocatable,
        abi: Default::default(),
        damage: None,
    }
}

/// The cross tools to name in a fix: the failed link's own toolchain when its linker is a
/// cross driver (`mips-openwrt-linux-gcc`), else the GNU name for the target.
pub fn prefix(spec: &TargetSpec, linker: Option<&str>) -> CrossPrefix {
    let configured = linker.map(|l| match installed_shim(l) {
        // The shim installed under the real linker's name sits in a dir of its own: the
        // cross tools are next to the linker it wraps, not next to the shim.
        Some(real) => ConfiguredLinker {
            linker: real.to_string_lossy().into_owned(),
            source: format!("the real linker behind the shim {l} in the log"),
        },
        None => ConfiguredLinker {
            linker: l.to_string(),
            source: "the linker of the failed link in the log".into(),
        },
    });
    fix::cross_prefix(spec, configured.as_ref())
}

/// The real linker behind `linker` when the log's linker is a shim `shim install` made
/// here (its pin is still on this machine).
fn installed_shim(linker: &str) -> Option<std::path::PathBuf> {
    let path = std::path::Path::new(linker);
    crate::shim_setup::pinned_real(path.parent()?, path.file_name()?)
}

pub struct Parts {
    pub kind: Kind,
    pub path: PathBuf,
    pub members: Vec<String>,
    pub found: ObjectId,
    pub spec: Option<&'static TargetSpec>,
    pub crate_name: Option<String>,
    pub package: Option<String>,
    pub build_system: Option<&'static str>,
    pub fix: Fix,
    pub message: String,
    pub notes: Vec<String>,
    pub symbols: Vec<String>,
}

pub fn finding(mut p: Parts) -> Finding {
    p.notes.extend(absent_paths(&p.fix));
    // A path read from a log is the linker's (or cargo's) words, unless it is here.
    let path_source = (!p.path.as_os_str().is_empty() && !p.path.is_file())
        .then_some(crate::diagnose::finding::PathSource::Linker);
    let mut f = Finding::new(p.kind, p.path, p.found, expected(p.spec), p.message);
    f.member = p.members.first().cloned();
    f.crate_name = p.crate_name;
    f.package = p.package;
    f.members = p.members;
    f.provenance = Provenance {
        build_system: p.build_system.map(str::to_string),
        ..Default::default()
    };
    f.notes = p.notes;
    f.set_fix(p.fix);
    f.symbols = p.symbols;
    f.path_source = path_source;
    f
}

/// A fix from a log names the log machine's paths (its toolchain, its sysroot) or the
/// usual layout: a path that is not on this machine is said to be one.
fn absent_paths(fix: &Fix) -> Vec<String> {
    let mut absent: Vec<&str> = fix
        .env
        .values()
        .flat_map(|v| v.split([' ', ':']))
        .filter(|p| p.starts_with('/') && !std::path::Path::new(p).exists())
        .collect();
    absent.dedup();
    if absent.is_empty() {
        return Vec::new();
    }
    vec![format!(
        "not on this machine: {} (named after the log's toolchain or the usual layout; put your own paths there)",
        absent.join(", ")
    )]
}

/// No setting to name, only words.
pub fn advice(help: Vec<String>) -> Fix {
    Fix {
        help,
        ..Fix::default()
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::shim_setup::PIN_DIR;

    /// A log whose linker is a shim `shim install` made: the fix names the tools next to
    /// the real linker, not next to the shim.
    #[test]
    fn the_prefix_of_an_installed_shim_is_its_real_linker() {
        let dir = std::env::temp_dir().join(format!("xlinkdiag-make-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join(PIN_DIR)).unwrap();
        std::os::unix::fs::symlink(
            "/opt/sdk/bin/aarch64-linux-gnu-gcc",
            dir.join(PIN_DIR).join("aarch64-linux-gnu-gcc"),
        )
        .unwrap();
        let spec = crate::target::lookup("aarch64-unknown-linux-gnu").unwrap();
        let shim = dir.join("aarch64-linux-gnu-gcc");
        let p = prefix(spec, Some(shim.to_str().unwrap()));
        assert_eq!(p.tool("gcc"), "/opt/sdk/bin/aarch64-linux-gnu-gcc");
        assert!(p.from.contains("behind the shim"), "{}", p.from);
        // Without a pin, the log's linker is the real one.
        let plain = dir.join("elsewhere/aarch64-linux-gnu-gcc");
        let p = prefix(spec, Some(plain.to_str().unwrap()));
        assert!(
            p.tool("gcc").starts_with(dir.to_str().unwrap()),
            "{}",
            p.tool("gcc")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// What gives a compiler its target's C library, in words (the package is `fix`'s and
/// `doctor`'s to name, from this machine's package manager).
pub fn libc_help(target: &str, compiler: Option<&str>) -> String {
    let who = compiler.map_or("the target's compiler".to_string(), |c| format!("`{c}`"));
    format!(
        "install the C library for {target} where {who} looks: Debian's cross gcc takes libc6-dev-<arch>-cross, a multiarch setup libc6-dev:<arch>, a toolchain with its own sysroot that sysroot's libc; no compiler setting fixes it"
    )
}
