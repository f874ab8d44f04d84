//! Doctor's report as rustc-style text or as JSON. Both go to stdout (so `--format json >
//! doctor.json` works); only usage errors go to stderr.

use std::io::{self, Write};

use owo_colors::OwoColorize;

use crate::report::Palette;
use crate::sanitize::text;

use super::model::{Check, Report, Status};

pub fn json(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    crate::sanitize::write_json(r, out)
}

pub fn human(r: &Report, pal: &Palette, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{} {} ({}), host {}",
        "doctor:".style(pal.bold),
        r.target.style(pal.bold),
        text(&r.target_from),
        r.host
    )?;
    let settings = if r.config_files.is_empty() {
        "the environment (no cargo config files)".to_string()
    } else {
        format!("the environment, {}", r.config_files.join(", "))
    };
    note(out, pal, &format!("settings read: {}", text(&settings)))?;
    match &r.usage.lock_file {
        Some(lock) if r.usage.users.is_empty() => note(
            out,
            pal,
            &format!("{lock}: no crate uses cc-rs, cmake-rs, pkg-config-rs or openssl-sys"),
        )?,
        Some(lock) => {
            let used: Vec<String> = r
                .usage
                .users
                .iter()
                .map(|(s, u)| format!("{s} ({})", u.join(", ")))
                .collect();
            note(out, pal, &format!("{}: {}", text(lock), used.join(", ")))?;
        }
        None => note(out, pal, "no Cargo.lock: every build system is checked")?,
    }
    for n in &r.notes {
        note(out, pal, n)?;
    }
    writeln!(out)?;
    for c in &r.checks {
        check(c, &r.target, pal, out)?;
    }
    let verdict = if r.errors > 0 {
        format!("this setup will build objects {} cannot link", r.target)
    } else {
        format!("no setting will make a wrong object for {}", r.target)
    };
    let style = if r.errors > 0 { pal.error } else { pal.bold };
    writeln!(
        out,
        "{}",
        format!(
            "doctor: {} error{}, {} warning{}: {verdict}",
            r.errors,
            plural(r.errors),
            r.warnings,
            plural(r.warnings)
        )
        .style(style)
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn note(out: &mut dyn Write, pal: &Palette, s: &str) -> io::Result<()> {
    writeln!(
        out,
        "   {} {} {}",
        "=".style(pal.arrow),
        "note:".style(pal.note),
        text(s)
    )
}

fn check(c: &Check, triple: &str, pal: &Palette, out: &mut dyn Write) -> io::Result<()> {
    let style = match c.status {
        Status::Error => pal.error,
        Status::Warning => pal.warning,
        Status::Note => pal.note,
        Status::Ok | Status::Skipped => pal.bold,
    };
    let head = match c.kind {
        Some(k) if matches!(c.status, Status::Error | Status::Warning) => {
            format!("{}[{}]", c.status.as_str(), k.as_str())
        }
        _ => c.status.as_str().to_string(),
    };
    let message = if c.message.is_empty() {
        "checked"
    } else {
        &c.message
    };
    writeln!(
        out,
        "{}{} {}",
        head.style(style),
        format!(": {} {}:", c.system, c.tool).style(pal.bold),
        text(message)
    )?;
    if c.status == Status::Skipped {
        return writeln!(out);
    }
    if let Some(v) = &c.value {
        let mut from = format!("{v}, from {}", c.from);
        if !c.unset.is_empty() {
            from.push_str(&format!("; {} unset", c.unset.join(", ")));
        }
        writeln!(out, "  {} {}", "-->".style(pal.arrow), text(&from))?;
    } else if !c.from.is_empty() {
        writeln!(out, "  {} {}", "-->".style(pal.arrow), text(&c.from))?;
    }
    if let Some(m) = &c.dumpmachine {
        note(out, pal, &format!("-dumpmachine: {m}"))?;
    }
    if !c.flags.is_empty() {
        note(out, pal, &format!("probe flags: {}", c.flags.join(" ")))?;
    }
    for n in &c.notes {
        note(out, pal, n)?;
    }
    for h in &c.help {
        writeln!(
            out,
            "   {} {} {}",
            "=".style(pal.arrow),
            "help:".style(pal.help),
            text(h)
        )?;
    }
    let shell = crate::report::shell::lines(&c.env, &c.remove, Some(triple));
    if !shell.is_empty() {
        writeln!(
            out,
            "   {} {} in the shell that runs cargo:",
            "=".style(pal.arrow),
            "help:".style(pal.help)
        )?;
        for l in shell {
            writeln!(out, "{}{}", crate::report::human::SHELL_INDENT, text(&l))?;
        }
    }
    writeln!(out)
}
