//! A Markdown summary for any CI's job summary (GitHub's `GITHUB_STEP_SUMMARY`) or a pull
//! request comment: one table row per cause (its culprits, the fix once), then what to do.
//!
//! Values come from logs and files, so everything Markdown or HTML would read as markup is
//! written as an entity or escaped: no crafted name can add a link, an image, a table cell or
//! a tag.

use std::io::{self, Write};

use crate::diagnose::cause;
use crate::diagnose::scan::Omitted;
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

/// One line that says what the caps on memory left out, when they did.
pub fn render_omitted(o: &Omitted, out: &mut dyn Write) -> io::Result<()> {
    match super::human::omitted_line(o) {
        Some(line) => writeln!(out, "_{}_\n", cell(&line)),
        None => Ok(()),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Text for a table cell: one line, through the one sanitiser (hidden characters and `##[`
/// shown escaped), with every character Markdown or HTML gives a meaning written as an
/// entity, and no bare URL or address left for GitHub to turn into a link.
pub fn cell(s: &str) -> String {
    let one_line = s.replace(['\n', '\r'], " ");
    let safe = crate::sanitize::text(&one_line);
    let mut out = String::with_capacity(safe.len());
    for c in safe.chars() {
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
            c => out.push(c),
        }
    }
    no_autolinks(&out)
}

/// GitHub makes links of bare `scheme://…`, `www.…` and `name@host` twice over: while
/// parsing (where an entity would hide the `:`) and again on the rendered text (where it
/// would not). A code span splits the text around the one character each needs, so neither
/// pass sees a URL and the words still read the same: `https` `` `://` `` `evil.example`.
fn no_autolinks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let lower = rest.get(..4).map(str::to_ascii_lowercase);
        if rest.starts_with("://") {
            out.push_str("`://`");
            rest = &rest[3..];
        } else if lower.as_deref() == Some("www.") {
            out.push_str(&rest[..3]);
            out.push_str("`.`");
            rest = &rest[4..];
        } else if c == '@' {
            out.push_str("`@`");
            rest = &rest[1..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Text inside a code span: code spans show entities literally and are never made links, so
/// only what could end the span or the cell is changed (GFM tables take `\|` even inside a
/// code span), after the one sanitiser.
fn code(s: &str) -> String {
    let safe = crate::sanitize::text(s);
    let mut out = String::with_capacity(safe.len());
    for c in safe.chars() {
        match c {
            '`' => out.push('\''),
            '|' => out.push_str("\\|"),
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

    /// Issue 19: no bare URL, www address or mail address is left whole for the autolinker.
    #[test]
    fn bare_urls_are_not_links() {
        assert_eq!(
            super::cell("see https://evil.example/x and WWW.evil.example or a@b.example"),
            "see https`://`evil.example/x and WWW`.`evil.example or a`@`b.example"
        );
        assert_eq!(super::cell("ftp://h é"), "ftp`://`h é");
        assert_eq!(
            super::code("##[add-mask]x\u{202e}"),
            "##\\u{5b}add-mask]x\\u{202e}"
        );
        let c = super::cell("x ##[stop-commands]t \u{202e}y");
        assert!(!c.contains("##[") && !c.contains('\u{202e}'), "{c}");
    }
}
