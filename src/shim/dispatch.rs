//! Deciding, from argv alone, whether this process is a linker call (rule in `shim/mod.rs`).

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

/// A linker call: where to find the real linker, and the arguments to hand it unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShimRequest {
    pub source: LinkerSource,
    pub args: Vec<OsString>,
}

/// How the real linker is to be found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkerSource {
    /// The shim runs under a linker's name: the pinned linker next to it, else the next
    /// program of the same name in `PATH` that is not xlinkdiag, else `XLINKDIAG_LINKER`.
    NamedAfter {
        /// argv\[0\] as given, to find the directory the shim was started from.
        invoked_as: PathBuf,
        /// Its file name, the name to look for.
        name: OsString,
    },
    /// `xlinkdiag` itself is the linker: `XLINKDIAG_LINKER` names the real one.
    EnvVar,
    /// `xlinkdiag link --linker REAL`: a path, or a bare name looked up in `PATH`.
    Explicit(PathBuf),
}

/// The tool's own first words, sorted; anything else that looks like a linker line is one.
/// `cli` checks that they are clap's subcommands.
pub const TOOL_WORDS: &[&str] = &[
    "annotate", "doctor", "env", "explain", "fix", "help", "link", "scan", "shim",
];

/// Decides before clap whether this invocation is a linker call (see the module doc of
/// `shim` for the rule), from the words alone.
pub fn shim_mode(argv0: &OsStr, args: &[OsString]) -> Option<ShimRequest> {
    let invoked_as = Path::new(argv0);
    let name = invoked_as.file_name().unwrap_or_default();
    if !is_tool_name(name) {
        return Some(ShimRequest {
            source: LinkerSource::NamedAfter {
                invoked_as: invoked_as.to_path_buf(),
                name: name.to_os_string(),
            },
            args: args.to_vec(),
        });
    }
    let first = args.first()?;
    let bytes = first.as_encoded_bytes();
    if bytes == b"link" {
        return link_subcommand(&args[1..]);
    }
    if TOOL_WORDS.iter().any(|w| w.as_bytes() == bytes) {
        return None;
    }
    // rustc's line for link.exe and lld-link starts with `/NOLOGO`; any other line may start
    // with a plain object (`-Z pre-link-arg=start.o`, a target's pre-link objects), so the
    // rest of the line decides.
    let linker_like = bytes.starts_with(b"@")
        || bytes.eq_ignore_ascii_case(b"/NOLOGO")
        // After `--` come only paths (`xlinkdiag a.a -- -odd.o`); rustc's `-o` comes before
        // any such word a `-C link-arg` could add.
        || args
            .iter()
            .take_while(|a| *a != "--")
            .any(|a| is_linker_word(a.as_encoded_bytes()));
    linker_like.then(|| ShimRequest {
        source: LinkerSource::EnvVar,
        args: args.to_vec(),
    })
}

/// A word that only a linker line holds: `-o` (every rustc line but link.exe's has it), a
/// single-dash option of three bytes or more (`-Wl,…`, `-nodefaultlibs`, `-L/dir`, `-lc`,
/// `-m64`, `-flavor`), or link.exe's `/OUT:`. The tool's own options are `--long` ones and
/// the two-byte `-h`/`-V`, so none of them is such a word.
fn is_linker_word(arg: &[u8]) -> bool {
    let single_dash = arg.first() == Some(&b'-') && arg.get(1).is_some_and(|&b| b != b'-');
    (single_dash && (arg.len() >= 3 || arg == b"-o"))
        || arg
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"/OUT:"))
}

/// `link --linker REAL -- ARGS…` (or `--linker=REAL`), the CLI's own form, run here so that
/// it costs what the shim costs; any other form (`link --help`, no `--`) goes to clap, which
/// says what is wrong with it.
fn link_subcommand(rest: &[OsString]) -> Option<ShimRequest> {
    let (real, args) = match rest {
        [flag, real, dashes, args @ ..] if flag == "--linker" && dashes == "--" => {
            (PathBuf::from(real), args)
        }
        [flag, dashes, args @ ..] if dashes == "--" => (
            PathBuf::from(flag.to_str()?.strip_prefix("--linker=")?),
            args,
        ),
        _ => return None,
    };
    (!real.as_os_str().is_empty()).then(|| ShimRequest {
        source: LinkerSource::Explicit(real),
        args: args.to_vec(),
    })
}

