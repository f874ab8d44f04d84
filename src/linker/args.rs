//! A gcc/clang driver or ld command line, read the way the linker reads it.
//!
//! The line becomes one stream of words at two levels: the driver's own, and ld's (what
//! `-Wl,a,b` and `-Xlinker a` pass through, or every word when ld is called directly). Each
//! level has a sorted flag table (name, how the value is attached, what it means), as
//! sccache's `ArgInfo` tables do. Position matters: `-Bstatic`, `--whole-archive` and
//! `--push-state` change how the `-l`s after them are searched. Flags that are in no table are
//! kept in `unknown`.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

/// What the command line asks the linker to do, as far as diagnosing it needs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkInvocation {
    pub output: Option<PathBuf>,
    /// Objects, archives, rlibs and shared objects named directly, in order.
    pub inputs: Vec<PathBuf>,
    /// `-l` libraries, in order.
    pub libs: Vec<LibRef>,
    /// `-L` directories, in order.
    pub search_dirs: Vec<PathBuf>,
    pub sysroot: Option<PathBuf>,
    /// `-nostdlib` or `-nodefaultlibs`: the driver adds no default libraries (rustc always
    /// passes `-nodefaultlibs`).
    pub nostdlib: bool,
    /// `-fuse-ld=<value>`.
    pub fuse_ld: Option<String>,
    /// `--target=<triple>` or `-target <triple>` (clang).
    pub target_flag: Option<String>,
    /// ld's `-m <emulation>` (`elf32btsmip`, `elf_x86_64`).
    pub emulation: Option<String>,
    /// gcc's `-B<prefix>` directories, where it looks for `ld` first (how mold is chosen).
    pub program_prefixes: Vec<PathBuf>,
    /// link.exe's `/MACHINE:` (`x64`, `ARM64`, …).
    pub machine: Option<String>,
    /// Everything not understood, as given.
    pub unknown: Vec<OsString>,
}

/// One `-l`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LibRef {
    /// `foo` for `-lfoo`; the file name for `-l:libfoo.a`.
    pub name: OsString,
    /// `-l:file`: `name` is an exact file name.
    pub verbatim: bool,
    /// Under `-Bstatic` (or `-static`): only `lib<name>.a` will do.
    pub static_: bool,
    pub whole_archive: bool,
}

/// Which program the words are for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgLevel {
    /// A gcc or clang driver (`cc`, `mips-openwrt-linux-gcc`, `clang`).
    Driver,
    /// ld itself (`ld`, `ld.lld`, `ld.bfd`, `mold`, `rust-lld -flavor gnu`).
    Ld,
    /// link.exe or lld-link (`rust-lld -flavor link`): `/OUT:`, `/LIBPATH:`, `x.lib`.
    Msvc,
}

impl ArgLevel {
    /// Guesses from the linker's file name, as rustc guesses the linker flavor.
    pub fn of_linker(linker: &std::path::Path) -> ArgLevel {
        super::name::classify(linker).args
    }
}

/// How a flag takes its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Value {
    /// No value.
    None,
    /// The next word.
    Separate,
    /// Glued on (`-Wl,…`, `-fuse-ld=…`): the table name includes any `=`.
    Joined,
    /// Glued on or the next word (`-L dir`, `-Ldir`).
    JoinedOrSeparate,
    /// `--flag=value` or `--flag value`.
    EqualsOrSeparate,
}

/// What a flag means here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Meaning {
    Output,
    SearchDir,
    Lib,
    Sysroot,
    NoStdLib,
    FuseLd,
    Target,
    Emulation,
    ProgramPrefix,
    Bstatic,
    Bdynamic,
    WholeArchive,
    NoWholeArchive,
    PushState,
    PopState,
    /// `-Wl,a,b`: the words go to ld.
    Wl,
    /// `-Xlinker a`: the word goes to ld.
    Xlinker,
    /// Known, and not needed for a diagnosis (its value is consumed).
    Ignore,
}

use Meaning as M;
use Value as V;

