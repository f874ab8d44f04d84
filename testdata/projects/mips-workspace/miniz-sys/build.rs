fn main() {
    println!("cargo:rerun-if-changed=csrc");
    cc::Build::new()
        .file("csrc/miniz_adler.c")
        .file("csrc/miniz_crc.c")
        .include("csrc")
        .flag("-ffreestanding")
        .warnings(false)
        .compile("miniz");
}
