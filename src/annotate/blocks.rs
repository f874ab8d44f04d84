//! The blocks of cargo's and rustc's text that report a cross-build failure.
//!
//! - ``error: linking with `X` failed``, then `= note:` items: the command line (quoted),
//!   `some arguments are omitted`, and the linker's stderr, whose later lines rustc indents.
//! - `warning: linker stderr: …` (the `linker_messages` lint of a link that succeeded),
//!   continued on indented lines.
//! - ``error: linker `X` not found``.
//! - ``error[E0463]: can't find crate for `proc_macro` `` and its `--> file:line:col`.
//! - ``error: failed to run custom build command for `pkg v…` ``: the build script's stdout
//!   and stderr, indented, where cc-rs, cmake, pkg-config and openssl-sys say what failed.
//!
//! A CI log may wrap a long line anywhere, a path included. Inside a block the wrapped rest
//! is the one line that is not indented, so it is joined back to the line before it.
//!
//! Headers are found after any indentation (a pasted log is often indented) and in the
//! wording of older rustc (``linking with cc failed`` without quotes, `note:` at column 0,
//! ``error: Could not compile``). Lines outside every block go to `fragments`, which finds
//! the linker's and compilers' own words wherever they stand.

use super::cmdline;
use super::fragments;
use super::log::{BuildFailure, Failure, Line, LinkFailure, Log, targets_in};
use crate::cargo::sys_crates;
use crate::messages::catalog::{self, Says, Tool};
use crate::messages::pattern::Pattern;

/// A block longer than this is cut: a build script can print a lot, and nothing we look for
/// comes after so many lines.
const MAX_BLOCK: usize = 20_000;

/// Lines looked at after a block for the package it belongs to.
const LOOKAHEAD: usize = 40;

/// How far past its first line a block (and what is read after it) can reach: the caller
/// keeps at least this many lines after the last block start it asks for.
pub const REACH: usize = MAX_BLOCK + LOOKAHEAD + 8;

/// A wrapped line is at least this long before the wrap.
const MIN_WRAPPED: usize = 40;

static LINK_FAILED: Pattern =
    Pattern::new(r"^error: linking with (?:`(?P<quoted>[^`]*)`|'(?P<single>[^']*)'|(?P<bare>\S+))");
static LINKER_STDERR: Pattern = Pattern::new(r"^warning: linker std(?:err|out): (?P<rest>.*)$");
static LINKER_NOT_FOUND: Pattern = Pattern::new(r"^error: linker `(?P<linker>[^`]*)` not found");
static CANT_FIND_CRATE: Pattern =
    Pattern::new(r"error(?:\[E0463\])?: can't find crate for `(?P<krate>[A-Za-z0-9_]+)`");
/// cargo: ``cannot produce proc-macro for `x v1.0` as the target `t` does not support these
/// crate types``.
static NO_PROC_MACRO: Pattern = Pattern::new(
    r"cannot produce proc-macro for (?:`(?P<pkg>[A-Za-z0-9_.-]+) v[^`]*`|(?P<bare>[A-Za-z0-9_.-]+) v\S*) as the target `?(?P<t>[A-Za-z0-9_.-]+)`? does not support",
);
/// rustc before 1.20-ish: ``could not exec the linker `cc`: No such file or directory``.
static CANNOT_EXEC_LINKER: Pattern = Pattern::new(r"could not exec the linker `(?P<linker>[^`]+)`");
/// rustup: ``toolchain 'nightly-…' does not contain component 'rust-std' for target 'x'``.
static NO_RUST_STD: Pattern =
    Pattern::new(r"does not contain component 'rust-std' for target '(?P<t>[A-Za-z0-9_.-]+)'");
static TARGET_NOT_INSTALLED: Pattern =
    Pattern::new(r"the `(?P<t>[A-Za-z0-9_.-]+)` target may not be installed");
static ARROW: Pattern = Pattern::new(r"^\s*--> (?P<file>.+?):(?P<line>\d+):\d+\s*$");
static BUILD_SCRIPT: Pattern =
    Pattern::new(r"^error: failed to run custom build command for `(?P<pkg>[A-Za-z0-9_.-]+) v");
static COULD_NOT_COMPILE: Pattern =
    Pattern::new(r"^\s*error: (?i:could not compile) `(?P<pkg>[^`]+)`");
/// rustc's notes: `  = note: …`, and `note: …` at column 0 as rustc wrote them until 2018.
static NOTE: Pattern = Pattern::new(r"^\s*(?:= )?(?P<what>note|help): ?(?P<rest>.*)$");

/// cmake's `The CMAKE_C_COMPILER:` / `mips-linux-musl-gcc` / `is not a full path and was not
/// found in the PATH.` (Source/cmGlobalGenerator.cxx), read across its lines.
static CMAKE_COMPILER: Pattern = Pattern::new(r"The CMAKE_(C|CXX|ASM)_COMPILER:\s*$");
/// cmake found no compiler it could run at all (Modules/CMakeDetermineCompilerId.cmake).
static CMAKE_UNKNOWN: Pattern = Pattern::new(r"The (?:C|CXX) compiler identification is unknown");
static CMAKE_ID_FAILED: Pattern = Pattern::new(
    r#"Compiling the (?:C|CXX|ASM|CUDA|Fortran) compiler identification source file ".+" failed\."#,
);
/// openssl-sys prints each variable it reads (`OPENSSL_DIR unset`, build/main.rs `env_inner`);
/// with none of the directory ones set it searches alone, and for a cross target that search
/// (pkg-config refused, no vcpkg) ends in `Could not find directory of OpenSSL installation`
/// (build/find_normal.rs `find_openssl_dir`).
static OPENSSL_DIR_UNSET: Pattern = Pattern::new(r"^(?:[A-Z0-9_]+_)?OPENSSL_DIR unset$");
static PKG_CONFIG_LIB: Pattern =
    Pattern::new(r"rerun-if-env-changed=(?P<lib>[A-Z0-9_]+)_NO_PKG_CONFIG$");
