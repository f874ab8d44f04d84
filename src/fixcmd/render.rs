//! The plan shown: a unified diff of the config file (stdout, so `> fix.patch` and
//! `git apply` work), what to unset and what no setting fixes (stderr, `xlinkdiag:` lines);
//! or one JSON document on stdout.

use std::io::{self, Write};

use serde::Serialize;

use super::config_edit::Replaced;
use super::plan::{Plan, Removal, Setting};
use crate::sanitize;

/// A unified diff of `old` → `new` with three lines of context; "" when they are equal.
pub fn unified(old: &str, new: &str, a: &str, b: &str) -> String {
    if old == new {
        return String::new();
    }
    let x: Vec<&str> = old.lines().collect();
    let y: Vec<&str> = new.lines().collect();
    let ops = line_ops(&x, &y);
    // Hunks: runs of changes with up to 3 lines of context each side (6 joins two).
    const CTX: usize = 3;
    let mut out = format!("--- {a}\n+++ {b}\n");
    let changed: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, o)| !matches!(o, Op::Same(..)))
        .map(|(i, _)| i)
        .collect();
    let mut i = 0;
    while i < changed.len() {
        let start = changed[i].saturating_sub(CTX);
        let mut end = changed[i];
        while i + 1 < changed.len() && changed[i + 1] <= end + 2 * CTX + 1 {
            i += 1;
            end = changed[i];
        }
        let end = (end + CTX + 1).min(ops.len());
        let (mut old_start, mut new_start) = (None, None);
        let (mut old_len, mut new_len) = (0, 0);
        let mut body = String::new();
        for op in &ops[start..end] {
            match *op {
                Op::Same(xi, yi) => {
                    old_start.get_or_insert(xi);
                    new_start.get_or_insert(yi);
                    old_len += 1;
                    new_len += 1;
                    body.push_str(&format!(" {}\n", x[xi]));
                }
                Op::Del(xi, yi) => {
                    old_start.get_or_insert(xi);
                    new_start.get_or_insert(yi);
                    old_len += 1;
                    body.push_str(&format!("-{}\n", x[xi]));
                }
                Op::Add(xi, yi) => {
                    old_start.get_or_insert(xi);
                    new_start.get_or_insert(yi);
                    new_len += 1;
                    body.push_str(&format!("+{}\n", y[yi]));
                }
            }
        }
        // GNU diff numbers an empty side by the line before it.
        let num = |s: Option<usize>, len: usize| {
            let s = s.unwrap_or(0);
            if len == 0 { s } else { s + 1 }
        };
        out.push_str(&format!(
            "@@ -{},{old_len} +{},{new_len} @@\n{body}",
            num(old_start, old_len),
            num(new_start, new_len)
        ));
        i += 1;
    }
    out
}

#[derive(Clone, Copy, Debug)]
enum Op {
    /// Line `.0` of the old text is line `.1` of the new one.
    Same(usize, usize),
    /// Old line `.0` goes; `.1` is where the new text is then.
    Del(usize, usize),
    /// New line `.1` comes; `.0` is where the old text is then.
    Add(usize, usize),
}

