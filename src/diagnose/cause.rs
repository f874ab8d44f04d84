//! The cause model: why a cross build went wrong, as the one setting (or missing thing) a fix
//! changes. A finding says what is wrong with one culprit (its `Kind`: x86_64 objects in an
//! rlib, a missing `-lssl`); its cause says why, so that five crates a leaked `CC=gcc`
//! reached are one cause with one fix, in every mode and every renderer.
//!
//! The words of each cause (its sentence, what `explain` says of it) live here, once.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::finding::{Finding, Kind, Severity};
use crate::target::vars;

/// Why a finding happened. The `type` names are a contract, like `Kind`'s.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Cause {
    /// A compiler, archiver or flags variable every build script reads (`CC`, `CXX`, `AR`,
    /// `CFLAGS`, `TARGET_CC`, …) reached the target's build.
    GlobalVariable {
        variable: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<String>,
    },
    /// The target's own variable (`CC_<target>`, either spelling) names a tool for another
    /// machine.
    TargetVariable {
        variable: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<String>,
    },
    /// Nothing named a C compiler for the target: the build script took its default, the
    /// build machine's.
    NoTargetCompiler,
    /// A compiler for another machine built the target's C, and what chose it is not known
    /// (a log alone, a build system that records nothing).
    ForeignCompiler {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        compiler: Option<String>,
    },
    /// The compiler is for the target's machine, but its defaults give another ABI (float
    /// ABI, ISA revision, NaN encoding).
    CompilerAbi,
    /// rustc's own objects are for another target: a stale or mixed target dir.
    WrongRustTarget,
    /// A library a crate ships prebuilt, for another machine or ABI.
    PrebuiltLibrary,
    /// C objects built against glibc's headers in a musl link.
    GlibcHeaders,
    /// A static library without a symbol index (the host's `ar`, or none).
    NoArchiveIndex,
    /// C code built without `-fPIC` in a position-independent link.
    NotPic,
    /// Atomics the target has only in libatomic.
    Libatomic,
    /// The linker links for another machine.
    WrongLinker {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        variable: Option<String>,
    },
    /// The linker cargo was told to use does not exist.
    LinkerNotFound,
    /// A directory of the build machine's libraries is on the target's link.
    HostLibraryDir {
        dir: String,
        /// The variable that put it there, as the build script recorded it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        variable: Option<String>,
    },
    /// pkg-config was not set up for the target.
    PkgConfig,
    /// openssl-sys found no OpenSSL for the target.
    NoOpenssl,
    /// A library the link needs exists nowhere it looks.
    MissingLibrary { library: String },
    /// A cross tool the build asked for is not installed.
    MissingTool {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tool: Option<String>,
    },
    /// The target's standard library is not installed for the toolchain in use.
    MissingTargetStd,
    /// The target's C library (headers, crt files, libc) is not installed for the compiler
    /// or linker in use.
    MissingTargetLibc,
    /// A crate uses `proc_macro` in a build for the target.
    ProcMacro,
}

/// The compiler and flags variables every build script reads for every target (cc-rs's
/// global spellings and their `TARGET_` forms).
const TOOL_VARS: &[&str] = &[
    "CC", "CXX", "AR", "RANLIB", "CFLAGS", "CXXFLAGS", "CPPFLAGS", "ARFLAGS", "LDFLAGS",
];

