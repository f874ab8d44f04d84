//! `scan` following a build script's `-L` into the build machine's own library dir: needs
//! that machine's glibc development files (libc6-dev), so it is an end-to-end test.

use std::fs;
use std::path::Path;

use crate::skips::require_that;
use crate::support::{MIPS, TempDir, copy_dir, scan};

/// Issue 12: a build script's `-L` into the build machine's multiarch dir, recorded with the
/// variable that put it there, in a MIPS target dir. glibc's `libc.so` there is a GNU ld
/// script: followed to the x86-64 files it names.
#[test]
fn recorded_host_library_dir_is_named_with_its_variable() {
    let t = "recorded_host_library_dir_is_named_with_its_variable";
    let host_libc = "/usr/lib/x86_64-linux-gnu/libc.so";
    if !require_that(t, host_libc, Path::new(host_libc).is_file()) {
        return;
    }
    let dir = TempDir::new("linklibs-host");
    let target = dir.path("target");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/mips-leaked-cc/target"),
        &target,
    );
    let record = target
        .join(MIPS)
        .join("debug/build/zstd-sys-ba43dab948dcc508/output");
    let mut text = fs::read_to_string(&record).unwrap();
    text += "MIPS_UNKNOWN_LINUX_MUSL_ZSTD_LIB_DIR unset\n\
             ZSTD_LIB_DIR = /usr/lib/x86_64-linux-gnu\n\
             cargo:rustc-link-search=native=/usr/lib/x86_64-linux-gnu\n\
             cargo:rustc-link-lib=c\n";
    fs::write(&record, text).unwrap();

    let s = scan(&target);
    assert_eq!(s.code, Some(1), "{}", s.raw);
    let f = s
        .findings()
        .iter()
        .find(|f| f["kind"] == "host-library-path")
        .unwrap_or_else(|| panic!("no host-library-path finding\n{}", s.raw));
    assert_eq!(f["severity"], "error", "{f:#}");
    assert_eq!(f["crate"], "zstd_sys", "{f:#}");
    assert_eq!(f["path"], host_libc, "{f:#}");
    assert_eq!(f["found"]["arch"], "x86_64", "{f:#}");
    assert_eq!(
        f["provenance"]["library_from"], "ZSTD_LIB_DIR=/usr/lib/x86_64-linux-gnu",
        "{f:#}"
    );
    assert!(
        f["help"][0]
            .as_str()
            .is_some_and(|h| h.starts_with("unset ZSTD_LIB_DIR")
                && h.contains("MIPS_UNKNOWN_LINUX_MUSL_ZSTD_LIB_DIR was unset")),
        "{f:#}"
    );
}
