//! The post-mortem scan: every foreign object under a target dir, one finding per culprit.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::artifacts::inspect::{self, ArchiveInfo, Inspection, Member};
use crate::artifacts::{FileType, ObjectId};
use crate::cargo::build_output::BuildRun;
use crate::cargo::config;
use crate::cargo::layout::{self, Location};
use crate::target::TargetSpec;

use super::attribution::Units;
use super::compare::compare;
use super::expected::Expected;
use super::finding::{Finding, Kind};
use super::walk::{self, Walked};

mod culprit;

pub struct ScanOptions<'a> {
    pub paths: Vec<PathBuf>,
    pub target: Option<&'static TargetSpec>,
    /// Every path is a link input: none is host-side, whatever its place, and the linker's
    /// words (not symbol tables) decide undefined symbols, indexes and relocations.
    pub link_inputs: bool,
    /// How `target` was worked out, when not from `--target`.
    pub target_from: Option<String>,
    /// The real linker of the link being diagnosed; its toolchain names the fix.
    pub linker: Option<config::ConfiguredLinker>,
    /// What the build machine answers (its configured linker, its toolchain): the scan asks
    /// nothing of the machine itself.
    pub machine: &'a dyn crate::toolchain::Machine,
}

#[derive(Default)]
pub struct ScanReport {
    /// The target the findings are about, when one target was checked.
    pub target: Option<String>,
    pub findings: Vec<Finding>,
    /// Paths that could not be read or parsed, with the reason; the scan went on.
    pub problems: Vec<(PathBuf, String)>,
    /// How many files were read and identified.
    pub inspected: usize,
    /// Said when no expected target could be worked out for some files.
    pub notes: Vec<String>,
    /// The failed link a shim report is about (absent in a scan's).
    pub link: Option<LinkIdentity>,
    /// The libraries build scripts recorded for the link, as checked (scan only).
    pub link_libs: Option<super::linklibs::Checked>,
    /// What a cap on memory left out (annotate only): said, never dropped in silence.
    pub omitted: Omitted,
}

/// Findings a cap left out, and failures of a log not read past a cap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Omitted {
    pub findings: usize,
    pub failures: usize,
}

/// The caps `annotate` keeps to, so that its memory does not grow with the log.
pub struct Limits {
    /// Findings kept from one log.
    pub findings: usize,
    /// Findings kept from one failed link (a linker naming 20,000 culprits).
    pub per_link: usize,
    /// Distinct failures (links and build failures) read from one log.
    pub failures: usize,
    /// Text of those failures (their linker lines and command lines), in bytes.
    pub failure_bytes: usize,
}

pub const LIMITS: Limits = Limits {
    findings: 2_000,
    per_link: 500,
    failures: 2_000,
    failure_bytes: 256 << 20,
};

impl Omitted {
    pub fn is_empty(&self) -> bool {
        self.findings == 0 && self.failures == 0
    }
}

/// What ties a shim report to one link: its output, its linker, when it failed, and a digest
/// of its command line, so that a report is never taken for a later link's.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LinkIdentity {
    pub output: String,
    pub linker: String,
    /// Seconds since the Unix epoch.
    pub time: u64,
    /// FNV-1a of the linker's arguments, in hex.
    pub digest: String,
    /// The linker's first line of stderr: two failures of one output differ here, and a log
    /// shows it (rustc passes the linker's stderr on whole).
    #[serde(default)]
    pub first_line: String,
}

impl ScanReport {
    /// How many files could not be judged, or only in part (unreadable, truncated, not
    /// regular files): the distinct paths among the problems, so a file with three bad
    /// members is one file.
    /// The findings of severity error: what decides a non-zero exit.
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == super::Severity::Error)
            .count()
    }

    pub fn unjudged(&self) -> usize {
        let mut paths: Vec<&Path> = self.problems.iter().map(|(p, _)| p.as_path()).collect();
        paths.sort();
        paths.dedup();
        paths.len()
    }
}

struct Inspected {
    path: PathBuf,
    loc: Location,
    result: std::io::Result<Inspection>,
}

/// One foreign object (or archive member) found.
struct Hit<'a> {
    file: &'a Inspected,
    member: Option<&'a Member>,
    found: &'a ObjectId,
    kind: Kind,
    reason: String,
}

pub fn scan(opts: &ScanOptions) -> ScanReport {
    let mut walked = Walked::default();
    for p in &opts.paths {
        walk::walk(p, &mut walked);
    }
    let mut report = ScanReport {
        problems: walked.problems,
        ..Default::default()
    };

    // In a cross layout (some file under a <triple>/ dir) everything outside the triple
    // dirs is host-side and must never be flagged.
    let located: Vec<(PathBuf, Location)> = walked
        .files
        .into_iter()
        .map(|p| {
            let loc = layout::locate(&p);
            (p, loc)
        })
        .collect();
    let cross = located.iter().any(|(_, l)| l.triple.is_some());
    let targeted: Vec<(PathBuf, Location)> = located
        .into_iter()
        .filter(
            |(_, l)| match (cross && !opts.link_inputs, l.triple, opts.target) {
                (false, _, _) => true,
                (true, None, _) => false,
                (true, Some(t), Some(want)) => t.triple == want.triple,
                (true, Some(_), None) => true,
            },
        )
        .collect();

    let inspected: Vec<Inspected> = targeted
        .into_par_iter()
        .map(|(path, loc)| {
            let result = inspect::inspect_path(&path);
            Inspected { path, loc, result }
        })
        .collect();
    report.inspected = inspected.iter().filter(|i| i.result.is_ok()).count();

    for i in &inspected {
        match &i.result {
            Err(e) => report.problems.push((i.path.clone(), walk::describe(e))),
            Ok(Inspection::Archive(a)) => {
                if let Some(e) = &a.error {
                    report.problems.push((i.path.clone(), e.clone()));
                }
                for m in &a.members {
                    let damage = m.id.as_ref().and_then(|id| id.damage.as_ref());
                    if let Some(e) = m.error.as_ref().or(damage) {
                        report
                            .problems
                            .push((i.path.clone(), format!("member {}: {e}", m.name_lossy())));
                    } else if m.id.is_none() && names_an_object(&m.name) {
                        report.problems.push((
                            i.path.clone(),
                            format!("member {}: {UNKNOWN_BYTES}", m.name_lossy()),
                        ));
                    }
                }
            }
            Ok(Inspection::Object(ObjectId {
                damage: Some(d), ..
            })) => report.problems.push((i.path.clone(), d.clone())),
            // Random bytes, or an archive cut inside its first header, where the name promises
            // something a linker takes: not judged, so never part of an all-clear (issue 19).
            Ok(Inspection::Other) if names_a_link_input(&i.path) => {
                report.problems.push((i.path.clone(), UNKNOWN_BYTES.into()))
            }
            Ok(_) => {}
        }
    }

    let mut units = discover_units(&inspected);
    report.problems.append(&mut units.problems);

    // Group files by the target they are checked against.
    let mut groups: BTreeMap<Option<&'static str>, Vec<&Inspected>> = BTreeMap::new();
    for i in &inspected {
        let key = opts.target.or(i.loc.triple).map(|t| t.triple);
        groups.entry(key).or_default().push(i);
    }
    let mut triples = Vec::new();
    for (triple, files) in &groups {
        let expected = match (opts.target, triple) {
            (Some(spec), _) => Some(Expected::from_spec(
                spec,
                opts.target_from
                    .clone()
                    .unwrap_or_else(|| "--target".into()),
            )),
            (None, Some(t)) => crate::target::lookup(t)
                .map(|spec| Expected::from_spec(spec, format!("the target dir layout (`{t}/`)"))),
            (None, None) => infer(files),
        };
        let Some(expected) = expected else {
            if files
                .iter()
                .any(|f| matches!(f.result, Ok(Inspection::Object(_) | Inspection::Archive(_))))
            {
                report.notes.push(
                    "no target could be worked out for some files (no <triple>/ dir, no rustc objects): pass --target".into(),
                );
            }
            continue;
        };
        if let Some(t) = expected.triple() {
            triples.push(t);
        }
        let hits = collect_hits(files, &expected, !opts.link_inputs);
        report
            .findings
            .extend(group_findings(hits, &expected, &units, opts));
        // The link's own libraries, as the build scripts recorded them (the shim judges
        // the real line's -l instead).
        if let (Some(spec), false) = (expected.spec, opts.link_inputs) {
            let start_dirs: Vec<&Path> = opts.paths.iter().map(PathBuf::as_path).collect();
            let linker = opts
                .linker
                .clone()
                .or_else(|| opts.machine.configured_linker(spec, &start_dirs));
            let runs = units.runs().iter().filter(|r| {
                r.unit
                    .as_ref()
                    .and_then(|u| layout::locate(&u.dir).triple)
                    .is_none_or(|t| t.triple == spec.triple)
            });
            let (found, checked) =
                super::linklibs::findings(runs, spec, &expected, linker.as_ref(), opts.machine);
            report.findings.extend(found);
            let all = report.link_libs.get_or_insert_with(Default::default);
            all.libraries += checked.libraries;
            all.dirs += checked.dirs;
            all.in_target_dir += checked.in_target_dir;
            all.unresolved.extend(checked.unresolved);
        }
    }
    triples.dedup();
    report.target = match (opts.target, triples.as_slice()) {
        (Some(t), _) => Some(t.triple.to_string()),
        (None, [one]) => Some(one.to_string()),
        _ => None,
    };
    report.findings.sort_by(|a, b| {
        (a.severity, a.kind, &a.crate_name, &a.path).cmp(&(
            b.severity,
            b.kind,
            &b.crate_name,
            &b.path,
        ))
    });
    report
}

