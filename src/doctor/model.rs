//! What doctor found: one `Check` per tool or setting a build system will use.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::artifacts::ObjectId;
use crate::diagnose::Kind;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Ok,
    /// Nothing is wrong, but worth knowing (a tool that is only needed by some crates).
    Note,
    /// Will fail loudly or might be wrong; does not make a wrong object by itself.
    Warning,
    /// Will produce a wrong object (or link with the wrong linker).
    Error,
    /// The project does not use this build system.
    Skipped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Note => "note",
            Status::Warning => "warning",
            Status::Error => "error",
            Status::Skipped => "skipped",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Check {
    /// `cargo`, `cc-rs`, `cmake-rs`, `pkg-config-rs`, `openssl-sys`.
    pub system: &'static str,
    /// `linker`, `linker-flavor`, `c-compiler`, `cxx-compiler`, `archiver`, `host-c-compiler`,
    /// `toolchain-file`, `library-lookup`, `openssl`.
    pub tool: &'static str,
    pub status: Status,
    /// The finding kind this check prevents, as `xlinkdiag explain` knows it.
    #[serde(serialize_with = "kind_name")]
    pub kind: Option<Kind>,
    /// The setting's value as the build system will use it (a program, a dir).
    pub value: Option<String>,
    /// The variable or config key it came from, or `default (…)`.
    pub from: String,
    /// Higher-priority variables that were not set.
    pub unset: Vec<String>,
    /// The resolved program, when it is one.
    pub path: Option<String>,
    pub dumpmachine: Option<String>,
    /// Flags the probe compile used (CFLAGS variants, cc-rs's target flags, link args).
    pub flags: Vec<String>,
    /// The probe object, identified by the engine.
    pub object: Option<ObjectId>,
    pub message: String,
    pub notes: Vec<String>,
    /// Settings that fix it.
    pub env: BTreeMap<String, String>,
    /// Variables that took effect and must be unset for `env` to win.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
    pub help: Vec<String>,
}

fn kind_name<S: serde::Serializer>(k: &Option<Kind>, s: S) -> Result<S::Ok, S::Error> {
    match k {
        Some(k) => s.serialize_str(k.as_str()),
        None => s.serialize_none(),
    }
}

impl Check {
    pub fn new(system: &'static str, tool: &'static str) -> Check {
        Check {
            system,
            tool,
            status: Status::Ok,
            kind: None,
            value: None,
            from: String::new(),
            unset: Vec::new(),
            path: None,
            dumpmachine: None,
            flags: Vec::new(),
            object: None,
            message: String::new(),
            notes: Vec::new(),
            env: BTreeMap::new(),
            remove: Vec::new(),
            help: Vec::new(),
        }
    }

    pub fn fail(&mut self, status: Status, kind: Option<Kind>, message: String) {
        self.status = status;
        self.kind = kind;
        self.message = message;
    }
}

/// Which crates use each build system, from `Cargo.lock`; `None` when there is no lock file
/// to read (then every build system is checked).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Usage {
    pub lock_file: Option<String>,
    pub users: BTreeMap<&'static str, Vec<String>>,
    /// openssl-sys resolves with its `vendored` feature: it builds OpenSSL from source
    /// (openssl-src) and reads no OpenSSL dir. Not in the JSON: its contract is fixed.
    #[serde(skip)]
    pub openssl_vendored: bool,
}

impl Usage {
    /// Whether `system` matters: used by some crate, or unknown.
    pub fn uses(&self, system: &str) -> bool {
        self.lock_file.is_none() || self.users.get(system).is_some_and(|u| !u.is_empty())
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub version: u32,
    pub target: String,
    pub target_from: String,
    pub host: String,
    pub config_files: Vec<String>,
    pub usage: Usage,
    pub checks: Vec<Check>,
    /// Lines about the setup as a whole (unreadable config, `--manifest-path` trap).
    pub notes: Vec<String>,
    pub errors: usize,
    pub warnings: usize,
}
