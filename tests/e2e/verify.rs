// Tests read the environment directly: the env door is for the tool.
#![allow(clippy::disallowed_methods)]
//! `toolchain::verify` and `toolchain::packages` against this machine (issue 21, item 6):
//! Debian's real cross gcc for aarch64, armhf and MIPS compiling a file that includes the
//! C library's headers and linking it; the typed failures those compilers really give
//! (a soft-float MIPS without its C library, a refused flag, the host's gcc for another
//! machine, clang with a sysroot lacking the C library); the archiver a wrapper-script
//! driver answers for (the seed's OpenWrt layout); and the package dpkg's real records
//! name. A missing toolchain skips a test with a line on stderr, and fails it under
//! `CI=true`.

use crate::support;

use std::fs;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::skips::{require, require_all};
use support::{A64, MIPS, TempDir};
use xlinkdiag::target::lookup;
use xlinkdiag::toolchain::ccrs::target_flags;
use xlinkdiag::toolchain::packages::{Advice, Dpkg, Install};
use xlinkdiag::toolchain::probe::{Budget, ProbeError};
use xlinkdiag::toolchain::verify::{
    ArchiverSource, CompilerCheck, Failure, Lang, LibcLayout, Verifier,
};

const ARMHF: &str = "armv7-unknown-linux-gnueabihf";

fn verifier() -> Verifier {
    Verifier::new(Budget::new(Duration::from_secs(120))).unwrap()
}

fn check(v: &Verifier, lang: Lang, cc: &str, triple: &str, extra: &[&str]) -> Arc<CompilerCheck> {
    let spec = lookup(triple).unwrap();
    let mut flags = target_flags(spec, false);
    flags.extend(extra.iter().map(|f| f.to_string()));
    v.compiler(lang, cc, &flags, spec)
}

/// aarch64 and armhf gcc/g++ with cc-rs's flags, and MIPS gcc with its default (hard
/// float, as the Rust -gnu target): every step passes, the objects are the target's.
#[test]
fn real_cross_compilers_compile_and_link() {
    let t = "real_cross_compilers_compile_and_link";
    let cases = [
        ("aarch64-linux-gnu-gcc", Lang::C, A64, "aarch64"),
        ("aarch64-linux-gnu-g++", Lang::Cxx, A64, "aarch64"),
        ("arm-linux-gnueabihf-gcc", Lang::C, ARMHF, "arm"),
        ("arm-linux-gnueabihf-g++", Lang::Cxx, ARMHF, "arm"),
        (
            "mips-linux-gnu-gcc",
            Lang::C,
            "mips-unknown-linux-gnu",
            "mips",
        ),
    ];
    if !require_all(t, &cases.map(|c| c.0)) {
        return;
    }
    let v = verifier();
    for (cc, lang, triple, arch) in cases {
        let c = check(&v, lang, cc, triple, &[]);
        assert!(c.works(), "{cc} for {triple}: {:?}", c.failure);
        assert!(c.libc_checked, "{cc}");
        let o = &c.compiled.as_ref().unwrap().object;
        assert_eq!(o.arch, arch, "{cc}");
        assert!(
            c.dumpmachine
                .as_deref()
                .is_some_and(|m| m.contains("linux-gnu"))
        );
        // Asked again: the same answer, not a second run.
        assert!(Arc::ptr_eq(&c, &check(&v, lang, cc, triple, &[])), "{cc}");
    }
}

