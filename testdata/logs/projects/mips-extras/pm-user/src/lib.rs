//! A library (not a proc-macro crate) that still says `extern crate proc_macro`, like a
//! leftover from a refactor: the seed's first error when cross compiling.
#![feature(no_core)]
#![no_std]
#![no_core]

extern crate minicore;
extern crate proc_macro;
