//! A freestanding ARM soft-float program: no std, no core, no libc.
#![feature(no_core)]
#![no_core]
#![no_main]

extern crate minicore;
extern crate vendor_sys;

#[unsafe(no_mangle)]
pub extern "C" fn _start() -> u32 {
    unsafe { vendor_sys::vendor_id() }
}

/// ARM EHABI unwind tables name this personality routine even with panic=abort; no
/// libgcc is linked (-nostdlib), so it is defined here.
#[unsafe(no_mangle)]
pub extern "C" fn __aeabi_unwind_cpp_pr0() {}
