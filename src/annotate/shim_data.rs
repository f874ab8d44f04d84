//! The shim's own diagnosis inside a log. When xlinkdiag was the linker in CI (`CI` set, or
//! `XLINKDIAG_DATA=1`), it ends its report with one line that holds the whole JSON report:
//!
//! ```text
//! xlinkdiag: data: {"version":1,"target":"mips-unknown-linux-musl","findings":[…]}
//! ```
//!
//! That report was made from the files while they existed, so it names every culprit even
//! where the linker named one; it is read back with the same serde model that wrote it
//! (`shim_report::findings`), never from the human lines above it.

use super::shim_report;
use crate::diagnose::Finding;

/// What starts the line, after any prefix the CI put in front.
pub const PREFIX: &str = crate::report::json::DATA_PREFIX;

/// The findings of every data line among `lines`, with the target each names.
pub fn findings(lines: &[String]) -> Vec<(Option<String>, Vec<Finding>)> {
    lines
        .iter()
        .filter_map(|l| {
            let at = l.find(PREFIX)?;
            shim_report::from_json(l[at + PREFIX.len()..].trim_end().as_bytes())
        })
        .map(|(target, mut fs)| {
            for f in &mut fs {
                f.notes.push(
                    "from the shim's diagnosis in the log, made while the files existed".into(),
                );
            }
            (target, fs)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_data_line_and_nothing_else() {
        let line = r#"  xlinkdiag: data: {"version":1,"target":"mips-unknown-linux-musl","findings":[{"kind":"wrong-architecture","severity":"error","path":"/t/libz-0123456789abcdef.rlib","found":{"format":"elf","arch":"x86_64","machine":62,"file_type":"relocatable"},"expected":{"arch":"mips","format":"elf","from":"x"},"crate":"z","message":"m"}]}"#;
        let lines = vec![
            "xlinkdiag: error[wrong-architecture]: crate `other` holds x86_64 objects".to_string(),
            line.to_string(),
        ];
        let got = super::findings(&lines);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0.as_deref(), Some("mips-unknown-linux-musl"));
        assert_eq!(got[0].1.len(), 1);
        assert_eq!(got[0].1[0].crate_name.as_deref(), Some("z"));
    }
}
