fn main() {
    println!("cargo:rerun-if-changed=csrc");
    let dst = cmake::Config::new("csrc").build();
    println!("cargo:rustc-link-search=native={}/lib", dst.display());
    println!("cargo:rustc-link-lib=static=cmix");
}
