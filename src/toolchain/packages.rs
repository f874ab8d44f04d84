//! The package to install when a check fails: which Debian package owns the host's copy
//! of a file (its `.pc`, its library), that package for the target's architecture
//! (`libasound2-dev:amd64` → `libasound2-dev:arm64`), whether that architecture is enabled
//! (`dpkg --add-architecture` only when it is not), and the C library package for a
//! compiler's layout (`libc6-dev-armhf-cross` for Debian's cross gcc, `libc6-dev:armhf`
//! for a multiarch one). Elsewhere the advice is in words.
//!
//! dpkg's own records are read (`/var/lib/dpkg/info/*.list`, `/var/lib/dpkg/arch`), through
//! `crate::env::system_path`, so a test can root them in a temp dir; reading them is faster
//! than asking `dpkg -S` and runs nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::target::TargetSpec;
use crate::target::gnu::{debian_arch, triple as gnu_triple};

use super::verify::LibcLayout;

/// A dpkg `.list` larger than this is not read (the largest on a desktop is a few MB).
const LIST_CAP: u64 = 32 << 20;

/// A package that owns a file, as dpkg names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    pub package: String,
    /// `amd64` for a `Multi-Arch: same` package (`zlib1g-dev:amd64`); `None` otherwise.
    pub arch: Option<String>,
}

/// What to install, as an apt line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Install {
    pub packages: Vec<String>,
    /// The foreign architecture to enable first, when it is not.
    pub add_architecture: Option<String>,
}

impl Install {
    /// `dpkg --add-architecture arm64 && apt-get update && apt-get install libasound2-dev:arm64`
    pub fn command(&self) -> String {
        let install = format!("apt-get install {}", self.packages.join(" "));
        match &self.add_architecture {
            Some(a) => format!("dpkg --add-architecture {a} && apt-get update && {install}"),
            None => install,
        }
    }
}

/// What a user is told to install.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Advice {
    Install(Install),
    /// No package manager that can tell: what to install, in words.
    Words(String),
}

impl Advice {
    pub fn text(&self) -> String {
        match self {
            Advice::Install(i) => format!("install {}: `{}`", i.packages.join(" "), i.command()),
            Advice::Words(w) => w.clone(),
        }
    }
}

/// dpkg's records on this machine (or under a root), with the owners found memoized.
pub struct Dpkg {
    root: PathBuf,
    owners: Mutex<HashMap<PathBuf, Option<Owner>>>,
}

impl Dpkg {
    /// The build machine's own dpkg (under `XLINKDIAG_SYSTEM_ROOT` when set).
    pub fn system() -> Dpkg {
        Dpkg::at(crate::env::system_path("/"))
    }

    /// dpkg's records under `root` (`root/var/lib/dpkg`), files looked at under `root` too.
    pub fn at(root: impl Into<PathBuf>) -> Dpkg {
        Dpkg {
            root: root.into(),
            owners: Mutex::default(),
        }
    }

    /// A system path as it is on disk under the root.
    pub fn real(&self, logical: &Path) -> PathBuf {
        self.root.join(logical.strip_prefix("/").unwrap_or(logical))
    }

    fn info_dir(&self) -> PathBuf {
        self.real(Path::new("/var/lib/dpkg/info"))
    }

    /// Whether this is a Debian-like machine at all.
    pub fn present(&self) -> bool {
        self.info_dir().is_dir()
    }

    /// The architectures dpkg installs for: the native one and those added with
    /// `dpkg --add-architecture` (`/var/lib/dpkg/arch`).
    pub fn architectures(&self, native: Option<&str>) -> Vec<String> {
        let mut out: Vec<String> = native.map(str::to_string).into_iter().collect();
        let file = self.real(Path::new("/var/lib/dpkg/arch"));
        if let Ok(text) = crate::fsio::read_string_capped(&file, 64 << 10) {
            for a in text.split_whitespace() {
                if !out.iter().any(|o| o == a) {
                    out.push(a.to_string());
                }
            }
        }
        out
    }

    /// The package owning a system file (`/usr/lib/x86_64-linux-gnu/pkgconfig/zlib.pc`),
    /// from dpkg's file lists. Merged-/usr twins (`/lib/…` and `/usr/lib/…`) count as one.
    pub fn owner(&self, file: &Path) -> Option<Owner> {
        if let Some(o) = lock(&self.owners).get(file) {
            return o.clone();
        }
        let wanted = twins(file);
        let found = self.scan(&wanted);
        lock(&self.owners).insert(file.to_path_buf(), found.clone());
        found
    }

    fn scan(&self, wanted: &[String]) -> Option<Owner> {
        let mut lists: Vec<PathBuf> = std::fs::read_dir(self.info_dir())
            .ok()?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "list"))
            .collect();
        lists.sort();
        for list in lists {
            let Ok(text) = crate::fsio::read_string_capped(&list, LIST_CAP) else {
                continue;
            };
            if text.lines().any(|l| wanted.iter().any(|w| w == l)) {
                let stem = list.file_stem()?.to_str()?;
                return Some(match stem.split_once(':') {
                    Some((p, a)) => Owner {
                        package: p.to_string(),
                        arch: Some(a.to_string()),
                    },
                    None => Owner {
                        package: stem.to_string(),
                        arch: None,
                    },
                });
            }
        }
        None
    }

    /// The host's `.pc` file for a pkg-config name, in the host's own pkg-config dirs.
    pub fn host_pc(&self, host: &TargetSpec, name: &str) -> Option<PathBuf> {
        let gnu = gnu_triple(host);
        [
            format!("/usr/lib/{gnu}/pkgconfig"),
            "/usr/lib/pkgconfig".into(),
            "/usr/share/pkgconfig".into(),
            "/usr/local/lib/pkgconfig".into(),
        ]
        .iter()
        .map(|d| Path::new(d).join(format!("{name}.pc")))
        .find(|p| self.real(p).is_file())
    }

    /// The host's `lib<name>.so` / `.a`, in the host's own library dirs.
    pub fn host_library(&self, host: &TargetSpec, name: &str) -> Option<PathBuf> {
        let gnu = gnu_triple(host);
        let dirs = [
            format!("/usr/lib/{gnu}"),
            format!("/lib/{gnu}"),
            "/usr/lib".into(),
            "/usr/local/lib".into(),
        ];
        dirs.iter()
            .flat_map(|d| {
                [format!("lib{name}.so"), format!("lib{name}.a")].map(|f| Path::new(d).join(f))
            })
            .find(|p| self.real(p).is_file())
    }

    /// The package that gives the target what the host has in `host_file`: the owner, for
    /// the target's architecture.
    pub fn for_target(
        &self,
        host_file: &Path,
        host: &TargetSpec,
        spec: &TargetSpec,
    ) -> Option<Advice> {
        let owner = self.owner(host_file)?;
        let host_gnu = gnu_triple(host);
        let arch_specific = owner.arch.as_deref().is_some_and(|a| a != "all")
            || host_file.starts_with(format!("/usr/lib/{host_gnu}"));
        if !arch_specific {
            // An arch-independent package (`/usr/share/pkgconfig`) serves every target.
            return Some(Advice::Install(Install {
                packages: vec![owner.package],
                add_architecture: None,
            }));
        }
        let Some(arch) = debian_arch(spec) else {
            return Some(Advice::Words(format!(
                "{} (which gives the host {}) has no Debian architecture for {}: install its target build into the toolchain's sysroot",
                owner.package,
                host_file.display(),
                spec.triple
            )));
        };
        Some(Advice::Install(self.install(
            vec![format!("{}:{arch}", owner.package)],
            arch,
            debian_arch(host),
        )))
    }

    fn install(&self, packages: Vec<String>, arch: &str, native: Option<&str>) -> Install {
        let enabled = self.architectures(native).iter().any(|a| a == arch);
        Install {
            packages,
            add_architecture: (!enabled).then(|| arch.to_string()),
        }
    }

    /// What gives the target the `.pc` file `name`: the target build of the package that
    /// owns the host's, else words.
    pub fn pc_advice(&self, host: Option<&TargetSpec>, spec: &TargetSpec, name: &str) -> Advice {
        host.and_then(|h| Some((h, self.host_pc(h, name)?)))
            .and_then(|(h, f)| self.for_target(&f, h, spec))
            .unwrap_or_else(|| {
                Advice::Words(format!(
                    "install the {} build of the library that provides {name}.pc (its -dev package), or put it in the toolchain's sysroot",
                    spec.triple
                ))
            })
    }

    /// What gives the target `lib<name>`: the target build of the package that owns the
    /// host's copy, else words.
    pub fn library_advice(
        &self,
        host: Option<&TargetSpec>,
        spec: &TargetSpec,
        name: &str,
    ) -> Advice {
        host.and_then(|h| Some((h, self.host_library(h, name)?)))
            .and_then(|(h, f)| self.for_target(&f, h, spec))
            .unwrap_or_else(|| {
                Advice::Words(format!(
                    "install the {} build of lib{name} (its -dev package), or put it in the toolchain's sysroot",
                    spec.triple
                ))
            })
    }

    /// What gives a compiler the target's C (or C++) library it lacks. `missing` is the
    /// header or file it stopped at; `cxx` when that is the C++ library (`-lstdc++`,
    /// `<string>`); `gcc_major` names Debian's versioned libstdc++ package.
    pub fn libc_advice(
        &self,
        layout: &LibcLayout,
        host: Option<&TargetSpec>,
        spec: &TargetSpec,
        missing: &str,
        cxx: bool,
        gcc_major: Option<&str>,
    ) -> Advice {
        let what = if cxx { "C++ library" } else { "C library" };
        let target_gnu = gnu_triple(spec);
        // `gnu/stubs-soft.h`: glibc is there, but built for another ABI of the machine.
        let other_abi = missing.starts_with("gnu/stubs-");
        match layout {
            LibcLayout::Sysroot(s) => {
                return Advice::Words(format!(
                    "the toolchain's sysroot {} has no {what} for {} (`{missing}` is missing): install the target's {what} (its -dev files: headers, crt*.o, libc) into it, or use a sysroot that has one",
                    s.display(),
                    spec.triple
                ));
            }
            LibcLayout::DebianCross { gnu } if self.present() => {
                if *gnu != target_gnu || other_abi {
                    let debian = match cross_arch(spec) {
                        Some(arch) if spec.env == "gnu" => {
                            format!(" (Debian: gcc-{target_gnu} with libc6-dev-{arch}-cross)")
                        }
                        _ => String::new(),
                    };
                    return Advice::Words(format!(
                        "Debian's {gnu} cross compiler has no {what} for {} (`{missing}` is missing: its glibc is built for {gnu}); use a compiler for {target_gnu}{debian}, or the toolchain made for the target (its SDK), which brings its {what}",
                        spec.triple
                    ));
                }
                if let Some(arch) = cross_arch(spec) {
                    let pkg = match (cxx, gcc_major) {
                        (true, Some(v)) => format!("libstdc++-{v}-dev-{arch}-cross"),
                        (true, None) => format!("libstdc++-dev-{arch}-cross"),
                        (false, _) => format!("libc6-dev-{arch}-cross"),
                    };
                    return Advice::Install(Install {
                        packages: vec![pkg],
                        add_architecture: None,
                    });
                }
            }
            LibcLayout::Multiarch { .. } if self.present() && !other_abi => {
                if let Some(arch) = debian_arch(spec) {
                    let pkg = match (cxx, gcc_major) {
                        (true, Some(v)) => format!("libstdc++-{v}-dev:{arch}"),
                        (true, None) => format!("libstdc++-dev:{arch}"),
                        (false, _) => format!("libc6-dev:{arch}"),
                    };
                    return Advice::Install(self.install(
                        vec![pkg],
                        arch,
                        host.and_then(debian_arch),
                    ));
                }
            }
            _ => {}
        }
        Advice::Words(format!(
            "the compiler has no {what} for {} (`{missing}` is missing): install the target's {what} into the toolchain's sysroot (a distribution's cross libc package, or the SDK made for the target)",
            spec.triple
        ))
    }
}

/// Debian's name of the target's architecture in its cross packages (`libc6-dev-arm64-cross`):
/// the multiarch name, and the big-endian MIPS names Debian's cross toolchains still use.
fn cross_arch(spec: &TargetSpec) -> Option<&'static str> {
    debian_arch(spec).or(match (spec.arch, spec.endian) {
        ("mips", crate::target::Endian::Big) => Some("mips"),
        ("mips64", crate::target::Endian::Big) => Some("mips64"),
        _ => None,
    })
}

/// `/lib/x` and `/usr/lib/x` (and `/bin`, `/sbin`) are one file on a merged-/usr system,
/// and dpkg lists whichever the package shipped.
fn twins(file: &Path) -> Vec<String> {
    let s = file.display().to_string();
    let mut out = vec![s.clone()];
    for top in ["/lib", "/lib64", "/lib32", "/bin", "/sbin"] {
        if let Some(rest) = s.strip_prefix(&format!("/usr{top}/")) {
            out.push(format!("{top}/{rest}"));
        } else if let Some(rest) = s.strip_prefix(&format!("{top}/")) {
            out.push(format!("/usr{top}/{rest}"));
        }
    }
    out
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::lookup;
    use std::fs;

    /// A fake dpkg database and a host's files under a temp root.
    fn root(arch_file: &str) -> (crate::toolchain::probe::Scratch, Dpkg) {
        let s = crate::toolchain::probe::Scratch::new().unwrap();
        let r = s.dir.clone();
        let info = r.join("var/lib/dpkg/info");
        fs::create_dir_all(&info).unwrap();
        fs::write(r.join("var/lib/dpkg/arch"), arch_file).unwrap();
        let files: &[(&str, &[&str])] = &[
            (
                "libasound2-dev:amd64",
                &[
                    "/.",
                    "/usr/lib/x86_64-linux-gnu/pkgconfig",
                    "/usr/lib/x86_64-linux-gnu/pkgconfig/alsa.pc",
                    "/usr/lib/x86_64-linux-gnu/libasound.so",
                ],
            ),
            ("pkg-config", &["/usr/bin/pkg-config"]),
            ("xtrans-dev", &["/usr/share/pkgconfig/xtrans.pc"]),
            ("libudev-dev:amd64", &["/lib/x86_64-linux-gnu/libudev.so"]),
        ];
        for (pkg, paths) in files {
            fs::write(info.join(format!("{pkg}.list")), paths.join("\n") + "\n").unwrap();
            for p in paths.iter().filter(|p| p.contains('.') && p.len() > 2) {
                let real = r.join(p.trim_start_matches('/'));
                fs::create_dir_all(real.parent().unwrap()).unwrap();
                fs::write(real, "").unwrap();
            }
        }
        // Merged /usr: the file is reached as /usr/lib/… too.
        let u = r.join("usr/lib/x86_64-linux-gnu/libudev.so");
        fs::write(u, "").unwrap();
        let d = Dpkg::at(&r);
        (s, d)
    }

    fn host() -> &'static TargetSpec {
        lookup("x86_64-unknown-linux-gnu").unwrap()
    }

    #[test]
    fn owners_from_the_file_lists() {
        let (_s, d) = root("amd64\n");
        assert!(d.present());
        assert_eq!(
            d.owner(Path::new("/usr/lib/x86_64-linux-gnu/pkgconfig/alsa.pc")),
            Some(Owner {
                package: "libasound2-dev".into(),
                arch: Some("amd64".into())
            })
        );
        assert_eq!(
            d.owner(Path::new("/usr/lib/x86_64-linux-gnu/libudev.so"))
                .map(|o| o.package),
            Some("libudev-dev".into())
        );
        assert_eq!(d.owner(Path::new("/usr/lib/nothing.pc")), None);
    }

    #[test]
    fn the_target_arch_package_and_the_arch_to_add() {
        let a64 = lookup("aarch64-unknown-linux-gnu").unwrap();
        let (_s, d) = root("amd64\n");
        let a = d.pc_advice(Some(host()), a64, "alsa");
        assert_eq!(
            a,
            Advice::Install(Install {
                packages: vec!["libasound2-dev:arm64".into()],
                add_architecture: Some("arm64".into())
            })
        );
        assert_eq!(
            match &a {
                Advice::Install(i) => i.command(),
                _ => String::new(),
            },
            "dpkg --add-architecture arm64 && apt-get update && apt-get install libasound2-dev:arm64"
        );
        // arm64 already enabled: no add-architecture.
        let (_s2, d2) = root("amd64\narm64\n");
        assert_eq!(
            d2.library_advice(Some(host()), a64, "asound"),
            Advice::Install(Install {
                packages: vec!["libasound2-dev:arm64".into()],
                add_architecture: None
            })
        );
        // An arch-independent .pc: the same package.
        assert_eq!(
            d2.pc_advice(Some(host()), a64, "xtrans"),
            Advice::Install(Install {
                packages: vec!["xtrans-dev".into()],
                add_architecture: None
            })
        );
        // Nothing owns it: words.
        assert!(matches!(
            d2.pc_advice(Some(host()), a64, "libfoo"),
            Advice::Words(w) if w.contains("foo.pc") && w.contains("aarch64-unknown-linux-gnu")
        ));
    }

    #[test]
    fn libc_packages_follow_the_layout() {
        let (_s, d) = root("amd64\n");
        let armhf = lookup("armv7-unknown-linux-gnueabihf").unwrap();
        let cross = LibcLayout::DebianCross {
            gnu: "arm-linux-gnueabihf".into(),
        };
        assert_eq!(
            d.libc_advice(&cross, Some(host()), armhf, "Scrt1.o", false, None),
            Advice::Install(Install {
                packages: vec!["libc6-dev-armhf-cross".into()],
                add_architecture: None
            })
        );
        assert_eq!(
            d.libc_advice(&cross, Some(host()), armhf, "-lstdc++", true, Some("12")),
            Advice::Install(Install {
                packages: vec!["libstdc++-12-dev-armhf-cross".into()],
                add_architecture: None
            })
        );
        let multi = LibcLayout::Multiarch {
            gnu: "arm-linux-gnueabihf".into(),
        };
        assert_eq!(
            d.libc_advice(&multi, Some(host()), armhf, "crti.o", false, None),
            Advice::Install(Install {
                packages: vec!["libc6-dev:armhf".into()],
                add_architecture: Some("armhf".into())
            })
        );
        // The armel compiler for an armhf target: glibc for another ABI, no package fixes it.
        let armel = LibcLayout::DebianCross {
            gnu: "arm-linux-gnueabi".into(),
        };
        assert!(matches!(
            d.libc_advice(&armel, Some(host()), armhf, "gnu/stubs-hard.h", false, None),
            Advice::Words(w) if w.contains("arm-linux-gnueabihf") && w.contains("gnu/stubs-hard.h")
        ));
        let sys = LibcLayout::Sysroot("/opt/sdk/sysroot".into());
        assert!(matches!(
            d.libc_advice(&sys, Some(host()), armhf, "stdio.h", false, None),
            Advice::Words(w) if w.contains("/opt/sdk/sysroot") && w.contains("stdio.h")
        ));
        // Not a Debian machine: words.
        let none = Dpkg::at("/nonexistent-xlinkdiag-root");
        assert!(!none.present());
        assert!(matches!(
            none.libc_advice(&cross, Some(host()), armhf, "crti.o", false, None),
            Advice::Words(_)
        ));
    }

    #[test]
    fn merged_usr_twins() {
        assert_eq!(
            twins(Path::new("/usr/lib/x86_64-linux-gnu/libz.so")),
            [
                "/usr/lib/x86_64-linux-gnu/libz.so",
                "/lib/x86_64-linux-gnu/libz.so"
            ]
        );
        assert_eq!(twins(Path::new("/lib/x/y")), ["/lib/x/y", "/usr/lib/x/y"]);
    }
}
