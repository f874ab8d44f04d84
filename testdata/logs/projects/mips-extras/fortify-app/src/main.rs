//! Calls the fortified C copy so __memcpy_chk reaches the link.
#![feature(no_core)]
#![no_core]
#![no_main]

extern crate fortify_sys;
extern crate minicore;

#[unsafe(no_mangle)]
pub extern "C" fn __start() -> ! {
    let data = b"xlinkdiag" as *const [u8; 9] as *const u8;
    unsafe { fortify_sys::copy_halt(fortify_sys::copy_first(data, 9)) }
}