/// The driver's flags. Sorted by name (checked by a test).
const DRIVER_FLAGS: &[(&str, Value, Meaning)] = &[
    ("--gcc-toolchain", V::EqualsOrSeparate, M::Ignore),
    ("--sysroot", V::EqualsOrSeparate, M::Sysroot),
    ("--target", V::EqualsOrSeparate, M::Target),
    ("-B", V::JoinedOrSeparate, M::ProgramPrefix),
    ("-L", V::JoinedOrSeparate, M::SearchDir),
    ("-T", V::JoinedOrSeparate, M::Ignore),
    ("-Wl,", V::Joined, M::Wl),
    ("-Xlinker", V::Separate, M::Xlinker),
    ("-arch", V::Separate, M::Ignore),
    ("-e", V::Separate, M::Ignore),
    ("-fuse-ld=", V::Joined, M::FuseLd),
    ("-isysroot", V::JoinedOrSeparate, M::Sysroot),
    ("-l", V::JoinedOrSeparate, M::Lib),
    ("-nodefaultlibs", V::None, M::NoStdLib),
    ("-nostdlib", V::None, M::NoStdLib),
    ("-o", V::JoinedOrSeparate, M::Output),
    ("-specs", V::EqualsOrSeparate, M::Ignore),
    ("-static", V::None, M::Bstatic),
    ("-target", V::Separate, M::Target),
    ("-u", V::JoinedOrSeparate, M::Ignore),
    ("-x", V::JoinedOrSeparate, M::Ignore),
    ("-z", V::JoinedOrSeparate, M::Ignore),
];

/// ld's flags (GNU ld, gold, lld, mold share these spellings). Sorted by name.
const LD_FLAGS: &[(&str, Value, Meaning)] = &[
    ("--Bdynamic", V::None, M::Bdynamic),
    ("--Bstatic", V::None, M::Bstatic),
    ("--dynamic-linker", V::EqualsOrSeparate, M::Ignore),
    ("--entry", V::EqualsOrSeparate, M::Ignore),
    ("--library", V::EqualsOrSeparate, M::Lib),
    ("--library-path", V::EqualsOrSeparate, M::SearchDir),
    ("--no-whole-archive", V::None, M::NoWholeArchive),
    ("--output", V::EqualsOrSeparate, M::Output),
    ("--pop-state", V::None, M::PopState),
    ("--push-state", V::None, M::PushState),
    ("--rpath", V::EqualsOrSeparate, M::Ignore),
    ("--script", V::EqualsOrSeparate, M::Ignore),
    ("--soname", V::EqualsOrSeparate, M::Ignore),
    ("--sysroot", V::EqualsOrSeparate, M::Sysroot),
    ("--undefined", V::EqualsOrSeparate, M::Ignore),
    ("--version-script", V::EqualsOrSeparate, M::Ignore),
    ("--whole-archive", V::None, M::WholeArchive),
    ("-Bdynamic", V::None, M::Bdynamic),
    ("-Bstatic", V::None, M::Bstatic),
    ("-L", V::JoinedOrSeparate, M::SearchDir),
    ("-Map", V::EqualsOrSeparate, M::Ignore),
    ("-T", V::JoinedOrSeparate, M::Ignore),
    ("-call_shared", V::None, M::Bdynamic),
    ("-dn", V::None, M::Bstatic),
    ("-dy", V::None, M::Bdynamic),
    ("-dynamic-linker", V::EqualsOrSeparate, M::Ignore),
    ("-e", V::Separate, M::Ignore),
    ("-flavor", V::Separate, M::Ignore),
    ("-h", V::Separate, M::Ignore),
    ("-l", V::JoinedOrSeparate, M::Lib),
    ("-m", V::JoinedOrSeparate, M::Emulation),
    ("-mllvm", V::Separate, M::Ignore),
    ("-no-whole-archive", V::None, M::NoWholeArchive),
    ("-non_shared", V::None, M::Bstatic),
    ("-nostdlib", V::None, M::NoStdLib),
    ("-o", V::JoinedOrSeparate, M::Output),
    ("-plugin", V::Separate, M::Ignore),
    ("-plugin-opt", V::EqualsOrSeparate, M::Ignore),
    ("-rpath", V::EqualsOrSeparate, M::Ignore),
    ("-rpath-link", V::EqualsOrSeparate, M::Ignore),
    ("-soname", V::EqualsOrSeparate, M::Ignore),
    ("-static", V::None, M::Bstatic),
    ("-u", V::Separate, M::Ignore),
    ("-whole-archive", V::None, M::WholeArchive),
    ("-y", V::Separate, M::Ignore),
    ("-z", V::JoinedOrSeparate, M::Ignore),
];