/// `xlinkdiag`, `xlinkdiag.exe`, or a versioned copy such as `xlinkdiag-0.1`: no real linker
/// has a name like that, so these are the tool.
fn is_tool_name(name: &OsStr) -> bool {
    let bytes = name.as_encoded_bytes();
    bytes.len() >= 9 && bytes[..9].eq_ignore_ascii_case(b"xlinkdiag")
}

/// Options after which a gcc/clang driver does not link: it compiles, preprocesses, or only
/// answers a question. Sorted, for the binary search.
const NO_LINK_FLAGS: &[&str] = &[
    "-###",
    "--help",
    "--target-help",
    "--version",
    "-E",
    "-M",
    "-MM",
    "-S",
    "-c",
    "-dumpfullversion",
    "-dumpmachine",
    "-dumpspecs",
    "-dumpversion",
    "-fsyntax-only",
    "-print-file-name",
    "-print-libgcc-file-name",
    "-print-multi-directory",
    "-print-multi-lib",
    "-print-multi-os-directory",
    "-print-multiarch",
    "-print-prog-name",
    "-print-search-dirs",
    "-print-sysroot",
    "-print-sysroot-headers-suffix",
    "-print-targets",
];

/// True when `args` (as given, `@file`s unread) ask for a link. Compiles (`-c`), queries
/// (`-dumpmachine`, `-print-*`, `--version`) and a lone `-v` are not links: the shim passes
/// them through and stays silent.
pub fn is_link(args: &[OsString]) -> bool {
    if args.is_empty() || (args.len() == 1 && args[0] == "-v") {
        return false;
    }
    !args.iter().any(|arg| {
        let Some(arg) = arg.to_str() else {
            return false;
        };
        // `-print-file-name=libc.a`, `--print-search-dirs`, `-print-prog-name=ld`.
        let key = arg.split('=').next().unwrap_or(arg);
        let key = key
            .strip_prefix('-')
            .filter(|k| k.starts_with("-print-"))
            .unwrap_or(key);
        NO_LINK_FLAGS.binary_search(&key).is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn tables_sorted_and_unique() {
        assert!(NO_LINK_FLAGS.windows(2).all(|w| w[0] < w[1]));
        assert!(TOOL_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn linker_name_is_always_shim() {
        let req = shim_mode("/opt/bin/mips-openwrt-linux-gcc".as_ref(), &os(&["scan"])).unwrap();
        assert_eq!(
            req.source,
            LinkerSource::NamedAfter {
                invoked_as: "/opt/bin/mips-openwrt-linux-gcc".into(),
                name: "mips-openwrt-linux-gcc".into()
            }
        );
        assert!(shim_mode("cc".as_ref(), &[]).is_some());
    }

    /// The dispatch rule as a table: what a person types goes to clap (`None`), what rustc
    /// writes for any linker flavor is a link (`Some`). Issue 11: a line whose first word is
    /// a plain object (`-Z pre-link-arg=start.o`) is a link too.
    #[test]
    fn dispatch_table() {
        const LINK: bool = true;
        const TOOL: bool = false;
        let table: &[(&[&str], bool)] = &[
            // People: subcommands, the tool's own flags, paths to scan.
            (&[], TOOL),
            (&["scan", "-m64"], TOOL),
            (&["link", "--linker", "cc", "-m64"], TOOL),
            (&["link", "--help"], TOOL),
            (&["link", "--linker=", "--", "-m64"], TOOL),
            (&["--help"], TOOL),
            (&["-h"], TOOL),
            (&["-V"], TOOL),
            (&["-v"], TOOL),
            (&["--format", "json", "scan"], TOOL),
            (&["target"], TOOL),
            (
                &[
                    "target",
                    "--target",
                    "mips-unknown-linux-musl",
                    "--format=json",
                ],
                TOOL,
            ),
            (&["target", "-h"], TOOL),
            (&["foo.o"], TOOL),
            (&["/etc/hostname"], TOOL),
            (&["/etc/hostname", "/etc/passwd"], TOOL),
            (&["a.o", "b.o"], TOOL),
            (&["/tmp/x/symbols.o", "b.o"], TOOL),
            (&["/tmp/rustcAbC123/symbols.o", "a.o"], TOOL),
            (&["libfoo.a", "--", "-weird-file-name.o"], TOOL),
            (&["help"], TOOL),
            (&["/nologo/target"], TOOL),
            // rustc, gcc/clang flavor: an option first, or a pre-link object first.
            (&["-m64", "/tmp/rustcX/symbols.o", "-o", "a"], LINK),
            (&["-fuse-ld=lld", "a.o"], LINK),
            (&["-Wl,--as-needed"], LINK),
            (&["/tmp/rustcAbC123/symbols.o", "a.o", "-o", "x"], LINK),
            (
                &[
                    "/rust/lib/rustlib/mips-unknown-linux-musl/lib/self-contained/crt1.o",
                    "-o",
                    "x",
                ],
                LINK,
            ),
            (
                &[
                    "/work/start.o",
                    "/tmp/rustcX/symbols.o",
                    "app.app.0.rcgu.o",
                    "-Wl,--as-needed",
                    "-nodefaultlibs",
                    "-o",
                    "app",
                ],
                LINK,
            ),
            (&["start.o", "app.rcgu.o", "-o", "app"], LINK),
            // rustc, ld and lld flavors, response files.
            (&["-flavor", "gnu"], LINK),
            (
                &["start.o", "--eh-frame-hdr", "-L", "/x", "-o", "app"],
                LINK,
            ),
            (&["@/tmp/rustcX/linker-arguments"], LINK),
            // rustc, link.exe and lld-link flavors.
            (&["/NOLOGO", "a.o", "/OUT:a.exe"], LINK),
            (&["start.obj", "/NOLOGO", "a.o", "/OUT:a.exe"], LINK),
        ];
        for (args, link) in table {
            let req = shim_mode("/usr/bin/xlinkdiag".as_ref(), &os(args));
            assert_eq!(
                req.map(|r| r.source),
                link.then_some(LinkerSource::EnvVar),
                "{args:?}"
            );
        }
    }

    #[test]
    fn msvc_lines_are_links() {
        let req = shim_mode("xlinkdiag".as_ref(), &os(&["/NOLOGO", "a.o", "/OUT:a.exe"]));
        assert_eq!(req.map(|r| r.source), Some(LinkerSource::EnvVar));
        // An absolute path is a scan, as before.
        assert_eq!(
            shim_mode("xlinkdiag".as_ref(), &os(&["/nologo/target"])),
            None
        );
    }

    #[test]
    fn link_subcommand_is_decided_here() {
        for (args, real, rest) in [
            (
                &["link", "--linker", "cc", "--", "-m64", "a.o"][..],
                "cc",
                &["-m64", "a.o"][..],
            ),
            (
                &["link", "--linker=/usr/bin/cc", "--"][..],
                "/usr/bin/cc",
                &[][..],
            ),
            (
                &["link", "--linker", "cc", "--", "--"][..],
                "cc",
                &["--"][..],
            ),
        ] {
            let req = shim_mode("xlinkdiag".as_ref(), &os(args)).unwrap();
            assert_eq!(req.source, LinkerSource::Explicit(real.into()), "{args:?}");
            assert_eq!(req.args, os(rest), "{args:?}");
        }
    }

    #[test]
    fn tool_name_variants() {
        assert!(is_tool_name("xlinkdiag".as_ref()));
        assert!(is_tool_name("XLINKDIAG.EXE".as_ref()));
        assert!(is_tool_name("xlinkdiag-0.1".as_ref()));
        assert!(!is_tool_name("xlink".as_ref()));
        assert!(!is_tool_name("gcc".as_ref()));
    }

    #[test]
    fn compiles_and_queries_are_not_links() {
        for args in [
            &[][..],
            &["-v"][..],
            &["-c", "a.c", "-o", "a.o"][..],
            &["-dumpmachine"][..],
            &["--version"][..],
            &["-print-search-dirs"][..],
            &["--print-search-dirs"][..],
            &["-print-file-name=libc.a"][..],
            &["-E", "-"][..],
        ] {
            assert!(!is_link(&os(args)), "{args:?}");
        }
        for args in [
            &["a.o", "-o", "a"][..],
            &["-v", "a.o"][..],
            &["@args"][..],
            &["-Wl,--version-script=v", "a.o"][..],
        ] {
            assert!(is_link(&os(args)), "{args:?}");
        }
    }
}
