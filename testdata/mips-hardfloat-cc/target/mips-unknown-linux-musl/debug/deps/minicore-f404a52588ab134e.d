/tmp/xlinkdiag-regen.mabGFH/mips-hardfloat-cc/mips-workspace/target/mips-unknown-linux-musl/debug/deps/minicore-f404a52588ab134e.d: minicore/src/lib.rs

/tmp/xlinkdiag-regen.mabGFH/mips-hardfloat-cc/mips-workspace/target/mips-unknown-linux-musl/debug/deps/libminicore-f404a52588ab134e.rlib: minicore/src/lib.rs

/tmp/xlinkdiag-regen.mabGFH/mips-hardfloat-cc/mips-workspace/target/mips-unknown-linux-musl/debug/deps/libminicore-f404a52588ab134e.rmeta: minicore/src/lib.rs

minicore/src/lib.rs:
