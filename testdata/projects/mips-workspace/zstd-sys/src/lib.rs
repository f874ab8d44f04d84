//! Bindings to the tiny xxhash stand-in compiled by build.rs with cc-rs.
#![feature(no_core)]
#![no_std]
#![no_core]

extern crate minicore;

unsafe extern "C" {
    pub fn ZSTD_XXH32(ptr: *const u8, len: usize, seed: u32) -> u32;
}
