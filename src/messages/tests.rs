//! Every table row against the captured stderr in `tests/fixtures/stderr/<linker>/<case>.txt`.

use std::path::{Path, PathBuf};

use super::MessageKind::*;
use super::*;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stderr")
}

fn fixture(name: &str) -> Vec<u8> {
    let path = fixtures_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn all_fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in std::fs::read_dir(fixtures_dir()).unwrap() {
        let dir = dir.unwrap().path();
        if dir.is_dir() {
            for file in std::fs::read_dir(&dir).unwrap() {
                let file = file.unwrap().path();
                if file.extension().is_some_and(|e| e == "txt") {
                    files.push(file);
                }
            }
        }
    }
    files.sort();
    files
}

/// (kind, file, member) of every message, with the family checked on the way.
fn summary(name: &str, family: Family) -> Vec<(MessageKind, Option<String>, Option<String>)> {
    parse(&fixture(name))
        .into_iter()
        .map(|m| {
            assert_eq!(m.family, family, "{name}: {}", m.text);
            (m.kind, m.file.map(|f| f.display().to_string()), m.member)
        })
        .collect()
}

fn f(s: &str) -> Option<String> {
    Some(s.to_owned())
}

fn mc(found: &str, expected: &str) -> MessageKind {
    MachineConflict {
        found: found.into(),
        expected: Some(expected.into()),
    }
}

#[test]
fn every_fixture_says_something() {
    for file in all_fixtures() {
        let messages = parse(&std::fs::read(&file).unwrap());
        assert!(!messages.is_empty(), "{}", file.display());
    }
}

#[test]
fn bfd() {
    let g = Family::GnuBfd;
    assert_eq!(
        summary("bfd/wrong-format.txt", g),
        vec![
            (ForeignElfMachine { machine: 62 }, f("x86_64.o"), None),
            (WrongFormat, f("x86_64.o"), None),
        ]
    );
    assert_eq!(
        summary("bfd/wrong-format-member.txt", g),
        vec![
            (
                ForeignElfMachine { machine: 62 },
                f("hostlib/libbar.a"),
                f("x86_64.o")
            ),
            (WrongFormat, f("hostlib/libbar.a"), None),
        ]
    );
    assert_eq!(
        summary("bfd/wrong-format-whole-archive.txt", g)[1],
        (WrongFormat, f("hostlib/libbar.a"), f("x86_64.o"))
    );
    let skipped = IncompatibleSkipped { lib: f("foo") };
    assert_eq!(
        summary("bfd/skipping-incompatible.txt", g),
        vec![
            (skipped.clone(), f("hostlib/libfoo.so"), None),
            (MissingLibrary { lib: "foo".into() }, None, None),
            (skipped, f("hostlib/libfoo.so"), None),
        ]
    );
    assert_eq!(
        summary("bfd/skipping-incompatible-static.txt", g)[0],
        (
            IncompatibleSkipped { lib: f("bar") },
            f("hostlib/libbar.a"),
            None
        )
    );
    assert_eq!(
        summary("bfd/cannot-find-lib.txt", g),
        vec![(
            MissingLibrary {
                lib: "nosuch".into()
            },
            None,
            None
        )]
    );
    let undefined = UndefinedSymbol {
        symbol: "missing_fn".into(),
    };
    assert_eq!(
        summary("bfd/undefined-reference.txt", g),
        vec![
            (undefined.clone(), f("main-mips.o"), None),
            (undefined, f("main-mips.o"), None),
        ]
    );
    assert_eq!(
        summary("bfd/no-archive-index.txt", g),
        vec![(NoArchiveIndex, f("libnoidx.a"), None)]
    );
    let pic = PicRelocation {
        relocation: "R_X86_64_32".into(),
    };
    assert_eq!(
        summary("bfd/pic-relocation.txt", g),
        vec![(pic.clone(), f("nopic.o"), None)]
    );
    assert_eq!(
        summary("bfd/pic-relocation-shared.txt", g),
        vec![(pic, f("nopic.o"), None)]
    );
    assert_eq!(
        summary("bfd/float-abi.txt", g),
        vec![(FloatAbiClash, f("mips-soft.o"), None)]
    );
    assert_eq!(
        parse(&fixture("bfd/float-abi.txt"))[0].severity,
        Severity::Warning
    );
    assert_eq!(
        summary("bfd/vfp-args.txt", g),
        vec![(FloatAbiClash, f("arm-soft.o"), None)]
    );
    assert_eq!(
        summary("bfd/incompatible-arch.txt", g),
        vec![(mc("i386", "i386:x86-64"), f("i386.o"), None)]
    );
    assert_eq!(
        summary("bfd/endianness.txt", g),
        vec![
            (EndianMismatch, f("mipsel.o"), None),
            (EndianMismatch, f("mipsel.o"), None)
        ]
    );
    assert_eq!(
        summary("bfd/mips-abi.txt", g),
        vec![(AbiMismatch, f("mips64.o"), None)]
    );
    assert_eq!(
        summary("bfd/multiple-definition.txt", g),
        vec![(
            DuplicateSymbol {
                symbol: "x_fn".into()
            },
            f("mips-dup.o"),
            None
        )]
    );
    assert_eq!(
        summary("bfd/file-not-recognized.txt", g),
        vec![(WrongFormat, f("macho-x86_64.o"), None)]
    );
    assert_eq!(
        summary("bfd/unrecognized-option.txt", g),
        vec![(
            UnknownOption {
                option: "--no-such-option".into()
            },
            None,
            None
        )]
    );
}

#[test]
fn gold() {
    let g = Family::Gold;
    assert_eq!(
        summary("gold/wrong-arch.txt", g),
        vec![(ForeignElfMachine { machine: 183 }, f("aarch64.o"), None)]
    );
    assert_eq!(
        summary("gold/wrong-format-member.txt", g),
        vec![(
            ForeignElfMachine { machine: 62 },
            f("hostlib/libbar.a"),
            f("x86_64.o")
        )]
    );
    assert_eq!(
        summary("gold/skipping-incompatible.txt", g),
        vec![(
            ForeignElfMachine { machine: 62 },
            f("hostlib/libfoo.so"),
            None
        )]
    );
    assert_eq!(
        summary("gold/skipping-incompatible-class.txt", g),
        vec![
            (
                IncompatibleSkipped { lib: f("foo") },
                f("lib32/libfoo.so"),
                None
            ),
            (MissingLibrary { lib: "foo".into() }, None, None),
        ]
    );
    assert_eq!(
        summary("gold/undefined-reference.txt", g),
        vec![(
            UndefinedSymbol {
                symbol: "missing_fn".into()
            },
            f("main-x86_64.o"),
            None
        )]
    );
    assert_eq!(
        summary("gold/cannot-find-lib.txt", g),
        vec![(
            MissingLibrary {
                lib: "nosuch".into()
            },
            None,
            None
        )]
    );
    assert_eq!(
        summary("gold/incompatible-target.txt", g),
        vec![(WrongFormat, f("i386.o"), None)]
    );
    assert_eq!(
        summary("gold/not-configured.txt", g),
        vec![(WrongFormat, f("ok-mips.o"), None)]
    );
}

#[test]
fn lld() {
    let l = Family::Lld;
    let with = |w: &str| Incompatible { with: w.into() };
    assert_eq!(
        summary("lld/wrong-arch.txt", l),
        vec![(with("elf64-x86-64"), f("aarch64.o"), None)]
    );
    assert_eq!(
        summary("lld/mips-emulation.txt", l),
        vec![(with("elf32btsmip"), f("x86_64.o"), None)]
    );
    assert_eq!(
        summary("lld/mips-incompatible.txt", l),
        vec![(with("ok-mips.o"), f("x86_64.o"), None)]
    );
    assert_eq!(
        summary("lld/incompatible-library.txt", l),
        vec![(with("ok-mips.o"), f("hostlib/libfoo.so"), None)]
    );
    assert_eq!(
        summary("lld/incompatible-member.txt", l),
        vec![(with("ok-mips.o"), f("hostlib/libbar.a"), f("x86_64.o"))]
    );
    let undefined = parse(&fixture("lld/undefined-symbol.txt"));
    assert_eq!(undefined.len(), 1);
    assert_eq!(undefined[0].symbol(), Some("missing_fn"));
    assert_eq!(
        undefined[0].file.as_deref(),
        Some(Path::new("main-x86_64.o"))
    );
    assert_eq!(
        undefined[0].context,
        ["referenced by main.c", "main-x86_64.o:(main)"]
    );
    assert_eq!(
        summary("lld/duplicate-symbol.txt", l),
        vec![(
            DuplicateSymbol {
                symbol: "x_fn".into()
            },
            f("mips.o"),
            None
        )]
    );
    assert_eq!(
        summary("lld/cannot-find-lib.txt", l),
        vec![(
            MissingLibrary {
                lib: "nosuch".into()
            },
            None,
            None
        )]
    );
    assert_eq!(
        summary("lld/pic-relocation.txt", l),
        vec![(
            PicRelocation {
                relocation: "R_X86_64_32".into()
            },
            f("nopic.o"),
            None
        )]
    );
    assert_eq!(
        summary("lld/unknown-argument.txt", l),
        vec![(
            UnknownOption {
                option: "--no-such-option".into()
            },
            None,
            None
        )]
    );
    assert_eq!(
        summary("ld64.lld/wrong-arch.txt", l),
        vec![(mc("x86_64", "arm64"), f("macho-x86_64.o"), None)]
    );
    assert_eq!(
        summary("lld-link/machine-conflict.txt", l),
        vec![(mc("x64", "arm64"), f("coff-x64.obj"), None)]
    );
    assert_eq!(
        summary("lld-link/unresolved-external.txt", l),
        vec![(
            UndefinedSymbol {
                symbol: "missing_fn".into()
            },
            f("coff-main-arm64.obj"),
            None
        )]
    );
}

