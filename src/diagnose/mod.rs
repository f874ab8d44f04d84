//! The engine: from inspected files and cargo's records to findings.

pub mod attribution;
pub mod compare;
pub mod expected;
pub mod finding;
pub mod fit;
pub mod fix;
pub mod link;
pub mod linklibs;
pub mod scan;
pub mod symbols;
pub mod walk;

pub use finding::{Finding, Kind, Severity};
