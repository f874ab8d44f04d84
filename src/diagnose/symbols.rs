//! Undefined symbols and other per-object complaints of a failed link, turned into the kinds
//! that explain them: 64-bit atomics on a 32-bit-atomic target, glibc-only symbols in a musl
//! link, an archive without an index, non-PIC code in a PIE.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::cargo::layout;
use crate::messages::{LinkerMessage, MessageKind};
use crate::target::TargetSpec;

use super::attribution::Units;
use super::expected::Expected;
use super::finding::{Finding, Kind, PathSource, Provenance};
use super::fix::CrossPrefix;

/// glibc symbols musl does not have: fortify wrappers, the old stat ABI, glibc's scanf
/// aliases and extensions. Sorted for binary search.
const GLIBC_ONLY: &[&str] = &[
    "__explicit_bzero_chk",
    "__fdelt_chk",
    "__fprintf_chk",
    "__fread_chk",
    "__fxstat",
    "__fxstat64",
    "__fxstatat",
    "__fxstatat64",
    "__libc_single_threaded",
    "__longjmp_chk",
    "__lxstat",
    "__lxstat64",
    "__memcpy_chk",
    "__memmove_chk",
    "__mempcpy_chk",
    "__memset_chk",
    "__printf_chk",
    "__rawmemchr",
    "__read_chk",
    "__snprintf_chk",
    "__sprintf_chk",
    "__stpcpy_chk",
    "__strcat_chk",
    "__strcpy_chk",
    "__strncat_chk",
    "__strncpy_chk",
    "__vfprintf_chk",
    "__vprintf_chk",
    "__vsnprintf_chk",
    "__vsprintf_chk",
    "__xstat",
    "__xstat64",
    "fcntl64",
    "fopen64",
    "fstat64",
    "fstatat64",
    "ftruncate64",
    "gnu_get_libc_release",
    "gnu_get_libc_version",
    "lseek64",
    "lstat64",
    "mmap64",
    "open64",
    "pread64",
    "pwrite64",
    "readdir64",
    "stat64",
];

///
/// Beyond the list: every fortify wrapper (`__*_chk`), glibc's C99/C23 scanf and strto*
/// aliases (`__isoc99_*`, `__isoc23_*`), and the time64 entry points of another libc build
/// (`__gettimeofday_time64`, `__fstat_time64`), which only a matching libc provides.
pub fn is_glibc_only(sym: &str) -> bool {
    GLIBC_ONLY.binary_search(&sym).is_ok()
        || sym.starts_with("__isoc99_")
        || sym.starts_with("__isoc23_")
        || (sym.starts_with("__") && (sym.ends_with("_chk") || sym.ends_with("_time64")))
        || sym == "__res_init"
        // A versioned reference (`stderr@GLIBC_2.4`) from a library built against glibc.
        || sym.contains("@GLIBC_")
}

/// A helper the compiler calls for an atomic operation the target cannot do inline:
/// `__atomic_*` and `__sync_*` (libatomic, libgcc), and aarch64's outline atomics
/// (`__aarch64_ldadd8_acq_rel`, from libgcc ≥ 10 or compiler-builtins). Undefined at the
/// link, any of them means the atomics library is missing, whatever the width.
pub fn is_atomic_helper(sym: &str) -> bool {
    // `__atomic_load_1@@LIBATOMIC_1.0`: the version does not change what it is.
    let sym = sym.split('@').next().unwrap_or(sym);
    // Mach-O puts one more `_` in front of every C name.
    let sym = sym
        .strip_prefix('_')
        .filter(|s| s.starts_with("__"))
        .unwrap_or(sym);
    sym.starts_with("__atomic_")
        || sym.starts_with("__sync_")
        || ["ldadd", "ldclr", "ldeor", "ldset", "swp", "cas", "have_lse"]
            .iter()
            .any(|op| {
                sym.strip_prefix("__aarch64_")
                    .is_some_and(|r| r.starts_with(op))
            })
}

/// `__atomic_fetch_add_8`, `__atomic_load_8`, `__sync_val_compare_and_swap_8`, …
pub fn is_atomic64(sym: &str) -> bool {
    (sym.starts_with("__atomic_") || sym.starts_with("__sync_")) && sym.ends_with("_8")
}

/// One group of messages blamed on one owner.
struct Group {
    kind: Kind,
    file: Option<PathBuf>,
    member: Option<String>,
    /// `file` is the linker's words, not a file found here.
    linkers_words: bool,
    symbols: Vec<String>,
    lines: Vec<String>,
}

/// The file a linker named, as it exists here: relative to the link's cwd, else the link
/// input it names (ld64 prints an rlib by its file name alone). `None` when neither
/// exists: the caller keeps the linker's words and says so.
fn locate_named(named: &Path, cwd: &Path, inputs: &[PathBuf]) -> Option<PathBuf> {
    let joined = if named.is_absolute() {
        named.to_path_buf()
    } else {
        cwd.join(named)
    };
    if joined.is_file() {
        return Some(joined);
    }
    inputs.iter().find(|i| i.ends_with(named)).cloned()
}