/// Parses `args` (already `@file`-expanded, see `response_file`) for a linker of `level`.
pub fn parse(args: &[OsString], level: ArgLevel) -> LinkInvocation {
    if level == ArgLevel::Msvc {
        return super::msvc_args::parse(args);
    }
    let words = words(args, level);
    let mut state = State::default();
    let mut inv = LinkInvocation::default();
    let mut i = 0;
    while i < words.len() {
        let (word_level, word) = (words[i].0, &words[i].1);
        i += 1;
        let table = match word_level {
            ArgLevel::Driver => DRIVER_FLAGS,
            ArgLevel::Ld | ArgLevel::Msvc => LD_FLAGS,
        };
        let bytes = word.as_encoded_bytes();
        if bytes.len() < 2 || bytes[0] != b'-' {
            if bytes == b"-" {
                inv.unknown.push(word.clone());
            } else {
                inv.inputs.push(PathBuf::from(word));
            }
            continue;
        }
        let Some((meaning, value, consumed_next)) = lookup(table, word, words.get(i), word_level)
        else {
            inv.unknown.push(word.clone());
            continue;
        };
        if consumed_next {
            i += 1;
        }
        apply(meaning, value, &mut state, &mut inv);
    }
    inv
}

/// Position-dependent state, as ld keeps it (`--push-state` saves both flags).
#[derive(Clone, Copy, Default)]
struct State {
    static_: bool,
    whole_archive: bool,
    saved: Option<(bool, bool)>,
    stack_depth: usize,
}

/// The word stream: `-Wl,a,b` and `-Xlinker a` become ld-level words in place.
fn words(args: &[OsString], level: ArgLevel) -> Vec<(ArgLevel, OsString)> {
    let mut out = Vec::with_capacity(args.len());
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if level == ArgLevel::Ld {
            out.push((ArgLevel::Ld, arg.clone()));
            continue;
        }
        let bytes = arg.as_encoded_bytes();
        if let Some(rest) = bytes.strip_prefix(b"-Wl,") {
            for part in rest.split(|&b| b == b',') {
                out.push((ArgLevel::Ld, os_from_bytes(part)));
            }
        } else if bytes == b"-Xlinker" {
            if let Some(next) = iter.next() {
                out.push((ArgLevel::Ld, next.clone()));
            }
        } else {
            out.push((ArgLevel::Driver, arg.clone()));
        }
    }
    out
}

/// Finds `word`'s flag: an exact name first (ld reads single-dash long options such as
/// `-export-dynamic` whole before any short one), then `--name=value`, then a glued short
/// flag. Returns the meaning, the value, and whether the next word was taken as the value.
fn lookup(
    table: &[(&str, Value, Meaning)],
    word: &OsStr,
    next: Option<&(ArgLevel, OsString)>,
    level: ArgLevel,
) -> Option<(Meaning, Option<OsString>, bool)> {
    let bytes = word.as_encoded_bytes();
    // A separate value must come from the same level: `-Xlinker -rpath -Xlinker dir`.
    let next_value = next.filter(|(l, _)| *l == level).map(|(_, w)| w.clone());
    if let Ok(i) = table.binary_search_by(|(name, _, _)| name.as_bytes().cmp(bytes)) {
        let (_, value, meaning) = table[i];
        return Some(match value {
            V::None => (meaning, None, false),
            V::Joined => (meaning, Some(OsString::new()), false),
            V::Separate | V::JoinedOrSeparate | V::EqualsOrSeparate => {
                let taken = next_value.is_some();
                (meaning, next_value, taken)
            }
        });
    }
    if let Some(eq) = bytes.iter().position(|&b| b == b'=') {
        let name = &bytes[..eq];
        if let Ok(i) = table.binary_search_by(|(n, _, _)| n.as_bytes().cmp(name)) {
            let (_, value, meaning) = table[i];
            if value == V::EqualsOrSeparate {
                return Some((meaning, Some(os_from_bytes(&bytes[eq + 1..])), false));
            }
        }
    }
    // The longest joined name that prefixes the word.
    table
        .iter()
        .filter(|(name, value, _)| {
            matches!(value, V::Joined | V::JoinedOrSeparate)
                && bytes.len() > name.len()
                && bytes.starts_with(name.as_bytes())
        })
        .max_by_key(|(name, _, _)| name.len())
        .map(|(name, _, meaning)| (*meaning, Some(os_from_bytes(&bytes[name.len()..])), false))
}

