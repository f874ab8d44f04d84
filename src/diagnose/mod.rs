//! The engine: from inspected files and cargo's records to findings.

pub(crate) mod attribution;
pub mod cause;
pub mod compare;
pub mod expected;
pub mod finding;
pub(crate) mod fit;
pub(crate) mod fix;
pub(crate) mod link;
pub(crate) mod linklibs;
pub(crate) mod scan;
pub(crate) mod symbols;
pub(crate) mod walk;
pub mod words;

pub use cause::Cause;
pub use finding::{Finding, Kind, Severity};
