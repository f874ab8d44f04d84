//! Bindings to copy.c (fortified memcpy).
#![feature(no_core)]
#![no_std]
#![no_core]

extern crate minicore;

unsafe extern "C" {
    pub fn copy_first(src: *const u8, len: u32) -> u32;
    pub fn copy_halt(code: u32) -> !;
}
