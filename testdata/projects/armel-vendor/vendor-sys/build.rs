//! Stands for a vendor's prebuilt `libvendor.a`: always made by the armhf
//! compiler (`VENDOR_CC`, default `arm-linux-gnueabihf-gcc`), whatever the target.
use std::path::PathBuf;
use std::process::Command;

fn run(cmd: &mut Command) {
    let status = cmd.status().expect("spawn");
    assert!(status.success(), "{cmd:?} failed");
}

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    let cc = std::env::var("VENDOR_CC").unwrap_or_else(|_| "arm-linux-gnueabihf-gcc".into());
    let ar = cc.strip_suffix("gcc").map(|p| format!("{p}ar")).unwrap_or_else(|| "ar".into());
    let obj = out.join("vendor.o");
    run(Command::new(&cc).args(["-O2", "-c", "csrc/vendor.c", "-o"]).arg(&obj));
    run(Command::new(&ar).arg("crs").arg(out.join("libvendor.a")).arg(&obj));
    println!("cargo:rerun-if-changed=csrc/vendor.c");
    println!("cargo:rerun-if-env-changed=VENDOR_CC");
    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rustc-link-lib=static=vendor");
}