fn apply(meaning: Meaning, value: Option<OsString>, state: &mut State, inv: &mut LinkInvocation) {
    let text = |v: &Option<OsString>| v.as_ref().map(|v| v.to_string_lossy().into_owned());
    match meaning {
        M::Output => inv.output = value.map(PathBuf::from),
        M::SearchDir => inv.search_dirs.extend(value.map(PathBuf::from)),
        M::Sysroot => inv.sysroot = value.map(PathBuf::from),
        M::NoStdLib => inv.nostdlib = true,
        M::FuseLd => inv.fuse_ld = text(&value),
        M::Target => inv.target_flag = text(&value),
        M::Emulation => inv.emulation = text(&value),
        M::ProgramPrefix => inv.program_prefixes.extend(value.map(PathBuf::from)),
        M::Lib => {
            if let Some(value) = value {
                let bytes = value.as_encoded_bytes();
                let (name, verbatim) = match bytes.strip_prefix(b":") {
                    Some(file) => (os_from_bytes(file), true),
                    None => (value.clone(), false),
                };
                inv.libs.push(LibRef {
                    name,
                    verbatim,
                    static_: state.static_,
                    whole_archive: state.whole_archive,
                });
            }
        }
        M::Bstatic => state.static_ = true,
        M::Bdynamic => state.static_ = false,
        M::WholeArchive => state.whole_archive = true,
        M::NoWholeArchive => state.whole_archive = false,
        M::PushState => {
            // One level is what rustc uses; deeper nesting keeps the outermost saved state.
            if state.stack_depth == 0 {
                state.saved = Some((state.static_, state.whole_archive));
            }
            state.stack_depth += 1;
        }
        M::PopState => {
            state.stack_depth = state.stack_depth.saturating_sub(1);
            if state.stack_depth == 0
                && let Some((static_, whole)) = state.saved.take()
            {
                state.static_ = static_;
                state.whole_archive = whole;
            }
        }
        M::Wl | M::Xlinker | M::Ignore => {}
    }
}

