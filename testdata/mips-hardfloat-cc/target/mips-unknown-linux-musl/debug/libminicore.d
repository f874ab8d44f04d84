/tmp/xlinkdiag-regen.mabGFH/mips-hardfloat-cc/mips-workspace/target/mips-unknown-linux-musl/debug/libminicore.rlib: /tmp/xlinkdiag-regen.mabGFH/mips-hardfloat-cc/mips-workspace/minicore/src/lib.rs