impl Cause {
    /// The cause of a finding, from what the finding records: how its objects were made
    /// (`provenance`), the variable a library dir came from, its kind.
    pub fn of(f: &Finding, triple: Option<&str>) -> Cause {
        match f.kind {
            Kind::WrongLinker => Cause::WrongLinker {
                variable: f.env.keys().find(|k| k.ends_with("_LINKER")).cloned(),
            },
            Kind::LinkerNotFound => Cause::LinkerNotFound,
            Kind::HostLibraryPath => Cause::HostLibraryDir {
                dir: f
                    .path
                    .parent()
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                variable: f.provenance.library_from.clone(),
            },
            Kind::MissingLibrary => Cause::MissingLibrary {
                library: f
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            },
            Kind::MissingAtomics => Cause::Libatomic,
            Kind::PicMismatch => Cause::NotPic,
            Kind::ProcMacroUnavailable => Cause::ProcMacro,
            Kind::CrossToolMissing => Cause::MissingTool {
                tool: f.provenance.compiler.clone(),
            },
            Kind::PkgConfigCross => Cause::PkgConfig,
            Kind::OpensslNotFound => Cause::NoOpenssl,
            Kind::TargetStdMissing => Cause::MissingTargetStd,
            Kind::TargetLibcMissing => Cause::MissingTargetLibc,
            Kind::LibcMismatch => by_compiler(f, triple).unwrap_or(Cause::GlibcHeaders),
            Kind::ArchiveNoIndex => by_compiler(f, triple).unwrap_or(Cause::NoArchiveIndex),
            Kind::WrongArchitecture | Kind::AbiMismatch | Kind::WrongCompiler => {
                if f.provenance.build_system.as_deref() == Some(PREBUILT) {
                    return Cause::PrebuiltLibrary;
                }
                if f.notes.iter().any(|n| n.starts_with(RUSTC_MADE)) {
                    return Cause::WrongRustTarget;
                }
                if let Some(c) = by_flags(f, triple) {
                    return c;
                }
                if let Some(c) = by_compiler(f, triple) {
                    return c;
                }
                if f.kind == Kind::AbiMismatch {
                    Cause::CompilerAbi
                } else {
                    Cause::ForeignCompiler {
                        compiler: f.provenance.compiler.clone(),
                    }
                }
            }
        }
    }

    /// Why, in one clause, for the head of a cause's block.
    pub fn phrase(&self, target: &str) -> String {
        let set = |v: &str, value: &Option<String>| match value {
            Some(x) => format!("`{v}={x}`"),
            None => format!("`{v}`"),
        };
        match self {
            Cause::GlobalVariable { variable, value } => format!(
                "a global {} reached the build scripts, for the host and {target} alike",
                set(variable, value)
            ),
            Cause::TargetVariable { variable, value } => format!(
                "{} names a tool for another machine than {target}",
                set(variable, value)
            ),
            Cause::NoTargetCompiler => format!(
                "nothing named a C compiler for {target}, so the build scripts took the build machine's"
            ),
            Cause::ForeignCompiler { compiler: Some(c) } => {
                format!("the C was compiled by `{c}`, a compiler for another machine than {target}")
            }
            Cause::ForeignCompiler { compiler: None } => {
                format!("the C was compiled by a compiler for another machine than {target}")
            }
            Cause::CompilerAbi => format!(
                "the C compiler is for {target}'s machine, but its defaults give another ABI"
            ),
            Cause::WrongRustTarget => {
                "rustc's own objects are for another target (a stale or mixed target dir, or the wrong --target)".into()
            }
            Cause::PrebuiltLibrary => {
                format!("a crate links a library it ships prebuilt, not built for {target}")
            }
            Cause::GlibcHeaders => format!(
                "C was compiled against glibc's headers for the musl target {target}"
            ),
            Cause::NoArchiveIndex => {
                "a static library was made without a symbol index (the host's ar, or none)".into()
            }
            Cause::NotPic => format!(
                "C was compiled without -fPIC, and {target} links position-independent executables"
            ),
            Cause::Libatomic => format!("{target} has some atomics only in libatomic"),
            Cause::WrongLinker { variable: Some(v) } => {
                format!("{v} names a linker for another machine than {target}")
            }
            Cause::WrongLinker { variable: None } => {
                format!("the linker links for another machine than {target}")
            }
            Cause::LinkerNotFound => format!("the linker configured for {target} is not here"),
            Cause::HostLibraryDir { dir, variable } => match variable {
                Some(v) => format!("`{v}` put the build machine's {dir} on the link for {target}"),
                None => format!("the build machine's {dir} is on the link for {target}"),
            },
            Cause::PkgConfig => format!("pkg-config is not set up for {target}"),
            Cause::NoOpenssl => format!("no OpenSSL for {target} was found"),
            Cause::MissingLibrary { library } => {
                format!("{library} exists nowhere the linker looks for {target}")
            }
            Cause::MissingTool { tool: Some(t) } => format!("the cross tool {t} is not installed"),
            Cause::MissingTool { tool: None } => {
                format!("a cross tool for {target} is not installed")
            }
            Cause::MissingTargetStd => {
                format!("the standard library for {target} is not installed")
            }
            Cause::MissingTargetLibc => {
                format!("the C library for {target} is not installed for its compiler and linker")
            }
            Cause::ProcMacro => format!("a crate uses proc_macro in a build for {target}"),
        }
    }

