//! The build systems that find things rather than compile them: cmake-rs (a toolchain
//! file, else cc-rs's compilers), pkg-config-rs (may it look at all, and where), and
//! openssl-sys (`<TRIPLE>_OPENSSL_DIR`, else pkg-config).

use std::path::{Path, PathBuf};

use crate::cargo::config::ConfiguredLinker;
use crate::diagnose::Kind;
use crate::diagnose::compare::compare;
use crate::diagnose::fix::{self, openssl};

use super::context::Ctx;
use super::model::{Check, Status};
use super::settings::{Lookup, Value};
use crate::diagnose::fit::{self, Verdict};
use crate::target::gnu::triple as gnu_triple;
use crate::toolchain::verify::{Lang, LibraryCheck};

/// cmake-rs and pkg-config-rs read cc-rs's order: `X_<target>`, `X_<target_>`, `TARGET_X`, `X`.
fn targeted(ctx: &Ctx, var: &str) -> Lookup {
    ctx.settings.first(&crate::target::vars::lookup_order(
        var,
        ctx.spec.triple,
        ctx.cross,
    ))
}

fn skipped(c: &mut Check, why: &str) -> bool {
    c.status = Status::Skipped;
    c.message = why.to_string();
    true
}

/// cmake-rs: a toolchain file decides the compilers; without one, cmake-rs passes cc-rs's
/// (`-DCMAKE_C_COMPILER=`), so the cc-rs check speaks for it too.
pub fn cmake(ctx: &Ctx, cc_check: &Check) -> Check {
    let mut c = Check::new("cmake-rs", "toolchain-file");
    if !ctx.usage.uses("cmake-rs") && skipped(&mut c, "no crate in Cargo.lock uses cmake-rs") {
        return c;
    }
    let l = targeted(ctx, "CMAKE_TOOLCHAIN_FILE");
    c.unset = l.unset.clone();
    let Some(v) = l.found else {
        c.from = "cc-rs's C compiler (no toolchain file)".into();
        c.value = cc_check.value.clone();
        c.status = if cc_check.status == Status::Error {
            Status::Error
        } else {
            Status::Ok
        };
        c.kind = cc_check.kind;
        c.env = cc_check.env.clone();
        c.message = if cc_check.status == Status::Error && cc_check.kind.is_none() {
            format!(
                "cmake-rs passes cc-rs's C compiler to CMake (-DCMAKE_C_COMPILER), so CMake builds fail the same way: {}",
                cc_check.message
            )
        } else if cc_check.status == Status::Error {
            format!(
                "cmake-rs passes cc-rs's C compiler to CMake (-DCMAKE_C_COMPILER), so CMake builds make the same wrong objects: {}",
                cc_check.message
            )
        } else {
            "cmake-rs passes cc-rs's C compiler to CMake (-DCMAKE_C_COMPILER)".into()
        };
        if cc_check.status == Status::Error {
            c.help.push(fix::wording::cmake_takes_cc(ctx.spec));
        }
        return c;
    };
    c.value = Some(v.value.clone());
    c.from = v.source();
    let file = PathBuf::from(&v.value);
    // A toolchain file is a short CMake script; a larger one is not worth reading whole.
    let Ok(text) = crate::fsio::read_string_capped(&file, 4 << 20) else {
        c.fail(
            Status::Warning,
            None,
            format!(
                "the toolchain file {} cannot be read: CMake will stop",
                file.display()
            ),
        );
        return c;
    };
    let Some(cc) = cmake_set(&text, "CMAKE_C_COMPILER") else {
        c.fail(
            Status::Warning,
            None,
            format!(
                "{} does not set CMAKE_C_COMPILER: CMake will look for `cc`, the host's",
                file.display()
            ),
        );
        return c;
    };
    c.notes
        .push(format!("CMAKE_C_COMPILER {cc} in {}", file.display()));
    let examined = ctx.examine(&mut c, Lang::C, &cc, &[], ctx.spec, Kind::CrossToolMissing);
    match examined {
        Some((Verdict::Fits(_), check)) => ctx.libc(&mut c, &check, "CMake's C compiler", false),
        Some((
            Verdict::Mismatch {
                compiled,
                kind,
                reason,
            },
            _,
        )) => {
            c.fail(
                Status::Error,
                Some(kind),
                format!(
                    "CMake builds for {} will use `{cc}` from {}, which makes {} objects: {reason}",
                    ctx.spec.triple,
                    file.display(),
                    fit::describe(&compiled.object)
                ),
            );
            if let Some(s) = ctx.suggestion() {
                c.help.push(format!(
                    "set CMAKE_C_COMPILER to {} in {}",
                    s.cc,
                    file.display()
                ));
            }
        }
        Some((Verdict::NoObject(e), _)) => c.fail(
            Status::Warning,
            None,
            format!("`{cc}` could not compile the probe: {}", e.describe()),
        ),
        None => {}
    }
    c
}

/// `set(NAME value)` / `set(NAME "value" CACHE …)` in a CMake file.
fn cmake_set(text: &str, name: &str) -> Option<String> {
    for line in text.lines() {
        let l = line.trim();
        let Some(rest) = l.strip_prefix("set(").or_else(|| l.strip_prefix("SET(")) else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(args) = rest.strip_prefix(name) else {
            continue;
        };
        if !args.starts_with(char::is_whitespace) {
            continue;
        }
        let args = args.trim_start();
        let value = match args.strip_prefix('"') {
            Some(q) => q.split('"').next()?.to_string(),
            None => args
                .split(|ch: char| ch.is_whitespace() || ch == ')')
                .next()?
                .to_string(),
        };
        return Some(value).filter(|v| !v.is_empty());
    }
    None
}

/// Library dirs of the build machine: what pkg-config answers from when nothing points it
/// at the target.
fn is_host_dir(p: &Path) -> bool {
    let s = p.to_string_lossy();
    [
        "/usr/lib",
        "/usr/lib64",
        "/usr/share",
        "/usr/local/lib",
        "/usr/local/share",
        "/lib",
    ]
    .iter()
    .any(|h| s == *h || s.starts_with(&format!("{h}/pkgconfig")) || host_multiarch(&s, h))
}

fn host_multiarch(s: &str, h: &str) -> bool {
    let arch = std::env::consts::ARCH;
    s.starts_with(&format!("{h}/{arch}-linux-gnu"))
}

pub fn pkg_config(ctx: &Ctx) -> Check {
    let mut c = Check::new("pkg-config-rs", "library-lookup");
    if !ctx.usage.uses("pkg-config-rs")
        && skipped(
            &mut c,
            "no crate uses pkg-config-rs (Cargo.lock, with the features cargo resolves)",
        )
    {
        return c;
    }
    if !ctx.cross && skipped(&mut c, "not a cross build") {
        return c;
    }
    // openssl-sys asks pkg-config only when its own variables leave a dir unknown.
    let vars = |n: &str| Some(ctx.settings.get(n).map(|v| v.value));
    let users = ctx.usage.users.get("pkg-config-rs");
    if users.is_some_and(|u| !u.is_empty() && u.iter().all(|k| k == "openssl-sys"))
        && !openssl::asks_pkg_config(ctx.spec, &vars)
        && skipped(
            &mut c,
            "openssl-sys, the only crate that would ask pkg-config, has its lib and include dirs from its own variables",
        )
    {
        return c;
    }
    let allow = targeted(ctx, "PKG_CONFIG_ALLOW_CROSS");
    let exe = targeted(ctx, "PKG_CONFIG");
    let sysroot = targeted(ctx, "PKG_CONFIG_SYSROOT_DIR");
    let path = targeted(ctx, "PKG_CONFIG_PATH");
    let libdir = targeted(ctx, "PKG_CONFIG_LIBDIR");
    let allowed = match &allow.found {
        Some(v) if v.value == "0" => false,
        Some(_) => true,
        None => exe.found.is_some() || sysroot.found.is_some(),
    };
    let show = |v: &Option<Value>| v.as_ref().map(|v| format!("{}={}", v.source(), v.value));
    let set: Vec<String> = [
        &allow.found,
        &exe.found,
        &sysroot.found,
        &path.found,
        &libdir.found,
    ]
    .into_iter()
    .filter_map(show)
    .collect();
    c.from = if set.is_empty() {
        "nothing set".into()
    } else {
        set.join(", ")
    };
    // The fix builder's answer, with the driver's sysroot when it has one.
    let sysroot_fix = |c: &mut Check| {
        let f = fix::suggest(
            Kind::PkgConfigCross,
            ctx.spec,
            crate::cargo::build_output::BuildSystem::PkgConfig,
            None,
            &toolchain_prefix(ctx),
        );
        c.env.extend(f.env);
        c.help.extend(f.help);
    };
    if !allowed {
        c.fail(
            Status::Warning,
            Some(Kind::PkgConfigCross),
            format!(
                "pkg-config-rs will refuse to look up libraries for {}: nothing says where the target's .pc files are",
                ctx.spec.triple
            ),
        );
        sysroot_fix(&mut c);
        return c;
    }
    let dirs: Vec<PathBuf> = [&path.found, &libdir.found]
        .into_iter()
        .flatten()
        .flat_map(|v| std::env::split_paths(&v.value).collect::<Vec<_>>())
        .collect();
    for d in &dirs {
        if !d.is_dir() {
            c.notes.push(format!("{} does not exist", d.display()));
        }
    }
    // `/usr/share/pkgconfig` holds arch-independent `.pc` files (Debian policy): next to
    // the target's own dir it is the usual multiarch setting, not the host's libraries.
    let has_target_dir = dirs.iter().any(|d| !is_host_dir(d));
    let arch_independent = |d: &Path| {
        d.starts_with("/usr/share/pkgconfig") || d.starts_with("/usr/local/share/pkgconfig")
    };
    let host_dirs: Vec<String> = dirs
        .iter()
        .filter(|d| is_host_dir(d) && !(has_target_dir && arch_independent(d)))
        .map(|d| d.display().to_string())
        .collect();
    match (&sysroot.found, &libdir.found) {
        (None, None) => {
            c.fail(
                Status::Error,
                Some(Kind::HostLibraryPath),
                format!(
                    "pkg-config is allowed to answer for {} but still searches the host's .pc files: libraries will be the host's",
                    ctx.spec.triple
                ),
            );
            sysroot_fix(&mut c);
            host_answers(ctx, &mut c);
        }
        (None, Some(_)) if !host_dirs.is_empty() => {
            c.fail(
                Status::Error,
                Some(Kind::HostLibraryPath),
                format!(
                    "pkg-config will read the host's .pc files in {}",
                    host_dirs.join(", ")
                ),
            );
            sysroot_fix(&mut c);
            host_answers(ctx, &mut c);
        }
        (Some(s), _) if !Path::new(&s.value).is_dir() => {
            c.fail(
                Status::Warning,
                None,
                format!("PKG_CONFIG_SYSROOT_DIR {} does not exist", s.value),
            );
        }
        // The build machine's own root as the sysroot: the host's .pc files, unchanged.
        (Some(s), None) if Path::new(s.value.trim()) == Path::new("/") => {
            c.fail(
                Status::Error,
                Some(Kind::HostLibraryPath),
                format!(
                    "{}=/ is the build machine's root and PKG_CONFIG_LIBDIR is not set: pkg-config answers for {} with the host's .pc files, and the libraries will be the host's",
                    s.source(),
                    ctx.spec.triple
                ),
            );
            sysroot_fix(&mut c);
            host_answers(ctx, &mut c);
        }
        (Some(_), None) => {
            c.fail(
                Status::Warning,
                None,
                "PKG_CONFIG_LIBDIR is not set: pkg-config also reads the host's .pc files, and a library missing from the target is then not found".into(),
            );
            sysroot_fix(&mut c);
        }
        _ => {
            c.message = format!(
                "pkg-config will look in {}",
                dirs.iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join(":")
            );
            pc_files_there(ctx, &mut c, &dirs);
        }
    }
    c
}

/// The `.pc` files the -sys crates people cross-build most ask pkg-config for (their
/// build scripts' `probe_library` names), sorted by crate.
const PC_NAMES: &[(&str, &[&str])] = &[
    ("alsa-sys", &["alsa"]),
    ("bzip2-sys", &["bzip2"]),
    ("curl-sys", &["libcurl"]),
    ("dbus", &["dbus-1"]),
    ("expat-sys", &["expat"]),
    ("fontconfig-sys", &["fontconfig"]),
    ("freetype-sys", &["freetype2"]),
    // hidapi 2.6: its default `linux-static-hidraw` backend asks for libudev.
    ("hidapi", &["libudev"]),
    ("libdbus-sys", &["dbus-1"]),
    ("libgit2-sys", &["libgit2"]),
    ("libpulse-sys", &["libpulse"]),
    ("libsqlite3-sys", &["sqlite3"]),
    ("libssh2-sys", &["libssh2"]),
    ("libudev-sys", &["libudev"]),
    ("libusb1-sys", &["libusb-1.0"]),
    ("libz-sys", &["zlib"]),
    ("lzma-sys", &["liblzma"]),
    ("openssl-sys", &["openssl"]),
    ("x11", &["x11"]),
    ("zstd-sys", &["libzstd"]),
];

/// The `.pc` names `package`'s build script asks pkg-config for, when the table knows it
/// (`fix` checks a pkg-config dir against them before writing it).
pub(crate) fn pc_names(package: &str) -> &'static [&'static str] {
    PC_NAMES
        .binary_search_by(|(k, _)| k.cmp(&package))
        .map_or(&[], |i| PC_NAMES[i].1)
}

/// The `.pc` names the project's pkg-config-rs users ask for: (crate, name).
fn asked_pc(ctx: &Ctx) -> Vec<(&'static str, &'static str)> {
    let users = ctx.usage.users.get("pkg-config-rs");
    let mut asked: Vec<(&str, &str)> = Vec::new();
    for user in users.into_iter().flatten() {
        if let Ok(i) = PC_NAMES.binary_search_by(|(k, _)| k.cmp(&user.as_str())) {
            asked.extend(PC_NAMES[i].1.iter().map(|n| (PC_NAMES[i].0, *n)));
        }
    }
    asked
}

/// pkg-config answers with the host's `.pc` files, so the build scripts put the host's
/// library dir on the link. Whether that fails the link is up to the target's own copies:
/// where the target's `.pc` files (Debian's multiarch dir, from its `:<arch>` -dev
/// packages) hold every library the crates ask for, ld passes over the host's libraries as
/// incompatible and links the target's, so the build links: a warning (issue 21 item 8).
/// Else the error stands, naming the package that gives the target each missing one.
fn host_answers(ctx: &Ctx, c: &mut Check) {
    let asked = asked_pc(ctx);
    if asked.is_empty() {
        return;
    }
    let gnu = gnu_triple(ctx.spec);
    let own = [
        crate::env::system_path(format!("/usr/lib/{gnu}/pkgconfig")),
        crate::env::system_path("/usr/share/pkgconfig"),
    ];
    let names: Vec<&str> = asked.iter().map(|(_, n)| *n).collect();
    let found = ctx.verify.pc_files(&own, &names);
    if found.complete() {
        c.status = Status::Warning;
        c.notes.push(format!(
            "the target's own .pc files are installed ({}): ld passes over the host's libraries as incompatible and links the target's, so the build links; the host's dir on the link is still wrong",
            found.found_paths()
        ));
        return;
    }
    for m in &found.missing {
        c.help
            .push(ctx.dpkg.pc_advice(ctx.host, ctx.spec, &m.name).text());
    }
}

/// Whether the dirs pkg-config will read hold the `.pc` files the project's crates ask
/// for (and what those require); for each one missing, the package that provides it for
/// the target (the owner of the host's copy, for the target's architecture).
fn pc_files_there(ctx: &Ctx, c: &mut Check, dirs: &[PathBuf]) {
    let asked = asked_pc(ctx);
    if asked.is_empty() {
        return;
    }
    let names: Vec<&str> = asked.iter().map(|(_, n)| *n).collect();
    let found = ctx.verify.pc_files(dirs, &names);
    if found.complete() {
        c.notes
            .push(format!("found there: {}", found.found_paths()));
        return;
    }
    let missing: Vec<String> = found
        .missing
        .iter()
        .map(|m| {
            let by = match &m.required_by {
                Some(pc) => format!("{pc}.pc requires it"),
                None => asked
                    .iter()
                    .filter(|(_, n)| *n == m.name)
                    .map(|(k, _)| *k)
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            format!("{}.pc ({by})", m.name)
        })
        .collect();
    c.fail(
        Status::Warning,
        Some(Kind::MissingLibrary),
        format!(
            "pkg-config will not find {} for {} in {}: the build script stops there",
            missing.join(", "),
            ctx.spec.triple,
            dirs.iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(":")
        ),
    );
    for m in &found.missing {
        c.help
            .push(ctx.dpkg.pc_advice(ctx.host, ctx.spec, &m.name).text());
    }
}

/// The linker driver's sysroot (`-print-sysroot`), when it has one.
fn toolchain_sysroot(ctx: &Ctx) -> Option<String> {
    let real = ctx.linker.real.as_ref()?;
    let s = ctx.verify.budget().print_sysroot(real, &[]).ok()??;
    // Debian's cross compilers answer `/`: no sysroot of their own.
    (s != "/" && Path::new(&s).is_dir()).then_some(s)
}

/// openssl-sys, in its own lookup order (`diagnose::fix::openssl`): the lib dir it will
/// search and the object of the library there; a foreign one gets the fix every mode gives.
pub fn openssl(ctx: &Ctx) -> Check {
    let mut c = Check::new("openssl-sys", "openssl");
    if !ctx.usage.uses("openssl-sys") && skipped(&mut c, "no crate in Cargo.lock uses openssl-sys")
    {
        return c;
    }
    let vars = |n: &str| Some(ctx.settings.get(n).map(|v| v.value));
    if ctx.usage.openssl_vendored && !openssl::no_vendor(ctx.spec, &vars) {
        skipped(
            &mut c,
            "openssl-sys builds OpenSSL from source (its `vendored` feature): it reads no OPENSSL_* dir and asks no pkg-config; the cc-rs checks cover the compiler it uses",
        );
        return c;
    }
    if ctx.usage.users.contains_key("openssl-src") {
        c.notes.push("openssl-src is in Cargo.lock: with the `vendored` feature OpenSSL is built with cc-rs's compiler".into());
    }
    // The names read before the one that took effect, as the check's `unset`.
    let order: Vec<String> = [openssl::LIB_DIR, openssl::DIR]
        .iter()
        .flat_map(|n| [openssl::target_var(ctx.spec, n), n.to_string()])
        .collect();
    let Some((libdir, taken)) = openssl::lib_dir(ctx.spec, &vars) else {
        c.unset = order;
        c.from = "pkg-config (no OPENSSL_DIR)".into();
        c.status = Status::Note;
        c.message =
            "openssl-sys will ask pkg-config for OpenSSL: see the pkg-config-rs check".into();
        c.help.push(format!(
            "or point {} and {} at the target's OpenSSL",
            openssl::target_var(ctx.spec, openssl::LIB_DIR),
            openssl::target_var(ctx.spec, openssl::INCLUDE_DIR)
        ));
        return c;
    };
    c.unset = order.into_iter().take_while(|n| *n != taken.name).collect();
    c.value = Some(libdir.display().to_string());
    c.from = ctx
        .settings
        .get(&taken.name)
        .map_or_else(|| taken.name.clone(), |v| v.source());
    // As ld looks them up: `.so` before `.a` in the dir, a file for another machine passed
    // over, an ld script followed.
    let mut looked = ctx
        .verify
        .library(std::slice::from_ref(&libdir), "ssl", ctx.spec);
    if matches!(looked, LibraryCheck::Missing { .. }) {
        looked = ctx
            .verify
            .library(std::slice::from_ref(&libdir), "crypto", ctx.spec);
    }
    let (lib, id) = match looked {
        LibraryCheck::Missing { .. } => {
            c.fail(
                Status::Warning,
                Some(Kind::OpensslNotFound),
                format!(
                    "no libssl or libcrypto in {}: openssl-sys will fail",
                    libdir.display()
                ),
            );
            add_fix(ctx, &mut c, &vars);
            c.help
                .push(ctx.dpkg.library_advice(ctx.host, ctx.spec, "ssl").text());
            return c;
        }
        LibraryCheck::Unreadable { path, error } => {
            c.path = Some(path.display().to_string());
            c.status = Status::Note;
            c.message = format!("{} cannot be judged: {error}", path.display());
            return c;
        }
        LibraryCheck::WrongMachine {
            path,
            object,
            reason,
        } => {
            c.path = Some(path.display().to_string());
            c.object = Some(object.clone());
            c.fail(
                Status::Error,
                Some(Kind::HostLibraryPath),
                format!("{} is {}: {reason}", path.display(), fit::describe(&object)),
            );
            add_fix(ctx, &mut c, &vars);
            return c;
        }
        LibraryCheck::Found { path, object, .. } => (path, object),
    };
    c.path = Some(lib.display().to_string());
    let Some(id) = id else {
        c.status = Status::Note;
        c.message = format!("{} holds no object to check", lib.display());
        return c;
    };
    c.object = Some(id.clone());
    match compare(&id, &fit::expected(ctx.spec)) {
        None => {
            c.message = format!(
                "{} is {}, as {} needs",
                lib.display(),
                fit::describe(&id),
                ctx.spec.triple
            )
        }
        Some((_, reason)) => {
            c.fail(
                Status::Error,
                Some(Kind::HostLibraryPath),
                format!("{} is {}: {reason}", lib.display(), fit::describe(&id)),
            );
            add_fix(ctx, &mut c, &vars);
        }
    }
    c
}

/// The fix builder's answer, as a check carries it: the settings, then what to unset and
/// the rest in the order reports show them.
fn add_fix(ctx: &Ctx, c: &mut Check, vars: openssl::Vars) {
    let f = openssl::fix(ctx.spec, vars, &toolchain_prefix(ctx));
    c.env.extend(f.env.clone());
    c.remove.extend(f.unset.iter().map(|(n, _)| n.clone()));
    let mut help: Vec<String> = f.unset.iter().map(|(_, w)| w.clone()).collect();
    help.extend(f.help);
    c.help.extend(help);
}

/// The toolchain the fix builder looks around: the real linker's prefix and sysroot.
fn toolchain_prefix(ctx: &Ctx) -> fix::CrossPrefix {
    let linker = ctx
        .linker
        .real_name
        .as_ref()
        .or(ctx.linker.configured.as_ref())
        .map(|l| ConfiguredLinker {
            linker: l.clone(),
            source: "the configured linker".into(),
        });
    let mut prefix = fix::cross_prefix(ctx.spec, linker.as_ref());
    prefix.sysroot = toolchain_sysroot(ctx);
    prefix
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmake_set_forms() {
        let t = "# x\nset(CMAKE_SYSTEM_NAME Linux)\nset(CMAKE_C_COMPILER \"/opt/x/bin/mips-openwrt-linux-gcc\")\nSET(CMAKE_CXX_COMPILER g++ CACHE STRING \"\")\n";
        assert_eq!(
            cmake_set(t, "CMAKE_C_COMPILER").as_deref(),
            Some("/opt/x/bin/mips-openwrt-linux-gcc")
        );
        assert_eq!(cmake_set(t, "CMAKE_CXX_COMPILER").as_deref(), Some("g++"));
        assert_eq!(cmake_set(t, "CMAKE_C_FLAGS"), None);
    }

    #[test]
    fn pc_names_sorted() {
        for w in PC_NAMES.windows(2) {
            assert!(w[0].0 < w[1].0, "{} before {}", w[0].0, w[1].0);
        }
    }

    #[test]
    fn host_dirs() {
        assert!(is_host_dir(Path::new("/usr/lib/pkgconfig")));
        assert!(is_host_dir(Path::new("/usr/share/pkgconfig")));
        assert!(!is_host_dir(Path::new(
            "/sdk/staging_dir/target-mips_24kc_musl/usr/lib/pkgconfig"
        )));
    }
}
