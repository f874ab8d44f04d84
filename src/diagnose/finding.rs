//! Findings are data with stable kinds: the JSON `kind` strings never change once released.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize, Serializer};

use crate::artifacts::ObjectId;

/// The kind of a finding. Its kebab-case name is the JSON `kind`, a heading in
/// docs/diagnostics.md, and never changes once released.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    WrongArchitecture,
    AbiMismatch,
    WrongLinker,
    HostLibraryPath,
    MissingLibrary,
    MissingAtomics,
    LibcMismatch,
    ArchiveNoIndex,
    PicMismatch,
    ProcMacroUnavailable,
    CrossToolMissing,
    PkgConfigCross,
    OpensslNotFound,
    LinkerNotFound,
    TargetStdMissing,
    WrongCompiler,
    TargetLibcMissing,
}

/// Every kind with its name and one-sentence description, in report order.
const KINDS: &[(Kind, &str, &str)] = &[
    (
        Kind::WrongArchitecture,
        "wrong-architecture",
        "an object is for another machine, object format, word size or byte order than the target",
    ),
    (
        Kind::AbiMismatch,
        "abi-mismatch",
        "an object is for the target's machine but an incompatible ABI (float ABI, ISA revision, NaN encoding, ABI variant, platform)",
    ),
    (
        Kind::WrongLinker,
        "wrong-linker",
        "the linker itself links for another machine than the target",
    ),
    (
        Kind::HostLibraryPath,
        "host-library-path",
        "a -L directory is the host's library dir, and a -l library was found there for the host",
    ),
    (
        Kind::MissingLibrary,
        "missing-library",
        "a -l library exists nowhere the linker looks for the target",
    ),
    (
        Kind::MissingAtomics,
        "missing-atomics",
        "64-bit atomics are called on a target whose widest native atomic is 32-bit, and libatomic is not linked",
    ),
    (
        Kind::LibcMismatch,
        "libc-mismatch",
        "objects built against glibc's headers reference glibc-only symbols in a musl link",
    ),
    (
        Kind::ArchiveNoIndex,
        "archive-no-index",
        "a static library has no symbol index, because the host's ar (or none) made it",
    ),
    (
        Kind::PicMismatch,
        "pic-mismatch",
        "C code built without -fPIC goes into a PIE or shared object",
    ),
    (
        Kind::ProcMacroUnavailable,
        "proc-macro-unavailable",
        "a crate uses proc_macro while being compiled for a target that has none",
    ),
    (
        Kind::CrossToolMissing,
        "cross-tool-missing",
        "cc-rs could not find the C compiler or archiver it chose for the target",
    ),
    (
        Kind::PkgConfigCross,
        "pkg-config-cross",
        "pkg-config refused to look up a library for a cross target",
    ),
    (
        Kind::OpensslNotFound,
        "openssl-not-found",
        "openssl-sys found no OpenSSL for the target",
    ),
    (
        Kind::LinkerNotFound,
        "linker-not-found",
        "the linker cargo was told to use does not exist",
    ),
    (
        Kind::TargetStdMissing,
        "target-std-missing",
        "the target's standard library (std, core) is not installed for the toolchain in use",
    ),
    (
        Kind::WrongCompiler,
        "wrong-compiler",
        "a build script compiled C for the target with a compiler (or flags) for another machine, and the compile failed",
    ),
    (
        Kind::TargetLibcMissing,
        "target-libc-missing",
        "the target's C library (its headers, crt files or libc) is not installed for the compiler or linker in use",
    ),
];

/// docs/diagnostics.md: one `## \`kind\`` section per kind.
const DIAGNOSTICS: &str = include_str!("../../docs/diagnostics.md");

impl Kind {
    /// The kind's section of docs/diagnostics.md, without its heading.
    pub fn doc(self) -> &'static str {
        doc_section(self.as_str()).unwrap_or_default()
    }

    pub fn all() -> impl Iterator<Item = Kind> {
        KINDS.iter().map(|(k, _, _)| *k)
    }

    fn row(self) -> &'static (Kind, &'static str, &'static str) {
        KINDS
            .iter()
            .find(|(k, _, _)| *k == self)
            .unwrap_or(&KINDS[0])
    }

    pub fn as_str(self) -> &'static str {
        self.row().1
    }

    pub fn description(self) -> &'static str {
        self.row().2
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        KINDS
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(k, _, _)| *k)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// What the target needs, as the JSON `expected` object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpectedDesc {
    pub arch: String,
    pub format: crate::artifacts::Format,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bits: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endian: Option<crate::target::Endian>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub float: Option<crate::artifacts::identity::FoundFloat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abi: Option<String>,
    /// How the expected target was worked out (flag, target dir layout, rustc's objects).
    #[serde(default)]
    pub from: String,
}

/// How the culprit's objects were produced.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Provenance {
    /// cc-rs, cmake, pkg-config, openssl-sys, a prebuilt library, its build script.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build_system: Option<String>,
    /// The build script run dir (`build/<pkg>-<hash>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build_dir: Option<PathBuf>,
    /// The compiler actually used (`gcc`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compiler: Option<String>,
    /// Where that compiler came from (`CC`, `CMAKE_C_COMPILER`, the default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compiler_from: Option<String>,
    /// Variables the build looked up and found unset.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unset: Vec<String>,
    /// The flags variable whose value the compiler refused (`CFLAGS` holding
    /// `-march=x86-64-v2` in an aarch64 compile): the cause, not the compiler.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags_from: Option<String>,
    /// The variable a build script recorded that put a library dir on the link
    /// (`OPENSSL_LIB_DIR=/usr/lib/x86_64-linux-gnu`), or `pkg-config`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub library_from: Option<String>,
    /// Producer strings from the objects' `.comment` sections.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub producers: Vec<String>,
}

/// Read back (`Deserialize`) from the shim's report and its structured lines: the same
/// struct both ways, so nothing reads our human text.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Finding {
    pub kind: Kind,
    pub severity: Severity,
    /// The archive or object a linker would name.
    #[serde(serialize_with = "path_str")]
    pub path: PathBuf,
    #[serde(default)]
    pub member: Option<String>,
    pub found: ObjectId,
    pub expected: ExpectedDesc,
    #[serde(rename = "crate", default)]
    pub crate_name: Option<String>,
    #[serde(default)]
    pub package: Option<String>,
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    pub message: String,
    /// Every foreign member of `path`, `member` first.
    #[serde(default)]
    pub members: Vec<String>,
    /// Other files holding the same foreign objects (the out dir's .a and .o files).
    #[serde(default, serialize_with = "paths_str")]
    pub also_in: Vec<PathBuf>,
    #[serde(default)]
    pub provenance: Provenance,
    /// The reasons in words, one line each (shown as `= note:`).
    #[serde(default)]
    pub notes: Vec<String>,
    /// What to do, in words, one line each (shown as `= help:`); the settings themselves are
    /// `env` and `unset`, which every renderer turns into shell lines (`report::shell`).
    #[serde(default)]
    pub help: Vec<String>,
    /// Variables that took effect and must go before the settings in `env` can.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unset: Vec<String>,
    /// Symbols this finding explains (undefined in the link, defined only here).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub symbols: Vec<String>,
    /// Set when `path` is not a file found here but the linker's own words for it (a path
    /// relative to a directory that is gone, or a name alone); absent when `path` exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_source: Option<PathSource>,
}

impl Finding {
    /// An error finding with nothing known but what it is, where, and in words; the
    /// builders fill in the rest.
    pub fn new(
        kind: Kind,
        path: PathBuf,
        found: ObjectId,
        expected: ExpectedDesc,
        message: String,
    ) -> Finding {
        Finding {
            kind,
            severity: Severity::Error,
            path,
            member: None,
            found,
            expected,
            crate_name: None,
            package: None,
            env: BTreeMap::new(),
            message,
            members: Vec::new(),
            also_in: Vec::new(),
            provenance: Provenance::default(),
            notes: Vec::new(),
            help: Vec::new(),
            unset: Vec::new(),
            symbols: Vec::new(),
            path_source: None,
        }
    }

    /// The fix's settings, what to unset and its words, as one builder gave them.
    pub fn set_fix(&mut self, fix: crate::diagnose::fix::Fix) {
        for (name, why) in fix.unset {
            if !self.unset.contains(&name) {
                self.unset.push(name);
            }
            self.help.push(why);
        }
        self.env.extend(fix.env);
        self.help.extend(fix.help);
    }
}

/// Paths are strings in the JSON contract; a non-UTF-8 byte becomes U+FFFD. (Kept here, by
/// the struct that names them, so that the model does not depend on its renderers.)
fn path_str<S: Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&p.to_string_lossy())
}

fn paths_str<S: Serializer>(ps: &[PathBuf], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(ps.iter().map(|p| p.to_string_lossy()))
}

/// Where a finding's `path` came from, when it is not a file found here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PathSource {
    /// Copied from the linker's message.
    Linker,
}

/// The `## \`name\`` section of docs/diagnostics.md, without its heading (`cause \`name`
/// finds a cause's `## cause \`name\``).
pub fn doc_section(name: &str) -> Option<&'static str> {
    let heading = format!("## `{name}`");
    let heading = if name.starts_with("cause `") {
        format!("## {name}`")
    } else {
        heading
    };
    let start = DIAGNOSTICS.find(&heading)? + heading.len();
    let body = &DIAGNOSTICS[start..];
    let end = [body.find("\n## "), body.find("\n# ")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(body.len());
    Some(body[..end].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_unique_complete_and_match_serde() {
        let names: Vec<&str> = Kind::all().map(Kind::as_str).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
        for k in Kind::all() {
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
            assert_eq!(Kind::from_name(k.as_str()), Some(k));
            assert!(
                k.description()
                    .ends_with(|c: char| c.is_alphanumeric() || c == ')')
            );
        }
    }

    #[test]
    fn every_kind_is_documented() {
        let docs = include_str!("../../docs/diagnostics.md");
        for k in Kind::all() {
            assert!(
                docs.contains(&format!("## `{}`", k.as_str())),
                "{} is not in docs/diagnostics.md",
                k.as_str()
            );
        }
    }
}
