//! The plan written into a cargo config file with `toml_edit`, which keeps every comment,
//! the order and the formatting of what it does not touch. New keys go at the end of
//! `[env]` and `[target.<t>]` (each made when missing); a value the user set is replaced
//! only with the old one kept in a comment above it, and said.
//!
//! The file is written next to itself and renamed over it, so a reader (cargo in another
//! terminal) sees the old file or the new one, never half of one; and only inside the
//! project, whatever `--config` or a symlink says.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use toml_edit::{Array, DocumentMut, Item, Table, Value};

use super::plan::{Place, Setting};

/// A value the user had, replaced.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Replaced {
    pub key: String,
    pub old: String,
    pub new: String,
}

pub struct Edited {
    pub old: String,
    pub new: String,
    pub replaced: Vec<Replaced>,
}

impl Edited {
    pub fn changed(&self) -> bool {
        self.old != self.new
    }
}

/// Why the config cannot take the settings: what the user must change in it first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unfit {
    /// Not TOML at all.
    NotToml(String),
    /// A key the settings go under holds a value, not a table (`env = 1`).
    NotATable(String),
    /// `[target.<t>] rustflags` is neither of cargo's two spellings.
    Rustflags(String),
}

impl std::fmt::Display for Unfit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unfit::NotToml(m) => write!(f, "not valid TOML: {m}"),
            Unfit::NotATable(k) => write!(f, "`{k}` is not a table"),
            Unfit::Rustflags(t) => {
                write!(f, "[target.{t}] rustflags is neither a list nor a string")
            }
        }
    }
}

/// The config's text with the settings in it. `old` is the file's text ("" when there is
/// none).
pub fn edit(old: &str, triple: &str, settings: &[Setting]) -> Result<Edited, Unfit> {
    let mut doc: DocumentMut = old
        .parse()
        .map_err(|e: toml_edit::TomlError| Unfit::NotToml(e.message().to_string()))?;
    let mut replaced = Vec::new();
    for s in settings {
        match &s.place {
            Place::Env(name) => {
                let env = table(doc.as_table_mut(), "env", false)?;
                if s.only_if_unset && env.contains_key(name) {
                    continue;
                }
                set_env(env, name, &s.value, s.force, &mut replaced);
            }
            Place::Linker => {
                let t = target_table(&mut doc, triple)?;
                set_string(
                    t,
                    "linker",
                    &s.value,
                    &format!("[target.{triple}] linker"),
                    &mut replaced,
                );
            }
            Place::Rustflags => {
                let t = target_table(&mut doc, triple)?;
                add_rustflags(t, &s.value, triple)?;
            }
        }
    }
    Ok(Edited {
        old: old.to_string(),
        new: doc.to_string(),
        replaced,
    })
}

fn table<'a>(parent: &'a mut Table, key: &str, implicit: bool) -> Result<&'a mut Table, Unfit> {
    let item = parent.entry(key).or_insert_with(|| {
        let mut t = Table::new();
        t.set_implicit(implicit);
        Item::Table(t)
    });
    // `env = { … }` on one line: made a table of its own, which toml_edit keeps in place.
    if let Item::Value(Value::InlineTable(_)) = item {
        let inline = std::mem::take(item).into_value().ok();
        if let Some(Value::InlineTable(t)) = inline {
            *item = Item::Table(t.into_table());
        }
    }
    item.as_table_mut()
        .ok_or_else(|| Unfit::NotATable(key.to_string()))
}

fn target_table<'a>(doc: &'a mut DocumentMut, triple: &str) -> Result<&'a mut Table, Unfit> {
    let target = table(doc.as_table_mut(), "target", true)?;
    table(target, triple, false)
}