/// cc-rs's lookups: `CC_mips-unknown-linux-musl = None`, `CC = Some("gcc")`.
static CC_VARIABLE: Pattern = Pattern::new(
    r#"^(?P<var>(?:TARGET_)?(?:CC|CXX)(?:_[A-Za-z0-9_.-]+)?) = Some\("?(?P<val>[^")]*)"?\)$"#,
);
/// A build script's printed command with the compiler and flags it passes on
/// (libffi-sys: `Configuring libffi: … (cd "…" && CC="gcc" CFLAGS="-O0 …" "sh" "./configure" …`).
static CC_ASSIGNED: Pattern = Pattern::new(r#"(?:^|[\s(])CC="(?P<cc>[^"]+)""#);
static CFLAGS_ASSIGNED: Pattern = Pattern::new(r#"(?:^|[\s(])CFLAGS="(?P<flags>[^"]*)""#);
/// cc-rs's flags lookups: `CFLAGS = Some(-march=x86-64-v2)`, `CXXFLAGS_<t> = Some(…)`.
static FLAGS_VARIABLE: Pattern = Pattern::new(
    r#"^(?P<var>(?:TARGET_|HOST_)?(?:C|CXX|CPP)FLAGS(?:_[A-Za-z0-9_.-]+)?) = Some\("?(?P<val>[^")]*)"?\)$"#,
);

fn caps<'t>(r: &Pattern, t: &'t str) -> Option<regex::Captures<'t>> {
    r.captures(t)
}

/// Reads the blocks that start before `stop` (each to its end, which `lines` must hold:
/// `REACH` lines past `stop`) and returns the index of the first line not read.
pub fn read(lines: &[Line], log: &mut Log, stop: usize) -> usize {
    let stop = stop.min(lines.len());
    let mut i = 0;
    // Where the lines no block claims began.
    let mut free = 0;
    while i < stop {
        let text = lines[i].text.trim_start();
        let next = if could_start_block(text) {
            block(lines, i, text, log)
        } else {
            None
        };
        match next {
            Some((first, end)) => {
                fragments::read(&lines[free..first.max(free)], log);
                i = end.max(i + 1);
                free = i;
            }
            None => i += 1,
        }
    }
    fragments::read(&lines[free..i], log);
    i
}

/// Every header starts with one of these words, or holds E0463 (which an old cargo put after
/// other text on the line): most lines of a log are passed over here.
fn could_start_block(text: &str) -> bool {
    text.starts_with("error") || text.starts_with("warning") || ANYWHERE.is_match(text)
}

/// The headers an old cargo, or a log's mangling, can put after other text on the line: one
/// pass of literals over each line.
static ANYWHERE: Pattern = Pattern::new(
    r"can't find crate|cannot produce proc-macro|could not exec the linker|component 'rust-std'",
);

