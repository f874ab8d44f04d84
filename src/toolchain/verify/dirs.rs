//! What dirs hold, judged as the tools that read them would: the `.pc` files pkg-config
//! finds (and those their `Requires` name), and the library ld takes for `-l<name>` (`.so`
//! before `.a`, a file for another machine passed over, an ld script followed).

use std::path::{Path, PathBuf};

use crate::artifacts::{Inspection, ObjectId, inspect_path};
use crate::target::TargetSpec;

use super::machine_mismatch;

/// A `.pc` file that pkg-config would not find.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingPc {
    pub name: String,
    /// The `.pc` whose `Requires` names it, when it is not one the crate asked for.
    pub required_by: Option<String>,
}

/// What a set of pkg-config dirs holds of the `.pc` files asked for (and those they
/// require).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PcCheck {
    pub found: Vec<(String, PathBuf)>,
    pub missing: Vec<MissingPc>,
}

impl PcCheck {
    pub fn complete(&self) -> bool {
        self.missing.is_empty()
    }

    /// The files found, as a list to print.
    pub fn found_paths(&self) -> String {
        self.found
            .iter()
            .map(|(_, p)| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A library looked up in dirs, the way ld does with `-L` dirs and `-l<name>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LibraryCheck {
    /// Found for the target's machine (`object` is `None` for an archive with no object to
    /// judge). `skipped` are earlier files ld would pass over as incompatible.
    Found {
        path: PathBuf,
        object: Option<ObjectId>,
        skipped: Vec<(PathBuf, String)>,
    },
    /// Only files for another machine.
    WrongMachine {
        path: PathBuf,
        object: ObjectId,
        reason: String,
    },
    /// No `lib<name>.so` or `lib<name>.a` in any dir.
    Missing { tried: Vec<PathBuf> },
    /// A file is there but cannot be read or judged.
    Unreadable { path: PathBuf, error: String },
}

/// A `.pc` larger than this is not one.
const PC_CAP: u64 = 256 << 10;
/// `Requires` chains are short; a loop or a huge graph stops here.
const PC_MAX: usize = 256;

pub(super) fn pc_files(dirs: &[PathBuf], names: &[&str]) -> PcCheck {
    let mut check = PcCheck::default();
    let mut queue: Vec<(String, Option<String>)> =
        names.iter().map(|n| (n.to_string(), None)).collect();
    let mut seen: Vec<String> = Vec::new();
    while let Some((name, by)) = (!queue.is_empty()).then(|| queue.remove(0)) {
        if seen.contains(&name) || seen.len() >= PC_MAX {
            continue;
        }
        seen.push(name.clone());
        let Some(path) = dirs
            .iter()
            .map(|d| d.join(format!("{name}.pc")))
            .find(|p| p.is_file())
        else {
            check.missing.push(MissingPc {
                name,
                required_by: by,
            });
            continue;
        };
        if let Ok(text) = crate::fsio::read_string_capped(&path, PC_CAP) {
            for req in requires(&text) {
                queue.push((req, Some(name.clone())));
            }
        }
        check.found.push((name, path));
    }
    check
}

/// The package names in a `.pc` file's `Requires:` and `Requires.private:` lines (pkg-config
/// fails on a missing one of either), version constraints dropped.
fn requires(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if !matches!(key.trim(), "Requires" | "Requires.private") {
            continue;
        }
        let mut skip_version = false;
        for word in value.split([',', ' ', '\t']).filter(|w| !w.is_empty()) {
            if skip_version {
                skip_version = false;
                continue;
            }
            if matches!(word, "=" | "<" | ">" | "<=" | ">=" | "!=") {
                skip_version = true;
                continue;
            }
            // A `${var}` is not resolved here; such a name is not checked.
            if !word.contains('$') && !out.iter().any(|o| o == word) {
                out.push(word.to_string());
            }
        }
    }
    out
}

/// An ld script `.so` larger than this is not one.
const SCRIPT_CAP: u64 = 64 << 10;

pub(super) fn library(dirs: &[PathBuf], name: &str, spec: &TargetSpec) -> LibraryCheck {
    let mut tried = Vec::new();
    let mut skipped: Vec<(PathBuf, String)> = Vec::new();
    let mut first_wrong: Option<(PathBuf, ObjectId, String)> = None;
    for dir in dirs {
        for file in [format!("lib{name}.so"), format!("lib{name}.a")] {
            let path = dir.join(file);
            tried.push(path.clone());
            if !path.is_file() {
                continue;
            }
            let judged = match judge_library(&path, 0) {
                Ok(j) => j,
                Err(error) => return LibraryCheck::Unreadable { path, error },
            };
            match judged {
                None => {
                    return LibraryCheck::Found {
                        path,
                        object: None,
                        skipped,
                    };
                }
                Some(id) => match machine_mismatch(&id, spec) {
                    None => {
                        return LibraryCheck::Found {
                            path,
                            object: Some(id),
                            skipped,
                        };
                    }
                    // ld passes over an incompatible file and searches on.
                    Some(reason) => {
                        skipped.push((path.clone(), reason.clone()));
                        first_wrong.get_or_insert((path, id, reason));
                    }
                },
            }
            // ld takes the first of `.so`/`.a` in a dir.
            break;
        }
    }
    match first_wrong {
        Some((path, object, reason)) => LibraryCheck::WrongMachine {
            path,
            object,
            reason,
        },
        None => LibraryCheck::Missing { tried },
    }
}

/// The object a library file stands for: itself, an archive's first object member, or
/// what an ld script names. `None` when there is no object to judge.
fn judge_library(path: &Path, depth: usize) -> Result<Option<ObjectId>, String> {
    let shown = |e: std::io::Error| format!("{}: {e}", path.display());
    match inspect_path(path).map_err(shown)? {
        Inspection::Object(id) => Ok(Some(id)),
        Inspection::Archive(a) => Ok(a.members.into_iter().find_map(|m| m.id)),
        _ if depth < 4 => {
            let text = crate::fsio::read_string_capped(path, SCRIPT_CAP).map_err(shown)?;
            let dir = path.parent().unwrap_or(Path::new("."));
            let named = ld_script_inputs(&text)
                .into_iter()
                .map(|p| {
                    let p = PathBuf::from(p);
                    if p.is_absolute() { p } else { dir.join(p) }
                })
                .find(|p| p.is_file())
                .ok_or_else(|| {
                    format!(
                        "{}: neither an object nor an ld script naming one",
                        path.display()
                    )
                })?;
            judge_library(&named, depth + 1)
        }
        _ => Err(format!("{}: ld scripts nest too deep", path.display())),
    }
}

/// The files an ld script's `GROUP ( … )` / `INPUT ( … )` name (`AS_NEEDED` opened up).
fn ld_script_inputs(text: &str) -> Vec<String> {
    // Comments first: glibc's scripts start with `/* GNU ld script`.
    let mut clean = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("/*") {
        clean.push_str(&rest[..i]);
        rest = rest[i..].find("*/").map_or("", |j| &rest[i + j + 2..]);
    }
    clean.push_str(rest);
    let mut out = Vec::new();
    for cmd in ["GROUP", "INPUT"] {
        let mut s = clean.as_str();
        while let Some(i) = s.find(cmd) {
            s = &s[i + cmd.len()..];
            let Some(open) = s.trim_start().strip_prefix('(') else {
                continue;
            };
            let body = open.split(')').next().unwrap_or("");
            out.extend(
                body.split(|c: char| c.is_whitespace() || c == '(' || c == ',')
                    .filter(|w| !w.is_empty() && *w != "AS_NEEDED" && !w.starts_with("-l"))
                    .map(str::to_string),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::lookup;
    use crate::toolchain::probe::Scratch;
    use std::fs;

    #[test]
    fn requires_lines() {
        let pc = "Name: openssl\nRequires: libssl >= 3.0, libcrypto\nRequires.private: zlib\nLibs: -lssl\n";
        assert_eq!(requires(pc), ["libssl", "libcrypto", "zlib"]);
        assert!(requires("Name: x\nLibs: -lx\n").is_empty());
    }

    #[test]
    fn pc_files_follow_requires() {
        let dir = Scratch::new().unwrap();
        let d = dir.dir.join("pkgconfig");
        fs::create_dir_all(&d).unwrap();
        fs::write(
            d.join("openssl.pc"),
            "Name: OpenSSL\nRequires: libssl libcrypto\n",
        )
        .unwrap();
        fs::write(
            d.join("libssl.pc"),
            "Name: libssl\nRequires.private: libcrypto\n",
        )
        .unwrap();
        let c = pc_files(&[dir.dir.join("nope"), d.clone()], &["openssl", "alsa"]);
        assert_eq!(
            c.found.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
            ["openssl", "libssl"]
        );
        assert_eq!(
            c.missing,
            [
                MissingPc {
                    name: "alsa".into(),
                    required_by: None
                },
                MissingPc {
                    name: "libcrypto".into(),
                    required_by: Some("openssl".into())
                },
            ]
        );
        assert!(!c.complete());
    }

    #[test]
    fn ld_scripts_are_read() {
        let t = "/* GNU ld script\n   Use the shared library, but some functions are only in\n   the static library.  */\nOUTPUT_FORMAT(elf64-littleaarch64)\nGROUP ( /lib/aarch64-linux-gnu/libc.so.6 /usr/lib/aarch64-linux-gnu/libc_nonshared.a  AS_NEEDED ( /lib/ld-linux-aarch64.so.1 ) )\n";
        assert_eq!(
            ld_script_inputs(t),
            [
                "/lib/aarch64-linux-gnu/libc.so.6",
                "/usr/lib/aarch64-linux-gnu/libc_nonshared.a",
                "/lib/ld-linux-aarch64.so.1"
            ]
        );
        assert_eq!(
            ld_script_inputs("INPUT(libfoo.so.1 -lbar)"),
            ["libfoo.so.1"]
        );
    }

    #[test]
    fn libraries_are_judged_by_machine() {
        // This test binary is an ELF object of the host's machine: as a library for a
        // foreign target it is skipped as ld would skip it.
        let s = Scratch::new().unwrap();
        let (host, other) = (s.dir.join("host"), s.dir.join("other"));
        fs::create_dir_all(&host).unwrap();
        fs::create_dir_all(&other).unwrap();
        let me = std::env::current_exe().unwrap();
        let Ok(Inspection::Object(id)) = inspect_path(&me) else {
            return;
        };
        fs::copy(&me, host.join("libfoo.so")).unwrap();
        let foreign = if id.arch == "aarch64" {
            "x86_64-unknown-linux-gnu"
        } else {
            "aarch64-unknown-linux-gnu"
        };
        let spec = lookup(foreign).unwrap();
        assert!(matches!(
            library(std::slice::from_ref(&host), "foo", spec),
            LibraryCheck::WrongMachine { .. }
        ));
        assert!(matches!(
            library(std::slice::from_ref(&host), "bar", spec),
            LibraryCheck::Missing { .. }
        ));
        // An ld script naming the library is followed.
        fs::write(
            other.join("libfoo.so"),
            format!(
                "/* GNU ld script */\nGROUP ( {} )\n",
                host.join("libfoo.so").display()
            ),
        )
        .unwrap();
        let native = crate::target::all()
            .iter()
            .find(|t| machine_mismatch(&id, t).is_none() && t.os == "linux")
            .unwrap();
        match library(&[other], "foo", native) {
            LibraryCheck::Found {
                object: Some(o), ..
            } => assert_eq!(o.arch, id.arch),
            r => panic!("{r:?}"),
        }
    }
}
