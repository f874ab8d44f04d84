//! Each finding kind's sentence, written once. Every mode (scan, the shim, annotate with and
//! without files) names a culprit's problem through these, with what it knows: a scan has
//! the objects, a log has the linker's words; the sentence is the same.

/// `wrong-architecture`: objects for another machine. `found` is what they were built for
/// (`x86_64`), when known.
pub fn wrong_machine(who: &str, found: Option<&str>, target: &str, want: &str) -> String {
    match found {
        Some(f) => format!("{who} holds {f} objects, but the target {target} needs {want}"),
        None => format!("{who} holds foreign objects, but the target {target} needs {want}"),
    }
}

/// `wrong-architecture` when the target is not known (a fragment of a log naming none).
pub fn foreign_machine(who: &str, found: &str) -> String {
    format!("{who} holds {found} objects, not the target's")
}

/// `wrong-architecture` for objects of the right machine in another word size, byte order
/// or object format: `reason` says which.
pub fn wrong_format(who: &str, target: &str, reason: &str) -> String {
    format!("{who} holds objects the target {target} cannot link: {reason}")
}

/// `wrong-architecture` of the other byte order (mipsel for mips).
pub fn other_byte_order(who: &str, want: &str, target: &str) -> String {
    format!(
        "{who} holds {want} objects of the other byte order, which the target {target} cannot link"
    )
}

/// `abi-mismatch`: the right machine, another ABI; `reason` when the objects say which.
pub fn abi(who: &str, target: &str, reason: Option<&str>) -> String {
    match reason {
        Some(r) => format!("{who} holds objects with an ABI the target {target} cannot link: {r}"),
        None => format!("{who} holds objects with an ABI the target {target} cannot link"),
    }
}

/// `pic-mismatch`; `relocation` when the linker named the one it could not use.
pub fn not_pic(who: &str, target: &str, relocation: Option<&str>) -> String {
    let how = relocation.map(|r| format!(" ({r})")).unwrap_or_default();
    format!(
        "{who} holds C code built without -fPIC{how}, and {target} links position-independent executables"
    )
}

/// `libc-mismatch`: glibc-only symbols (named when known) in a link for another C library.
pub fn glibc_only(who: &str, symbols: &[String], target: &str) -> String {
    if symbols.is_empty() {
        format!(
            "{who} holds C objects that need glibc-only symbols, which the target {target} does not have"
        )
    } else {
        format!(
            "{who} needs glibc-only symbols ({}), which the target {target} does not have: its C was built against glibc's headers",
            symbols.join(", ")
        )
    }
}

/// `archive-no-index`.
pub fn no_index(who: &str) -> String {
    format!(
        "{who} holds a static library without a symbol index: linkers cannot take members from it"
    )
}

/// `missing-library`.
pub fn missing_library(lib: &str, target: &str) -> String {
    format!("-l{lib} exists nowhere the linker looks for {target}")
}

/// `wrong-linker`: the linker (named when known) links for `what` (its `-dumpmachine`, or
/// what it refused).
pub fn wrong_linker(linker: Option<&str>, what: &str, target: &str) -> String {
    match linker {
        Some(l) => format!("the linker {l} does not link for {target}: {what}"),
        None => format!("the linker does not link for {target}: {what}"),
    }
}

/// `target-libc-missing`: the compiler or linker (named when known) is for the target, and
/// the target's C library is not where it looks; `missing` is what it stopped at.
pub fn target_libc_missing(tool: Option<&str>, missing: &str, target: &str) -> String {
    match tool {
        Some(t) => format!(
            "the C library for {target} is not installed where {t} looks (it found no {missing})"
        ),
        None => format!("the C library for {target} is not installed (no {missing} was found)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_sentence_per_kind_whatever_the_mode_knows() {
        let t = "mips-unknown-linux-musl";
        assert_eq!(
            wrong_machine("crate `a`", Some("x86_64"), t, "mips"),
            "crate `a` holds x86_64 objects, but the target mips-unknown-linux-musl needs mips"
        );
        assert!(not_pic("crate `a`", t, None).contains("position-independent executables"));
        assert!(
            not_pic("crate `a`", t, Some("R_X86_64_32"))
                .contains("without -fPIC (R_X86_64_32), and")
        );
        assert!(glibc_only("crate `a`", &["__memcpy_chk".into()], t).contains("(__memcpy_chk)"));
    }
}
