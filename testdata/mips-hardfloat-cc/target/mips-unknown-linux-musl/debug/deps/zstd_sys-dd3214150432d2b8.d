/tmp/xlinkdiag-regen.mabGFH/mips-hardfloat-cc/mips-workspace/target/mips-unknown-linux-musl/debug/deps/zstd_sys-dd3214150432d2b8.d: zstd-sys/src/lib.rs

/tmp/xlinkdiag-regen.mabGFH/mips-hardfloat-cc/mips-workspace/target/mips-unknown-linux-musl/debug/deps/libzstd_sys-dd3214150432d2b8.rlib: zstd-sys/src/lib.rs

/tmp/xlinkdiag-regen.mabGFH/mips-hardfloat-cc/mips-workspace/target/mips-unknown-linux-musl/debug/deps/libzstd_sys-dd3214150432d2b8.rmeta: zstd-sys/src/lib.rs

zstd-sys/src/lib.rs:
