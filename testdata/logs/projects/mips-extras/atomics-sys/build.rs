fn main() {
    println!("cargo:rerun-if-changed=csrc");
    cc::Build::new()
        .file("csrc/counter.c")
        .flag("-ffreestanding")
        .warnings(false)
        .compile("counter");
}
