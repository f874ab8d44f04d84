//! What the `-sys` crates people cross-build most do in their build scripts: how each one
//! builds its C, which variables name the target's compiler (the first one set wins), what a
//! compiler for the build machine does to it, and the words of its build that only such a
//! compiler produces.
//!
//! Each row was read off the crate's own build script at the version named in `read_off`,
//! and `tests/e2e/crates.rs` checks every row on the registry crate, cross-built for aarch64
//! with a leaked host compiler and with the right one. What is the same for every cc-rs user
//! (its lookup lines, cmake's cache) stays in `build_output`; this table holds only what
//! differs per crate, so that a report names the crate's own build system (jemalloc's
//! autotools `configure`, not "cc-rs") and the variable that really took effect (aws-lc-sys
//! copies a global `CC` into `CC_<target>` before cc-rs reads it).

use super::build_output::BuildRun;
use crate::messages::pattern::Pattern;
use crate::target::TargetSpec;

/// How a crate builds its C for the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builder {
    /// cc-rs compiles each file.
    CcRs,
    /// cmake-rs runs the project's CMakeLists with the compilers cc-rs finds.
    CmakeRs,
    /// openssl-src runs OpenSSL's own `Configure` and `make`.
    OpensslConfigure,
    /// An autotools `configure --host=…` and `make`.
    Autotools,
}

impl Builder {
    /// The name reports give it (`provenance.build_system`).
    pub fn as_str(self) -> &'static str {
        match self {
            Builder::CcRs => "cc-rs",
            Builder::CmakeRs => "cmake",
            Builder::OpensslConfigure => "openssl-src Configure",
            Builder::Autotools => "autotools configure",
        }
    }
}

/// cc-rs's own order, which cmake-rs, openssl-src and tikv-jemalloc-sys inherit by asking
/// cc-rs for the compiler.
const CC_RS: &[&str] = &["CC_{t}", "CC_{u}", "TARGET_CC", "CC"];

#[derive(Debug)]
pub struct SysCrate {
    /// The packages sharing this build script (a fork keeps its parent's).
    pub packages: &'static [&'static str],
    pub builder: Builder,
    /// The version the row was read from.
    pub read_off: &'static str,
    /// The variables read for the target's C compiler, first set wins; `{t}` is the triple,
    /// `{u}` the triple with underscores.
    pub compiler_vars: &'static [&'static str],
    /// Other tools run for the target: (cc-rs variable, tool name after the cross prefix).
    /// They are named in the fix next to the compiler.
    pub tools: &'static [(&'static str, &'static str)],
    /// What a compiler for the build machine does to this crate's build, and why.
    pub host_compiler: &'static str,
}

pub static CRATES: &[SysCrate] = &[
    SysCrate {
        packages: &["openssl-sys"],
        builder: Builder::OpensslConfigure,
        read_off: "openssl-sys 0.9.118 with openssl-src 300.6.1 (vendored)",
        compiler_vars: CC_RS,
        tools: &[("AR", "ar")],
        host_compiler: "openssl-sys's `vendored` feature has openssl-src run OpenSSL's `Configure` for the target (linux-aarch64, linux-mips32, …) with CC, AR and RANLIB from cc-rs's lookup: a host CC compiles OpenSSL's sources for that target's configuration, which stops at `#error \"unsupported ARM architecture\"` in arm_arch.h on ARM, or makes host objects elsewhere",
    },
    SysCrate {
        packages: &["ring"],
        builder: Builder::CcRs,
        read_off: "ring 0.17.14",
        compiler_vars: CC_RS,
        tools: &[("AR", "ar")],
        host_compiler: "ring compiles its C and its pregenerated assembly (`pregenerated/*-linux64.S` for aarch64) with cc-rs's compiler: the host's assembles that assembly into empty objects (each file is inside `#if defined(__aarch64__)`) and the C into host objects, so the build script succeeds and only the link fails",
    },
    SysCrate {
        packages: &["aws-lc-sys"],
        builder: Builder::CcRs,
        read_off: "aws-lc-sys 0.47.0",
        compiler_vars: &[
            "AWS_LC_SYS_TARGET_CC_{u}",
            "AWS_LC_SYS_TARGET_CC",
            "TARGET_CC_{u}",
            "TARGET_CC",
            "AWS_LC_SYS_CC_{u}",
            "AWS_LC_SYS_CC",
            "CC_{u}",
            "CC",
        ],
        tools: &[("AR", "ar")],
        host_compiler: "aws-lc-sys chooses its compiler itself (AWS_LC_SYS_TARGET_CC_<target>, …, AWS_LC_SYS_CC, CC_<target>, CC) and copies it into CC_<target> for cc-rs, so cc-rs's lines show CC_<target> even when a global CC was the source; with a host compiler the assembly of aws-lc's aarch64 `.S` files fails (`no such architecture: armv8`). AWS_LC_SYS_CMAKE_BUILDER=1 builds with cmake instead, from the same compiler",
    },
    SysCrate {
        packages: &["libsqlite3-sys"],
        builder: Builder::CcRs,
        read_off: "libsqlite3-sys 0.40.0 (bundled)",
        compiler_vars: CC_RS,
        tools: &[("AR", "ar")],
        host_compiler: "libsqlite3-sys's `bundled` feature compiles sqlite3.c with cc-rs's compiler, so a host compiler gives host objects and only the link fails; without `bundled` it asks pkg-config for the target's libsqlite3 instead",
    },
    SysCrate {
        packages: &["zstd-sys"],
        builder: Builder::CcRs,
        read_off: "zstd-sys 2.1.3+zstd.1.5.7",
        compiler_vars: CC_RS,
        tools: &[("AR", "ar")],
        host_compiler: "zstd-sys compiles zstd's C with cc-rs's compiler (its x86-64 assembly only for x86-64 targets), so a host compiler gives host objects and only the link fails; its `pkg-config` feature links the target's system libzstd instead",
    },
    SysCrate {
        packages: &["libz-sys"],
        builder: Builder::CcRs,
        read_off: "libz-sys 1.1.33 (static)",
        compiler_vars: CC_RS,
        tools: &[("AR", "ar")],
        host_compiler: "libz-sys compiles zlib with cc-rs's compiler when the `static` feature (or LIBZ_SYS_STATIC=1) asks for it or no zlib is found for the target; otherwise it links the zlib pkg-config finds, which must be the target's",
    },
    SysCrate {
        packages: &["tikv-jemalloc-sys", "jemalloc-sys"],
        builder: Builder::Autotools,
        read_off: "tikv-jemalloc-sys 0.6.1+5.3.0",
        compiler_vars: CC_RS,
        tools: &[("AR", "ar")],
        host_compiler: "tikv-jemalloc-sys runs jemalloc's autotools `configure --host=<target>` with CC and CFLAGS from cc-rs's lookup: configure accepts a host compiler (--host only names the target) and make builds host objects into libjemalloc.a, so only the link fails; JEMALLOC_OVERRIDE links a prebuilt jemalloc instead",
    },
    SysCrate {
        packages: &["libmimalloc-sys"],
        builder: Builder::CcRs,
        read_off: "libmimalloc-sys 0.1.49",
        compiler_vars: CC_RS,
        tools: &[("AR", "ar")],
        host_compiler: "libmimalloc-sys compiles mimalloc's one static.c with cc-rs's compiler, so a host compiler gives a host object and only the link fails; on 32-bit targets (armv5te, mips, powerpc) mimalloc's 64-bit atomics need libatomic, which it does not link itself (`-C link-arg=-latomic`)",
    },
    SysCrate {
        packages: &["rdkafka-sys"],
        builder: Builder::CmakeRs,
        read_off: "rdkafka-sys 4.8.0+2.3.0 (cmake-build)",
        compiler_vars: CC_RS,
        tools: &[("CXX", "g++"), ("AR", "ar")],
        host_compiler: "rdkafka-sys's `cmake-build` feature runs cmake-rs, which passes CMAKE_C_COMPILER (and the assembler) from cc-rs's CC lookup and CMAKE_CXX_COMPILER from its CXX lookup: librdkafka's project needs both for the target, and a host C compiler gives host objects in librdkafka.a; CMAKE_TOOLCHAIN_FILE_<target> is the other way. After changing the compiler, run `cargo clean -p rdkafka-sys --target <target>` first: cmake deletes the old cache of its build dir and configures again without rdkafka-sys's -D options (WITH_SSL=0, …), so librdkafka then finds the host's OpenSSL and its link fails on /usr/lib/x86_64-linux-gnu/libssl.so",
    },
];

