//! Just enough of `core` for a `#![no_core]` MIPS build (no rust-std exists for
//! mips-unknown-linux-musl). Modelled on rustc's tests/auxiliary/minicore.rs.
#![feature(no_core, lang_items, auto_traits, rustc_attrs)]
#![allow(internal_features)]
#![no_std]
#![no_core]

#[lang = "pointee_sized"]
pub trait PointeeSized {}

#[lang = "meta_sized"]
pub trait MetaSized: PointeeSized {}

#[lang = "sized"]
pub trait Sized: MetaSized {}

#[lang = "copy"]
pub trait Copy: Sized {}

#[lang = "legacy_receiver"]
pub trait LegacyReceiver {}
impl<T: PointeeSized> LegacyReceiver for &T {}
impl<T: PointeeSized> LegacyReceiver for &mut T {}

#[lang = "freeze"]
pub unsafe auto trait Freeze {}

pub trait Sync {}

impl Copy for u8 {}
impl Copy for u32 {}
impl Copy for i32 {}
impl Copy for usize {}
impl<T: PointeeSized> Copy for *const T {}
impl<T: PointeeSized> Copy for *mut T {}
impl<'a, T: PointeeSized> Copy for &'a T {}
