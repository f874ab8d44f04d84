//! `xlinkdiag shim install`: put the shim in a directory under the real linker's name (G10
//! in `shim/mod.rs`).
//!
//! rustc guesses the linker flavor from the linker's file name, and cc-rs takes its
//! cross-compiler prefix from `RUSTC_LINKER` when it ends in `-gcc` (then runs
//! `<prefix>-gcc`, `<prefix>-g++`, `<prefix>-ar`, … from the same place). So the shim keeps
//! the linker's name, and every sibling tool with the same prefix next to the real linker gets
//! a symlink straight to that tool: only the linker itself goes through xlinkdiag, and a
//! compile through the shim is a silent pass-through.

use std::ffi::OsStr;
use std::io;
use std::path::{Path, PathBuf};

use super::resolve::{self, SelfExe};
use super::vars;
use crate::target::TargetSpec;

pub use crate::shim_setup::PIN_DIR;

/// Creates `dir/<linker name>` → xlinkdiag, the pin `dir/.xlinkdiag-real/<name>` → `linker`,
/// and `dir/<sibling>` → the real sibling tools. Returns the shim's path first, then each
/// sibling link. Existing symlinks are replaced; any other existing file is an error.
pub fn install(linker: &Path, dir: &Path) -> io::Result<Vec<PathBuf>> {
    let me = SelfExe::get();
    let linker = real_linker_path(linker, &me)?;
    let name = linker
        .file_name()
        .ok_or_else(|| invalid(format!("{} has no file name", linker.display())))?
        .to_os_string();
    let exe = crate::shim_setup::front_exe()?;
    std::fs::create_dir_all(dir)?;
    let linker_dir = linker.parent().unwrap_or(Path::new("."));
    if same_dir(linker_dir, dir) {
        return Err(invalid(format!(
            "{} is the real linker's own directory; choose another one",
            dir.display()
        )));
    }

    let shim = dir.join(&name);
    replace_link(&shim, &exe, LinkKind::Shim)?;
    let pin_dir = dir.join(PIN_DIR);
    std::fs::create_dir_all(&pin_dir)?;
    replace_link(&pin_dir.join(&name), &linker, LinkKind::Pin)?;

    let mut created = vec![shim];
    for sibling in siblings(linker_dir, &name)? {
        let link = dir.join(sibling.file_name().unwrap_or_default());
        replace_link(&link, &sibling, LinkKind::Tool)?;
        created.push(link);
    }
    Ok(created)
}

/// The settings that make cargo use the installed shim.
pub fn setup_lines(shim: &Path, target: Option<&str>) -> Vec<String> {
    let (upper, triple) = match target {
        Some(t) => (crate::target::vars::cargo_triple(t), t.to_owned()),
        None => ("<TRIPLE>".to_owned(), "<triple>".to_owned()),
    };
    let shim = shim.display();
    vec![
        "# Use the shim as the target's linker; it keeps the real linker's name, so rustc's"
            .to_owned(),
        "# linker-flavor guess and cc-rs's RUSTC_LINKER prefix stay as they were:".to_owned(),
        format!("export CARGO_TARGET_{upper}_LINKER={shim}"),
        format!("# or in .cargo/config.toml: [target.{triple}] linker = \"{shim}\""),
        format!("# To turn it off for one build: {}=1", vars::DISABLE_VAR),
    ]
}

/// When the linker says (`-dumpmachine`, asked through doctor's probe runner) that it links
/// for another machine than `spec`, why: a host `cc` behind a cross target's shim would link
/// nothing but fail every link. `None` when it fits or cannot say (not a gcc/clang driver).
pub(crate) fn links_for_another_machine(linker: &Path, spec: &TargetSpec) -> Option<String> {
    let machine =
        crate::toolchain::probe::dumpmachine(linker, &[], crate::toolchain::probe::PROBE_LIMIT)?;
    let why = crate::diagnose::fit::dumpmachine_mismatch(&machine, spec)?;
    Some(format!(
        "{} links for another machine than {}: {why}",
        linker.display(),
        spec.triple
    ))
}

/// A linker that would fit `spec`, for the error message.
pub(crate) fn cross_linker_example(spec: &TargetSpec) -> String {
    format!("{}-gcc", crate::target::gnu::triple(spec))
}

/// One line for the sibling tools: how many, and their common prefix (`--verbose` lists them).
pub(crate) fn siblings_summary(shim: &Path, siblings: &[PathBuf]) -> Option<String> {
    if siblings.is_empty() {
        return None;
    }
    let name = shim.file_name()?.to_string_lossy();
    let prefix = name.rfind('-').map_or("", |dash| &name[..=dash]);
    let dir = shim.parent().unwrap_or(Path::new("."));
    Some(format!(
        "# {} sibling tool{} {prefix}* linked to the real ones in {} (--verbose lists them)",
        siblings.len(),
        if siblings.len() == 1 { "" } else { "s" },
        dir.display()
    ))
}

/// The linker as an absolute, not canonicalised path (its name matters to drivers).
fn real_linker_path(linker: &Path, me: &SelfExe) -> io::Result<PathBuf> {
    let path = if linker.components().count() == 1 && !linker.has_root() {
        resolve::search_path(linker.as_os_str(), vars::path().as_deref(), me).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("no `{}` in PATH", linker.display()),
            )
        })?
    } else {
        std::path::absolute(linker)?
    };
    if !std::fs::metadata(&path)?.is_file() {
        return Err(invalid(format!("{} is not a file", path.display())));
    }
    if me.is(&path) {
        return Err(invalid(format!(
            "{} is xlinkdiag itself, not a real linker",
            path.display()
        )));
    }
    Ok(path)
}

/// Tools next to the linker that share its prefix: for `mips-openwrt-linux-gcc`, every
/// `mips-openwrt-linux-*` (g++, ar, ranlib, gcc-ar, objcopy, …) but the linker itself.
fn siblings(linker_dir: &Path, name: &OsStr) -> io::Result<Vec<PathBuf>> {
    let bytes = name.as_encoded_bytes();
    let Some(dash) = bytes.iter().rposition(|&b| b == b'-') else {
        return Ok(Vec::new());
    };
    let prefix = &bytes[..=dash];
    let mut found = Vec::new();
    for entry in std::fs::read_dir(linker_dir)? {
        let entry = entry?;
        let file = entry.file_name();
        let fb = file.as_encoded_bytes();
        if fb.starts_with(prefix) && file != name && entry.path().is_file() {
            found.push(linker_dir.join(file));
        }
    }
    found.sort();
    Ok(found)
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[derive(Clone, Copy)]
enum LinkKind {
    Shim,
    Pin,
    Tool,
}

fn replace_link(link: &Path, target: &Path, kind: LinkKind) -> io::Result<()> {
    if let Ok(meta) = std::fs::symlink_metadata(link) {
        if !meta.file_type().is_symlink() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a symlink", link.display()),
            ));
        }
        std::fs::remove_file(link)?;
    }
    make_link(link, target, kind)
}

#[cfg(unix)]
fn make_link(link: &Path, target: &Path, _kind: LinkKind) -> io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn make_link(link: &Path, target: &Path, kind: LinkKind) -> io::Result<()> {
    // Symlinks need a privilege on Windows; the pin must stay a link (it is read, not run),
    // the others can be copies.
    #[cfg(windows)]
    if std::os::windows::fs::symlink_file(target, link).is_ok() {
        return Ok(());
    }
    match kind {
        LinkKind::Pin => Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "cannot create a symlink here",
        )),
        LinkKind::Shim | LinkKind::Tool => std::fs::copy(target, link).map(|_| ()),
    }
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn installs_shim_pin_and_siblings() {
        let root = std::env::temp_dir().join(format!("xlinkdiag-install-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let real = root.join("toolchain");
        std::fs::create_dir_all(&real).unwrap();
        for tool in [
            "mips-openwrt-linux-gcc",
            "mips-openwrt-linux-ar",
            "mips-openwrt-linux-g++",
            "other-ar",
        ] {
            let p = real.join(tool);
            std::fs::write(&p, "#!/bin/sh\n").unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let dir = root.join("shim");
        let created = install(&real.join("mips-openwrt-linux-gcc"), &dir).unwrap();
        assert_eq!(
            created,
            vec![
                dir.join("mips-openwrt-linux-gcc"),
                dir.join("mips-openwrt-linux-ar"),
                dir.join("mips-openwrt-linux-g++"),
            ]
        );
        assert_eq!(
            std::fs::read_link(dir.join("mips-openwrt-linux-ar")).unwrap(),
            real.join("mips-openwrt-linux-ar")
        );
        assert_eq!(
            std::fs::read_link(dir.join(PIN_DIR).join("mips-openwrt-linux-gcc")).unwrap(),
            real.join("mips-openwrt-linux-gcc")
        );
        // A second install replaces its own links.
        assert!(install(&real.join("mips-openwrt-linux-gcc"), &dir).is_ok());
        // Never into the real linker's own directory.
        assert!(install(&real.join("mips-openwrt-linux-gcc"), &real).is_err());
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn setup_lines_name_the_target() {
        let lines = setup_lines(
            Path::new("/s/mips-openwrt-linux-gcc"),
            Some("mips-unknown-linux-musl"),
        );
        assert!(
            lines.iter().any(|l| l
                == "export CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER=/s/mips-openwrt-linux-gcc")
        );
    }
}