/// The block starting at `i`, recorded in `log`: the first line it reads (a build script's
/// block also reads the warnings cargo printed just before it) and the index after it, or
/// `None` when no block starts there.
fn block(lines: &[Line], i: usize, text: &str, log: &mut Log) -> Option<(usize, usize)> {
    let hint = lines[i].package.clone();
    // Each header's literal start is tested before its regex: most `error`/`warning` lines
    // of a log are rustc's own diagnostics, which start no block.
    let error = text.strip_prefix("error: ").unwrap_or_default();
    let warning = text.strip_prefix("warning: ").unwrap_or_default();
    if error.starts_with("linking with ")
        && let Some(c) = caps(&LINK_FAILED, text)
    {
        let linker = c
            .name("quoted")
            .or_else(|| c.name("single"))
            .or_else(|| c.name("bare"))
            .map(|m| m.as_str().to_string());
        let (failure, end) = link_failed(lines, i + 1);
        log.last_linker = linker.clone();
        log.links.push(LinkFailure {
            package: hint.or_else(|| could_not_compile(lines, end)),
            tool: linker,
            ..failure
        });
        return Some((i, end));
    }
    if warning.starts_with("linker std")
        && let Some(c) = caps(&LINKER_STDERR, text)
    {
        let mut stderr = vec![c["rest"].to_string()];
        let end = continuation(lines, i + 1, &mut stderr);
        log.links.push(LinkFailure {
            command: None,
            stderr,
            failed: false,
            package: hint,
            tool: None,
            target: None,
            by_rustc: true,
        });
        return Some((i, end));
    }
    // ``linker `X` not found``, and older rustc's ``could not exec the linker `X` ``.
    let missing_linker = if error.starts_with("linker ") {
        caps(&LINKER_NOT_FOUND, text)
    } else if text.contains("could not exec the linker") {
        caps(&CANNOT_EXEC_LINKER, text)
    } else {
        None
    };
    if let Some(c) = missing_linker {
        log.builds.push(BuildFailure {
            what: Failure::LinkerNotFound {
                linker: c["linker"].to_string(),
            },
            package: hint.or_else(|| could_not_compile(lines, i + 1)),
            target: None,
            source: None,
            outranked: Vec::new(),
        });
        return Some((i, i + 1));
    }
    if text.contains("can't find crate")
        && let Some(c) = caps(&CANT_FIND_CRATE, text)
    {
        let what = match &c["krate"] {
            "proc_macro" => Failure::ProcMacro,
            k @ ("std" | "core" | "alloc" | "compiler_builtins" | "panic_unwind"
            | "panic_abort" | "test") => Failure::TargetStd {
                krate: k.to_string(),
            },
            _ => return None,
        };
        let after = &lines[i..(i + 8).min(lines.len())];
        let source = after
            .iter()
            .take(4)
            .find_map(|l| caps(&ARROW, &l.text))
            .and_then(|c| Some((c["file"].to_string(), c["line"].parse().ok()?)));
        // rustc points into the crate's registry source when the crate is a dependency.
        let hint = hint.or_else(|| {
            let (file, _) = source.as_ref()?;
            super::logonly::registry_package(file).map(str::to_string)
        });
        let target = after
            .iter()
            .find_map(|l| caps(&TARGET_NOT_INSTALLED, &l.text))
            .and_then(|c| crate::target::lookup(&c["t"]));
        log.builds.push(BuildFailure {
            what,
            package: hint.or_else(|| could_not_compile(lines, i + 1)),
            target,
            source,
            outranked: Vec::new(),
        });
        return Some((i, i + 1));
    }
    if text.contains("component 'rust-std'")
        && let Some(c) = caps(&NO_RUST_STD, text)
    {
        log.builds.push(BuildFailure {
            what: Failure::TargetStd {
                krate: "std".into(),
            },
            package: hint,
            target: crate::target::lookup(&c["t"]),
            source: None,
            outranked: Vec::new(),
        });
        return Some((i, i + 1));
    }
    if text.contains("cannot produce proc-macro")
        && let Some(c) = caps(&NO_PROC_MACRO, text)
    {
        log.builds.push(BuildFailure {
            what: Failure::ProcMacro,
            package: c
                .name("pkg")
                .or_else(|| c.name("bare"))
                .map(|m| m.as_str().to_string()),
            target: crate::target::lookup(&c["t"]),
            source: None,
            outranked: Vec::new(),
        });
        return Some((i, i + 1));
    }
    if error.starts_with("failed to run custom build command")
        && let Some(c) = caps(&BUILD_SCRIPT, text)
    {
        let package = c["pkg"].to_string();
        let end = block_end(lines, i + 1);
        // cargo prints the script's `cargo:warning`s (cc-rs's, pkg-config's) just before.
        let mut first = i;
        while first > 0 && i - first < 20 {
            let t = lines[first - 1].text.trim();
            if !(t.is_empty() || t.starts_with("warning")) {
                break;
            }
            first -= 1;
        }
        let mut read = lines[first..i].to_vec();
        read.extend_from_slice(&lines[i + 1..end]);
        match build_script(&read, true) {
            Some(mut f) => {
                f.package = Some(package);
                // The block holds the script's whole output: it replaces what the script's
                // `cargo:warning` lines, read on their own before it, said of the same
                // failure (aws-lc-sys's assembler errors, without the variable it read).
                log.builds.retain(|b| {
                    b.package != f.package
                        || std::mem::discriminant(&b.what) != std::mem::discriminant(&f.what)
                });
                log.builds.push(f);
            }
            // What the block holds is still read for the linker's words: a build script
            // that links (a probe) fails with them.
            None => fragments::read(&read, log),
        }
        return Some((first, end));
    }
    None
}

/// The notes after ``linking with `X` failed``: which is the command line, which the stderr.
fn link_failed(lines: &[Line], start: usize) -> (LinkFailure, usize) {
    let mut notes: Vec<Vec<String>> = Vec::new();
    let mut i = start;
    while i < lines.len() && i - start < MAX_BLOCK {
        let text = &lines[i].text;
        if let Some(c) = caps(&NOTE, text) {
            notes.push(vec![c["rest"].to_string()]);
        } else if text.trim() == "|" {
        } else if text.is_empty() {
            break;
        } else if text.starts_with(char::is_whitespace) {
            match notes.last_mut() {
                Some(n) => n.push(strip_indent(text)),
                None => break,
            }
        } else if let Some(last) = notes.last_mut().and_then(|n| n.last_mut())
            && is_wrapped_rest(last, text)
        {
            last.push_str(text);
        } else {
            break;
        }
        i += 1;
    }
    let mut failure = LinkFailure {
        command: None,
        stderr: Vec::new(),
        failed: true,
        package: None,
        tool: None,
        target: None,
        by_rustc: true,
    };
    for note in notes {
        let first = note[0].trim_start();
        if failure.command.is_none() && looks_like_command(first) {
            failure.command = cmdline::parse(&note.join(" "));
        } else if !first.starts_with("some arguments are omitted") {
            for l in note {
                let l = l
                    .strip_prefix("linker stderr: ")
                    .or_else(|| l.strip_prefix("linker stdout: "))
                    .map(str::to_string)
                    .unwrap_or(l);
                failure.stderr.push(l);
            }
        }
    }
    (failure, i)
}

/// `"cc" "-m64" …`, or `LC_ALL="C" PATH="…" "cc" …` as older rustc printed it.
fn looks_like_command(s: &str) -> bool {
    s.starts_with('"')
        || s.split_once("=\"").is_some_and(|(name, _)| {
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        })
}

