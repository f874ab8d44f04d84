//! A compiler's stderr, read for what stopped it: a missing header, a missing startup
//! file or runtime library at the link, a refused flag. The compiler runs in the C locale
//! (`verify`), so these are gcc's, clang's, ld's and lld's English words.

use super::{Failure, Step};

/// The typed failure a compiler's stderr (C locale) shows; `step` when nothing says more.
pub fn classify(stderr: &str, step: Step) -> Failure {
    for line in stderr.lines() {
        let l = line.trim();
        if let Some(header) = missing_header(l) {
            return Failure::HeadersMissing {
                header,
                line: l.to_string(),
            };
        }
        if let Some(file) = missing_runtime(l) {
            return Failure::LibcMissing {
                file,
                line: l.to_string(),
            };
        }
        if let Some(flag) = refused_flag(l) {
            return Failure::FlagRefused {
                step,
                flag,
                line: l.to_string(),
            };
        }
    }
    // The driver's own summary (`linker command failed`, `ld returned 1 exit status`) says
    // less than the line before it.
    let summary = |l: &&str| l.contains("linker command failed") || l.contains("ld returned");
    let first = stderr
        .lines()
        .find(|l| l.contains("error") && !summary(l))
        .or_else(|| stderr.lines().find(|l| !l.trim().is_empty() && !summary(l)))
        .or_else(|| stderr.lines().find(|l| !l.trim().is_empty()))
        .unwrap_or("no message")
        .trim();
    Failure::Failed {
        step,
        line: first.to_string(),
    }
}

/// gcc: `fatal error: stdio.h: No such file or directory`; clang: `fatal error: 'stdio.h'
/// file not found`.
fn missing_header(l: &str) -> Option<String> {
    let rest = &l[l.find("fatal error: ")? + "fatal error: ".len()..];
    if let Some(h) = rest.strip_suffix(": No such file or directory") {
        return Some(unquote(h));
    }
    let h = rest.strip_suffix(" file not found")?;
    Some(unquote(h))
}

/// ld: `cannot find Scrt1.o: No such file or directory`, `cannot find -lc`; lld: `cannot
/// open crt1.o`, `unable to find library -lc`.
fn missing_runtime(l: &str) -> Option<String> {
    for marker in ["cannot find ", "cannot open ", "unable to find library "] {
        let Some(i) = l.find(marker) else {
            continue;
        };
        let what = l[i + marker.len()..]
            .split(|c: char| c == ':' || c.is_whitespace())
            .next()
            .map(unquote)?;
        let crt = what.ends_with(".o")
            && (what.starts_with("crt")
                || what.ends_with("crt1.o")
                || what.ends_with("crti.o")
                || what.ends_with("crtn.o"));
        let runtime = matches!(
            what.as_str(),
            "-lc" | "-lm" | "-lgcc" | "-lgcc_s" | "-lstdc++" | "-lc++" | "-lpthread" | "-ldl"
        );
        if crt || runtime {
            return Some(what);
        }
    }
    None
}

/// gcc: `unrecognized command-line option '-mfpu=neon'`, `unknown value 'x' for '-march'`,
/// `bad value 'x' for '-march=' switch`, `unrecognized argument in option '-mabi=x'`;
/// clang: `unknown argument: '-mfoo'`, `unsupported option '-mfpu=' for target`, `unknown
/// target CPU 'x'`.
fn refused_flag(l: &str) -> Option<String> {
    let quoted = quoted_words(l);
    if l.contains("unrecognized command-line option")
        || l.contains("unrecognized command line option")
        || l.contains("unknown argument")
        || l.contains("unrecognized argument in option")
        || l.contains("unsupported option")
    {
        return quoted.first().cloned();
    }
    if (l.contains("unknown value") || l.contains("bad value")) && quoted.len() >= 2 {
        let opt = quoted[1].trim_end_matches('=');
        return Some(format!("{opt}={}", quoted[0]));
    }
    if l.contains("unknown target CPU") {
        return quoted.first().map(|c| format!("-mcpu={c}"));
    }
    None
}

