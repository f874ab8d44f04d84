fn main() {
    // As many -sys crates do: the library must come from pkg-config.
    if let Err(e) = pkg_config::probe_library("zlib") {
        panic!("{e}");
    }
}