const UNKNOWN_BYTES: &str =
    "neither an archive nor an object a linker takes (unknown or cut-short bytes); not judged";

/// A file whose name says a linker takes it: an archive or an object.
fn names_a_link_input(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "rlib" | "a" | "o" | "obj" | "lib"))
}

/// An archive member whose name says it is an object.
fn names_an_object(name: &[u8]) -> bool {
    name.ends_with(b".o") || name.ends_with(b".obj")
}

/// rustc's own objects say what the target is when nothing else does.
fn infer(files: &[&Inspected]) -> Option<Expected> {
    for f in files {
        match &f.result {
            Ok(Inspection::Archive(a)) => {
                if let Some(m) = a
                    .members
                    .iter()
                    .find(|m| m.is_rustc_object() && m.id.is_some())
                {
                    let id = m.id.as_ref()?;
                    return Some(Expected::from_object(
                        id,
                        format!("rustc's own objects (in {})", f.path.display()),
                    ));
                }
            }
            Ok(Inspection::Object(id))
                if inspect::is_rustc_object_name(file_name_bytes(&f.path).as_slice()) =>
            {
                return Some(Expected::from_object(
                    id,
                    format!("rustc's own object {}", f.path.display()),
                ));
            }
            _ => {}
        }
    }
    // A lone object or archive with no rustc objects: judge it by itself only if it is
    // uniform, which can never yield a finding; so there is nothing to infer.
    None
}

fn file_name_bytes(p: &Path) -> Vec<u8> {
    p.file_name()
        .map(|n| n.to_string_lossy().as_bytes().to_vec())
        .unwrap_or_default()
}

fn discover_units(inspected: &[Inspected]) -> Units {
    let mut build_dirs: Vec<PathBuf> = inspected
        .iter()
        .filter(|i| i.path.extension().is_some_and(|e| e == "rlib"))
        .filter_map(|i| i.path.parent()?.parent().map(|p| p.join("build")))
        .filter(|b| b.is_dir())
        .collect();
    build_dirs.sort();
    build_dirs.dedup();
    let mut units = Units::discover(
        inspected.iter().filter_map(|i| i.loc.unit.clone()),
        &build_dirs,
    );
    for i in inspected {
        let Some(unit) = &i.loc.unit else { continue };
        match &i.result {
            Ok(Inspection::Archive(a)) => {
                for m in &a.members {
                    units.index_member(&unit.dir, &m.name);
                }
            }
            Ok(Inspection::Object(_)) => units.index_member(&unit.dir, &file_name_bytes(&i.path)),
            _ => {}
        }
    }
    units
}

/// `symbol_checks`: also read C objects' symbols and relocations. Off for a link's inputs,
/// where the linker's own words say what is undefined or not PIC.
fn collect_hits<'a>(
    files: &[&'a Inspected],
    expected: &Expected,
    symbol_checks: bool,
) -> Vec<Hit<'a>> {
    let mut hits = Vec::new();
    for &f in files {
        match &f.result {
            Ok(Inspection::Object(_)) if inspect::is_rustc_symbols_object(&f.path) => {}
            Ok(Inspection::Object(id)) => {
                if let Some((kind, reason)) = check(id, expected) {
                    hits.push(Hit {
                        file: f,
                        member: None,
                        found: id,
                        kind,
                        reason,
                    });
                }
            }
            Ok(Inspection::Archive(a)) => hits.extend(archive_hits(f, a, expected)),
            _ => {}
        }
    }
    if symbol_checks {
        hits.extend(symbol_hits(files, expected, &hits));
    }
    // The toolchain's own std for this target has the target's ABI by construction: what
    // looks otherwise is a reading of tags it does not carry, never its fault.
    hits.retain(|h| !(h.kind == Kind::AbiMismatch && in_rustc_sysroot(&h.file.path)));
    hits
}

/// A file of rustc's own sysroot for a target (`…/lib/rustlib/<triple>/lib/…`): std, core,
/// compiler_builtins as shipped with the toolchain (rustup's or a distribution's).
fn in_rustc_sysroot(p: &Path) -> bool {
    let comps: Vec<&std::ffi::OsStr> = p.components().map(|c| c.as_os_str()).collect();
    comps.windows(3).any(|w| {
        w[0] == "rustlib" && w[2] == "lib" && crate::target::from_path_component(w[1]).is_some()
    })
}

/// C objects that fit the machine but call what the target's libc or CPU lacks: glibc-only
/// symbols on a musl target, 64-bit atomics where the widest native atomic is 32 bits.
/// Only C members are read (rustc's own objects are right by construction), only for
/// targets where the question arises.
fn symbol_hits<'a>(files: &[&'a Inspected], expected: &Expected, foreign: &[Hit]) -> Vec<Hit<'a>> {
    let Some(spec) = expected.spec else {
        return Vec::new();
    };
    let musl = spec.env == "musl";
    let narrow_atomics = spec.max_atomic_width < 64;
    // rustc links PIEs by default on Linux: x86-64 C built without -fPIC cannot go in.
    let pie = spec.arch == "x86_64" && spec.os == "linux";
    // Indexed by identity (the file and the member as inspected), not searched: an archive
    // of 262,144 foreign members once made this check quadratic (issue 19).
    let foreign: HashSet<(*const Inspected, *const Member)> = foreign
        .iter()
        .map(|h| hit_identity(h.file, h.member))
        .collect();
    let is_foreign = |f: &Inspected, m: Option<&Member>| foreign.contains(&hit_identity(f, m));
    let mut out = Vec::new();
    for &f in files {
        if let Ok(Inspection::Archive(a)) = &f.result
            && !a.has_index
            && let Some(first) = a.members.iter().find_map(|m| m.id.as_ref())
        {
            out.push(Hit {
                file: f,
                member: None,
                found: first,
                kind: Kind::ArchiveNoIndex,
                reason: "no symbol index (`ar s` or ranlib never ran on it)".into(),
            });
        }
        if !musl && !narrow_atomics && !pie {
            continue;
        }
        let objects: Vec<(Option<&Member>, &ObjectId)> = match &f.result {
            Ok(Inspection::Object(id)) => vec![(None, id)],
            Ok(Inspection::Archive(a)) => a
                .members
                .iter()
                .filter(|m| !m.is_rustc_object())
                .filter_map(|m| Some((Some(m), m.id.as_ref()?)))
                .collect(),
            _ => Vec::new(),
        };
        for (m, id) in objects {
            if id.format != crate::artifacts::Format::Elf || is_foreign(f, m) {
                continue;
            }
            if m.is_none()
                && (inspect::is_rustc_object_name(file_name_bytes(&f.path).as_slice())
                    || inspect::is_rustc_symbols_object(&f.path))
            {
                continue;
            }
            if pie && inspect::x86_64_non_pic(&f.path, m).unwrap_or(false) {
                out.push(Hit {
                    file: f,
                    member: m,
                    found: id,
                    kind: Kind::PicMismatch,
                    reason: "absolute 32-bit relocations (R_X86_64_32/32S): built without -fPIC"
                        .into(),
                });
            }
            if !musl && !narrow_atomics {
                continue;
            }
            let Ok(syms) = inspect::symbols(&f.path, m) else {
                continue;
            };
            let undefined = |pred: fn(&str) -> bool| -> Vec<String> {
                syms.iter()
                    .filter(|(_, defined)| !defined)
                    .map(|(n, _)| String::from_utf8_lossy(n).into_owned())
                    .filter(|n| pred(n))
                    .collect()
            };
            let glibc = if musl {
                undefined(super::symbols::is_glibc_only)
            } else {
                Vec::new()
            };
            let atomics = if narrow_atomics {
                undefined(super::symbols::is_atomic64)
            } else {
                Vec::new()
            };
            for (kind, syms) in [(Kind::LibcMismatch, glibc), (Kind::MissingAtomics, atomics)] {
                if !syms.is_empty() {
                    out.push(Hit {
                        file: f,
                        member: m,
                        found: id,
                        kind,
                        reason: format!("references {}", syms.join(", ")),
                    });
                }
            }
        }
    }
    out
}

/// Which object a hit is about: its file and member, by address (both live as long as the
/// scan's inspections).
fn hit_identity(f: &Inspected, m: Option<&Member>) -> (*const Inspected, *const Member) {
    (f, m.map_or(std::ptr::null(), |m| m as *const Member))
}

fn archive_hits<'a>(f: &'a Inspected, a: &'a ArchiveInfo, expected: &Expected) -> Vec<Hit<'a>> {
    if a.fat {
        // A fat file is fine when one slice fits; otherwise every slice is foreign.
        let ids: Vec<&ObjectId> = a.members.iter().filter_map(|m| m.id.as_ref()).collect();
        if ids.iter().any(|id| check(id, expected).is_none()) {
            return Vec::new();
        }
    }
    a.members
        .iter()
        .filter_map(|m| {
            let id = m.id.as_ref()?;
            let (kind, reason) = check(id, expected)?;
            Some(Hit {
                file: f,
                member: Some(m),
                found: id,
                kind,
                reason,
            })
        })
        .collect()
}

fn check(id: &ObjectId, expected: &Expected) -> Option<(Kind, String)> {
    // Executables and shared libraries in the target dir are outputs, not link inputs,
    // except shared libraries a build script put in its out dir; compare them all alike.
    if id.file_type == FileType::Other {
        return None;
    }
    compare(id, expected)
}

/// Who is to blame for a hit: the crate (of the unit that produced it, or of its rlib),
/// else the file.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Owner {
    Crate(String),
    File(PathBuf),
}

fn group_findings(
    hits: Vec<Hit>,
    expected: &Expected,
    units: &Units,
    opts: &ScanOptions,
) -> Vec<Finding> {
    // One finding per owner and reason: members at fault for different reasons (a
    // hard-float member next to a wrong-machine one) are never folded under one reason.
    type Key = (Owner, Kind, String);
    let mut by_owner: BTreeMap<Key, Vec<(Hit, Option<&BuildRun>)>> = BTreeMap::new();
    // What depends on the file alone is worked out once per file, not per member: an
    // archive of 262,144 foreign members is one lookup (issue 19).
    type PerFile<'u> = (Option<String>, Option<&'u BuildRun>, Option<&'u BuildRun>);
    let mut per_file: HashMap<*const Inspected, PerFile> = HashMap::new();
    for h in hits {
        let (crate_name, by_dir, by_crate) = per_file
            .entry(h.file as *const Inspected)
            .or_insert_with(|| {
                let crate_name = h
                    .file
                    .path
                    .file_name()
                    .filter(|_| h.file.path.extension().is_some_and(|e| e == "rlib"))
                    .and_then(layout::crate_of_rlib);
                let by_dir = h.file.loc.unit.as_ref().and_then(|u| units.by_dir(&u.dir));
                let by_crate = crate_name
                    .as_deref()
                    .and_then(|c| units.by_crate(c, expected.triple()));
                (crate_name, by_dir, by_crate)
            })
            .clone();
        let run = by_dir
            .or_else(|| h.member.and_then(|m| units.by_member(&m.name)))
            .or(by_crate);
        let unit = run
            .and_then(|r| r.unit.as_ref())
            .or(h.file.loc.unit.as_ref());
        let owner = match (unit, &crate_name) {
            // A unit's package and an rlib's crate are one culprit (`miniz-sys` is
            // `miniz_sys`), also when the build script's record that would tie the rlib to
            // its unit is missing (issue 19: each crate once).
            (Some(u), _) => Owner::Crate(u.package.replace('-', "_")),
            (None, Some(c)) => Owner::Crate(c.clone()),
            (None, None) => Owner::File(h.file.path.clone()),
        };
        // Symbol-level kinds list each member's own symbols in its reason: one cause.
        let reason = match h.kind {
            Kind::WrongArchitecture | Kind::AbiMismatch => h.reason.clone(),
            _ => String::new(),
        };
        let key = (owner, h.kind, reason);
        by_owner.entry(key).or_default().push((h, run));
    }
    let start_dirs: Vec<&Path> = opts.paths.iter().map(PathBuf::as_path).collect();
    let linker = opts.linker.clone().or_else(|| {
        expected
            .spec
            .and_then(|s| opts.machine.configured_linker(s, &start_dirs))
    });
    // A compiler variable cc-rs reads for the target (global, `TARGET_CC` or the target's
    // own, in either spelling) is the same for every build script of one cargo run: what
    // one recorded is what cmake-rs, which records nothing, got from cc-rs too.
    let global_cc = expected.triple().and_then(|t| {
        units.runs().iter().find_map(|r| {
            r.cc_source(t).map(|(var, value)| {
                let who = r.unit.as_ref().map(|u| u.package.clone());
                (var, value, who)
            })
        })
    });
    by_owner
        .into_values()
        .map(|hits| culprit::build_finding(hits, expected, linker.as_ref(), global_cc.as_ref()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 19: an archive of 262,144 foreign members for a musl MIPS target took minutes:
    /// each member's symbol check searched every foreign hit. Here 300,000 members, in
    /// memory (no file is read: every member is foreign, so none needs its symbols), go
    /// through the hits, the symbol checks and the grouping: linear is a second or two even
    /// in a debug build, quadratic (4.5e10 comparisons) would be many minutes. No timing is
    /// asserted but a generous bound, run on a thread so that a regression fails instead of
    /// hanging.
    #[test]
    fn many_foreign_members_stay_linear() {
        const N: usize = 300_000;
        let done = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let id: ObjectId = serde_json::from_value(serde_json::json!({
                "format": "elf", "arch": "x86_64", "machine": 62, "bits": 64,
                "endian": "little", "file_type": "relocatable"
            }))
            .unwrap();
            let members = (0..N)
                .map(|i| Member {
                    name: format!("m{i}.o").into_bytes(),
                    offset: 0,
                    size: 0,
                    external: None,
                    id: Some(id.clone()),
                    error: None,
                })
                .collect();
            let file = Inspected {
                path: "/nonexistent/target/mips-unknown-linux-musl/debug/deps/libwide.a".into(),
                loc: Location::default(),
                result: Ok(Inspection::Archive(ArchiveInfo {
                    thin: false,
                    has_index: true,
                    fat: false,
                    members,
                    error: None,
                })),
            };
            let spec = crate::target::lookup("mips-unknown-linux-musl").unwrap();
            let expected = Expected::from_spec(spec, "test".into());
            let hits = collect_hits(&[&file], &expected, true);
            let opts = ScanOptions {
                paths: Vec::new(),
                target: Some(spec),
                link_inputs: false,
                target_from: None,
                linker: None,
                machine: &crate::toolchain::machine::Nothing,
            };
            let findings = group_findings(hits, &expected, &Units::default(), &opts);
            let _ = done
                .0
                .send(findings.iter().map(|f| f.members.len()).sum::<usize>());
        });
        let at_fault = done
            .1
            .recv_timeout(std::time::Duration::from_secs(120))
            .expect("300,000 foreign members were not judged within 2 minutes: quadratic again?");
        assert_eq!(at_fault, N);
    }

    #[test]
    fn rustc_sysroot_files_are_known() {
        assert!(in_rustc_sysroot(Path::new(
            "/usr/lib/rustlib/armv7-unknown-linux-gnueabihf/lib/libcompiler_builtins-04ffb316ffd03dd5.rlib"
        )));
        assert!(!in_rustc_sysroot(Path::new(
            "/t/target/armv7-unknown-linux-gnueabihf/debug/deps/libbzip2_sys-9fde800ee17fafcb.rlib"
        )));
        assert!(!in_rustc_sysroot(Path::new(
            "/x/rustlib/not-a-target/lib/a.rlib"
        )));
    }

    #[test]
    fn unjudged_counts_files_not_problems() {
        let report = ScanReport {
            problems: vec![
                ("lib.a".into(), "member a.o: truncated".into()),
                ("lib.a".into(), "member b.o: truncated".into()),
                (
                    "fifo.o".into(),
                    "not a regular file (a FIFO); not read".into(),
                ),
            ],
            ..Default::default()
        };
        assert_eq!(report.unjudged(), 2);
        assert_eq!(ScanReport::default().unjudged(), 0);
    }

    #[test]
    fn a_file_that_cannot_be_read_is_not_inspected() {
        let dir = std::env::temp_dir().join(format!("xlinkdiag-scan-unit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        // Too short for an ELF header.
        std::fs::write(dir.join("cut.o"), b"\x7fELF\x01").unwrap();
        let report = scan(&ScanOptions {
            paths: vec![dir.join("cut.o"), dir.join("missing.o")],
            target: crate::target::lookup("mips-unknown-linux-musl"),
            link_inputs: false,
            target_from: None,
            linker: None,
            machine: &crate::toolchain::machine::Nothing,
        });
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(report.unjudged(), 2, "{:?}", report.problems);
        assert!(report.findings.is_empty());
        // Neither counts as inspected: one fails at its header, the other cannot be opened,
        // so a scan of only these exits 2.
        assert_eq!(report.inspected, 0, "{:?}", report.problems);
    }
}
