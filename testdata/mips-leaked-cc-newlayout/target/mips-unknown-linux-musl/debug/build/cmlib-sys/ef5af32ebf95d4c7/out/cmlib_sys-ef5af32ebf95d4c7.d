/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc-newlayout/mips-workspace/target/mips-unknown-linux-musl/debug/build/cmlib-sys/ef5af32ebf95d4c7/out/cmlib_sys-ef5af32ebf95d4c7.d: cmlib-sys/src/lib.rs

/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc-newlayout/mips-workspace/target/mips-unknown-linux-musl/debug/build/cmlib-sys/ef5af32ebf95d4c7/out/libcmlib_sys-ef5af32ebf95d4c7.rlib: cmlib-sys/src/lib.rs

/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc-newlayout/mips-workspace/target/mips-unknown-linux-musl/debug/build/cmlib-sys/ef5af32ebf95d4c7/out/libcmlib_sys-ef5af32ebf95d4c7.rmeta: cmlib-sys/src/lib.rs

cmlib-sys/src/lib.rs:
