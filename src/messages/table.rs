//! What a pattern row means, and how its captures become a [`MessageKind`].
//!
//! Capture names shared by every table: `file` (may be `archive(member)`), `loc` (a
//! location whose object part is used when no `in function` line named the object), `symbol`,
//! `lib`, `libfile`, `found`, `expected`, `with`, `machine`, `reloc`, `option`,
//! `building_for`, `built_for`.

use std::path::PathBuf;

use regex::{Captures, Regex};

use super::MessageKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    WrongFormat,
    ForeignElfMachine,
    IncompatibleSkipped,
    Incompatible,
    MachineConflict,
    PlatformMismatch,
    EndianMismatch,
    AbiMismatch,
    FloatAbiClash,
    UndefinedSymbol,
    DuplicateSymbol,
    MissingLibrary,
    MissingFile,
    NoArchiveIndex,
    PicRelocation,
    UnknownOption,
}

/// One line shape of one linker: the kind it reports and the pattern (matched against the
/// line after the linker's name and the severity are taken off).
pub(super) struct Row {
    pub shape: Shape,
    pub pattern: &'static str,
}

/// A pattern that does not compile is left out (and fails the table test), never a panic.
/// Case is ignored: binutils' wording changed case over the years (`File in wrong format`,
/// `In function`), and pasted logs change it too.
pub(super) fn compile(rows: &[Row]) -> Vec<Option<Regex>> {
    rows.iter()
        .map(|row| {
            regex::RegexBuilder::new(row.pattern)
                .case_insensitive(true)
                .build()
                .ok()
        })
        .collect()
}

/// The kind and the file a match names.
pub(super) fn build(
    shape: Shape,
    c: &Captures<'_>,
    current_object: Option<&str>,
) -> Option<(MessageKind, Option<String>)> {
    let get = |name: &str| c.name(name).map(|m| m.as_str().to_owned());
    let mut file = get("file");
    let kind = match shape {
        Shape::WrongFormat => MessageKind::WrongFormat,
        Shape::ForeignElfMachine => MessageKind::ForeignElfMachine {
            machine: get("machine")?.parse().ok()?,
        },
        Shape::IncompatibleSkipped => MessageKind::IncompatibleSkipped {
            lib: get("lib").or_else(|| get("libfile")),
        },
        Shape::Incompatible => MessageKind::Incompatible { with: get("with")? },
        Shape::MachineConflict => MessageKind::MachineConflict {
            found: get("found")?,
            expected: get("expected"),
        },
        Shape::PlatformMismatch => MessageKind::PlatformMismatch {
            building_for: get("building_for")?,
            built_for: get("built_for")?,
        },
        Shape::EndianMismatch => MessageKind::EndianMismatch,
        Shape::AbiMismatch => MessageKind::AbiMismatch,
        Shape::FloatAbiClash => MessageKind::FloatAbiClash,
        Shape::UndefinedSymbol | Shape::DuplicateSymbol => {
            if file.is_none() {
                file = current_object
                    .map(str::to_owned)
                    .or_else(|| get("loc").and_then(|loc| object_of_location(&loc)));
            }
            let symbol = get("symbol")?;
            if shape == Shape::UndefinedSymbol {
                MessageKind::UndefinedSymbol { symbol }
            } else {
                MessageKind::DuplicateSymbol { symbol }
            }
        }
        Shape::MissingLibrary => MessageKind::MissingLibrary { lib: get("lib")? },
        Shape::MissingFile => MessageKind::MissingFile,
        Shape::NoArchiveIndex => MessageKind::NoArchiveIndex,
        Shape::PicRelocation => MessageKind::PicRelocation {
            relocation: get("reloc")?,
        },
        Shape::UnknownOption => MessageKind::UnknownOption {
            option: get("option")?,
        },
    };
    Some((kind, file))
}

/// `x.o:(.text+0x5)` → `x.o`; gold's `x.o:main.c:function main` → `x.o`. A location that is a
/// source file (`main.c:(.text+0x24)`, printed when there is line info) still comes back, and
/// the caller prefers the `in function` object when it has one.
fn object_of_location(loc: &str) -> Option<String> {
    let end = loc.find(":(").or_else(|| {
        // Not the `C:` of a Windows path.
        loc.char_indices()
            .find(|&(i, ch)| ch == ':' && i != 1)
            .map(|(i, _)| i)
    });
    let object = match end {
        Some(end) => &loc[..end],
        None => loc,
    };
    (!object.is_empty()).then(|| object.to_owned())
}

/// `lib.a(member.o)` → (`lib.a`, `member.o`); ld-prime's `'lib.a[3](member.o)'` too.
pub(super) fn split_member(named: &str) -> (PathBuf, Option<String>) {
    let named = named.trim().trim_matches('\'');
    if let Some(body) = named.strip_suffix(')')
        && let Some(open) = body.rfind('(')
    {
        let archive = &body[..open];
        let member = &body[open + 1..];
        // `foo(bar)` with an empty side is not an archive reference.
        if !archive.is_empty() && !member.is_empty() {
            let archive = match archive.rfind('[') {
                Some(i) if archive.ends_with(']') => &archive[..i],
                _ => archive,
            };
            return (PathBuf::from(archive), Some(member.to_owned()));
        }
    }
    (PathBuf::from(named), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members() {
        assert_eq!(
            split_member("hostlib/libbar.a(x86_64.o)"),
            ("hostlib/libbar.a".into(), Some("x86_64.o".into()))
        );
        assert_eq!(
            split_member("'lib/libx.a[3](zstd.o)'"),
            ("lib/libx.a".into(), Some("zstd.o".into()))
        );
        assert_eq!(split_member("a.o"), ("a.o".into(), None));
        assert_eq!(split_member("(weird)"), ("(weird)".into(), None));
    }

    #[test]
    fn locations() {
        assert_eq!(
            object_of_location("x.o:(.text+0x5)").as_deref(),
            Some("x.o")
        );
        assert_eq!(
            object_of_location("x.o:main.c:function main").as_deref(),
            Some("x.o")
        );
        assert_eq!(
            object_of_location("C:/b/x.o:(.text)").as_deref(),
            Some("C:/b/x.o")
        );
        assert_eq!(object_of_location(""), None);
    }
}
