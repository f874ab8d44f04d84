fn main() {
    println!("cargo:rerun-if-changed=csrc");
    cc::Build::new()
        .file("csrc/tinyz.c")
        .warnings(false)
        .compile("tinyz");
}
