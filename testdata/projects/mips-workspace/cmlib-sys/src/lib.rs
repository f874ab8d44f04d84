//! Bindings to the CMake-built cmlib.
#![feature(no_core)]
#![no_std]
#![no_core]

extern crate minicore;

unsafe extern "C" {
    pub fn cm_mix(a: u32, b: u32) -> u32;
    pub fn cm_halt(code: u32) -> !;
}
