//! How much of a log `annotate` keeps: memory must not grow with the log (issue 19), so the
//! failures read and the findings kept have caps, and what went past a cap is counted and
//! said ("N more not shown"), never dropped in silence.
//!
//! - A failure the log shows again (a retry, a matrix job with the same text) is kept once;
//!   it would be diagnosed once anyway.
//! - At most `LIMITS.failures` distinct failures, holding at most `LIMITS.failure_bytes`
//!   of text, are kept; later ones are counted.
//! - At most `LIMITS.per_link` findings come from one failed link (a linker naming 20,000
//!   culprits), and at most `LIMITS.findings` are kept in all (`annotate::diagnose`).

use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use super::log::{BuildFailure, LinkFailure};
use crate::diagnose::scan::LIMITS;

/// What the log reader has kept so far.
#[derive(Default)]
pub struct Caps {
    /// Hashes of the failed links kept, to keep each once.
    seen: HashSet<u64>,
    kept: usize,
    bytes: usize,
    /// Failures the log shows past the caps: counted, not kept.
    pub unread: usize,
}

impl Caps {
    /// Applies the caps to the failures added since `links_from` and `builds_from`.
    pub fn apply(
        &mut self,
        links: &mut Vec<LinkFailure>,
        links_from: usize,
        builds: &mut Vec<BuildFailure>,
        builds_from: usize,
    ) {
        for l in links.split_off(links_from) {
            let fresh = self.seen.insert(link_hash(&l));
            if fresh && self.room(link_bytes(&l)) {
                links.push(l);
            } else {
                self.unread += usize::from(fresh);
            }
        }
        for b in builds.split_off(builds_from) {
            if self.room(0) {
                builds.push(b);
            } else {
                self.unread += 1;
            }
        }
    }

    /// Whether one more failure of `bytes` fits; if so it is counted as kept.
    fn room(&mut self, bytes: usize) -> bool {
        if self.kept >= LIMITS.failures || self.bytes.saturating_add(bytes) > LIMITS.failure_bytes {
            return false;
        }
        self.kept += 1;
        self.bytes += bytes;
        true
    }
}

/// What makes two failed links the same failure: what `annotate` diagnoses once.
fn link_hash(l: &LinkFailure) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    l.failed.hash(&mut h);
    l.stderr.hash(&mut h);
    if let Some(c) = &l.command {
        c.linker.hash(&mut h);
        c.args.hash(&mut h);
    }
    h.finish()
}

fn link_bytes(l: &LinkFailure) -> usize {
    let stderr: usize = l.stderr.iter().map(String::len).sum();
    let command: usize = l
        .command
        .as_ref()
        .map_or(0, |c| c.args.iter().map(|a| a.len()).sum());
    stderr + command
}
