//! Bindings to counter.c (64-bit atomics in C).
#![feature(no_core)]
#![no_std]
#![no_core]

extern crate minicore;

unsafe extern "C" {
    pub fn counter_bump() -> u32;
    pub fn counter_halt(code: u32) -> !;
}