pub fn findings(
    msgs: &[LinkerMessage],
    spec: &'static TargetSpec,
    expected: &Expected,
    prefix: &CrossPrefix,
    cwd: &Path,
    inputs: &[PathBuf],
    units: &Units,
) -> Vec<Finding> {
    let mut groups: BTreeMap<(Kind, String), Group> = BTreeMap::new();
    for m in msgs {
        let kind = match &m.kind {
            MessageKind::UndefinedSymbol { symbol } if is_atomic_helper(symbol) => {
                Kind::MissingAtomics
            }
            MessageKind::UndefinedSymbol { symbol }
                if spec.env == "musl" && is_glibc_only(symbol) =>
            {
                Kind::LibcMismatch
            }
            MessageKind::NoArchiveIndex => Kind::ArchiveNoIndex,
            MessageKind::PicRelocation { .. } => Kind::PicMismatch,
            _ => continue,
        };
        let (file, linkers_words) = match m.file.as_deref() {
            Some(f) => match locate_named(f, cwd, inputs) {
                Some(p) => (Some(p), false),
                None => (Some(f.to_path_buf()), true),
            },
            None => (None, false),
        };
        let owner = owner_of(file.as_deref()).unwrap_or_else(|| {
            file.as_ref()
                .map_or_else(String::new, |f| f.display().to_string())
        });
        let g = groups.entry((kind, owner)).or_insert_with(|| Group {
            kind,
            file: file.clone(),
            member: m.member.clone(),
            linkers_words,
            symbols: Vec::new(),
            lines: Vec::new(),
        });
        if let Some(s) = m.symbol()
            && !g.symbols.iter().any(|x| x == s)
        {
            g.symbols.push(s.to_string());
        }
        if g.lines.len() < 3 && !g.lines.contains(&m.text) {
            g.lines.push(m.text.clone());
        }
    }
    groups
        .into_values()
        .map(|g| finding(g, spec, expected, prefix, units))
        .collect()
}

/// The package (from a build-script out dir) or crate (from an rlib) a file belongs to.
fn owner_of(file: Option<&Path>) -> Option<String> {
    let f = file?;
    if let Some(c) = f
        .file_name()
        .filter(|_| f.extension().is_some_and(|e| e == "rlib"))
        .and_then(layout::crate_of_rlib)
    {
        return Some(c);
    }
    layout::locate(f).unit.map(|u| u.package.replace('-', "_"))
}

fn finding(
    g: Group,
    spec: &'static TargetSpec,
    expected: &Expected,
    prefix: &CrossPrefix,
    units: &Units,
) -> Finding {
    let loc = g.file.as_deref().map(layout::locate);
    let crate_name = owner_of(g.file.as_deref());
    // The build-script run that made the file: by where it sits, by its member's name in
    // an out dir, or by the crate's name.
    let run = loc
        .as_ref()
        .and_then(|l| l.unit.as_ref())
        .and_then(|u| units.by_dir(&u.dir))
        .or_else(|| {
            g.member
                .as_deref()
                .and_then(|m| units.by_member(m.as_bytes()))
        })
        .or_else(|| {
            crate_name
                .as_deref()
                .and_then(|c| units.by_crate(c, Some(spec.triple)))
        });
    let unit = run
        .and_then(|r| r.unit.clone())
        .or_else(|| loc.and_then(|l| l.unit));
    let who = crate_name
        .as_deref()
        .map(|c| format!("crate `{c}`"))
        .or_else(|| g.file.as_ref().map(|f| format!("`{}`", f.display())))
        .unwrap_or_else(|| "the link".into());
    let fix = super::fix::suggest(
        g.kind,
        spec,
        crate::cargo::build_output::BuildSystem::Unknown,
        run,
        prefix,
    );
    let message = match g.kind {
        Kind::MissingAtomics => {
            super::fix::wording::missing_atomics_message(&who, &g.symbols, spec.triple, true)
        }
        Kind::LibcMismatch => super::words::glibc_only(&who, &g.symbols, spec.triple),
        Kind::ArchiveNoIndex => super::words::no_index(&who),
        _ => super::words::not_pic(&who, spec.triple, None),
    };
    let mut notes = g.lines;
    if g.linkers_words
        && let Some(f) = &g.file
    {
        notes.push(format!(
            "`{}` is the linker's name for it; no such file was found from the link's directory",
            f.display()
        ));
    }
    let mut f = Finding::new(
        g.kind,
        g.file.clone().unwrap_or_default(),
        crate::artifacts::formats::bitcode(),
        expected.desc(),
        message,
    );
    f.member = g.member.clone();
    f.crate_name = crate_name;
    f.package = unit.as_ref().map(|u| u.package.clone());
    f.members = g.member.into_iter().collect();
    f.provenance = Provenance {
        build_system: run.map(|r| r.build_system(None).as_str().to_string()),
        build_dir: unit.map(|u| u.dir),
        ..Default::default()
    };
    f.notes = notes;
    f.set_fix(fix);
    f.symbols = g.symbols;
    f.path_source = g.linkers_words.then_some(PathSource::Linker);
    f
}

