//! The build machine as the diagnosis sees it: every question the engine (`diagnose`) has
//! for the machine it runs on goes through [`Machine`], answered here by the real machine
//! ([`Live`]) and in tests by a table. So the engine reads no environment variable and runs
//! no program itself: the command that calls it decides what the machine is.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::cargo::config::{self, ConfiguredLinker};
use crate::target::TargetSpec;

pub trait Machine: Sync {
    /// `<driver> <flags> -dumpmachine`: the triple a gcc or clang driver compiles for;
    /// `Err(waited)` when it did not answer in time and was killed (a hung driver is said,
    /// not passed over).
    fn dumpmachine(&self, driver: &Path, flags: &[OsString]) -> Result<Option<String>, Duration>;
    /// `<driver> <flags> -print-sysroot`: the driver's sysroot, when it has one.
    fn print_sysroot(&self, driver: &Path, flags: &[OsString]) -> Option<String>;
    /// The linker cargo is configured with for `spec` (the environment's
    /// `CARGO_TARGET_<T>_LINKER`, else `[target.<t>] linker` in the cargo config above
    /// `dirs`), the real one when that is a plain `xlinkdiag`.
    fn configured_linker(&self, spec: &TargetSpec, dirs: &[&Path]) -> Option<ConfiguredLinker>;
    /// The target `XLINKDIAG_TARGET` names for a link that does not say its own.
    fn target_override(&self) -> Option<&'static TargetSpec>;
    /// What gives `driver` (with `flags`) the C library of `spec` it lacks (`missing`: the
    /// file it stopped at, `crti.o`, `-lc`), as one help line: the package to install where
    /// dpkg can tell, else what the toolchain's sysroot needs. `None`: nothing to say.
    fn libc_advice(
        &self,
        _driver: &Path,
        _flags: &[String],
        _spec: &'static TargetSpec,
        _missing: &str,
    ) -> Option<String> {
        None
    }
    /// `lib<name>` for `spec`'s machine where the target's linker looks by itself (Debian's
    /// cross ld: `/lib/<gnu>`, `/usr/lib/<gnu>`, `/usr/<gnu>/lib`): when a build script's
    /// `-L` gives the host's copy first, ld passes over it as incompatible and links this
    /// one. `None`: not there.
    fn target_library(&self, _spec: &'static TargetSpec, _name: &str) -> Option<PathBuf> {
        None
    }
}

/// The machine xlinkdiag runs on: its environment, its cargo config, its toolchain programs
/// (asked through `probe`, with its deadline).
pub struct Live;

impl Machine for Live {
    fn dumpmachine(&self, driver: &Path, flags: &[OsString]) -> Result<Option<String>, Duration> {
        super::probe::dumpmachine_timed(driver, flags, super::probe::QUERY_LIMIT)
    }

    fn print_sysroot(&self, driver: &Path, flags: &[OsString]) -> Option<String> {
        super::probe::print_sysroot(driver, flags, super::probe::QUERY_LIMIT)
    }

    fn configured_linker(&self, spec: &TargetSpec, dirs: &[&Path]) -> Option<ConfiguredLinker> {
        config::configured_linker(spec, dirs)
    }

    fn target_override(&self) -> Option<&'static TargetSpec> {
        crate::target::lookup(&crate::env::var("XLINKDIAG_TARGET")?)
    }

    fn libc_advice(
        &self,
        driver: &Path,
        flags: &[String],
        spec: &'static TargetSpec,
        missing: &str,
    ) -> Option<String> {
        // The driver's layout (its sysroot, Debian's gcc-cross or multiarch) from three
        // queries, within the shim engine's own time budget.
        let budget = super::probe::Budget::new(std::time::Duration::from_millis(1500));
        let verify = super::verify::Verifier::new(budget).ok()?;
        let layout = verify.libc_layout(&driver.to_string_lossy(), flags);
        let advice =
            super::packages::Dpkg::system().libc_advice(&layout, None, spec, missing, false, None);
        Some(advice.text())
    }

    fn target_library(&self, spec: &'static TargetSpec, name: &str) -> Option<PathBuf> {
        let gnu = crate::target::gnu::triple(spec);
        let dirs: Vec<PathBuf> = [
            format!("/usr/local/lib/{gnu}"),
            format!("/lib/{gnu}"),
            format!("/usr/lib/{gnu}"),
            format!("/usr/{gnu}/lib"),
        ]
        .iter()
        .map(crate::env::system_path)
        .collect();
        let budget = super::probe::Budget::new(std::time::Duration::from_secs(1));
        let verify = super::verify::Verifier::new(budget).ok()?;
        match verify.library(&dirs, name, spec) {
            super::verify::LibraryCheck::Found { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// A machine with no toolchain and no settings: every question unanswered, for tests.
#[cfg(test)]
pub struct Nothing;

#[cfg(test)]
impl Machine for Nothing {
    fn dumpmachine(&self, _: &Path, _: &[OsString]) -> Result<Option<String>, Duration> {
        Ok(None)
    }

    fn print_sysroot(&self, _: &Path, _: &[OsString]) -> Option<String> {
        None
    }

    fn configured_linker(&self, _: &TargetSpec, _: &[&Path]) -> Option<ConfiguredLinker> {
        None
    }

    fn target_override(&self) -> Option<&'static TargetSpec> {
        None
    }
}