/// The indented lines after a `warning: linker stderr:` line.
fn continuation(lines: &[Line], start: usize, out: &mut Vec<String>) -> usize {
    let mut i = start;
    while i < lines.len() && i - start < MAX_BLOCK {
        let text = &lines[i].text;
        if caps(&NOTE, text).is_some() || text.trim() == "|" || text.trim().is_empty() {
            break;
        }
        if text.starts_with(char::is_whitespace) {
            out.push(strip_indent(text));
        } else if let Some(last) = out.last_mut()
            && is_wrapped_rest(last, text)
        {
            last.push_str(text);
        } else {
            break;
        }
        i += 1;
    }
    i
}

/// rustc indents the linker's later lines to line up with the first; the linker's own
/// indentation beyond that (ld64's blocks) is kept.
fn strip_indent(text: &str) -> String {
    let spaces = text.len() - text.trim_start_matches(' ').len();
    text[spaces.min(10)..].to_string()
}

/// An unindented line inside a block is the rest of a long line a CI log wrapped, unless
/// it starts a message of its own.
fn is_wrapped_rest(before: &str, text: &str) -> bool {
    const STARTS: [&str; 7] = [
        "error",
        "warning",
        "note:",
        "help:",
        "For more",
        "Caused by",
        "{",
    ];
    before.len() >= MIN_WRAPPED
        && !STARTS.iter().any(|s| text.starts_with(s))
        && !crate::messages::starts_with_tool(text)
}

/// ``error: could not compile `app` `` shortly after a block names the package.
fn could_not_compile(lines: &[Line], from: usize) -> Option<String> {
    lines[from.min(lines.len())..]
        .iter()
        .take(LOOKAHEAD)
        .find_map(|l| caps(&COULD_NOT_COMPILE, &l.text))
        .map(|c| c["pkg"].to_string())
}

/// A build script's block: its indented stdout and stderr, up to cargo's next message.
fn block_end(lines: &[Line], start: usize) -> usize {
    let mut i = start;
    while i < lines.len() && i - start < MAX_BLOCK {
        let t = &lines[i].text;
        let next_message = t.starts_with("error")
            || t.starts_with("warning: build failed")
            || t.starts_with('{')
            || t.trim_start().starts_with("Compiling ")
            || t.trim_start().starts_with("Finished ");
        if next_message && i > start {
            break;
        }
        i += 1;
    }
    i
}

/// What a failed build script's (or a configure step's) output says, by the catalog's build
/// rows. Its primary error is the one rule of `Says::rank`: a missing tool, then a compile
/// that failed the way a compiler for another machine (or without the target's C library)
/// fails, then a library or header missing for the target or a host dir used, all over what
/// the script says of its own lookups (openssl-sys's message over the pkg-config refusal it
/// quotes); the rest is kept as `outranked`, to be noted.
///
/// `failed`: the lines are a failed build script's (cargo said so). cc-rs's `Compiler family
/// detection failed … ToolNotFound` is a warning a script that went on to succeed prints
/// too; it counts only then.
/// The `.pc` dirs of pkg-config-rs's command line (`> PKG_CONFIG_LIBDIR=… pkg-config
/// --libs …`, also inside the `unwrap()` of its error's Debug form): `PKG_CONFIG_LIBDIR`, or
/// a `PKG_CONFIG_SYSROOT_DIR` other than `/`. pkg-config-rs passes these on only when the
/// user set them (plain or for the target), so they are where the target's `.pc` files were
/// to be.
fn pointed_pc_dirs(line: &str) -> Option<String> {
    if !line.contains("pkg-config --") {
        return None;
    }
    let value = |var: &str| {
        let at = line.find(var)? + var.len();
        let v: String = line[at..]
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '\\' && *c != '"')
            .collect();
        (!v.is_empty()).then_some(v)
    };
    value("PKG_CONFIG_LIBDIR=").or_else(|| value("PKG_CONFIG_SYSROOT_DIR=").filter(|v| v != "/"))
}

pub(super) fn build_script(block: &[Line], failed: bool) -> Option<BuildFailure> {
    let mut tool = None;
    let mut pkg_config = false;
    let mut pc_lib = None;
    // The dirs pkg-config-rs pointed pkg-config at, from the command line it prints; and
    // whether pkg-config then said the package is not in them.
    let mut pc_dirs: Option<String> = None;
    let mut pc_not_there = false;
    let mut openssl = false;
    let mut openssl_unset = 0;
    let mut target = None;
    let mut wrong_compiler: Option<String> = None;
    let mut missing_lib: Option<String> = None;
    let mut host_path: Option<String> = None;
    let mut cmake_unknown = false;
    let mut cmake_cc: Option<String> = None;
    let mut compiler = None;
    let mut variable = None;
    // Every compiler and flags variable cc-rs found set, in the order it printed them.
    let mut compiler_vars: Vec<(String, String)> = Vec::new();
    let mut flags_vars: Vec<(String, String)> = Vec::new();
    // The line of a missing header the compiler itself or the target's C library provides.
    let mut target_header: Option<String> = None;
    let mut passed_cc: Option<String> = None;
    let mut passed_cflags: Option<String> = None;
    for (i, l) in block.iter().enumerate() {
        let t = l.text.trim();
        // cc-rs passes the compiler's errors on as `cargo:warning=` lines, which cargo shows
        // as `warning: <pkg>@<version>: …` (or `warning: …` before 1.78).
        let t = t.strip_prefix("cargo:warning=").unwrap_or(t);
        let t = match t.strip_prefix("warning: ") {
            Some(rest) => match rest.split_once(": ") {
                Some((pkg, msg)) if pkg.contains('@') && !pkg.contains(' ') => msg,
                _ => rest,
            },
            None => t,
        };
        let hit = catalog::build_line(t);
        if let Some(hit) = &hit {
            let named = hit.named.clone();
            match hit.says {
                Says::OpensslNotFound => openssl = true,
                Says::PkgConfigCross => pkg_config = true,
                // A script that goes on to succeed prints it too: alone it says nothing.
                Says::ToolMissing if t.contains("family detection failed") && !failed => {}
                Says::ToolMissing => {
                    if tool.is_none() {
                        tool = Some(missing_tool(hit.tool, named));
                    }
                }
                Says::WrongCompiler => {
                    wrong_compiler = wrong_compiler.or_else(|| Some(t.to_string()));
                }
                Says::MissingLibrary
                    if named.as_deref().is_some_and(is_target_header)
                        && target_header.is_none() =>
                {
                    target_header = Some(t.to_string());
                }
                Says::MissingLibrary => missing_lib = missing_lib.or(named),
                Says::HostPath => host_path = host_path.or(named),
                // A missing linker is a failure of its own (`fragments`).
                Says::LinkerNotFound => {}
            }
        }
        // A crate's own signature of a host compiler (openssl-src's `unsupported ARM
        // architecture`) counts like the generic ones.
        if wrong_compiler.is_none() && sys_crates::signature(t).is_some() {
            wrong_compiler = Some(t.to_string());
        }
        if compiler.is_none() {
            compiler =
                compiler_run(t).or_else(|| sys_crates::openssl_configure(t).and_then(|c| c.cc));
        }
        // aws-lc-sys names the variable it read before copying it into CC_<target>, whose
        // cc-rs line would otherwise be taken for the source.
        if variable.is_none()
            && let Some((var, value)) = sys_crates::compiler_found(t)
        {
            variable = Some(var);
            compiler = Some(value);
        }
        if let Some(c) = caps(&CC_VARIABLE, t) {
            compiler_vars.push((c["var"].to_string(), c["val"].to_string()));
        }
        if let Some(c) = caps(&FLAGS_VARIABLE, t) {
            flags_vars.push((c["var"].to_string(), c["val"].to_string()));
        }
        if passed_cc.is_none()
            && let Some(c) = caps(&CC_ASSIGNED, t)
        {
            passed_cc = Some(c["cc"].to_string());
            passed_cflags = caps(&CFLAGS_ASSIGNED, t).map(|f| f["flags"].to_string());
        }
        // The target cc-rs says it builds for wins; a line about the build machine
        // (`HOST = Some(…)`, `HOST_CC`) names none.
        if let Some(spec) = super::log::cc_rs_target(t) {
            target = Some(spec);
        } else if target.is_none() && !t.starts_with("HOST") {
            target = targets_in(t).into_iter().next();
        }
        if tool.is_none() {
            tool = cmake_missing(block, i).or_else(|| cmake_id_not_run(block, i));
        }
        if OPENSSL_DIR_UNSET.is_match(t) {
            openssl_unset += 1;
        }
        if cmake_cc.is_none() {
            cmake_cc = t
                .split_once("-DCMAKE_C_COMPILER=")
                .and_then(|(_, r)| r.split(['"', ' ']).next())
                .filter(|c| !c.is_empty())
                .map(str::to_string);
        }
        cmake_unknown |= caps(&CMAKE_UNKNOWN, t).is_some();
        if let Some(c) = caps(&PKG_CONFIG_LIB, t) {
            pc_lib = Some(c["lib"].to_ascii_lowercase());
        }
        if pc_dirs.is_none() {
            pc_dirs = pointed_pc_dirs(t);
        }
        if let Some(at) = t.find(" was not found in the pkg-config search path") {
            pc_not_there = true;
            // pkg-config's own name of the package (`dbus-1`), over the variable's spelling.
            if let Some(name) = t[..at]
                .rsplit("Package ")
                .next()
                .filter(|n| !n.is_empty() && n.len() < 80 && !n.contains(char::is_whitespace))
            {
                pc_lib = Some(name.to_string());
            }
        }
    }
    // A failed openssl-sys with `<TARGET>_OPENSSL_DIR` and `OPENSSL_DIR` unset, and nothing
    // else said: the log stops before the panic, which can only be that one.
    if failed
        && openssl_unset >= 2
        && !pkg_config
        && tool.is_none()
        && wrong_compiler.is_none()
        && missing_lib.is_none()
    {
        openssl = true;
    }
    if tool.is_none() && cmake_unknown {
        tool = Some(cmake_cc.unwrap_or_else(|| "the C compiler cmake was given".into()));
    }
    // The variable cc-rs took the compiler from: the one whose value is the compiler it ran
    // (a C++ build script looks up CC and CXX both), else the first it found set.
    if variable.is_none() {
        let ran = compiler_vars
            .iter()
            .find(|(_, v)| compiler.as_deref().is_some_and(|c| same_program(v, c)))
            .or(compiler_vars.first());
        if let Some((var, val)) = ran {
            variable = Some(var.clone());
            compiler = compiler.or_else(|| Some(val.clone()));
        }
    }
    // A header of the compiler's own (`arm_neon.h`) or of the target's C library missing is
    // the compiler's hard error; `other` tells a compiler for another machine from the
    // target's own without its C library.
    let wrong_compiler = wrong_compiler.or(target_header);
    // The compiler a build script passed its build system by itself, when cc-rs said none.
    if compiler.is_none() {
        compiler = passed_cc;
    }
    let flags_from = wrong_compiler.as_deref().and_then(|e| {
        refused_flags_var(e, &flags_vars).or_else(|| {
            // Only the flags it passed on are in the log: a `-march` of another machine than
            // the target's there came from the global CFLAGS (the one such scripts append).
            let t = target?;
            foreign_march(passed_cflags.as_deref()?, t).then(|| "CFLAGS".to_string())
        })
    });
    // Every failure the output holds, then the primary one by `Says::rank` (ties: this order).
    let mut found: Vec<(u8, Failure)> = Vec::new();
    if openssl {
        found.push((Says::OpensslNotFound.rank(), Failure::Openssl));
    }
    match pc_dirs {
        // Looked up where it was told, for the target: what is missing is the library.
        Some(dirs) if pkg_config && pc_not_there => found.push((
            Says::MissingLibrary.rank(),
            Failure::PcMissing { lib: pc_lib, dirs },
        )),
        _ if pkg_config => found.push((
            Says::PkgConfigCross.rank(),
            Failure::PkgConfig { lib: pc_lib },
        )),
        _ => {}
    }
    if let Some(tool) = tool {
        found.push((Says::ToolMissing.rank(), Failure::ToolMissing { tool }));
    }
    if let Some(evidence) = wrong_compiler {
        found.push((
            Says::WrongCompiler.rank(),
            Failure::WrongCompiler {
                evidence,
                compiler,
                variable,
                flags_from,
            },
        ));
    }
    if let Some(lib) = missing_lib {
        found.push((Says::MissingLibrary.rank(), Failure::MissingLibrary { lib }));
    }
    if let Some(path) = host_path {
        found.push((Says::HostPath.rank(), Failure::HostPath { path }));
    }
    // Stable: equal ranks keep the order above.
    found.sort_by_key(|(rank, _)| *rank);
    let mut found = found.into_iter().map(|(_, f)| f);
    let what = found.next()?;
    Some(BuildFailure {
        what,
        package: None,
        target,
        source: None,
        outranked: found.collect(),
    })
}

/// Headers only the compiler for the target's machine (its intrinsics) or the target's C
/// library provides: missing, the compiler is for another machine or has no C library for
/// the target, never a library the crate needs from the system.
pub(super) fn is_target_header(header: &str) -> bool {
    let name = header.rsplit('/').next().unwrap_or(header);
    let intrinsics = name.ends_with("intrin.h")
        || name.starts_with("arm_")
        || name.starts_with("riscv_")
        || matches!(name, "altivec.h" | "msa.h" | "lsxintrin.h" | "vecintrin.h");
    intrinsics || is_libc_header(header)
}

/// A header of the C library (glibc's, musl's) or of the kernel headers it ships with.
pub(super) fn is_libc_header(header: &str) -> bool {
    const LIBC: &[&str] = &[
        "assert.h",
        "ctype.h",
        "errno.h",
        "fcntl.h",
        "features.h",
        "inttypes.h",
        "limits.h",
        "locale.h",
        "math.h",
        "pthread.h",
        "setjmp.h",
        "signal.h",
        "stdio.h",
        "stdlib.h",
        "string.h",
        "strings.h",
        "time.h",
        "unistd.h",
        "wchar.h",
        "stdint.h",
        "dlfcn.h",
    ];
    ["bits/", "gnu/", "sys/", "asm/", "linux/"]
        .iter()
        .any(|d| header.starts_with(d))
        || LIBC.contains(&header)
}

/// Flags that name a CPU of another machine than the target's (`-march=x86-64-v2` for arm).
fn foreign_march(flags: &str, target: &crate::target::TargetSpec) -> bool {
    use crate::artifacts::machine::family;
    flags
        .split_whitespace()
        .filter_map(|w| w.strip_prefix("-march="))
        .filter_map(march_machine)
        .any(|a| family(a) != family(target.arch))
}

/// The machine a `-march=` value is for, when only one machine has it (`armv8-a` is an
/// aarch64 and an arm value both).
fn march_machine(value: &str) -> Option<&'static str> {
    let v = value.to_ascii_lowercase();
    let x86 = [
        "x86-64",
        "haswell",
        "skylake",
        "znver",
        "nehalem",
        "sandybridge",
        "ivybridge",
        "broadwell",
        "core2",
        "icelake",
        "alderlake",
        "native",
    ];
    if x86.iter().any(|p| v.starts_with(p)) {
        // `native` is the build machine's CPU: another machine's in a cross build.
        return Some("x86_64");
    }
    if v.starts_with("i386")
        || v.starts_with("i486")
        || v.starts_with("i586")
        || v.starts_with("i686")
        || v.starts_with("pentium")
    {
        return Some("x86");
    }
    if v.starts_with("armv9") {
        return Some("aarch64");
    }
    if ["armv4", "armv5", "armv6", "armv7"]
        .iter()
        .any(|p| v.starts_with(p))
    {
        return Some("arm");
    }
    if v.starts_with("rv64") {
        return Some("riscv64");
    }
    if v.starts_with("rv32") {
        return Some("riscv32");
    }
    None
}

/// One program named two ways: `gcc` and `/usr/bin/gcc`, `"g++"` and `g++`.
fn same_program(a: &str, b: &str) -> bool {
    let name = |s: &str| {
        let first = s.split_whitespace().next().unwrap_or(s).trim_matches('"');
        first
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(first)
            .to_string()
    };
    name(a) == name(b)
}

/// The flags variable whose value holds the option (or the option's value) a compiler's
/// error quotes: `unknown value 'x86-64-v2' for '-march'` with `CFLAGS = Some(-march=x86-64-v2)`
/// is `CFLAGS`. The last one set wins, as cc-rs appends them in its lookup order.
fn refused_flags_var(evidence: &str, vars: &[(String, String)]) -> Option<String> {
    let mut quoted = quoted_words(evidence);
    // The ARM driver names the value unquoted: `unrecognized -march target: x86-64-v2`.
    if let Some((_, rest)) = evidence.split_once(" target: ")
        && let Some(v) = rest.split_whitespace().next()
    {
        quoted.push(v.to_string());
    }
    if quoted.is_empty() {
        return None;
    }
    vars.iter()
        .rev()
        .find(|(_, value)| {
            value.split_whitespace().any(|w| {
                quoted.iter().any(|q| {
                    w == q
                        || (!q.starts_with('-')
                            && w.starts_with('-')
                            && w.ends_with(&format!("={q}")))
                })
            })
        })
        .map(|(var, _)| var.clone())
}

/// What a compiler's message quotes: `‘x’`, `'x'`, `` `x' ``.
fn quoted_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(['‘', '\'', '`']) {
        let open = rest[start..].chars().next().map_or(1, char::len_utf8);
        let after = &rest[start + open..];
        let Some(end) = after.find(['’', '\'']) else {
            break;
        };
        let word = after[..end].trim_end_matches('=');
        if !word.is_empty() && !word.contains(' ') {
            out.push(word.to_string());
        }
        let close = after[end..].chars().next().map_or(1, char::len_utf8);
        rest = &after[end + close..];
    }
    out
}

/// The tool a missing-tool line names, or what it stands for: cmake's `No CMAKE_C_COMPILER
/// could be found` names a language, autoconf's `no acceptable C compiler` nothing.
fn missing_tool(by: Tool, named: Option<String>) -> String {
    match (by, named) {
        (Tool::Cmake, Some(var)) if var.starts_with("CMAKE_") => {
            format!("{var} (CMake found none: {var}-NOTFOUND)")
        }
        (Tool::Cmake, Some(lang)) => format!(
            "a {} compiler (CMAKE_{lang}_COMPILER)",
            if lang == "CXX" { "C++" } else { lang.as_str() }
        ),
        (_, Some(tool)) => tool,
        (Tool::Autoconf, None) => "the C compiler configure looked for (--host's)".into(),
        (_, None) => "a C compiler".into(),
    }
}

/// The compiler cc-rs ran: `running: "gcc" "-O0" …` (newer cc-rs puts `env -u … LC_ALL="C"`
/// first), `Command "gcc" "-O0" … did not execute successfully`.
fn compiler_run(t: &str) -> Option<String> {
    let at = t
        .find("running:")
        .or_else(|| t.find("Command \""))
        .or_else(|| t.find("did not execute successfully"))?;
    t[at..]
        .split('"')
        .skip(1)
        .step_by(2)
        .find(|w| is_compiler(w))
        .map(str::to_string)
}

fn is_compiler(word: &str) -> bool {
    let name = word.rsplit(['/', '\\']).next().unwrap_or(word);
    let name = name.strip_suffix(".exe").unwrap_or(name);
    let name = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    let name = name.strip_suffix('-').unwrap_or(name);
    ["gcc", "cc", "clang", "g++", "c++", "clang++"]
        .iter()
        .any(|c| name == *c || name.ends_with(&format!("-{c}")))
}

/// cmake: `The CMAKE_C_COMPILER:` / `mips-linux-musl-gcc` / `is not a full path and was not
/// found in the PATH.`
///
/// When a log lost the compiler's line, the compiler is named by its variable.
fn cmake_missing(block: &[Line], at: usize) -> Option<String> {
    let which = caps(&CMAKE_COMPILER, &block[at].text)?;
    let lang = which.get(1).map_or("C", |m| m.as_str()).to_string();
    // What a wrapper put before cmake's first line (VS Code's `[cmake]`) it puts before the
    // next ones too.
    let deco = block[at].text[..which.get(0).map_or(0, |m| m.start())].trim();
    let mut rest = cmake_lines(&block[at + 1..], deco);
    let first = rest.next()?;
    // The phrase anywhere in the line, and the compiler as the line's last word: whatever a
    // log put in front of cmake's lines stays out of both.
    let missing = |t: &str| {
        t.contains("is not a full path and was not found in the PATH")
            || t.contains("is not a full path to an existing compiler tool")
    };
    if missing(first) {
        return Some(format!("the {lang} compiler (CMAKE_{lang}_COMPILER)"));
    }
    let compiler = first.split_whitespace().next_back()?;
    missing(rest.next()?).then(|| compiler.to_string())
}

/// The lines after one of cmake's, without the decoration found before that one, blank ones
/// skipped.
fn cmake_lines<'a>(block: &'a [Line], deco: &'a str) -> impl Iterator<Item = &'a str> {
    block
        .iter()
        .map(move |l| {
            let t = super::fragments::undecorate(&l.text).trim();
            match t.strip_prefix(deco) {
                Some(r) if !deco.is_empty() => r.trim(),
                _ => t,
            }
        })
        .filter(|t| !t.is_empty())
}

