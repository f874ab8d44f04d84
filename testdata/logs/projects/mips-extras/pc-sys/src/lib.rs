//! Links zlib found by pkg-config.
#![feature(no_core)]
#![no_std]
#![no_core]

extern crate minicore;
