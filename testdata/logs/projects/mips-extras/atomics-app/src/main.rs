//! Calls the C counter so the 64-bit atomic reaches the link.
#![feature(no_core)]
#![no_core]
#![no_main]

extern crate atomics_sys;
extern crate minicore;

#[unsafe(no_mangle)]
pub extern "C" fn __start() -> ! {
    unsafe { atomics_sys::counter_halt(atomics_sys::counter_bump()) }
}
