//! Probes that ran out of time are errors, never passes (issue 19). Each check says so
//! where its own probe ran out (`Ctx::examine`, `Ctx::libc`, the archiver); here, any
//! other check whose tool hung becomes an error too, and one `deadline` check names each
//! tool that timed out or was not run, and the time it was given, so the report says it
//! even when no check had the tool as its own.

use crate::toolchain::probe::{self, Budget};

use super::model::{Check, Status};

pub fn mark(budget: &Budget, checks: &mut Vec<Check>) {
    let timed_out = budget.timed_out();
    let starved = budget.starved();
    if timed_out.is_empty() && starved.is_empty() {
        return;
    }
    for c in checks.iter_mut() {
        // The check's tool: its resolved path, else what its value names (cmake-rs's
        // check names cc-rs's compiler).
        let path = c
            .path
            .as_deref()
            .map(std::path::PathBuf::from)
            .or_else(|| c.value.as_deref().and_then(probe::which));
        let Some(t) = path.and_then(|p| timed_out.iter().find(|t| t.program == p)) else {
            continue;
        };
        if c.status == Status::Error && c.kind.is_none() {
            continue; // said where it happened
        }
        let why = format!(
            "`{}` did not answer within {} and was killed: not checked (it was not run again in this run)",
            t.program.display(),
            probe::seconds(t.after)
        );
        c.status = Status::Error;
        c.kind = None;
        let before = std::mem::replace(&mut c.message, why);
        if !before.is_empty() {
            c.notes.push(before);
        }
    }
    let mut d = Check::new("xlinkdiag", "deadline");
    d.status = Status::Error;
    d.value = Some(probe::seconds(budget.total()));
    d.from = match crate::env::var(probe::BUDGET_VAR).filter(|v| !v.trim().is_empty()) {
        Some(v) => format!("{}={v}", probe::BUDGET_VAR),
        None => format!("default ({} unset)", probe::BUDGET_VAR),
    };
    let mut said: Vec<String> = timed_out
        .iter()
        .map(|t| {
            format!(
                "`{}` timed out after {}",
                t.program.display(),
                probe::seconds(t.after)
            )
        })
        .collect();
    said.extend(
        starved
            .iter()
            .map(|p| format!("`{}` was not run (budget used up)", p.display())),
    );
    d.message = format!(
        "probes ran out of time, so doctor could not check everything: {}",
        said.join("; ")
    );
    d.help.push(format!(
        "a compiler or linker that hangs will hang the build too: run it by hand (`<tool> -dumpmachine`) to see why; a slow one needs a larger {} (seconds)",
        probe::BUDGET_VAR
    ));
    checks.push(d);
}
