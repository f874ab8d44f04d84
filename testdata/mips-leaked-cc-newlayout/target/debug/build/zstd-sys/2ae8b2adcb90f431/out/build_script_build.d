/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc-newlayout/mips-workspace/target/debug/build/zstd-sys/2ae8b2adcb90f431/out/build_script_build.d: zstd-sys/build.rs

/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc-newlayout/mips-workspace/target/debug/build/zstd-sys/2ae8b2adcb90f431/out/build_script_build: zstd-sys/build.rs

zstd-sys/build.rs:
