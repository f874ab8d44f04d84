fn main() {
    println!("cargo:rerun-if-changed=csrc");
    let dst = cmake::Config::new("csrc")
        // Only compile during CMake's compiler checks: there is no libc to link.
        .define("CMAKE_TRY_COMPILE_TARGET_TYPE", "STATIC_LIBRARY")
        .build();
    println!("cargo:rustc-link-search=native={}/lib", dst.display());
    println!("cargo:rustc-link-lib=static=cmlib");
}
