/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc/mips-workspace/target/debug/deps/cmake-faf2ece98b59e3e0.d: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/cmake-0.1.58/src/lib.rs

/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc/mips-workspace/target/debug/deps/libcmake-faf2ece98b59e3e0.rlib: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/cmake-0.1.58/src/lib.rs

/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc/mips-workspace/target/debug/deps/libcmake-faf2ece98b59e3e0.rmeta: /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/cmake-0.1.58/src/lib.rs

/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/cmake-0.1.58/src/lib.rs:
