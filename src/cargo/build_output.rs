//! A build script's run: its `output` (stdout), `root-output`, and out dir.
//!
//! Parsed like cargo's `BuildOutput::parse`: line by line, lines that are not UTF-8 are
//! skipped, both `cargo:` and `cargo::` directives are accepted. cc-rs also prints its env
//! lookups there (`CC_mips-unknown-linux-musl = None`, `CC = Some("gcc")` before 1.0.100,
//! `CC = Some(gcc)` after) and, with CC_ENABLE_DEBUG_OUTPUT, the commands it ran.

use std::io;
use std::path::{Path, PathBuf};

use super::layout::UnitDir;

/// Build-script stdout larger than this is cut: the lines we need come first.
const MAX_OUTPUT: u64 = 8 << 20;
/// `root-output` holds one path.
const MAX_ROOT_OUTPUT: u64 = 64 << 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BuildSystem {
    CcRs,
    Cmake,
    PkgConfig,
    OpensslSys,
    Prebuilt,
    Unknown,
}

impl BuildSystem {
    pub fn as_str(self) -> &'static str {
        match self {
            BuildSystem::CcRs => "cc-rs",
            BuildSystem::Cmake => "cmake",
            BuildSystem::PkgConfig => "pkg-config",
            BuildSystem::OpensslSys => "openssl-sys",
            BuildSystem::Prebuilt => "a prebuilt library",
            BuildSystem::Unknown => "its build script",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct BuildRun {
    pub unit: Option<UnitDir>,
    pub out_dir: PathBuf,
    /// `OUT_DIR` as the build script saw it (root-output), which may be a path on another
    /// machine when the target dir was copied.
    pub recorded_out_dir: Option<PathBuf>,
    pub link_libs: Vec<String>,
    pub link_search: Vec<PathBuf>,
    /// cc-rs env lookups in the order printed: (name, value).
    pub lookups: Vec<(String, Option<String>)>,
    /// cc-rs `running: …` commands and cmake invocations.
    pub commands: Vec<String>,
    /// cmake's CMakeCache.txt `CMAKE_C_COMPILER`.
    pub cmake_compiler: Option<String>,
    pub rerun_env: Vec<String>,
    /// `cargo:warning=` lines: some build scripts say there which variable they read
    /// (aws-lc-sys's `Environment Variable found 'CC': 'gcc'`).
    pub warnings: Vec<String>,
    /// Whether the unit has a build-script run record at all (a lib unit in the new
    /// layout has an out dir but no run).
    pub has_run: bool,
    /// Files of the run that are there but could not be read (a FIFO, a device, no
    /// permission), with the reason; missing files are not problems.
    pub problems: Vec<(PathBuf, String)>,
}

pub fn load(unit: &UnitDir) -> BuildRun {
    let (stdout, root) = if unit.new_layout {
        (
            unit.dir.join("run/stdout"),
            unit.dir.join("run/root-output"),
        )
    } else {
        (unit.dir.join("output"), unit.dir.join("root-output"))
    };
    let mut problems = Vec::new();
    let mut run = parse(&read_noting(&stdout, MAX_OUTPUT, &mut problems).unwrap_or_default());
    run.has_run = stdout.is_file();
    run.out_dir = unit.dir.join("out");
    run.recorded_out_dir = read_noting(&root, MAX_ROOT_OUTPUT, &mut problems).and_then(|b| {
        let s = String::from_utf8(b).ok()?;
        let s = s.trim();
        (!s.is_empty()).then(|| PathBuf::from(s))
    });
    let cache = run.out_dir.join("build/CMakeCache.txt");
    run.cmake_compiler =
        read_noting(&cache, MAX_OUTPUT, &mut problems).and_then(|b| cmake_compiler(&b));
    run.unit = Some(unit.clone());
    run.problems = problems;
    run
}

/// The file's first `cap` bytes; `None` when it is missing (normal: not every build script
/// runs cmake) or unreadable, the latter noted in `problems`.
fn read_noting(path: &Path, cap: u64, problems: &mut Vec<(PathBuf, String)>) -> Option<Vec<u8>> {
    match crate::fsio::read_capped(path, cap) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => {
            problems.push((path.to_path_buf(), e.to_string()));
            None
        }
    }
}

pub fn parse(bytes: &[u8]) -> BuildRun {
    let mut run = BuildRun::default();
    for line in bytes.split(|&b| b == b'\n') {
        let Ok(line) = std::str::from_utf8(line) else {
            continue;
        };
        let line = line.trim_end_matches('\r');
        if let Some(d) = line
            .strip_prefix("cargo::")
            .or_else(|| line.strip_prefix("cargo:"))
        {
            directive(&mut run, d);
        } else if let Some(cmd) = line.strip_prefix("running: ") {
            run.commands.push(cmd.to_string());
        } else if line.starts_with("running cd ") && line.contains("\"./Configure\"") {
            // openssl-src prints its Configure command without the colon.
            run.commands.push(line["running ".len()..].to_string());
        } else if let Some((name, value)) = env_lookup(line)
            && !run.lookups.iter().any(|(n, v)| *n == name && *v == value)
        {
            run.lookups.push((name, value));
        }
    }
    run
}

fn directive(run: &mut BuildRun, d: &str) {
    let Some((key, value)) = d.split_once('=') else {
        return;
    };
    match key {
        "rustc-link-lib" => run.link_libs.push(value.to_string()),
        "rustc-link-search" => {
            let path = value.split_once('=').map_or(value, |(_, p)| p);
            run.link_search.push(PathBuf::from(path));
        }
        "rerun-if-env-changed" => run.rerun_env.push(value.to_string()),
        "warning" => run.warnings.push(value.to_string()),
        _ => {}
    }
}

/// `NAME = None`, `NAME = Some(value)`, `NAME = Some("value")` (cc-rs); openssl-sys's
/// `NAME = value` and `NAME unset`, for environment-style names only.
fn env_lookup(line: &str) -> Option<(String, Option<String>)> {
    let env_style = |n: &str| {
        !n.is_empty()
            && n.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
    };
    if let Some(name) = line.strip_suffix(" unset")
        && env_style(name)
    {
        return Some((name.to_string(), None));
    }
    let (name, rest) = line.split_once(" = ")?;
    if env_style(name) && rest != "None" && !rest.starts_with("Some(") {
        return Some((name.to_string(), Some(rest.to_string())));
    }
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    {
        return None;
    }
    if rest == "None" {
        return Some((name.to_string(), None));
    }
    let inner = rest.strip_prefix("Some(")?.strip_suffix(')')?;
    let inner = inner
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(inner);
    Some((name.to_string(), Some(inner.to_string())))
}

fn cmake_compiler(cache: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(cache).ok()?;
    text.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.split(':').next() == Some("CMAKE_C_COMPILER")).then(|| v.trim().to_string())
    })
}

