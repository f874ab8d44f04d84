//! What a linker row's shape means, and how its captures become a [`MessageKind`].
//!
//! Capture names shared by every row: `file` (may be `archive(member)`), `member` (an
//! archive member named apart from `file`), `loc` (a location whose object part is used when
//! no `in function` line named the object), `reason` (bfd's `%E` after `error adding
//! symbols:`), `symbol`, `lib`, `libfile`, `found`, `expected`, `with`, `machine`, `reloc`,
//! `option`, `emulation`, `building_for`, `built_for`.

use std::path::PathBuf;

use regex::Captures;

use super::MessageKind;

/// The message a linker row reads: which [`MessageKind`] its captures make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shape {
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
    UnknownEmulation,
}

impl Shape {
    /// The shape of a message: what a catalog row must give for its fixture.
    pub fn of(kind: &MessageKind) -> Shape {
        match kind {
            MessageKind::WrongFormat => Shape::WrongFormat,
            MessageKind::ForeignElfMachine { .. } => Shape::ForeignElfMachine,
            MessageKind::IncompatibleSkipped { .. } => Shape::IncompatibleSkipped,
            MessageKind::Incompatible { .. } => Shape::Incompatible,
            MessageKind::MachineConflict { .. } => Shape::MachineConflict,
            MessageKind::PlatformMismatch { .. } => Shape::PlatformMismatch,
            MessageKind::EndianMismatch => Shape::EndianMismatch,
            MessageKind::AbiMismatch => Shape::AbiMismatch,
            MessageKind::FloatAbiClash => Shape::FloatAbiClash,
            MessageKind::UndefinedSymbol { .. } => Shape::UndefinedSymbol,
            MessageKind::DuplicateSymbol { .. } => Shape::DuplicateSymbol,
            MessageKind::MissingLibrary { .. } => Shape::MissingLibrary,
            MessageKind::MissingFile => Shape::MissingFile,
            MessageKind::NoArchiveIndex => Shape::NoArchiveIndex,
            MessageKind::PicRelocation { .. } => Shape::PicRelocation,
            MessageKind::UnknownOption { .. } => Shape::UnknownOption,
            MessageKind::UnknownEmulation { .. } => Shape::UnknownEmulation,
        }
    }
}

/// bfd's reasons (`bfd_errmsgs` in bfd/bfd.c, and their translations in bfd/po/*.po of
/// binutils 2.40) that say nothing of the file's format: the message before them said what
/// went wrong (a relocation, an undefined symbol of a DSO), or it is no cross-build failure.
/// Lower case.
const NOT_ABOUT_FORMAT: &[&str] = &[
    "bad value",
    "dso",
    "file truncated",
    "no symbols",
    "memory exhausted",
    "no error",
    "system call error",
    "file too big",
    "symbol needs debug section",
    // Translations of `bad value`, `file truncated` and `no symbols`.
    "fejlagtigt værdi",
    "felaktigt värde",
    "geçersiz değer",
    "giá trị sai",
    "neispravna vrijednost",
    "nilai buruk",
    "valor equivocado",
    "väärä arvo",
    "mau valor",
    "mauvaise valeur",
    "valoare eronată",
    "некорректное значение",
    "погрешна вредност",
    "помилкове значення",
    "不正な値です",
    "错误的值",
    "berkas terpotong",
    "dosya budandı",
    "fichero truncado",
    "filen trunkerad",
    "filen trunkeret",
    "tiedosto typistetty",
    "bị cắt ngắn",
    "truncado",
    "tronqué",
    "trunchiat",
    "окрњена",
    "обрізано",
    "усечён",
    "途切れています",
    "截断",
];

/// What bfd's reason after `error adding symbols:` (or `file not recognized:`) makes of the
/// message, in any of its catalogs' languages: an archive without an index, nothing (a
/// reason that is not about the file's format), or a file the linker cannot read for this
/// link.
fn reason_shape(reason: &str) -> Option<Shape> {
    let r = reason.to_lowercase();
    if r.contains("ranlib") || r.contains("no index") {
        Some(Shape::NoArchiveIndex)
    } else if NOT_ABOUT_FORMAT.iter().any(|n| r.contains(n)) {
        None
    } else {
        Some(Shape::WrongFormat)
    }
}

/// The kind and the file a match names.
pub(super) fn build(
    shape: Shape,
    c: &Captures<'_>,
    current_object: Option<&str>,
) -> Option<(MessageKind, Option<String>)> {
    let get = |name: &str| c.name(name).map(|m| m.as_str().to_owned());
    let mut file = get("file").map(|f| undecorated_path(&f).to_string());
    if let (Some(f), Some(m)) = (&file, get("member")) {
        file = Some(format!("{f}({m})"));
    }
    let shape = match get("reason") {
        Some(reason) if shape == Shape::WrongFormat => reason_shape(&reason)?,
        _ => shape,
    };
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
        Shape::UnknownEmulation => MessageKind::UnknownEmulation {
            emulation: get("emulation")?,
        },
    };
    Some((kind, file))
}

/// A path as a line names it, without what a log put before it: the first word that reads as
/// a path starts it (`[13:45:12] /w/libfoo.a` → `/w/libfoo.a`). A path with spaces in it
/// (`C:\Program Files\…`) starts at its first word, and is kept whole.
fn undecorated_path(named: &str) -> &str {
    if !named.contains(char::is_whitespace) {
        return named;
    }
    let looks_like_path = |w: &str| {
        w.starts_with('/')
            || w.starts_with("./")
            || w.starts_with("../")
            || w.starts_with('~')
            || w.starts_with('\'')
            || w.as_bytes().get(1) == Some(&b':')
                && w.as_bytes()
                    .get(2)
                    .is_some_and(|b| *b == b'\\' || *b == b'/')
    };
    let mut at = 0;
    for word in named.split(char::is_whitespace) {
        if looks_like_path(word) {
            return &named[at..];
        }
        at += word.len() + 1;
        if at >= named.len() {
            break;
        }
    }
    named
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
    fn decorations_before_a_path_come_off() {
        assert_eq!(undecorated_path("[13:45:12] /w/libfoo.a"), "/w/libfoo.a");
        assert_eq!(
            undecorated_path("C:\\Program Files\\x\\foo.lib"),
            "C:\\Program Files\\x\\foo.lib"
        );
        assert_eq!(undecorated_path("libfoo.a"), "libfoo.a");
        assert_eq!(undecorated_path("12:00 libfoo.a"), "12:00 libfoo.a");
    }

    #[test]
    fn reasons() {
        assert_eq!(
            reason_shape("file format not recognized"),
            Some(Shape::WrongFormat)
        );
        assert_eq!(
            reason_shape("archive has no index; run ranlib to add one"),
            Some(Shape::NoArchiveIndex)
        );
        assert_eq!(reason_shape("DSO missing from command line"), None);
        assert_eq!(reason_shape("Bad value"), None);
        assert_eq!(reason_shape("mauvaise valeur"), None);
        assert_eq!(
            reason_shape("формат файла не распознан"),
            Some(Shape::WrongFormat)
        );
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