/// Adds to wrong-architecture findings the undefined symbols their foreign members define:
/// the linker skipped those members, so the symbols look missing.
pub fn explain_undefined(findings: &mut [Finding], msgs: &[LinkerMessage]) {
    let undefined: Vec<&str> = msgs.iter().filter_map(LinkerMessage::symbol).collect();
    if undefined.is_empty() {
        return;
    }
    for f in findings
        .iter_mut()
        .filter(|f| f.kind == Kind::WrongArchitecture)
    {
        let Ok(crate::artifacts::Inspection::Archive(a)) = crate::artifacts::inspect_path(&f.path)
        else {
            continue;
        };
        let mut hit = Vec::new();
        for m in a
            .members
            .iter()
            .filter(|m| f.members.contains(&m.name_lossy()))
        {
            let Ok(syms) = crate::artifacts::inspect::symbols(&f.path, Some(m)) else {
                continue;
            };
            for (name, defined) in syms {
                let name = String::from_utf8_lossy(&name);
                if defined && undefined.contains(&name.as_ref()) && !hit.contains(&name.to_string())
                {
                    hit.push(name.to_string());
                }
            }
        }
        if !hit.is_empty() {
            f.notes.push(format!(
                "the link reports as undefined {} — defined only in these foreign members, which the linker could not use",
                hit.join(", ")
            ));
            f.symbols = hit;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 12: a member named by the linker is reported as its archive (found here, with
    /// the crate), and a path that is not here is marked as the linker's words.
    #[test]
    fn paths_exist_or_are_the_linkers_words() {
        let spec = crate::target::lookup("x86_64-unknown-linux-gnu").unwrap();
        let expected = Expected::from_spec(spec, "test".into());
        let prefix = super::super::fix::cross_prefix(spec, None);
        let units = Units::default();
        let stderr = b"ld.lld: error: relocation R_X86_64_32 cannot be used against local symbol; recompile with -fPIC\n\
>>> defined in deps/libnopic_sys-5f0c1e2d3a4b6978.rlib(nopic.o)\n\
>>> referenced by nopic.c\n\
>>>               nopic.o:(addr) in archive deps/libnopic_sys-5f0c1e2d3a4b6978.rlib\n";
        let msgs = crate::messages::parse(stderr);
        let dir = std::env::temp_dir().join(format!("xlinkdiag-symbols-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("deps")).unwrap();

        // Nothing here: the linker's words, marked as such.
        let f = findings(&msgs, spec, &expected, &prefix, &dir, &[], &units);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].path,
            Path::new("deps/libnopic_sys-5f0c1e2d3a4b6978.rlib")
        );
        assert_eq!(f[0].member.as_deref(), Some("nopic.o"));
        assert_eq!(f[0].crate_name.as_deref(), Some("nopic_sys"));
        assert_eq!(f[0].path_source, Some(PathSource::Linker));

        // The rlib is here: its real path, unmarked.
        let rlib = dir.join("deps/libnopic_sys-5f0c1e2d3a4b6978.rlib");
        std::fs::write(&rlib, b"!<arch>\n").unwrap();
        let f = findings(&msgs, spec, &expected, &prefix, &dir, &[], &units);
        assert_eq!(f[0].path, rlib);
        assert_eq!(f[0].path_source, None);
        let _ = std::fs::remove_dir_all(&dir);

        // ld64 names an rlib by its file name alone: the link input it means.
        let input = PathBuf::from("/t/deps/libnopic_sys-5f0c1e2d3a4b6978.rlib");
        assert_eq!(
            locate_named(
                Path::new("libnopic_sys-5f0c1e2d3a4b6978.rlib"),
                Path::new("/nonexistent"),
                std::slice::from_ref(&input)
            ),
            Some(input)
        );
    }

    #[test]
    fn tables_sorted() {
        assert!(GLIBC_ONLY.windows(2).all(|w| w[0] < w[1]));
        assert!(is_glibc_only("__printf_chk"));
        assert!(!is_glibc_only("printf"));
        assert!(is_atomic64("__atomic_fetch_add_8"));
        assert!(is_atomic64("__sync_val_compare_and_swap_8"));
        assert!(!is_atomic64("__atomic_fetch_add_4"));
        assert!(is_atomic_helper("__atomic_load_1"));
        assert!(is_atomic_helper("__sync_synchronize"));
        assert!(is_atomic_helper("__aarch64_ldadd8_acq_rel"));
        assert!(!is_atomic_helper("__aarch64_sve_x"));
        assert!(is_glibc_only("__isoc23_strtoull"));
        assert!(is_glibc_only("stat64"));
        assert!(!is_glibc_only("stat"));
    }
}
