//! The object layer: what a file on disk is, read from its headers only.
//!
//! Every read is bounded: headers are read at their offsets (never the whole file), and every
//! length taken from file contents is capped before anything is allocated for it.

pub(crate) mod archive;
pub(crate) mod attributes;
pub(crate) mod elf;
pub(crate) mod formats;
pub(crate) mod identity;
pub mod inspect;
pub(crate) mod machine;
pub(crate) mod reader;
pub(crate) mod sniff;

pub use identity::{AbiInfo, FileType, Format, ObjectId};
pub use inspect::{Inspection, Member, inspect_path};
