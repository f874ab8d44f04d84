//! autoconf's configure scripts, read at autotools-mirror/autoconf v2.73-7 (528ce663):
//! `lib/autoconf/lang.m4`, `c.m4`, `general.m4`, `programs.m4`. configure prints them as
//! `configure: error: <text>`, and `See 'config.log' for more details` after.

use super::{Means, Row, Says, Tool, read};

const REPO: &str = "autotools-mirror/autoconf";
const AT: &str = "v2.73-7-g528ce663";

const fn says(s: Says) -> Means {
    Means::Build(s)
}

pub(super) static ROWS: &[Row] = &[
    Row {
        tool: Tool::Autoconf,
        means: says(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "cannot create executables",
        pattern: r"(?:C|C\+\+) compiler cannot create executables",
        read: read(REPO, "lib/autoconf/lang.m4", AT),
        fixture: "configure: error: C compiler cannot create executables",
    },
    // The compiler makes programs for another machine, and configure was not told
    // `--host`: a cross compiler in a build configured as native.
    Row {
        tool: Tool::Autoconf,
        means: says(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "compiled programs",
        pattern: r"cannot run (?:C|C\+\+) compiled programs",
        read: read(REPO, "lib/autoconf/lang.m4", AT),
        fixture: "configure: error: cannot run C compiled programs.",
    },
    Row {
        tool: Tool::Autoconf,
        means: says(Says::WrongCompiler),
        kind: Some("wrong-compiler"),
        anchor: "meant to cross compile",
        pattern: r"If you meant to cross compile, use [`']--host'",
        read: read(REPO, "lib/autoconf/lang.m4", AT),
        fixture: "If you meant to cross compile, use `--host'.",
    },
    // `no acceptable C compiler found in $PATH`: the `--host` compiler is not there.
    Row {
        tool: Tool::Autoconf,
        means: says(Says::ToolMissing),
        kind: Some("cross-tool-missing"),
        anchor: "no acceptable c compiler",
        pattern: r"no acceptable C compiler found in \$PATH",
        read: read(REPO, "lib/autoconf/c.m4", AT),
        fixture: "configure: error: no acceptable C compiler found in $PATH",
    },
];
