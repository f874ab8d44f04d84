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
    /// Text of the links kept.
    bytes: usize,
    /// Failures the log shows past the caps: counted, not kept.
    pub unread: usize,
}

impl Caps {
    /// Applies the caps to the failures added since `links_from` and `builds_from`. A
    /// reader may also have replaced earlier build failures (a build script's whole block
    /// takes the place of its warnings), so the counts are what the lists hold now.
    pub fn apply(
        &mut self,
        links: &mut Vec<LinkFailure>,
        links_from: usize,
        builds: &mut Vec<BuildFailure>,
        builds_from: usize,
    ) {
        let from = links_from.min(links.len());
        for l in links.split_off(from) {
            let fresh = self.seen.insert(link_hash(&l));
            let bytes = link_bytes(&l);
            if fresh && self.room(links.len() + builds.len(), bytes) {
                self.bytes += bytes;
                links.push(l);
            } else {
                self.unread += usize::from(fresh);
            }
        }
        let from = builds_from.min(builds.len());
        for b in builds.split_off(from) {
            if self.room(links.len() + builds.len(), 0) {
                builds.push(b);
            } else {
                self.unread += 1;
            }
        }
    }

    /// Whether one more failure of `bytes` fits beside the `kept` ones.
    fn room(&self, kept: usize, bytes: usize) -> bool {
        kept < LIMITS.failures && self.bytes.saturating_add(bytes) <= LIMITS.failure_bytes
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

#[cfg(test)]
mod tests {
    use super::*;

    fn link(i: usize) -> LinkFailure {
        LinkFailure {
            command: None,
            stderr: vec![format!("ld: error {i}")],
            failed: true,
            package: None,
            tool: None,
            target: None,
            by_rustc: false,
        }
    }

    #[test]
    fn repeats_once_then_counted_past_the_cap() {
        let mut caps = Caps::default();
        let (mut links, mut builds) = (Vec::new(), Vec::new());
        links.extend((0..3).map(|_| link(0)));
        caps.apply(&mut links, 0, &mut builds, 0);
        assert_eq!(
            (links.len(), caps.unread),
            (1, 0),
            "the same failure, kept once"
        );
        let from = links.len();
        links.extend((1..LIMITS.failures + 10).map(link));
        caps.apply(&mut links, from, &mut builds, 0);
        assert_eq!(links.len(), LIMITS.failures);
        assert_eq!(caps.unread, 10);
    }

    /// A reader that replaced earlier failures leaves fewer than it had: never a panic.
    #[test]
    fn a_shrunk_list_is_no_panic() {
        let mut caps = Caps::default();
        let (mut links, mut builds) = (vec![link(1)], Vec::new());
        caps.apply(&mut links, 5, &mut builds, 829);
        assert_eq!(links.len(), 1);
    }
}
