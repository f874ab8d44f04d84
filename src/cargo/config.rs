//! The linker cargo is configured to use for a target, from the environment or from the
//! `.cargo/config.toml` files cargo would merge.

use std::fs;
use std::path::{Path, PathBuf};

use crate::env;
use crate::target::TargetSpec;

/// Config files larger than this are not cargo configs.
const MAX_CONFIG: u64 = 1 << 20;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfiguredLinker {
    pub linker: String,
    /// Where the setting came from: an env var name or a config file path.
    pub source: String,
}

/// Looks for the target's linker: env first (cargo's precedence), then the config files cargo
/// would merge from each start dir (read by [`CargoConfig`], the one config reader).
pub fn configured_linker(spec: &TargetSpec, start_dirs: &[&Path]) -> Option<ConfiguredLinker> {
    let var = spec.linker_var();
    let found = env::cargo_target_linker(&spec.upper())
        .map(|l| ConfiguredLinker {
            linker: l,
            source: var,
        })
        .or_else(|| {
            let c = CargoConfig::load_from(start_dirs).target_linker(spec.triple)?;
            Some(ConfiguredLinker {
                linker: c.value,
                source: c.file.display().to_string(),
            })
        })?;
    // Behind a shim named plain `xlinkdiag`, the real linker is in XLINKDIAG_LINKER.
    let name = Path::new(&found.linker)
        .file_name()?
        .to_string_lossy()
        .to_string();
    if name == "xlinkdiag" {
        return env::var(crate::shim_setup::LINKER_VAR).map(|l| ConfiguredLinker {
            linker: l,
            source: crate::shim_setup::LINKER_VAR.into(),
        });
    }
    Some(found)
}

// ---------------------------------------------------------------------------------------------
// The reader: every file cargo merges, with `[env]`, `[build]` and `[target.<triple>]`, each
// value paired with the file that set it.
// ---------------------------------------------------------------------------------------------

/// One config file cargo merges, parsed.
#[derive(Clone, Debug)]
pub struct ConfigFile {
    pub path: PathBuf,
    /// What config-relative paths are relative to: the directory holding `.cargo/`.
    pub base: PathBuf,
    pub table: toml::Table,
}

/// A string from the merged config and the file that set it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigString {
    pub value: String,
    pub file: PathBuf,
}

/// One `[env]` entry after merging: deeper files win, like cargo's other scalars.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigEnv {
    pub name: String,
    pub value: String,
    /// `force = true`: the entry wins over the process environment.
    pub force: bool,
    pub file: PathBuf,
}

/// The config files cargo merges for a command started in `cwd`, parsed, highest precedence
/// first. Files that cannot be read or parsed are skipped with a line in `problems`.
#[derive(Clone, Debug, Default)]
pub struct CargoConfig {
    pub files: Vec<ConfigFile>,
    pub problems: Vec<String>,
}

/// The files cargo merges for a command started in a start dir, highest precedence first:
/// `.cargo/config.toml` in it and each ancestor (cargo takes `.cargo/config` instead when
/// both exist), then the one in `$CARGO_HOME`. Cargo reads them from the current directory,
/// not from `--manifest-path`. With several start dirs (a scan's paths): each one's
/// ancestors in turn, each file once, the home config last.
fn merged_config_files(starts: &[&Path]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let home = home.map(|h| fs::canonicalize(&h).unwrap_or(h));
    for start in starts {
        let start = fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
        for dir in start.ancestors() {
            let dot_cargo = dir.join(".cargo");
            if home.as_deref() == Some(dot_cargo.as_path()) {
                continue; // read once, last, as the home config
            }
            if let Some(p) = config_in(&dot_cargo)
                && !out.contains(&p)
            {
                out.push(p);
            }
        }
    }
    if let Some(p) = home.as_deref().and_then(config_in) {
        out.push(p);
    }
    out
}

/// The one file cargo reads in a `.cargo` dir: `config` when both `config` and `config.toml`
/// exist (cargo warns and uses the one without the extension), else whichever exists.
pub fn config_in(dot_cargo: &Path) -> Option<PathBuf> {
    ["config", "config.toml"]
        .iter()
        .map(|n| dot_cargo.join(n))
        .find(|p| p.is_file())
}

impl CargoConfig {
    pub fn load(cwd: &Path) -> CargoConfig {
        CargoConfig::load_from(&[cwd])
    }

    /// The files cargo would merge from any of `starts` (see [`merged_config_files`]).
    pub fn load_from(starts: &[&Path]) -> CargoConfig {
        let mut cfg = CargoConfig::default();
        for path in merged_config_files(starts) {
            match read_table(&path) {
                Ok(table) => {
                    // `<base>/.cargo/config.toml`: two levels up is the base.
                    let base = path
                        .parent()
                        .and_then(Path::parent)
                        .unwrap_or(Path::new("/"))
                        .to_path_buf();
                    cfg.files.push(ConfigFile { path, base, table });
                }
                Err(e) => cfg.problems.push(format!("{}: {e}", path.display())),
            }
        }
        cfg
    }

    /// `[target.<triple>] linker`, resolved like cargo: a value with a `/` is relative to the
    /// directory holding `.cargo/`; a bare name is looked up in `PATH` later.
    pub fn target_linker(&self, triple: &str) -> Option<ConfigString> {
        self.files.iter().find_map(|f| {
            let v = f
                .table
                .get("target")?
                .get(triple)?
                .get("linker")?
                .as_str()?;
            Some(ConfigString {
                value: config_relative(&f.base, v),
                file: f.path.clone(),
            })
        })
    }

    /// `[target.<triple>] rustflags` of every file, joined as cargo joins arrays: lower
    /// precedence first.
    pub fn target_rustflags(&self, triple: &str) -> Vec<(String, PathBuf)> {
        self.joined(|t| t.get("target")?.get(triple)?.get("rustflags"))
    }

    /// `[build] rustflags`, used when no target rustflags are set.
    pub fn build_rustflags(&self) -> Vec<(String, PathBuf)> {
        self.joined(|t| t.get("build")?.get("rustflags"))
    }

    /// `[build] target` (the first one when it is a list).
    pub fn build_target(&self) -> Option<ConfigString> {
        self.files.iter().find_map(|f| {
            let v = f.table.get("build")?.get("target")?;
            let s = v.as_str().or_else(|| v.as_array()?.first()?.as_str())?;
            Some(ConfigString {
                value: s.to_string(),
                file: f.path.clone(),
            })
        })
    }

    /// The merged `[env]` table.
    pub fn env(&self) -> Vec<ConfigEnv> {
        let mut out: Vec<ConfigEnv> = Vec::new();
        for f in &self.files {
            let Some(table) = f.table.get("env").and_then(|e| e.as_table()) else {
                continue;
            };
            for (name, v) in table {
                if out.iter().any(|e| &e.name == name) {
                    continue; // a deeper file already set it
                }
                let (value, force, relative) = match v {
                    toml::Value::String(s) => (s.clone(), false, false),
                    toml::Value::Table(t) => {
                        let Some(s) = t.get("value").and_then(|v| v.as_str()) else {
                            continue;
                        };
                        let flag = |k: &str| t.get(k).and_then(|v| v.as_bool()).unwrap_or(false);
                        (s.to_string(), flag("force"), flag("relative"))
                    }
                    _ => continue,
                };
                let value = if relative {
                    f.base.join(&value).display().to_string()
                } else {
                    value
                };
                out.push(ConfigEnv {
                    name: name.clone(),
                    value,
                    force,
                    file: f.path.clone(),
                });
            }
        }
        out
    }

    fn joined<'a>(
        &'a self,
        get: impl Fn(&'a toml::Table) -> Option<&'a toml::Value>,
    ) -> Vec<(String, PathBuf)> {
        let mut out = Vec::new();
        for f in self.files.iter().rev() {
            match get(&f.table) {
                Some(toml::Value::String(s)) => out.extend(
                    s.split_whitespace()
                        .map(|w| (w.to_string(), f.path.clone())),
                ),
                Some(toml::Value::Array(a)) => out.extend(
                    a.iter()
                        .filter_map(|v| v.as_str())
                        .map(|w| (w.to_string(), f.path.clone())),
                ),
                _ => {}
            }
        }
        out
    }
}

/// Why a cargo config file was left out (said as a problem of the run, with its path).
#[derive(Debug)]
enum Unread {
    TooLarge,
    Io(std::io::Error),
    Toml(String),
}

impl std::fmt::Display for Unread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unread::TooLarge => write!(f, "larger than {MAX_CONFIG} bytes, not read"),
            Unread::Io(e) => write!(f, "cannot read it: {e}"),
            Unread::Toml(m) => write!(f, "not TOML cargo can read: {m}"),
        }
    }
}

fn read_table(path: &Path) -> Result<toml::Table, Unread> {
    let len = fs::metadata(path).map_err(Unread::Io)?.len();
    if len > MAX_CONFIG {
        return Err(Unread::TooLarge);
    }
    let text = crate::fsio::read_string_capped(path, MAX_CONFIG).map_err(Unread::Io)?;
    text.parse()
        .map_err(|e: toml::de::Error| Unread::Toml(e.message().to_string()))
}

/// Cargo's rule for program paths in config: relative paths with a `/` are relative to the
/// directory holding `.cargo/`.
fn config_relative(base: &Path, value: &str) -> String {
    if value.contains('/') && Path::new(value).is_relative() {
        base.join(value).display().to_string()
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cargo reads one file per `.cargo` dir: `config` when both exist (it warns), and every
    /// reader here (doctor, fix, the scan's linker) takes the same one.
    #[test]
    fn one_file_per_dir_as_cargo_reads_it() {
        let dir = std::env::temp_dir().join(format!("xlinkdiag-config-in-{}", std::process::id()));
        let dot = dir.join(".cargo");
        fs::create_dir_all(&dot).unwrap();
        assert_eq!(config_in(&dot), None);
        fs::write(dot.join("config.toml"), "[target.x]\nlinker = \"a\"\n").unwrap();
        assert_eq!(config_in(&dot), Some(dot.join("config.toml")));
        fs::write(dot.join("config"), "[target.x]\nlinker = \"b\"\n").unwrap();
        assert_eq!(config_in(&dot), Some(dot.join("config")));
        let cfg = CargoConfig::load_from(&[&dir]);
        assert_eq!(cfg.target_linker("x").map(|c| c.value), Some("b".into()));
        let _ = fs::remove_dir_all(&dir);
    }
}