/// The seed's toolchain for the seed's target: Debian's MIPS gcc with `-msoft-float` for
/// mips-unknown-linux-musl makes soft-float objects, but its glibc is hard-float only; the
/// armel gcc made hard-float for armhf lacks `gnu/stubs-hard.h` (the armv7 case).
#[test]
fn compilers_without_the_targets_libc() {
    let t = "compilers_without_the_targets_libc";
    if !require_all(t, &["mips-linux-gnu-gcc", "arm-linux-gnueabi-gcc"]) {
        return;
    }
    let v = verifier();
    for (cc, triple, extra, header, float) in [
        (
            "mips-linux-gnu-gcc",
            MIPS,
            &["-msoft-float"][..],
            "gnu/stubs-o32_soft.h",
            "soft",
        ),
        (
            "arm-linux-gnueabi-gcc",
            ARMHF,
            &[][..],
            "gnu/stubs-hard.h",
            "hard",
        ),
    ] {
        let c = check(&v, Lang::C, cc, triple, extra);
        match &c.failure {
            Some(Failure::HeadersMissing { header: h, line }) => {
                assert_eq!(h, header, "{cc}: {line}");
            }
            other => panic!("{cc} for {triple}: {other:?}"),
        }
        let o = &c.compiled.as_ref().unwrap().object;
        let json = serde_json::to_value(o).unwrap();
        assert_eq!(json["abi"]["float"], float, "{cc}: {json}");
        // Debian's cross layout: the advice names the compiler the target needs.
        assert!(
            matches!(v.libc_layout(cc, &c.flags), LibcLayout::DebianCross { .. }),
            "{cc}"
        );
    }
}

/// Failures a fix must not write: the host's gcc for aarch64 (another machine), and a
/// flag for another machine (`-mfpu` is 32-bit ARM's).
#[test]
fn wrong_machine_and_refused_flag() {
    let t = "wrong_machine_and_refused_flag";
    if !require_all(t, &["gcc", "aarch64-linux-gnu-gcc"]) {
        return;
    }
    let v = verifier();
    let host = check(&v, Lang::C, "gcc", A64, &[]);
    assert!(
        matches!(&host.failure, Some(Failure::WrongMachine { reason }) if reason.contains("aarch64")),
        "{:?}",
        host.failure
    );
    assert!(
        !host.libc_checked,
        "no libc steps for another machine's compiler"
    );
    let flag = check(&v, Lang::C, "aarch64-linux-gnu-gcc", A64, &["-mfpu=neon"]);
    assert!(
        matches!(&flag.failure, Some(Failure::FlagRefused { flag, .. }) if flag == "-mfpu=neon"),
        "{:?}",
        flag.failure
    );
    let missing = check(&v, Lang::C, "/nonexistent/aarch64-linux-gnu-gcc", A64, &[]);
    assert!(matches!(missing.failure, Some(Failure::NotFound { .. })));
}

/// A compiler with a sysroot of its own that lacks the C library (clang, as an SDK's
/// sysroot would be): no headers, then headers without startup files; the layout is the
/// sysroot, so the advice is to put the C library there.
#[test]
fn a_sysroot_without_libc() {
    let t = "a_sysroot_without_libc";
    if !require_all(t, &["clang-14", "ld.lld", "aarch64-linux-gnu-gcc"]) {
        return;
    }
    let tmp = TempDir::new(t);
    let empty = tmp.mkdir("empty");
    let headers = tmp.mkdir("headers/usr");
    std::os::unix::fs::symlink("/usr/aarch64-linux-gnu/include", headers.join("include")).unwrap();
    let headers = tmp.path("headers");
    let v = verifier();
    let spec = lookup(A64).unwrap();
    for (sysroot, want) in [(&empty, "stdio.h"), (&headers, "Scrt1.o")] {
        let flags: Vec<String> = [
            "--target=aarch64-linux-gnu".to_string(),
            "-fuse-ld=lld".into(),
            format!("--sysroot={}", sysroot.display()),
            format!("--gcc-toolchain={}", empty.display()),
        ]
        .into();
        let c = v.compiler(Lang::C, "clang-14", &flags, spec);
        match &c.failure {
            Some(Failure::HeadersMissing { header: f, .. })
            | Some(Failure::LibcMissing { file: f, .. }) => assert_eq!(f, want),
            other => panic!("{}: {other:?}", sysroot.display()),
        }
        assert_eq!(
            v.libc_layout("clang-14", &flags),
            LibcLayout::Sysroot(sysroot.to_path_buf())
        );
        let advice = Dpkg::system().libc_advice(
            &v.libc_layout("clang-14", &flags),
            lookup("x86_64-unknown-linux-gnu"),
            spec,
            want,
            false,
            None,
        );
        assert!(
            matches!(&advice, Advice::Words(w) if w.contains(&sysroot.display().to_string())),
            "{advice:?}"
        );
    }
}

/// The seed's case with a wrapper-script driver: an OpenWrt-like toolchain whose
/// `mips-openwrt-linux-gcc` is a script calling Debian's gcc, and no `-ar` next to it. The
/// prefix guess does not exist, so the archiver is the driver's own answer to
/// `-print-prog-name=ar`; with the `-ar` there, it is that. A driver that is not there
/// gets none, never a guessed name.
#[test]
fn archiver_from_a_wrapper_script_driver() {
    let t = "archiver_from_a_wrapper_script_driver";
    if !require_all(t, &["mips-linux-gnu-gcc", "mips-linux-gnu-ar"]) {
        return;
    }
    let tmp = TempDir::new(t);
    let tc = support::openwrt_sdk(&tmp.path("sdk"), "mips_24kc");
    let bin = tc.join("bin");
    let driver = bin.join("mips-openwrt-linux-gcc").display().to_string();
    assert!(
        fs::read_to_string(bin.join("mips-openwrt-linux-musl-gcc"))
            .unwrap()
            .starts_with("#!/bin/sh"),
        "the driver is a wrapper script"
    );
    let v = verifier();
    let with_ar = v.archiver(&driver).unwrap();
    assert_eq!(with_ar.from, ArchiverSource::Prefix);
    assert_eq!(
        with_ar.name,
        format!("{}/mips-openwrt-linux-ar", bin.display())
    );

    for name in ["mips-openwrt-linux-ar", "mips-openwrt-linux-musl-ar"] {
        fs::remove_file(bin.join(name)).unwrap();
    }
    let v = verifier();
    let ar = v.archiver(&driver).unwrap();
    assert_eq!(ar.from, ArchiverSource::Driver);
    assert!(ar.path.is_file(), "{}", ar.path.display());
    // Debian's binutils for the machine, as the real gcc behind the script runs them
    // (`/usr/mips-linux-gnu/bin/ar`, a link to `/usr/bin/mips-linux-gnu-ar`).
    assert!(
        ar.name.ends_with("mips-linux-gnu/bin/ar") || ar.name.ends_with("/mips-linux-gnu-ar"),
        "{}",
        ar.name
    );
    // It packs the target's objects with an index.
    let c = check(&v, Lang::C, &driver, MIPS, &[]);
    let obj = &c.compiled.as_ref().unwrap().path;
    assert_eq!(v.archive_indexes(&ar.path, &[], obj), Ok(true));

    let none = v.archiver(&format!("{}/nothing-here-gcc", bin.display()));
    let e = none.unwrap_err();
    assert_eq!(
        e.tried,
        [format!("{}/nothing-here-ar", bin.display())],
        "{e:?}"
    );
}

/// How each real compiler finds its C library decides the package: Debian's cross gcc
/// (`/usr/lib/gcc-cross/<gnu>`) and the host's multiarch gcc.
#[test]
fn layouts_of_real_compilers() {
    let t = "layouts_of_real_compilers";
    if !require_all(t, &["aarch64-linux-gnu-gcc", "gcc"]) {
        return;
    }
    let v = verifier();
    assert_eq!(
        v.libc_layout("aarch64-linux-gnu-gcc", &[]),
        LibcLayout::DebianCross {
            gnu: "aarch64-linux-gnu".into()
        }
    );
    assert!(
        matches!(v.libc_layout("gcc", &[]), LibcLayout::Multiarch { gnu } if gnu.ends_with("-linux-gnu"))
    );
}