/// The row for a package, by its name as cargo writes it in the unit dir.
pub fn find(package: &str) -> Option<&'static SysCrate> {
    CRATES.iter().find(|c| c.packages.contains(&package))
}

impl SysCrate {
    /// The compiler variables with the target filled in, in the crate's order.
    pub fn compiler_vars_for(&self, spec: &TargetSpec) -> Vec<String> {
        self.compiler_vars
            .iter()
            .map(|v| {
                v.replace("{t}", spec.triple)
                    .replace("{u}", &spec.underscored())
            })
            .collect()
    }

    /// The build system as reports name it: the builder, and for a crate that runs another
    /// build system through cc-rs, which variable lookup it inherits.
    pub fn build_system(&self) -> &'static str {
        self.builder.as_str()
    }

    /// The compiler the crate's own lookup took and the variable it came from, when the run
    /// says more than cc-rs's lines do: aws-lc-sys prints `Environment Variable found 'CC':
    /// 'gcc'` before copying it into `CC_<target>`.
    pub fn compiler_source(
        &self,
        output: &[String],
        spec: &TargetSpec,
    ) -> Option<(String, String)> {
        let vars = self.compiler_vars_for(spec);
        output.iter().find_map(|line| {
            let c = ENV_FOUND.captures(line)?;
            let var = c.name("var")?.as_str();
            vars.iter()
                .any(|v| v == var)
                .then(|| (var.to_string(), c["val"].to_string()))
        })
    }
}

/// aws-lc-sys's report of a variable it read (as a `cargo:warning=`, so cargo shows it as
/// `warning: aws-lc-sys@…: Environment Variable found …` too).
static ENV_FOUND: Pattern =
    Pattern::new(r"Environment Variable found '(?P<var>[A-Za-z0-9_]+)': '(?P<val>[^']*)'");

/// A compiler variable a build script says it read (aws-lc-sys's `Environment Variable found
/// 'CC': 'gcc'`): (variable, value).
pub fn compiler_found(line: &str) -> Option<(String, String)> {
    let c = ENV_FOUND.captures(line)?;
    let var = &c["var"];
    let is_cc =
        var == "CC" || var.ends_with("_CC") || var.contains("_CC_") || var.starts_with("CC_");
    is_cc.then(|| (var.to_string(), c["val"].to_string()))
}

/// openssl-src's `running cd "…" && env -u CROSS_COMPILE AR="…" CC="gcc" RANLIB="…" "perl"
/// "./Configure" … "linux-aarch64" …` (the Debug form of its `Command`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigureRun {
    pub cc: Option<String>,
    pub ar: Option<String>,
    /// OpenSSL's configuration name (`linux-aarch64`).
    pub target: Option<String>,
}

pub fn openssl_configure(line: &str) -> Option<ConfigureRun> {
    let at = line.find("\"./Configure\"")?;
    let before = &line[..at];
    let var = |name: &str| {
        let key = format!(" {name}=\"");
        let start = before.rfind(&key)? + key.len();
        let rest = &before[start..];
        Some(rest[..rest.find('"')?].to_string())
    };
    // The configuration is the first bare word after the options (`--prefix=…`, `no-…`).
    let target = line[at + "\"./Configure\"".len()..]
        .split('"')
        .skip(1)
        .step_by(2)
        .find(|w| !w.starts_with('-') && !w.starts_with("no-") && !w.contains('='))
        .map(str::to_string);
    Some(ConfigureRun {
        cc: var("CC"),
        ar: var("AR"),
        target,
    })
}

/// Words in a failed build that only a compiler for another machine produces in this
/// crate: the evidence a log gives.
const SIGNATURES: &[(&str, &str)] = &[
    ("openssl-sys", "#error \"unsupported ARM architecture\""),
    ("aws-lc-sys", "Error: no such architecture: `armv8"),
];

