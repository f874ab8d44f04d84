//! Positional reads of a file, so only the bytes a header needs are ever read.

use std::fs::File;
use std::io;
use std::path::Path;

/// Largest single read any parser may ask for; longer requests are file-content lies.
pub const MAX_READ: u64 = 4 << 20;

pub struct Reader {
    file: File,
    len: u64,
}

impl Reader {
    pub fn open(path: &Path) -> io::Result<Reader> {
        let file = crate::fsio::open_regular(path)?;
        let meta = file.metadata()?;
        Ok(Reader {
            file,
            len: meta.len(),
        })
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn file(&self) -> &File {
        &self.file
    }

    /// Reads exactly `len` bytes at `offset`, refusing ranges past the end or above
    /// [`MAX_READ`] (a truncated or hostile file must not make us allocate its claims).
    pub fn read_at(&self, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        if len > MAX_READ {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("a header claims {len} bytes, more than the {MAX_READ} allowed"),
            ));
        }
        let end = offset.checked_add(len).filter(|&e| e <= self.len);
        if end.is_none() {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "truncated: needs bytes {offset}..{} but the file has {}",
                    offset.saturating_add(len),
                    self.len
                ),
            ));
        }
        let mut buf = vec![0u8; len as usize];
        read_exact_at(&self.file, &mut buf, offset)?;
        Ok(buf)
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.read_exact_at(buf, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

/// A window of a file: a whole file, or one archive member's data.
#[derive(Clone, Copy)]
pub struct Window<'a> {
    pub reader: &'a Reader,
    pub offset: u64,
    pub len: u64,
}

impl<'a> Window<'a> {
    pub fn whole(reader: &'a Reader) -> Self {
        Window {
            reader,
            offset: 0,
            len: reader.len(),
        }
    }

    pub fn read_at(&self, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        match offset.checked_add(len) {
            Some(end) if end <= self.len => self.reader.read_at(self.offset + offset, len),
            _ => Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "truncated: needs bytes {offset}..{} of a {}-byte object",
                    offset.saturating_add(len),
                    self.len
                ),
            )),
        }
    }

    pub fn read_prefix(&self, len: u64) -> io::Result<Vec<u8>> {
        self.read_at(0, len.min(self.len))
    }
}
