//! One entry point: what is this file, and for archives what is each member.

use std::io;
use std::path::{Path, PathBuf};

use super::identity::ObjectId;
use super::reader::{Reader, Window};
use super::sniff::{self, Kind};
use super::{archive, elf, formats};

#[derive(Debug)]
pub enum Inspection {
    Object(ObjectId),
    Archive(ArchiveInfo),
    LinkerScript,
    /// Not something a linker takes (rmeta, text, unknown bytes).
    Other,
}

#[derive(Debug)]
pub struct ArchiveInfo {
    pub thin: bool,
    /// False for an ar archive without a symbol index (and for fat Mach-O files, which
    /// need none).
    pub has_index: bool,
    pub fat: bool,
    pub members: Vec<Member>,
    /// Why the listing stopped early, if it did.
    pub error: Option<String>,
}

#[derive(Debug)]
pub struct Member {
    pub name: Vec<u8>,
    pub offset: u64,
    pub size: u64,
    /// For thin archives, the external file holding the member.
    pub external: Option<PathBuf>,
    /// `None` for members that are not objects (lib.rmeta, symbol tables, text).
    pub id: Option<ObjectId>,
    pub error: Option<String>,
}

impl Member {
    pub fn name_lossy(&self) -> String {
        String::from_utf8_lossy(&self.name).into_owned()
    }

    /// rustc names its codegen units `<crate>-<hash>.<crate>.<hash>-cgu.<n>.rcgu.o`.
    pub fn is_rustc_object(&self) -> bool {
        is_rustc_object_name(&self.name)
    }
}

pub fn is_rustc_object_name(name: &[u8]) -> bool {
    name.ends_with(b".rcgu.o") || name.ends_with(b".rcgu.obj")
}

/// Whether a linker ever pulls this archive member. rustc writes crate metadata into
/// every rlib (`lib.rmeta`, and `lib.rmeta-link` on newer toolchains); on ELF targets
/// these are wrapped in an object with no symbols and e_flags 0, which would read as a
/// foreign ABI (ARM "EABI version 0") if judged. The linker never takes them: they
/// define nothing.
pub fn is_linkable_member_name(name: &[u8]) -> bool {
    !(name.ends_with(b".rmeta") || name.starts_with(b"lib.rmeta"))
}

/// rustc's own `symbols.o`, which it writes into its temp dir (`/tmp/rustcXXXXXX/`) for
/// every link: made by rustc for the link's target by construction, never a culprit.
pub fn is_rustc_symbols_object(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "symbols.o")
        && path
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|d| d.to_string_lossy().starts_with("rustc"))
}

pub fn inspect_path(path: &Path) -> io::Result<Inspection> {
    let reader = Reader::open(path)?;
    let w = Window::whole(&reader);
    let head = w.read_prefix(sniff::SNIFF_LEN as u64)?;
    match sniff::sniff(&head) {
        Kind::Archive | Kind::ThinArchive | Kind::AixBigArchive => {
            archive_info(&reader, path).map(Inspection::Archive)
        }
        Kind::MachOFat => fat_info(&w).map(Inspection::Archive),
        Kind::LinkerScript => Ok(Inspection::LinkerScript),
        kind => Ok(match identify(kind, &w)? {
            Some(id) => Inspection::Object(id),
            None => Inspection::Other,
        }),
    }
}

/// Identifies the object in a window whose kind is already sniffed; `None` for kinds
/// that are not objects.
fn identify(kind: Kind, w: &Window) -> io::Result<Option<ObjectId>> {
    Ok(Some(match kind {
        Kind::Elf => elf::identify(w)?,
        Kind::MachO => formats::macho(w)?,
        Kind::Coff => formats::coff(w)?,
        Kind::CoffImport => formats::coff_import(w)?,
        Kind::Pe => formats::pe(w)?,
        Kind::Xcoff => formats::xcoff(w)?,
        Kind::Wasm => formats::wasm(),
        Kind::LlvmBitcode => formats::bitcode(),
        _ => return Ok(None),
    }))
}

fn identify_window(w: &Window) -> io::Result<Option<ObjectId>> {
    let head = w.read_prefix(sniff::SNIFF_LEN as u64)?;
    identify(sniff::sniff(&head), w)
}

fn archive_info(reader: &Reader, path: &Path) -> io::Result<ArchiveInfo> {
    let raw = archive::list(reader)?;
    let base = path.parent().unwrap_or(Path::new("."));
    let members = raw
        .members
        .into_iter()
        .map(|m| {
            let (result, external) = if !is_linkable_member_name(&m.name) {
                (Ok(None), None)
            } else if raw.thin {
                let ext = base.join(bytes_to_path(&m.name));
                let r = Reader::open(&ext).and_then(|r| identify_window(&Window::whole(&r)));
                (r, Some(ext))
            } else if m
                .offset
                .checked_add(m.size)
                .is_none_or(|end| end > reader.len())
            {
                let e = io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("truncated: claims {} bytes, the archive ends first", m.size),
                );
                (Err(e), None)
            } else {
                let w = Window {
                    reader,
                    offset: m.offset,
                    len: m.size,
                };
                (identify_window(&w), None)
            };
            let (id, error) = match result {
                Ok(id) => (id, None),
                Err(e) => (None, Some(e.to_string())),
            };
            Member {
                name: m.name,
                offset: m.offset,
                size: m.size,
                external,
                id,
                error,
            }
        })
        .collect();
    Ok(ArchiveInfo {
        thin: raw.thin,
        has_index: raw.has_index,
        fat: false,
        members,
        error: raw.error,
    })
}

fn fat_info(w: &Window) -> io::Result<ArchiveInfo> {
    let members = formats::fat_slices(w)?
        .into_iter()
        .map(|(arch, offset, size)| {
            let slice = Window {
                reader: w.reader,
                offset,
                len: size,
            };
            let r = if offset.checked_add(size).is_some_and(|e| e <= w.len) {
                identify_window(&slice)
            } else {
                Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "fat slice lies past the end of the file",
                ))
            };
            let (id, error) = match r {
                Ok(id) => (id, None),
                Err(e) => (None, Some(e.to_string())),
            };
            Member {
                name: arch.into_bytes(),
                offset,
                size,
                external: None,
                id,
                error,
            }
        })
        .collect();
    Ok(ArchiveInfo {
        thin: false,
        has_index: true,
        fat: true,
        members,
        error: None,
    })
}

/// The `.comment` producer strings of an object, or of one archive member.
pub fn comment(path: &Path, member: Option<&Member>) -> io::Result<Vec<String>> {
    with_member(path, member, elf::comment)
}

/// The global symbols of an ELF object or archive member: `(name, defined)`.
pub fn symbols(path: &Path, member: Option<&Member>) -> io::Result<Vec<(Vec<u8>, bool)>> {
    with_member(path, member, elf::symbols)
}

/// Whether an x86-64 object or member holds code built without -fPIC.
pub fn x86_64_non_pic(path: &Path, member: Option<&Member>) -> io::Result<bool> {
    with_member(path, member, elf::x86_64_non_pic)
}

fn with_member<T>(
    path: &Path,
    member: Option<&Member>,
    read: impl Fn(&Window) -> io::Result<T>,
) -> io::Result<T> {
    match member {
        Some(Member {
            external: Some(ext),
            ..
        }) => read(&Window::whole(&Reader::open(ext)?)),
        Some(m) => {
            let r = Reader::open(path)?;
            read(&Window {
                reader: &r,
                offset: m.offset,
                len: m.size,
            })
        }
        None => read(&Window::whole(&Reader::open(path)?)),
    }
}

#[cfg(unix)]
fn bytes_to_path(b: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(b))
}

#[cfg(not(unix))]
fn bytes_to_path(b: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(b).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 12: rustc's metadata members and its `symbols.o` are never judged.
    #[test]
    fn rustc_metadata_and_symbols_are_not_link_inputs() {
        for name in ["lib.rmeta", "lib.rmeta-link", "foo-1a2b.rmeta"] {
            assert!(!is_linkable_member_name(name.as_bytes()), "{name}");
        }
        for name in ["vendor.o", "app-1a2b.app.3c4d-cgu.0.rcgu.o", "rmeta.o"] {
            assert!(is_linkable_member_name(name.as_bytes()), "{name}");
        }
        assert!(is_rustc_symbols_object(Path::new(
            "/tmp/rustcAbC123/symbols.o"
        )));
        assert!(!is_rustc_symbols_object(Path::new("/src/vendor/symbols.o")));
        assert!(!is_rustc_symbols_object(Path::new(
            "/tmp/rustcAbC123/other.o"
        )));
    }
}
