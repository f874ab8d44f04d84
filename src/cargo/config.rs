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

/// Looks for the target's linker: env first (cargo's precedence), then config files from
/// each start dir upwards, then `$CARGO_HOME/config.toml`.
pub fn configured_linker(spec: &TargetSpec, start_dirs: &[&Path]) -> Option<ConfiguredLinker> {
    let var = format!("CARGO_TARGET_{}_LINKER", spec.upper());
    let found = env::cargo_target_linker(&spec.upper())
        .map(|l| ConfiguredLinker {
            linker: l,
            source: var,
        })
        .or_else(|| {
            config_files(start_dirs).into_iter().find_map(|file| {
                linker_in(&file, spec.triple).map(|l| ConfiguredLinker {
                    linker: l,
                    source: file.display().to_string(),
                })
            })
        })?;
    // Behind a shim named plain `xlinkdiag`, the real linker is in XLINKDIAG_LINKER.
    let name = Path::new(&found.linker)
        .file_name()?
        .to_string_lossy()
        .to_string();
    if name == "xlinkdiag" {
        return env::var("XLINKDIAG_LINKER").map(|l| ConfiguredLinker {
            linker: l,
            source: "XLINKDIAG_LINKER".into(),
        });
    }
    Some(found)
}

fn config_files(start_dirs: &[&Path]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for start in start_dirs {
        let start = fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
        for dir in start.ancestors() {
            for name in ["config.toml", "config"] {
                let p = dir.join(".cargo").join(name);
                if p.is_file() && !out.contains(&p) {
                    out.push(p);
                }
            }
        }
    }
    let home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    if let Some(h) = home {
        let p = h.join("config.toml");
        if p.is_file() && !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

fn linker_in(file: &Path, triple: &str) -> Option<String> {
    if fs::metadata(file).ok()?.len() > MAX_CONFIG {
        return None;
    }
    let text = fs::read_to_string(file).ok()?;
    let value: toml::Table = text.parse().ok()?;
    value
        .get("target")?
        .get(triple)?
        .get("linker")?
        .as_str()
        .map(str::to_string)
}
