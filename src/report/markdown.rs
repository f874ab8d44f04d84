//! A Markdown summary for any CI's job summary (GitHub's `GITHUB_STEP_SUMMARY`) or a pull
//! request comment: one table row per cause (its culprits, the fix once), then what to do.
//!
//! Values come from logs and files, so everything Markdown or HTML would read as markup is
//! written as an entity or escaped: no crafted name can add a link, an image, a table cell or
//! a tag.

use std::io::{self, Write};

use crate::diagnose::cause;
use crate::diagnose::{Finding, Severity};

pub fn render(findings: &[Finding], target: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    let on = target
        .map(|t| format!(" for `{}`", cell(t)))
        .unwrap_or_default();
    if findings.is_empty() {
        writeln!(out, "### xlinkdiag{on}: no cross-build failure recognised")?;
        return Ok(());
    }
    let groups = cause::group(findings, target);
    let errors = groups
        .iter()
        .filter(|g| g.severity == Severity::Error)
        .count();
    writeln!(
        out,
        "### xlinkdiag{on}: {} cause{} ({errors} error{}), {} culprit{}",
        groups.len(),
        plural(groups.len()),
        plural(errors),
        findings.len(),
        plural(findings.len())
    )?;
    writeln!(out)?;
    writeln!(out, "| | kind | culprits | what happened | fix |")?;
    writeln!(out, "| --- | --- | --- | --- | --- |")?;
    for g in &groups {
        let icon = match g.severity {
            Severity::Error => "❌",
            Severity::Warning => "⚠️",
            Severity::Note => "ℹ️",
        };
        let who: Vec<String> = g
            .findings
            .iter()
            .map(|&i| cell(&super::github::culprit_name(&findings[i])))
            .collect();
        let fix: Vec<String> = super::shell::lines(&g.env, &g.unset, target)
            .iter()
            .map(|l| format!("`{}`", code(l)))
            .collect();
        writeln!(
            out,
            "| {icon} | `{}` | {} | {} | {} |",
            g.kind.as_str(),
            who.join("<br>"),
            cell(&g.message),
            fix.join("<br>")
        )?;
    }
    writeln!(out)?;
    for g in groups
        .iter()
        .filter(|g| !g.help.is_empty() || !g.notes.is_empty())
    {
        writeln!(
            out,
            "<details><summary>{}: {}</summary>\n",
            g.kind.as_str(),
            cell(&g.message)
        )?;
        for n in &g.notes {
            writeln!(out, "- {}", cell(n))?;
        }
        for h in &g.help {
            writeln!(out, "- **help:** {}", cell(h))?;
        }
        let shell = super::shell::lines(&g.env, &g.unset, target);
        if !shell.is_empty() {
            // A fenced block shows its lines literally; a crafted value cannot end it early
            // (code() turns backquotes into quotes).
            writeln!(out, "\n```sh")?;
            for l in &shell {
                writeln!(out, "{}", fenced(l))?;
            }
            writeln!(out, "```")?;
        }
        writeln!(out, "\n</details>\n")?;
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Text for a table cell: one line, with every character Markdown or HTML gives a meaning
/// written as an entity.
pub fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("&#124;"),
            '`' => out.push_str("&#96;"),
            '[' => out.push_str("&#91;"),
            ']' => out.push_str("&#93;"),
            '*' => out.push_str("&#42;"),
            '_' => out.push_str("&#95;"),
            '\\' => out.push_str("&#92;"),
            '!' => out.push_str("&#33;"),
            '#' => out.push_str("&#35;"),
            '\n' | '\r' => out.push(' '),
            // Shown escaped, as every renderer shows them; the backslash as an entity.
            c if c.is_control() => {
                out.push_str("&#92;");
                out.extend(c.escape_default().skip(1));
            }
            c => out.push(c),
        }
    }
    out
}

/// Text inside a code span: code spans show entities literally, so only what could end the
/// span or the cell is changed (GFM tables take `\|` even inside a code span).
fn code(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '`' => out.push('\''),
            '|' => out.push_str("\\|"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A line inside a fenced code block: shown literally, so only what could end the block
/// (a backquote run) or break the line is changed.
fn fenced(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '`' => '\'',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_carry_no_markup() {
        let c = super::cell("a|b <img src=x> [l](u) `c`\nd");
        assert!(!c.contains(['|', '<', '>', '[', ']', '`', '\n']), "{c}");
        assert_eq!(super::code("A=`x`|y"), "A='x'\\|y");
    }
}
