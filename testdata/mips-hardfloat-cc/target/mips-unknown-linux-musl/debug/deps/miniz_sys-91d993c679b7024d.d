/tmp/xlinkdiag-regen.mabGFH/mips-hardfloat-cc/mips-workspace/target/mips-unknown-linux-musl/debug/deps/miniz_sys-91d993c679b7024d.d: miniz-sys/src/lib.rs

/tmp/xlinkdiag-regen.mabGFH/mips-hardfloat-cc/mips-workspace/target/mips-unknown-linux-musl/debug/deps/libminiz_sys-91d993c679b7024d.rlib: miniz-sys/src/lib.rs

/tmp/xlinkdiag-regen.mabGFH/mips-hardfloat-cc/mips-workspace/target/mips-unknown-linux-musl/debug/deps/libminiz_sys-91d993c679b7024d.rmeta: miniz-sys/src/lib.rs

miniz-sys/src/lib.rs:
