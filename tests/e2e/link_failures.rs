// Tests read the environment directly: the env door is for the tool.
#![allow(clippy::disallowed_methods)]
//! The link failures of cross builds beyond the wrong machine (issue 5), made by real
//! compilers (`testdata/link-failures/gen.sh`) and real linkers: ABI clashes, glibc symbols
//! in a musl link, 64-bit atomics on mips32, non-PIC C in a PIE, an archive without index,
//! Mach-O for another Apple platform, COFF for another machine.
//!
//! Each case is one module of three tests. `scan`: the committed object alone (no toolchain
//! needed). `link`: the culprit put where cargo puts it in a temp target dir, the real link
//! run directly and through `xlinkdiag link`: exit status and the linker's own words kept,
//! the JSON report naming kind, crate and fix; then `scan` of that target dir. `correct`:
//! the case's correct object stays silent, its link byte-identical through the shim.
//! Without a toolchain `link` and `correct` say why they skip; under CI=true they fail.

use crate::skips;
use crate::support;

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use support::TempDir;

const XLINKDIAG: &str = env!("CARGO_BIN_EXE_xlinkdiag");

/// The package whose build script made the C objects, and its crate.
const PACKAGE: &str = "scale-sys";
const CRATE: &str = "scale_sys";
const UNIT: &str = "scale-sys-ad75ecc742eb5efe";
const RLIB: &str = "libscale_sys-91d993c679b7024d.rlib";
/// cc-rs names its objects `<hash>-<file>.o`; rustc bundles them under the same name.
const MEMBER: &str = "1d1ea73a2512983e-scale.o";

/// Where the culprit sits in the temp target dir, and how the link names it.
#[derive(Clone, Copy)]
enum Place {
    /// Bundled in `deps/libscale_sys-<hash>.rlib` (made with `ar rcs`), as rustc does;
    /// the same object also in the build script's out dir.
    Rlib,
    /// A cc-rs object in the build script's out dir, on the link line itself.
    OutDir,
    /// A static library in the out dir, found through `-L <out> -lscale`.
    SearchedLib,
}

/// The fix a finding must carry.
#[derive(Clone, Copy)]
enum Fix {
    /// `env[VAR]` is set and contains the text.
    Env(&'static str, &'static str),
    /// Some `env` entry or `help` line contains the text.
    Mentions(&'static str),
    /// Some `env` variable for the target (`*_<target with underscores>`).
    AnyVarForTarget,
}

struct Link {
    /// The real linker (a gcc-style driver or lld).
    linker: &'static str,
    /// Flags and output, before the inputs.
    head: &'static [&'static str],
    /// Committed objects for the rest of the link (rustc's side), before the culprit.
    rest: &'static [&'static str],
    /// Does the real link fail? (GNU ld only warns about a MIPS float ABI clash.)
    fails: bool,
    /// The real linker's own words about the culprit, kept by the shim.
    words: &'static [&'static str],
}

struct Case {
    /// The tests' module, also the temp dir's name.
    name: &'static str,
    target: &'static str,
    /// The object (or archive) in testdata/link-failures that breaks the link …
    culprit: &'static str,
    /// … and the one a correct build makes instead.
    correct: &'static str,
    kind: &'static str,
    fix: Fix,
    place: Place,
    link: Link,
}

/// A freestanding ELF link through a gcc driver, entry point `entry`.
const GNU_ELF: &[&str] = &["-nostdlib", "-Wl,-e,entry", "-o", "out"];
const MIPS_SOFT_ELF: &[&str] = &["-msoft-float", "-nostdlib", "-Wl,-e,entry", "-o", "out"];
const IOS_SIM: &[&str] = &[
    "-arch",
    "arm64",
    "-platform_version",
    "ios-simulator",
    "14.0",
    "14.0",
    "-e",
    "_entry",
    "-o",
    "out",
];

const A_MIPS_FLOAT: Case = Case {
    name: "a_mips_hard_float_in_soft_float_link",
    target: "mips-unknown-linux-musl",
    culprit: "mips-scale-hard.o",
    correct: "mips-scale-soft.o",
    kind: "abi-mismatch",
    fix: Fix::Env("CFLAGS_mips_unknown_linux_musl", "-msoft-float"),
    place: Place::Rlib,
    link: Link {
        linker: "mips-linux-gnu-gcc",
        head: MIPS_SOFT_ELF,
        rest: &["mips-entry-soft.o"],
        fails: false,
        words: &[
            "warning: out uses -msoft-float (set by mips-entry-soft.o)",
            "uses -mhard-float",
        ],
    },
};

const B_MIPSEL: Case = Case {
    name: "b_mipsel_object_in_mips_link",
    target: "mips-unknown-linux-gnu",
    culprit: "mipsel-scale.o",
    correct: "mips-scale-hard.o",
    kind: "wrong-architecture",
    fix: Fix::Env("CC_mips_unknown_linux_gnu", "mips-linux-gnu-gcc"),
    place: Place::OutDir,
    link: Link {
        linker: "mips-linux-gnu-gcc",
        head: GNU_ELF,
        rest: &["mips-entry-hard.o"],
        fails: true,
        words: &[
            "compiled for a little endian system and target is big endian",
            "failed to merge target specific data of file",
        ],
    },
};

const C_ARM_FLOAT: Case = Case {
    name: "c_armel_object_in_armhf_link",
    target: "armv7-unknown-linux-gnueabihf",
    culprit: "armel-scale.o",
    correct: "armhf-scale.o",
    kind: "abi-mismatch",
    fix: Fix::Env("CFLAGS_armv7_unknown_linux_gnueabihf", "-mfloat-abi=hard"),
    place: Place::Rlib,
    link: Link {
        linker: "arm-linux-gnueabihf-gcc",
        head: GNU_ELF,
        rest: &["armhf-entry.o"],
        fails: true,
        words: &[
            "error: out uses VFP register arguments,",
            "does not",
            "failed to merge target specific data of file",
        ],
    },
};

const D_FORTIFY: Case = Case {
    name: "d_glibc_fortified_object_in_musl_link",
    target: "x86_64-unknown-linux-musl",
    culprit: "glibc-fortify.o",
    correct: "musl-fortify.o",
    kind: "libc-mismatch",
    fix: Fix::Env("CC_x86_64_unknown_linux_musl", "musl-gcc"),
    place: Place::Rlib,
    link: Link {
        linker: "musl-gcc",
        head: &["-o", "out"],
        rest: &["musl-main.o"],
        fails: true,
        words: &[
            "undefined reference to `__memcpy_chk'",
            "undefined reference to `__printf_chk'",
        ],
    },
};

const E_ATOMICS: Case = Case {
    name: "e_mips32_64bit_atomics_without_libatomic",
    target: "mips-unknown-linux-musl",
    culprit: "mips-atomics64.o",
    correct: "mips-atomics32.o",
    kind: "missing-atomics",
    fix: Fix::Mentions("-latomic"),
    place: Place::Rlib,
    link: Link {
        linker: "mips-linux-gnu-gcc",
        head: MIPS_SOFT_ELF,
        rest: &["mips-entry-soft.o"],
        fails: true,
        words: &["undefined reference to `__atomic_fetch_add_8'"],
    },
};

const F_NOPIC: Case = Case {
    name: "f_non_pic_object_in_pie_link",
    target: "x86_64-unknown-linux-gnu",
    culprit: "x86_64-nopic.o",
    correct: "x86_64-pic.o",
    kind: "pic-mismatch",
    fix: Fix::Env("CFLAGS_x86_64_unknown_linux_gnu", "-fPIC"),
    place: Place::OutDir,
    link: Link {
        linker: "gcc",
        head: &["-pie", "-o", "out"],
        rest: &["x86_64-main.o"],
        fails: true,
        words: &[
            "relocation R_X86_64_32 against `.bss' can not be used when making a PIE object; \
             recompile with -fPIE",
        ],
    },
};

/// Issue 12: lld names a member of an rlib as `>>> defined in X.rlib(m.o)` and
/// `>>> m.o:(sym) in archive X.rlib`; the report must name the rlib and its member (with
/// the crate), never a file `m.o` in the link's directory.
const F_NOPIC_RLIB_LLD: Case = Case {
    name: "f_non_pic_rlib_member_in_lld_shared_link",
    target: "x86_64-unknown-linux-gnu",
    culprit: "x86_64-nopic.o",
    correct: "x86_64-pic.o",
    kind: "pic-mismatch",
    fix: Fix::Env("CFLAGS_x86_64_unknown_linux_gnu", "-fPIC"),
    place: Place::Rlib,
    link: Link {
        linker: "ld.lld",
        head: &["-shared", "-o", "out"],
        rest: &["x86_64-main.o"],
        fails: true,
        words: &[
            "relocation R_X86_64_32 cannot be used against local symbol; recompile with -fPIC",
            ">>> defined in ",
            ") in archive ",
        ],
    },
};

const G_NO_INDEX: Case = Case {
    name: "g_archive_without_index",
    target: "mips-unknown-linux-gnu",
    culprit: "libscale-noindex.a",
    correct: "libscale.a",
    kind: "archive-no-index",
    fix: Fix::Env("AR_mips_unknown_linux_gnu", "mips-linux-gnu-ar"),
    place: Place::SearchedLib,
    link: Link {
        linker: "mips-linux-gnu-gcc",
        head: GNU_ELF,
        rest: &["mips-entry-hard.o"],
        fails: true,
        words: &["error adding symbols: archive has no index; run ranlib to add one"],
    },
};

/// ld64.lld-14 links an iOS-device object into a simulator link without a word (Apple's
/// ld64 refuses it: `building for iOS Simulator, but linking in object file built for
/// iOS`): only `scan` can tell.
const H_IOS_DEVICE: Case = Case {
    name: "h_ios_device_object_in_simulator_link",
    target: "aarch64-apple-ios-sim",
    culprit: "ios-scale.o",
    correct: "ios-sim-scale.o",
    kind: "abi-mismatch",
    fix: Fix::AnyVarForTarget,
    place: Place::OutDir,
    link: Link {
        linker: "ld64.lld-14",
        head: IOS_SIM,
        rest: &["ios-sim-entry.o"],
        fails: false,
        words: &[],
    },
};

const H_MACOS: Case = Case {
    name: "h_macos_object_in_simulator_link",
    target: "aarch64-apple-ios-sim",
    culprit: "macos-scale.o",
    correct: "ios-sim-scale.o",
    kind: "abi-mismatch",
    fix: Fix::AnyVarForTarget,
    place: Place::OutDir,
    link: Link {
        linker: "ld64.lld-14",
        head: IOS_SIM,
        rest: &["ios-sim-entry.o"],
        fails: true,
        words: &["has platform macOS, which is different from target platform iOS Simulator"],
    },
};

/// No ARM64EC case: clang-14 takes `-target arm64ec-pc-windows-msvc` but writes an ARM64
/// (0xAA64) object, which lld-link links into an ARM64 image; see gen.sh.
const I_X64_COFF: Case = Case {
    name: "i_x64_coff_object_in_arm64_lld_link",
    target: "aarch64-pc-windows-msvc",
    culprit: "x64-scale.obj",
    correct: "arm64-scale.obj",
    kind: "wrong-architecture",
    fix: Fix::Env("CC_aarch64_pc_windows_msvc", ""),
    place: Place::OutDir,
    link: Link {
        linker: "lld-link-14",
        head: &[
            "/machine:arm64",
            "/entry:entry",
            "/subsystem:console",
            "/nodefaultlib",
            "/Brepro",
            "/out:out",
        ],
        rest: &["arm64-entry.obj"],
        fails: true,
        words: &["machine type x64 conflicts with arm64"],
    },
};

/// rustc's link.exe-style line (`/NOLOGO` first) given to plain `xlinkdiag`, with the real
/// lld-link in `XLINKDIAG_LINKER` and nothing under a target dir: the expected target comes
/// from `/MACHINE:`, and the report names the x64 object the ARM64 link rejected.
#[test]
fn msvc_line_through_plain_xlinkdiag() {
    let case = &I_X64_COFF;
    if !tools_present("msvc_line_through_plain_xlinkdiag", case) {
        return;
    }
    let dir = TempDir::new("msvc-line");
    for obj in [case.culprit, "arm64-entry.obj"] {
        copy(&data(obj), &dir.path(obj));
    }
    let mut args: Vec<OsString> = vec!["/NOLOGO".into()];
    args.extend(case.link.head.iter().map(OsString::from));
    args.extend(["arm64-entry.obj", case.culprit].map(OsString::from));
    let direct = run(&dir, Command::new(case.link.linker).args(&args));
    assert!(!direct.status.success(), "{}", text(&direct));
    let report = dir.path("report.json");
    let shim = run(
        &dir,
        Command::new(XLINKDIAG)
            .args(&args)
            .env("XLINKDIAG_LINKER", case.link.linker)
            .env("XLINKDIAG_REPORT", &report),
    );
    assert_eq!(shim.status.code(), direct.status.code(), "{}", text(&shim));
    let said = String::from_utf8_lossy(&shim.stderr);
    assert!(
        said.starts_with(&*String::from_utf8_lossy(&direct.stderr)),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "xlinkdiag: error[wrong-architecture]: `{}` holds x86_64 objects, but the target \
             aarch64-pc-windows-msvc needs aarch64",
            dir.path(case.culprit).display()
        )),
        "{said}"
    );
    assert!(said.contains("from the linker's /MACHINE:arm64"), "{said}");
    let json: Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    assert_eq!(json["target"], "aarch64-pc-windows-msvc", "{json}");

    // The same line in a response file as rustc writes one for link.exe: UTF-16LE with a
    // byte-order mark, one quoted argument per line.
    let lines: String = args
        .iter()
        .map(|a| format!("\"{}\"\n", a.to_str().unwrap()))
        .collect();
    let utf16: Vec<u8> = std::iter::once(0xFEFF)
        .chain(lines.encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    fs::write(dir.path("linker-arguments"), utf16).unwrap();
    let at_file = [OsString::from("@linker-arguments")];
    let direct = run(&dir, Command::new(case.link.linker).args(&at_file));
    assert!(
        String::from_utf8_lossy(&direct.stderr).contains("machine type x64 conflicts with arm64"),
        "lld-link did not read the UTF-16 response file:\n{}",
        text(&direct)
    );
    let shim = run(
        &dir,
        Command::new(XLINKDIAG)
            .args(&at_file)
            .env("XLINKDIAG_LINKER", case.link.linker),
    );
    assert_eq!(shim.status.code(), direct.status.code(), "{}", text(&shim));
    let said = String::from_utf8_lossy(&shim.stderr);
    assert!(
        said.contains("xlinkdiag: error[wrong-architecture]") && said.contains(case.culprit),
        "{said}"
    );
}

/// Three tests per case: `scan` (the committed object alone, no toolchain), `link` (the
/// real link directly and through the shim, then a scan of the target dir) and `correct`
/// (j: the correct object of the case stays silent in both).
macro_rules! case_tests {
    ($($module:ident => $case:ident),* $(,)?) => {$(
        mod $module {
            #[test]
            fn scan() {
                super::check_scan(&super::$case);
            }

            #[test]
            fn link() {
                super::check_link(&super::$case);
            }

            #[test]
            fn correct() {
                super::check_correct(&super::$case);
            }
        }
    )*};
}

case_tests! {
    a_mips_hard_float_in_soft_float_link => A_MIPS_FLOAT,
    b_mipsel_object_in_mips_link => B_MIPSEL,
    c_armel_object_in_armhf_link => C_ARM_FLOAT,
    d_glibc_fortified_object_in_musl_link => D_FORTIFY,
    e_mips32_64bit_atomics_without_libatomic => E_ATOMICS,
    f_non_pic_object_in_pie_link => F_NOPIC,
    f_non_pic_rlib_member_in_lld_shared_link => F_NOPIC_RLIB_LLD,
    g_archive_without_index => G_NO_INDEX,
    h_ios_device_object_in_simulator_link => H_IOS_DEVICE,
    h_macos_object_in_simulator_link => H_MACOS,
    i_x64_coff_object_in_arm64_lld_link => I_X64_COFF,
}

// ---------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------

/// `scan` of the committed culprit alone finds the case's kind and fix.
fn check_scan(case: &Case) {
    let scan = scan(&[&data(case.culprit)], case.target);
    scan.assert_finding(case, None, &format!("scan {}", case.culprit));
}

/// The real link with the culprit where cargo puts it: directly, then through the shim.
fn check_link(case: &Case) {
    let link = &case.link;
    if !tools_present(&format!("{}::link", case.name), case) {
        return;
    }
    let dir = TempDir::new(case.name);
    let culprit = place(&dir, case, case.culprit);
    let (direct, shim, report) = link_both_ways(&dir, link, &culprit);
    let said = String::from_utf8_lossy(&direct.stderr);
    for words in link.words {
        assert!(
            said.contains(words),
            "{}: the real linker no longer says {words:?}:\n{said}",
            case.name
        );
    }
    if link.fails {
        assert!(
            !direct.status.success(),
            "{}: the real link was expected to fail:\n{}",
            case.name,
            text(&direct)
        );
        assert_diagnosed(case, &direct, &shim, report);
    } else {
        // GNU ld only warns (lld says nothing) and links: the shim stays silent.
        assert!(direct.status.success(), "{}: {}", case.name, text(&direct));
        assert_identical(case.name, &direct, &shim);
    }
    // The same layout scanned: the culprit is attributed to its crate.
    scan_layout(&dir, case.target).assert_finding(
        case,
        Some(CRATE),
        &format!("scan of the target dir holding {}", case.culprit),
    );
}

/// j: the correct object: `scan` finds nothing, and the link succeeds through the shim with
/// the same status, output and artifact as without it.
fn check_correct(case: &Case) {
    let scan = scan(&[&data(case.correct)], case.target);
    scan.assert_no_findings(&format!("{}: scan the correct {}", case.name, case.correct));
    if !tools_present(&format!("{}::correct", case.name), case) {
        return;
    }
    let dir = TempDir::new(&format!("{}-correct", case.name));
    let object = place(&dir, case, case.correct);
    let (direct, shim, _) = link_both_ways(&dir, &case.link, &object);
    let what = format!("{}: the correct link", case.name);
    assert!(direct.status.success(), "{what} failed:\n{}", text(&direct));
    assert_identical(&what, &direct, &shim);
    scan_layout(&dir, case.target).assert_no_findings(&format!("{what}, target dir"));
}

/// A failed link through the shim: the linker's exit status, stdout and stderr kept as they
/// were, `xlinkdiag:` lines after them, and the report naming kind, crate and fix.
fn assert_diagnosed(case: &Case, direct: &Linked, shim: &Linked, report: Option<Vec<u8>>) {
    let name = case.name;
    assert_eq!(
        shim.status.code(),
        direct.status.code(),
        "{name}: the shim must mirror the linker's exit status\n{}",
        text(shim)
    );
    assert_eq!(shim.stdout, direct.stdout, "{name}: stdout");
    let extra = shim
        .stderr
        .strip_prefix(direct.stderr.as_slice())
        .unwrap_or_else(|| {
            panic!(
                "{name}: the shim must keep the linker's stderr as it was, then add its own\n\
                 direct:\n{}\nshim:\n{}",
                String::from_utf8_lossy(&direct.stderr),
                String::from_utf8_lossy(&shim.stderr)
            )
        });
    let extra = String::from_utf8_lossy(extra);
    assert!(
        extra.lines().all(|l| l.starts_with("xlinkdiag:")),
        "{name}: the shim's own lines:\n{extra}"
    );
    assert!(
        extra.contains(&format!("xlinkdiag: error[{}]", case.kind)),
        "{name}: the shim's diagnosis lacks error[{}]:\n{extra}",
        case.kind
    );
    let report = report.unwrap_or_else(|| panic!("{name}: no XLINKDIAG_REPORT written"));
    Scan::from_json(report, None, "the shim's report").assert_finding(
        case,
        Some(CRATE),
        "the shim's report",
    );
}