    /// The cause's `type` name (`global-variable`), as the JSON and `explain` spell it.
    pub fn name(&self) -> &'static str {
        match self {
            Cause::GlobalVariable { .. } => "global-variable",
            Cause::TargetVariable { .. } => "target-variable",
            Cause::NoTargetCompiler => "no-target-compiler",
            Cause::ForeignCompiler { .. } => "foreign-compiler",
            Cause::CompilerAbi => "compiler-abi",
            Cause::WrongRustTarget => "wrong-rust-target",
            Cause::PrebuiltLibrary => "prebuilt-library",
            Cause::GlibcHeaders => "glibc-headers",
            Cause::NoArchiveIndex => "no-archive-index",
            Cause::NotPic => "not-pic",
            Cause::Libatomic => "libatomic",
            Cause::WrongLinker { .. } => "wrong-linker",
            Cause::LinkerNotFound => "linker-not-found",
            Cause::HostLibraryDir { .. } => "host-library-dir",
            Cause::PkgConfig => "pkg-config",
            Cause::NoOpenssl => "no-openssl",
            Cause::MissingLibrary { .. } => "missing-library",
            Cause::MissingTool { .. } => "missing-tool",
            Cause::MissingTargetStd => "missing-target-std",
            Cause::MissingTargetLibc => "missing-target-libc",
            Cause::ProcMacro => "proc-macro",
        }
    }

    /// What `xlinkdiag explain <cause>` says: its section of docs/diagnostics.md.
    pub fn explain(&self) -> &'static str {
        doc(self.name()).unwrap_or_default()
    }
}

/// Every cause's name, in the order docs/diagnostics.md lists them.
pub const NAMES: &[&str] = &[
    "global-variable",
    "target-variable",
    "no-target-compiler",
    "foreign-compiler",
    "compiler-abi",
    "wrong-rust-target",
    "prebuilt-library",
    "glibc-headers",
    "no-archive-index",
    "not-pic",
    "libatomic",
    "wrong-linker",
    "linker-not-found",
    "host-library-dir",
    "pkg-config",
    "no-openssl",
    "missing-library",
    "missing-tool",
    "missing-target-std",
    "missing-target-libc",
    "proc-macro",
];

/// The `## cause \`name\`` section of docs/diagnostics.md.
pub fn doc(name: &str) -> Option<&'static str> {
    super::finding::doc_section(&format!("cause `{name}"))
}

/// Findings that share a cause: one block in every report, with one fix.
#[derive(Clone, Debug, Serialize)]
pub struct CauseGroup {
    pub cause: Cause,
    /// The kind of the group's first finding.
    pub kind: Kind,
    /// The worst severity among its findings.
    pub severity: Severity,
    /// The cause and what it did, in one sentence (a lone finding's own message).
    pub message: String,
    /// Indexes of its findings in the report's `findings`, in order.
    pub findings: Vec<usize>,
    /// The crates it reached, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub crates: Vec<String>,
    /// The settings of every finding's fix, together.
    pub env: BTreeMap<String, String>,
    /// What to unset, from every finding's fix.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unset: Vec<String>,
    /// The fixes' words, each once.
    pub help: Vec<String>,
    /// The notes every finding of the group has (a lone finding's: all of them).
    #[serde(skip)]
    pub notes: Vec<String>,
}

/// What one group already holds, for `group`'s lookups.
#[derive(Default)]
struct Seen {
    crates: HashSet<String>,
    unset: HashSet<String>,
    help: HashMap<String, usize>,
}

/// The findings grouped by cause, in the order each cause first appears. Linear in the
/// findings (a hash of the causes seen).
pub fn group(findings: &[Finding], triple: Option<&str>) -> Vec<CauseGroup> {
    let mut groups: Vec<CauseGroup> = Vec::new();
    let mut index: HashMap<Cause, usize> = HashMap::new();
    // How many findings of each group gave each help line: the cause's own words, which
    // every culprit's fix has, come before a single crate's.
    let mut counts: Vec<Vec<usize>> = Vec::new();
    // Per group, what it already holds: a cause reaching 100,000 crates stays linear.
    let mut seen: Vec<Seen> = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let cause = Cause::of(f, triple);
        let gi = match index.get(&cause) {
            Some(&g) => g,
            None => {
                index.insert(cause.clone(), groups.len());
                counts.push(Vec::new());
                seen.push(Seen::default());
                groups.push(CauseGroup {
                    cause,
                    kind: f.kind,
                    severity: f.severity,
                    message: String::new(),
                    findings: Vec::new(),
                    crates: Vec::new(),
                    env: BTreeMap::new(),
                    unset: Vec::new(),
                    help: Vec::new(),
                    notes: f.notes.clone(),
                });
                groups.len() - 1
            }
        };
        let g = &mut groups[gi];
        let s = &mut seen[gi];
        g.findings.push(i);
        g.severity = g.severity.min(f.severity);
        if let Some(c) = &f.crate_name
            && s.crates.insert(c.clone())
        {
            g.crates.push(c.clone());
        }
        for (k, v) in &f.env {
            g.env.entry(k.clone()).or_insert_with(|| v.clone());
        }
        for u in &f.unset {
            if s.unset.insert(u.clone()) {
                g.unset.push(u.clone());
            }
        }
        for h in &f.help {
            match s.help.get(h) {
                Some(&at) => counts[gi][at] += 1,
                None => {
                    s.help.insert(h.clone(), g.help.len());
                    g.help.push(h.clone());
                    counts[gi].push(1);
                }
            }
        }
        if g.findings.len() > 1 {
            g.notes.retain(|n| f.notes.contains(n));
        }
    }
    let target = triple.unwrap_or("the target");
    for (g, counts) in groups.iter_mut().zip(counts) {
        let mut ranked: Vec<(usize, String)> = counts.into_iter().zip(g.help.drain(..)).collect();
        // Stable: equal counts keep their first appearance.
        ranked.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
        g.help = ranked.into_iter().map(|(_, h)| h).collect();
        g.message = match g.findings.as_slice() {
            [one] => findings[*one].message.clone(),
            all => format!(
                "{}: {}",
                g.cause.phrase(target),
                symptom(all.iter().map(|&i| &findings[i]), target)
            ),
        };
    }
    groups
}

/// What the findings of one cause have in common, in words: `3 crates hold x86_64 objects
/// that mips-unknown-linux-musl cannot link`.
fn symptom<'f>(findings: impl Iterator<Item = &'f Finding>, target: &str) -> String {
    let all: Vec<&Finding> = findings.collect();
    let n = all.len();
    let kind = all[0].kind;
    let same_kind = all.iter().all(|f| f.kind == kind);
    let crates = all.iter().filter(|f| f.crate_name.is_some()).count() == n;
    let who = if crates {
        format!("{n} crates")
    } else {
        format!("{n} files")
    };
    let arch = &all[0].found.arch;
    let same_arch = all.iter().all(|f| &f.found.arch == arch) && arch != "unknown";
    match kind {
        _ if !same_kind => format!("{n} culprits that {target} cannot link"),
        Kind::WrongArchitecture if same_arch => {
            format!("{who} hold {arch} objects that {target} cannot link")
        }
        Kind::WrongArchitecture => format!("{who} hold objects for other machines than {target}"),
        Kind::AbiMismatch => format!("{who} hold objects with an ABI {target} cannot link"),
        Kind::WrongCompiler => format!("{n} build scripts failed to compile C for {target}"),
        Kind::HostLibraryPath => format!("{who} link the build machine's libraries"),
        Kind::MissingLibrary => format!("{n} libraries are missing for {target}"),
        Kind::MissingAtomics => format!("{who} call atomics that need libatomic"),
        Kind::PicMismatch => format!("{who} hold C objects built without -fPIC"),
        Kind::LibcMismatch => format!("{who} need glibc-only symbols"),
        Kind::ArchiveNoIndex => format!("{who} hold static libraries without a symbol index"),
        _ => format!("{n} findings of {}", kind.as_str()),
    }
}

/// The build system name a prebuilt library's provenance carries.
const PREBUILT: &str = "a prebuilt library";

/// The note the scan writes when rustc's own objects are foreign.
pub const RUSTC_MADE: &str = "rustc's own objects are foreign too";

/// The variable that chose the compiler, when the finding records one.
fn by_compiler(f: &Finding, triple: Option<&str>) -> Option<Cause> {
    let from = f.provenance.compiler_from.as_deref()?;
    let value = f.provenance.compiler.clone();
    if from.starts_with("cc-rs's default") {
        return Some(Cause::NoTargetCompiler);
    }
    let var = from.split_whitespace().next().unwrap_or(from);
    if is_global_tool_var(var) {
        return Some(Cause::GlobalVariable {
            variable: var.to_string(),
            value,
        });
    }
    let per_target = triple.is_some_and(|t| {
        TOOL_VARS
            .iter()
            .any(|b| vars::spelling_of(var, b, t).is_some())
    }) || var.contains('_') && var.chars().any(|c| c.is_ascii_lowercase());
    per_target.then(|| Cause::TargetVariable {
        variable: var.to_string(),
        value,
    })
}

/// The flags variable the compiler refused a value of, when the finding records one: a
/// global `CFLAGS` for the build machine's CPU, or the target's own naming another's.
fn by_flags(f: &Finding, triple: Option<&str>) -> Option<Cause> {
    let var = f.provenance.flags_from.as_deref()?;
    if is_global_tool_var(var) {
        return Some(Cause::GlobalVariable {
            variable: var.to_string(),
            value: None,
        });
    }
    Some(Cause::TargetVariable {
        variable: var.to_string(),
        value: None,
    })
    .filter(|_| {
        triple.is_some_and(|t| {
            ["CFLAGS", "CXXFLAGS", "CPPFLAGS"]
                .iter()
                .any(|b| vars::spelling_of(var, b, t).is_some())
        })
    })
}

