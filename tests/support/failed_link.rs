// The test double reads its settings from the environment it is given.
#![allow(clippy::disallowed_methods)]
//! A failed link through the shim on the seed's MIPS target dir, with the fake linker: the
//! setup the report tests of `integration` and the fault-injection tests of `e2e` share.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use super::{MIPS, TempDir, copy_dir};

const SHIM: &str = env!("CARGO_BIN_EXE_xlinkdiag");
const FAKE: &str = env!("CARGO_BIN_EXE_xlinkdiag-fake-linker");

/// A copy of the seed's target dir, removed on drop.
pub struct Seed {
    _dir: TempDir,
    pub target: PathBuf,
}

pub fn seed(tag: &str) -> Seed {
    let dir = TempDir::new(tag);
    let target = dir.path("target");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/mips-leaked-cc/target"),
        &target,
    );
    Seed { _dir: dir, target }
}

pub fn rlib(target: &Path, name: &str) -> PathBuf {
    target.join(MIPS).join("debug/deps").join(name)
}

/// A failed link of `inputs` through `xlinkdiag link`, its stderr naming the first one.
pub fn failed_link(inputs: &[PathBuf], report: Option<&Path>) -> Command {
    let mut cmd = Command::new(SHIM);
    cmd.args(["link", "--linker", FAKE, "--", "-o", "app"])
        .args(inputs)
        .env("FAKE_LINKER_EXIT", "1")
        .env(
            "FAKE_LINKER_STDERR",
            format!(
                "ld: {}: error adding symbols: file in wrong format\n",
                inputs[0].display()
            ),
        )
        .env_remove("GITHUB_ACTIONS")
        .env_remove("XLINKDIAG_REPORT")
        .env("XLINKDIAG_BUDGET_MS", "20000")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(r) = report {
        cmd.env("XLINKDIAG_REPORT", r);
    }
    cmd
}

pub fn said(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