fn set_env(env: &mut Table, name: &str, value: &str, force: bool, replaced: &mut Vec<Replaced>) {
    // `NAME = { value = "…", force = true }`: the form is the user's, only the value changes
    // (and `force` is added when the environment holds the name too).
    if let Some(t) = env.get_mut(name).and_then(Item::as_table_like_mut)
        && let Some(old) = t.get("value").and_then(Item::as_str).map(str::to_string)
    {
        if old != value
            && let Some(item) = t.get_mut("value")
        {
            replace_value(item, value);
        }
        let was_forced = t.get("force").and_then(Item::as_bool) == Some(true);
        if force && !was_forced {
            t.insert("force", toml_edit::value(true));
        }
        if old != value {
            note_replaced(env, name, &old, value, replaced);
        }
        return;
    }
    if force {
        // cargo's `[env]` keeps a variable the environment already has unless the entry
        // says `force = true`: the one form that reaches the build from the same shell.
        let old = env.get(name).map(|i| match i.as_str() {
            Some(s) => s.to_string(),
            None => i.to_string().trim().to_string(),
        });
        let mut t = toml_edit::InlineTable::new();
        t.insert("value", value.into());
        t.insert("force", true.into());
        match env.get_mut(name) {
            Some(item) => {
                let decor = item.as_value().map(|v| v.decor().clone());
                *item = Item::Value(Value::InlineTable(t));
                if let (Some(d), Some(v)) = (decor, item.as_value_mut()) {
                    *v.decor_mut() = d;
                }
            }
            None => {
                env.insert(name, Item::Value(Value::InlineTable(t)));
            }
        }
        if let Some(old) = old.filter(|o| o != value) {
            note_replaced(env, name, &old, value, replaced);
        }
        return;
    }
    set_string(env, name, value, name, replaced);
}

fn set_string(t: &mut Table, key: &str, value: &str, shown: &str, replaced: &mut Vec<Replaced>) {
    let old = t.get(key).map(|i| match i.as_str() {
        Some(s) => s.to_string(),
        None => i.to_string().trim().to_string(),
    });
    match old {
        Some(old) if old == value => {}
        Some(old) => {
            if let Some(item) = t.get_mut(key) {
                replace_value(item, value);
            }
            note_replaced(t, key, &old, value, replaced);
            if let Some(r) = replaced.last_mut() {
                r.key = shown.to_string();
            }
        }
        None => {
            t.insert(key, toml_edit::value(value));
        }
    }
}

/// In place: `Table::insert` would reset the key's decor, and with it the user's comments
/// above the key; the value's own decor (a comment after it) is kept too.
fn replace_value(item: &mut Item, value: &str) {
    let decor = item.as_value().map(|v| v.decor().clone());
    *item = toml_edit::value(value);
    if let (Some(d), Some(v)) = (decor, item.as_value_mut()) {
        *v.decor_mut() = d;
    }
}

/// The old value stays in a comment above the key, after the user's own comments.
fn note_replaced(t: &mut Table, key: &str, old: &str, new: &str, replaced: &mut Vec<Replaced>) {
    if let Some(mut k) = t.key_mut(key) {
        let decor = k.leaf_decor_mut();
        let before = decor
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or_default()
            .to_string();
        let quoted = Value::from(old).to_string();
        decor.set_prefix(format!(
            "{before}# xlinkdiag fix replaced: {key} = {}\n",
            quoted.trim()
        ));
    }
    replaced.push(Replaced {
        key: key.to_string(),
        old: old.to_string(),
        new: new.to_string(),
    });
}

fn add_rustflags(t: &mut Table, words: &str, triple: &str) -> Result<(), Unfit> {
    let item = t
        .entry("rustflags")
        .or_insert_with(|| toml_edit::value(Array::new()));
    // `rustflags = "-C a -C b"` is cargo's other spelling: kept as a string.
    if let Some(s) = item.as_str() {
        let mut have: Vec<String> = s.split_whitespace().map(str::to_string).collect();
        if contains_seq(&have, words) {
            return Ok(());
        }
        have.extend(words.split_whitespace().map(str::to_string));
        *item = toml_edit::value(have.join(" "));
        return Ok(());
    }
    let arr = item
        .as_array_mut()
        .ok_or_else(|| Unfit::Rustflags(triple.to_string()))?;
    let have: Vec<String> = arr
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    if !contains_seq(&have, words) {
        for w in words.split_whitespace() {
            arr.push(w);
        }
    }
    Ok(())
}

fn contains_seq(have: &[String], words: &str) -> bool {
    let want: Vec<&str> = words.split_whitespace().collect();
    want.is_empty()
        || have
            .windows(want.len())
            .any(|w| w.iter().map(String::as_str).eq(want.iter().copied()))
}

/// The config file to write: `--config` made absolute, else the project's config file that
/// cargo reads (`crate::cargo::config::config_in`: the old `.cargo/config` when it exists),
/// else a new `.cargo/config.toml`.
pub fn config_path(given: Option<&Path>, root: &Path, cwd: &Path) -> PathBuf {
    match given {
        Some(p) => normalize(&cwd.join(p)),
        None => crate::cargo::config::config_in(&root.join(".cargo"))
            .unwrap_or_else(|| root.join(".cargo/config.toml")),
    }
}

/// `..` and `.` taken out without touching the disk.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// Where the file really is (a symlink followed, missing dirs allowed), if that is inside
/// `root`; else why not.
pub fn inside_project(path: &Path, root: &Path) -> Result<PathBuf, String> {
    let root = fs::canonicalize(root).map_err(|e| format!("{}: {e}", root.display()))?;
    // A dangling symlink does not `exist`, but the write would follow it.
    let mut path = path.to_path_buf();
    for _ in 0..16 {
        match fs::read_link(&path) {
            Ok(to) => path = path.parent().unwrap_or(Path::new("/")).join(to),
            Err(_) => break,
        }
    }
    let path = normalize(&path);
    let path = path.as_path();
    let real = if path.exists() {
        fs::canonicalize(path).map_err(|e| format!("{}: {e}", path.display()))?
    } else {
        // The nearest dir that exists, resolved, with the rest as given.
        let mut missing = Vec::new();
        let mut at = path.to_path_buf();
        while !at.exists() {
            missing.push(at.file_name().map(|n| n.to_os_string()).unwrap_or_default());
            if !at.pop() {
                break;
            }
        }
        let mut real = fs::canonicalize(&at).map_err(|e| format!("{}: {e}", at.display()))?;
        for m in missing.iter().rev() {
            real.push(m);
        }
        real
    };
    if real.starts_with(&root) && real != root {
        Ok(real)
    } else {
        Err(format!(
            "{} is outside the project {}: xlinkdiag fix writes only inside it",
            real.display(),
            root.display()
        ))
    }
}

