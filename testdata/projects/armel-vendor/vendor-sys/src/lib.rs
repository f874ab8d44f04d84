//! Bindings to a vendor's prebuilt static library, shipped for armhf only.
#![feature(no_core)]
#![no_std]
#![no_core]

extern crate minicore;

unsafe extern "C" {
    pub fn vendor_scale(x: f32) -> f32;
    pub fn vendor_id() -> u32;
}
