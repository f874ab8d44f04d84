//! A freestanding MIPS program: no std, no core, no libc. `__start` is the
//! default ELF entry symbol that GNU ld and lld use for MIPS.
#![feature(no_core)]
#![no_core]
#![no_main]

extern crate cmlib_sys;
extern crate minicore;
extern crate miniz_sys;
extern crate zstd_sys;

#[unsafe(no_mangle)]
pub extern "C" fn __start() -> ! {
    let data = b"xlinkdiag" as *const [u8; 9] as *const u8;
    unsafe {
        let a = miniz_sys::mz_adler32(1, data, 9);
        let c = miniz_sys::mz_crc32(0, data, 9);
        let x = zstd_sys::ZSTD_XXH32(data, 9, a);
        let m = cmlib_sys::cm_mix(c, x);
        cmlib_sys::cm_halt(m)
    }
}