/// The crate whose host-compiler signature `line` is, if any.
pub fn signature(line: &str) -> Option<&'static str> {
    SIGNATURES
        .iter()
        .find(|(_, s)| line.contains(s))
        .map(|(p, _)| *p)
}

/// What the table adds to a finding about objects a crate's build script made.
#[derive(Debug)]
pub struct Knowledge {
    pub krate: &'static SysCrate,
    /// The compiler and the variable it came from, when the crate's own words say more than
    /// cc-rs's lines.
    pub compiler: Option<(String, String)>,
}

/// The knowledge for `package`'s run, if the table has the crate.
pub fn explain(package: &str, run: Option<&BuildRun>, spec: &TargetSpec) -> Option<Knowledge> {
    let krate = find(package)?;
    // openssl-sys builds OpenSSL only when vendored, and then its record holds the
    // Configure line; a run without it linked a system OpenSSL (another engineer's rows).
    // A build script that failed left no record: its objects were made by the vendored
    // build, the only one that compiles OpenSSL.
    if krate.builder == Builder::OpensslConfigure
        && run.is_some_and(|r| !r.commands.iter().any(|c| c.contains("\"./Configure\"")))
    {
        return None;
    }
    let compiler = run.and_then(|r| krate.compiler_source(&r.warnings, spec));
    Some(Knowledge { krate, compiler })
}

/// When a crate's build script asks pkg-config, and whether a refusal fails it: a bundled
/// libsqlite3-sys or a vendored openssl-sys never asks, and aws-lc-sys only looks for an
/// installed aws-lc before building its own.
enum PkgConfigUse {
    /// Asks unless one of these features is on.
    Unless(&'static [&'static str]),
    /// Asks only with one of these features.
    Only(&'static [&'static str]),
    /// Asks, but builds from source when pkg-config finds nothing: a refusal is harmless.
    Fallback,
}

const PKG_CONFIG: &[(&str, PkgConfigUse)] = &[
    ("zstd-sys", PkgConfigUse::Only(&["pkg-config"])),
    (
        "libsqlite3-sys",
        PkgConfigUse::Unless(&[
            "bundled",
            "bundled-sqlcipher",
            "bundled-sqlcipher-vendored-openssl",
        ]),
    ),
    ("openssl-sys", PkgConfigUse::Unless(&["vendored"])),
    ("curl-sys", PkgConfigUse::Unless(&["static-curl"])),
    // libz-sys 1.1.33: `static` (or LIBZ_SYS_STATIC=1) skips the probe.
    ("libz-sys", PkgConfigUse::Unless(&["static"])),
    // rdkafka-sys 4.8: only `dynamic-linking` probes for an installed librdkafka.
    ("rdkafka-sys", PkgConfigUse::Only(&["dynamic-linking"])),
    // aws-lc-sys 0.47: `system_detect` probes for an installed aws-lc, then builds its own.
    ("aws-lc-sys", PkgConfigUse::Fallback),
];

