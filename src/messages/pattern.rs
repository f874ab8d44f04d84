//! Every regular expression of xlinkdiag is built here, by [`build`] and [`build_set`]: a
//! [`Pattern`] constant for one regex, a catalog row's pattern, a keyword alternation.
//!
//! A pattern is compiled on first use. One that does not compile matches nothing rather than
//! panic (a log must never crash the tool), so that case is ruled out by tests instead: a test
//! here reads every `.rs` file under `src/`, checks that no other file calls a `regex`
//! constructor, and compiles the literal of every `Pattern::new`/`Pattern::case_insensitive`
//! it finds; the catalog's test compiles every row, and the modules that join patterns
//! (keywords, row sets) build theirs in a test of their own.

use std::sync::OnceLock;

use regex::{Captures, Match, Regex, RegexBuilder, RegexSet, RegexSetBuilder};

/// A compiled program may not grow past this: patterns here are lines' shapes, not grammars.
const SIZE_LIMIT: usize = 32 * 1024 * 1024;

/// One constant regex, compiled once when first used.
pub struct Pattern {
    source: &'static str,
    case_insensitive: bool,
    compiled: OnceLock<Option<Regex>>,
}

impl Pattern {
    pub const fn new(source: &'static str) -> Pattern {
        Pattern {
            source,
            case_insensitive: false,
            compiled: OnceLock::new(),
        }
    }

    /// Matching in any case: tools' wording changed case over the years, and pasted logs
    /// change it too.
    pub const fn case_insensitive(source: &'static str) -> Pattern {
        Pattern {
            source,
            case_insensitive: true,
            compiled: OnceLock::new(),
        }
    }

    pub fn source(&self) -> &'static str {
        self.source
    }

    /// The regex; `None` only for a pattern that does not compile, which the tests rule out.
    pub fn regex(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| build(self.source, self.case_insensitive).ok())
            .as_ref()
    }

    pub fn captures<'t>(&self, text: &'t str) -> Option<Captures<'t>> {
        self.regex()?.captures(text)
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.regex().is_some_and(|r| r.is_match(text))
    }

    pub fn find<'t>(&self, text: &'t str) -> Option<Match<'t>> {
        self.regex()?.find(text)
    }
}

/// The one place a regex is built.
pub fn build(source: &str, case_insensitive: bool) -> Result<Regex, regex::Error> {
    RegexBuilder::new(source)
        .case_insensitive(case_insensitive)
        .size_limit(SIZE_LIMIT)
        .build()
}

/// The one place a regex set is built: which of many patterns match, in one pass.
pub fn build_set<'a>(
    sources: impl IntoIterator<Item = &'a str>,
    case_insensitive: bool,
) -> Result<RegexSet, regex::Error> {
    RegexSetBuilder::new(sources)
        .case_insensitive(case_insensitive)
        .size_limit(SIZE_LIMIT)
        .build()
}

/// An alternation of literal words, found anywhere in a text: `words` are escaped.
pub fn build_words<'a>(words: impl IntoIterator<Item = &'a str>) -> Result<Regex, regex::Error> {
    let alternatives: Vec<String> = words.into_iter().map(regex::escape).collect();
    build(&alternatives.join("|"), false)
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// The string literal at the start of `text` (`"…"`, `r"…"`, `r#"…"#`), as its value.
    fn literal(text: &str) -> Option<String> {
        let text = text.trim_start();
        if let Some(raw) = text.strip_prefix('r') {
            let hashes = raw.len() - raw.trim_start_matches('#').len();
            let body = raw[hashes..].strip_prefix('"')?;
            let end = body.find(&format!("\"{}", "#".repeat(hashes)))?;
            return Some(body[..end].to_string());
        }
        let body = text.strip_prefix('"')?;
        let mut out = String::new();
        let mut chars = body.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => return Some(out),
                '\\' => match chars.next()? {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    '\\' => out.push('\\'),
                    '"' => out.push('"'),
                    '\'' => out.push('\''),
                    '\n' => {
                        while chars.as_str().starts_with(char::is_whitespace) {
                            chars.next();
                        }
                    }
                    other => {
                        out.push('\\');
                        out.push(other);
                    }
                },
                c => out.push(c),
            }
        }
        None
    }

    /// Every regex of `src/` is built here: no other file calls a `regex` constructor, and
    /// every `Pattern` literal compiles.
    #[test]
    fn every_pattern_in_src_compiles() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let this = src.join("messages").join("pattern.rs");
        let constructors = [
            ["Regex", "::new("].concat(),
            ["RegexBuilder", "::new("].concat(),
            ["RegexSet", "::new("].concat(),
            ["RegexSetBuilder", "::new("].concat(),
        ];
        let mut compiled = 0;
        for file in &files {
            let mut text = std::fs::read_to_string(file).unwrap();
            // This file's own tests build a broken pattern on purpose.
            if *file == this
                && let Some(at) = text.find("#[cfg(test)]")
            {
                text.truncate(at);
            }
            if *file != this {
                for c in &constructors {
                    assert!(
                        !text.contains(c.as_str()),
                        "{} builds a regex itself ({c}): use messages::pattern",
                        file.display()
                    );
                }
            }
            for (ctor, ci) in [
                (["Pattern", "::new("].concat(), false),
                (["Pattern", "::case_insensitive("].concat(), true),
            ] {
                for (at, _) in text.match_indices(ctor.as_str()) {
                    let rest = &text[at + ctor.len()..];
                    // The constructors' own definitions take a parameter, not a literal.
                    if rest.starts_with("source") {
                        continue;
                    }
                    let source = literal(rest).unwrap_or_else(|| {
                        panic!("{}: a Pattern's source must be a literal", file.display())
                    });
                    if let Err(e) = build(&source, ci) {
                        panic!("{}: {source}\n{e}", file.display());
                    }
                    compiled += 1;
                }
            }
        }
        assert!(compiled > 20, "only {compiled} patterns found in src/");
    }

    #[test]
    fn literals_are_read_as_rust_reads_them() {
        assert_eq!(literal(r#"r"a\d" x"#).as_deref(), Some(r"a\d"));
        assert_eq!(literal(r###"r#"a"b"# x"###).as_deref(), Some(r#"a"b"#));
        assert_eq!(literal(r#""a\"b\\d""#).as_deref(), Some(r#"a"b\d"#));
        assert_eq!(literal("x"), None);
    }

    #[test]
    fn a_broken_pattern_matches_nothing() {
        static BROKEN: Pattern = Pattern::new("(unclosed");
        assert!(BROKEN.regex().is_none());
        assert!(!BROKEN.is_match("(unclosed"));
        static CI: Pattern = Pattern::case_insensitive("file in wrong format");
        assert!(CI.is_match("File in wrong format"));
    }
}