/// cmake could not run the compiler it was given to identify it: `Compiling the CXX compiler
/// identification source file "CMakeCXXCompilerId.cpp" failed.` / `Compiler: x-g++` / … /
/// `The output was:` / `No such file or directory` (execute_process's error for a program it
/// could not start; Modules/CMakeDetermineCompilerId.cmake prints the result after `The
/// output was:`).
fn cmake_id_not_run(block: &[Line], at: usize) -> Option<String> {
    let found = caps(&CMAKE_ID_FAILED, &block[at].text)?;
    let deco = block[at].text[..found.get(0).map_or(0, |m| m.start())].trim();
    let mut compiler = None;
    let mut lines = cmake_lines(&block[at + 1..], deco).take(8);
    while let Some(t) = lines.next() {
        if let Some(c) = t.strip_prefix("Compiler:") {
            compiler = c.split_whitespace().next().map(str::to_string);
        } else if t == "The output was:" {
            return lines
                .next()
                .filter(|r| r.eq_ignore_ascii_case("No such file or directory"))
                .and(compiler);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<Line> {
        s.lines().map(Line::plain).collect()
    }

    #[test]
    fn wrapped_path_is_joined() {
        let l = lines(
            "error: linking with `cc` failed: exit status: 1\n  |\n  = note: \"cc\" \"/t/a.o\"\n  = note: /usr/bin/ld: /t/target/mips-unknown-linux-musl/debug/deps/libzstd_sys-dd32141504\n32b8.rlib: error adding symbols: file in wrong format\n          collect2: error: ld returned 1 exit status\n\nerror: could not compile `app` (bin \"app\")",
        );
        let mut log = Log::default();
        read(&l, &mut log, usize::MAX);
        assert_eq!(log.links.len(), 1);
        let f = &log.links[0];
        assert_eq!(f.package.as_deref(), Some("app"));
        assert!(
            f.stderr[0]
                .ends_with("dd3214150432b8.rlib: error adding symbols: file in wrong format")
        );
        assert_eq!(f.stderr[1], "collect2: error: ld returned 1 exit status");
        assert_eq!(f.command.as_ref().unwrap().linker, "cc");
    }

    #[test]
    fn cmake_tool_behind_a_viewers_prefix() {
        let l = lines(
            "[        ]              The CMAKE_C_COMPILER:\n[        ]                aarch64-linux-gnu-gcc\n[        ]              is not a full path and was not found in the PATH.",
        );
        let f = build_script(&l, true).unwrap();
        assert_eq!(
            f.what,
            Failure::ToolMissing {
                tool: "aarch64-linux-gnu-gcc".into()
            }
        );
    }

    #[test]
    fn cmake_tool_behind_a_decoration_on_its_own_lines() {
        let l = lines(
            "[cmake]   The CMAKE_C_COMPILER:\n[cmake] \n[cmake]     msp430-gcc\n[cmake] \n[cmake]   is not a full path and was not found in the PATH.",
        );
        let f = build_script(&l, false).unwrap();
        assert_eq!(
            f.what,
            Failure::ToolMissing {
                tool: "msp430-gcc".into()
            }
        );
    }

    #[test]
    fn cmake_could_not_run_the_compiler() {
        let l = lines(
            "Compiling the C compiler identification source file \"CMakeCCompilerId.c\" failed.\nCompiler: arm-none-eabi-gcc \nBuild flags: \nId flags:  \n\nThe output was:\nNo such file or directory",
        );
        let f = build_script(&l, false).unwrap();
        assert_eq!(
            f.what,
            Failure::ToolMissing {
                tool: "arm-none-eabi-gcc".into()
            }
        );
        // It ran, and failed: not a missing compiler.
        let ran = lines(
            "Compiling the C compiler identification source file \"CMakeCCompilerId.c\" failed.\nCompiler: arm-none-eabi-gcc \n\nThe output was:\n1\nsomething else",
        );
        assert!(build_script(&ran, false).is_none());
    }

    #[test]
    fn openssl_sys_with_every_directory_unset() {
        let out = "  --- stdout\n  cargo:rerun-if-env-changed=ARMV7_UNKNOWN_LINUX_GNUEABIHF_OPENSSL_DIR\n  ARMV7_UNKNOWN_LINUX_GNUEABIHF_OPENSSL_DIR unset\n  cargo:rerun-if-env-changed=OPENSSL_DIR\n  OPENSSL_DIR unset";
        let f = build_script(&lines(out), true).unwrap();
        assert_eq!(f.what, Failure::Openssl);
        // A script that did not fail said nothing by it.
        assert!(build_script(&lines(out), false).is_none());
        // One of them set: openssl-sys looked there.
        let set = "  ARMV7_UNKNOWN_LINUX_GNUEABIHF_OPENSSL_DIR unset\n  OPENSSL_DIR = /opt/ssl";
        assert!(build_script(&lines(set), true).is_none());
    }

    #[test]
    fn cmake_tool() {
        let l = lines(
            "  The CMAKE_C_COMPILER:\n\n    mips-linux-musl-gcc\n\n  is not a full path and was not found in the PATH.",
        );
        let f = build_script(&l, true).unwrap();
        assert_eq!(
            f.what,
            Failure::ToolMissing {
                tool: "mips-linux-musl-gcc".into()
            }
        );
    }
}