impl BuildRun {
    pub fn lookup(&self, name: &str) -> Option<Option<&str>> {
        self.lookups
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_deref())
    }

    pub fn is_cc_rs(&self) -> bool {
        self.lookups.iter().any(|(n, _)| n == "TARGET" || n == "CC")
            || self.lookups.iter().any(|(n, _)| n.starts_with("CC_"))
    }

    pub fn build_system(&self, crate_dir_hint: Option<&Path>) -> BuildSystem {
        if self.cmake_compiler.is_some() || self.commands.iter().any(|c| c.contains("cmake")) {
            return BuildSystem::Cmake;
        }
        // openssl-sys runs cc-rs too (to preprocess its version probe): check it first. Given
        // both the lib and the include dir, it never reads OPENSSL_DIR.
        if self.rerun_env.iter().any(|v| {
            ["OPENSSL_DIR", "OPENSSL_LIB_DIR", "OPENSSL_INCLUDE_DIR"]
                .iter()
                .any(|n| v.ends_with(n))
        }) {
            return BuildSystem::OpensslSys;
        }
        if self.is_cc_rs() {
            return BuildSystem::CcRs;
        }
        if self.rerun_env.iter().any(|v| v.starts_with("PKG_CONFIG")) {
            return BuildSystem::PkgConfig;
        }
        if let Some(dir) = crate_dir_hint
            && self.link_search.iter().any(|p| p.starts_with(dir))
        {
            return BuildSystem::Prebuilt;
        }
        if !self.link_search.is_empty()
            && self
                .link_search
                .iter()
                .all(|p| !self.is_out_dir(p) && !p.starts_with("/usr") && !p.starts_with("/lib"))
        {
            return BuildSystem::Prebuilt;
        }
        BuildSystem::Unknown
    }

    /// Whether `p` is (inside) this run's out dir, as recorded or as found on disk.
    pub fn is_out_dir(&self, p: &Path) -> bool {
        p.starts_with(&self.out_dir)
            || self
                .recorded_out_dir
                .as_deref()
                .is_some_and(|o| p.starts_with(o))
    }

    /// The compiler cc-rs chose for the target and the variable it came from, following
    /// cc-rs's order: CC_<triple>, CC_<triple_underscored>, TARGET_CC, CC.
    pub fn cc_source(&self, triple: &str) -> Option<(String, String)> {
        crate::target::vars::lookup_order("CC", triple, true)
            .iter()
            .find_map(|name| match self.lookup(name) {
                Some(Some(v)) => Some((name.clone(), v.to_string())),
                _ => None,
            })
    }

    /// The C++ compiler cc-rs chose for the target (a `cpp(true)` build) and the variable
    /// it came from, in cc-rs's order: CXX_<triple>, CXX_<triple_underscored>, TARGET_CXX,
    /// CXX.
    pub fn cxx_source(&self, triple: &str) -> Option<(String, String)> {
        crate::target::vars::lookup_order("CXX", triple, true)
            .iter()
            .find_map(|name| match self.lookup(name) {
                Some(Some(v)) => Some((name.clone(), v.to_string())),
                _ => None,
            })
    }

    /// Whether cc-rs looked up any of `var`'s names for `triple` (set or not): a C++-only
    /// build looks up no `CC` name at all.
    pub fn looked_up(&self, var: &str, triple: &str) -> bool {
        crate::target::vars::lookup_order(var, triple, true)
            .iter()
            .any(|n| self.lookup(n).is_some())
    }

    /// The compiler variables cc-rs looked up for `triple` and found unset, in its order.
    pub fn unset_cc(&self, triple: &str) -> Vec<&str> {
        let [hyphen, under, target, _] = crate::target::vars::lookup_order("CC", triple, true);
        self.lookups
            .iter()
            .filter(|(n, v)| v.is_none() && (*n == hyphen || *n == under || *n == target))
            .map(|(n, _)| n.as_str())
            .collect()
    }

    /// The target the build script was run for (cc-rs prints `TARGET = Some(…)`).
    pub fn target(&self) -> Option<&str> {
        self.lookup("TARGET").flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD_CC_RS: &str = "\
TARGET = Some(\"mips-unknown-linux-musl\")
OPT_LEVEL = Some(\"0\")
HOST = Some(\"x86_64-unknown-linux-gnu\")
cargo:rerun-if-env-changed=CC_mips-unknown-linux-musl
CC_mips-unknown-linux-musl = None
cargo:rerun-if-env-changed=CC_mips_unknown_linux_musl
CC_mips_unknown_linux_musl = None
cargo:rerun-if-env-changed=TARGET_CC
TARGET_CC = None
cargo:rerun-if-env-changed=CC
CC = Some(\"gcc\")
running: \"gcc\" \"-O0\" \"-c\" \"miniz.c\"
exit status: 0
cargo:rustc-link-lib=static=miniz
cargo:rustc-link-search=native=/tmp/t/target/mips-unknown-linux-musl/debug/build/miniz-sys-9df090e5aeaaf6af/out
";

    #[test]
    fn cc_rs_quoted() {
        let run = parse(OLD_CC_RS.as_bytes());
        assert_eq!(
            run.cc_source("mips-unknown-linux-musl"),
            Some(("CC".into(), "gcc".into()))
        );
        assert_eq!(run.target(), Some("mips-unknown-linux-musl"));
        assert_eq!(run.link_libs, vec!["static=miniz"]);
        assert_eq!(run.commands.len(), 1);
        assert_eq!(
            run.unset_cc("mips-unknown-linux-musl"),
            [
                "CC_mips-unknown-linux-musl",
                "CC_mips_unknown_linux_musl",
                "TARGET_CC"
            ]
        );
        assert_eq!(run.build_system(None), BuildSystem::CcRs);
        // openssl-sys given OPENSSL_LIB_DIR and OPENSSL_INCLUDE_DIR declares only those.
        let openssl = parse(
            b"cargo:rerun-if-env-changed=AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_LIB_DIR\n\
              cargo:rerun-if-env-changed=OPENSSL_LIB_DIR\nCC_aarch64-unknown-linux-gnu = None\n",
        );
        assert_eq!(openssl.build_system(None), BuildSystem::OpensslSys);
    }

    #[test]
    fn cc_rs_unquoted_and_new_directives() {
        let text = "CC_aarch64_unknown_linux_gnu = Some(aarch64-linux-gnu-gcc)\n\
                    cargo::rustc-link-lib=static=z\n junk\n";
        let run = parse(text.as_bytes());
        assert_eq!(
            run.cc_source("aarch64-unknown-linux-gnu"),
            Some((
                "CC_aarch64_unknown_linux_gnu".into(),
                "aarch64-linux-gnu-gcc".into()
            ))
        );
        assert_eq!(run.link_libs, vec!["static=z"]);
    }

    #[test]
    fn non_utf8_lines_are_skipped() {
        let mut bytes = b"cargo:rustc-link-lib=a\n".to_vec();
        bytes.extend_from_slice(b"\xff\xff = None\ncargo:rustc-link-lib=b\n");
        assert_eq!(parse(&bytes).link_libs, vec!["a", "b"]);
    }

    /// openssl-sys prints its lookups its own way (issue 12).
    #[test]
    fn openssl_sys_lookups() {
        let run = parse(
            b"AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_LIB_DIR unset\n\
OPENSSL_LIB_DIR = /usr/lib/x86_64-linux-gnu\n\
cargo:rustc-link-search=native=/usr/lib/x86_64-linux-gnu\n\
version: 3_0_22\n",
        );
        assert_eq!(
            run.lookup("OPENSSL_LIB_DIR"),
            Some(Some("/usr/lib/x86_64-linux-gnu"))
        );
        assert_eq!(
            run.lookup("AARCH64_UNKNOWN_LINUX_GNU_OPENSSL_LIB_DIR"),
            Some(None)
        );
        assert_eq!(run.lookups.len(), 2);
    }
}
