//! Bindings to the tiny miniz stand-in compiled by build.rs with cc-rs.
#![feature(no_core)]
#![no_std]
#![no_core]

extern crate minicore;

unsafe extern "C" {
    pub fn mz_adler32(adler: u32, ptr: *const u8, len: usize) -> u32;
    pub fn mz_crc32(crc: u32, ptr: *const u8, len: usize) -> u32;
}
