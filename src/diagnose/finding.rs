//! Findings are data with stable kinds: the JSON `kind` strings never change once released.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::artifacts::ObjectId;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    WrongArchitecture,
    AbiMismatch,
    WrongLinker,
    HostLibraryPath,
    MissingLibrary,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[
        Kind::WrongArchitecture,
        Kind::AbiMismatch,
        Kind::WrongLinker,
        Kind::HostLibraryPath,
        Kind::MissingLibrary,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::WrongArchitecture => "wrong-architecture",
            Kind::AbiMismatch => "abi-mismatch",
            Kind::WrongLinker => "wrong-linker",
            Kind::HostLibraryPath => "host-library-path",
            Kind::MissingLibrary => "missing-library",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Kind::WrongArchitecture => {
                "an object is for another machine, object format, word size or byte order than the target"
            }
            Kind::AbiMismatch => {
                "an object is for the target's machine but an incompatible ABI (float ABI, ISA revision, NaN encoding, ABI variant)"
            }
            Kind::WrongLinker => "the linker itself links for another machine than the target",
            Kind::HostLibraryPath => {
                "a -L directory is the host's library dir, and a -l library was found there for the host"
            }
            Kind::MissingLibrary => "a -l library exists nowhere the linker looks for the target",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExpectedDesc {
    pub arch: String,
    pub format: crate::artifacts::Format,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bits: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endian: Option<crate::target::Endian>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub float: Option<crate::artifacts::identity::FoundFloat>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abi: Option<String>,
    /// How the expected target was worked out (flag, target dir layout, rustc's objects).
    pub from: String,
}

/// How the culprit's objects were produced.
#[derive(Clone, Debug, Default, Serialize)]
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
    /// Producer strings from the objects' `.comment` sections.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub producers: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub kind: Kind,
    pub severity: Severity,
    /// The archive or object a linker would name.
    #[serde(serialize_with = "crate::report::json::path_str")]
    pub path: PathBuf,
    pub member: Option<String>,
    pub found: ObjectId,
    pub expected: ExpectedDesc,
    #[serde(rename = "crate")]
    pub crate_name: Option<String>,
    pub package: Option<String>,
    pub env: BTreeMap<String, String>,
    pub message: String,
    /// Every foreign member of `path`, `member` first.
    pub members: Vec<String>,
    /// Other files holding the same foreign objects (the out dir's .a and .o files).
    #[serde(serialize_with = "crate::report::json::paths_str")]
    pub also_in: Vec<PathBuf>,
    pub provenance: Provenance,
    /// The reasons in words, one line each (shown as `= note:`).
    pub notes: Vec<String>,
    /// What to do, one line each (shown as `= help:`).
    pub help: Vec<String>,
}
