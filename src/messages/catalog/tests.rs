//! Every row of the catalog: its pattern compiles, matches its fixture, holds its anchor, and
//! the parser gives the row's meaning for the fixture. (That the fixture alone gives the row's
//! finding kind is tested in `annotate`, which makes findings.)

use super::super::{parse, pattern, strip_severity, strip_tool};
use super::*;

fn label(row: &Row) -> String {
    format!("{:?} row `{}`", row.tool, row.pattern)
}

#[test]
fn every_row_compiles() {
    for row in link_rows() {
        assert!(pattern::build(row.pattern, true).is_ok(), "{}", label(row));
    }
    for row in build_rows() {
        assert!(pattern::build(row.pattern, false).is_ok(), "{}", label(row));
    }
    assert!(LINK_SET.is_some() && BUILD_SET.is_some());
    assert_eq!(LINK_REGEXES.len(), link_rows().count());
    assert!(LINK_REGEXES.iter().all(Option::is_some));
    assert!(BUILD_REGEXES.iter().all(Option::is_some));
}

#[test]
fn every_row_says_where_it_was_read() {
    for row in rows() {
        assert!(
            !row.read.repo.is_empty() && !row.read.path.is_empty() && !row.read.at.is_empty(),
            "{}",
            label(row)
        );
        assert!(!row.fixture.is_empty(), "{}", label(row));
    }
}

/// The anchor is how a line is found at all: it must be lower case (lines are searched in
/// ASCII lower case) and in every line the row reads, its fixture first.
#[test]
fn every_row_holds_its_anchor() {
    for row in rows() {
        assert!(!row.anchor.is_empty(), "{}", label(row));
        assert_eq!(
            row.anchor,
            row.anchor.to_ascii_lowercase(),
            "anchor of {} is not lower case",
            label(row)
        );
        assert!(
            row.fixture.to_ascii_lowercase().contains(row.anchor),
            "{}: fixture lacks its anchor `{}`",
            label(row),
            row.anchor
        );
    }
}

#[test]
fn every_link_row_matches_its_fixture_and_gives_its_shape() {
    let regexes: &[Option<Regex>] = &LINK_REGEXES;
    for (i, row) in link_rows().enumerate() {
        let Means::Link(shape) = row.means else {
            panic!("{} is in a linker table but reads a build step", label(row));
        };
        let (_, rest) = strip_tool(row.fixture);
        let (_, body) = strip_severity(rest.trim_start());
        assert!(
            regexes[i].as_ref().is_some_and(|r| r.is_match(body)),
            "{} does not match its fixture's body `{body}`",
            label(row)
        );
        let messages = parse(row.fixture.as_bytes());
        let first = messages
            .first()
            .unwrap_or_else(|| panic!("{}: nothing parsed from its fixture", label(row)));
        assert_eq!(
            super::super::Shape::of(&first.kind),
            shape,
            "{}: the fixture parses as {:?}",
            label(row),
            first.kind
        );
        assert_eq!(first.family, row.tool.family(), "{}", label(row));
    }
}

#[test]
fn every_build_row_matches_its_fixture_and_says_its_meaning() {
    let regexes: &[Option<Regex>] = &BUILD_REGEXES;
    for (i, row) in build_rows().enumerate() {
        let Means::Build(says) = row.means else {
            panic!("{} is in a build table but reads a linker", label(row));
        };
        assert!(
            regexes[i].as_ref().is_some_and(|r| r.is_match(row.fixture)),
            "{} does not match its fixture",
            label(row)
        );
        let hit = build_line(row.fixture)
            .unwrap_or_else(|| panic!("{}: build_line reads nothing", label(row)));
        assert_eq!(hit.says, says, "{}: read as {hit:?}", label(row));
    }
}

/// Files and members come out whole from the general shapes, whatever the reason or the
/// language: the file of `error adding symbols:` stops before it.
#[test]
fn files_come_out_whole() {
    let file = |line: &str| {
        let m = &parse(line.as_bytes())[0];
        (
            m.file.as_ref().map(|f| f.display().to_string()),
            m.member.clone(),
        )
    };
    assert_eq!(
        file(
            "ld: /t/deps/libfoo_sys-0123456789abcdef.rlib: error adding symbols: file format not recognized"
        ),
        (
            Some("/t/deps/libfoo_sys-0123456789abcdef.rlib".into()),
            None
        )
    );
    assert_eq!(
        file("ld: /t/libfoo.a(x.o): error adding symbols: file in wrong format"),
        (Some("/t/libfoo.a".into()), Some("x.o".into()))
    );
    assert_eq!(
        file(
            "rust-lld: warning: /t/liblua.rlib: archive member 'onelua.o' is neither Wasm object file nor LLVM bitcode"
        ),
        (Some("/t/liblua.rlib".into()), Some("onelua.o".into()))
    );
    assert_eq!(
        file("ld: /t/libz.rlib: 无法添加符号: 文件格式错误"),
        (Some("/t/libz.rlib".into()), None)
    );
    // A DSO the link does not name, or a relocation bfd could not apply, is no file of the
    // wrong format.
    assert!(
        parse(b"ld: /lib/libatomic.so.1: error adding symbols: DSO missing from command line")
            .is_empty()
    );
    assert!(parse(b"ld: /t/libfoo.a(x.o): error adding symbols: bad value").is_empty());
}

/// Whatever stands before the linker's name is decoration, whatever it is.
#[test]
fn decorations_before_the_tool_are_ignored() {
    for line in [
        "[13:45:12] /usr/bin/ld: cannot find -lssl",
        "2026-12-08T10:00:00.000Z ##[error] /usr/bin/ld: cannot find -lssl",
        "#12 3.456 | build-x86 | /usr/bin/ld: cannot find -lssl",
        "  = note: /usr/bin/ld: cannot find -lssl",
        "some-job> /usr/bin/ld: cannot find -lssl",
    ] {
        let m = parse(line.as_bytes());
        assert_eq!(
            m.first().map(|m| m.kind.clone()),
            Some(super::super::MessageKind::MissingLibrary { lib: "ssl".into() }),
            "{line}"
        );
    }
}

#[test]
fn build_lines_name_what_they_miss() {
    let named = |l: &str| build_line(l).and_then(|h| h.named);
    assert_eq!(
        named("/bin/sh: 1: aarch64-linux-gnu-gcc: not found").as_deref(),
        Some("aarch64-linux-gnu-gcc")
    );
    assert_eq!(
        named("  error occurred in cc-rs: failed to find tool \"x86_64-linux-musl-gcc\": No such file or directory (os error 2)").as_deref(),
        Some("x86_64-linux-musl-gcc")
    );
    assert_eq!(
        named("collect2: fatal error: cannot find 'ld'").as_deref(),
        Some("ld")
    );
    assert_eq!(build_line("all tests passed"), None);
}

#[test]
fn anchors_are_few_and_distinct() {
    let a = anchors();
    let mut sorted = a.clone();
    sorted.dedup();
    assert_eq!(a, sorted);
    assert!(a.len() < rows().count(), "{} anchors", a.len());
}