fn quoted_words(l: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = l;
    while let Some(i) = rest.find(['\'', '‘', '`']) {
        let after = &rest[i + rest[i..].chars().next().map_or(1, char::len_utf8)..];
        let Some(j) = after.find(['\'', '’']) else {
            break;
        };
        out.push(after[..j].to_string());
        rest = &after[j + after[j..].chars().next().map_or(1, char::len_utf8)..];
    }
    out
}

fn unquote(s: &str) -> String {
    s.trim()
        .trim_matches(|c| matches!(c, '\'' | '"' | '‘' | '’' | '`'))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiler_messages_are_typed() {
        let f = classify(
            "In file included from p.c:1:\n/usr/mips-linux-gnu/include/gnu/stubs.h:8:11: fatal error: gnu/stubs-o32_soft.h: No such file or directory\ncompilation terminated.\n",
            Step::Compile,
        );
        assert!(
            matches!(&f, Failure::HeadersMissing { header, .. } if header == "gnu/stubs-o32_soft.h"),
            "{f:?}"
        );
        let f = classify(
            "p.c:1:10: fatal error: 'stdio.h' file not found\n",
            Step::Compile,
        );
        assert!(matches!(&f, Failure::HeadersMissing { header, .. } if header == "stdio.h"));
        for (line, file) in [
            (
                "/usr/bin/aarch64-linux-gnu-ld: cannot find Scrt1.o: No such file or directory",
                "Scrt1.o",
            ),
            (
                "ld: cannot find crti.o: No such file or directory",
                "crti.o",
            ),
            (
                "/usr/bin/ld: cannot find -lc: No such file or directory",
                "-lc",
            ),
            ("ld: cannot find -lstdc++", "-lstdc++"),
            (
                "ld.lld: error: cannot open crt1.o: No such file or directory",
                "crt1.o",
            ),
            ("ld.lld: error: unable to find library -lc", "-lc"),
        ] {
            let f = classify(line, Step::Link);
            assert!(
                matches!(&f, Failure::LibcMissing { file: x, .. } if x == file),
                "{line}: {f:?}"
            );
        }
        // Another library missing is not the C library.
        assert!(matches!(
            classify(
                "ld: cannot find -lssl: No such file or directory",
                Step::Link
            ),
            Failure::Failed {
                step: Step::Link,
                ..
            }
        ));
        for (line, flag) in [
            (
                "aarch64-linux-gnu-gcc: error: unrecognized command-line option '-mfpu=neon'",
                "-mfpu=neon",
            ),
            (
                "aarch64-linux-gnu-gcc: error: unrecognized command-line option ‘-mfpu=neon’",
                "-mfpu=neon",
            ),
            (
                "cc1: error: unknown value 'x86-64-v2' for '-march'",
                "-march=x86-64-v2",
            ),
            (
                "cc1: error: bad value 'x86-64-v9' for '-march=' switch",
                "-march=x86-64-v9",
            ),
            ("clang: error: unknown argument: '-mfoo'", "-mfoo"),
            ("error: unknown target CPU 'cortex-z9'", "-mcpu=cortex-z9"),
        ] {
            let f = classify(line, Step::Compile);
            assert!(
                matches!(&f, Failure::FlagRefused { flag: x, .. } if x == flag),
                "{line}: {f:?}"
            );
        }
        let f = classify(
            "/usr/bin/ld: unrecognised emulation mode: aarch64linux\nclang: error: linker command failed with exit code 1\n",
            Step::Link,
        );
        assert_eq!(
            f,
            Failure::Failed {
                step: Step::Link,
                line: "/usr/bin/ld: unrecognised emulation mode: aarch64linux".into()
            }
        );
        let f = classify("p.c:3: error: expected ';'\n", Step::CompileLibc);
        assert_eq!(
            f,
            Failure::Failed {
                step: Step::CompileLibc,
                line: "p.c:3: error: expected ';'".into()
            }
        );
    }
}
