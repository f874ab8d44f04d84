//! One plan, five renderings: POSIX sh, fish, a GitHub Actions env file, a
//! `.cargo/config.toml` fragment, and lines for an OpenWrt package Makefile.

use super::plan::Plan;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `export NAME='value'` lines, for `eval "$(xlinkdiag env …)"`.
    Sh,
    /// `set -gx NAME 'value'` lines, for `xlinkdiag env … | source`.
    Fish,
    /// `NAME=value` lines, for `>> "$GITHUB_ENV"`.
    Github,
    /// A `.cargo/config.toml` fragment: `[target.<t>] linker` and `[env]`.
    CargoConfig,
    /// `CARGO_PKG_VARS +=` lines for a package Makefile using OpenWrt's rust-package.mk.
    OpenwrtMakefile,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Sh,
    Fish,
}

pub fn render(plan: &Plan, format: Format, header: &[String]) -> String {
    match format {
        Format::Sh => shell(plan, header, |k, v| format!("export {k}={}", sh_quote(v))),
        Format::Fish => shell(plan, header, |k, v| {
            format!("set -gx {k} {}", fish_quote(v))
        }),
        Format::Github => github(plan),
        Format::CargoConfig => cargo_config(plan, header),
        Format::OpenwrtMakefile => makefile(plan, header),
    }
}

fn comments(plan: &Plan, header: &[String]) -> String {
    header
        .iter()
        .chain(&plan.comments)
        .map(|l| format!("# {}\n", crate::sanitize::text(l)))
        .collect()
}

fn shell(plan: &Plan, header: &[String], line: impl Fn(&str, &str) -> String) -> String {
    let mut s = comments(plan, header);
    for (k, v) in plan.vars() {
        s.push_str(&line(&k, &v));
        s.push('\n');
    }
    s
}

pub fn sh_quote(v: &str) -> String {
    format!("'{}'", v.replace('\'', r"'\''"))
}

/// fish: inside single quotes only `\` and `'` are special.
pub fn fish_quote(v: &str) -> String {
    format!("'{}'", v.replace('\\', r"\\").replace('\'', r"\'"))
}

/// GitHub's env file has no comments; a value with a newline needs the heredoc form.
fn github(plan: &Plan) -> String {
    let mut s = String::new();
    for (k, v) in plan.vars() {
        if v.contains('\n') {
            s.push_str(&format!("{k}<<XLINKDIAG_EOF\n{v}\nXLINKDIAG_EOF\n"));
        } else {
            s.push_str(&format!("{k}={v}\n"));
        }
    }
    s
}

fn toml_str(v: &str) -> String {
    toml::Value::String(v.to_string()).to_string()
}

fn cargo_config(plan: &Plan, header: &[String]) -> String {
    let mut s = comments(plan, header);
    s.push_str("# Variables already set in the environment win over [env] (cargo's rule); the\n");
    s.push_str("# per-target names here are not ones a shell sets by accident.\n");
    let linker_var = plan.spec.linker_var();
    s.push_str(&format!("[target.{}]\n", toml_key(plan.spec.triple)));
    let mut env = Vec::new();
    for (k, v) in plan.vars() {
        if k == linker_var {
            s.push_str(&format!("linker = {}\n", toml_str(&v)));
        } else {
            env.push(format!("{k} = {}\n", toml_str(&v)));
        }
    }
    s.push_str("\n[env]\n");
    s.extend(env);
    s
}

/// Triples with a `.` (thumbv8m.main-none-eabi) must be quoted as TOML keys.
fn toml_key(k: &str) -> String {
    if k.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        k.to_string()
    } else {
        toml_str(k)
    }
}

/// In the OpenWrt build system the toolchain is known by make variables, so the lines use
/// those (`$(TARGET_CC_NOCACHE)`, `$(STAGING_DIR)` = the target's staging dir) and fit any
/// target the package is built for. Later assignments on cargo's command line win, so
/// these override the ones rust-package.mk puts first.
fn makefile(plan: &Plan, header: &[String]) -> String {
    let mut s = comments(plan, header);
    s.push_str(
        "# After `include ../../lang/rust/rust-package.mk` (or $(TOPDIR)/feeds/packages/…):\n",
    );
    let us = plan.spec.underscored();
    let pu = &us;
    let mut lines = Vec::new();
    match &plan.xlinkdiag {
        Some(x) => {
            lines.push(format!("{}={}", plan.spec.linker_var(), make_escape(x)));
            lines.push(format!(
                "{}=$(TARGET_CC_NOCACHE)",
                crate::shim_setup::LINKER_VAR
            ));
        }
        None => lines.push(format!("{}=$(TARGET_CC_NOCACHE)", plan.spec.linker_var())),
    }
    lines.push(format!("CC_{us}=$(TARGET_CC_NOCACHE)"));
    lines.push(format!("CXX_{us}=$(TARGET_CXX_NOCACHE)"));
    lines.push(format!("AR_{us}=$(TARGET_AR)"));
    if let Some(f) = plan.cflag {
        lines.push(format!("CFLAGS_{us}={f}"));
    }
    lines.push("HOST_CC=$(HOSTCC_NOCACHE)".into());
    lines.push("HOST_CXX=$(HOSTCXX_NOCACHE)".into());
    lines.push(format!("PKG_CONFIG_SYSROOT_DIR_{pu}=$(STAGING_DIR)"));
    lines.push(format!(
        "PKG_CONFIG_PATH_{pu}=$(STAGING_DIR)/usr/lib/pkgconfig"
    ));
    lines.push(format!(
        "PKG_CONFIG_LIBDIR_{pu}=$(STAGING_DIR)/usr/lib/pkgconfig"
    ));
    lines.push(format!(
        "{}=$(STAGING_DIR)/usr",
        crate::target::vars::openssl_var(plan.spec.triple, "OPENSSL_DIR")
    ));
    s.push_str("CARGO_PKG_VARS += \\\n");
    let n = lines.len();
    for (i, l) in lines.into_iter().enumerate() {
        let cont = if i + 1 < n { " \\" } else { "" };
        s.push_str(&format!("\t{l}{cont}\n"));
    }
    s
}

fn make_escape(v: &str) -> String {
    v.replace('$', "$$")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(sh_quote("a'b c"), r"'a'\''b c'");
        assert_eq!(fish_quote(r"a'b\c"), r"'a\'b\\c'");
        assert_eq!(
            toml_key("thumbv8m.main-none-eabi"),
            "\"thumbv8m.main-none-eabi\""
        );
        assert_eq!(
            toml_key("mips-unknown-linux-musl"),
            "mips-unknown-linux-musl"
        );
    }
}
