//! The settings that make a cross build right for one toolchain, worked out once and
//! rendered in several formats. The compiler is probed first: the settings name only a
//! toolchain whose objects the target can link, plus the flag it needs when its default
//! float ABI is not the target's (Debian's MIPS gcc is hard-float; the Rust target is not).

use std::path::PathBuf;

use crate::diagnose::fit::{self, Verdict};
use crate::target::TargetSpec;
use crate::toolchain::verify::Verifier;
use crate::toolchain::{ccrs, probe};

use super::toolchain::Toolchain;

pub struct PkgConfig {
    pub sysroot: Option<String>,
    pub libdir: String,
    /// Needed when there is no sysroot to imply it (Debian's multiarch dirs).
    pub allow_cross: bool,
}

pub struct Plan {
    pub spec: &'static TargetSpec,
    pub toolchain: Toolchain,
    /// The xlinkdiag to link through; `None` links with the toolchain's gcc directly.
    pub xlinkdiag: Option<String>,
    pub cflag: Option<&'static str>,
    pub host_cc: String,
    pub host_cxx: String,
    pub pkg: Option<PkgConfig>,
    pub openssl_dir: Option<PathBuf>,
    /// What the probe showed, and anything to warn about, as comment lines.
    pub comments: Vec<String>,
}

impl Plan {
    /// Probes the toolchain's compiler for `spec` and works out the settings; `Err` when
    /// the toolchain cannot make objects the target links.
    pub fn new(
        v: &Verifier,
        spec: &'static TargetSpec,
        toolchain: Toolchain,
        xlinkdiag: Option<String>,
    ) -> Result<Plan, String> {
        let mut comments = Vec::new();
        if let Some(named) = toolchain.named_target().filter(|t| *t != spec.triple) {
            comments.push(format!(
                "warning: the toolchain is OpenWrt's for {named}, not {}",
                spec.triple
            ));
        }
        let cflag = fits(v, spec, &toolchain, &mut comments)?;
        let host = |c: &str, fallback: &str| {
            if probe::which(c).is_some() {
                c.to_string()
            } else {
                fallback.to_string()
            }
        };
        let pkg = pkg_config(v, &toolchain);
        let openssl_dir = toolchain
            .sysroot
            .as_ref()
            .map(|s| s.join("usr"))
            .filter(|u| {
                u.join("include/openssl/opensslv.h").is_file()
                    || u.join("include/openssl/ssl.h").is_file()
            });
        Ok(Plan {
            spec,
            host_cc: host("cc", "gcc"),
            host_cxx: host("c++", "g++"),
            toolchain,
            xlinkdiag,
            cflag,
            pkg,
            openssl_dir,
            comments,
        })
    }

    /// The settings as environment variables, in the order they are printed.
    pub fn vars(&self) -> Vec<(String, String)> {
        let t = &self.toolchain;
        let us = self.spec.underscored();
        let mut v = vec![(
            self.spec.linker_var(),
            self.xlinkdiag.clone().unwrap_or(t.cc.clone()),
        )];
        if self.xlinkdiag.is_some() {
            v.push((crate::shim_setup::LINKER_VAR.to_string(), t.cc.clone()));
        }
        v.push((format!("CC_{us}"), t.cc.clone()));
        if let Some(cxx) = &t.cxx {
            v.push((format!("CXX_{us}"), cxx.clone()));
        }
        v.push((format!("AR_{us}"), t.ar.clone()));
        if let Some(f) = self.cflag {
            v.push((format!("CFLAGS_{us}"), f.to_string()));
            v.push((format!("CXXFLAGS_{us}"), f.to_string()));
        }
        v.push(("HOST_CC".into(), self.host_cc.clone()));
        v.push(("HOST_CXX".into(), self.host_cxx.clone()));
        if let Some(s) = t.staging_dir() {
            v.push(("STAGING_DIR".into(), s.display().to_string()));
        }
        let pu = self.spec.underscored();
        if let Some(p) = &self.pkg {
            if let Some(s) = &p.sysroot {
                v.push((format!("PKG_CONFIG_SYSROOT_DIR_{pu}"), s.clone()));
            }
            v.push((format!("PKG_CONFIG_PATH_{pu}"), p.libdir.clone()));
            v.push((format!("PKG_CONFIG_LIBDIR_{pu}"), p.libdir.clone()));
            if p.allow_cross {
                v.push((format!("PKG_CONFIG_ALLOW_CROSS_{pu}"), "1".into()));
            }
        }
        if let Some(o) = &self.openssl_dir {
            v.push((
                crate::target::vars::openssl_var(self.spec.triple, "OPENSSL_DIR"),
                o.display().to_string(),
            ));
        }
        v
    }
}

/// Probes the compiler with cc-rs's target flags: fits as is, fits with the float flag, or
/// cannot build for the target.
fn fits(
    v: &Verifier,
    spec: &'static TargetSpec,
    t: &Toolchain,
    comments: &mut Vec<String>,
) -> Result<Option<&'static str>, String> {
    if probe::which(&t.cc).is_none() {
        return Err(format!("{} is not installed or not in PATH", t.cc));
    }
    let flags = ccrs::target_flags(spec, false);
    judge(v, spec, t, &flags, comments)
}

fn judge(
    v: &Verifier,
    spec: &'static TargetSpec,
    t: &Toolchain,
    flags: &[String],
    comments: &mut Vec<String>,
) -> Result<Option<&'static str>, String> {
    let cc = t.cc.as_str();
    match fit::check(v, cc, flags, spec) {
        Verdict::Fits(c) => {
            comments.push(format!(
                "checked: {} makes {} objects",
                t.cc,
                fit::describe(&c.object)
            ));
            Ok(None)
        }
        Verdict::Mismatch {
            compiled,
            kind,
            reason,
        } => {
            let fixed = (kind == crate::diagnose::Kind::AbiMismatch)
                .then(|| fit::flag_that_fixes(v, cc, flags, spec))
                .flatten();
            match fixed {
                Some(f) => {
                    comments.push(format!(
                        "checked: {} makes {} objects by default; with {f} they fit {}",
                        t.cc,
                        fit::describe(&compiled.object),
                        spec.triple
                    ));
                    comments.push(format!(
                        "the final link needs it too: add \"-C\", \"link-arg={f}\" to [target.{}] rustflags",
                        spec.triple
                    ));
                    Ok(Some(f))
                }
                None => Err(format!(
                    "{} makes {} objects, which {} cannot link: {reason}",
                    t.cc,
                    fit::describe(&compiled.object),
                    spec.triple
                )),
            }
        }
        Verdict::NoObject(e) => Err(format!(
            "{} could not compile a test file: {}",
            t.cc,
            e.describe()
        )),
    }
}

/// OpenWrt: the SDK's `staging_dir/target-*` is the sysroot of the target's packages.
/// Elsewhere: the compiler's own sysroot, else Debian's multiarch `.pc` dir.
fn pkg_config(v: &Verifier, t: &Toolchain) -> Option<PkgConfig> {
    let dirs = |root: &std::path::Path| {
        format!(
            "{}/usr/lib/pkgconfig:{}/usr/share/pkgconfig",
            root.display(),
            root.display()
        )
    };
    if let Some(s) = &t.sysroot {
        return Some(PkgConfig {
            sysroot: Some(s.display().to_string()),
            libdir: dirs(s),
            allow_cross: false,
        });
    }
    let cc = probe::which(&t.cc)?;
    let budget = v.budget();
    if let Ok(Some(s)) = budget.print_sysroot(&cc, &[]) {
        // Debian's cross compilers answer `/`: no sysroot of their own.
        if s != "/" && std::path::Path::new(&s).is_dir() {
            return Some(PkgConfig {
                libdir: dirs(std::path::Path::new(&s)),
                sysroot: Some(s),
                allow_cross: false,
            });
        }
    }
    let machine = budget.dumpmachine(&cc, &[]).ok()??;
    let multiarch = crate::env::system_path(format!("/usr/lib/{machine}/pkgconfig"));
    multiarch.is_dir().then(|| PkgConfig {
        sysroot: None,
        libdir: multiarch.display().to_string(),
        allow_cross: true,
    })
}

impl Plan {
    /// Without a toolchain to probe: only the Makefile form, whose tools are make variables.
    pub fn unprobed(spec: &'static TargetSpec, xlinkdiag: Option<String>) -> Plan {
        let prefix = super::openwrt::openwrt_for(spec.triple)
            .map(|s| s.prefix())
            .unwrap_or_else(|| format!("{}-", crate::target::gnu::triple(spec)));
        Plan {
            spec,
            toolchain: Toolchain {
                cc: format!("{prefix}gcc"),
                cxx: None,
                ar: format!("{prefix}ar"),
                openwrt: None,
                sysroot: None,
                describe: "the OpenWrt build system's toolchain".into(),
            },
            xlinkdiag,
            cflag: None,
            host_cc: "cc".into(),
            host_cxx: "c++".into(),
            pkg: None,
            openssl_dir: None,
            comments: Vec::new(),
        }
    }
}