/// Are the linker and, for an rlib, `ar` here? Prints why not (or panics under CI=true).
fn tools_present(test: &str, case: &Case) -> bool {
    let mut tools = vec![case.link.linker];
    if let Place::Rlib = case.place {
        tools.push("ar");
    }
    skips::require_all(test, &tools)
}

/// The real link run directly, then through `xlinkdiag link` with `XLINKDIAG_REPORT`, in
/// the same dir with the same arguments. Returns both runs and the report's bytes.
fn link_both_ways(
    dir: &TempDir,
    link: &Link,
    culprit: &[OsString],
) -> (Linked, Linked, Option<Vec<u8>>) {
    for obj in link.rest {
        copy(&data(obj), &dir.path(obj));
    }
    let mut args: Vec<OsString> = link.head.iter().map(OsString::from).collect();
    args.extend(link.rest.iter().map(OsString::from));
    args.extend(culprit.iter().cloned());

    let direct = run(dir, Command::new(link.linker).args(&args));
    let report = dir.path("report.json");
    let shim = run(
        dir,
        Command::new(XLINKDIAG)
            .args(["link", "--linker", link.linker, "--"])
            .args(&args)
            .env("XLINKDIAG_REPORT", &report),
    );
    (direct, shim, fs::read(&report).ok())
}

/// A finished link: the process's output and the artifact it wrote.
struct Linked {
    status: std::process::ExitStatus,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    artifact: Option<Vec<u8>>,
}

fn run(dir: &TempDir, cmd: &mut Command) -> Linked {
    let out_file = dir.path("out");
    let _ = fs::remove_file(&out_file);
    clean_env(cmd);
    let Output {
        status,
        stdout,
        stderr,
    } = cmd
        .current_dir(&dir.0)
        .output()
        .unwrap_or_else(|e| panic!("run {cmd:?}: {e}"));
    Linked {
        status,
        stdout,
        stderr,
        artifact: fs::read(&out_file).ok(),
    }
}

fn assert_identical(what: &str, direct: &Linked, shim: &Linked) {
    assert_eq!(
        shim.status.code(),
        direct.status.code(),
        "{what}: exit status"
    );
    assert_eq!(
        String::from_utf8_lossy(&shim.stderr),
        String::from_utf8_lossy(&direct.stderr),
        "{what}: the shim must add nothing to a successful link's stderr"
    );
    assert_eq!(shim.stdout, direct.stdout, "{what}: stdout");
    assert!(direct.artifact.is_some(), "{what}: no artifact");
    assert!(
        shim.artifact == direct.artifact,
        "{what}: the artifact differs with the shim"
    );
}

fn text(l: &Linked) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        l.status.code(),
        String::from_utf8_lossy(&l.stdout),
        String::from_utf8_lossy(&l.stderr)
    )
}

// ---------------------------------------------------------------------------
// The cargo-like layout
// ---------------------------------------------------------------------------