/// dpkg's real records: the owner of the host's zlib.pc (zlib1g-dev, which .ci/run
/// installs) for the target's architecture, `--add-architecture` only when arm64 is not
/// enabled; the cross libc package that owns aarch64's crti.o; and the package the real
/// aarch64 gcc's layout calls for.
#[test]
fn packages_from_the_real_dpkg_database() {
    let t = "packages_from_the_real_dpkg_database";
    let host_pc = Path::new("/usr/lib/x86_64-linux-gnu/pkgconfig/zlib.pc");
    if !require(t, "dpkg") || !require(t, "aarch64-linux-gnu-gcc") {
        return;
    }
    if !host_pc.is_file() {
        return skip(
            t,
            "no /usr/lib/x86_64-linux-gnu/pkgconfig/zlib.pc (zlib1g-dev)",
        );
    }
    let d = Dpkg::system();
    assert!(d.present());
    let owner = d.owner(host_pc).unwrap();
    assert_eq!(
        (owner.package.as_str(), owner.arch.as_deref()),
        ("zlib1g-dev", Some("amd64"))
    );
    let host = lookup("x86_64-unknown-linux-gnu");
    let a64 = lookup(A64).unwrap();
    let enabled = fs::read_to_string("/var/lib/dpkg/arch")
        .unwrap_or_default()
        .split_whitespace()
        .any(|a| a == "arm64");
    assert_eq!(
        d.pc_advice(host, a64, "zlib"),
        Advice::Install(Install {
            packages: vec!["zlib1g-dev:arm64".into()],
            add_architecture: (!enabled).then(|| "arm64".into())
        })
    );
    let crti = Path::new("/usr/aarch64-linux-gnu/lib/crti.o");
    assert_eq!(
        d.owner(crti).map(|o| o.package).as_deref(),
        Some("libc6-dev-arm64-cross")
    );
    let v = verifier();
    assert_eq!(
        d.libc_advice(
            &v.libc_layout("aarch64-linux-gnu-gcc", &[]),
            host,
            a64,
            "crti.o",
            false,
            None
        ),
        Advice::Install(Install {
            packages: vec!["libc6-dev-arm64-cross".into()],
            add_architecture: None
        })
    );
}

/// A verifier's budget: a compiler that hangs is run once; asked again with other flags,
/// the answer comes from the record at once.
#[test]
fn a_hung_compiler_is_checked_once() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = TempDir::new("a_hung_compiler_is_checked_once");
    let hang = tmp.path("hang-gcc");
    fs::write(&hang, "#!/bin/sh\nwhile :; do sleep 1; done\n").unwrap();
    fs::set_permissions(&hang, fs::Permissions::from_mode(0o755)).unwrap();
    let hang_s = hang.display().to_string();
    let v = Verifier::new(Budget::new(Duration::from_secs(3))).unwrap();
    let started = Instant::now();
    let c = check(&v, Lang::C, &hang_s, A64, &[]);
    assert!(
        matches!(&c.failure, Some(Failure::Time(ProbeError::TimedOut { again: false, program, .. })) if *program == hang),
        "{:?}",
        c.failure
    );
    let again = Instant::now();
    let c2 = check(&v, Lang::Cxx, &hang_s, A64, &["-O2"]);
    assert!(
        matches!(
            &c2.failure,
            Some(Failure::Time(ProbeError::TimedOut { again: true, .. }))
        ),
        "{:?}",
        c2.failure
    );
    assert!(again.elapsed() < Duration::from_millis(500));
    assert!(started.elapsed() < Duration::from_secs(6));
    assert_eq!(v.budget().timed_out().len(), 1);
}

fn skip(test: &str, why: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{test}: {why}, and CI=true: CI must not skip end-to-end tests");
    }
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipping {test}: {why}");
}