fn os_from_bytes(bytes: &[u8]) -> OsString {
    // SAFETY: `bytes` is a slice of an OsStr's encoded bytes split at ASCII characters (`,`,
    // `=`, `:`) or at a flag name's end, which `from_encoded_bytes_unchecked` allows.
    unsafe { OsStr::from_encoded_bytes_unchecked(bytes) }.to_os_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    fn lib(name: &str, verbatim: bool, static_: bool, whole_archive: bool) -> LibRef {
        LibRef {
            name: name.into(),
            verbatim,
            static_,
            whole_archive,
        }
    }

    #[test]
    fn tables_sorted_and_unique() {
        for table in [DRIVER_FLAGS, LD_FLAGS] {
            for w in table.windows(2) {
                assert!(
                    w[0].0.as_bytes() < w[1].0.as_bytes(),
                    "{} / {}",
                    w[0].0,
                    w[1].0
                );
            }
        }
    }

    #[test]
    fn rustc_gnu_cc_line() {
        let args = os(&[
            "-m64",
            "/tmp/rustcX/symbols.o",
            "main.main.1-cgu.0.rcgu.o",
            "-Wl,--as-needed",
            "-Wl,-Bstatic",
            "/sysroot/lib/rustlib/x86_64-unknown-linux-gnu/lib/libstd-1.rlib",
            "-Wl,-Bdynamic",
            "-lgcc_s",
            "-lc",
            "-L",
            "/sysroot/lib/rustlib/x86_64-unknown-linux-gnu/lib",
            "-Ltarget/debug/build/ring-1/out",
            "-Wl,--whole-archive",
            "-lring_core",
            "-Wl,--no-whole-archive",
            "-Wl,-Bstatic",
            "-l:libz.a",
            "-o",
            "target/debug/deps/main-abc",
            "-nodefaultlibs",
            "-fuse-ld=lld",
            "--target=x86_64-unknown-linux-gnu",
            "-Wl,-z,relro,-z,now",
            "-Wl,-O1",
        ]);
        let inv = parse(&args, ArgLevel::Driver);
        assert_eq!(inv.output, Some("target/debug/deps/main-abc".into()));
        assert_eq!(inv.inputs.len(), 3);
        assert_eq!(inv.inputs[0], PathBuf::from("/tmp/rustcX/symbols.o"));
        assert_eq!(
            inv.libs,
            vec![
                lib("gcc_s", false, false, false),
                lib("c", false, false, false),
                lib("ring_core", false, false, true),
                lib("libz.a", true, true, false),
            ]
        );
        assert_eq!(inv.search_dirs.len(), 2);
        assert!(inv.nostdlib);
        assert_eq!(inv.fuse_ld.as_deref(), Some("lld"));
        assert_eq!(inv.target_flag.as_deref(), Some("x86_64-unknown-linux-gnu"));
        assert_eq!(inv.unknown, os(&["-m64", "--as-needed", "-O1"]));
    }

    #[test]
    fn xlinker_and_separate_values() {
        let args = os(&[
            "-Xlinker",
            "-rpath",
            "-Xlinker",
            "/opt/lib",
            "-target",
            "mips-linux-gnu",
            "-l",
            "m",
            "--sysroot",
            "/sr",
            "-B/usr/libexec/mold",
            "a.o",
        ]);
        let inv = parse(&args, ArgLevel::Driver);
        assert_eq!(inv.inputs, vec![PathBuf::from("a.o")]);
        assert_eq!(inv.libs, vec![lib("m", false, false, false)]);
        assert_eq!(inv.sysroot, Some("/sr".into()));
        assert_eq!(inv.target_flag.as_deref(), Some("mips-linux-gnu"));
        assert_eq!(
            inv.program_prefixes,
            vec![PathBuf::from("/usr/libexec/mold")]
        );
        assert!(inv.unknown.is_empty(), "{:?}", inv.unknown);
    }

    #[test]
    fn ld_level_line() {
        let args = os(&[
            "-flavor",
            "gnu",
            "-m",
            "elf32btsmip",
            "--sysroot=/sr",
            "-export-dynamic",
            "--push-state",
            "-Bstatic",
            "--whole-archive",
            "-lfoo",
            "--pop-state",
            "-lbar",
            "--library=baz",
            "--library-path=/x",
            "--output=out",
            "-static",
            "-lqux",
        ]);
        let inv = parse(&args, ArgLevel::Ld);
        assert_eq!(inv.emulation.as_deref(), Some("elf32btsmip"));
        assert_eq!(inv.sysroot, Some("/sr".into()));
        assert_eq!(inv.output, Some("out".into()));
        assert_eq!(inv.search_dirs, vec![PathBuf::from("/x")]);
        assert_eq!(
            inv.libs,
            vec![
                lib("foo", false, true, true),
                lib("bar", false, false, false),
                lib("baz", false, false, false),
                lib("qux", false, true, false),
            ]
        );
        // Not `-e xport-dynamic`.
        assert_eq!(inv.unknown, os(&["-export-dynamic"]));
    }

    #[test]
    fn level_from_name() {
        for ld in [
            "ld",
            "ld.lld",
            "mips-linux-gnu-ld",
            "aarch64-linux-gnu-ld.bfd",
            "mold",
            "rust-lld",
        ] {
            assert_eq!(ArgLevel::of_linker(ld.as_ref()), ArgLevel::Ld, "{ld}");
        }
        for cc in [
            "cc",
            "gcc",
            "clang-14",
            "mips-openwrt-linux-gcc",
            "x86_64-w64-mingw32-gcc.exe",
        ] {
            assert_eq!(ArgLevel::of_linker(cc.as_ref()), ArgLevel::Driver, "{cc}");
        }
        for msvc in ["link.exe", "LINK.EXE", "lld-link", "lld-link-14"] {
            assert_eq!(ArgLevel::of_linker(msvc.as_ref()), ArgLevel::Msvc, "{msvc}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_words_survive() {
        use std::os::unix::ffi::OsStrExt;
        let raw = OsStr::from_bytes(b"-Wl,-L/opt/\xff,-lz");
        let inv = parse(
            &[raw.to_os_string(), OsStr::from_bytes(b"\xfe.o").into()],
            ArgLevel::Driver,
        );
        assert_eq!(inv.search_dirs[0].as_os_str().as_bytes(), b"/opt/\xff");
        assert_eq!(inv.inputs[0].as_os_str().as_bytes(), b"\xfe.o");
        assert_eq!(inv.libs[0].name, "z");
    }

    #[test]
    fn dangling_values_do_not_panic() {
        for last in [
            "-o",
            "-L",
            "-l",
            "-Xlinker",
            "-target",
            "-Wl,",
            "--sysroot",
            "-",
        ] {
            let _ = parse(&os(&["a.o", last]), ArgLevel::Driver);
            let _ = parse(&os(&["a.o", last]), ArgLevel::Ld);
        }
    }
}
