//! A Markdown summary for any CI's job summary (GitHub's `GITHUB_STEP_SUMMARY`) or a pull
//! request comment: one table row per finding, then what to do.
//!
//! Values come from logs and files, so everything Markdown or HTML would read as markup is
//! written as an entity or escaped: no crafted name can add a link, an image, a table cell or
//! a tag.

use std::io::{self, Write};

use crate::diagnose::{Finding, Severity};

pub fn render(findings: &[Finding], target: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let on = target
        .map(|t| format!(" for `{}`", cell(t)))
        .unwrap_or_default();
    if findings.is_empty() {
        writeln!(out, "### xlinkdiag{on}: no cross-build failure recognised")?;
        return Ok(());
    }
    writeln!(
        out,
        "### xlinkdiag{on}: {} finding{} ({errors} error{})",
        findings.len(),
        plural(findings.len()),
        plural(errors)
    )?;
    writeln!(out)?;
    writeln!(out, "| | kind | culprit | what happened | set |")?;
    writeln!(out, "| --- | --- | --- | --- | --- |")?;
    for f in findings {
        let icon = match f.severity {
            Severity::Error => "❌",
            Severity::Warning => "⚠️",
            Severity::Note => "ℹ️",
        };
        let set: Vec<String> = f
            .env
            .iter()
            .map(|(k, v)| format!("`{}={}`", code(k), code(v)))
            .collect();
        writeln!(
            out,
            "| {icon} | `{}` | {} | {} | {} |",
            f.kind.as_str(),
            cell(&super::github::culprit_name(f)),
            cell(&f.message),
            set.join("<br>")
        )?;
    }
    writeln!(out)?;
    for f in findings.iter().filter(|f| !f.help.is_empty()) {
        writeln!(
            out,
            "<details><summary>{}: {}</summary>\n",
            f.kind.as_str(),
            cell(&super::github::culprit_name(f))
        )?;
        for n in &f.notes {
            writeln!(out, "- {}", cell(n))?;
        }
        for h in &f.help {
            writeln!(out, "- **help:** {}", cell(h))?;
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

#[cfg(test)]
mod tests {
    #[test]
    fn cells_carry_no_markup() {
        let c = super::cell("a|b <img src=x> [l](u) `c`\nd");
        assert!(!c.contains(['|', '<', '>', '[', ']', '`', '\n']), "{c}");
        assert_eq!(super::code("A=`x`|y"), "A='x'\\|y");
    }
}
