//! The object layer: what a file on disk is, read from its headers only.
//!
//! Every read is bounded: headers are read at their offsets (never the whole file), and every
//! length taken from file contents is capped before anything is allocated for it.

pub mod archive;
pub mod attributes;
pub mod elf;
pub mod formats;
pub mod identity;
pub mod inspect;
pub mod machine;
pub mod reader;
pub mod sniff;

pub use identity::{AbiInfo, FileType, Format, ObjectId};
pub use inspect::{Inspection, Member, inspect_path};
