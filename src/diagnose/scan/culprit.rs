//! One culprit's finding, from the hits grouped under it, in four steps: who owns the
//! objects (the file, crate, package and build-script run), how they were made
//! (provenance and its notes), the fix (the one builder, `diagnose::fix`), and the message.

use std::path::{Path, PathBuf};

use crate::artifacts::inspect::{self, Member};
use crate::cargo::build_output::{BuildRun, BuildSystem};
use crate::cargo::config;
use crate::cargo::layout::{self, UnitDir};
use crate::cargo::sys_crates::{self, Knowledge};

use super::super::expected::Expected;
use super::super::finding::{Finding, Kind, Provenance, Severity};
use super::super::{fix, words};
use super::Hit;

/// Who the culprit is: the file a linker is handed, the crate and package, the unit that
/// made it, and the members at fault.
struct Owner<'h, 'a> {
    primary: PathBuf,
    kind: Kind,
    /// The hit that speaks for the finding: in the primary file, of the finding's kind.
    first: &'h Hit<'a>,
    run: Option<&'a BuildRun>,
    /// The unit that made the objects: from its build-script record, else from where the
    /// files sit (a unit dir whose record is gone still names the package).
    unit: Option<&'h UnitDir>,
    members: Vec<String>,
    also_in: Vec<PathBuf>,
    crate_name: Option<String>,
    package: Option<String>,
    /// rustc's own objects are among the foreign ones: the crate was compiled for another
    /// target, which no C setting fixes.
    rustc_made: bool,
}

/// A global compiler variable some build script of the same build recorded: (variable,
/// value, the package whose script recorded it).
pub(super) type GlobalCc = (String, String, Option<String>);

pub(super) fn build_finding(
    hits: Vec<(Hit, Option<&BuildRun>)>,
    expected: &Expected,
    linker: Option<&config::ConfiguredLinker>,
    global_cc: Option<&GlobalCc>,
) -> Finding {
    let Some(o) = owner(&hits) else {
        // `group_findings` never makes an empty group; an empty finding says so.
        return empty(expected);
    };
    let system = o.run.map_or(BuildSystem::Unknown, |r| r.build_system(None));
    // A crate the table knows is named by its own build system and lookup order.
    let known = o
        .package
        .as_deref()
        .zip(expected.spec)
        .and_then(|(p, s)| sys_crates::explain(p, o.run, s));
    let (provenance, mut notes) = provenance(&o, system, known.as_ref(), expected, global_cc);
    if o.rustc_made {
        notes.push(
            "rustc's own objects are foreign too: this crate was compiled for another target (a stale or mixed target dir, or the wrong --target)".into(),
        );
    }
    if let Some(p) = provenance
        .producers
        .iter()
        .find(|p| !p.starts_with("rustc"))
    {
        notes.push(format!("the objects say they were made by: {p}"));
    }
    let mut fix = fix_for(&o, system, known.as_ref(), expected, linker);
    // A global variable found by inference (cmake-rs) gets the words the recorded one gets.
    if let (Some(var), Some(value), Some(spec)) = (
        provenance.compiler_from.as_deref(),
        provenance.compiler.as_deref(),
        expected.spec,
    ) && var == "CC"
        && fix
            .env
            .contains_key(&crate::target::vars::target_var("CC", spec.triple))
        && !fix.env.contains_key("HOST_CC")
    {
        fix.env.insert("HOST_CC".into(), value.to_string());
        fix.help.insert(
            0,
            fix::wording::global_leak(
                "CC",
                Some(value),
                &crate::target::vars::target_var("CC", spec.triple),
            ),
        );
    }
    // A global CXX gets the words a global CC gets.
    if let (Some(var), Some(value), Some(spec)) = (
        provenance.compiler_from.as_deref(),
        provenance.compiler.as_deref(),
        expected.spec,
    ) && var == "CXX"
    {
        let own = crate::target::vars::target_var("CXX", spec.triple);
        if !fix.env.contains_key(&own) {
            fix.env
                .insert(own.clone(), fix::cross_prefix(spec, linker).tool("g++"));
        }
        if !fix.env.contains_key("HOST_CXX") {
            fix.env.insert("HOST_CXX".into(), value.to_string());
            fix.help
                .insert(0, fix::wording::global_leak("CXX", Some(value), &own));
        }
    }
    if let (Some(var), Some(spec)) = (provenance.compiler_from.as_deref(), expected.spec) {
        respell(&mut fix, var, spec.triple);
    }
    let message = message(&o, expected);
    let mut f = Finding::new(
        o.kind,
        o.primary.clone(),
        o.first.found.clone(),
        expected.desc(),
        message,
    );
    // A scan cannot see whether the link adds -latomic; the linker will say.
    if o.kind == Kind::MissingAtomics {
        f.severity = Severity::Warning;
    }
    f.member = o.members.first().cloned();
    f.crate_name = o.crate_name;
    f.package = o.package;
    f.members = o.members;
    f.also_in = o.also_in;
    f.provenance = provenance;
    f.notes = notes;
    f.set_fix(fix);
    f
}

fn owner<'h, 'a>(hits: &'h [(Hit<'a>, Option<&'a BuildRun>)]) -> Option<Owner<'h, 'a>> {
    // The file a linker is handed names the finding: an rlib before the out dir's .a,
    // before a loose .o. cargo's hashed rlib (deps/, or the unit's out dir in the new
    // layout) is the one the linker gets; the uplifted copy without a hash is not.
    let rank = |p: &Path| match p.extension().and_then(|e| e.to_str()) {
        Some("rlib") if p.file_name().and_then(layout::crate_of_artifact).is_some() => 0,
        Some("rlib") => 1,
        Some("a" | "lib") => 2,
        _ => 3,
    };
    let primary = hits
        .iter()
        .map(|(h, _)| &h.file.path)
        .min_by_key(|p| (rank(p), p.as_os_str().len()))?
        .clone();
    let kind = hits.iter().map(|(h, _)| h.kind).min()?;
    let first = hits
        .iter()
        .find(|(h, _)| h.file.path == primary && h.kind == kind)
        .or_else(|| hits.first())
        .map(|(h, _)| h)?;
    let run = hits.iter().find_map(|(_, r)| *r);
    let unit = run
        .and_then(|r| r.unit.as_ref())
        .or_else(|| hits.iter().find_map(|(h, _)| h.file.loc.unit.as_ref()));
    let members: Vec<String> = hits
        .iter()
        .filter(|(h, _)| h.file.path == primary)
        .filter_map(|(h, _)| h.member.map(Member::name_lossy))
        .collect();
    let mut also_in: Vec<PathBuf> = hits
        .iter()
        .map(|(h, _)| h.file.path.clone())
        .filter(|p| *p != primary)
        .collect();
    also_in.sort();
    also_in.dedup();
    let crate_name = primary
        .file_name()
        .filter(|_| primary.extension().is_some_and(|e| e == "rlib"))
        .and_then(layout::crate_of_rlib)
        .or_else(|| unit.map(|u| u.package.replace('-', "_")));
    Some(Owner {
        kind,
        first,
        run,
        unit,
        members,
        also_in,
        crate_name,
        package: unit.map(|u| u.package.clone()),
        rustc_made: hits
            .iter()
            .any(|(h, _)| h.member.is_some_and(Member::is_rustc_object)),
        primary,
    })
}

/// How the objects were made: the producers they name, the build system and directory of
/// the run, the compiler and the variable it came from; with the notes that say so.
fn provenance(
    o: &Owner,
    system: BuildSystem,
    known: Option<&Knowledge>,
    expected: &Expected,
    global_cc: Option<&GlobalCc>,
) -> (Provenance, Vec<String>) {
    let system_name = known.map_or(system.as_str(), |k| k.krate.build_system());
    let mut prov = Provenance {
        producers: inspect::comment(&o.first.file.path, o.first.member).unwrap_or_default(),
        ..Default::default()
    };
    let mut notes = Vec::new();
    let count = o.members.len();
    if count > 0 {
        let shown: Vec<&str> = o.members.iter().take(6).map(String::as_str).collect();
        let more = if count > 6 {
            format!(" and {} more", count - 6)
        } else {
            String::new()
        };
        notes.push(format!(
            "{count} member{} at fault: {}{more}",
            if count == 1 { "" } else { "s" },
            shown.join(", ")
        ));
    }
    notes.push(format!(
        "{}; expected {} from {}",
        o.first.reason,
        expected.describe(),
        expected.from
    ));
    let Some(r) = o.run else {
        if let (Some(_), Some(u)) = (known, o.unit) {
            // A build script that failed leaves its objects but no record of its run.
            prov.build_system = Some(system_name.to_string());
            prov.build_dir = Some(u.dir.clone());
            notes.push(format!(
                "made by {system_name} in the build script of package {} ({}), which left no record of its run (it failed)",
                u.package,
                u.dir.display()
            ));
        }
        return (prov, notes);
    };
    let unit = r.unit.as_ref();
    prov.build_system = Some(system_name.to_string());
    prov.build_dir = unit.map(|u| u.dir.clone());
    let unset = expected.triple().map(|t| r.unset_cc(t)).unwrap_or_default();
    prov.unset = unset.iter().map(|s| s.to_string()).collect();
    if let Some(u) = unit {
        let by = match system {
            BuildSystem::Unknown if known.is_none() => String::new(),
            _ => format!("by {system_name} "),
        };
        notes.push(format!(
            "made {by}in the build script of package {} ({})",
            u.package,
            u.dir.display()
        ));
    }
    if system == BuildSystem::Cmake
        && let Some(c) = &r.cmake_compiler
    {
        prov.compiler = Some(c.clone());
        prov.compiler_from = Some("CMAKE_C_COMPILER in CMakeCache.txt".into());
        // cmake-rs asks cc-rs for the compiler without printing the lookup: a global
        // variable another build script of this build recorded, naming the same program,
        // is where it came from.
        if let Some((var, value, who)) = global_cc
            && Path::new(c).file_name() == Path::new(value).file_name()
        {
            prov.compiler = Some(value.clone());
            prov.compiler_from = Some(var.clone());
            notes.push(format!(
                "cmake-rs passed cc-rs's compiler to CMake: {var}={value}, as the build script of {} recorded it, is {c} (CMAKE_C_COMPILER in CMakeCache.txt)",
                who.as_deref().unwrap_or("another crate")
            ));
        }
    }
    if let Some((var, value)) = known.and_then(|k| k.compiler.clone()) {
        prov.compiler = Some(value);
        prov.compiler_from = Some(var);
    }
    if prov.compiler.is_none() {
        let cxx = expected.triple().is_some_and(|t| is_cxx(r, t, &o.members));
        let source = expected
            .triple()
            .and_then(|t| if cxx { r.cxx_source(t) } else { r.cc_source(t) });
        if let Some((var, value)) = source {
            prov.compiler = Some(value);
            prov.compiler_from = Some(var);
        } else if r.is_cc_rs() {
            let var = if cxx { "CXX" } else { "CC" };
            prov.compiler_from = Some(format!("cc-rs's default (no {var} variable was set)"));
        }
    }
    if let (Some(c), Some(from)) = (&prov.compiler, &prov.compiler_from) {
        let unset = if unset.is_empty() {
            String::new()
        } else {
            format!(
                "; {} {} unset",
                unset.join(", "),
                if unset.len() == 1 { "was" } else { "were" }
            )
        };
        notes.push(format!("compiler: {c}, from {from}{unset}"));
    }
    (prov, notes)
}

/// Whether the culprit's objects are C++ that cc-rs compiled with its C++ compiler: the run
/// looked up only `CXX` names (a `cpp(true)` build), or a member at fault was compiled from
/// a C++ source (`.cc`, `.cpp`, `.cxx`, `.C`, `.c++`) by the run's `running:` lines.
fn is_cxx(r: &BuildRun, triple: &str, members: &[String]) -> bool {
    if !r.looked_up("CXX", triple) {
        return false;
    }
    if !r.looked_up("CC", triple) {
        return true;
    }
    const CXX_SOURCES: &[&str] = &[".cc\"", ".cpp\"", ".cxx\"", ".C\"", ".c++\""];
    members.iter().any(|m| {
        r.commands.iter().any(|c| {
            c.contains(&format!("/{m}\"")) && CXX_SOURCES.iter().any(|ext| c.contains(ext))
        })
    })
}

/// The per-target compiler name that took effect, in the spelling that was set: cc-rs reads
/// `CC_<triple>` before `CC_<triple_>`, so a fix of the underscored name would change
/// nothing while the hyphenated one is set.
fn respell(fix: &mut fix::Fix, var: &str, triple: &str) {
    use crate::target::vars::{Spelling, spelling_of, target_var};
    for base in ["CC", "CXX"] {
        if spelling_of(var, base, triple) != Some(Spelling::Hyphenated) {
            continue;
        }
        let under = target_var(base, triple);
        if let Some(v) = fix.env.remove(&under) {
            fix.env.insert(var.to_string(), v);
            fix.help.push(format!(
                "{var} was set, and cc-rs reads it before {under}: the fix changes {var} itself"
            ));
        }
    }
}

/// The fix builder's settings and help; none when rustc's own objects are foreign (no
/// setting of the C build fixes a crate compiled for another target).
fn fix_for(
    o: &Owner,
    system: BuildSystem,
    known: Option<&Knowledge>,
    expected: &Expected,
    linker: Option<&config::ConfiguredLinker>,
) -> fix::Fix {
    let Some(spec) = expected.spec.filter(|_| !o.rustc_made) else {
        return fix::Fix::default();
    };
    let prefix = fix::cross_prefix(spec, linker);
    let mut f = fix::suggest(o.kind, spec, system, o.run, &prefix);
    if let Some(k) = known {
        fix::sys_crate(k, spec, &prefix, &mut f);
    }
    if f.names_tools {
        f.help
            .push(format!("cross tools named after {}", prefix.from));
    }
    if let Some(k) = known.filter(|_| f.env.keys().any(|v| v.starts_with("CC_"))) {
        f.help.push(k.krate.host_compiler.to_string());
    }
    f
}

fn message(o: &Owner, expected: &Expected) -> String {
    let who = o
        .crate_name
        .as_deref()
        .map(|c| format!("crate `{c}`"))
        .unwrap_or_else(|| format!("`{}`", o.primary.display()));
    let target = expected.triple().unwrap_or(&expected.arch);
    let found = &o.first.found.arch;
    match o.kind {
        Kind::WrongArchitecture
            if crate::artifacts::machine::family(found)
                != crate::artifacts::machine::family(&expected.arch) =>
        {
            match expected.triple() {
                Some(triple) => words::wrong_machine(&who, Some(found), triple, &expected.arch),
                // Judged by rustc's own objects: no triple to name.
                None => format!(
                    "{who} holds {found} objects in a link for {}",
                    expected.arch
                ),
            }
        }
        Kind::WrongArchitecture => words::wrong_format(&who, target, &o.first.reason),
        Kind::ArchiveNoIndex => words::no_index(&who),
        Kind::PicMismatch => words::not_pic(&who, target, None),
        Kind::LibcMismatch => words::glibc_only(&who, &[], target),
        Kind::MissingAtomics => fix::wording::missing_atomics_message(&who, &[], target, false),
        _ => words::abi(&who, target, Some(&o.first.reason)),
    }
}

/// The finding of an empty group, which the grouping never makes: said, not a panic.
fn empty(expected: &Expected) -> Finding {
    Finding::new(
        Kind::WrongArchitecture,
        PathBuf::new(),
        crate::artifacts::formats::bitcode(),
        expected.desc(),
        "no objects were grouped under this culprit".into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cargo::build_output::parse;

    const A64: &str = "aarch64-unknown-linux-gnu";

    /// Issue 21 item 4: a `cpp(true)` build looks up only `CXX` names (cc-rs 1.2's words in
    /// cxx's build script output, testdata/logs/crates/armhf-cxx-leaked.log).
    #[test]
    fn cxx_builds_are_known_by_their_lookups_and_sources() {
        let cxx_only = parse(
            b"CXX_aarch64-unknown-linux-gnu = None\nCXX_aarch64_unknown_linux_gnu = None\nTARGET_CXX = None\nCXX = Some(g++)\nCC_FORCE_DISABLE = None\n",
        );
        assert!(is_cxx(&cxx_only, A64, &[]));
        assert_eq!(cxx_only.cxx_source(A64), Some(("CXX".into(), "g++".into())));
        let both = parse(
            b"CC = Some(gcc)\nCXX = Some(g++)\nrunning: \"g++\" \"-o\" \"/t/out/0a1b-cxx.o\" \"-c\" \"src/cxx.cc\"\nrunning: \"gcc\" \"-o\" \"/t/out/0a1b-c.o\" \"-c\" \"src/c.c\"\n",
        );
        assert!(is_cxx(&both, A64, &["0a1b-cxx.o".into()]));
        assert!(!is_cxx(&both, A64, &["0a1b-c.o".into()]));
        let c_only = parse(b"CC = Some(gcc)\n");
        assert!(!is_cxx(&c_only, A64, &[]));
    }

    /// Issue 21 item 5: the hyphenated name that was set is the one the fix changes.
    #[test]
    fn the_set_spelling_is_the_fixed_one() {
        let mut f = fix::Fix::default();
        f.env.insert(
            "CC_aarch64_unknown_linux_gnu".into(),
            "aarch64-linux-gnu-gcc".into(),
        );
        f.env.insert(
            "AR_aarch64_unknown_linux_gnu".into(),
            "aarch64-linux-gnu-ar".into(),
        );
        respell(&mut f, "CC_aarch64-unknown-linux-gnu", A64);
        assert_eq!(
            f.env
                .get("CC_aarch64-unknown-linux-gnu")
                .map(String::as_str),
            Some("aarch64-linux-gnu-gcc")
        );
        assert!(!f.env.contains_key("CC_aarch64_unknown_linux_gnu"));
        assert!(f.env.contains_key("AR_aarch64_unknown_linux_gnu"));
        // An underscored or global name set stays as the fix builder wrote it.
        let mut g = fix::Fix::default();
        g.env.insert(
            "CC_aarch64_unknown_linux_gnu".into(),
            "aarch64-linux-gnu-gcc".into(),
        );
        respell(&mut g, "CC", A64);
        respell(&mut g, "CC_aarch64_unknown_linux_gnu", A64);
        assert!(g.env.contains_key("CC_aarch64_unknown_linux_gnu"));
    }
}
