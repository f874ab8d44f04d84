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

#[cfg(test)]
mod tests {
    /// The engine is a function of what the command gives it (issue 20): no module of it
    /// reads the environment or runs a program itself. The build machine is asked through
    /// `toolchain::Machine` and the `Verifier` the command passes down; the system dirs it
    /// looks at go through `env::system_path`, the file-system root a test can move.
    #[test]
    fn the_engine_reads_no_variable_and_runs_no_program() {
        const FORBIDDEN: &[&str] = &[
            "crate::env::var",
            "crate::env::flag",
            "env::vars_os",
            "std::env::var",
            "Command::new",
            "toolchain::probe",
            "process::run",
            "toolchain::Live",
        ];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/diagnose");
        let mut files = vec![dir.clone()];
        let mut offences = Vec::new();
        while let Some(p) = files.pop() {
            if p.is_dir() {
                files.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            // Tests may set up what they need.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for f in FORBIDDEN {
                if code.contains(f) {
                    offences.push(format!("{}: {f}", p.display()));
                }
            }
        }
        assert!(offences.is_empty(), "{offences:#?}");
    }
}