/// Puts `file` where cargo would hold the C objects of package scale-sys for the case's
/// target, under `<dir>/target/<triple>/debug/`, with the build script's `output`.
/// Returns the arguments that hand it to the linker.
fn place(dir: &TempDir, case: &Case, file: &str) -> Vec<OsString> {
    let profile = dir.path("target").join(case.target).join("debug");
    let unit = profile.join("build").join(UNIT);
    let out = unit.join("out");
    fs::create_dir_all(&out).unwrap();
    fs::write(unit.join("output"), cc_rs_output(case.target, &out)).unwrap();
    fs::write(unit.join("root-output"), out.as_os_str().as_encoded_bytes()).unwrap();
    match case.place {
        Place::OutDir => {
            let obj = out.join(MEMBER);
            copy(&data(file), &obj);
            vec![obj.into()]
        }
        Place::Rlib => {
            copy(&data(file), &out.join(MEMBER));
            let deps = profile.join("deps");
            fs::create_dir_all(&deps).unwrap();
            let rlib = deps.join(RLIB);
            let ar = Command::new("ar")
                .arg("rcs")
                .arg(&rlib)
                .arg(MEMBER)
                .current_dir(&out)
                .output()
                .unwrap();
            assert!(ar.status.success(), "ar: {ar:?}");
            vec![rlib.into()]
        }
        Place::SearchedLib => {
            copy(&data(file), &out.join("libscale.a"));
            vec![format!("-L{}", out.display()).into(), "-lscale".into()]
        }
    }
}

/// What cc-rs prints in the build script's `output`: none of the target's variables set,
/// the static library and its search dir.
fn cc_rs_output(target: &str, out: &Path) -> String {
    let mut s = String::new();
    for tool in ["CC", "CFLAGS", "AR"] {
        for var in [
            format!("{tool}_{target}"),
            format!("{tool}_{}", target.replace('-', "_")),
            format!("TARGET_{tool}"),
            tool.to_string(),
        ] {
            s += &format!("cargo:rerun-if-env-changed={var}\n{var} = None\n");
        }
    }
    s += "cargo:rustc-link-lib=static=scale\n";
    s += &format!("cargo:rustc-link-search=native={}\n", out.display());
    s
}

// ---------------------------------------------------------------------------
// scan and the JSON document
// ---------------------------------------------------------------------------

struct Scan {
    doc: Value,
    code: Option<i32>,
    raw: String,
}

