//! Bindings to tinyz, compiled by build.rs with cc-rs.
extern "C" {
    pub fn tinyz_adler32(adler: u32, p: *const u8, len: usize) -> u32;
}

/// Safe wrapper.
pub fn adler32(data: &[u8]) -> u32 {
    unsafe { tinyz_adler32(1, data.as_ptr(), data.len()) }
}
