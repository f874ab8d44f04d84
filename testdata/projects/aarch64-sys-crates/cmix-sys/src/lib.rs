//! Bindings to cmix, built by build.rs with cmake-rs.
extern "C" {
    fn cmix_mix(a: u32, b: u32) -> u32;
}

/// Safe wrapper.
pub fn mix(a: u32, b: u32) -> u32 {
    unsafe { cmix_mix(a, b) }
}
