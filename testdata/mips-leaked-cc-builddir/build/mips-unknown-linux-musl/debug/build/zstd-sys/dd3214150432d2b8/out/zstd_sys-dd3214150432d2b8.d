/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc-builddir/build/mips-unknown-linux-musl/debug/build/zstd-sys/dd3214150432d2b8/out/zstd_sys-dd3214150432d2b8.d: zstd-sys/src/lib.rs

/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc-builddir/build/mips-unknown-linux-musl/debug/build/zstd-sys/dd3214150432d2b8/out/libzstd_sys-dd3214150432d2b8.rlib: zstd-sys/src/lib.rs

/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc-builddir/build/mips-unknown-linux-musl/debug/build/zstd-sys/dd3214150432d2b8/out/libzstd_sys-dd3214150432d2b8.rmeta: zstd-sys/src/lib.rs

zstd-sys/src/lib.rs:
