//! openssl-sys's build script, read at sfackler/rust-openssl openssl-v0.10.73-112 (88b06860,
//! openssl-sys 0.9.109): `build/find_normal.rs` and `build/main.rs`. A missing OpenSSL
//! header in a C compile (`openssl/ssl.h`) says the same.

use super::{Means, Read, Row, Says, Tool, read};

const AT: &str = "openssl-v0.10.73-112-g88b06860 (openssl-sys 0.9.109)";
const FIND: Read = read(
    "sfackler/rust-openssl",
    "openssl-sys/build/find_normal.rs",
    AT,
);
const MAIN: Read = read("sfackler/rust-openssl", "openssl-sys/build/main.rs", AT);

const fn says(s: Says) -> Means {
    Means::Build(s)
}

pub(super) static ROWS: &[Row] = &[
    Row {
        tool: Tool::OpensslSys,
        means: says(Says::OpensslNotFound),
        kind: Some("openssl-not-found"),
        anchor: "openssl installation",
        pattern: r"(?i)could not find directory of openssl installation",
        read: FIND,
        fixture: "  Could not find directory of OpenSSL installation, and this `-sys` crate cannot",
    },
    Row {
        tool: Tool::OpensslSys,
        means: says(Says::OpensslNotFound),
        kind: Some("openssl-not-found"),
        anchor: "header expansion error",
        pattern: r"^\s*Header expansion error",
        read: MAIN,
        fixture: "  Header expansion error:",
    },
    Row {
        tool: Tool::OpensslSys,
        means: says(Says::OpensslNotFound),
        kind: Some("openssl-not-found"),
        anchor: "openssl include directory does not exist",
        pattern: r"OpenSSL include directory does not exist",
        read: MAIN,
        fixture: "  OpenSSL include directory does not exist: /usr/local/ssl/include",
    },
    Row {
        tool: Tool::OpensslSys,
        means: says(Says::OpensslNotFound),
        kind: Some("openssl-not-found"),
        anchor: "openssl library directory does not exist",
        pattern: r"OpenSSL library directory does not exist",
        read: MAIN,
        fixture: "  OpenSSL library directory does not exist: [\"/opt/openssl/lib\"]",
    },
    Row {
        tool: Tool::OpensslSys,
        means: says(Says::OpensslNotFound),
        kind: Some("openssl-not-found"),
        anchor: "openssl",
        pattern: r"(?i)failed to find OpenSSL",
        read: FIND,
        fixture: "warning: openssl-sys@0.9.109: failed to find OpenSSL development headers",
    },
    Row {
        tool: Tool::OpensslSys,
        means: says(Says::OpensslNotFound),
        kind: Some("openssl-not-found"),
        anchor: "open a bug at",
        pattern: r"open a bug at https://github\.com/sfackler/rust-openssl",
        read: FIND,
        fixture: "  automatically, please open a bug at https://github.com/sfackler/rust-openssl",
    },
    // The C compile of a crate that needs OpenSSL's headers for the target.
    Row {
        tool: Tool::Gcc,
        means: says(Says::OpensslNotFound),
        kind: Some("openssl-not-found"),
        anchor: "openssl/",
        pattern: r#"fatal error: ['"‘]?openssl/[a-z0-9_]+\.h['"’]?(?::| file not found)"#,
        read: read(
            "gcc-mirror/gcc",
            "libcpp/po/cpplib.pot (msgid `%s: %s`, No such file or directory)",
            "releases/gcc-12.2.0",
        ),
        fixture: "src/ssl.c:3:10: fatal error: openssl/ssl.h: No such file or directory",
    },
];