/// The edit script of a longest common subsequence. Config files are small: the quadratic
/// table costs nothing here.
fn line_ops(x: &[&str], y: &[&str]) -> Vec<Op> {
    let (n, m) = (x.len(), y.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if x[i] == y[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut ops = Vec::new();
    while i < n || j < m {
        if i < n && j < m && x[i] == y[j] {
            ops.push(Op::Same(i, j));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            // Deletions first on a tie, as diff(1) shows a replaced line.
            ops.push(Op::Del(i, j));
            i += 1;
        } else {
            ops.push(Op::Add(i, j));
            j += 1;
        }
    }
    ops
}

/// The human notes, after the diff: what was replaced, what to unset, what may stay, what
/// was removed (or could not be), what to do by hand. Every word that came from a finding,
/// the environment or the file system goes through `sanitize`: a log's value is shown, on
/// its own line, and nothing more.
pub fn notes(
    plan: &Plan,
    replaced: &[Replaced],
    cwd: &std::path::Path,
    out: &mut dyn Write,
) -> io::Result<()> {
    let t = |s: &str| sanitize::text(s).into_owned();
    for r in replaced {
        writeln!(
            out,
            "xlinkdiag: note: replaces your {} = {} (kept in a comment above it)",
            t(&r.key),
            t(&format!("{:?}", r.old))
        )?;
    }
    for c in &plan.conflicts {
        writeln!(out, "xlinkdiag: warning: {}", t(c))?;
    }
    if !plan.unset.is_empty() {
        let names: Vec<String> = plan.unset.iter().map(|u| t(&u.name)).collect();
        writeln!(
            out,
            "xlinkdiag: warning: unset these in the environment, or the settings cannot take effect:"
        )?;
        let lines = crate::report::shell::lines(&std::collections::BTreeMap::new(), &names, None);
        for l in lines {
            writeln!(out, "xlinkdiag:     {l}")?;
        }
        for u in &plan.unset {
            writeln!(
                out,
                "xlinkdiag:   {}={}: {}",
                t(&u.name),
                t(&u.value),
                t(&u.why)
            )?;
        }
    }
    for u in &plan.forced {
        writeln!(
            out,
            "xlinkdiag: note: {}={} in the environment is overridden (written with force = true): {}; or take it out of the shell:",
            t(&u.name),
            t(&u.value),
            t(&u.why)
        )?;
        let names = [t(&u.name)];
        for l in crate::report::shell::lines(&std::collections::BTreeMap::new(), &names, None) {
            writeln!(out, "xlinkdiag:     {l}")?;
        }
    }
    for n in &plan.not_written {
        writeln!(
            out,
            "xlinkdiag: note: {}={} from the findings is not written: {}",
            t(&n.name),
            t(&n.value),
            t(&n.why)
        )?;
    }
    for s in &plan.shadowed {
        writeln!(
            out,
            "xlinkdiag: note: {}={} may stay: {}",
            t(&s.name),
            t(&s.value),
            t(&s.why)
        )?;
    }
    for r in &plan.rerun {
        for (i, d) in r.dirs.iter().enumerate() {
            let shown = t(&d.strip_prefix(cwd).unwrap_or(d).to_string_lossy());
            let package = t(&r.package);
            match r.removals.get(i) {
                None => writeln!(
                    out,
                    "xlinkdiag: note: --apply also removes {shown} so that cargo reruns the build script of {package}: {}",
                    t(&r.why)
                )?,
                Some(Removal::Removed) => writeln!(
                    out,
                    "xlinkdiag: note: removed {shown} so that cargo reruns the build script of {package}: {}",
                    t(&r.why)
                )?,
                Some(Removal::Failed(e)) => writeln!(
                    out,
                    "xlinkdiag: warning: cannot remove {shown}: {}; run `cargo clean -p {package}` before the next build",
                    t(e)
                )?,
            }
        }
    }
    for m in &plan.manual {
        let who = match (&m.kind, &m.crate_name) {
            (Some(k), Some(c)) => format!("{} in {}: ", k.as_str(), t(c)),
            (Some(k), None) => format!("{}: ", k.as_str()),
            (None, Some(c)) => format!("{}: ", t(c)),
            (None, None) => String::new(),
        };
        writeln!(
            out,
            "xlinkdiag: error: not fixed by configuration: {who}{}",
            t(&m.why)
        )?;
        for h in &m.help {
            writeln!(out, "xlinkdiag:   help: {}", t(h))?;
        }
    }
    Ok(())
}

/// `--format json`: fields are added, never renamed (`version` says which).
#[derive(Serialize)]
pub struct Doc<'a> {
    pub version: u32,
    pub target: &'a str,
    pub config: String,
    /// The config already holds every setting: nothing to write.
    pub up_to_date: bool,
    pub applied: bool,
    pub settings: &'a [Setting],
    pub replaced: &'a [Replaced],
    pub unset: &'a [super::plan::EnvNote],
    pub shadowed: &'a [super::plan::EnvNote],
    pub manual: &'a [super::plan::Manual],
    pub conflicts: &'a [String],
    pub rerun: &'a [super::plan::Rerun],
    /// Values the findings gave that are not written (added in issue 19).
    pub not_written: &'a [super::plan::EnvNote],
    /// Variables of the environment the settings override with `force = true` (added in
    /// issue 21).
    pub forced: &'a [super::plan::EnvNote],
    pub diff: String,
}

#[cfg(test)]
mod tests {
    use super::unified;

    #[test]
    fn appended_lines_get_context_and_gnu_numbers() {
        let old = "a\nb\nc\nd\ne\n";
        let new = "a\nb\nc\nd\ne\nf\ng\n";
        assert_eq!(
            unified(old, new, "a/x", "b/x"),
            "--- a/x\n+++ b/x\n@@ -3,3 +3,5 @@\n c\n d\n e\n+f\n+g\n"
        );
    }

    #[test]
    fn a_new_file_and_two_hunks() {
        assert_eq!(
            unified("", "x\ny\n", "/dev/null", "b/c"),
            "--- /dev/null\n+++ b/c\n@@ -0,0 +1,2 @@\n+x\n+y\n"
        );
        let old: String = (1..=20).map(|i| format!("{i}\n")).collect();
        let new: String = (1..=20)
            .map(|i| match i {
                2 => "two\n".to_string(),
                19 => "nineteen\n".to_string(),
                i => format!("{i}\n"),
            })
            .collect();
        let d = unified(&old, &new, "a", "b");
        assert!(d.contains("@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n"), "{d}");
        assert!(
            d.contains("@@ -16,5 +16,5 @@\n 16\n 17\n 18\n-19\n+nineteen\n 20\n"),
            "{d}"
        );
        assert!(unified("same", "same", "a", "b").is_empty());
    }
}