fn scan(paths: &[&Path], target: &str) -> Scan {
    let mut cmd = Command::new(XLINKDIAG);
    cmd.arg("scan")
        .args(paths)
        .args(["--target", target, "--format", "json"]);
    clean_env(&mut cmd);
    let out = cmd.output().expect("run xlinkdiag scan");
    let shown: Vec<_> = paths.iter().map(|p| p.display().to_string()).collect();
    let raw = format!(
        "xlinkdiag scan {} --target {target}: exit {:?}\nstderr:\n{}",
        shown.join(" "),
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    Scan::from_json(out.stdout, out.status.code(), &raw)
}

fn scan_layout(dir: &TempDir, target: &str) -> Scan {
    scan(&[&dir.path("target")], target)
}

impl Scan {
    fn from_json(json: Vec<u8>, code: Option<i32>, context: &str) -> Scan {
        let raw = format!("{context}\n{}", String::from_utf8_lossy(&json));
        let doc: Value = serde_json::from_slice(&json)
            .unwrap_or_else(|e| panic!("not a JSON report ({e}):\n{raw}"));
        assert_eq!(doc["version"], 1, "version\n{raw}");
        assert!(doc["findings"].is_array(), "findings\n{raw}");
        Scan { doc, code, raw }
    }

    fn findings(&self) -> &[Value] {
        self.doc["findings"].as_array().map_or(&[], Vec::as_slice)
    }

    /// A finding of the case's kind (for `krate`, when given) with the case's fix.
    ///
    /// Its severity: `error` in a failed link's report, and in a scan for the kinds the docs
    /// make errors (`abi-mismatch`, `wrong-architecture`); a scan may only warn about what a
    /// link can still supply (libatomic, an index, …). A scan's exit status is 1 exactly when
    /// it has an error finding.
    fn assert_finding(&self, case: &Case, krate: Option<&str>, what: &str) {
        let raw = &self.raw;
        let name = case.name;
        assert_eq!(
            self.doc["target"], case.target,
            "{name}: {what}: target\n{raw}"
        );
        // Its errors first: a failed link may add an error to a scan's warning.
        let of_kind = || self.findings().iter().filter(|f| f["kind"] == case.kind);
        let f = of_kind()
            .find(|f| f["severity"] == "error")
            .or_else(|| of_kind().next())
            .unwrap_or_else(|| panic!("{name}: {what}: no {} finding\n{raw}", case.kind));
        let scan_may_warn = !matches!(case.kind, "abi-mismatch" | "wrong-architecture");
        if self.code.is_none() || !scan_may_warn {
            assert_eq!(f["severity"], "error", "{name}: {what}: severity\n{raw}");
        } else {
            assert!(
                f["severity"] == "error" || f["severity"] == "warning",
                "{name}: {what}: severity\n{raw}"
            );
        }
        if self.code.is_some() {
            let errors = self.findings().iter().any(|f| f["severity"] == "error");
            let want = if errors { 1 } else { 0 };
            assert_eq!(self.code, Some(want), "{name}: {what}: exit status\n{raw}");
        }
        if let Some(krate) = krate {
            assert_eq!(f["crate"], krate, "{name}: {what}: crate\n{raw}");
            assert_eq!(f["package"], PACKAGE, "{name}: {what}: package\n{raw}");
            // Only scale-sys is to blame.
            for other in self.findings() {
                assert!(
                    other["crate"].is_null() || other["crate"] == krate,
                    "{name}: {what}: another crate blamed\n{raw}"
                );
            }
        }
        // Issue 12: every path exists here, or is marked as the linker's words.
        for other in self.findings() {
            let path = other["path"].as_str().unwrap_or_default();
            assert!(
                Path::new(path).is_file() || other["path_source"] == "linker",
                "{name}: {what}: a path that is neither here nor the linker's words: {path}\n{raw}"
            );
        }
        if let (Place::Rlib, Some(_)) = (case.place, krate) {
            assert!(
                f["path"].as_str().is_some_and(|p| p.ends_with(RLIB)),
                "{name}: {what}: path should be the rlib\n{raw}"
            );
            assert_eq!(f["member"], MEMBER, "{name}: {what}: member\n{raw}");
        }
        let env = f["env"].as_object().cloned().unwrap_or_default();
        let ok = match case.fix {
            Fix::Env(var, value) => env
                .get(var)
                .and_then(Value::as_str)
                .is_some_and(|v| v.contains(value)),
            Fix::Mentions(text) => env
                .values()
                .chain(f["help"].as_array().into_iter().flatten())
                .any(|v| v.as_str().is_some_and(|s| s.contains(text))),
            Fix::AnyVarForTarget => {
                let suffix = format!("_{}", case.target.replace('-', "_"));
                env.keys().any(|k| k.ends_with(&suffix))
            }
        };
        let want = match case.fix {
            Fix::Env(var, value) => format!("env {var} containing {value:?}"),
            Fix::Mentions(text) => format!("env or help mentioning {text:?}"),
            Fix::AnyVarForTarget => format!("an env variable for {}", case.target),
        };
        assert!(ok, "{name}: {what}: the fix should be {want}\n{raw}");
    }

    fn assert_no_findings(&self, what: &str) {
        assert_eq!(self.code, Some(0), "{what}: exit status\n{}", self.raw);
        assert!(
            self.findings().is_empty(),
            "{what}: findings in a correct build\n{}",
            self.raw
        );
    }
}

// ---------------------------------------------------------------------------
// Files and processes
// ---------------------------------------------------------------------------

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/link-failures")
        .join(name)
}

fn copy(from: &Path, to: &Path) {
    fs::copy(from, to)
        .unwrap_or_else(|e| panic!("copy {} -> {}: {e}", from.display(), to.display()));
}

/// Nothing from the developer's shell or from cargo test that would steer the tool.
fn clean_env(cmd: &mut Command) {
    for (name, _) in std::env::vars_os() {
        if let Some(name) = name.to_str()
            && (support::is_leaky_var(name) || name.starts_with("XLINKDIAG"))
        {
            cmd.env_remove(name);
        }
    }
}
