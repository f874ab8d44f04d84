fn main() {
    println!("cargo:rerun-if-changed=csrc");
    cc::Build::new()
        .file("csrc/xxhash.c")
        .define("XXH_NAMESPACE", "ZSTD_")
        .flag("-ffreestanding")
        .warnings(false)
        .compile("zstd");
}
