/tmp/xlinkdiag-regen.mabGFH/mips-hardfloat-cc/mips-workspace/target/mips-unknown-linux-musl/debug/deps/cmlib_sys-ef5af32ebf95d4c7.d: cmlib-sys/src/lib.rs

/tmp/xlinkdiag-regen.mabGFH/mips-hardfloat-cc/mips-workspace/target/mips-unknown-linux-musl/debug/deps/libcmlib_sys-ef5af32ebf95d4c7.rlib: cmlib-sys/src/lib.rs

/tmp/xlinkdiag-regen.mabGFH/mips-hardfloat-cc/mips-workspace/target/mips-unknown-linux-musl/debug/deps/libcmlib_sys-ef5af32ebf95d4c7.rmeta: cmlib-sys/src/lib.rs

cmlib-sys/src/lib.rs:
