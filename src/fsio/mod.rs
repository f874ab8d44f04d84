//! The one door to files xlinkdiag reads or writes outside the artifact parsers' positional
//! reads (which open through here too).
//!
//! Reads: only regular files are opened, and every read is capped by the bytes actually
//! read. A FIFO would block `open()` forever, and a character device such as `/dev/zero`
//! reports a length of 0 while never ending, so neither the length nor the name can be
//! trusted: the type is checked before the open (so no device is ever opened), the open is
//! non-blocking (so a file swapped for a FIFO in between cannot block), and the type is
//! checked again on the open descriptor. Anything else is an [`io::Error`] of kind
//! `InvalidInput` whose text names the type, for one `warning:` line by the caller.
//!
//! Writes: a file is written to a temp file in the destination's directory and renamed
//! over it, so a reader (or a concurrent writer) sees the old file or the new one, never a
//! mix; and a symlink at the destination is replaced, not followed. Only a regular file, a
//! symlink to one, a dangling symlink or nothing is replaced: a device, FIFO, socket or
//! directory there, a symlink resolving to one or into `/proc` (`/dev/stdout`), is refused
//! with an `InvalidInput` error that names it. Every writer of the tool goes through here:
//! `XLINKDIAG_REPORT`, the shim's reports, the cargo config `fix` writes, the step summary.
//!
//! [`io::Error`]: std::io::Error

mod read;
mod write;

pub use read::{is_not_regular, open_regular, read_capped, read_string_capped};
pub use write::{Replace, append_regular, link_atomic, write_atomic, write_atomic_with};