/// Whether `package`'s build script will need pkg-config to answer for the target, given
/// its enabled features (`None`: not known). A crate the table does not know is assumed to.
pub fn asks_pkg_config(package: &str, features: Option<&[String]>) -> bool {
    let Some((_, using)) = PKG_CONFIG.iter().find(|(p, _)| *p == package) else {
        return true;
    };
    let on = |list: &[&str]| features.is_some_and(|f| f.iter().any(|x| list.contains(&x.as_str())));
    match using {
        PkgConfigUse::Fallback => false,
        PkgConfigUse::Unless(stops) => !on(stops),
        PkgConfigUse::Only(needs) => features.is_none() || on(needs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a64() -> &'static TargetSpec {
        crate::target::lookup("aarch64-unknown-linux-gnu").unwrap()
    }

    #[test]
    fn every_package_has_one_row() {
        let mut all: Vec<&str> = CRATES.iter().flat_map(|c| c.packages).copied().collect();
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n);
        assert_eq!(
            find("tikv-jemalloc-sys").unwrap().builder,
            Builder::Autotools
        );
        assert!(find("openssl").is_none());
    }

    /// aws-lc-sys's order, filled in: its own names before cc-rs's.
    #[test]
    fn aws_lc_order() {
        let vars = find("aws-lc-sys").unwrap().compiler_vars_for(a64());
        assert_eq!(vars[0], "AWS_LC_SYS_TARGET_CC_aarch64_unknown_linux_gnu");
        assert_eq!(vars.last().map(String::as_str), Some("CC"));
        let lines = vec![
            "Building with: CC".to_string(),
            "Environment Variable found 'CC': 'gcc'".to_string(),
            "Setting CC_aarch64_unknown_linux_gnu: gcc".to_string(),
        ];
        assert_eq!(
            find("aws-lc-sys").unwrap().compiler_source(&lines, a64()),
            Some(("CC".into(), "gcc".into()))
        );
        // A variable the crate does not read for its compiler is not a source.
        let other = vec!["Environment Variable found 'CFLAGS': '-O2'".to_string()];
        assert_eq!(
            find("aws-lc-sys").unwrap().compiler_source(&other, a64()),
            None
        );
    }

    /// openssl-src 300.6.1's line, cut.
    #[test]
    fn openssl_configure_line() {
        let line = r#"running cd "/t/out/openssl-build/build/src" && env -u CROSS_COMPILE AR="aarch64-linux-gnu-ar" CC="gcc" RANLIB="aarch64-linux-gnu-ranlib" "perl" "./Configure" "--prefix=/t/install" "--openssldir=/usr/local/ssl" "no-shared" "no-module" "--libdir=lib" "linux-aarch64" "-O2" "-ffunction-sections""#;
        assert_eq!(
            openssl_configure(line),
            Some(ConfigureRun {
                cc: Some("gcc".into()),
                ar: Some("aarch64-linux-gnu-ar".into()),
                target: Some("linux-aarch64".into()),
            })
        );
        assert_eq!(openssl_configure("running: \"cc\" \"-c\""), None);
        // Hostile: quotes that never close.
        assert!(openssl_configure("CC=\"\"./Configure\" \"").is_some());
    }

    /// A system openssl-sys (no Configure in its record) is not the vendored row: its
    /// findings keep the `openssl-sys` build system the fix for a library lookup reads.
    #[test]
    fn openssl_row_only_when_vendored() {
        let system = crate::cargo::build_output::parse(
            b"cargo:rerun-if-env-changed=OPENSSL_LIB_DIR\nOPENSSL_LIB_DIR = /usr/lib/x86_64-linux-gnu\n",
        );
        assert!(explain("openssl-sys", Some(&system), a64()).is_none());
        let vendored = crate::cargo::build_output::parse(
            b"running cd \"/t/src\" && env -u CROSS_COMPILE CC=\"gcc\" \"perl\" \"./Configure\" \"linux-aarch64\"\n",
        );
        assert!(explain("openssl-sys", Some(&vendored), a64()).is_some());
        assert!(explain("openssl-sys", None, a64()).is_some());
    }

    #[test]
    fn signatures() {
        assert_eq!(
            signature("crypto/arm_arch.h:43:2: error: #error \"unsupported ARM architecture\""),
            Some("openssl-sys")
        );
        assert_eq!(
            signature("x.S:18: Error: no such architecture: `armv8'"),
            Some("aws-lc-sys")
        );
        assert_eq!(signature("error: something else"), None);
    }

    #[test]
    fn pkg_config_by_feature() {
        let f = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(!asks_pkg_config("libz-sys", Some(&f(&["static", "libc"]))));
        assert!(asks_pkg_config("libz-sys", Some(&f(&["libc"]))));
        assert!(!asks_pkg_config(
            "rdkafka-sys",
            Some(&f(&["cmake-build", "libz"]))
        ));
        assert!(asks_pkg_config(
            "rdkafka-sys",
            Some(&f(&["dynamic-linking"]))
        ));
        assert!(!asks_pkg_config("aws-lc-sys", None));
        assert!(asks_pkg_config("foo-sys", Some(&[])));
        // Features unknown: assume the probe.
        assert!(asks_pkg_config("zstd-sys", None));
    }
}
