//! ar archives (GNU, BSD, thin, AIX big; rlibs are GNU archives): member names and the
//! byte range of each member's data, read from member headers only.

use std::io;

use object::read::ReadCache;
use object::read::archive::ArchiveFile;

use super::reader::Reader;

/// More members than this is not a library a linker is handed; stop listing.
pub const MAX_MEMBERS: usize = 1 << 18;

pub struct RawMember {
    pub name: Vec<u8>,
    /// Offset and size of the member's data in the archive (for thin archives, the size of
    /// the external file and an offset of 0 in it).
    pub offset: u64,
    pub size: u64,
}

pub struct RawArchive {
    pub thin: bool,
    /// Whether the archive carries a symbol index (`/`, `/SYM64/`, `__.SYMDEF`), which
    /// linkers need to pull members from it.
    pub has_index: bool,
    pub members: Vec<RawMember>,
    /// Set when listing stopped early; the members before it are still good.
    pub error: Option<String>,
}

pub fn list(reader: &Reader) -> io::Result<RawArchive> {
    let cache = ReadCache::new(reader.file().try_clone()?);
    let archive = ArchiveFile::parse(&cache)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
    let thin = archive.is_thin();
    let has_index = matches!(archive.symbols(), Ok(Some(_)));
    let mut members = Vec::new();
    let mut error = None;
    for m in archive.members() {
        match m {
            Ok(m) => {
                let (offset, size) = m.file_range();
                members.push(RawMember {
                    name: m.name().to_vec(),
                    offset,
                    size,
                });
                if members.len() >= MAX_MEMBERS {
                    error = Some(format!("stopped after {MAX_MEMBERS} members"));
                    break;
                }
            }
            Err(e) => {
                error = Some(format!("corrupt member header: {e}"));
                break;
            }
        }
    }
    Ok(RawArchive {
        thin,
        has_index,
        members,
        error,
    })
}