/// `CC`, `TARGET_CC`, `CXX`, `CFLAGS`, …: read by every build script for the target.
pub fn is_global_tool_var(var: &str) -> bool {
    let base = var.strip_prefix("TARGET_").unwrap_or(var);
    TOOL_VARS.contains(&base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::finding::Provenance;

    const T: Option<&str> = Some("aarch64-unknown-linux-gnu");

    fn finding(kind: Kind, compiler: Option<&str>, from: Option<&str>) -> Finding {
        let mut f = Finding::new(
            kind,
            "/t/aarch64-unknown-linux-gnu/debug/deps/liba_sys-0123456789abcdef.rlib".into(),
            crate::artifacts::formats::bitcode(),
            crate::diagnose::expected::Expected::from_spec(
                crate::target::lookup("aarch64-unknown-linux-gnu").unwrap(),
                "test".into(),
            )
            .desc(),
            "m".into(),
        );
        f.provenance = Provenance {
            compiler: compiler.map(str::to_string),
            compiler_from: from.map(str::to_string),
            ..Default::default()
        };
        f
    }

    #[test]
    fn the_variable_that_chose_the_compiler_is_the_cause() {
        let f = finding(Kind::WrongArchitecture, Some("gcc"), Some("CC"));
        assert_eq!(
            Cause::of(&f, T),
            Cause::GlobalVariable {
                variable: "CC".into(),
                value: Some("gcc".into())
            }
        );
        let f = finding(Kind::WrongCompiler, Some("g++"), Some("TARGET_CXX"));
        assert!(
            matches!(Cause::of(&f, T), Cause::GlobalVariable { variable, .. } if variable == "TARGET_CXX")
        );
        let f = finding(
            Kind::WrongArchitecture,
            Some("gcc"),
            Some("CC_aarch64-unknown-linux-gnu"),
        );
        assert_eq!(
            Cause::of(&f, T),
            Cause::TargetVariable {
                variable: "CC_aarch64-unknown-linux-gnu".into(),
                value: Some("gcc".into())
            }
        );
        let f = finding(
            Kind::WrongArchitecture,
            None,
            Some("cc-rs's default (no CC variable was set)"),
        );
        assert_eq!(Cause::of(&f, T), Cause::NoTargetCompiler);
        let f = finding(Kind::WrongArchitecture, Some("/usr/bin/gcc"), None);
        assert_eq!(
            Cause::of(&f, T),
            Cause::ForeignCompiler {
                compiler: Some("/usr/bin/gcc".into())
            }
        );
        let f = finding(Kind::AbiMismatch, None, None);
        assert_eq!(Cause::of(&f, T), Cause::CompilerAbi);
    }

    #[test]
    fn causes_serialize_with_their_type() {
        let c = Cause::GlobalVariable {
            variable: "CC".into(),
            value: Some("gcc".into()),
        };
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"type":"global-variable","variable":"CC","value":"gcc"}"#
        );
        assert_eq!(
            serde_json::to_string(&Cause::NotPic).unwrap(),
            r#"{"type":"not-pic"}"#
        );
    }

    #[test]
    fn every_cause_is_named_as_serde_names_it_and_documented() {
        let samples = [
            Cause::GlobalVariable {
                variable: "CC".into(),
                value: None,
            },
            Cause::TargetVariable {
                variable: "CC_x".into(),
                value: None,
            },
            Cause::NoTargetCompiler,
            Cause::ForeignCompiler { compiler: None },
            Cause::CompilerAbi,
            Cause::WrongRustTarget,
            Cause::PrebuiltLibrary,
            Cause::GlibcHeaders,
            Cause::NoArchiveIndex,
            Cause::NotPic,
            Cause::Libatomic,
            Cause::WrongLinker { variable: None },
            Cause::LinkerNotFound,
            Cause::HostLibraryDir {
                dir: "/usr/lib".into(),
                variable: None,
            },
            Cause::PkgConfig,
            Cause::NoOpenssl,
            Cause::MissingLibrary {
                library: "-lz".into(),
            },
            Cause::MissingTool { tool: None },
            Cause::MissingTargetStd,
            Cause::MissingTargetLibc,
            Cause::ProcMacro,
        ];
        assert_eq!(samples.len(), NAMES.len());
        for (c, name) in samples.iter().zip(NAMES) {
            assert_eq!(c.name(), *name);
            let json = serde_json::to_value(c).unwrap();
            assert_eq!(json["type"], *name);
            assert!(
                !c.explain().is_empty(),
                "{name} is not in docs/diagnostics.md"
            );
        }
    }

    #[test]
    fn global_tool_variables() {
        for v in ["CC", "CXX", "TARGET_CC", "CFLAGS", "TARGET_CXXFLAGS", "AR"] {
            assert!(is_global_tool_var(v), "{v}");
        }
        for v in ["CC_aarch64_unknown_linux_gnu", "HOST_CC", "OPENSSL_LIB_DIR"] {
            assert!(!is_global_tool_var(v), "{v}");
        }
    }
}
