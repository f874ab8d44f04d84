//! The variables a build script will see: the process environment merged with cargo's
//! `[env]` table the way cargo merges them (the environment wins unless the entry has
//! `force = true`).

use std::path::PathBuf;

use crate::cargo::config::{CargoConfig, ConfigEnv};

/// Where a value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Env,
    /// `[env]` in this config file.
    Config(PathBuf),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    pub name: String,
    pub value: String,
    pub origin: Origin,
}

impl Value {
    /// `CC`, or `CC ([env] in …/.cargo/config.toml)`.
    pub fn source(&self) -> String {
        match &self.origin {
            Origin::Env => self.name.clone(),
            Origin::Config(f) => format!("{} ([env] in {})", self.name, f.display()),
        }
    }
}

/// The first variable set among several, and the ones before it that were not.
#[derive(Clone, Debug, Default)]
pub struct Lookup {
    pub found: Option<Value>,
    pub unset: Vec<String>,
}

pub struct Settings {
    pub config: CargoConfig,
    env: Vec<ConfigEnv>,
}

impl Settings {
    pub fn new(config: CargoConfig) -> Settings {
        let env = config.env();
        Settings { config, env }
    }

    pub fn get(&self, name: &str) -> Option<Value> {
        let cfg = self.env.iter().find(|e| e.name == name);
        let from_cfg = |e: &ConfigEnv| Value {
            name: name.to_string(),
            value: e.value.clone(),
            origin: Origin::Config(e.file.clone()),
        };
        if let Some(e) = cfg.filter(|e| e.force) {
            return Some(from_cfg(e));
        }
        // Non-UTF-8 values count as unset, as `crate::env::var` has it.
        crate::env::var(name)
            .map(|v| Value {
                name: name.to_string(),
                value: v,
                origin: Origin::Env,
            })
            .or_else(|| cfg.map(from_cfg))
    }

    /// The first set variable among `names`, in order.
    pub fn first(&self, names: &[String]) -> Lookup {
        let mut l = Lookup::default();
        for n in names {
            if let Some(v) = self.get(n) {
                l.found = Some(v);
                return l;
            }
            l.unset.push(n.clone());
        }
        l
    }
}
