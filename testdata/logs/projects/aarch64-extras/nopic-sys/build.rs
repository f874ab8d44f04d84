fn main() {
    println!("cargo:rerun-if-changed=csrc");
    cc::Build::new()
        .file("csrc/log.c")
        .warnings(false)
        .compile("nopiclog");
}