/// Writes `text` to `path` through a temporary file in the same dir and a rename
/// (`crate::fsio`: only ever over a regular file). A file the user made read-only is
/// refused, even for root, who could write it anyway.
pub fn write_atomic(path: &Path, text: &str) -> io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| io::Error::other("no parent directory"))?;
    fs::create_dir_all(dir)?;
    crate::fsio::write_atomic_with(
        path,
        text.as_bytes(),
        crate::fsio::Replace {
            keep_mode: true,
            refuse_read_only: true,
            sync: true,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str, value: &str) -> Setting {
        Setting {
            place: Place::Env(name.into()),
            value: value.into(),
            because: Vec::new(),
            only_if_unset: false,
            force: false,
        }
    }

    const T: &str = "mips-unknown-linux-musl";

    #[test]
    fn keeps_comments_and_order_and_is_idempotent() {
        let old = "# top comment\n[target.mips-unknown-linux-musl]\nlinker = \"mips-linux-gnu-gcc\" # why\nrustflags = [\"-C\", \"link-arg=-static\"]\n\n[env]\n# mine\nFOO = \"bar\"\n";
        let settings = [
            env("CC_mips_unknown_linux_musl", "mips-linux-gnu-gcc"),
            env("HOST_CC", "gcc"),
        ];
        let e = edit(old, T, &settings).unwrap();
        assert_eq!(
            e.new,
            format!(
                "{old}CC_mips_unknown_linux_musl = \"mips-linux-gnu-gcc\"\nHOST_CC = \"gcc\"\n"
            )
        );
        assert!(e.replaced.is_empty());
        let again = edit(&e.new, T, &settings).unwrap();
        assert!(!again.changed());
    }

    #[test]
    fn a_users_value_is_replaced_with_the_old_one_in_a_comment() {
        let old = "[env]\n# set by me\nCC_mips_unknown_linux_musl = \"gcc\"\nX = { value = \"1\", force = true }\n";
        let e = edit(
            old,
            T,
            &[
                env("CC_mips_unknown_linux_musl", "mips-linux-gnu-gcc"),
                env("X", "2"),
            ],
        )
        .unwrap();
        assert_eq!(
            e.new,
            "[env]\n# set by me\n# xlinkdiag fix replaced: CC_mips_unknown_linux_musl = \"gcc\"\nCC_mips_unknown_linux_musl = \"mips-linux-gnu-gcc\"\n# xlinkdiag fix replaced: X = \"1\"\nX = { value = \"2\", force = true }\n"
        );
        let keys: Vec<&str> = e.replaced.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["CC_mips_unknown_linux_musl", "X"]);
        assert!(!edit(&e.new, T, &[env("X", "2")]).unwrap().changed());
    }

    #[test]
    fn a_forced_setting_is_cargos_inline_form() {
        let forced = |name: &str, value: &str| Setting {
            force: true,
            ..env(name, value)
        };
        // New, over a plain value of the user's (kept in a comment), and over a table
        // without `force`.
        let old = "[env]\nCC_mips-unknown-linux-musl = \"gcc\"\nY = { value = \"a\" }\n";
        let e = edit(
            old,
            T,
            &[
                forced("CFLAGS", ""),
                forced("CC_mips-unknown-linux-musl", "mips-linux-gnu-gcc"),
                forced("Y", "a"),
            ],
        )
        .unwrap();
        assert_eq!(
            e.new,
            "[env]\n# xlinkdiag fix replaced: CC_mips-unknown-linux-musl = \"gcc\"\nCC_mips-unknown-linux-musl = { value = \"mips-linux-gnu-gcc\", force = true }\nY = { value = \"a\" , force = true }\nCFLAGS = { value = \"\", force = true }\n"
        );
        let parsed: toml::Table = e.new.parse().unwrap();
        assert_eq!(parsed["env"]["CFLAGS"]["force"].as_bool(), Some(true));
        assert_eq!(parsed["env"]["Y"]["force"].as_bool(), Some(true));
        let again = edit(
            &e.new,
            T,
            &[
                forced("CFLAGS", ""),
                forced("CC_mips-unknown-linux-musl", "mips-linux-gnu-gcc"),
            ],
        )
        .unwrap();
        assert!(!again.changed());
    }

    #[test]
    fn linker_and_rustflags_in_a_new_target_table() {
        let s = [
            Setting {
                place: Place::Linker,
                value: "mips-linux-gnu-gcc".into(),
                because: Vec::new(),
                only_if_unset: false,
                force: false,
            },
            Setting {
                place: Place::Rustflags,
                value: "-C link-arg=-latomic".into(),
                because: Vec::new(),
                only_if_unset: false,
                force: false,
            },
        ];
        let e = edit("[build]\njobs = 1\n", T, &s).unwrap();
        assert_eq!(
            e.new,
            "[build]\njobs = 1\n\n[target.mips-unknown-linux-musl]\nlinker = \"mips-linux-gnu-gcc\"\nrustflags = [\"-C\", \"link-arg=-latomic\"]\n"
        );
        assert!(!edit(&e.new, T, &s).unwrap().changed());
        let e = edit(
            "[target.mips-unknown-linux-musl]\nlinker = \"cc\"\n",
            T,
            &s[..1],
        )
        .unwrap();
        assert_eq!(e.replaced[0].key, "[target.mips-unknown-linux-musl] linker");
        assert!(
            e.new
                .contains("# xlinkdiag fix replaced: linker = \"cc\"\n")
        );
    }

    #[test]
    fn invalid_toml_is_an_error() {
        assert!(edit("[env\n", T, &[env("A", "b")]).is_err());
    }

    #[test]
    fn paths_outside_the_project_are_refused() {
        let root =
            std::env::temp_dir().join(format!("xlinkdiag-fix-inside-{}", std::process::id()));
        fs::create_dir_all(root.join("p/.cargo")).unwrap();
        let p = root.join("p");
        assert!(inside_project(&p.join(".cargo/config.toml"), &p).is_ok());
        assert!(inside_project(&p.join("new/dir/c.toml"), &p).is_ok());
        let outside = config_path(Some(Path::new("../elsewhere.toml")), &p, &p);
        assert_eq!(outside, root.join("elsewhere.toml"));
        assert!(inside_project(&outside, &p).is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("target.toml"), p.join(".cargo/link.toml"))
                .unwrap();
            assert!(inside_project(&p.join(".cargo/link.toml"), &p).is_err());
        }
        let _ = fs::remove_dir_all(&root);
    }
}