#[test]
fn mold() {
    let m = Family::Mold;
    assert_eq!(
        summary("mold/wrong-arch.txt", m),
        vec![(mc("arm64", "x86_64"), f("aarch64.o"), None)]
    );
    assert_eq!(
        summary("mold/wrong-arch-member.txt", m),
        vec![(mc("x86_64", "arm64"), f("x86_64.o"), None)]
    );
    assert_eq!(
        summary("mold/skipping-incompatible.txt", m),
        vec![
            (
                IncompatibleSkipped { lib: None },
                f("hostlib/libfoo.so"),
                None
            ),
            (MissingLibrary { lib: "foo".into() }, None, None),
        ]
    );
    assert_eq!(
        summary("mold/undefined-symbol.txt", m),
        vec![(
            UndefinedSymbol {
                symbol: "missing_fn".into()
            },
            f("main-x86_64.o"),
            None
        )]
    );
    assert_eq!(
        summary("mold/cannot-find-lib.txt", m),
        vec![(
            MissingLibrary {
                lib: "nosuch".into()
            },
            None,
            None
        )]
    );
    assert_eq!(
        summary("mold/pic-relocation.txt", m),
        vec![(
            PicRelocation {
                relocation: "R_X86_64_32".into()
            },
            f("nopic.o"),
            None
        )]
    );
    assert_eq!(
        summary("mold/mips-unsupported.txt", m),
        vec![(
            UnknownOption {
                option: "-EB".into()
            },
            None,
            None
        )]
    );
}

#[test]
fn ld64() {
    let a = Family::Ld64;
    let messages = summary("ld64/ignoring-file-platform.txt", a);
    assert_eq!(
        messages[0],
        (
            PlatformMismatch {
                building_for: "macOS-arm64".into(),
                built_for: "macOS-x86_64".into()
            },
            f("/work/app/target/aarch64-apple-darwin/debug/build/ring-4f2a/out/libring_core.a"),
            None
        )
    );
    assert_eq!(
        messages[1],
        (
            UndefinedSymbol {
                symbol: "_ring_core_0_17_sha256_block_data_order".into()
            },
            f("libring-3a41.rlib"),
            f("ring-3a41.ring.9f1e-cgu.06.rcgu.o")
        )
    );
    assert_eq!(messages.len(), 2);
    assert_eq!(
        summary("ld64/ignoring-file-found-architecture.txt", a),
        vec![(
            mc("arm64", "x86_64"),
            f("/work/app/target/x86_64-apple-darwin/debug/deps/libzstd_sys-91c2.rlib"),
            f("zstd.o")
        )]
    );
    assert_eq!(
        summary("ld64/simulator-object.txt", a),
        vec![(
            PlatformMismatch {
                building_for: "iOS Simulator".into(),
                built_for: "iOS".into()
            },
            f("/work/app/target/aarch64-apple-ios-sim/debug/deps/libblake3-0c1d.rlib"),
            f("blake3_neon.o")
        )]
    );
    assert_eq!(
        summary("ld64/library-not-found.txt", a),
        vec![(
            MissingLibrary {
                lib: "iconv".into()
            },
            None,
            None
        )]
    );
}

#[test]
fn msvc() {
    let w = Family::Msvc;
    assert_eq!(
        summary("link.exe/machine-conflict.txt", w),
        vec![(
            mc("x64", "ARM64"),
            f("libring-7d3e.rlib"),
            f("ring_core_generated-aes_nohw.obj")
        )]
    );
    let lib = parse(&fixture("link.exe/library-machine-conflict.txt"));
    assert_eq!(lib[0].kind, mc("x64", "ARM64"));
    assert_eq!(lib[0].severity, Severity::Warning);
    assert_eq!(
        summary("link.exe/unresolved-external.txt", w),
        vec![(
            UndefinedSymbol {
                symbol: "__imp_sqlite3_open".into()
            },
            f("app.app.5f2e-cgu.0.rcgu.o"),
            None
        )]
    );
    assert_eq!(
        summary("link.exe/cannot-open-input.txt", w),
        vec![(
            MissingLibrary {
                lib: "ssl.lib".into()
            },
            None,
            None
        )]
    );
    assert_eq!(
        summary("link.exe/already-defined.txt", w),
        vec![(
            DuplicateSymbol {
                symbol: "foo_init".into()
            },
            f("libfoo.lib"),
            f("a.obj")
        )]
    );
}

#[test]
fn colors_and_crlf_are_ignored() {
    let colored =
        b"\x1b[1mld.lld: \x1b[0;31merror: \x1b[0mx.o is incompatible with elf32btsmip\r\n";
    let messages = parse(colored);
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].file.as_deref(), Some(Path::new("x.o")));
}

#[test]
fn no_panic_on_junk() {
    let mut junk: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    junk.extend_from_slice(b"\n/usr/bin/ld: \xff\xfe.o: file in wrong format\n");
    junk.extend(std::iter::repeat_n(b'a', 100_000));
    junk.extend_from_slice(b"\n>>> orphan context\n: \n:\n()\n(\n");
    let messages = parse(&junk);
    assert!(messages.iter().any(|m| m.kind == WrongFormat));
    assert!(parse(b"").is_empty());
}

#[test]
fn bfd_old_wording() {
    let messages = parse(&fixture("bfd-old/float-abi.txt"));
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].kind, FloatAbiClash);
    assert_eq!(messages[0].severity, Severity::Warning);
    assert_eq!(messages[0].member.as_deref(), Some("sha256-mips.o"));
    assert_eq!(
        messages[0].file.as_deref(),
        Some(Path::new(
            "target/mips-unknown-linux-musl/release/build/ring-77aa/out/libring_core.a"
        ))
    );
}

#[test]
fn missing_inputs() {
    let g = Family::GnuBfd;
    assert_eq!(
        summary("bfd/missing-input.txt", g),
        vec![(MissingFile, f("nosuch.o"), None)]
    );
    assert_eq!(
        summary("bfd/missing-input-driver.txt", g),
        vec![(MissingFile, f("nosuch.o"), None)]
    );
}

/// Issue 12: `X.rlib(member)` in every linker's words names the archive and its member,
/// never a file `member.o` in the cwd (lld's `>>> defined in X.rlib(m.o)` and
/// `>>> m.o:(sym) in archive X.rlib` included).
#[test]
fn pic_relocation_in_an_rlib_member() {
    let rlib = "deps/libnopic_sys-5f0c1e2d3a4b6978.rlib";
    for (name, family) in [
        ("bfd/pic-relocation-rlib.txt", Family::GnuBfd),
        ("gold/pic-relocation-rlib.txt", Family::Gold),
        ("lld/pic-relocation-rlib.txt", Family::Lld),
        ("mold/pic-relocation-rlib.txt", Family::Mold),
    ] {
        let messages: Vec<_> = summary(name, family)
            .into_iter()
            .filter(|(k, _, _)| matches!(k, PicRelocation { .. }))
            .collect();
        assert_eq!(messages.len(), 1, "{name}: {messages:?}");
        assert_eq!(
            (messages[0].1.as_deref(), messages[0].2.as_deref()),
            (Some(rlib), Some("nopic.o")),
            "{name}"
        );
    }
}
