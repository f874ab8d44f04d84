//! How the shim is set up, in the names the commands that set it up or check it use
//! (`shim install`, doctor, env): the variable naming the real linker, the dir that pins it
//! next to an installed shim, and the front binary to name as the linker. Kept below every
//! command, so that doctor and env need not depend on the shim.

use std::ffi::OsStr;
use std::io;
use std::path::{Path, PathBuf};

/// The real linker, for `xlinkdiag` used directly as the linker (and as a last resort for a
/// shim installed under a linker's name).
pub const LINKER_VAR: &str = "XLINKDIAG_LINKER";

/// Directory, inside the install directory, holding `<name>` → the real linker. The shim
/// reads it to find its real linker even when that one is not in `PATH`.
pub const PIN_DIR: &str = ".xlinkdiag-real";

/// The real linker an installed shim at `<dir>/<name>` wraps: the target of its pin,
/// `<dir>/.xlinkdiag-real/<name>`, as the user gave it (a relative one is taken from the
/// pin's dir). `None` when `shim` is no installed shim.
pub fn pinned_real(shim_dir: &Path, name: &OsStr) -> Option<PathBuf> {
    let pin = shim_dir.join(PIN_DIR).join(name);
    let target = std::fs::read_link(&pin).ok()?;
    Some(if target.is_relative() {
        pin.parent()?.join(target)
    } else {
        target
    })
}

/// The engine's file name (plus the platform's executable suffix).
pub const ENGINE_NAME: &str = "xlinkdiag-engine";
/// The front's file name.
pub const FRONT_NAME: &str = "xlinkdiag";

/// The executable to name in settings (`CARGO_TARGET_<TRIPLE>_LINKER`, the target of an
/// installed shim): the front, also when the engine is the one asking.
pub fn front_exe() -> io::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    Ok(front_of(&exe).unwrap_or(exe))
}

/// The front next to `exe` when `exe` is the engine; decided from the name first, so the
/// front itself pays no file-system call for it.
pub fn front_of(exe: &Path) -> Option<PathBuf> {
    if exe.file_stem()? != OsStr::new(ENGINE_NAME) {
        return None;
    }
    let front = exe.with_file_name(format!("{FRONT_NAME}{}", std::env::consts::EXE_SUFFIX));
    front.is_file().then_some(front)
}
